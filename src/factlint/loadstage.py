"""The load and schema stage of a run: every file through :func:`factlint.filecheck.check`, in order.

Load and schema are per file and independent, so on a large corpus they run in worker processes
over chunks of the sorted file list (while this process imports Great Expectations when the rule
stage follows, except for the sizes of :data:`GX_AFTER_LOAD`); the outcomes are merged back in file
order, so the result is the same as the serial one. The content cache is read before and written
after the stage.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterator
from pathlib import PurePosixPath

from factlint import cache as _cache
from factlint import collector, filecheck, progress
from factlint.cache_format import valid_record
from factlint.filecheck import Outcome
from factlint.model import Result
from factlint.record import Head
from factlint.timings import Timings, phase

__all__ = ["GX_AFTER_LOAD", "PARALLEL_MIN_FILES", "PARALLEL_MIN_FILES_WITH_RULES", "check_all", "workers_for"]

PARALLEL_MIN_FILES = 2000
"""Below this many files ``--schema-only`` loads in this process (workers cost ~0.1 s to start and
their results must be unpickled)."""

PARALLEL_MIN_FILES_WITH_RULES = 300
"""With the rule stage, workers load files while this process imports Great Expectations (~2 s)."""

GX_AFTER_LOAD = (5_000, 10**9)
"""With the rule stage, a corpus of this many files to check (from, below) is loaded by the workers with both
cores to themselves, and Great Expectations is imported after the load: while a forked child builds the rule
tables (:mod:`factlint.rules.early`), or, past :data:`factlint.rules.early.MAX_RECORDS` records (no child: its
tables would cost more to send through the pipe than the import they overlap), after this process has built
them, so that GX's ~130 MiB go into memory the build let go of (cold 100k run, 2 alternating pairs: peak RSS
938/928 -> 881/904 MiB, wall 33.2/35.7 -> 32.5/33.7 s). Smaller corpora import it while the workers load: the
import hides their whole load. At 10k claims (12,380 files) importing after the load made the whole cold run
5.64 s instead of 6.27 s (5 pairs, load ~2)."""


def _merge(
    outcome: Outcome,
    result: Result,
    store: _cache.Cache | None = None,
    item: tuple[str, str, str] = ("", "", ""),
    where: str = "",
    heads: dict[str, Head] | None = None,
) -> None:
    """One file's outcome into the result (and the cache); ``where`` is its absolute path; ``heads``: the folders
    the records' paths share (:meth:`factlint.record.Record.share_names`)."""
    if store is not None and outcome.key is not None:
        if outcome.rejected:
            store.reject(outcome.key)
        if outcome.cached:
            if outcome.record is None and outcome.invalid is None and not outcome.findings:
                # A valid record from a worker: the parent holds the data.
                path, name, kind = item
                entry = store.get(outcome.key)
                data = valid_record(entry) if entry is not None else None
                if data is None:  # unreachable (entries change only in this process); never drop a file
                    raise RuntimeError(f"cache entry of {name} vanished during the run")
                outcome.record = filecheck.record_of(kind, name, path, data, outcome.key)
            store.hit(outcome.key)
            if outcome.stat_hit:
                store.stat_hit(where)
        elif outcome.record is not None:
            store.put(outcome.key, outcome.record, outcome.text)
        elif outcome.entry is not None:
            store.put(outcome.key, outcome.entry, outcome.text)
        if outcome.stat is not None and (outcome.cached or outcome.record is not None or outcome.entry is not None):
            store.put_row(where, item[2], outcome.stat, outcome.key)
    if outcome.record is not None:
        outcome.record.share_names(item[1], item[0], heads)
        result.records.append(outcome.record)
    if outcome.invalid is not None:
        kind, rid = outcome.invalid
        result.invalid_ids.setdefault(kind, set()).add(rid)
    elif outcome.record is None and outcome.findings:
        # A file that failed to load (or its schema, with no id to read): its name is the id its record would
        # have (FC302), so a reference to that id is not also dangling; the file's own finding is the one to fix
        # (a reference rule would say "does not exist; add <kind folder>/<id>.yaml" beside a file of that name).
        result.invalid_ids.setdefault(item[2], set()).add(PurePosixPath(item[1]).stem)
    for f in outcome.findings:
        result.add(f)


def _new_clock() -> dict[str, float]:
    return {"read": 0.0, "parse": 0.0, "schema": 0.0, "cache": 0.0}


def _check_chunk(chunk: list[tuple[str, str, str]], timed: bool) -> tuple[list[Outcome], dict[str, float] | None]:
    """Worker side: check the files of one chunk, in order."""
    clock = _new_clock() if timed else None
    return [filecheck.check(path, name, kind, clock, positions=False) for path, name, kind in chunk], clock


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (OSError, ValueError):
        return None


