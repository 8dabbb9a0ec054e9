"""Math typeset at build time (bookbuild/typeset.py and typeset.js): SVG with MathML, or the browser's own MathML for
an inline formula that it draws as MathJax does (bookbuild/mathml.py); numbers and links that work; a formula that
cannot be typeset stops the build naming the page and the formula."""
import base64
import io
import json
import re
import subprocess
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError
from PIL import Image, ImageChops

from bookbuild import fonts, hooks, mathml, typeset


def page(body):
    return f"<html><head><title>t</title></head><body>{body}</body></html>"


@pytest.fixture(scope="module")
def typesetter():
    return typeset.Typesetter()


def test_display_formulas_become_svg_with_mathml_and_inline_ones_the_browsers_mathml(typesetter):
    html = typesetter.page(page('<p><span class="arithmatex">\\(x^2 &lt; 1\\)</span></p>'
                                '<div class="arithmatex">\\[\\sum_i w_i\\]</div>'), "en")
    assert "\\(" not in html and "\\[" not in html
    assert ('<span class="arithmatex"><math dir="ltr"><msup><mi>x</mi><mn>2</mn></msup>'
            '<mo lspace="0.2778em" rspace="0.2778em">&lt;</mo><mn>1</mn></math></span>') in html
    assert html.count("<mjx-container") == 1
    assert html.count("<mjx-assistive-mml") == 1 and "<mo data-mjx-texclass=\"OP\">∑</mo>" in html  # read aloud
    assert html.index('<svg style="display: none;" id="MJX-SVG-global-cache">') < html.index("<mjx-container")
    assert re.search(r'<style id="mathjax">.*mjx-container.*</style></head>', html, re.S)
    glyphs = re.findall(r'<path id="MJX-TEX-([^"]*)"', html)  # only those of the SVG: not x, <, 1 or 2
    assert "I-1D464" in glyphs and "I-1D465" not in glyphs and len(glyphs) == 3
    assert {"𝑥", "<", "1", "2"} <= typesetter.characters  # the math font is cut to them (x is drawn italic)


def test_a_page_whose_formulas_the_browser_draws_gets_no_glyphs_and_no_mathjax_styles(typesetter):
    html = typesetter.page(page('<p><span class="arithmatex">\\(a + b\\)</span></p>'), "en")
    assert typeset.NATIVE in html and "MJX" not in html and "<style" not in html


@pytest.mark.parametrize("tex, why", [
    ("\\(\\sqrt{x}\\)", "MathML Core's root sign is not MathJax's"),
    ("\\(\\boxed{x}\\)", "menclose is not in MathML Core"),
    ("\\(\\mathbf{+}\\)", "Unicode has no bold plus"),
    ("\\(\\square\\)", "Latin Modern Math has no ◻"),
])
def test_an_inline_formula_that_the_browser_would_draw_otherwise_stays_svg(typesetter, tex, why):
    html = typesetter.page(page(f'<p><span class="arithmatex">{tex}</span></p>'), "en")
    assert "<mjx-container" in html and typeset.NATIVE not in html, why


@pytest.mark.parametrize("tex, spaced", [
    ("a - b", '<mi>a</mi><mo lspace="0.2222em" rspace="0.2222em">−</mo><mi>b</mi>'),  # a binary minus
    ("(-1)", '<mo stretchy="false" lspace="0" rspace="0">(</mo><mo lspace="0" rspace="0">−</mo>'),  # a sign
    ("f(x, y)", '<mo lspace="0" rspace="0.1667em">,</mo><mi>y</mi>'),
    ("x\\log y", '<mi>x</mi><mspace width="0.1667em" /><mi>log</mi>'),
    ("h = \\max\\{0, z\\}", '<mo lspace="0.2778em" rspace="0">=</mo><mo movablelimits="true" lspace="0.2778em" '
                               'rspace="0">max</mo><mo fence="false" stretchy="false" lspace="0" rspace="0">{</mo>'),
    ("a + \\sum_i b_i", '<mo lspace="0.2222em" rspace="0">+</mo><munder><mo lspace="0.2222em" '
                        'rspace="0.1667em">∑</mo>'),  # the sum with its limits is spaced as one operator
])
def test_the_browsers_mathml_is_spaced_as_tex_spaces_it(typesetter, tex, spaced):
    assert spaced in typesetter.page(page(f'<span class="arithmatex">\\({tex}\\)</span>'), "en")


