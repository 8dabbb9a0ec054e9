"""The MkDocs hook of the book: the only place where the build logic meets MkDocs.

- on_pre_build: execute the stale notebooks (bookbuild/execute.py), then log a warning for every claim that did not
  hold, which stops a strict build.
- on_page_markdown: fill the notebook, figure, value, text and claim placeholders and the citations.
- on_page_content: link each glossary term's first use on a page to the glossary (bookbuild/glossary.py); in the
  Persian edition, isolate each Latin run of the prose (bookbuild/bidi.py).
- on_post_page: typeset the math (bookbuild/typeset.py); drop the head's per-page hreflang links (see there); set
  dir on <html>; point search at the page's edition.
- on_post_template, on_post_build: keep a 404 page per language (/404.html and /en/404.html); the site's own,
  which hosts serve for any missing URL, sends missing English pages on to the English one.
- on_post_build: copy the notebooks' products and the search shim into the site, cut Vazirmatn to the characters
  of the pages and Latin Modern Math to those of the formulas that the browser draws (bookbuild/fonts.py), and
  split the search index by edition and normalise it for Persian (bookbuild/search.py).

Any problem raises PluginError, which stops the build with the page or notebook and the cause.
"""
import json
import logging
import posixpath
import re
import shutil
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

from bookbuild import a11y, bidi, citations, execute, fonts, glossary, markup, search, tables, typeset
from dlbook.text import LANGUAGES, persian_number

log = logging.getLogger("mkdocs.hooks")  # under the `mkdocs` logger, whose warnings a strict build counts

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / "node_modules"
VENDOR = {  # npm file -> where the site serves it (mkdocs.yml and book.css point there)
    "iframe-worker/shim/index.js": "assets/vendor/iframe-worker/shim.js",
    # static weights, not the variable font: Chromium embeds a variable font in a PDF as nameless Type 3 glyphs.
    # No Light: each weight is 50 KB that a phone fetches before the first paint; Material's light headings are
    # set in the regular weight, the nearest there is.
    **{f"vazirmatn/fonts/webfonts/Vazirmatn-{weight}.woff2": f"assets/vendor/vazirmatn/Vazirmatn-{weight}.woff2"
       for weight in ("Regular", "Bold")},
}
FONTS = {source: target for source, target in VENDOR.items() if target.endswith(".woff2")}  # also the EPUB's
FONT_CUTS = execute.CACHE.parent / "fonts"
CHARACTERS = set()  # those of every page built, to which the site's fonts are cut (bookbuild/fonts.py)


def on_config(config):
    if not config.plugins["material/offline"].config.enabled:
        config.extra["polyfills"] = []  # the search shim serves file:// only; online it would block the first paint
    return config


def on_pre_build(config):
    try:
        execute.execute_all()
    except execute.NotebookError as error:
        raise PluginError(f"notebook failed: {error}") from None
    warn_failed_claims()


WARNED = set()  # claims files already reported: i18n runs on_pre_build once per edition


def warn_failed_claims():
    """A warning for each claim that did not hold: `mkdocs build --strict` stops on it, `mkdocs serve --no-strict`
    goes on and the page shows it. Each version of a claims file is reported once."""
    for source in execute.notebook_sources():
        for lang in LANGUAGES:
            path = execute.output_folder(source.stem, lang) / "claims.json"
            if not path.exists() or (path, path.stat().st_mtime_ns) in WARNED:
                continue
            WARNED.add((path, path.stat().st_mtime_ns))
            claims = json.loads(path.read_text(encoding="utf-8"))
            for name, claim in claims.items():
                if not claim["held"]:
                    log.warning(f"notebook {source.stem!r} [{lang}]: the claim {name!r} did not hold in this build: "
                                f"{claim['measured']}")


HEAD_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')
NOT_FOUND_PAGES = {}  # language -> its rendered 404 page; each edition's build overwrites the site's 404.html
NOT_FOUND_HEADING = "<h1>404 - Not found</h1>"


def _edition(page):
    return page.file.src_uri.split("/")[0]


