"""Inline formulas as the browser's own MathML, where MathML Core draws them as MathJax would.

A chapter holds hundreds of inline formulas. As SVG each is two trees, the drawing and the MathML beside it for
screen readers, and a phone's browser styles and lays out every element of both: most of a chapter's main-thread
work. An inline formula whose MathML stays within what Chromium draws (MathML Core) is therefore sent as that MathML
alone, set in Latin Modern Math (bookbuild/fonts.py), which is the design of MathJax's TeX font. Display formulas
keep MathJax's SVG: their tables, alignments and equation numbers are beyond MathML Core.

MathML Core draws only `mathvariant="normal"`, so the other variants become the characters that Unicode has for
them (bold x is 𝐱, double-struck R is ℝ), as the MathML Core specification advises.
"""
import re
import unicodedata
from xml.etree import ElementTree

from bookbuild import fonts

CORE = {"math", "mrow", "mi", "mo", "mn", "mtext", "mspace", "msub", "msup", "msubsup", "munder", "mover",
        "munderover", "mfrac", "mstyle", "mpadded", "mphantom"}  # no msqrt: Chromium draws its sign apart
DRAWN = {"stretchy", "fence", "separator", "form", "lspace", "rspace", "minsize", "maxsize", "movablelimits",
         "largeop", "symmetric", "accent", "accentunder", "width", "height", "depth", "voffset", "displaystyle",
         "scriptlevel", "linethickness", "mathcolor", "mathbackground"}  # attributes that MathML Core draws
DROPPED = re.compile(r"data-.*|href|class")  # MathJax's own, and an \eqref's link (made an HTML one)
TOKENS = {"mi", "mn", "mo", "mtext"}
NAMESPACE = "http://www.w3.org/1998/Math/MathML"
PRIMES = "′″‴⁗"


def _variants():
    """(mathvariant, character) -> the character Unicode has for it, read from Unicode's names: MATHEMATICAL BOLD
    SMALL X is bold x; the letters that Unicode had before its mathematical block (PLANCK CONSTANT for italic h,
    DOUBLE-STRUCK CAPITAL R, SCRIPT CAPITAL B, BLACK-LETTER CAPITAL C) fill the block's holes."""
    table = {}
    named = {"PLANCK CONSTANT": "italic", "DOUBLE-STRUCK": "double-struck", "SCRIPT": "script",
             "BLACK-LETTER": "fraktur"}
    for code in [*range(0x1D400, 0x1D800), *range(0x2100, 0x2150)]:
        name = unicodedata.name(chr(code), "")
        style = re.match(r"MATHEMATICAL (.*?) (?:SMALL|CAPITAL|DIGIT|NABLA|PARTIAL|EPSILON|THETA|KAPPA|PHI|RHO|PI)",
                         name)
        if style:
            variant = style.group(1).lower().replace(" ", "-").replace("sans-serif-bold", "bold-sans-serif")
        else:
            variant = next((value for prefix, value in named.items() if name.startswith(prefix + " ")
                            or name == prefix), None)
        base = unicodedata.normalize("NFKC", chr(code))
        if variant and len(base) == 1:
            table.setdefault((variant, base), chr(code))
    return table


VARIANTS = _variants()


def native(mathml):
    """The MathML of an inline formula (MathJax's, for screen readers) as the browser's own, with the characters the
    browser will draw; None where MathML Core would not draw it as MathJax does: an element or attribute it lacks, a
    variant without Unicode characters, a character that the math font lacks."""
    math = ElementTree.fromstring(mathml)
    for element in math.iter():
        element.tag = element.tag.removeprefix(f"{{{NAMESPACE}}}")
        element.tail = None  # MathJax's indentation
        if element.tag not in TOKENS:
            element.text = None
        if element.tag not in CORE or not _drawable(element):
            return None
    _unwrap(math)
    _primes(math)
    characters = set()
    for token in math.iter():
        if token.tag == "mi" and len(token.text or "") == 1 and "mathvariant" not in token.attrib:
            characters.add(VARIANTS.get(("italic", token.text), token.text))  # a lone letter is drawn italic
        else:
            characters.update(token.text or "")
    if not fonts.math_covers(characters):
        return None
    math.attrib = {"dir": "ltr"}
    return ElementTree.tostring(math, encoding="unicode"), characters


def _drawable(element):
    for name in list(element.attrib):
        if DROPPED.fullmatch(name):
            del element.attrib[name]
    variant = element.attrib.pop("mathvariant", None)
    if variant == "normal" and element.tag == "mi" and len(element.text or "") == 1:
        element.set("mathvariant", "normal")  # the one variant MathML Core draws: a lone letter upright
    elif variant not in (None, "normal"):
        if element.tag not in TOKENS or not element.text or any((variant, c) not in VARIANTS for c in element.text):
            return False
        element.text = "".join(VARIANTS[variant, c] for c in element.text)
    return set(element.attrib) - {"mathvariant"} <= DRAWN


def _primes(element):
    """A prime follows its letter, not above it as a superscript: Unicode's prime is already raised and small, and a
    superscript would raise and shrink it again (MathJax draws its superscript prime from another glyph)."""
    for index, child in enumerate(element):
        _primes(child)
        if child.tag == "msup" and child[1].tag == "mo" and set(child[1].text or "") <= set(PRIMES):
            row = ElementTree.Element("mrow")
            row.extend(child)
            row.tail = child.tail
            element[index] = row


def _unwrap(element):
    """An mrow with a single child, not an operator, is that child (MathJax wraps each TeX group in one)."""
    for index, child in enumerate(element):
        _unwrap(child)
        if child.tag == "mrow" and len(child) == 1 and child[0].tag != "mo" and not child.attrib:
            child[0].tail = child.tail
            element[index] = child[0]
