"""Math typeset at build time, so that no reader's browser loads MathJax or waits for it.

One Node process per build (bookbuild/typeset.js, MathJax 3 from npm's mathjax-full) receives each page's formulas,
which arithmatex left as `<span class="arithmatex">\\(…\\)</span>` and `<div class="arithmatex">\\[…\\]</div>`, and
returns them as SVG with MathML beside it for screen readers. An inline formula that the browser can draw itself
becomes that MathML alone (bookbuild/mathml.py); every other formula gets the SVG in place of the TeX. The page gets
the glyphs that its SVG uses once at the start of its body, and MathJax's style sheet in its head. Answers are kept
in .cache/math (beside the notebooks' cache), so a page whose formulas did not change costs nothing, and Node starts
only when one did.
"""
import atexit
import hashlib
import html
import json
import re
import subprocess
from functools import cache
from pathlib import Path

from bookbuild import execute, mathml
from dlbook.text import localise_number

SCRIPT = Path(__file__).with_name("typeset.js")
MATHJAX_VERSION = SCRIPT.parents[1] / "node_modules" / "mathjax-full" / "package.json"
FORMULA = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.S)
TEX_ERROR = re.compile(r'data-mjx-error="([^"]*)"')
EQUATION_ID = re.compile(r' id="(mjx-eqn:[^"]*)"')
BODY = re.compile(r"<body\b[^>]*>")
EQREF_ONLY = re.compile(r"\\\(\s*\\eqref\{([^}]*)\}\s*\\\)")
SVG_LINK = re.compile(r"</?a\b[^>]*>")
NATIVE = '<math dir="ltr">'  # how a formula that the browser draws begins (bookbuild/mathml.py)
GLYPH = re.compile(r'<path id="([^"]*)".*?</path>', re.S)  # in the glyph cache
GLYPH_USE = re.compile(r'href="#(MJX-[^"]*)"')
EQUATION_NUMBER = re.compile(r"<mtext>\((.*?)\)</mtext>")  # the number that an \eqref shows, in its MathML
EQUATION_WORD = {"fa": "معادلهٔ", "en": "Equation"}
WIDTH = re.compile(r'(?:min-width: |width=")([\d.]+)ex')  # a display formula's width: its box's, else its SVG's
SCROLLS_AT = 45  # ex: wider than a phone's text column (about 330 px at 16 px), so the formula scrolls


class MathError(Exception):
    """A formula that cannot be typeset; the message quotes it."""


class Typesetter:
    def __init__(self, folder=None):
        self.process = None
        self.answers = {}  # a page's formulas -> MathJax's answer for them
        self.folder = folder  # where answers are kept between builds, if anywhere
        self.characters = set()  # of the formulas that the browser draws, to which the math font is cut

    def _start(self):
        if self.process is None or self.process.poll() is not None:
            self.process = subprocess.Popen(["node", str(SCRIPT)], cwd=SCRIPT.parents[1], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, text=True, encoding="utf-8")
            atexit.register(self.process.kill)
        return self.process

    def answer(self, formulas):
        if formulas in self.answers:
            return self.answers[formulas]
        kept = self.folder / f"{_key(formulas)}.json" if self.folder else None
        if kept and kept.exists():
            answer = json.loads(kept.read_text(encoding="utf-8"))
        else:
            process = self._start()
            process.stdin.write(json.dumps(formulas) + "\n")
            process.stdin.flush()
            line = process.stdout.readline()
            if not line:
                raise MathError(f"node {SCRIPT.name} stopped (its error is printed above); is `npm ci` done?")
            answer = json.loads(line)
            if kept:
                kept.parent.mkdir(parents=True, exist_ok=True)
                kept.write_text(line, encoding="utf-8")
        self.answers[formulas] = answer
        return answer

    def page(self, page_html, lang):
        """`page_html`, a page of edition `lang`, with its formulas typeset; MathError names the first that fails."""
        matches = list(FORMULA.finditer(page_html))
        if not matches:
            return page_html
        answer = self.answer(tuple(match.group(2) for match in matches))
        for match, svg in zip(matches, answer["math"]):
            _check(html.unescape(match.group(2)), svg)
        parts = iter(zip(answer["math"], answer["mathml"]))

        def place(match):
            tag, tex, (drawn, inline_mathml) = match.group(1), html.unescape(match.group(2)), next(parts)
            native = mathml.native(inline_mathml) if inline_mathml else None
            if native:
                drawn, characters = native
                self.characters |= characters
            return _place(tag, tex, drawn, lang)

        page_html = FORMULA.sub(place, page_html)
        if "<mjx-container" not in page_html:
            return page_html
        page_html = page_html.replace("</head>", f'<style id="mathjax">{answer["css"]}</style></head>', 1)
        # The glyphs come first: each formula's references to them are then resolved as it is parsed, not all at once
        # when the page's end arrives (a long task of a phone's main thread on a chapter).
        body = BODY.search(page_html)
        return page_html[:body.end()] + _used_glyphs(answer["cache"], page_html) + page_html[body.end():]


