"""`make offline`: the book opened straight from disk (file://), with search, and nothing fetched from elsewhere."""
import os
import subprocess
import sys

import pytest

from conftest import ROOT, search_results


@pytest.fixture(scope="module")
def offline(site, tmp_path_factory):
    """The offline variant, built as `make offline` builds it (after the main build, so from the cache)."""
    folder = tmp_path_factory.mktemp("offline") / "book"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(folder)],
                   cwd=ROOT, env={**os.environ, "BOOK_OFFLINE": "true"}, check=True, capture_output=True)
    return folder


def test_pages_open_from_disk_with_fonts_math_and_no_other_requests(offline, browser):
    page = browser.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((offline / "xor-gradients.html").as_uri(), wait_until="load")
    assert page.evaluate("document.querySelectorAll('mjx-container').length") > 10
    assert page.evaluate("document.querySelectorAll('.arithmatex > math').length") > 10
    assert page.evaluate("document.fonts.ready.then(() => ['Vazirmatn', 'Book Math'].every(family => "
                         "[...document.fonts].some(f => f.family.includes(family) && f.status === 'loaded')))")
    assert page.evaluate("document.documentElement.lang") == "fa"
    assert [url for url in requests if not url.startswith(("file://", "data:", "blob:"))] == []
    page.close()


def test_links_point_to_files_that_exist(offline):
    html = (offline / "index.html").read_text(encoding="utf-8")
    assert 'href="xor-gradients.html"' in html and (offline / "xor-gradients.html").exists()
    assert (offline / "en" / "xor-gradients.html").exists()


@pytest.mark.parametrize("page_path, query, edition", [("index.html", "میشود", ""), ("en/index.html", "softmax", "en/")])
def test_search_works_from_disk_in_each_edition(offline, browser, page_path, query, edition):
    page = browser.new_page()
    page.goto((offline / page_path).as_uri())
    links = search_results(page, query)
    if not links:
        pytest.fail(f"no search result for {query!r} in the offline copy of {page_path}")
    assert all(link.startswith((offline / edition).as_uri()) and ("/en/" in link) == bool(edition) for link in links)
    page.close()
