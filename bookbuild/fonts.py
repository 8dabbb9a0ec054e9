"""The site's fonts, cut down to the characters that its pages use (fontTools), as WOFF2.

- Vazirmatn (npm), the text of both editions, regular and bold: 51 KB a weight in full, for Arabic, Persian and Latin
  script alike, of which a page of the book uses under 200 characters. Each weight is cut to the characters of the
  built pages, plus ASCII and the Persian alphabet, so that a search typed in either language is set in it too.
  A phone fetches the fonts before its first paint (they are preloaded), so this is time to the first paint.
- Latin Modern Math, the OpenType design of MathJax's TeX font, from Debian's fonts-lmodern
  (tools/install-system-packages.sh), for the formulas that the browser draws itself (bookbuild/mathml.py): 730 KB
  in full, cut to the characters of those formulas. Its licence (the GUST Font License) allows this; the name table,
  licence included, is kept whole, as in Vazirmatn's cuts.

Cuts are kept in .cache/fonts by font and characters, so a rebuild that adds no character cuts nothing.
"""
import hashlib
import shutil
import string
from functools import cache
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

MATH = Path("/usr/share/texmf/fonts/opentype/public/lm-math/latinmodern-math.otf")
MATH_TARGET = "assets/fonts/math.woff2"  # in the site; book.css serves it as the family "Book Math"
TYPED = string.printable + "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیءأؤئ۰۱۲۳۴۵۶۷۸۹،؛؟«»\u200c"  # a search's query


class MissingFont(Exception):
    """Latin Modern Math is not installed."""


def math_font():
    """The path of Latin Modern Math; MissingFont if it is not installed."""
    if not MATH.exists():
        raise MissingFont(f"{MATH} is missing: install Debian's fonts-lmodern (tools/install-system-packages.sh, "
                          "which every make target runs)")
    return MATH


@cache
def _math_characters():
    return frozenset(TTFont(math_font(), lazy=True).getBestCmap())


def math_covers(characters):
    """Whether the math font has every one of `characters`."""
    return all(ord(character) in _math_characters() for character in characters)


def cut(source, characters, target, folder, features=("*",)):
    """The font at `source`, cut down to `characters` and what draws them (the glyphs that its layout `features` or
    its MATH table's larger and stretched forms reach from theirs), written to `target` as WOFF2."""
    source = Path(source)
    text = "".join(sorted(set(characters)))
    key = hashlib.sha256(f"{source.name} {source.stat().st_size} {features} {text}".encode()).hexdigest()[:32]
    kept = Path(folder) / f"{source.stem}-{key}.woff2"
    if not kept.exists():
        options = subset.Options(flavor="woff2", layout_features=list(features), name_IDs=["*"])
        options.drop_tables.append("FFTM")  # FontForge's timestamps
        cutter = subset.Subsetter(options)
        cutter.populate(text=text)
        font = TTFont(source)
        cutter.subset(font)
        kept.parent.mkdir(parents=True, exist_ok=True)
        subset.save_font(font, kept, options)
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(kept, target)
