"""`make submission ID=…`: the archive the homework asks for."""
import json
import subprocess
import zipfile

import pytest

from bookbuild import execute, pdf, submission
from conftest import ROOT


def test_the_archive_holds_the_persian_chapter_and_book_pdfs_the_executed_notebooks_and_the_sources(book_pdfs):
    archive = submission.main("98123456", book_pdfs)
    assert archive.name == "HW2_98123456.zip"
    with zipfile.ZipFile(archive) as zipped:
        names = set(zipped.namelist())
        expected_pdfs = {f"pdf/{name}" for lang, *_, name in pdf.chapters() if lang == "fa"} | {"pdf/book.fa.pdf"}
        expected_notebooks = {f"notebooks/{source.stem}.ipynb" for source in execute.notebook_sources()}
        assert names == expected_pdfs | expected_notebooks | {"README.md"}
        for name in expected_pdfs:
            assert zipped.read(name).startswith(b"%PDF")
        for name in expected_notebooks:
            notebook = json.loads(zipped.read(name))
            assert any(cell.get("outputs") for cell in notebook["cells"]), f"{name} was not executed"
        readme = zipped.read("README.md").decode()
    assert "منبع‌ها" in readme and "Breaking the softmax bottleneck" in readme
    assert all(name in readme for name in expected_pdfs | expected_notebooks)


@pytest.mark.parametrize("student_id", [None, "", "12ab", "123", "9812345678901"])
def test_a_missing_or_malformed_id_is_refused(student_id, tmp_path):
    with pytest.raises(SystemExit, match="is not valid: give 6 to 12 digits"):
        submission.main(student_id, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_make_refuses_a_bad_id_before_building_anything():
    run = subprocess.run(["make", "--no-print-directory", "submission", "ID=12ab"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    assert "student ID '12ab' is not valid" in run.stderr
    assert "mkdocs" not in run.stdout + run.stderr
