"""The page's language and numbers written for it."""
import os
import re

from IPython.display import display

LANGUAGES = ("fa", "en")
PERSIAN_DIGITS = str.maketrans("0123456789.,%", "۰۱۲۳۴۵۶۷۸۹٫٬٪")


def language():
    """The edition being built, from BOOK_LANG (set by the build); English when run by hand."""
    lang = os.environ.get("BOOK_LANG", "en")
    if lang not in LANGUAGES:
        raise ValueError(f"BOOK_LANG must be one of {LANGUAGES}, not {lang!r}")
    return lang


def tr(fa, en):
    """The text of the current edition."""
    return fa if language() == "fa" else en


def persian_number(text):
    """'73.4%' -> '۷۳٫۴٪': Persian digits, decimal separator and percent sign."""
    return text.translate(PERSIAN_DIGITS)


PERSIAN_UNITS = ["صفر", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نُه"]
ENGLISH_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def count(number, lang):
    """A count before its noun, as a textbook writes it: in words under ten («هشت», "eight"), else in digits grouped
    by thousands («۱٬۴۲۰», "1,420")."""
    if 0 <= number < 10:
        return (PERSIAN_UNITS if lang == "fa" else ENGLISH_UNITS)[number]
    return localise_number(f"{number:,}", lang)


def localise_number(text, lang):
    return persian_number(text) if lang == "fa" else text


MATH = re.compile(r"\\\(.*?\\\)|\$[^$]+\$")


def localise_prose(text, lang):
    """`text` with the numbers and punctuation of its words written for the edition (Persian digits, «،» between
    items, «؟»), and its math (\\( … \\) or $ … $) as it is."""
    def words(part):
        return localise_number(part.replace(", ", "، ").replace("?", "؟"), lang) if lang == "fa" else part
    pieces, done = [], 0
    for match in MATH.finditer(text):
        pieces += [words(text[done:match.start()]), match.group()]
        done = match.end()
    return "".join(pieces) + words(text[done:])


class _Line:
    """A line of a notebook's output: Markdown where Jupyter shows it, plain text where Python prints it."""

    def __init__(self, markdown, plain):
        self.markdown, self.plain = markdown, plain

    def _repr_markdown_(self):
        return self.markdown

    def __repr__(self):
        return self.plain


def show(markdown, plain):
    """Show `markdown` in the notebook, where the page typesets its math and reads it in the edition's language, and
    `plain` where the notebook runs outside Jupyter (by hand, in the tests)."""
    display(_Line(markdown, plain))


def localise_value(text, lang):
    """A published number for the edition: Persian digits on fa, except math (scientific notation), which stays
    Latin."""
    return text if text.startswith("\\(") else localise_number(text, lang)


def localise_rows(rows, numeric, lang):
    """Table rows with the values of the numeric columns localised (see localise_value)."""
    return [[localise_value(cell, lang) if is_number else cell for cell, is_number in zip(row, numeric)]
            for row in rows]


def markdown_table(header, rows):
    """A Markdown table from a header row and rows of cells."""
    lines = [header, ["---"] * len(header), *rows]
    return "\n".join("| " + " | ".join(str(cell) for cell in line) + " |" for line in lines)


def listing(items, lang):
    """'A, B and C' in the edition's language («A، B و C» in Persian)."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    comma, conjunction = ("، ", " و ") if lang == "fa" else (", ", " and ")
    return comma.join(items[:-1]) + conjunction + items[-1]
