"""`make epub`: the book as an EPUB 3 per edition, dist/book.fa.epub and dist/book.en.epub, from the built site.

The pages are already HTML, so the book writes the EPUB itself (zipfile and BeautifulSoup, both already in use)
instead of going through ebooklib or Pandoc: each page's article becomes one XHTML document, its formulas become the
MathML that the build put beside each formula's SVG (so math needs no JavaScript), its links and images point inside
the book, and the package files are written around them. Pages come in the site's order: the home page, the
chapters, the notebooks, the glossary and the bibliography. Every file gets the last commit's date and the files go
in a fixed order, so two builds of one commit give identical EPUBs.

Run: python -m bookbuild.epub [SITE] [DIST]   (defaults: site/ and dist/)
"""
import io
import re
import sys
import uuid
import zipfile
from html import escape
from pathlib import Path
from urllib.parse import urljoin
from xml.etree import ElementTree

from bs4 import BeautifulSoup
from PIL import Image, ImageDraw, ImageFont

from bookbuild import book, hooks
from bookbuild.markup import EDITION_ROOT
from bookbuild.mathml import NAMESPACE as MATHML

ROOT = Path(__file__).resolve().parents[1]
VAZIRMATN = hooks.NODE_MODULES / "vazirmatn" / "fonts" / "ttf"  # for the cover
FONTS = {Path(source).name: hooks.NODE_MODULES / source for source in hooks.FONTS}  # the weights the site serves
STYLE = Path(__file__).with_name("epub.css")
ORIGIN = "http://book/"  # a stand-in origin against which the pages' relative links are resolved
DROPPED = "a.headerlink, .notebook-download, .book-downloads"  # what only makes sense on the site
MEDIA_TYPES = {".xhtml": "application/xhtml+xml", ".css": "text/css", ".png": "image/png",
               ".svg": "image/svg+xml", ".woff2": "font/woff2"}
CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>
"""


def direction(lang):
    return "rtl" if lang == "fa" else "ltr"


def document_name(path, lang):
    """The book's file for the page at `path`: "" -> index.xhtml, "notebooks/x/" -> notebooks-x.xhtml."""
    return (path.removeprefix(EDITION_ROOT[lang]).strip("/").replace("/", "-") or "index") + ".xhtml"


def xhtml(lang, title, body):
    """A whole XHTML document, checked to be well-formed."""
    text = (f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
            f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
            f'lang="{lang}" xml:lang="{lang}" dir="{direction(lang)}">\n'
            f'<head><meta charset="UTF-8"/><title>{escape(title)}</title>'
            f'<link rel="stylesheet" type="text/css" href="book.css"/></head>\n<body>\n{body}\n</body>\n</html>\n')
    ElementTree.fromstring(text.encode())  # a page the parser took apart differently stops the build here
    return text


def mathml(soup, container):
    """The MathML of a typeset formula, without MathJax's data attributes and links (an \\eqref is linked by the
    link around it). MathJax puts an equation's number in a labelled row, which MathML Core and e-readers do not
    show: the number becomes the row's last cell, with the id that the SVG gave it, which \\eqref links point to."""
    math = container.find("math")
    for element in [math, *math.find_all(True)]:
        for name in [name for name in element.attrs if name.startswith("data-") or name == "href"]:
            del element[name]
    drawn = container.select('svg[data-labels] g[data-mml-node="mtd"]')  # the SVG's labels, one a row, in order
    for row, drawn_label in zip(math.find_all("mlabeledtr"), drawn):
        label = row.find("mtd").extract()
        label.insert(0, soup.new_tag("mspace", attrs={"width": "2em"}))
        if drawn_label.get("id") not in (None, container.parent.get("id")):
            label["id"] = drawn_label["id"]
        row.append(label)
        row.name = "mtr"
    return math


def book_link(path, href, documents):
    """`href` of the page at `path` as a link in the book, or None for a file of the site the book does not hold."""
    target = urljoin(ORIGIN + path, href)
    if not target.startswith(ORIGIN):
        return href
    page, mark, fragment = target.removeprefix(ORIGIN).partition("#")
    if page in documents:
        return documents[page] + mark + fragment
    return None


