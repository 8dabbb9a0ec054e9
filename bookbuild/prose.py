"""Where a page's prose is: the text of an HTML page outside the elements that a caller leaves alone (code, math,
...), as offsets into the page, so that a caller can wrap parts of it in markup without parsing the page twice."""
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _TextRuns(HTMLParser):
    def __init__(self, page, skipped):
        super().__init__(convert_charrefs=False)
        self.skipped = skipped
        self.lines = [0]
        for line in page.splitlines(keepends=True):
            self.lines.append(self.lines[-1] + len(line))
        self.open, self.runs = [], []  # open: (tag, whether its text is skipped)
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.open.append((tag, self.skipped(tag, dict(attrs))))

    def handle_endtag(self, tag):
        names = [name for name, _ in self.open]
        if tag in names:
            del self.open[len(names) - 1 - names[::-1].index(tag):]

    def handle_data(self, data):
        if not any(skipped for _, skipped in self.open):
            line, column = self.getpos()
            start = self.lines[line - 1] + column
            self.runs.append((start, start + len(data)))


def text_runs(page, skipped):
    """The (start, end) offsets of the text of `page` that lies in no element for which skipped(tag, attributes),
    a dict of the element's attributes, is true."""
    return _TextRuns(page, skipped).runs


def classes(attributes):
    """The set of an element's classes, from its attributes."""
    return set((attributes.get("class") or "").split())
