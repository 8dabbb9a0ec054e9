"""`make submission ID=<StudentID>`: the archive the homework asks for, HW2_<StudentID>.zip, in dist/.

It holds the Persian chapter PDFs and the whole Persian book as one PDF (from `make pdf`), the executed Persian
notebooks, and a README that lists what is inside and the sources the book cites.

Run: python -m bookbuild.submission STUDENT_ID [DIST]
     python -m bookbuild.submission --check-id STUDENT_ID   (what `make submission` runs before printing anything)
"""
import re
import sys
import zipfile
from pathlib import Path

from pybtex.plugin import find_plugin

from bookbuild import citations, execute, pdf

ROOT = Path(__file__).resolve().parents[1]
STUDENT_ID = re.compile(r"^[0-9]{6,12}$")


def check_id(student_id):
    if not STUDENT_ID.match(student_id or ""):
        raise ValueError(f"student ID {student_id!r} is not valid: give 6 to 12 digits, as in "
                         "`make submission ID=98123456`")
    return student_id


def sources_text():
    """Every entry of references.bib as plain text, one per line."""
    style = find_plugin("pybtex.style.formatting", "plain")()
    backend = find_plugin("pybtex.backends", "text")()
    return "\n".join(f"- {entry.text.render(backend)}"
                     for entry in style.format_entries(sorted(citations.entries().values(), key=citations.sort_key)))


def readme(pdfs, notebooks):
    lines = ["# پاسخ تمرین سری دوم یادگیری عمیق", "",
             "این بایگانی پاسخ‌های تایپ‌شدهٔ فارسی (فایل‌های PDF هر فصل و کل کتاب در یک PDF) "
             "و نوت‌بوک‌های اجراشده را دربر دارد.", "",
             "## محتوا", ""]
    lines += [f"- `{name}`" for name in pdfs + notebooks]
    lines += ["", "## منبع‌ها", "", sources_text(), ""]
    return "\n".join(lines)


def refuse_a_bad_id(student_id):
    """The ID, or exit with the reason it is not valid."""
    try:
        return check_id(student_id)
    except ValueError as error:
        raise SystemExit(f"make submission: {error}") from None


def main(student_id=None, dist=ROOT / "dist"):
    student_id = refuse_a_bad_id(student_id)
    dist = Path(dist)
    pdfs = [dist / name for lang, *_, name in pdf.chapters() if lang == "fa"] + [dist / "book.fa.pdf"]
    missing = [str(path) for path in pdfs if not path.exists()]
    if missing:
        raise SystemExit(f"make submission: missing {', '.join(missing)}: run `make pdf` first")
    notebooks = [execute.output_folder(source.stem, "fa") / f"{source.stem}.ipynb"
                 for source in execute.notebook_sources()]
    missing = [str(path) for path in notebooks if not path.exists()]
    if missing:
        raise SystemExit(f"make submission: missing {', '.join(missing)}: run `make build` first")
    archive = dist / f"HW2_{student_id}.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        for path in pdfs:
            zipped.write(path, f"pdf/{path.name}")
        for path in notebooks:
            zipped.write(path, f"notebooks/{path.name}")
        zipped.writestr("README.md", readme([f"pdf/{p.name}" for p in pdfs],
                                            [f"notebooks/{p.name}" for p in notebooks]))
    print(f"wrote {archive}")
    return archive


if __name__ == "__main__":
    if sys.argv[1:2] == ["--check-id"]:
        refuse_a_bad_id(sys.argv[2] if len(sys.argv) > 2 else None)
    else:
        main(*sys.argv[1:])