def _source(page, config):
    """The page's Markdown file, as an error names it: docs/fa/chapter.md."""
    return Path(config.docs_dir, page.file.src_uri).relative_to(ROOT)


def on_page_markdown(markdown, page, config, files):
    lang = _edition(page)

    def url(path):
        return get_relative_url(path, page.url)

    bibliography = posixpath.relpath(f"{lang}/bibliography.md", posixpath.dirname(page.file.src_uri))
    try:
        markdown = markup.render_placeholders(markdown, lang, page.meta.get("chapter"), url)
        markdown = citations.render_citations(markdown, lang, bibliography)
        if citations.BIBLIOGRAPHY_PLACEHOLDER in markdown:  # only the bibliography pages: formatting costs time
            markdown = markdown.replace(citations.BIBLIOGRAPHY_PLACEHOLDER, citations.bibliography_html())
        return markdown
    except (markup.MarkupError, citations.CitationError) as error:
        raise PluginError(f"{_source(page, config)}: {error}") from None


def on_page_content(html, page, config, files):
    lang = _edition(page)
    if page.file.src_uri == f"{lang}/glossary.md":
        html = glossary.mark_rows(html, lang)
    elif page.file.src_uri != f"{lang}/bibliography.md":
        html = glossary.link_terms(html, lang, get_relative_url(f"{markup.EDITION_ROOT[lang]}glossary/", page.url))
    return bidi.isolate(_persian_footnotes(html)) if lang == "fa" else html


FOOTNOTE_REF = re.compile(r'(<a class="footnote-ref"[^>]*>)(\d+)(</a>)')
FOOTNOTE_BACK = re.compile(r'title="Jump back to footnote (\d+) in the text"')


def _persian_footnotes(html):
    """Python-Markdown's footnote markers and their back links in Persian: «۱», «بازگشت به متن پانوشت ۱»."""
    html = FOOTNOTE_REF.sub(lambda m: m.group(1) + persian_number(m.group(2)) + m.group(3), html)
    return FOOTNOTE_BACK.sub(lambda m: f'title="بازگشت به متن پانوشت {persian_number(m.group(1))}"', html)


JS_CLASS = ('{const root = document.documentElement;'  # a block: the page's other scripts share its globals
            ' root.className = root.className.replace("no-js", "js js-focus-visible")}')


def _inlined(script):
    """A script of bookbuild/, to be inlined in each page: without its comment lines, which stay in the file."""
    return "".join(line for line in Path(__file__).with_name(script).open(encoding="utf-8")
                   if not line.startswith("//"))


DEFERRED_SEARCH = _inlined("deferred_search.js")
HEAD_START = re.compile(r'<head>(\s*<meta charset="[^"]*">)?')  # a browser reads the charset from the first 1 KB
GLIGHTBOX_HEAD = re.compile(r'<link href="[^"]*glightbox\.min\.css" rel="stylesheet">'
                            r'<script src="[^"]*glightbox\.min\.js"></script>')
GLIGHTBOX_INIT = '<script id="init-glightbox">'


def _glightbox_after_content(output):
    """glightbox's style sheet and script, which its plugin puts in the head, where they hold up the first paint, moved
    to just before the script that starts it at the end of the body: the lightbox is needed only on a click."""
    head = GLIGHTBOX_HEAD.search(output)
    if not head or GLIGHTBOX_INIT not in output:
        return output
    output = output[:head.start()] + output[head.end():]
    return output.replace(GLIGHTBOX_INIT, head.group(0) + GLIGHTBOX_INIT, 1)


BODY_SCRIPT = re.compile(r'<script src="([^"]*)"></script>')