def test_variants_become_unicode_characters_which_mathml_core_draws():
    assert [mathml.VARIANTS[variant, c] for variant, c in [
        ("bold", "x"), ("bold", "2"), ("italic", "h"), ("double-struck", "R"), ("double-struck", "E"),
        ("script", "B"), ("fraktur", "C"), ("bold-italic", "δ"), ("bold-sans-serif", "A"), ("monospace", "z")]] == [
        "𝐱", "𝟐", "ℎ", "ℝ", "𝔼", "ℬ", "ℭ", "𝜹", "𝗔", "𝚣"]
    drawn, characters = mathml.native('<math xmlns="http://www.w3.org/1998/Math/MathML"><mrow><mi mathvariant='
                                      '"bold">h</mi></mrow><mo>∈</mo><mi mathvariant="double-struck">R</mi>'
                                      '<mi mathvariant="normal">d</mi><mi>c</mi></math>')
    assert drawn == ('<math dir="ltr"><mi>𝐡</mi><mo>∈</mo><mi>ℝ</mi><mi mathvariant="normal">d</mi><mi>c</mi>'
                     '</math>')
    assert characters == {"𝐡", "∈", "ℝ", "d", "𝑐"}


def test_equations_are_numbered_and_eqref_links_to_them_even_before_the_equation(typesetter):
    html = typesetter.page(page(
        '<p><span class="arithmatex">\\(\\eqref{eq:b}\\)</span></p>'
        '<div class="arithmatex">\\begin{equation} a = 1 \\label{eq:a} \\end{equation}</div>'
        '<div class="arithmatex">\\begin{equation} b = 2 \\label{eq:b} \\end{equation}</div>'), "en")
    assert "<mtext>(2)</mtext>" in html  # the reference reads "(2)": the second equation
    # one HTML link (hover previews it; without JavaScript it is a plain link) to the equation's element
    assert ('<a class="eqref" href="#mjx-eqn:eq:b" data-preview="" aria-label="Equation 2">'
            '<math dir="ltr"><mtext>(2)</mtext></math></a>') in html
    assert html.count("<a ") == 1
    persian = typesetter.page(page('<span class="arithmatex">\\(\\eqref{eq:e}\\)</span>' +
                                   '<div class="arithmatex">\\begin{equation} e \\label{eq:e} \\end{equation}</div>'),
                              "fa")
    assert 'aria-label="معادلهٔ ۱"' in persian
    assert '<div class="arithmatex" id="mjx-eqn:eq:b">' in html and html.count('id="mjx-eqn:eq:b"') == 1


def test_each_page_numbers_its_equations_from_one(typesetter):
    def equation(name):
        return f'<div class="arithmatex">\\begin{{equation}} {name} \\label{{eq:{name}}} \\end{{equation}}</div>'
    first = typesetter.page(page(equation("c")), "en")
    second = typesetter.page(page(equation("c") + equation("d")), "en")
    assert "<mtext>(1)</mtext>" in first and "<mtext>(2)</mtext>" in second


@pytest.mark.parametrize("tex, cause", [
    ("\\(\\frac{1}{\\nosuchmacro}\\)", r"TeX error in .*nosuchmacro.*: Undefined control sequence \\nosuchmacro"),
    ("\\(\\eqref{eq:nowhere}\\)", r"eqref\{eq:nowhere\}.* refers to a label that no equation of its page has"),
    ("\\(\\frac{1}{2\\)", r"is not a formula"),
])
def test_a_formula_that_cannot_be_typeset_is_an_error_quoting_it(typesetter, tex, cause):
    with pytest.raises(typeset.MathError, match=cause):
        typesetter.page(page(f'<p><span class="arithmatex">{tex}</span></p>'), "en")


