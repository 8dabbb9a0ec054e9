"""Glossary terms in the text. On every page, the first use of each glossary term links to its row of the glossary,
and the link's title is the term in the other edition's language, which the browser shows on hover (Material's
tooltips, which would restyle it, cost a phone too much main-thread time at startup: README, "How it works").

The glossary is the table of docs/<lang>/glossary.md: the edition's term, the other edition's term, a short
explanation. A parenthesised part of a term, such as an abbreviation, is not looked for in the text.
"""
import html
import re
from functools import cache, lru_cache
from pathlib import Path

from bookbuild import prose

DOCS = Path(__file__).resolve().parents[1] / "docs"
ROW = re.compile(r"^\| *([^|]+?) *\| *([^|]+?) *\|", re.M)
PAGE_ROW = re.compile(r"<tr>(\s*<td>)(.*?)(</td>\s*<td>)(.*?)</td>")
SKIPPED = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style", "summary", "figcaption",
           "button", "svg", "mjx-container", "details"}  # elements whose text never links
# Math, and boxes in small print (admonitions; details, among SKIPPED): their lines are too close for two links
# to be told apart by a finger (axe: target-size).
SKIPPED_CLASSES = {"arithmatex", "admonition"}


@cache
def entries(lang):
    """(term, the other edition's term) for each row of the edition's glossary, longest term first."""
    text = (DOCS / lang / "glossary.md").read_text(encoding="utf-8")
    rows = [(term, other) for term, other in ROW.findall(text) if not set(term) <= set("-: ")][1:]  # no header
    return sorted(rows, key=lambda row: -len(row[0]))


def anchor(lang, term, other):
    """The id of a term's row: from its English name, so that both editions use the same one."""
    english = _bare(term if lang == "en" else other)
    return "term-" + re.sub(r"[^a-z0-9]+", "-", english.lower()).strip("-")


def _bare(term):
    """The term without its parenthesised part: 'mean squared error (MSE)' -> 'mean squared error'."""
    return re.sub(r" *[(].*[)]$", "", term)


@cache
def _matcher(lang):
    """One pattern for all the edition's terms, longest first, each in a named group t<row number>."""
    terms = "|".join(f"(?P<t{i}>{re.escape(_bare(term))})"
                     for i, (term, _) in enumerate(entries(lang)))
    if lang == "en":  # a plural counts; a longer word does not
        return re.compile(rf"(?<![\w-])(?:{terms})(?:e?s)?(?![\w-])", re.I)
    return re.compile(rf"(?<![\w\u200c])(?:{terms})(?!\w)")  # Persian suffixes follow a zero-width non-joiner


def _skipped(tag, attributes):
    return tag in SKIPPED or bool(SKIPPED_CLASSES & prose.classes(attributes))


@lru_cache(maxsize=64)  # under `mkdocs serve`, a rebuild after an edit redoes only the edited pages
def link_terms(page, lang, glossary_url):
    """`page` (an article's HTML) with the first use of each glossary term linked to its row."""
    rows, found = entries(lang), {}  # found: row number -> the span of its first use
    for start, end in prose.text_runs(page, _skipped):
        for match in _matcher(lang).finditer(page, start, end):
            found.setdefault(int(match.lastgroup[1:]), match.span())
    for row, (start, end) in sorted(found.items(), key=lambda item: -item[1][0]):
        term, other = rows[row]
        link = (f'<a class="glossary-term" href="{glossary_url}#{anchor(lang, term, other)}" '
                f'title="{html.escape(other)}">{page[start:end]}</a>')
        page = page[:start] + link + page[end:]
    return page


def mark_rows(page, lang):
    """The glossary page with an id on each term's row, for the links of link_terms."""
    def mark(match):
        term, other = html.unescape(match.group(2)), html.unescape(match.group(4))
        return f'<tr id="{anchor(lang, term, other)}">' + "".join(match.groups()) + "</td>"
    return PAGE_ROW.sub(mark, page)
