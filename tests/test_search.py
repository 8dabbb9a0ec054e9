"""Search, typed into the search box of headless Chromium as a reader would."""
from urllib.parse import urljoin

import pytest
from playwright.sync_api import TimeoutError

from bookbuild.search import normalise


@pytest.fixture(scope="module")
def search(server, browser):
    page = browser.new_page()

    def results(path, query):
        """The result links for `query` entered on the page at `path`.

        The query goes in whole (an input event, which the book's normaliser sees, then a key-up, which Material's
        search listens to), so only the finished query is ever searched: typed letter by letter, the answer to a
        partial query could arrive last and be read instead. A query entered before the index is ready is searched
        once it is.
        """
        page.goto(urljoin(server, path))
        page.fill("input.md-search__input", query)
        page.press("input.md-search__input", "End")
        try:
            page.wait_for_selector(".md-search-result__item", timeout=15_000)
        except TimeoutError:
            return []
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
