"""The Persian lint: typography of the fa edition, and twins in both editions.

Checks the Persian pages (docs/fa) and the Persian cells of the notebooks (Markdown and code cells tagged fa) for:
- Arabic ي or ك instead of Persian ی and ک;
- می/نمی written without the zero-width non-joiner (joined to the verb, or split by a space);
- a suffix ها/های split off by a space instead of the zero-width non-joiner;
- Latin digits in running Persian text (math, code, links, placeholders and Latin words are left alone);
- a retired variant of a term (RETIRED: each with the glossary's term that replaced it);
- a Persian suffix glued to a formula («$d$های»);
and that every page of one edition has its twin in the other.

Run: python -m bookbuild.lint  (exits 1 and lists file:line: problem).
"""
import re
import sys
from pathlib import Path

import jupytext

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
NOTEBOOKS = ROOT / "code" / "notebooks"
ZWNJ = "\u200c"
LETTER = "\u0600-\u06ff"

# Words that start with می but are no verbs.
NOT_VERBS = ("میان", "میزان", "میلیون", "میلیارد", "میلاد", "میدان", "میکرو", "میراث", "میانگین")
NOT_VERBS_EXACT = {"می", "میز", "میل", "میوه", "میهن", "میخ", "میمون", "میش"}

# Text that is not running Persian prose: removed before the checks on digits.
FRONT_MATTER = re.compile(r"^---\n.*?\n---\n", re.S)
INLINE_MATH = re.compile(r"\$(?:[^$\n]|\n(?!\s*\n))+?\$|\\\(.*?\\\)", re.S)
NOT_PROSE = [
    re.compile(r"^(```|~~~).*?^\1", re.S | re.M),                # fenced code
    re.compile(r"`[^`\n]*`"),                                    # inline code
    re.compile(r"\$\$.*?\$\$|\\\[.*?\\\]|\\begin\{(\w+\*?)\}.*?\\end\{\1\}", re.S),  # display math
    INLINE_MATH,                                                 # inline math, even across lines
    re.compile(r"\{\{.*?\}\}|\[@[^\]]*\]"),                     # placeholders and citations
    re.compile(r"\]\([^)]*\)|<[^>]*>|https?://\S+"),            # link targets, HTML tags, addresses
    re.compile(r"^\s*[#*-]*\s*\[\^?\w+\]:.*$", re.M),            # link and footnote definitions
    re.compile(r"^\s*\d+\.(?=\s)", re.M),                          # list numbers (CSS shows them in Persian)
]
LATIN_DIGITS = re.compile(r"(?<![A-Za-z0-9_.-])[0-9]+(?:\.[0-9]+)?(?![A-Za-z0-9])")
ARABIC_LETTERS = re.compile("[\u064a\u0643]")
JOINED_MI = re.compile(rf"(?<![{LETTER}{ZWNJ}])(ن?می)([{LETTER}]+)")
SPLIT_MI = re.compile(rf"(?<![{LETTER}{ZWNJ}])ن?می [{LETTER}]")
SPLIT_SUFFIX = re.compile(rf"[{LETTER}] (ها|های|هایی|هایم|هایش)(?![{LETTER}{ZWNJ}])")

# Variants retired by the Persian editing pass (issue 12), each with the term that replaced it. A variant matches
# only as a whole word (or the start of one, for «فروکاستنی» and «آموزه»), in running text, not in code or math.
START, END = rf"(?<![{LETTER}{ZWNJ}])", rf"(?![{LETTER}{ZWNJ}])"
RETIRED = [
    (re.compile(rf"{START}تقریب‌زن(?:‌های)? جهانی"), "«تقریب‌گر عمومی»"),
    (re.compile(rf"{START}آموزه(?:ٔ|‌ای|‌ها|‌های)?{END}"), "«درس‌نامه» or «آموزش» for a tutorial («آموزه» is a doctrine)"),
    (re.compile(rf"{START}جاروب"), "«پویش» for a sweep"),
    (re.compile(rf"{START}سطح شانس{END}"), "«سطح تصادفی»"),
    (re.compile(rf"{START}تفاضل‌های متناهی{END}"), "«تفاضل محدود»"),
    (re.compile(rf"{START}فروکاستنی"), "«فروکاست‌پذیر نیست»"),
    (re.compile(rf"{START}سطری‌مرکزی‌شده"), "«مرکزی‌شده»"),
    (re.compile(rf"{START}رتبهٔ مرکزی(?!‌شده)"), "«رتبهٔ مرکزی‌شده»"),
    # the Persian edition's review (issue 21)
    (re.compile(rf"{START}تمیزدادنی"), "«تفاوت … معنادار نیست» («تمیزدادنی» is archaic)"),
    (re.compile(rf"{START}(?:جلوتر|عقب‌تر){END}"), "«بهتر» or «بدتر» («جلوتر/عقب‌تر» is a race metaphor)"),
    (re.compile(rf"{START}میدان محافظه‌کار"), "«میدان پایستار»"),
    (re.compile(rf"{START}(?:دنبالهٔ طیف|کران دنباله)"), "«دُم طیف», «کران دُم» («دنباله» is a sequence)"),
    (re.compile(rf"{START}حلقهٔ (?:آموزش )?تمیز{END}"), "«حلقهٔ استاندارد آموزش»"),
    # the Persian editor's pass on the review's terminology (formal register, one term per concept)
    (re.compile(rf"{START}خودش(?:ان)?{END}"), "«خود» (formal register)"),
    (re.compile(rf"{START}(?<!تمرین )سری{END}"), "«سر خروجی» for a head («سری» reads as a series)"),
    (re.compile(rf"{START}خاموش"), "«غیرفعال» for an inactive unit"),
    (re.compile(rf"{START}(?<!ماتریس )ژاکوبی{END}"), "«ماتریس ژاکوبی» («ژاکوبی» alone reads as an adjective)"),
    (re.compile(rf"{START}سهمی‌وار"), "«سهمی‌گون»"),
    (re.compile(rf"{START}تکه‌ای‌خطی"), "«خطی تکه‌ای»"),
    (re.compile(rf"{START}شبکهٔ نرخ‌ها"), "«بازهٔ نرخ‌های آزموده» for a grid («شبکه» is a network)"),
    (re.compile(rf"{START}طبقه‌بند"), "«رده‌بند», «رده‌بندی» (one family with «رده»)"),
    (re.compile(rf"{START}فاصلهٔ دقت آموزش و آزمون"), "«شکاف تعمیم (generalization gap)»"),
    (re.compile(rf"{START}نرم(?= گرادیان)"), "«نُرم» for a norm («نرم» reads as soft)"),
    (re.compile(rf"{START}پررتبه"), "«با رتبهٔ بالا»"),
    (re.compile(rf"{START}هیچ انتخابی از"), "«با هیچ مقداری از … نمی‌توان» («no choice of» is a calque)"),
    (re.compile(rf"{START}(?:فرو می‌افتد|فرو ?بیفتد){END}"), "«افت می‌کند» for a decaying spectrum"),
    (re.compile(rf"{START}رنج نمی‌برد{END}"), "«دچار … نیست» («suffer from» is a calque)"),
    (re.compile(rf"{START}بی آنکه"), "«بی‌آنکه»"),
    (re.compile(rf"{START}اینکه{END}"), "«این‌که»"),
    (re.compile(r"؛ و(?= )"), "«؛» alone, or «،» and «و» («؛ و» is the English '; and')"),
    (re.compile(rf"{START}به جای{END}"), "«به‌جای»"),
    (re.compile(rf"{START}(?:یکی‌یکی|روی‌هم|همین‌طور|چقدر){END}"), "«جداگانه», «در مجموع», «نیز چنین است», «تا چه اندازه» (formal register)"),
]
# A Persian suffix glued to a formula («$d$های», «$1$اند»): write the noun («مقدارهای $d$») or a verb apart.
SUFFIX_ON_MATH = re.compile("\u200c?[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]")


