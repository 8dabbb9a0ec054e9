"""`make pdf`: one PDF per chapter and per language, printed by headless Chromium from the built site into dist/.

Each PDF starts with a title page and a table of contents (added to the page just before printing), and has page
numbers in its footer. The page itself is laid out by the print rules of docs/assets/css/book.css, the same that
the browser's own print command uses.

Run: python -m bookbuild.pdf [SITE] [DIST]   (defaults: site/ and dist/)
"""
import sys
from pathlib import Path

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
  const list = document.createElement("ol");
  for (const heading of article.querySelectorAll("h2, h3")) {
    const item = document.createElement("li");
    item.className = heading.tagName.toLowerCase();
    item.textContent = text(heading);
    list.append(item);
  }
  contents.append(title, list);
  article.prepend(cover, contents);
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


def print_chapter(chromium, url, lang, target):
    page = chromium.new_page()
    page.goto(url, wait_until="load")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    page.evaluate("() => window.MathJax && MathJax.startup ? MathJax.startup.promise.then(() => true) : 0")
    page.evaluate(ADD_TITLE_AND_CONTENTS, WORDS[lang])
    page.emulate_media(media="print")
    page.pdf(path=str(target), format="A4", print_background=True, display_header_footer=True,
             header_template="<div></div>", footer_template=FOOTER,
             margin={"top": "18mm", "bottom": "20mm", "left": "16mm", "right": "16mm"})
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