def test_one_node_process_serves_every_page_and_answers_are_reused(typesetter):
    typesetter.page(page('<span class="arithmatex">\\(y\\)</span>'), "en")
    process = typesetter.process
    typesetter.page(page('<span class="arithmatex">\\(z\\)</span>'), "en")
    assert typesetter.process is process and process.poll() is None
    assert typesetter.page(page('<span class="arithmatex">\\(z\\)</span>'), "en").count(typeset.NATIVE) == 1
    assert len(typesetter.answers) >= 2


def test_a_math_error_in_the_build_names_the_page():
    built = SimpleNamespace(file=SimpleNamespace(src_uri="en/chapter.md"), url="en/chapter/", meta={})
    config = SimpleNamespace(docs_dir=str(hooks.ROOT / "docs"))
    with pytest.raises(PluginError, match=r"docs/en/chapter.md: TeX error in '\\\\\(\\\\oops\\\\\)'"):
        hooks.on_post_page(page('<span class="arithmatex">\\(\\oops\\)</span>'), page=built, config=config)


def test_answers_are_kept_on_disk_and_a_later_build_reads_them_without_node(tmp_path):
    formula = page('<span class="arithmatex">\\(e^{i\\pi}\\)</span>')
    first = typeset.Typesetter(tmp_path)
    html = first.page(formula, "en")
    assert first.process is not None and len(list(tmp_path.glob("*.json"))) == 1
    later = typeset.Typesetter(tmp_path)
    assert later.page(formula, "en") == html and later.process is None


def test_a_display_formula_too_wide_for_a_phone_is_in_the_tab_order_and_a_narrow_one_is_not(typesetter):
    wide = "+".join(f"x_{{{i}}}" for i in range(40))
    html = typesetter.page(page(f'<div class="arithmatex">\\[{wide}\\]</div><div class="arithmatex">\\[y\\]</div>'),
                           "en")
    assert html.count('tabindex="0"') == 1 and '<div class="arithmatex" tabindex="0"><mjx-container' in html


DRAWN = [  # formulas whose MathJax groups are dissolved in many ways: shifts, scales, tables, labels, links, colour
    r"\(\mathbf{a}+\boldsymbol{\delta}\)",
    r"\[\frac{\partial L}{\partial w_{ij}} = \sum_{k=1}^{n} x_k^{2}\,\sqrt{\tfrac{1}{2}\sigma'(z)}\]",
    r"\begin{equation}\label{eq:m} W = \begin{pmatrix} w_{11} & w_{12} \\ w_{21} & w_{22} \end{pmatrix},"
    r"\quad \hat{y} = \operatorname{softmax}\left(\frac{\exp z_i}{\sum_j \exp z_j}\right)\end{equation}",
    r"\begin{align} h &= \max\{0, W^\top x + c\} \tag{3} \\ \mathcal{L} &= \tfrac{1}{4}\textstyle\sum_{i} (y_i - "
    r"\hat y_i)^2 \end{align}",
    r"\(\overbrace{a + b}^{n} \underbrace{c}_{m} \color{red}{\tilde{x}} \text{ and } \eqref{eq:m}\)",
]