def _stat_first(
    items: list[tuple[str, str, str]],
    where: list[str],
    store: _cache.Cache,
    clock: dict[str, float] | None,
    stats: list[os.stat_result | None] | None = None,
) -> list[Outcome | None]:
    """The outcome of each file whose cache file row still matches its ``stat`` (None: check the file);
    ``stats``: each file's stat, taken before (while a child judged the shards)."""
    out: list[Outcome | None] = [None] * len(items)
    if not store.rows:
        return out
    t0 = time.perf_counter() if clock is not None else 0.0
    for i, ((path, name, kind), absolute) in enumerate(zip(items, where, strict=True)):
        if stats is None:
            found = store.row(absolute, kind)
        else:
            st = stats[i]
            found = store.row(absolute, kind, st) if st is not None else None
        if found is None:
            continue
        key = found[0]
        entry = store.get(key)
        if entry is None:
            continue
        outcome = filecheck.from_entry(entry, kind, name, path, key, positions=True, checked=key in store.checked)
        if outcome is None:
            store.reject(key)  # before any worker starts: they must not find it either
            continue
        outcome.stat_hit = True
        out[i] = outcome
    if clock is not None:
        clock["cache"] += time.perf_counter() - t0
    return out


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
    save: bool = True,
    keep: bool = False,
) -> bool:
    """Load and schema-check every file into ``result``; True if Great Expectations was imported meanwhile.

    ``save``: write the cache's changed shards at the end (else the caller saves them, e.g. while a child
    builds the rule tables). ``keep``: leave every object frozen at the end (``gc.freeze``; the caller calls
    ``gc.unfreeze`` once the records are no longer needed)."""
    collect = gc.isenabled()
    with collector.off(keep) as freeze:
        return _check_all(
            files, names, kinds, result, timings, rules=rules, store=store, collect=collect, freeze=freeze, save=save
        )


def _check_all(
    files: list[str],
    names: list[str],
    kinds: list[str],
    result: Result,
    timings: Timings | None,
    *,
    rules: bool,
    store: _cache.Cache | None,
    collect: bool,
    freeze: bool = False,
    save: bool = True,
) -> bool:
    once = [freeze]
    items = list(zip(files, names, kinds, strict=True))
    cwd = os.getcwd()
    where = [p if os.path.isabs(p) else os.path.join(cwd, p) for p in files] if store is not None else []
    known: list[Outcome | None] = [None] * len(items)
    if store is not None:
        clock = _new_clock() if timings is not None else None
        stats = None
        if store.reading:  # while the child judges the shards: every file's stat, for its file row
            t0 = time.perf_counter()
            stats = [_stat(p) for p in where]
            if clock is not None:
                clock["cache"] += time.perf_counter() - t0
        with phase(timings, "cache_load"):
            store.load()
        result.positions.store = store.position_store
        known = _stat_first(items, where, store, clock, stats)
        if timings is not None and clock is not None:
            timings.add("cache", clock["cache"])
    todo = [i for i, outcome in enumerate(known) if outcome is None]
    workers = workers_for(len(todo), rules=rules) if todo else 1
    meanwhile = rules and not GX_AFTER_LOAD[0] <= len(todo) < GX_AFTER_LOAD[1]  # import GX while they load
    if timings is not None:
        timings.info["workers"] = workers
    filecheck.SHARED.entries = store.entries if store is not None else None
    filecheck.SHARED.checked = store.checked if store is not None else frozenset()
    heads: dict[str, Head] = {}
    tick = progress.stage("load and schema", len(files))
    try:
        if workers <= 1:
            clock = _new_clock() if timings is not None else None
            for i, item in enumerate(items):
                outcome = known[i]
                if outcome is None:
                    with collector.collecting(collect, once):  # parsing leaves cyclic garbage: collect it meanwhile
                        outcome = filecheck.check(*item, clock)
                _merge(outcome, result, store, item, _at(where, i), heads)
                tick.advance()
            if timings is not None and clock is not None:
                for k, v in clock.items():
                    timings.add(k, v)
        else:
            outcomes = _check_parallel([items[i] for i in todo], workers, timings, rules=meanwhile)
            for i, item in enumerate(items):
                outcome = known[i]
                _merge(outcome if outcome is not None else next(outcomes), result, store, item, _at(where, i), heads)
                tick.advance()
    finally:
        filecheck.SHARED.entries = None
        filecheck.SHARED.checked = frozenset()
    tick.finish()
    if store is not None:
        if save:
            with phase(timings, "cache_save"):
                store.save()
        if timings is not None:
            timings.info["cache"] = {**store.stats, "error": store.error}
    return workers > 1 and meanwhile


def _at(where: list[str], i: int) -> str:
    return where[i] if where else ""


def _import_rules(timings: Timings | None) -> None:
    from factlint.rules import gx_import

    with phase(timings, "gx_import"):
        gx_import.import_gx()


CHUNK_MAX_FILES = 2000
"""At most this many files go to a worker at a time. A worker holds a chunk's outcomes (packed records, their cache
texts, marks) until the chunk is done, and then their pickled copy: at 100k claims, chunks of ~7,700 files made each
worker ~85-115 MiB (PSS) at the end of the load, beside this process's ~405, the cold run's peak of the whole process
tree (~605-637 MiB); chunks of 2,000: workers ~67-73, that moment ~510-530."""


def _chunks(items: list[tuple[str, str, str]], workers: int) -> list[list[tuple[str, str, str]]]:
    """``items`` cut into chunks in file order: several per worker so a slow chunk does not leave a core idle, of
    50 to :data:`CHUNK_MAX_FILES` files."""
    size = max(50, min(-(-len(items) // (workers * 8)), CHUNK_MAX_FILES))
    return [items[i : i + size] for i in range(0, len(items), size)]


def _check_parallel(
    items: list[tuple[str, str, str]], workers: int, timings: Timings | None, *, rules: bool
) -> Iterator[Outcome]:
    """The outcomes of ``items``, in order, checked by ``workers`` processes (while this one imports GX)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunks = _chunks(items, workers)
    methods = multiprocessing.get_all_start_methods()
    # fork: the workers share the parent's cache entries (with another start method they see none: misses only).
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=gc.enable) as pool:
        n = len(chunks)
        results = pool.map(_check_chunk, chunks, [timings is not None] * n)
        if rules:
            _import_rules(timings)  # while the workers load: GX's import is the longest single step
        for outcomes, clock in results:
            yield from outcomes
            if timings is not None and clock is not None:
                for k, v in clock.items():
                    timings.add(k, v)
