"""The page's language and numbers written for it."""
import os

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


def localise_number(text, lang):
    return persian_number(text) if lang == "fa" else text


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