def _blank(pattern, text):
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def prose(text):
    """`text` with code, math, links and the like blanked out (line numbers are kept)."""
    for pattern in NOT_PROSE:
        text = _blank(pattern, text)
    return text


def problems_in(text):
    """(line, message) for every typographic problem of a Persian text."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        for match in ARABIC_LETTERS.finditer(line):
            found.append((number, f"Arabic {match.group(0)!r}: use Persian ی or ک"))
    for number, line in enumerate(prose(text).splitlines(), 1):
        for match in JOINED_MI.finditer(line):
            word = match.group(0)
            if word not in NOT_VERBS_EXACT and not word.startswith(NOT_VERBS):
                found.append((number, f"{word!r}: put a zero-width non-joiner after {match.group(1)}"))
        for match in SPLIT_MI.finditer(line):
            found.append((number, f"{match.group(0)!r}: join می/نمی to the verb with a zero-width non-joiner"))
        for match in SPLIT_SUFFIX.finditer(line):
            found.append((number, f"{match.group(0)!r}: attach the suffix with a zero-width non-joiner"))
        for pattern, replacement in RETIRED:
            for match in pattern.finditer(line):
                found.append((number, f"{match.group(0)!r} is a retired variant: use {replacement}"))
    for number, line in enumerate(prose(_blank(FRONT_MATTER, text)).splitlines(), 1):
        for match in LATIN_DIGITS.finditer(line):
            found.append((number, f"Latin digits {match.group(0)!r} in Persian text: use Persian digits"))
    for match in INLINE_MATH.finditer(text):
        if SUFFIX_ON_MATH.match(text, match.end()):
            found.append((text.count("\n", 0, match.end()) + 1,
                          f"{text[match.start():match.end() + 4]!r}: a suffix glued to a formula; name the noun"))
    return found


def persian_sources():
    """(path, text) of the Persian pages and of the Persian cells of each notebook."""
    for path in sorted((DOCS / "fa").rglob("*.md")):
        yield path, path.read_text(encoding="utf-8")
    for path in sorted(NOTEBOOKS.glob("*.py")):
        cells = [cell for cell in jupytext.read(path).cells if "fa" in cell.metadata.get("tags", [])]
        yield path, "\n\n".join(cell.source if cell.cell_type == "markdown" else _strings(cell.source)
                                for cell in cells)


def _strings(code):
    """The Persian string literals of a code cell, one per line."""
    return "\n".join(re.findall(rf'"([^"\n]*[{LETTER}][^"\n]*)"', code))


def missing_twins():
    """Pages that exist in one edition only."""
    editions = {lang: {p.relative_to(DOCS / lang) for p in (DOCS / lang).rglob("*.md")} for lang in ("fa", "en")}
    return sorted(f"docs/{lang}/{page}: no twin in docs/{other}/"
                  for lang, other in (("fa", "en"), ("en", "fa"))
                  for page in editions[lang] - editions[other])


def main():
    report = [f"{path.relative_to(ROOT)}:{line}: {message}"
              for path, text in persian_sources() for line, message in problems_in(text)]
    report += missing_twins()
    print("\n".join(report) or "Persian lint: no problems")
    return 1 if report else 0


if __name__ == "__main__":
    sys.exit(main())
