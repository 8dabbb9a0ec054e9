"""`make pdf`: every chapter in both languages, checked with poppler's tools as a reader's PDF viewer would."""
import re
import subprocess
from html import unescape

import pytest
from PIL import Image

from bookbuild import pdf

CHAPTERS = pdf.chapters()
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
    assert sorted(p.name for p in pdfs.glob("*.pdf")) == sorted(name for *_, name in CHAPTERS)


@pytest.mark.parametrize("lang, chapter, path, name", CHAPTERS, ids=[c[3] for c in CHAPTERS])
def test_vazirmatn_is_embedded(pdfs, lang, chapter, path, name):
    fonts = poppler("pdffonts", str(pdfs / name))
    assert re.search(r"\+Vazirmatn-\w+\s+CID TrueType", fonts), fonts


@pytest.mark.parametrize("lang, chapter, path, name", CHAPTERS, ids=[c[3] for c in CHAPTERS])
def test_headings_appear_in_order_after_the_contents(pdfs, site, lang, chapter, path, name):
    text = comparable(poppler("pdftotext", "-f", "3", str(pdfs / name), "-"))
    position = 0
    for _, heading in headings(site, path):
        # pdftotext sometimes reads a right-to-left line as left-to-right, which swaps the parts around a colon
        # ("بخش الف: راه‌ها" comes back as "راه‌ها :بخش الف"); either order is the heading
        readings = {comparable(heading), comparable(":".join(reversed(heading.split(":"))))}
        found = min((f for f in (text.find(r, position) for r in readings) if f >= 0), default=-1)
        assert found >= 0, f"{heading!r} missing or out of order in {name}"
        position = found


@pytest.mark.parametrize("lang, chapter, path, name", CHAPTERS, ids=[c[3] for c in CHAPTERS])
def test_the_contents_give_the_page_each_section_starts_on(pdfs, site, lang, chapter, path, name):
    sections = headings(site, path, levels="23")
    starts = pdf.destinations(pdfs / name)  # where Chromium put each linked heading, as poppler reads it
    first_section_page = starts[sections[0][0]]
    contents = poppler("pdftotext", "-f", "2", "-l", str(first_section_page - 1), str(pdfs / name), "-")
    lines = [BIDI_AND_MARKS.sub("", line) for line in contents.splitlines()]
    shown = [int(line) for line in lines if line.isdigit()]  # int() reads Persian digits too
    assert shown == [starts[id] for id, _ in sections]


def test_the_pdf_has_a_bookmark_outline(pdfs):
    assert all(b"/Outlines" in path.read_bytes() for path in pdfs.glob("*.pdf"))


@pytest.mark.parametrize("lang, chapter, path, name", CHAPTERS, ids=[c[3] for c in CHAPTERS])
def test_every_page_shows_something_and_the_length_is_plausible(pdfs, tmp_path, lang, chapter, path, name):
    pages = int(re.search(r"Pages:\s+(\d+)", poppler("pdfinfo", str(pdfs / name))).group(1))
    assert 5 <= pages <= 60
    poppler("pdftoppm", "-r", "20", "-gray", "-png", str(pdfs / name), str(tmp_path / "page"))
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == pages
    for image in images:
        histogram = Image.open(image).convert("L").histogram()  # pixels per grey level
        ink = sum(histogram[:200]) / sum(histogram)
        assert ink > 0.002, f"{image.name} of {name} is blank"


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
    page.evaluate("() => MathJax.startup.promise.then(() => true)")
    assert page.evaluate(OVERFLOWING) == [], "cut off at the margin in print"
    page.close()
