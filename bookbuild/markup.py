"""The placeholders that pages use to show what the notebooks produced.

    {{ notebook: NAME }}          the whole executed notebook (on its own page), with a download button
    {{ figure: NAME/FIGURE }}     a published figure: numbered, captioned in the page's language, id fig-FIGURE
    {{ figref: NAME/FIGURE }}     a link to that figure with its number, e.g. "Figure 2.3"
    {{ value: NAME/VALUE }}       a published number, in Persian digits on the fa edition
    {{ math: NAME/VALUE }}        the same number with Latin digits, to write inside math: $d = {{ math: … }}$
    {{ table: NAME/TABLE }}       a published table, its number columns in Persian digits on the fa edition
    {{ text: NAME/TEXT }}         a published text, as the notebook wrote it for the edition
    {{ claim: NAME/CLAIM }}       after the sentence that a claim supports: nothing if the claim held, else a
                                  failure admonition with what was measured; a held claim alone on its line
                                  takes the line with it, so that the paragraph or list item goes on

Anything missing (a notebook, figure, value, text or claim that the build did not produce) is an error naming the
page.
"""
import json
import re
import textwrap
from functools import cache
from html import escape

import nbformat

from bookbuild.citations import PREVIEW
from bookbuild.execute import output_folder
from bookbuild.notebook_page import NotebookPageError, image_size, render
from dlbook.text import localise_number, localise_rows, localise_value, markdown_table

EDITION_ROOT = {"fa": "", "en": "en/"}  # where each edition lives under the site root
PLACEHOLDER = re.compile(
    r"\{\{\s*(notebook|figure|figref|value|math|table|text|claim)\s*:\s*([\w-]+)(?:/([\w-]+))?\s*\}\}")
ALONE = re.compile(r"^[ \t]*(\{\{\s*claim\s*:[^}]*\}\})[ \t]*\n", re.MULTILINE)  # a claim on a line of its own
FIGURE_WORD = {"fa": "شکل", "en": "Figure"}
NOT_HELD = {"fa": "این گزاره در این ساخت برقرار نماند", "en": "This statement did not hold in this build"}
DOWNLOAD = {"fa": "دریافت نوت‌بوک اجراشده (<bdi>.ipynb</bdi>)", "en": "Download the executed notebook (.ipynb)"}


class MarkupError(Exception):
    pass


def artifact_path(lang, notebook, *parts):
    """Where the build copies a notebook's products inside the site, relative to its root."""
    return "/".join(["artifacts", lang, notebook, *parts])


def _published(lang, notebook, manifest):
    folder = output_folder(notebook, lang)
    if not (folder / "key").exists():
        raise MarkupError(f"no executed notebook {notebook!r} for {lang} (is code/notebooks/{notebook}.py there?)")
    path = folder / manifest
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _lookup(entries, notebook, name, kind):
    if name not in entries:
        known = ", ".join(sorted(entries)) or "none"
        raise MarkupError(f"notebook {notebook!r} published no {kind} {name!r} (it published: {known})")
    return entries[name]


def figure_label(lang, chapter, number):
    if chapter is None:
        return f"{FIGURE_WORD[lang]} {localise_number(str(number), lang)}"
    separator = "-" if lang == "fa" else "."
    return f"{FIGURE_WORD[lang]} {localise_number(f'{chapter}{separator}{number}', lang)}"


def render_placeholders(markdown, lang, chapter, url):
    """Replace every placeholder. `url(path)` turns a site-root path into a URL relative to the page."""
    published = cache(lambda notebook, manifest: _published(lang, notebook, manifest))  # read each file once
    numbers = {}
    for kind, notebook, name in PLACEHOLDER.findall(markdown):
        if kind == "figure":
            if name in numbers:
                raise MarkupError(f"figure {notebook}/{name} is shown twice")
            numbers[name] = len(numbers) + 1

    def replace(match):
        kind, notebook, name = match.groups()
        if kind == "notebook":
            return _notebook(lang, notebook, url)
        if not name:
            raise MarkupError(f"{match.group(0)} needs NOTEBOOK/NAME")
        if kind in ("value", "math"):
            number = _lookup(published(notebook, "values.json"), notebook, name, "value")
            if kind == "math":
                return number.removeprefix("\\(").removesuffix("\\)")
            return localise_value(number, lang)
        if kind == "table":
            entry = _lookup(published(notebook, "tables.json"), notebook, name, "table")
            return markdown_table(entry["header"], localise_rows(entry["rows"], entry["numeric"], lang))
        if kind == "text":
            return _lookup(published(notebook, "texts.json"), notebook, name, "text")
        if kind == "claim":
            entry = _lookup(published(notebook, "claims.json"), notebook, name, "claim")
            if entry["held"]:
                return ""
            return f'\n\n!!! failure "{NOT_HELD[lang]}"\n\n{textwrap.indent(entry["measured"], "    ")}\n\n'
        if kind == "figref":
            if name not in numbers:
                raise MarkupError(f"{match.group(0)} refers to a figure that this page does not show")
            return f"[{figure_label(lang, chapter, numbers[name])}](#fig-{name}){PREVIEW}"
        entry = _lookup(published(notebook, "figures.json"), notebook, name, "figure")
        src = url(artifact_path(lang, notebook, "figures", f"{name}.svg"))
        path = output_folder(notebook, lang) / "figures" / f"{name}.svg"
        if not path.exists():
            raise MarkupError(f"figure {notebook}/{name} was published but {path} is missing")
        svg = path.read_text(encoding="utf-8")
        width, height = image_size("image/svg+xml", svg, {})  # the page keeps its place while the image loads
        lazy = ' loading="lazy"' if numbers[name] > 1 else ""  # the first figure may be in the first screen
        return (f'<figure class="book-figure" id="fig-{name}" markdown="1">\n'
                f'<img src="{src}" alt="{escape(entry["alt"])}" width="{width}" height="{height}"{lazy}>\n'
                f'<figcaption markdown="span">**{figure_label(lang, chapter, numbers[name])}.** '
                f'{entry["caption"]}</figcaption>\n</figure>')

    def replace_line(match):
        shown = replace(PLACEHOLDER.fullmatch(match.group(1)))
        return shown and shown + "\n"

    return PLACEHOLDER.sub(replace, ALONE.sub(replace_line, markdown))


def _notebook(lang, notebook, url):
    folder = output_folder(notebook, lang)
    path = folder / f"{notebook}.ipynb"
    if not path.exists():
        raise MarkupError(f"no executed notebook {notebook!r} for {lang} (is code/notebooks/{notebook}.py there?)")
    try:
        body = render(nbformat.read(path, as_version=4),
                      lambda image: url(artifact_path(lang, notebook, "outputs", image)), lang)
    except NotebookPageError as error:
        raise MarkupError(f"notebook {notebook!r} [{lang}], {error}") from None
    download = url(artifact_path(lang, notebook, f"{notebook}.ipynb"))
    button = f'<a class="md-button notebook-download" href="{download}" download>{DOWNLOAD[lang]}</a>'
    title, _, rest = body.partition("\n\n")  # the first cell of a notebook is its title
    return f"{title}\n\n{button}\n\n{rest}\n"
