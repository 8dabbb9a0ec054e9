"""Fixtures of the site tests: one strict build, a local server for it, and headless Chromium."""
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError

from bookbuild import browser as chromium
from bookbuild import epub, pdf

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "site"


@pytest.fixture(scope="session")
def site():
    """The site built by `mkdocs build --strict`; a warning or a failing notebook fails every test that uses it."""
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=ROOT,
                           capture_output=True, text=True)
    if build.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{build.stdout[-5000:]}\n{build.stderr[-5000:]}")
    return SITE


@pytest.fixture(scope="session")
def server(site):
    """The built site on 127.0.0.1, at a free port."""
    with chromium.serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    with chromium.chromium() as launched:
        yield launched


@pytest.fixture(scope="session")
def pdfs(server, browser, tmp_path_factory):
    """A dist/ folder with the chapter PDFs of `make pdf`."""
    folder = tmp_path_factory.mktemp("dist")
    pdf.print_chapters(browser, server, folder)
    return folder


@pytest.fixture(scope="session")
def book_pdfs(pdfs, server, site, browser):
    """The `pdfs` folder with the whole-book PDFs of `make pdf` added (dist/book.fa.pdf, dist/book.en.pdf)."""
    pdf.print_books(browser, server, site, pdfs)
    return pdfs


@pytest.fixture(scope="session")
def epubs(site, tmp_path_factory):
    """{language: path} of the EPUBs of `make epub`."""
    return epub.main(site, tmp_path_factory.mktemp("epub"))


def search_results(page, query):
    """The result links for `query` entered in the search box of the open page, or [] if none come.

    The query goes in whole (an input event, which the book's normaliser sees, then a key-up, which Material's
    search listens to), so only the finished query is ever searched: typed letter by letter, the answer to a
    partial query could arrive last and be read instead. A query entered before the index is ready is searched
    once it is.
    """
    page.fill("input.md-search__input", query)
    page.press("input.md-search__input", "End")
    try:
        page.wait_for_selector(".md-search-result__item", timeout=15_000)
    except TimeoutError:
        return []
    return [a.get_attribute("href") for a in page.query_selector_all(".md-search-result__item > a")]