def _scripts_after_first_paint(output):
    """The scripts of the body (Material's bundle, the search's query normaliser, glightbox) deferred, and glightbox's
    start a module, which runs after them in the same order: they run once the page is parsed, and mostly once it
    is drawn. Run as soon as it had loaded, Material's bundle reads the scroll position as it starts, and so made the
    browser style and lay out the whole chapter inside the script before anything was drawn (a task of 0.1 to 0.2 s
    on this project's 2-core machine; in Lighthouse's simulation, most of a chapter's blocking time)."""
    head, body, rest = output.partition("<body")
    rest = BODY_SCRIPT.sub(r'<script src="\1" defer></script>', rest)
    return head + body + rest.replace(GLIGHTBOX_INIT, GLIGHTBOX_INIT.replace(">", ' type="module">'), 1)


PALETTE_FORM = 'data-md-component="palette"'
PALETTE_SCRIPT = re.compile(r'<script>var palette=__md_get\("__palette"\).*?</script>')
OWN_PALETTE = f"<script>{_inlined('palette.js')}</script>"


def _own_palette(output, where):
    """Material's light/dark toggle, run by bookbuild/palette.js instead of Material's script, which styles a long page
    anew three times once it is parsed."""
    if PALETTE_FORM not in output:
        return output
    script = PALETTE_SCRIPT.search(output)
    if not script:
        raise PluginError(f"{where}: Material's palette script is not where bookbuild/palette.js replaces it: "
                          "has Material changed its header?")
    output = output[:script.start()] + OWN_PALETTE + output[script.end():]
    return output.replace(PALETTE_FORM, "data-book-palette", 1)


def _finish_html(output, lang, where):
    # Material fetches sitemap.xml next to every <link rel="alternate" hreflang> of the head, which i18n points at
    # the twin page: a 404 on every page load. The twins stay linked by the language switcher and by the
    # hreflang alternates of sitemap.xml.
    output = HEAD_ALTERNATE.sub("", output)
    # Material sets the direction on <body> only; on <html> too, it also holds for print and for assistive tools.
    output = output.replace('<html lang="fa"', '<html lang="fa" dir="rtl"', 1).replace(
        '<html lang="en"', '<html lang="en" dir="ltr"', 1)
    output = a11y.name_search_dialog(output, lang)
    # Material's script swaps the class no-js for js when it has loaded, at the end of the page; the header then
    # gains its search button and the page shifts under the reader. Swapped first thing, the page is laid out once.
    # The script also gives <html> the class js-focus-visible (its focus-visible polyfill): any class change there
    # restyles the whole page (Material's `table:not([class])` rules make Chromium invalidate every descendant), so
    # that class is set first thing too, and the script's later add changes nothing.
    output = HEAD_START.sub(lambda head: f"{head.group()}<script>{JS_CLASS}{DEFERRED_SEARCH}</script>", output, count=1)
    output = _scripts_after_first_paint(_glightbox_after_content(output))
    output = _own_palette(output, where)
    try:
        output = search.point_search_at_edition(output, markup.EDITION_ROOT[lang])
    except ValueError as error:
        raise PluginError(f"{where}: {error}") from None
    CHARACTERS.update(unescape(output))  # &nbsp; is a character of the page too
    return output


def on_post_page(output, page, config):
    output = tables.box(output)
    try:
        output = typeset.TYPESETTER.page(output, _edition(page))
    except (typeset.MathError, fonts.MissingFont) as error:
        raise PluginError(f"{_source(page, config)}: {error}") from None
    output = output.replace("</head>", _preload_fonts(output, page.url) + "</head>", 1)
    return _finish_html(output, _edition(page), page.file.src_uri)


def _preload_fonts(output, page_url):
    """The fonts are asked for with the style sheets, not once the page is laid out: the text is set in Vazirmatn from
    the first paint, and does not jump when the font arrives (cumulative layout shift). So is the math font, on a
    page with formulas that the browser draws itself."""
    preloaded = [*FONTS.values(), *([fonts.MATH_TARGET] if typeset.NATIVE in output else [])]
    return "".join(f'<link rel="preload" href="{get_relative_url(font, page_url)}" as="font" type="font/woff2" '
                   'crossorigin>' for font in preloaded)


