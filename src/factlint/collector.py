"""The cyclic garbage collector during the load stage (:mod:`factlint.loadstage`): off while the stage decodes and
merges (what it makes is long-lived and holds no cycles), on while a file is parsed in this process.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["collecting", "off"]


@contextlib.contextmanager
def off(keep: bool = False) -> Iterator[bool]:
    """The cyclic garbage collector off for the stage in this process.

    What the stage makes here (decoded cache entries, records, outcomes from the workers) is long-lived
    and holds no reference cycles; each full collection would scan all of it again (a warm 10k run: ~0.08 s
    CPU). While a file is parsed in this process (the loader's garbage has cycles) and in the workers, the
    collector runs as usual (:func:`collecting`). ``keep``: at the end, everything is frozen (``gc.freeze``)
    before the collector is back on, so its next passes do not walk the stage's objects at all (they were all
    in its youngest generation); the caller unfreezes (:func:`factlint.validate.long_lived`).

    Yields whether :func:`collecting` may freeze what the stage made so far: with ``keep``, or when nothing was
    frozen before the stage (it is then unfrozen at the end).
    """
    was = gc.isenabled()
    may_freeze = keep or gc.get_freeze_count() == 0
    gc.disable()
    try:
        yield may_freeze
    finally:
        if keep:
            gc.freeze()
        elif may_freeze:
            gc.unfreeze()
        if was:
            gc.enable()


@contextlib.contextmanager
def collecting(collect: bool, freeze: list[bool]) -> Iterator[None]:
    """The collector back on (if it was on before the stage) for the block; ``freeze == [True]``: what the
    stage made so far is frozen first (``gc.freeze``, once: ``freeze`` becomes ``[False]``), so the collections
    the block sets off walk only what is made after. Else the first one walks every object made with the
    collector off: a warm 100k run with one changed file spent 0.6 s (quiet; 5 s at load 9) in three
    collections, each over all the cache's entries."""
    if collect:
        if freeze[0]:
            gc.freeze()
            freeze[0] = False
        gc.enable()
    try:
        yield
    finally:
        gc.disable()
