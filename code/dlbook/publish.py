"""What a notebook hands to the chapter pages: figures with captions, measured values and tables of them, short
texts, and whether the chapter's claims held.

The build sets BOOK_OUTPUT to a folder per notebook and language; the pages then show these figures and quote
these values (see bookbuild/markup.py). Run by hand, without BOOK_OUTPUT, the notebook only shows them.
"""
import json
import math
import os
import re
from pathlib import Path

from IPython.display import Markdown, display
from matplotlib import pyplot as plt

from dlbook.plotting import localise_axes
from dlbook.stats import Interval, p_number
from dlbook.text import language, localise_prose, localise_rows, localise_value, markdown_table, show


def _output():
    folder = os.environ.get("BOOK_OUTPUT")
    return Path(folder) if folder else None


def _record(manifest, name, entry):
    folder = _output()
    if folder is None:
        return
    path = folder / manifest
    entries = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    if name in entries:
        raise ValueError(f"{name!r} is published twice in {manifest}")
    entries[name] = entry
    path.write_text(json.dumps(entries, ensure_ascii=False, indent=1), encoding="utf-8")


def figure(fig, name, caption, alt):
    """Save `fig` as figures/<name>.svg with its caption and alt text (in the edition's language), and show it with
    its alt text in the output's metadata."""
    if not caption or not alt:
        raise ValueError(f"figure {name!r} needs a caption and an alt text")
    localise_axes(fig)
    folder = _output()
    if folder is not None:
        (folder / "figures").mkdir(parents=True, exist_ok=True)
        fig.savefig(folder / "figures" / f"{name}.svg", metadata={"Date": None})
    _record("figures.json", name, {"caption": caption, "alt": alt})
    display(fig, metadata={"alt": alt})  # the notebook's page uses it as the image's alt text
    plt.close(fig)


def format_number(number, spec):
    """Format with a str.format spec; scientific notation becomes LaTeX, e.g. 3.2e-15 -> \\(3.2 \\times 10^{-15}\\),
    except for an ordinary number, from 0.01 to 10, which is written out with the same significant digits: 8.3e-01
    -> 0.83 (a spec in "e" is for values whose scale varies, such as a KL that may be 0.1 or 1e-15)."""
    if not math.isfinite(number):
        raise ValueError(f"cannot publish the non-finite number {number}")
    text = format(number, spec)
    if text.startswith("-") and not any(c in "123456789" for c in text.split("e")[0]):
        text = text[1:]  # a tiny negative number rounds to 0, not "-0.00"
    if "e" in text and number == 0:
        return "0"
    if "e" in text:
        mantissa, exponent = text.split("e")
        if -2 <= int(exponent) <= 0:
            decimals = len(mantissa.partition(".")[2]) - int(exponent)
            return f"{float(text):.{decimals}f}"
        return rf"\({mantissa} \times 10^{{{int(exponent)}}}\)"
    return text


HELD = {"fa": {True: "برقرار است", False: "برقرار نیست"}, "en": {True: "held", False: "did NOT hold"}}
CLAIM = {"fa": "ادعای", "en": "claim"}
PERSIAN = re.compile("[\u0600-\u06ff]")


def value(name, number, spec):
    """Publish a measured number under `name`, formatted with `spec` (e.g. '.1%', '.2e', 'd'), and show it."""
    text = format_number(number, spec)
    _record("values.json", name, text)
    show(f"`{name}` = {localise_value(text, language())}", f"{name} = {format(number, spec)}")


def text(name, text):
    """Publish a short text already written in the edition's language (e.g. a verdict), and show it. Pages quote it
    as is."""
    _record("texts.json", name, text)
    show(f"`{name}`: {localise_prose(text, language())}", f"{name}: {text}")


def claim(name, held, measured):
    """Publish whether a statement of the chapter held in this build, with `measured`: the numbers and the test
    result, in the edition's language. A claim that did not hold raises nothing here: its page shows it and the
    strict build stops on it (bookbuild/hooks.py)."""
    _record("claims.json", name, {"held": bool(held), "measured": measured})
    lang = language()
    if lang == "fa" and not PERSIAN.search(measured):  # a check in the notebook's own terms: shown as code
        measured_shown = f"`{measured}`"
    else:
        measured_shown = localise_prose(measured, lang)
    show(f"{CLAIM[lang]} `{name}`: {HELD[lang][bool(held)]} — {measured_shown}",
         f"claim {name}: {HELD['en'][bool(held)]} — {measured}")


def table(name, header, rows, specs):
    """Publish a table of results: `header` in the edition's language, `rows` of cells, and one format spec per
    column (None for a text column, "p" for p-values, written as stats.p_number writes them). A stats.Interval cell
    is written "mean (low–high)", a (value, half-width) tuple "value ± half". Number columns get Persian digits on the
    fa edition, both where the notebook shows the table and where a page quotes it. stats.verdict_table gives the
    header, rows and specs of a table of verdicts."""
    if not all(len(row) == len(header) == len(specs) for row in rows):
        raise ValueError(f"table {name!r}: every row needs one cell per column of the header")
    cells = [[_cell(cell, spec) for cell, spec in zip(row, specs)] for row in rows]
    numeric = [spec is not None for spec in specs]
    _record("tables.json", name, {"header": header, "rows": cells, "numeric": numeric})
    display(Markdown(markdown_table(header, localise_rows(cells, numeric, language()))))


def _cell(cell, spec):
    if spec is None:
        return cell
    if isinstance(cell, Interval):
        return f"{format_number(cell.mean, spec)} ({format_number(cell.low, spec)}–{format_number(cell.high, spec)})"
    if isinstance(cell, tuple):  # (value, half-width): a "+" in the spec signs the value only
        centre, *halves = cell
        return " ± ".join([format_number(centre, spec)] + [format_number(h, spec.replace("+", "")) for h in halves])
    if spec == "p":
        return p_number(cell)
    return format_number(cell, spec)