def article(site, path, documents):
    """The article of the page at `path`, made fit for the book, and the site files of the images it shows."""
    soup = BeautifulSoup((Path(site) / path / "index.html").read_text(encoding="utf-8"), "html.parser")
    content = soup.find("article")
    for element in content.select(DROPPED):
        element.decompose()
    for container in content.find_all("mjx-container"):
        container.replace_with(mathml(soup, container))
    for math in content.find_all("math"):  # an inline formula that the browser draws, as HTML writes it
        math["xmlns"] = MATHML
    for link in content.select("a.glightbox"):
        link.unwrap()
    for link in content.find_all("a", href=True):
        if (href := book_link(path, link["href"], documents)) is None:
            link.unwrap()
        else:
            link["href"] = href
    for element in content.select("pre, code, .arithmatex, ol.bibliography"):
        element["dir"] = "ltr"  # EPUB style sheets may not set `direction`
    images = []
    for image in content.find_all("img"):
        image["src"] = urljoin(ORIGIN + path, image["src"]).removeprefix(ORIGIN)
        images.append(image["src"])
        del image["loading"]
    return content, images


def image_file(path):
    """The bytes of an image of the site; an SVG without its document type declaration (EPUB 3 forbids its external
    entities), and with an empty outline on the paths that Matplotlib writes without one (a space's glyph)."""
    if path.suffix != ".svg":
        return path.read_bytes()
    text = re.sub(r"<!DOCTYPE[^>]*>\s*", "", path.read_text(encoding="utf-8"), count=1)
    return re.sub(r"<path (?![^>]*\bd=)", '<path d="" ', text).encode()


def contents_entry(document, content):
    """(document, page title, [(id, title) of each section]) for the nav document."""
    sections = [(heading["id"], heading.get_text().strip()) for heading in content.find_all("h2")]
    return document, content.find("h1").get_text().strip(), sections


def nav(lang, entries):
    words = book.WORDS[lang]
    items = []
    for document, title, sections in entries:
        inner = "".join(f'<li><a href="{escape(document)}#{escape(id)}">{escape(text)}</a></li>'
                        for id, text in sections)
        items.append(f'<li><a href="{document}">{escape(title)}</a>{f"<ol>{inner}</ol>" if inner else ""}</li>')
    body = (f'<nav epub:type="toc" id="toc"><h1>{escape(words["contents"])}</h1><ol>{"".join(items)}</ol></nav>\n'
            f'<nav epub:type="landmarks" hidden="hidden"><ol>'
            f'<li><a epub:type="cover" href="cover.xhtml">{escape(words["cover"])}</a></li>'
            f'<li><a epub:type="toc" href="nav.xhtml#toc">{escape(words["contents"])}</a></li>'
            f'<li><a epub:type="bodymatter" href="{entries[0][0]}">{escape(entries[0][1])}</a></li></ol></nav>')
    return xhtml(lang, words["contents"], body)


def cover_image(lang):
    """The cover as a PNG: the title, the subtitle, the edition and the author on the book's blue."""
    words = book.WORDS[lang]
    width, height = 1200, 1800
    image = Image.new("RGB", (width, height), "#283593")
    draw = ImageDraw.Draw(image)
    y = 560
    for key, size, weight, colour in [("book", 104, "Bold", "#ffffff"), ("subtitle", 52, "Regular", "#e8eaf6"),
                                      ("edition", 44, "Light", "#c5cae9"), ("author", 40, "Regular", "#e8eaf6")]:
        font = ImageFont.truetype(str(VAZIRMATN / f"Vazirmatn-{weight}.ttf"), size)
        for line in wrapped(draw, words[key], font, width - 200):
            draw.text((width / 2, y), line, font=font, fill=colour, anchor="mm", direction=direction(lang))
            y += size * 1.6
        y += size * 1.2 if key != "edition" else 520
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def wrapped(draw, text, font, width):
    """`text` in lines no wider than `width`."""
    lines = [""]
    for word in text.split():
        line = f"{lines[-1]} {word}".strip()
        if lines[-1] and draw.textlength(line, font=font) > width:
            lines.append(word)
        else:
            lines[-1] = line
    return lines


