"""Search, typed into the search box of headless Chromium as a reader would."""
from urllib.parse import urljoin

import pytest
from playwright.sync_api import TimeoutError

from bookbuild.search import normalise


@pytest.fixture(scope="module")
def search(server, browser):
    page = browser.new_page()

    def results(path, query):
        """The result links for `query` typed on the page at `path`."""
        page.goto(urljoin(server, path))  # (after waiting for "networkidle", Material's search stays idle)
        for _ in range(3):  # keystrokes that arrive while the search index still loads can go unanswered: retype
            page.fill("input.md-search__input", "")
            page.type("input.md-search__input", query, delay=10)
            try:
                page.wait_for_selector(".md-search-result__item", timeout=5_000)
                break
            except TimeoutError:
                continue
        else:
            return []
        page.wait_for_timeout(300)  # let the list settle
        return [a.get_attribute("href") for a in page.query_selector_all(".md-search-result__item > a")]

    yield results
    page.close()


def test_the_normalisation():
    assert normalise("مي\u200cشود كتاب") == "میشود کتاب"


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


def test_english_search(search):
    found = search("en/", "backpropagation")
    assert found and "/en/" in found[0]
