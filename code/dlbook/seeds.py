"""The seeds of the experiments, shifted by a base that the build can change.

Every experiment draws its seeds through this module (`seeds(count)` for a list of them, `shift(seed)` for a single
one) instead of writing them out, so that the whole book can be run again on another draw: the base comes from the
environment variable BOOK_SEED_BASE (0 when it is unset or empty), and a build with BOOK_SEED_BASE=1000 uses seeds
1000, 1001, ... where the default build uses 0, 1, ...: a disjoint draw, as long as no experiment uses 1000 seeds
or more. CI makes such a second build, and every claim the pages make must hold under both. The build
(bookbuild/execute.py) keys its cache and its memoised results by the base, so results of one draw are never
reused for another.
"""
import os

VARIABLE = "BOOK_SEED_BASE"


def base():
    """The seed base: the integer in BOOK_SEED_BASE, or 0 when it is unset or empty."""
    text = os.environ.get(VARIABLE, "").strip()
    if not text:
        return 0
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"{VARIABLE} must be an integer, not {text!r}") from None


def seeds(count):
    """`count` consecutive seeds from the base: [base, base + 1, ..., base + count - 1]."""
    start = base()
    return list(range(start, start + count))


def shift(seed):
    """The seed `seed` of the default draw, moved to the current one: base + seed."""
    return base() + seed
