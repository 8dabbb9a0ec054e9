"""axe-core (npm) over every page of both editions, in the light and the dark scheme and at a phone's width: no
serious or critical violation."""
from pathlib import Path
from urllib.parse import urljoin

import pytest

from test_browser import IDS, PAGES

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
SCHEMES = {"light": "default", "dark": "slate"}  # the reader's system setting -> Material's scheme
VIEWS = {  # name -> (scheme, browser context options): both schemes on a desktop, and a phone-wide window, where the
    # menu is a drawer and more blocks scroll (with a mouse: Material makes scrolling code focusable only then)
    "light": ("light", {}),
    "dark": ("dark", {}),
    "phone": ("light", {"viewport": {"width": 412, "height": 823}}),
}


def serious_violations(page, url, scheme):
    """Open `url` in `page` and run axe; one line per serious or critical violation: rule, impact, first targets.
    Material's palette follows the system setting (mkdocs.yml), so the page must show `scheme`."""
    page.goto(url, wait_until="load")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    page.wait_for_selector(f"body[data-md-color-scheme={SCHEMES[scheme]}]", timeout=5_000)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    lines = []
    for violation in result["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = [" >> ".join(node["target"]) for node in violation["nodes"]]
            more = f" and {len(targets) - 3} more" if len(targets) > 3 else ""
            lines.append(f"{violation['id']} ({violation['impact']}): {'; '.join(targets[:3])}{more}")
    return lines


@pytest.fixture(scope="module", params=list(VIEWS))
def scheme_page(browser, request):
    """One browser context per view, with one page that visits every page of the site in turn."""
    scheme, options = VIEWS[request.param]
    context = browser.new_context(color_scheme=scheme, **options)
    yield scheme, context.new_page()
    context.close()


@pytest.mark.parametrize("lang, path, twin", PAGES, ids=IDS)
def test_no_serious_accessibility_violation(server, scheme_page, lang, path, twin):
    scheme, page = scheme_page
    violations = serious_violations(page, urljoin(server, path), scheme)
    assert violations == [], f"/{path} ({scheme}):\n" + "\n".join(violations)
