"""Memoise expensive results on disk, so that the second edition of a notebook reuses the first one's runs.

The build sets BOOK_MEMO to a folder keyed by the notebook and the library sources (not by the language): any change
to either starts from an empty folder. Run by hand, without BOOK_MEMO, everything is computed.
"""
import os
from pathlib import Path

import torch


def memoised(name, compute):
    """compute(), or its saved result under `name` when this build already computed it."""
    folder = os.environ.get("BOOK_MEMO")
    if not folder:
        return compute()
    path = Path(folder) / f"{name}.pt"
    if path.exists():
        return torch.load(path, weights_only=True)
    result = compute()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    torch.save(result, partial)
    partial.replace(path)
    return result
