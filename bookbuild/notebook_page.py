"""An executed notebook as the Markdown of a book page, so that it gets the same math, anchors, search and print
styles as every other page. Image outputs are saved as files beside it and linked, with the alt text the notebook
gave them (dlbook.publish.figure) and their size. Each code cell's outputs sit in a box of their own, marked apart
from the code as in Jupyter (book.css), and a long text output is folded."""
import base64
import re
import struct
from html import escape
from pathlib import Path

from dlbook.text import localise_number

IMAGE_TYPES = {"image/svg+xml": "svg", "image/png": "png"}
OUTPUT_FENCE = "{.text .no-copy}"  # an output is read, not copied: no copy button to crowd the code's
LONG_OUTPUT = 20  # lines: a longer text output is folded
FOLDED = {"fa": "خروجی ({} سطر)", "en": "Output ({} lines)"}
SVG_SIZE = re.compile(r'<svg\b[^>]*?\swidth="([\d.]+)(pt|px|)"[^>]*?\sheight="([\d.]+)(pt|px|)"')
CSS_PX = {"pt": 4 / 3, "px": 1, "": 1}


class NotebookPageError(Exception):
    pass


def image_name(cell_index, output_index, mime):
    return f"cell{cell_index}-{output_index}.{IMAGE_TYPES[mime]}"


def _images(notebook):
    for cell_index, cell in enumerate(notebook.cells):
        for output_index, output in enumerate(cell.get("outputs", [])):
            for mime in IMAGE_TYPES:
                if mime in output.get("data", {}):
                    yield cell_index, output_index, mime, output["data"][mime]
                    break


def extract_images(notebook, folder):
    """Write every image output of `notebook` into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for cell_index, output_index, mime, data in _images(notebook):
        path = Path(folder) / image_name(cell_index, output_index, mime)
        if mime == "image/png":
            path.write_bytes(base64.b64decode(data))
        else:
            path.write_text(data, encoding="utf-8")


def _fence(text, language):
    return f"``` {language}\n{text.rstrip()}\n```"


def _text(text, lang):
    """A text output; folded under a summary when it is long."""
    lines = text.rstrip().count("\n") + 1
    if lines <= LONG_OUTPUT:
        return _fence(text, OUTPUT_FENCE)
    summary = FOLDED[lang].format(localise_number(str(lines), lang))
    return (f'<details class="notebook-long" markdown="1">\n<summary>{summary}</summary>\n\n'
            f'{_fence(text, OUTPUT_FENCE)}\n\n</details>')


def image_size(mime, data, metadata):
    """(width, height) in CSS pixels: IPython's own size if it gave one (a 2x PNG), else the SVG's, else the PNG's."""
    given = metadata.get(mime, {})
    if "width" in given and "height" in given:
        return round(given["width"]), round(given["height"])
    if mime == "image/svg+xml":
        match = SVG_SIZE.search(data)
        if not match:
            raise NotebookPageError("an SVG output without a width and height")
        width, width_unit, height, height_unit = match.groups()
        return round(float(width) * CSS_PX[width_unit]), round(float(height) * CSS_PX[height_unit])
    return struct.unpack(">II", base64.b64decode(data)[16:24])  # the PNG header's IHDR chunk


def _cell_name(cell_index, cell):
    first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
    return f"cell {cell_index} ({first[:60]!r})"


def _output(output, cell, cell_index, output_index, image_url, lang):
    kind = output.get("output_type")
    if kind == "stream":
        return _text(output["text"], lang)
    data = output.get("data", {})
    for mime in IMAGE_TYPES:
        if mime in data:
            metadata = output.get("metadata", {})
            alt = metadata.get("alt")
            if not alt:
                raise NotebookPageError(f"{_cell_name(cell_index, cell)} shows an image without alt text: show "
                                        "figures with dlbook.publish.figure(fig, name, caption, alt)")
            width, height = image_size(mime, data[mime], metadata)
            src = image_url(image_name(cell_index, output_index, mime))
            return (f'<img class="notebook-output" src="{src}" alt="{escape(alt)}" width="{width}" '
                    f'height="{height}" loading="lazy">')
    if "text/html" in data:
        return data["text/html"]
    if "text/markdown" in data:
        return data["text/markdown"]
    if "text/plain" in data:
        return _text(data["text/plain"], lang)
    return ""


def render(notebook, image_url, lang):
    """Markdown for a page in language `lang`: narrative cells as they are, code in fenced blocks marked as
    notebook input, then its outputs together in one box.

    image_url maps an output's file name to the URL the page should use."""
    blocks = []
    for cell_index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            blocks.append(cell.source)
        elif cell.cell_type == "code" and cell.source.strip():
            blocks.append(_fence(cell.source, "{.python .notebook-input}"))
            outputs = [_output(output, cell, cell_index, output_index, image_url, lang)
                       for output_index, output in enumerate(cell.get("outputs", []))]
            if any(outputs):
                blocks.append('<div class="notebook-outputs" markdown="1">\n\n'
                              + "\n\n".join(output for output in outputs if output) + "\n\n</div>")
    return "\n\n".join(block for block in blocks if block)
