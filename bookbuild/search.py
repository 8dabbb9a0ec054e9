"""Persian-friendly search: the same normalisation for the index (here) and the query (search-normalise.js).

Material's search index is built by lunr with no Persian support: it neither unifies Arabic ي/ك with Persian ی/ک
nor treats "می‌شود" and "میشود" as one word. Both sides therefore drop the zero-width non-joiner and map the
Arabic letters to the Persian ones.
"""
import json

NORMAL = str.maketrans({"\u200c": None, "\u064a": "\u06cc", "\u0643": "\u06a9"})


def normalise(text):
    return text.translate(NORMAL)


def normalise_index(path):
    """Rewrite a search_index.json with normalised titles and texts, and the copy of it that Material's offline
    plugin inlines into search_index.js, if there is one."""
    index = json.loads(path.read_text(encoding="utf-8"))
    for doc in index["docs"]:
        doc["title"], doc["text"] = normalise(doc["title"]), normalise(doc["text"])
    text = json.dumps(index, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    if path.with_suffix(".js").exists():
        path.with_suffix(".js").write_text(f"var __index = {text}", encoding="utf-8")
