"""Citations as keys into references.bib, rendered in the page's language as links to the bibliography.

    [@goodfellow2016deep]                 -> (Goodfellow et al., 2016)
    [@goodfellow2016deep, §6.1; @yang2018] -> (Goodfellow et al., 2016, §6.1; Yang et al., 2018)
    @goodfellow2016deep                    -> Goodfellow et al. (2016), as the subject of a sentence
    {{ bibliography }}                     -> every entry of references.bib, each with the id ref-KEY
"""
import re
from functools import lru_cache
from pathlib import Path

from pybtex.database import parse_file
from pybtex.plugin import find_plugin

from dlbook.text import localise_number

ROOT = Path(__file__).resolve().parents[1]
BIBLIOGRAPHY = ROOT / "references.bib"
CITATION = re.compile(r"\[(@[\w:-]+[^\]]*)\]")
PART = re.compile(r"^@([\w:-]+)(?:,\s*(.+))?$")
NARRATIVE = re.compile(r"(?<![\w@\[])@([a-z]+\d{4}[a-z]+)\b")  # a key such as yang2018breaking
BIBLIOGRAPHY_PLACEHOLDER = "{{ bibliography }}"
WORDS = {"fa": {"and": " و ", "et al.": " و همکاران", "comma": "، ", "semicolon": "؛ "},
         "en": {"and": " and ", "et al.": " et al.", "comma": ", ", "semicolon": "; "}}


class CitationError(Exception):
    pass


@lru_cache(maxsize=4)
def _entries(path, modified):
    return parse_file(str(path), bib_format="bibtex").entries


def entries():
    return _entries(BIBLIOGRAPHY, BIBLIOGRAPHY.stat().st_mtime_ns)


def _authors_and_year(key, lang):
    if key not in entries():
        raise CitationError(f"citation key {key!r} is not in {BIBLIOGRAPHY.name}")
    entry = entries()[key]
    people = entry.persons.get("author") or entry.persons.get("editor")
    names = [" ".join(person.last_names) for person in people]
    words = WORDS[lang]
    if len(names) == 1:
        authors = names[0]
    elif len(names) == 2 and names[1] != "others":
        authors = names[0] + words["and"] + names[1]
    else:
        authors = names[0] + words["et al."]
    return authors, localise_number(entry.fields["year"], lang)


def short_reference(key, lang):
    """'Goodfellow et al., 2016' in English; 'Goodfellow و همکاران، ۲۰۱۶' in Persian."""
    authors, year = _authors_and_year(key, lang)
    return authors + WORDS[lang]["comma"] + year


PREVIEW = '{ data-preview="" }'  # attr_list: hovering the link shows its target (Material's instant preview)


def render_citations(markdown, lang, bibliography_url):
    """Replace each [@key, locator; @key2] with a parenthesised, linked short reference, and each bare @key with
    'Authors (year)'. On the fa edition the locator's digits are Persian, like the year's."""
    words = WORDS[lang]

    def cite(match):
        links = []
        for part in match.group(1).split(";"):
            parsed = PART.match(part.strip())
            if not parsed:
                raise CitationError(f"cannot read the citation {match.group(0)!r}")
            key, locator = parsed.groups()
            text = short_reference(key, lang) + (words["comma"] + localise_number(locator, lang) if locator else "")
            links.append(f"[{text}]({bibliography_url}#ref-{key}){PREVIEW}")
        return "(" + words["semicolon"].join(links) + ")"

    def narrative(match):
        authors, year = _authors_and_year(match.group(1), lang)
        return f"[{authors} ({year})]({bibliography_url}#ref-{match.group(1)}){PREVIEW}"

    return NARRATIVE.sub(narrative, CITATION.sub(cite, markdown))


def bibliography_html():
    """Every entry of references.bib, formatted by pybtex's plain style, as an ordered list (left to right)."""
    style = find_plugin("pybtex.style.formatting", "plain")()
    backend = find_plugin("pybtex.backends", "html")()
    items = [f'<li id="ref-{entry.key}">{entry.text.render(backend)}</li>'
             for entry in style.format_entries(sorted(entries().values(), key=sort_key))]
    return '<ol class="bibliography" dir="ltr">\n' + "\n".join(items) + "\n</ol>"


def sort_key(entry):
    people = entry.persons.get("author") or entry.persons.get("editor")
    return (" ".join(people[0].last_names).lower(), entry.fields["year"])
