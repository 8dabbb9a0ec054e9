"""An executed notebook as the Markdown of a book page, so that it gets the same math, anchors, search and print
styles as every other page. Image outputs are saved as files beside it and linked."""
import base64
from pathlib import Path

IMAGE_TYPES = {"image/svg+xml": "svg", "image/png": "png"}


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


def _output(output, cell_index, output_index, image_url):
    kind = output.get("output_type")
    if kind == "stream":
        return _fence(output["text"], "text")
    data = output.get("data", {})
    for mime in IMAGE_TYPES:
        if mime in data:
            src = image_url(image_name(cell_index, output_index, mime))
            return f'<img class="notebook-output" src="{src}" alt="" loading="lazy">'
    if "text/html" in data:
        return data["text/html"]
    if "text/markdown" in data:
        return data["text/markdown"]
    if "text/plain" in data:
        return _fence(data["text/plain"], "text")
    return ""


def render(notebook, image_url):
    """Markdown for a page: narrative cells as they are, code in fenced blocks, then its outputs.

    image_url maps an output's file name to the URL the page should use."""
    blocks = []
    for cell_index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            blocks.append(cell.source)
        elif cell.cell_type == "code" and cell.source.strip():
            blocks.append(_fence(cell.source, "python"))
            for output_index, output in enumerate(cell.get("outputs", [])):
                blocks.append(_output(output, cell_index, output_index, image_url))
    return "\n\n".join(block for block in blocks if block)