def test_dissolving_mathjax_groups_changes_no_pixel(browser, tmp_path):
    """typeset.js dissolves the SVG groups that only shift their content: each formula, drawn by Chromium, is the
    same picture as MathJax's own SVG. Far fewer elements: that is what it is for."""
    script = ("const { typeset } = require('./bookbuild/typeset.js');"
              f"const formulas = {json.dumps(DRAWN)};"
              "process.stdout.write(JSON.stringify([typeset(formulas, { flat: false }), typeset(formulas)]));")
    mathjax, flat = json.loads(subprocess.run(["node", "-e", script], cwd=typeset.SCRIPT.parents[1], check=True,
                                              capture_output=True, text=True).stdout)
    elements = [sum(math.count("<") for math in answer["math"]) for answer in (mathjax, flat)]
    assert elements[1] < 0.7 * elements[0]
    page = browser.new_page(device_scale_factor=2)
    shots = []
    for answer in (mathjax, flat):
        formulas = "".join(f'<div class="f" style="display:inline-block">{math}</div><br>' for math in answer["math"])
        page.set_content(f'<html><head><style>{answer["css"]}</style></head><body style="font-size:20px">'
                         f'{formulas}{answer["cache"]}</body></html>')
        shots.append([Image.open(io.BytesIO(formula.screenshot())).convert("L")
                      for formula in page.locator("div.f").all()])
    page.close()
    for tex, before, after in zip(DRAWN, *shots):
        assert before.size == after.size, tex
        differing = ImageChops.difference(before, after).point(lambda value: 255 if value > 64 else 0).histogram()[255]
        assert differing <= 0.002 * before.width * before.height, f"{tex}: {differing} pixels differ"


SPACED = [r"\(a - b\)", r"\(U(-1/n, 1/n)\)", r"\(h = \max\{0, z\}\)", r"\(x \log y + \sum_i a_i\)",
          r"\(\mathbf{h}_c^\top \mathbf{w}_x \in \mathbb{R}^d\)", r"\(f'(x) = \tfrac{1}{2}\)",
          r"\(\mathbb{E}[h^2] \approx \operatorname{Var}(z)\)", r"\(p(y \mid x) \propto e^{-\|x\|^2}\)"]


def test_the_browser_draws_an_inline_formula_as_wide_as_mathjax_does(browser, tmp_path):
    """Each formula drawn from its MathML in the math font, by book.css's rules, is as wide as MathJax's SVG of it, in
    a paragraph of the same text font: within 7 % each (LM Math's glyphs and script shifts are not quite MathJax's),
    within 2.5 % on average. A wrong size, or TeX's spaces lost, would be off by a tenth."""
    typesetter = typeset.Typesetter()
    native = [typesetter.page(f'<span class="arithmatex">{tex}</span>', "en") for tex in SPACED]
    assert all(typeset.NATIVE in drawn for drawn in native)
    svg = typesetter.answer(tuple(SPACED))
    fonts.cut(fonts.math_font(), typesetter.characters, tmp_path / "math.woff2", tmp_path, features=())
    font = base64.b64encode((tmp_path / "math.woff2").read_bytes()).decode()
    css = (hooks.ROOT / "docs" / "assets" / "css" / "book.css").read_text(encoding="utf-8")
    css = css.replace('url("../fonts/math.woff2")', f'url("data:font/woff2;base64,{font}")')
    body = "".join(f'<p>x <span class="native">{a}</span> x <span class="svg">{b}</span></p>'
                   for a, b in zip(native, svg["math"]))
    page = browser.new_page()
    page.set_content(f'<html><head><style>{svg["css"]}{css}</style></head><body style="font: 20px serif">'
                     f'{body}{svg["cache"]}</body></html>')
    assert page.evaluate("document.fonts.ready.then(() => document.fonts.check('20px \"Book Math\"', '𝑥'))")
    ratios = page.evaluate("""[...document.querySelectorAll("p")].map(p =>
        p.querySelector(".native math").getBoundingClientRect().width /
        p.querySelector(".svg svg").getBoundingClientRect().width)""")
    page.close()
    assert all(abs(1 - ratio) < 0.07 for ratio in ratios), dict(zip(SPACED, ratios))
    assert abs(1 - sum(ratios) / len(ratios)) < 0.025, ratios
