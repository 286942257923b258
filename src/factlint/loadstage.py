"""The load and schema stage of a run: every file through :func:`factlint.filecheck.check`, in order.

Load and schema are per file and independent, so on a large corpus they run in worker processes
over chunks of the sorted file list (while this process imports Great Expectations when the rule
stage follows); the outcomes are merged back in file order, so the result is the same as the
serial one. The content cache is read before and written after the stage.
"""

from __future__ import annotations

import os

from factlint import cache as _cache
from factlint import filecheck, progress
from factlint.filecheck import Outcome
from factlint.model import Result
from factlint.timings import Timings, phase

__all__ = ["PARALLEL_MIN_FILES", "PARALLEL_MIN_FILES_WITH_RULES", "check_all", "workers_for"]

PARALLEL_MIN_FILES = 2000
"""Below this many files ``--schema-only`` loads in this process (workers cost ~0.1 s to start and
their results must be unpickled)."""

PARALLEL_MIN_FILES_WITH_RULES = 300
"""With the rule stage, workers load files while this process imports Great Expectations (~2 s)."""


def _merge(
    outcome: Outcome, result: Result, store: _cache.Cache | None = None, item: tuple[str, str, str] = ("", "", "")
) -> None:
    """Put one file's outcome into ``result`` (and tell the cache what was used, rejected or new)."""
    if store is not None and outcome.key is not None:
        if outcome.rejected:
            store.reject(outcome.key)
        if outcome.cached:
            if outcome.record is None:  # from a worker: the parent holds the data
                path, name, kind = item
                data = store.get(outcome.key)
                if data is None:  # unreachable (entries change only in this process); never drop a file
                    raise RuntimeError(f"cache entry of {name} vanished during the run")
                outcome.record = filecheck.record_of(kind, name, path, data)
            store.hit(outcome.key)
        elif outcome.record is not None:
            store.put(outcome.key, outcome.record.data, outcome.text)
    if outcome.record is not None:
        result.records.append(outcome.record)
    if outcome.invalid is not None:
        kind, rid = outcome.invalid
        result.invalid_ids.setdefault(kind, set()).add(rid)
    for f in outcome.findings:
        result.add(f)


def _new_clock() -> dict[str, float]:
    return {"read": 0.0, "parse": 0.0, "schema": 0.0, "cache": 0.0}


def _check_chunk(chunk: list[tuple[str, str, str]], timed: bool) -> tuple[list[Outcome], dict[str, float] | None]:
    """Worker side: check the files of one chunk, in order."""
    clock = _new_clock() if timed else None
    return [filecheck.check(path, name, kind, clock, positions=False) for path, name, kind in chunk], clock


def workers_for(files: int, *, rules: bool = False) -> int:
    """How many worker processes to use for ``files`` files (1: stay in this process).

    ``FACTLINT_WORKERS`` overrides it (``1`` forces the serial path).
    """
    env = os.environ.get("FACTLINT_WORKERS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    if files < (PARALLEL_MIN_FILES_WITH_RULES if rules else PARALLEL_MIN_FILES):
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cpus, 8))


def check_all(
    files: list[str],
    names: list[str],
    kinds: list[str],
    result: Result,
    timings: Timings | None,
    *,
    rules: bool,
    store: _cache.Cache | None = None,
) -> None:
    """Load and schema-check ``files`` (with their display ``names`` and record ``kinds``) into ``result``."""
    if store is not None:
        with phase(timings, "cache_load"):
            store.load()
    workers = workers_for(len(files), rules=rules)
    if timings is not None:
        timings.info["workers"] = workers
    filecheck.SHARED.entries = store.entries if store is not None else None
    tick = progress.stage("load and schema", len(files))
    try:
        if workers <= 1:
            clock = _new_clock() if timings is not None else None
            for item in zip(files, names, kinds, strict=True):
                _merge(filecheck.check(*item, clock), result, store, item)
                tick.advance()
            if timings is not None and clock is not None:
                for k, v in clock.items():
                    timings.add(k, v)
        else:
            _check_parallel(files, names, kinds, workers, result, timings, rules=rules, store=store, tick=tick)
    finally:
        filecheck.SHARED.entries = None
    tick.finish()
    if store is not None:
        with phase(timings, "cache_save"):
            store.save()
        if timings is not None:
            timings.info["cache"] = {**store.stats, "error": store.error}


def _import_rules(timings: Timings | None) -> None:
    from factlint.rules import gx

    with phase(timings, "gx_import"):
        gx.import_gx()


def _check_parallel(
    files: list[str],
    names: list[str],
    kinds: list[str],
    workers: int,
    result: Result,
    timings: Timings | None,
    *,
    rules: bool,
    store: _cache.Cache | None = None,
    tick: progress.Stage | None = None,
) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Chunks in file order; several per worker so a slow chunk does not leave a core idle.
    items = list(zip(files, names, kinds, strict=True))
    size = max(50, -(-len(items) // (workers * 8)))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    methods = multiprocessing.get_all_start_methods()
    # fork: the workers share the parent's cache entries (with another start method they see none: misses only).
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        n = len(chunks)
        results = pool.map(_check_chunk, chunks, [timings is not None] * n)
        if rules:
            _import_rules(timings)  # while the workers load: GX's import is the longest single step
        for chunk, (outcomes, clock) in zip(chunks, results, strict=True):
            for item, outcome in zip(chunk, outcomes, strict=True):
                _merge(outcome, result, store, item)
            if tick is not None:
                tick.advance(len(chunk))
            if timings is not None and clock is not None:
                for k, v in clock.items():
                    timings.add(k, v)
