"""The reader's comforts, looked at in headless Chromium: phone and desktop widths, light and dark schemes."""
from urllib.parse import urljoin

import pytest

from bookbuild import pdf

CHAPTERS = [path for _, _, path, _ in pdf.chapters()]
PAGES = ["", "en/", *CHAPTERS, "notebooks/xor-gradients/", "en/notebooks/xor-gradients/",
         "bibliography/", "en/bibliography/", "glossary/", "en/glossary/"]
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
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    palette = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
    shots = tmp_path_factory.getbasetemp() / "screenshots"
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / f"{(path or 'index').replace('/', '_')}-{width}-{scheme}.png"))
    page.close()
    assert overflow <= 0, f"the page is {overflow}px wider than a {WIDTHS[width]}px screen"
    assert palette == ("slate" if scheme == "dark" else "default")


def test_the_light_dark_toggle_follows_the_system_until_used_then_keeps_the_choice(server, browser):
    """bookbuild/palette.js, which runs Material's toggle in place of Material's own script."""
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(urljoin(server, "en/xor-gradients/"), wait_until="load")
    scheme = "() => document.body.getAttribute('data-md-color-scheme')"
    assert page.evaluate(scheme) == "default"
    page.emulate_media(color_scheme="dark")  # the reader's system switches: so does the page, as nothing was chosen
    page.wait_for_function(f"({scheme})() === 'slate'")
    page.click("label[for='__palette_0']:visible")  # the one toggle shown: back to light, by choice
    assert page.evaluate(scheme) == "default"
    assert page.locator("label[for='__palette_1']").is_visible()  # the toggle now offers dark
    assert page.evaluate("document.querySelector('meta[name=theme-color]').content").startswith("rgb")
    page.goto(urljoin(server, "en/training/"), wait_until="load")
    assert page.evaluate(scheme) == "default"  # the choice holds on the next page, against the system's dark
    context.close()


def test_the_page_s_root_classes_are_set_once_in_the_head(server, browser):
    """A change of the classes of <html> makes Chromium restyle every element of the page (Material's
    `table:not([class])` rules); the head sets them as Material's script will want them, so that it changes none."""
    page = browser.new_page()
    page.add_init_script("""new MutationObserver(records => {
        for (const record of records)
          if (record.target === document.documentElement) (window.rootClasses ||= []).push(record.oldValue);
      }).observe(document, {attributes: true, attributeFilter: ["class"], attributeOldValue: true, subtree: true});""")
    page.goto(urljoin(server, "en/xor-gradients/"), wait_until="load")
    earlier = page.evaluate("(window.rootClasses || [])")
    final = page.evaluate("document.documentElement.className")
    page.close()
    assert final == "js js-focus-visible"
    assert set(earlier) <= {"no-js", final}, earlier  # the head's one change, then only adds of what is there


@pytest.mark.parametrize("path", ["softmax-bottleneck/", "en/glossary/"])
def test_tables_come_boxed_from_the_build_and_are_drawn_by_material_s_rules(server, browser, path):
    """bookbuild/tables.py: Material's scrolling box, reachable from the keyboard, left as built by Material's script
    (no box in a box), and the table styled by Material's rules copied for the mark (font size, border)."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(urljoin(server, path), wait_until="load")
    drawn = page.evaluate("""() => [...document.querySelectorAll("article table:not(.dataframe)")].map(table => [
        table.className, table.parentElement.className, table.parentElement.parentElement.className,
        table.parentElement.parentElement.tabIndex, getComputedStyle(table).fontSize,
        getComputedStyle(table).borderTopStyle])""")
    nested = page.locator(".md-typeset__scrollwrap .md-typeset__scrollwrap").count()
    page.close()
    assert drawn and nested == 0
    assert {tuple(row) for row in drawn} == {("book-table", "md-typeset__table", "md-typeset__scrollwrap", 0, "12.8px",
                                             "solid")}


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


READABILITY = r"""() => {
  const rgb = (colour) => colour.match(/[\d.]+/g).map(Number);
  const background = (element) => {  // the first ancestor with an opaque background
    for (let e = element; e; e = e.parentElement) {
      const [r, g, b, a = 1] = rgb(getComputedStyle(e).backgroundColor);
      if (a > 0.9) return [r, g, b];
    }
    return [255, 255, 255];
  };
  const luminance = (channels) => {
    const [r, g, b] = channels.map((c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a, b) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  const text = [...document.querySelectorAll("article pre code, article td, article th")]
    .filter((e) => e.textContent.trim())
    .map((e) => [e.textContent.trim().slice(0, 40),
                 contrast(luminance(rgb(getComputedStyle(e).color).slice(0, 3)), luminance(background(e)))])
    .filter(([, ratio]) => ratio < 4.5);
  const images = [...document.querySelectorAll("article img.notebook-output, article figure.book-figure img")]
    .filter((img) => getComputedStyle(img).backgroundColor !== "rgb(255, 255, 255)").map((img) => img.src);
  return {text, images};
}"""


@pytest.mark.parametrize("path", ["notebooks/activation-functions/", "en/notebooks/training-basics/", "training/"])
def test_notebook_output_tables_code_and_figures_are_readable_in_the_dark_scheme(pages, server, path):
    page = pages[("desktop", "dark")].new_page()
    page.goto(urljoin(server, path), wait_until="load")
    assert page.evaluate(READABILITY) == {"text": [], "images": []}  # contrast ≥ 4.5 (WCAG AA); figures on white
    page.close()
