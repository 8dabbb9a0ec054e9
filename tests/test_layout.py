"""The reader's comforts, looked at in headless Chromium: phone and desktop widths, light and dark schemes."""
from urllib.parse import urljoin

import pytest

from bookbuild import pdf

CHAPTERS = [path for _, _, path, _ in pdf.chapters()]
PAGES = ["", "en/", *CHAPTERS, "notebooks/xor-gradients/", "en/notebooks/xor-gradients/"]
WIDTHS = {"phone": 360, "desktop": 1280}


@pytest.fixture(scope="module")
def pages(browser):
    contexts = {(width, scheme): browser.new_context(viewport={"width": WIDTHS[width], "height": 800},
                                                     color_scheme=scheme)
                for width in WIDTHS for scheme in ("light", "dark")}
    yield contexts
    for context in contexts.values():
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("path", PAGES, ids=[p or "index" for p in PAGES])
def test_no_horizontal_overflow_and_the_right_scheme(pages, server, tmp_path_factory, path, width, scheme):
    page = pages[(width, scheme)].new_page()
    page.goto(urljoin(server, path), wait_until="load")
    page.evaluate("() => window.MathJax && MathJax.startup ? MathJax.startup.promise.then(() => true) : 0")
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    palette = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
    shots = tmp_path_factory.getbasetemp() / "screenshots"
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / f"{(path or 'index').replace('/', '_')}-{width}-{scheme}.png"))
    page.close()
    assert overflow <= 0, f"the page is {overflow}px wider than a {WIDTHS[width]}px screen"
    assert palette == ("slate" if scheme == "dark" else "default")


def test_figures_open_larger_on_click(server, browser):
    page = browser.new_page()
    page.goto(urljoin(server, "xor-gradients/"), wait_until="load")
    page.click("figure.book-figure a.glightbox")
    page.wait_for_selector(".glightbox-container .gslide-image img", state="visible")
    page.close()


def test_code_has_copy_buttons_notebooks_a_download_button_and_pages_previous_and_next(server, browser):
    page = browser.new_page()
    page.goto(urljoin(server, "notebooks/xor-gradients/"), wait_until="load")
    assert page.locator("a.md-footer__link--prev").count() == 1
    assert page.locator("a.md-footer__link--next").count() == 1
    page.wait_for_selector("button.md-code__button[data-clipboard-target]", state="attached")  # added by Material
    assert page.locator("a.notebook-download[download]").count() == 1
    page.close()


@pytest.mark.parametrize("path", ["training/", "en/notebooks/training-basics/"])
def test_the_browsers_own_print_hides_the_chrome_and_wraps_code(server, browser, path):
    page = browser.new_page()
    page.goto(urljoin(server, path), wait_until="load")
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => [".md-header", ".md-sidebar--primary", ".md-footer", ".md-code__nav"]
        .map((selector) => document.querySelector(selector))
        .filter((element) => element && getComputedStyle(element).display !== "none").length""")
    wrapping = page.evaluate("getComputedStyle(document.querySelector('.md-typeset pre')).whiteSpace")
    page.close()
    assert hidden == 0
    assert wrapping == "pre-wrap"
