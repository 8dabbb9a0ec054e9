"""`make pdf`: every chapter and the whole book in both languages, checked with poppler's tools as a reader's PDF
viewer would."""
import re
import subprocess
from html import unescape

import pytest
from PIL import Image

from bookbuild import book, pdf

CHAPTERS = pdf.chapters()
EDITIONS = ["fa", "en"]
BIDI_AND_MARKS = re.compile("[\u200c\u200e\u200f\u202a-\u202e\u064b-\u065f\\s]+")


def poppler(*command):
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def comparable(text):
    """Text as pdftotext gives it back: the lam-alef ligature read as alef-lam, and no bidi marks, ZWNJ, diacritics
    (whose order it changes) or spaces."""
    return BIDI_AND_MARKS.sub("", text.replace("لا", "ال"))


def headings(site, path, levels="2"):
    """(id, text) of the article's headings of the given levels, in order."""
    html = (site / path / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    found = re.findall(rf'<h([{levels}]) id="([^"]+)"[^>]*>(.*?)</h\1>', article, re.S)
    return [(unescape(id), unescape(re.sub(r"<[^>]+>", "", text)).replace("¶", "").strip()) for _, id, text in found]


def test_every_chapter_and_language_is_printed(pdfs):
    assert len(CHAPTERS) == 6
    assert sorted(p.name for p in pdfs.glob("chapter*.pdf")) == sorted(name for *_, name in CHAPTERS)


@pytest.mark.parametrize("lang, chapter, path, name", CHAPTERS, ids=[c[3] for c in CHAPTERS])
def test_vazirmatn_is_embedded(pdfs, lang, chapter, path, name):
    fonts = poppler("pdffonts", str(pdfs / name))
    assert re.search(r"\+Vazirmatn-\w+\s+CID TrueType", fonts), fonts


def test_inline_math_is_printed_as_text_that_a_reader_can_search_and_copy(pdfs):
    """The formulas that the browser draws come out of the PDF as their characters (Latin Modern Math's), where an
    SVG formula is only a drawing."""
    assert "𝐖 ∈ ℝ" in poppler("pdftotext", str(pdfs / "chapter2-xor-gradients.en.pdf"), "-")


def assert_in_order(text, expected, name):
    """Each of the `expected` texts is in the PDF's `text` (from pdftotext), after the one before it."""
    text = comparable(text)
    position = 0
    for heading in expected:
        # pdftotext sometimes reads a right-to-left line as left-to-right, which swaps the parts around a colon
        # ("بخش الف: راه‌ها" comes back as "راه‌ها :بخش الف"), or puts a number before the colon after it
        # ("فصل ۱: گلوگاه" comes back as "فصل :۱ گلوگاه"); each is the heading
        readings = {comparable(heading), comparable(":".join(reversed(heading.split(":")))),
                    comparable(re.sub(r"(\S+):", r":\1", heading))}
        found = min((f for f in (text.find(r, position) for r in readings) if f >= 0), default=-1)
        assert found >= 0, f"{heading!r} missing or out of order in {name}"
        position = found


@pytest.mark.parametrize("lang, chapter, path, name", CHAPTERS, ids=[c[3] for c in CHAPTERS])
def test_headings_appear_in_order_after_the_contents(pdfs, site, lang, chapter, path, name):
    text = poppler("pdftotext", "-f", "3", str(pdfs / name), "-")
    assert_in_order(text, [heading for _, heading in headings(site, path)], name)


def assert_the_contents_give_the_pages(path, ids):
    """The contents (from page 2 to the page before the first section) show the page each of `ids` starts on."""
    starts = pdf.destinations(path)  # where Chromium put each linked heading, as poppler reads it
    contents = poppler("pdftotext", "-f", "2", "-l", str(starts[ids[0]] - 1), str(path), "-")
    lines = [BIDI_AND_MARKS.sub("", line) for line in contents.splitlines()]
    shown = [int(line) for line in lines if line.isdigit()]  # int() reads Persian digits too
    assert shown == [starts[id] for id in ids]


@pytest.mark.parametrize("lang, chapter, path, name", CHAPTERS, ids=[c[3] for c in CHAPTERS])
def test_the_contents_give_the_page_each_section_starts_on(pdfs, site, lang, chapter, path, name):
    assert_the_contents_give_the_pages(pdfs / name, [id for id, _ in headings(site, path, levels="23")])


def test_the_pdf_has_a_bookmark_outline(pdfs):
    assert all(b"/Outlines" in path.read_bytes() for path in pdfs.glob("*.pdf"))


def page_count(path):
    return int(re.search(r"Pages:\s+(\d+)", poppler("pdfinfo", str(path))).group(1))


def assert_every_page_shows_something(path, folder):
    poppler("pdftoppm", "-r", "20", "-gray", "-png", str(path), str(folder / "page"))
    images = sorted(folder.glob("page-*.png"))
    assert len(images) == page_count(path)
    for image in images:
        histogram = Image.open(image).convert("L").histogram()  # pixels per grey level
        ink = sum(histogram[:200]) / sum(histogram)
        assert ink > 0.002, f"{image.name} of {path.name} is blank"


@pytest.mark.parametrize("lang, chapter, path, name", CHAPTERS, ids=[c[3] for c in CHAPTERS])
def test_every_page_shows_something_and_the_length_is_plausible(pdfs, tmp_path, lang, chapter, path, name):
    assert 5 <= page_count(pdfs / name) <= 60
    assert_every_page_shows_something(pdfs / name, tmp_path)


A4_TEXT_WIDTH = round((210 - 2 * 16) / 25.4 * 96)  # px: the width `make pdf` leaves between its margins
OVERFLOWING = """() => [...document.querySelectorAll(
    'article mjx-container[display="true"], article pre, article .md-typeset__scrollwrap, article figure')]
  .filter((element) => element.scrollWidth > element.clientWidth + 1)
  .map((element) => element.textContent.trim().slice(0, 80))"""


@pytest.mark.parametrize("lang, chapter, path, name", CHAPTERS, ids=[c[3] for c in CHAPTERS])
def test_nothing_in_print_is_wider_than_the_page(browser, server, lang, chapter, path, name):
    page = browser.new_page(viewport={"width": A4_TEXT_WIDTH, "height": 1000})
    page.emulate_media(media="print")
    page.goto(server + path, wait_until="load")
    assert page.evaluate(OVERFLOWING) == [], "cut off at the margin in print"
    page.close()


# The whole book, one PDF per edition.

def book_sections(server, site, lang):
    """The ids, as the book prints them, of every page's title and sections (h1, h2), in order."""
    return [prefix + id for (url, prefix), path in zip(pdf.book_parts(server, site, lang), book.pages(site, lang))
            for id, _ in headings(site, path, levels="12")]


@pytest.mark.parametrize("lang", EDITIONS)
def test_the_book_embeds_vazirmatn_has_bookmarks_and_a_plausible_length(book_pdfs, tmp_path, lang):
    path = book_pdfs / f"book.{lang}.pdf"
    assert re.search(r"\+Vazirmatn-\w+\s+CID TrueType", poppler("pdffonts", str(path)))
    assert b"/Outlines" in path.read_bytes()
    assert 80 <= page_count(path) <= 400
    assert_every_page_shows_something(path, tmp_path)


@pytest.mark.parametrize("lang", EDITIONS)
def test_the_books_page_numbers_run_through_it_and_its_contents_give_them(book_pdfs, server, site, lang):
    path = book_pdfs / f"book.{lang}.pdf"
    pages = page_count(path)
    assert f"{pages} / {pages}" in poppler("pdftotext", "-f", str(pages), str(path), "-")  # the last page's footer
    assert_the_contents_give_the_pages(path, book_sections(server, site, lang))


def test_the_book_holds_every_page_and_keeps_the_chapters_figure_numbers(book_pdfs, site):
    # in English: pdftotext reorders the parts of Persian lines that mix directions ("شکل ۱-۲." comes back as
    # "شکل .۲-۱"); the contents test shows that every heading of both editions is in its place
    lang = "en"
    text = poppler("pdftotext", "-f", "3", str(book_pdfs / f"book.{lang}.pdf"), "-")
    assert_in_order(text, [title for path in book.pages(site, lang) for _, title in headings(site, path, "12")],
                    f"book.{lang}.pdf")
    numbers = [unescape(number) for path in book.pages(site, lang)
               for number in re.findall(r'<figcaption><strong>(.*?)</strong>',
                                        (site / path / "index.html").read_text(encoding="utf-8"))]
    assert numbers, "no numbered figure"
    assert_in_order(text, numbers, f"book.{lang}.pdf")


@pytest.mark.parametrize("lang", EDITIONS)
def test_nothing_in_the_book_is_wider_than_the_page_and_its_links_stay_inside(browser, server, site, lang):
    page = pdf.open_book(browser, server, site, lang, viewport={"width": A4_TEXT_WIDTH, "height": 1000})
    page.emulate_media(media="print")
    assert page.evaluate(OVERFLOWING) == [], "cut off at the margin in print"
    broken = page.evaluate("""() => [...document.querySelectorAll('article a[href^="#"]')]
      .map((link) => decodeURIComponent(link.getAttribute("href").slice(1)))
      .filter((id) => !document.getElementById(id))""")
    assert broken == []
    assert page.evaluate("() => document.querySelectorAll('article a[href*=\"/bibliography/\"]').length") == 0
    page.close()
