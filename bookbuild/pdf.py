"""`make pdf`: one PDF per chapter and per language, and the whole book as one PDF per language (book.fa.pdf,
book.en.pdf), printed by headless Chromium from the built site into dist/.

Each PDF starts with a title page and a table of contents (added to the page just before printing), has page
numbers in its footer and a bookmark outline of its headings. The contents' entries link to their sections and give
their page numbers, which are read back from the printed PDF (poppler's `pdfinfo -dests`) and filled in: the page is
printed again until the numbers it shows are the pages its sections landed on. The page itself is laid out by the
print rules of docs/assets/css/book.css, the same that the browser's own print command uses.

The whole book is one document, so its page numbers run through it: the edition's home page with the articles of
all its pages in the site's order (bookbuild/book.py) in place of its own, each starting on a new page, the ids of
each prefixed by its part so that they stay unique, and the links between pages turned into links inside the
document. Figures and equations keep the numbers the site gave them.

Run: python -m bookbuild.pdf [SITE] [DIST]   (defaults: site/ and dist/)
"""
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import yaml

from bookbuild import book, browser
from bookbuild.book import WORDS
from bookbuild.markup import EDITION_ROOT

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
FOOTER = ('<div style="font-size:9px; width:100%; text-align:center; color:#555;">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')

# The cover's three lines (null: the page's title) and the contents' entries, one for each heading of the two levels
# given, styled by the print rules' two ranks, .h2 and .h3.
ADD_TITLE_AND_CONTENTS = """([lines, contentsTitle, levels]) => {
  const article = document.querySelector("article");
  const text = (heading) => {
    const copy = heading.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach((link) => link.remove());
    return copy.textContent.trim();
  };
  const cover = document.createElement("section");
  cover.className = "print-cover";
  cover.innerHTML = `<p class="print-book"></p><p class="print-title"></p><p class="print-edition"></p>`;
  lines.forEach((line, index) => { cover.children[index].textContent = line ?? text(article.querySelector("h1")); });
  const contents = document.createElement("nav");
  contents.className = "print-contents";
  const title = document.createElement("p");
  title.className = "print-contents-title";
  title.textContent = contentsTitle;
  const list = document.createElement("ul");
  const targets = [];
  for (const heading of article.querySelectorAll(levels.join(", "))) {
    const item = document.createElement("li");
    item.className = ["h2", "h3"][levels.indexOf(heading.tagName.toLowerCase())];
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


# The whole book in the edition's home page: [page URL, id prefix] for each part, in order.
ASSEMBLE_BOOK = """async (parts) => {
  const article = document.querySelector("article");
  const prefixes = new Map(parts.map(([url, prefix]) => [new URL(url).pathname, prefix]));
  let glyphs = document.querySelector("#MJX-SVG-global-cache > defs");  // the formulas' shared glyphs
  const sections = [];
  for (const [url, prefix] of parts) {
    const page = new DOMParser().parseFromString(await (await fetch(url)).text(), "text/html");
    const section = document.createElement("section");
    section.className = "print-part";
    section.id = prefix.slice(0, -1);
    section.append(...page.querySelector("article").childNodes);
    section.querySelectorAll(".book-downloads").forEach((element) => element.remove());
    for (const element of section.querySelectorAll("[id]")) element.id = prefix + element.id;
    for (const link of section.querySelectorAll("a[href]")) {
      const target = new URL(link.getAttribute("href"), url);
      const part = target.origin === location.origin ? prefixes.get(target.pathname) : undefined;
      link.setAttribute("href", part === undefined ? target.href
        : "#" + (target.hash ? part + decodeURIComponent(target.hash.slice(1)) : part.slice(0, -1)));
    }
    for (const image of section.querySelectorAll("img")) {
      image.src = new URL(image.getAttribute("src"), url).href;
      image.loading = "eager";
    }
    const style = page.querySelector("style#mathjax");  // the formulas' style sheet, on pages with math only
    const styles = [...document.querySelectorAll("style#mathjax")].map((own) => own.textContent);
    if (style && !styles.includes(style.textContent)) document.head.append(style);
    const cache = page.querySelector("#MJX-SVG-global-cache > defs");
    if (cache && !glyphs) {
      document.body.append(cache.parentNode);
      glyphs = cache;
    } else if (cache) {
      for (const glyph of [...cache.children]) if (!document.getElementById(glyph.id)) glyphs.append(glyph);
    }
    sections.push(section);
  }
  article.replaceChildren(...sections);
  await Promise.all([...document.images].map((image) => image.decode().catch(() => null)));
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


def print_with_contents(page, lang, target, cover, levels, tries=3):
    """Print the open page to `target` with a title page (`cover`'s lines) and contents of its `levels` headings."""
    sections = page.evaluate(ADD_TITLE_AND_CONTENTS, [cover, WORDS[lang]["contents"], levels])
    page.evaluate("() => document.fonts.ready.then(() => true)")
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


def print_chapter(chromium, url, lang, target):
    page = chromium.new_page()
    page.goto(url, wait_until="load")
    print_with_contents(page, lang, target, [WORDS[lang]["book"], None, WORDS[lang]["edition"]], ["h2", "h3"])


def print_chapters(chromium, base, dist):
    """Print every chapter of the site served at `base` into the folder `dist`."""
    Path(dist).mkdir(parents=True, exist_ok=True)
    for lang, _, path, name in chapters():
        print_chapter(chromium, base + path, lang, Path(dist) / name)
        print(f"wrote {Path(dist) / name}")


def book_parts(base, site, lang):
    """[page URL, id prefix] of each page of the edition, in the book's order."""
    return [[base + path, f"part{index}-"] for index, path in enumerate(book.pages(site, lang))]


def open_book(chromium, base, site, lang, **options):
    """A browser page holding the whole edition as one document (the edition's home page, articles replaced)."""
    page = chromium.new_page(**options)
    page.goto(base + EDITION_ROOT[lang], wait_until="load")
    page.evaluate(ASSEMBLE_BOOK, book_parts(base, site, lang))
    return page


def print_books(chromium, base, site, dist):
    """Print each edition of the site (folder `site`, served at `base`) as one PDF, dist/book.<lang>.pdf."""
    Path(dist).mkdir(parents=True, exist_ok=True)
    for lang in EDITION_ROOT:
        page = open_book(chromium, base, site, lang)
        words = WORDS[lang]
        page.evaluate("(title) => { document.title = title; }", words["book"])
        target = Path(dist) / f"book.{lang}.pdf"
        print_with_contents(page, lang, target, [words["author"], words["book"], words["edition"]], ["h1", "h2"])
        print(f"wrote {target}")


def main(site=ROOT / "site", dist=ROOT / "dist"):
    if not (Path(site) / "index.html").exists():
        raise SystemExit(f"{site} holds no built site: run `make build` first (`make pdf` does)")
    with browser.serve(site) as base, browser.chromium() as chromium:
        print_chapters(chromium, base, dist)
        print_books(chromium, base, site, dist)


if __name__ == "__main__":
    main(*sys.argv[1:])
