"""Execute the notebooks of code/notebooks, once per language, with a content-hash cache.

A notebook is a jupytext percent script. Its Markdown cells tagged `fa` or `en` are the narrative of one edition;
untagged cells belong to both. For each notebook and language the executed notebook, its published figures and
values, its image outputs and its run time land in .cache/book/<lang>/<notebook>/. That folder is replaced only
when a run succeeds, and it is skipped when the key (a hash of the notebook, the library, the lock files, the seed
base BOOK_SEED_BASE of dlbook.seeds and the language) is unchanged. Memoised results live in
.cache/book/memo/<notebook>/<key>, keyed the same way but for the language, so that a draw of seeds never reuses
another draw's results.

Each run logs a line when it starts and one when it ends through MkDocs' logger; runs taken from the cache are
silent. With several workers the notebooks start longest first, by the run time recorded in the cache, and the
CPU's threads are shared among the notebooks still running: when only one is left it gets them all, from its next
memoised experiment on (dlbook.memo reads the share from the file that BOOK_THREADS names).
"""
import contextlib
import hashlib
import logging
import math
import os
import re
import shutil
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

from bookbuild.notebook_page import extract_images
from dlbook import seeds
from dlbook.text import LANGUAGES

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "code" / "notebooks"
LIBRARY = ROOT / "code" / "dlbook"
# The Python pins, and the one npm package that the notebooks use: Vazirmatn, for the Persian text of figures.
LOCK_FILES = [ROOT / "requirements.txt", ROOT / "node_modules" / "vazirmatn" / "package.json"]


def cache_folder():
    """BOOK_CACHE, or .cache/book; made absolute (from the working directory), since the kernels run elsewhere."""
    return Path(os.environ.get("BOOK_CACHE") or ROOT / ".cache" / "book").resolve()


CACHE = cache_folder()
CELL_TIMEOUT = int(os.environ.get("BOOK_CELL_TIMEOUT", "1200"))  # Chapter 3's studies train for minutes a cell
# glibc's malloc hands freed blocks of a few hundred KB back to the system and page-faults them in again at the next
# training step. Blocks up to 32 MB from the heap, and up to 256 MB of free heap kept for reuse, make Chapter 3's
# batched training about 15 % faster (bookbuild.bench runs under the same setting). A GLIBC_TUNABLES of the user's
# own is kept.
MALLOC_TUNABLES = "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=268435456"
ANSI_COLOURS = re.compile(r"\x1b\[[0-9;]*m")
log = logging.getLogger("mkdocs.hooks")  # MkDocs prints its INFO lines (unless --quiet)


class NotebookError(Exception):
    """A notebook could not be run: names the notebook, the language, the cell and the cause."""


def notebook_sources():
    return sorted(NOTEBOOKS.glob("*.py"))


def content_hash(paths, *extra):
    digest = hashlib.sha256()
    for path in paths:
        digest.update(os.path.relpath(path, ROOT).encode())
        digest.update(path.read_bytes())
    for text in extra:
        digest.update(text.encode())
    return digest.hexdigest()


def seed_base():
    """The seed base of this build (BOOK_SEED_BASE, see dlbook.seeds); a bad value stops the build."""
    try:
        return seeds.base()
    except ValueError as error:
        raise NotebookError(str(error)) from None


def notebook_key(source):
    """What the results of a notebook depend on, whatever the language: the seed base included."""
    inputs = [source, *sorted(LIBRARY.rglob("*.py")), *LOCK_FILES, Path(__file__)]
    return content_hash([p for p in inputs if p.exists()], f"{seeds.VARIABLE}={seed_base()}")


def output_folder(name, lang):
    return CACHE / lang / name


def for_language(notebook, lang):
    """The notebook with only the narrative cells of `lang` (and the untagged ones)."""
    kept = []
    for cell in notebook.cells:
        tags = cell.metadata.get("tags", [])
        languages = [t for t in tags if t in LANGUAGES]
        if languages and lang not in languages:
            continue
        cell.metadata["tags"] = [t for t in tags if t not in LANGUAGES]
        kept.append(cell)
    notebook.cells = kept
    notebook.metadata["language_info"] = {"name": "python"}
    return notebook


def threads_file():
    """The file that says how many CPU threads each running notebook may use now."""
    return CACHE / "threads"


def share_threads(running):
    """Write how many CPU threads each of `running` notebooks may use now; returns that number."""
    threads = max(1, (os.cpu_count() or 1) // max(1, running))
    threads_file().parent.mkdir(parents=True, exist_ok=True)
    partial = threads_file().with_suffix(".partial")
    partial.write_text(str(threads))
    partial.replace(threads_file())
    return threads


def with_malloc_tunables(environment):
    """A copy of `environment` with GLIBC_TUNABLES set to MALLOC_TUNABLES unless it sets its own."""
    return {"GLIBC_TUNABLES": MALLOC_TUNABLES, **environment}


def kernel_environment(lang, output, memo, threads):
    env = with_malloc_tunables(os.environ)
    env.update({
        "BOOK_LANG": lang,
        seeds.VARIABLE: str(seed_base()),  # the base the key was made with
        "BOOK_OUTPUT": str(output),
        "BOOK_MEMO": str(memo),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "code"), env.get("PYTHONPATH")])),
        "PYTHONDONTWRITEBYTECODE": "1",  # no writes under code/: `mkdocs serve` watches it
        "OMP_NUM_THREADS": str(threads),
        "BOOK_THREADS": str(threads_file()),
    })
    return env


