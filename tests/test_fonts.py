"""The site's fonts, cut to the characters of its pages (bookbuild/fonts.py): what they draw is what the whole fonts
draw, a cut is made once, the math font is preloaded only where the browser draws math, and a missing font is an
error naming the Debian package."""
import base64
import html
import re

import pytest
from fontTools.ttLib import TTFont

from bookbuild import fonts, hooks, mathml

VAZIRMATN = hooks.NODE_MODULES / "vazirmatn" / "fonts" / "webfonts" / "Vazirmatn-Regular.woff2"
PERSIAN = "می‌توانیم گرادیان‌ها را با مشتق‌گیری خودکار بسنجیم، ۱۲۳."


def test_a_cut_of_vazirmatn_sets_persian_exactly_as_the_whole_font(browser, tmp_path):
    """Arabic script joins its letters by the font's layout features: the cut keeps them, so a Persian sentence is
    as wide, letter by letter, as in the whole font."""
    fonts.cut(VAZIRMATN, PERSIAN, tmp_path / "cut.woff2", tmp_path)
    assert (tmp_path / "cut.woff2").stat().st_size < VAZIRMATN.stat().st_size / 4
    faces = {name: base64.b64encode(path.read_bytes()).decode()
             for name, path in {"whole": VAZIRMATN, "cut": tmp_path / "cut.woff2"}.items()}
    style = "".join(f'@font-face {{ font-family: {name}; src: url("data:font/woff2;base64,{data}"); }}'
                    for name, data in faces.items())
    page = browser.new_page()
    page.set_content(f'<html dir="rtl"><head><style>{style}</style></head><body>'
                     f'<span style="font: 30px whole">{PERSIAN}</span><br><span style="font: 30px cut">{PERSIAN}'
                     '</span></body></html>')
    widths = page.evaluate("document.fonts.ready.then(() => [...document.querySelectorAll('span')]"
                           ".map(span => span.getBoundingClientRect().width))")
    page.close()
    assert widths[0] == pytest.approx(widths[1], abs=0.5)


def test_a_cut_of_the_math_font_keeps_its_math_table_and_is_made_once(tmp_path, monkeypatch):
    fonts.cut(fonts.math_font(), "𝑥+∑", tmp_path / "a.woff2", tmp_path / "cuts", features=())
    font = TTFont(tmp_path / "a.woff2")
    assert set(font.getBestCmap()) == {ord(c) for c in "𝑥+∑"} and "MATH" in font
    assert "summation.v1" in font.getGlyphOrder()  # the larger sum of a display, reached through the MATH table
    monkeypatch.setattr(fonts.subset, "Subsetter", None)  # a second cut of the same characters would fail
    fonts.cut(fonts.math_font(), "∑+𝑥", tmp_path / "b.woff2", tmp_path / "cuts", features=())
    assert (tmp_path / "b.woff2").read_bytes() == (tmp_path / "a.woff2").read_bytes()


def test_a_missing_math_font_is_an_error_naming_the_debian_package(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "MATH", tmp_path / "latinmodern-math.otf")
    with pytest.raises(fonts.MissingFont, match="fonts-lmodern"):
        fonts.cut(fonts.math_font(), "x", tmp_path / "math.woff2", tmp_path)


def test_the_math_font_is_preloaded_only_where_the_browser_draws_math():
    with_math = '<p><span class="arithmatex"><math dir="ltr"><mi>x</mi></math></span></p>'
    preloaded = re.findall(r'href="([^"]*)"', hooks._preload_fonts(with_math, "en/page/"))
    assert preloaded == ["../../assets/vendor/vazirmatn/Vazirmatn-Regular.woff2",
                         "../../assets/vendor/vazirmatn/Vazirmatn-Bold.woff2", "../../assets/fonts/math.woff2"]
    assert "math.woff2" not in hooks._preload_fonts("<p>no math</p>", "en/page/")


def test_the_sites_fonts_are_cut_and_draw_every_character_of_its_pages(site):
    """Every character of every page's text is in the cut of Vazirmatn; every character of the math that the browser
    draws is in the cut of the math font."""
    regular = set(TTFont(site / "assets/vendor/vazirmatn/Vazirmatn-Regular.woff2").getBestCmap())
    math = set(TTFont(site / fonts.MATH_TARGET).getBestCmap())
    assert (site / "assets/vendor/vazirmatn/Vazirmatn-Regular.woff2").stat().st_size < VAZIRMATN.stat().st_size / 2
    whole = set(TTFont(VAZIRMATN).getBestCmap())
    for page in site.rglob("*.html"):
        source = page.read_text(encoding="utf-8")
        text = html.unescape(re.sub(r"<(script|style|svg|math)\b.*?</\1>|<[^>]*>", " ", source, flags=re.S))
        missing = {c for c in text if ord(c) in whole and ord(c) not in regular}
        assert not missing, (page, missing)
        for formula in re.findall(r'<math dir="ltr">.*?</math>', source, re.S):
            for token, attributes, text in re.findall(r"<(mi|mn|mo|mtext)( [^>]*)?>([^<]*)</\1>", formula):
                text = html.unescape(text)
                if token == "mi" and len(text) == 1 and not attributes:  # a lone letter, which is drawn italic
                    text = mathml.VARIANTS.get(("italic", text), text)
                assert {ord(c) for c in text} <= math, (page, formula)
