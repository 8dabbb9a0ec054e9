"""Search, typed into the search box of headless Chromium as a reader would."""
import json
from urllib.parse import urljoin

import pytest

from bookbuild.search import normalise, split_index
from conftest import search_results


@pytest.fixture(scope="module")
def search(server, browser):
    page = browser.new_page()

    def results(path, query):
        """The result links for `query` entered on the page at `path`."""
        page.goto(urljoin(server, path))
        return search_results(page, query)

    yield results
    page.close()


def test_the_normalisation():
    assert normalise("مي\u200cشود كتاب") == "میشود کتاب"


def test_the_index_is_split_by_edition_and_normalised(tmp_path):
    (tmp_path / "search").mkdir()
    docs = [{"location": location, "title": "كتاب", "text": "مي\u200cشود"} for location in ("", "a/", "en/", "en/a/#b")]
    (tmp_path / "search" / "search_index.json").write_text(json.dumps({"config": {}, "docs": docs}))
    split_index(tmp_path, ["", "en/"])
    for root, locations in (("", ["", "a/"]), ("en/", ["", "a/#b"])):
        index = json.loads((tmp_path / root / "search" / "search_index.json").read_text())
        assert [doc["location"] for doc in index["docs"]] == locations
        assert {(doc["title"], doc["text"]) for doc in index["docs"]} == {("کتاب", "میشود")}


@pytest.mark.parametrize("typed, written", [
    ("میشود", "می\u200cشود"),    # without the zero-width non-joiner
    ("مي\u200cشود", "می\u200cشود"),  # Arabic yeh
    ("كتاب", "کتاب"),             # Arabic kaf
    ("يادگيري", "یادگیری"),
])
def test_persian_search_finds_a_word_however_it_is_typed(search, typed, written):
    found = search("", written)
    assert found, f"nothing found for {written!r}"
    assert search("", typed) == found


def test_persian_search_finds_the_chapter_that_holds_a_word(search):
    assert any("softmax-bottleneck" in href for href in search("", "سافت‌مکس"))


@pytest.mark.parametrize("path, query", [("en/", "backpropagation"), ("en/", "softmax"), ("", "softmax")])
def test_each_edition_searches_only_its_own_pages(server, search, path, query):
    found = search(path, query)
    assert found, f"nothing found for {query!r} on /{path}"
    edition = urljoin(server, "en/")
    assert all(href.startswith(edition) == (path == "en/") for href in found), found


def test_the_index_comes_when_the_reader_goes_to_search_not_with_every_page(server, browser):
    """Material would fetch the edition's index (about 100 KB) with every page, while a phone is still fetching the
    page itself; bookbuild/deferred_search.js holds it back until the search box is first used, or a ?q= asks."""
    page = browser.new_page()
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(urljoin(server, "en/training/"), wait_until="networkidle")
    page.wait_for_timeout(500)
    assert not [url for url in asked if url.endswith("search_index.json")]
    assert search_results(page, "dropout")
    assert [url for url in asked if url.endswith("/en/search/search_index.json")]
    asked.clear()
    page.goto(urljoin(server, "training/?q=dropout"), wait_until="networkidle")
    assert [url for url in asked if url.endswith("/search/search_index.json")]
    page.close()
