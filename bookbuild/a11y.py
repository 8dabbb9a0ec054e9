"""Accessibility fixes to a page's HTML that Material's templates leave out (checked by tests/test_axe.py)."""

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog"'
SEARCH_NAME = {"fa": "جست‌وجو", "en": "Search"}


def name_search_dialog(html, lang):
    """Give Material's search dialog a name in the page's language (axe: aria-dialog-name)."""
    return html.replace(SEARCH_DIALOG, f'{SEARCH_DIALOG} aria-label="{SEARCH_NAME[lang]}"', 1)
