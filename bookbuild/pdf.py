"""`make pdf`: one PDF per chapter and per language, printed by headless Chromium from the built site into dist/.

Each PDF starts with a title page and a table of contents (added to the page just before printing), has page
numbers in its footer and a bookmark outline of its headings. The contents' entries link to their sections and give
their page numbers, which are read back from the printed PDF (poppler's `pdfinfo -dests`) and filled in: the page is
printed again until the numbers it shows are the pages its sections landed on. The page itself is laid out by the
print rules of docs/assets/css/book.css, the same that the browser's own print command uses.

Run: python -m bookbuild.pdf [SITE] [DIST]   (defaults: site/ and dist/)
"""
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import yaml

from bookbuild import browser
from bookbuild.markup import EDITION_ROOT

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
WORDS = {"fa": {"book": "یادگیری عمیق، تمرین ۲", "contents": "فهرست", "edition": "نسخهٔ فارسی"},
         "en": {"book": "Deep Learning, Homework 2", "contents": "Contents", "edition": "English edition"}}
FOOTER = ('<div style="font-size:9px; width:100%; text-align:center; color:#555;">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')

ADD_TITLE_AND_CONTENTS = """(words) => {
  const article = document.querySelector("article");
  const text = (heading) => {
    const copy = heading.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach((link) => link.remove());
    return copy.textContent.trim();
  };
  const cover = document.createElement("section");
  cover.className = "print-cover";
  cover.innerHTML = `<p class="print-book"></p><p class="print-title"></p><p class="print-edition"></p>`;
  cover.children[0].textContent = words.book;
  cover.children[1].textContent = text(article.querySelector("h1"));
  cover.children[2].textContent = words.edition;
  const contents = document.createElement("nav");
  contents.className = "print-contents";
  const title = document.createElement("p");
  title.className = "print-contents-title";
  title.textContent = words.contents;
  const list = document.createElement("ul");
  const targets = [];
  for (const heading of article.querySelectorAll("h2, h3")) {
    const item = document.createElement("li");
    item.className = heading.tagName.toLowerCase();
    item.innerHTML = `<a><span class="print-entry"></span><span class="print-leader"></span>` +
                     `<span class="print-page"></span></a>`;
    item.firstChild.href = "#" + heading.id;
    item.firstChild.dataset.target = heading.id;
    item.querySelector(".print-entry").textContent = text(heading);
    list.append(item);
    targets.push(heading.id);
  }
  contents.append(title, list);
  article.prepend(cover, contents);
  return targets;
}"""

NUMBER_THE_CONTENTS = """([pages, lang]) => {
  for (const link of document.querySelectorAll(".print-contents a")) {
    const page = pages[link.dataset.target];
    link.querySelector(".print-page").textContent = page ? page.toLocaleString(lang) : "";
  }
}"""


def chapters():
    """(language, chapter number, page path under the site, PDF name) for every chapter page, in order."""
    found = []
    for lang in EDITION_ROOT:
        for source in sorted((DOCS / lang).glob("*.md")):
            text = source.read_text(encoding="utf-8")
            if text.startswith("---\n"):
                meta = yaml.safe_load(text.split("---\n")[1]) or {}
                if "chapter" in meta:
                    found.append((lang, meta["chapter"], f"{EDITION_ROOT[lang]}{source.stem}/",
                                  f"chapter{meta['chapter']}-{source.stem}.{lang}.pdf"))
    return sorted(found, key=lambda chapter: (chapter[0] != "fa", chapter[1]))


def destinations(pdf):
    """{element id: page number} for the link targets that Chromium wrote into the PDF as named destinations."""
    listing = subprocess.run(["pdfinfo", "-dests", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {unquote(name): int(page) for page, name in re.findall(r'^\s*(\d+) \[.*\] "(.*)"$', listing, re.M)}


def print_chapter(chromium, url, lang, target, tries=3):
    page = chromium.new_page()
    page.goto(url, wait_until="load")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    page.evaluate("() => window.MathJax && MathJax.startup ? MathJax.startup.promise.then(() => true) : 0")
    sections = page.evaluate(ADD_TITLE_AND_CONTENTS, WORDS[lang])
    page.emulate_media(media="print")
    shown = {}
    for _ in range(tries):
        page.evaluate(NUMBER_THE_CONTENTS, [shown, lang])
        page.pdf(path=str(target), format="A4", print_background=True, display_header_footer=True,
                 header_template="<div></div>", footer_template=FOOTER, outline=True, tagged=True,
                 margin={"top": "18mm", "bottom": "20mm", "left": "16mm", "right": "16mm"})
        printed = destinations(target)
        if missing := [section for section in sections if section not in printed]:
            raise RuntimeError(f"{target}: sections {missing} are not in the printed PDF")
        landed = {section: printed[section] for section in sections}
        if landed == shown:
            break
        shown = landed
    else:
        raise RuntimeError(f"{target}: the page numbers in the contents did not settle after {tries} printings")
    page.close()


def print_chapters(chromium, base, dist):
    """Print every chapter of the site served at `base` into the folder `dist`."""
    Path(dist).mkdir(parents=True, exist_ok=True)
    for lang, _, path, name in chapters():
        print_chapter(chromium, base + path, lang, Path(dist) / name)
        print(f"wrote {Path(dist) / name}")


def main(site=ROOT / "site", dist=ROOT / "dist"):
    if not (Path(site) / "index.html").exists():
        raise SystemExit(f"{site} holds no built site: run `make build` first (`make pdf` does)")
    with browser.serve(site) as base, browser.chromium() as chromium:
        print_chapters(chromium, base, dist)


if __name__ == "__main__":
    main(*sys.argv[1:])
