"""Tables laid out once. Material's script puts every `table:not([class])` in a scrolling box once the page is
parsed, and moving a table makes a phone style and lay out all of it again: on a chapter, whose tables hold hundreds
of formulas, about a quarter of a second of its main thread. The build puts each table in that box itself, in the
tab order so that the keyboard can scroll it, and marks the table `book-table`, which the script passes over.
Material's style rules for `table:not([class])` are copied for the mark, from Material's own style sheet, into the
site's book.css: tables look as Material draws them, whatever its version.
"""
import re

import tinycss2

MARK = "book-table"
PLAIN = "table:not([class])"
TABLE = re.compile(r"<table>(.*?)</table>", re.S)
BOX = ('<div class="md-typeset__scrollwrap" tabindex="0"><div class="md-typeset__table">'
       f'<table class="{MARK}">{{}}</table></div></div>')
COPIED = f"/* Material's rules for {PLAIN}, for tables marked {MARK} (bookbuild/tables.py) */"


def box(html):
    """`html` with each plain table in Material's scrolling box, marked."""
    return TABLE.sub(lambda table: BOX.format(table.group(1)), html)


def _selectors(prelude):
    """The selectors of a rule's prelude, split at its top-level commas (not those inside :is() or :not())."""
    selectors = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return [tinycss2.serialize(selector).strip() for selector in selectors]


def _copied(rules):
    """Material's rules that select a plain table, for the marked one; @media blocks kept around theirs."""
    copied = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [selector.replace(PLAIN, f"table.{MARK}") for selector in _selectors(rule.prelude)
                         if PLAIN in selector]
            if selectors:
                copied.append(f"{','.join(selectors)}{{{tinycss2.serialize(rule.content)}}}")
        elif rule.type == "at-rule" and rule.lower_at_keyword == "media" and rule.content:
            inner = _copied(tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True))
            if inner:
                copied.append(f"@media{tinycss2.serialize(rule.prelude)}{{{''.join(inner)}}}")
    return copied


def style(material_css):
    """The CSS that draws a marked table as Material's style sheet `material_css` draws a plain one."""
    rules = _copied(tinycss2.parse_stylesheet(material_css, skip_comments=True, skip_whitespace=True))
    if not rules:
        raise ValueError(f"Material's style sheet has no rule for {PLAIN}: has Material changed how it draws tables?")
    return COPIED + "\n" + "\n".join(rules) + "\n"