def _where(source, cell, index):
    """'line 57 (cell 4)': where a code cell starts in the notebook's .py source."""
    text = source.read_text(encoding="utf-8")
    found = text.find(cell.source)
    return f"line {text.count(chr(10), 0, found) + 1} (cell {index})" if found >= 0 else f"cell {index}"


@contextlib.contextmanager
def fresh_kernel(notebook, env):
    """A NotebookClient with a fresh kernel, which talks to the build over local (IPC) sockets: no TCP port is
    opened, and the kernel has no reason to warn that its traffic is unencrypted."""
    client = NotebookClient(notebook, timeout=CELL_TIMEOUT, allow_errors=False, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    with tempfile.TemporaryDirectory(prefix="book-kernel-") as sockets:
        kernel = client.create_kernel_manager()
        kernel.transport, kernel.ip = "ipc", f"{sockets}/kernel"
        with client.setup_kernel(env=env):
            yield client


def run_cells(source, notebook, env, label):
    with fresh_kernel(notebook, env) as client:
        for index, cell in enumerate(notebook.cells):
            try:
                client.execute_cell(cell, index)
            except CellTimeoutError:
                raise NotebookError(f"{label}, {_where(source, cell, index)}: "
                                    f"ran past the {CELL_TIMEOUT} s timeout") from None
            except CellExecutionError as error:
                raise NotebookError(f"{label}, {_where(source, cell, index)}: failed\n"
                                    + ANSI_COLOURS.sub("", str(error))) from None


def execute(source, lang, threads=1):
    """Run one notebook in one language unless its cached results are current. Returns True if it ran."""
    name = source.stem
    key = notebook_key(source)
    run_key = f"{key}-{lang}"
    final = output_folder(name, lang)
    if (final / "key").exists() and (final / "key").read_text() == run_key:
        return False
    partial = final.with_name(f".{name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    notebook = for_language(jupytext.read(source), lang)
    label = f"{os.path.relpath(source, ROOT)} [{lang}]"
    memo = CACHE / "memo" / name
    for stale in memo.glob("*"):
        if stale.name != key:
            shutil.rmtree(stale)
    log.info(f"notebook {name} [{lang}]: started")
    started = time.perf_counter()
    try:
        run_cells(source, notebook, kernel_environment(lang, partial, memo / key, threads), label)
    except NotebookError:
        shutil.rmtree(partial)
        log.info(f"notebook {name} [{lang}]: failed after {time.perf_counter() - started:.1f} s")
        raise
    seconds = time.perf_counter() - started
    log.info(f"notebook {name} [{lang}]: done in {seconds:.1f} s")
    nbformat.write(notebook, partial / f"{name}.ipynb")
    extract_images(notebook, partial / "outputs")
    (partial / "seconds").write_text(f"{seconds:.2f}")
    (partial / "key").write_text(run_key)
    shutil.rmtree(final, ignore_errors=True)
    partial.rename(final)
    return True


def recorded_seconds(source):
    """How long the notebook's languages took, together, in their last recorded runs (under any key); else the
    rough time its header declares (`book: seconds:` in the jupytext header), for a cold build; else infinite, so
    that a new notebook counts as the longest."""
    times = []
    for lang in LANGUAGES:
        with contextlib.suppress(OSError, ValueError):  # not run yet, or an unreadable record
            times.append(float((output_folder(source.stem, lang) / "seconds").read_text()))
    if times:
        return sum(times)
    return float(jupytext.read(source).metadata.get("book", {}).get("seconds", math.inf))


def longest_first(sources):
    """The notebooks in the order to start them: longest (recorded or declared) run first, then by name."""
    return sorted(sources, key=lambda source: (-recorded_seconds(source), source.stem))


def execute_all(jobs=2):
    """Run every stale notebook; notebooks in parallel, longest first, the languages of one notebook in turn (so
    that the second reuses the first one's memoised results). Returns the names of the runs made."""
    sources = longest_first(notebook_sources())
    seed_base()  # a bad BOOK_SEED_BASE stops the build before any run
    threads = share_threads(min(jobs, len(sources)))
    unfinished, lock = len(sources), threading.Lock()

    def run(source):
        nonlocal unfinished
        try:
            return [f"{source.stem} [{lang}]" for lang in LANGUAGES if execute(source, lang, threads)]
        finally:
            with lock:
                unfinished -= 1
                if unfinished < jobs:  # a worker is idle from now on: the others take its threads
                    share_threads(unfinished)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        runs = [run for runs in pool.map(run, sources) for run in runs]
    if runs:
        log.info(f"notebooks: {len(runs)} run(s) in {time.perf_counter() - started:.1f} s, "
                 f"seed base {seed_base()}; {len(sources) * len(LANGUAGES) - len(runs)} from the cache")
    return runs
