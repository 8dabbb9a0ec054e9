"""Memoise expensive results on disk, so that the second edition of a notebook reuses the first one's runs.

The build sets BOOK_MEMO to a folder keyed by the notebook, the library sources and the seed base (not by the
language): any change to them starts from an empty folder. Run by hand, without BOOK_MEMO, everything is computed.

Before each computation the notebook takes the CPU threads the build now allows it (`use_free_threads`). Each
computation is timed: `memo NAME: computed in 12.3 s` is printed, and when the build's BOOK_OUTPUT folder is set
(the one dlbook.publish writes to) the seconds are recorded in its timings.json as {name: seconds}, which
`make bench` (bookbuild/bench.py) shows. A result loaded from the memo is neither printed nor recorded, so only the
edition that computed an experiment has its time.
"""
import json
import os
import time
from pathlib import Path

import torch

from dlbook.text import persian_number, show, tr

TIMINGS = "timings.json"


def _record_seconds(name, seconds):
    """Merge {name: seconds} into BOOK_OUTPUT/timings.json, if the build set BOOK_OUTPUT."""
    folder = os.environ.get("BOOK_OUTPUT")  # as dlbook.publish._output(), without importing its plotting stack
    if not folder:
        return
    path = Path(folder) / TIMINGS
    entries = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    entries[name] = round(seconds, 2)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(entries, indent=1), encoding="utf-8")
    partial.replace(path)


def use_free_threads():
    """Take as many CPU threads as the build now allows this notebook: the number in the file that BOOK_THREADS
    names, which the build raises when the other notebooks have finished (bookbuild.execute.share_threads)."""
    path = os.environ.get("BOOK_THREADS")
    if path and Path(path).exists():
        threads = int(Path(path).read_text())
        if threads != torch.get_num_threads():
            torch.set_num_threads(threads)


def _timed_compute(name, compute):
    use_free_threads()
    started = time.perf_counter()
    result = compute()
    seconds = time.perf_counter() - started
    computed = tr(f"در {persian_number(f'{seconds:.1f}')} ثانیه حساب شد", f"computed in {seconds:.1f} s")
    show(f"`{name}`: {computed}", f"memo {name}: computed in {seconds:.1f} s")
    _record_seconds(name, seconds)
    return result


def memoised(name, compute):
    """compute(), or its saved result under `name` when this build already computed it."""
    folder = os.environ.get("BOOK_MEMO")
    if not folder:
        return _timed_compute(name, compute)
    path = Path(folder) / f"{name}.pt"
    if path.exists():
        return torch.load(path, weights_only=True)
    result = _timed_compute(name, compute)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    torch.save(result, partial)
    partial.replace(path)
    return result
