"""Latin words in Persian prose, read in their place.

The Unicode bidirectional algorithm lays out a right-to-left line by runs of one direction. Neutral characters (a
space, a Persian comma, a parenthesis) between two Latin words take the Latin direction, and so does a number after
a Latin word: «PyTorch، Adam» becomes one left-to-right run, and a right-to-left reader meets Adam first; «PTB ۲۲»
is met number first, «(Lippe، ۲۰۲۲)» year first. In the Persian edition every maximal Latin run of the prose is
therefore isolated in a <bdi> element: to the line around it, an isolated run is one neutral character, so that
Latin runs, numbers and punctuation keep their logical order (UAX #9, isolates). Code, math and elements with a
declared direction are isolated already and are left alone. The site, the PDFs and the EPUB are made from the same
pages, so all three read right.
"""
import re
from functools import lru_cache

from bookbuild import prose

# A Latin word (Latin digits before its first letter included: "2P"), and what joins Latin words into one name or
# phrase: a space, a hyphen or dash, an apostrophe, a dot, a slash, a plus or an underscore between two letters or
# Latin digits ("leaky ReLU", "MNIST-1D", "Glorot's").
LATIN = re.compile(r"[0-9]*[A-Za-z][A-Za-z0-9]*(?:[-–.'’/+_ ]?[A-Za-z0-9]+)*")
ISOLATED = {"bdi", "code", "pre", "kbd", "samp", "script", "style", "svg", "math", "mjx-container"}


def _skipped(tag, attributes):
    return tag in ISOLATED or "dir" in attributes or "arithmatex" in prose.classes(attributes)


@lru_cache(maxsize=64)  # under `mkdocs serve`, a rebuild after an edit redoes only the edited pages
def isolate(page):
    """`page` (the HTML of a Persian page's article) with each maximal Latin run of its prose in a <bdi>."""
    pieces, done = [], 0
    for start, end in prose.text_runs(page, _skipped):
        for match in LATIN.finditer(page, start, end):
            pieces += [page[done:match.start()], "<bdi>", match.group(), "</bdi>"]
            done = match.end()
    return "".join(pieces) + page[done:]