def package(lang, items, spine, modified):
    """The package document: metadata, manifest and spine."""
    words = book.WORDS[lang]
    identifier = uuid.uuid5(uuid.NAMESPACE_URL, f"https://github.com/dl-hw2-book/{lang}")
    manifest = "\n".join(
        f'    <item id="{id}" href="{escape(name)}" media-type="{MEDIA_TYPES[Path(name).suffix]}"'
        + (f' properties="{properties}"' if properties else "") + "/>"
        for id, name, properties in items)
    refs = "\n".join(f'    <itemref idref="{id}"/>' for id in spine)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id"
         xml:lang="{lang}" dir="{direction(lang)}">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="book-id">urn:uuid:{identifier}</dc:identifier>
    <dc:title>{escape(words["book"])}</dc:title>
    <dc:creator>{escape(words["author"])}</dc:creator>
    <dc:description>{escape(words["subtitle"])}</dc:description>
    <dc:language>{lang}</dc:language>
    <meta property="dcterms:modified">{modified:%Y-%m-%dT%H:%M:%SZ}</meta>
  </metadata>
  <manifest>
{manifest}
  </manifest>
  <spine page-progression-direction="{direction(lang)}">
{refs}
  </spine>
</package>
"""


def files(site, lang, modified):
    """(name in the EPUB, bytes) of every file of the edition's EPUB, in the order they are packed."""
    paths = book.pages(site, lang)
    documents = {path: document_name(path, lang) for path in paths}
    words = book.WORDS[lang]
    cover = xhtml(lang, words["book"], f'<section epub:type="cover" class="cover">'
                                       f'<img src="cover.png" alt="{escape(words["book"])}"/></section>')
    texts, images, entries = {"cover.xhtml": cover}, {}, []
    for path in paths:
        content, shown = article(site, path, documents)
        entries.append(contents_entry(documents[path], content))
        texts[documents[path]] = xhtml(lang, entries[-1][1], "".join(str(child) for child in content.contents))
        images.update(dict.fromkeys(shown))
    texts["nav.xhtml"] = nav(lang, entries)
    resources = {"book.css": STYLE.read_bytes(), "cover.png": cover_image(lang)}
    resources.update({f"fonts/{name}": path.read_bytes() for name, path in FONTS.items()})
    resources.update({name: image_file(Path(site) / name) for name in images})
    properties = {"nav.xhtml": "nav", "cover.png": "cover-image"}
    properties.update({name: "mathml" for name, text in texts.items() if "<math" in text})
    names = list(texts) + list(resources)
    items = [(f"item{number}", name, properties.get(name)) for number, name in enumerate(names)]
    spine = [id for id, name, _ in items if name.endswith(".xhtml")]
    spine.insert(1, spine.pop())  # the contents right after the cover
    return [("mimetype", b"application/epub+zip"), ("META-INF/container.xml", CONTAINER.encode()),
            ("EPUB/package.opf", package(lang, items, spine, modified).encode())] + \
           [(f"EPUB/{name}", text.encode()) for name, text in texts.items()] + \
           [(f"EPUB/{name}", data) for name, data in resources.items()]


def write(target, entries, modified):
    """Zip `entries` into `target` with fixed dates and attributes, the mimetype first and stored."""
    with zipfile.ZipFile(target, "w") as zipped:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=modified.timetuple()[:6])
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zipped.writestr(info, data)


def main(site=ROOT / "site", dist=ROOT / "dist"):
    if not (Path(site) / "index.html").exists():
        raise SystemExit(f"{site} holds no built site: run `make build` first (`make epub` does)")
    Path(dist).mkdir(parents=True, exist_ok=True)
    modified = book.modified()
    targets = {lang: Path(dist) / f"book.{lang}.epub" for lang in EDITION_ROOT}
    for lang, target in targets.items():
        write(target, files(site, lang, modified), modified)
        print(f"wrote {target}")
    return targets


if __name__ == "__main__":
    main(*sys.argv[1:])