def on_post_template(output, template_name, config):
    if not template_name.endswith(".html"):
        return output
    output = _finish_html(output, config.theme["language"], template_name)
    if template_name == "404.html":
        if config.theme["language"] == "fa":  # Material's template writes its heading in English
            output = output.replace(NOT_FOUND_HEADING, "<h1>۴۰۴: این صفحه پیدا نشد</h1>", 1)
        NOT_FOUND_PAGES[config.theme["language"]] = output
    return output


def _send_to_the_edition_404(config):
    """A script for the site's own 404 page, which hosts such as GitHub Pages serve for every missing URL: a missing
    page under another edition's root is sent on to that edition's 404 page."""
    prefix = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
    roots = [root for root in markup.EDITION_ROOT.values() if root]
    return ("<script>for (const root of " + json.dumps([prefix + root for root in roots]) + ") {"
            " if (location.pathname.startsWith(root) && location.pathname !== root + '404.html')"
            " { location.replace(root + '404.html'); break; } }</script>")


SITEMAP_URL = re.compile(r"<loc>[^<]*</loc>(.*?</url>)", re.S)


def _edition_sitemaps(site):
    """A sitemap.xml at each edition's root, listing that edition's pages: Material's instant previews (hovering a
    citation, a figure or an equation reference) look the linked page up in the sitemap at the page's base."""
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for lang, root in markup.EDITION_ROOT.items():
        if root:
            edition = SITEMAP_URL.sub(lambda url: f"<loc>{_alternate(url.group(1), lang)}</loc>{url.group(1)}", sitemap)
            (site / root / "sitemap.xml").write_text(edition, encoding="utf-8")


def _alternate(url, lang):
    return re.search(rf'hreflang="{lang}" href="([^"]*)"', url).group(1)


def _style_marked_tables(site):
    """Material's table rules, copied for the tables that the build boxed (bookbuild/tables.py), end the site's
    book.css: the one style sheet of the book's own, already loaded by every page."""
    book_css = site / "assets" / "css" / "book.css"
    text = book_css.read_text(encoding="utf-8")
    if tables.COPIED not in text:
        material = next((site / "assets" / "stylesheets").glob("main.*.min.css"))
        try:
            book_css.write_text(text + "\n" + tables.style(material.read_text(encoding="utf-8")), encoding="utf-8")
        except ValueError as error:
            raise PluginError(f"{material.name}: {error}") from None


@event_priority(-200)  # after i18n, which builds the English edition and merges the search index in its own
def on_post_build(config):
    site = Path(config.site_dir)
    if (site / "search" / "search_index.json").exists():
        search.split_index(site, markup.EDITION_ROOT.values())
    if (site / "sitemap.xml").exists():
        _edition_sitemaps(site)
    for lang, page in NOT_FOUND_PAGES.items():
        target = site / markup.EDITION_ROOT[lang] / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not markup.EDITION_ROOT[lang]:
            page = page.replace("</head>", _send_to_the_edition_404(config) + "</head>", 1)
        target.write_text(page, encoding="utf-8")
    _style_marked_tables(site)
    for source, target in VENDOR.items():
        if not (NODE_MODULES / source).exists():
            raise PluginError(f"node_modules/{source} is missing: run `npm ci` (every make target does)")
        if source in FONTS:
            fonts.cut(NODE_MODULES / source, CHARACTERS | set(fonts.TYPED), site / target, FONT_CUTS)
        else:
            (site / target).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(NODE_MODULES / source, site / target)
    try:
        fonts.cut(fonts.math_font(), typeset.TYPESETTER.characters, site / fonts.MATH_TARGET, FONT_CUTS, features=())
    except fonts.MissingFont as error:
        raise PluginError(str(error)) from None
    for lang in ("fa", "en"):
        for folder in sorted((execute.CACHE / lang).glob("[!.]*")):
            target = site / markup.artifact_path(lang, folder.name)
            for part in ("figures", "outputs", f"{folder.name}.ipynb"):
                if (folder / part).is_dir():
                    shutil.copytree(folder / part, target / part, dirs_exist_ok=True)
                elif (folder / part).exists():
                    shutil.copyfile(folder / part, target / part)