def _place(tag, tex, drawn, lang):
    """The typeset formula in its arithmatex element, linked so that hovering shows the equation (Material's
    instant preview, or a plain link without JavaScript):
    - a formula that is only \\eqref{label} becomes one HTML link around the number, where MathJax made an SVG one,
      named "Equation N" for screen readers;
    - a display formula with one label carries its id on the element, so that the preview shows the whole of it;
    - a display formula too wide for a phone is in the tab order, so that the keyboard can scroll it."""
    eqref = EQREF_ONLY.fullmatch(tex.strip())
    if eqref:
        target = html.escape(f"#mjx-eqn:{eqref.group(1)}")  # not %-encoded: Material's preview looks the id up as is
        number = localise_number(EQUATION_NUMBER.search(drawn).group(1), lang)
        return (f'<{tag} class="arithmatex"><a class="eqref" href="{target}" data-preview="" '
                f'aria-label="{EQUATION_WORD[lang]} {number}">{SVG_LINK.sub("", drawn)}</a></{tag}>')
    if tag == "span":
        return f'<span class="arithmatex">{drawn}</span>'
    ids = EQUATION_ID.findall(drawn)
    attributes = f' id="{ids[0]}"' if len(ids) == 1 else ""
    if float(WIDTH.search(drawn).group(1)) > SCROLLS_AT:
        attributes += ' tabindex="0"'  # it scrolls on a phone: the keyboard can scroll it too
    return f'<div class="arithmatex"{attributes}>{EQUATION_ID.sub("", drawn) if len(ids) == 1 else drawn}</div>'


def _used_glyphs(glyph_cache, page_html):
    """The glyph cache without the glyphs of formulas that the browser draws itself."""
    used = set(GLYPH_USE.findall(page_html))
    return GLYPH.sub(lambda glyph: glyph.group() if glyph.group(1) in used else "", glyph_cache)


@cache
def _typesetting():
    """What decides how formulas are typeset, read once: the script and MathJax's version."""
    return hashlib.sha256(SCRIPT.read_bytes() + MATHJAX_VERSION.read_bytes())


def _key(formulas):
    """A page's formulas and what decides how they are typeset."""
    digest = _typesetting().copy()
    digest.update(json.dumps(formulas).encode())
    return digest.hexdigest()[:32]


def _check(tex, svg):
    if "<mjx-container" not in svg:
        raise MathError(f"{tex!r} is not a formula: are its delimiters \\( \\), \\[ \\] or \\begin … \\end balanced?")
    error = TEX_ERROR.search(svg)
    if error:
        raise MathError(f"TeX error in {tex!r}: {html.unescape(error.group(1))}")
    if 'href="#"' in svg:
        raise MathError(f"{tex!r} refers to a label that no equation of its page has (\\eqref needs \\label)")


TYPESETTER = Typesetter(execute.CACHE.parent / "math")
