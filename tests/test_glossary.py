"""Glossary terms in the text (bookbuild/glossary.py): the first use on a page links to the term's row, titled with
the other edition's term; code, math, headings and links are left alone."""
from bookbuild import glossary


def test_every_row_of_both_glossaries_is_read_with_its_twin_term():
    fa, en = dict(glossary.entries("fa")), dict(glossary.entries("en"))
    assert len(fa) == len(en) > 50
    assert fa["نرخ یادگیری"] == "learning rate" and en["learning rate"] == "نرخ یادگیری"
    assert {glossary.anchor("fa", t, o) for t, o in fa.items()} == {glossary.anchor("en", t, o) for t, o in en.items()}


def test_the_first_use_links_with_the_other_term_as_title_and_later_uses_stay_text():
    page = "<p>The learning rate matters. A learning rate of 0.1.</p>"
    linked = glossary.link_terms(page, "en", "../glossary/")
    assert linked == ('<p>The <a class="glossary-term" href="../glossary/#term-learning-rate" '
                      'title="نرخ یادگیری">learning rate</a> matters. A learning rate of 0.1.</p>')


def test_plurals_and_persian_suffixes_count_but_longer_words_do_not():
    assert 'title="gradient">گرادیان</a>\u200cها' in glossary.link_terms("<p>گرادیان\u200cها</p>", "fa", "g/")
    assert ">gradients</a>" in glossary.link_terms("<p>the gradients</p>", "en", "g/")
    assert glossary.link_terms("<p>a rankest list</p>", "en", "g/") == "<p>a rankest list</p>"


def test_the_longest_term_wins():
    linked = glossary.link_terms("<p>a leaky ReLU unit</p>", "en", "g/")
    assert ">leaky ReLU</a>" in linked and linked.count("<a ") == 1


def test_code_math_headings_links_and_captions_are_left_alone():
    page = ('<h2>The learning rate</h2><p><code>learning rate</code> <a href="x">learning rate</a> '
            '<span class="arithmatex">\\(\\text{learning rate}\\)</span></p><figcaption>learning rate</figcaption>'
            '<div class="admonition note"><p>learning rate</p></div><p>then the <em>learning rate</em>.</p>')
    linked = glossary.link_terms(page, "en", "g/")
    assert linked.count("glossary-term") == 1 and "<em><a class" in linked


def test_the_glossary_page_gets_an_id_on_each_row():
    page = "<table><tr>\n<td>learning rate</td>\n<td>نرخ یادگیری</td>\n<td>the step</td>\n</tr></table>"
    assert '<tr id="term-learning-rate">' in glossary.mark_rows(page, "en")
    assert '<tr id="term-learning-rate">' in glossary.mark_rows(
        page.replace("learning rate", "X").replace("نرخ یادگیری", "learning rate"), "fa")


def test_in_the_built_site_every_glossary_link_lands_on_a_row_of_its_edition(site):
    import re
    from urllib.parse import urljoin
    pages = {path: path.read_text(encoding="utf-8") for path in site.rglob("*.html")}
    links = 0
    for path, page in pages.items():
        for href in re.findall(r'<a class="glossary-term" href="([^"]*)"', page):
            target, _, anchor = urljoin(path.as_uri(), href).partition("#")
            glossary_page = pages[site / target.removeprefix(site.as_uri() + "/") / "index.html"]
            assert f'<tr id="{anchor}">' in glossary_page, f"{path.relative_to(site)}: {href}"
            links += 1
    assert links > 100
