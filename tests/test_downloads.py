"""The home pages link the whole-book downloads that `make epub` and `make pdf` made, and only those."""
from bookbuild import downloads

HOME = '<html><body><article class="md-typeset"><h1 id="t">Title</h1><p>Text</p></article></body></html>'


def test_the_home_pages_link_the_book_files_that_were_made(tmp_path):
    site, dist = tmp_path / "site", tmp_path / "dist"
    (site / "en").mkdir(parents=True)
    dist.mkdir()
    for home in [site / "index.html", site / "en" / "index.html"]:
        home.write_text(HOME, encoding="utf-8")
    (dist / "book.fa.epub").write_bytes(b"epub")
    (dist / "book.fa.pdf").write_bytes(b"pdf")
    downloads.main(site, dist)
    downloads.main(site, dist)  # a second run adds nothing
    persian = (site / "index.html").read_text(encoding="utf-8")
    assert persian.count('class="book-downloads"') == 1
    assert persian.index("</h1>") < persian.index('href="downloads/book.fa.epub"') < persian.index("<p>Text")
    assert 'href="downloads/book.fa.pdf"' in persian
    assert (site / "downloads" / "book.fa.epub").read_bytes() == b"epub"
    assert (site / "en" / "index.html").read_text(encoding="utf-8") == HOME  # no English file was made
