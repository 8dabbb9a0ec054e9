"""The whole book to download from each edition's home page, once `make epub` and `make pdf` have made it.

Run after the site is built and the book files are made (the deployment does): it copies dist/book.<lang>.epub and
dist/book.<lang>.pdf into site/downloads/ and links those that exist under the title of the edition's home page.
The files are made from the built site, so they cannot be there while MkDocs builds it: the links are added after.

Run: python -m bookbuild.downloads [SITE] [DIST]   (defaults: site/ and dist/)
"""
import shutil
import sys
from html import escape
from pathlib import Path

from bookbuild.book import WORDS
from bookbuild.markup import EDITION_ROOT

ROOT = Path(__file__).resolve().parents[1]
KINDS = ["epub", "pdf"]


def links(lang, names):
    """The download links of the edition's home page, for the book files in `names`."""
    up = "../" * EDITION_ROOT[lang].count("/")
    words = WORDS[lang]
    buttons = " ".join(f'<a class="md-button" href="{up}downloads/{name}" download="">'
                       f'{escape(words[name.rsplit(".", 1)[1]])}</a>' for name in names)
    return f'<p class="book-downloads"><strong>{escape(words["downloads"])}:</strong> {buttons}</p>'


def main(site=ROOT / "site", dist=ROOT / "dist"):
    site, dist = Path(site), Path(dist)
    for lang in EDITION_ROOT:
        names = [f"book.{lang}.{kind}" for kind in KINDS if (dist / f"book.{lang}.{kind}").exists()]
        if not names:
            continue
        (site / "downloads").mkdir(exist_ok=True)
        for name in names:
            shutil.copyfile(dist / name, site / "downloads" / name)
        home = site / EDITION_ROOT[lang] / "index.html"
        html = home.read_text(encoding="utf-8")
        if 'class="book-downloads"' in html:  # linked by an earlier run
            continue
        title_end = html.index("</h1>", html.index("<article")) + len("</h1>")
        home.write_text(html[:title_end] + "\n" + links(lang, names) + html[title_end:], encoding="utf-8")
        print(f"linked {', '.join(names)} from {home}")


if __name__ == "__main__":
    main(*sys.argv[1:])
