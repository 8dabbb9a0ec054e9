"""Persian-friendly search: the same normalisation for the index (here) and the query (search-normalise.js).

Material's search index is built by lunr with no Persian support: it neither unifies Arabic ي/ك with Persian ی/ک
nor treats "می‌شود" and "میشود" as one word. Both sides therefore drop the zero-width non-joiner and map the
Arabic letters to the Persian ones.

Each edition also gets its own index (/search/ and /en/search/), so that a reader of one edition is not sent to
pages of the other: i18n merges both into one, and Material looks for the index under the `base` of the page's
configuration, which the hook points at the edition's root (bookbuild/hooks.py).
"""
import json
import re

NORMAL = str.maketrans({"\u200c": None, "\u064a": "\u06cc", "\u0643": "\u06a9"})


def normalise(text):
    return text.translate(NORMAL)


def split_index(site, roots):
    """Replace the merged search index of `site` by one normalised index per edition, `roots` giving each edition's
    folder under the site ("" or "en/"). The copy that Material's offline plugin inlines into search_index.js is
    split too, if there is one."""
    merged = site / "search" / "search_index.json"
    index = json.loads(merged.read_text(encoding="utf-8"))
    by_length = sorted(roots, key=len, reverse=True)
    editions = {root: [] for root in roots}
    for doc in index["docs"]:
        root = next(root for root in by_length if doc["location"].startswith(root))
        editions[root].append({**doc, "location": doc["location"][len(root):],
                               "title": normalise(doc["title"]), "text": normalise(doc["text"])})
    offline = merged.with_suffix(".js").exists()
    for root, docs in editions.items():
        target = site / root / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({**index, "docs": docs}, ensure_ascii=False)
        target.write_text(text, encoding="utf-8")
        if offline:
            target.with_suffix(".js").write_text(f"var __index = {text}", encoding="utf-8")


CONFIG_BASE = re.compile(r'(<script id="__config" type="application/json">[^<]*?"base": ")([^"]*)"')


def point_search_at_edition(html, root):
    """Set the `base` of Material's page configuration to the edition's root, where its search index is."""
    if not root:
        return html
    html, found = CONFIG_BASE.subn(lambda match: f'{match[1]}{match[2].rstrip("/")}/{root}"', html, count=1)
    if not found:
        raise ValueError("no base in Material's page configuration (<script id=\"__config\">): has the theme changed?")
    return html
