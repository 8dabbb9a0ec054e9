"""`make epub`: both editions pass EPUBCheck, read in their direction, hold the whole site, come out the same twice."""
import re
import subprocess
import zipfile
from html import unescape

import pytest

from bookbuild import book, epub, pdf
from test_pdf import headings

EPUBCHECK = ["java", "-jar", "/usr/share/java/epubcheck.jar"]  # Debian's epubcheck (tools/install-system-packages.sh)
EDITIONS = ["fa", "en"]


def documents(path):
    """{name: text} of the XHTML documents of the EPUB at `path`."""
    with zipfile.ZipFile(path) as zipped:
        return {name: zipped.read(name).decode() for name in zipped.namelist() if name.endswith(".xhtml")}


@pytest.mark.parametrize("lang", EDITIONS)
def test_epubcheck_finds_no_error_and_no_warning(epubs, lang):
    check = subprocess.run([*EPUBCHECK, str(epubs[lang])], capture_output=True, text=True)
    assert "Messages: 0 fatals / 0 errors / 0 warnings / 0 infos" in check.stdout, check.stdout + check.stderr
    assert check.returncode == 0


def test_two_builds_of_one_commit_give_identical_files(site, epubs, tmp_path):
    again = epub.main(site, tmp_path)
    assert all(again[lang].read_bytes() == epubs[lang].read_bytes() for lang in EDITIONS)
    with zipfile.ZipFile(epubs["fa"]) as zipped:
        assert zipped.namelist()[0] == "mimetype" and zipped.infolist()[0].compress_type == zipfile.ZIP_STORED
        package = zipped.read("EPUB/package.opf").decode()
    assert f"<meta property=\"dcterms:modified\">{book.modified():%Y-%m-%dT%H:%M:%SZ}</meta>" in package


@pytest.mark.parametrize("lang, direction", [("fa", "rtl"), ("en", "ltr")])
def test_every_document_states_its_language_and_direction_and_math_and_code_read_left_to_right(epubs, lang,
                                                                                                direction):
    with zipfile.ZipFile(epubs[lang]) as zipped:
        package = zipped.read("EPUB/package.opf").decode()
    assert f'<spine page-progression-direction="{direction}">' in package
    assert f"<dc:language>{lang}</dc:language>" in package
    for name, text in documents(epubs[lang]).items():
        assert f'lang="{lang}" xml:lang="{lang}" dir="{direction}">' in text.split("<head>")[0], name
        for tag in re.findall(r'<(?:pre|code|\w+ class="arithmatex")[^>]*>', text):
            assert 'dir="ltr"' in tag, f"{tag} in {name}"


@pytest.mark.parametrize("lang", EDITIONS)
def test_the_contents_list_every_page_and_its_sections_in_the_sites_order(site, epubs, lang):
    nav = documents(epubs[lang])["EPUB/nav.xhtml"]
    toc = nav[nav.index('epub:type="toc"'):nav.index("</nav>")]
    listed = [(unescape(href), unescape(title)) for href, title in re.findall(r'<a href="([^"]+)">([^<]+)</a>', toc)]
    expected = []
    for path in book.pages(site, lang):
        name = epub.document_name(path, lang)
        expected += [(name, headings(site, path, "1")[0][1])]
        expected += [(f"{name}#{id}", title) for id, title in headings(site, path, "2")]
    assert listed == expected


@pytest.mark.parametrize("lang", EDITIONS)
def test_math_is_mathml_and_equation_citation_and_glossary_links_resolve_inside_the_book(site, epubs, lang):
    texts = {name.removeprefix("EPUB/"): text for name, text in documents(epubs[lang]).items()}
    ids = {name: set(re.findall(r' id="([^"]+)"', text)) for name, text in texts.items()}
    pages = [path for edition, _, path, _ in pdf.chapters() if edition == lang]
    chapters = "".join(texts[epub.document_name(path, lang)] for path in pages)
    assert "<math" in chapters and "<svg" not in chapters and "mjx-container" not in chapters
    tags = re.findall(r"<a\b[^>]*>", chapters)
    links = {kind: [re.search(r'href="([^"]+)"', tag).group(1) for tag in tags if f'class="{kind}"' in tag]
             for kind in ["eqref", "glossary-term"]}
    links["citation"] = re.findall(r'href="(bibliography\.xhtml#ref-[^"]+)"', chapters)
    for kind, hrefs in links.items():
        assert hrefs, f"no {kind} link"
        for href in hrefs:
            name, _, fragment = unescape(href).partition("#")
            assert fragment in ids[name], f"{kind} {href} leads nowhere"
    numbers = re.findall(r'<mspace width="2em"></mspace><mtext>\(\d+\)</mtext></mtd></mtr>', chapters)
    on_the_site = sum((site / path / "index.html").read_text(encoding="utf-8").count("<mlabeledtr>")
                      for path in pages)
    assert len(numbers) == on_the_site > 0, "numbered equations lost their numbers"


@pytest.mark.parametrize("lang", EDITIONS)
def test_vazirmatn_the_cover_and_every_figure_are_inside(site, epubs, lang):
    with zipfile.ZipFile(epubs[lang]) as zipped:
        names = set(zipped.namelist())
        package = zipped.read("EPUB/package.opf").decode()
    assert {f"EPUB/fonts/{font}" for font in epub.FONTS} <= names
    assert 'href="cover.png" media-type="image/png" properties="cover-image"' in package
    shown = {src for text in documents(epubs[lang]).values() for src in re.findall(r'<img[^>]* src="([^"]+)"', text)}
    assert any("/figures/" in src for src in shown) and any("/outputs/" in src for src in shown)
    assert {f"EPUB/{src}" for src in shown} <= names
