"""The ``validate`` pipeline: collect the files, judge them, fill a Result.

Stages, in order: load (hardened YAML, FC0xx), schema (FC1xx), rules (FC2xx+,
Great Expectations; imported only when the rule stage runs). Nothing here
renders or writes anything; nothing is ever written to the files read.

This module holds the run itself (:func:`run`, one corpus at a time); the pieces live in
:mod:`factlint.filecheck` (one file through load and schema), :mod:`factlint.loadstage`
(every file, in worker processes on a large corpus), :mod:`factlint.rules` (the rule stage),
:mod:`factlint.focus` (narrowing to the named files, joining corpora) and
:mod:`factlint.extras` (is the rule stage installed).

:class:`~factlint.timings.Timings` is the opt-in phase timer behind ``validate --timings FILE``
(used by ``nox -s bench``); when it is not asked for, no clock is read per file.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import gc
from collections.abc import Iterator
from pathlib import Path

from factlint import bounds, corpus, loadstage, progress
from factlint import cache as _cache
from factlint.codes import finding
from factlint.discover import display, walk
from factlint.extras import RULES_EXTRA, MissingExtra, require_rules_extra
from factlint.focus import merged, narrow
from factlint.loadstage import workers_for
from factlint.model import Result
from factlint.record import Record
from factlint.timings import Timings, phase

__all__ = [
    "RULES_EXTRA",
    "MissingExtra",
    "Result",
    "Timings",
    "long_lived",
    "phase",
    "require_rules_extra",
    "run",
    "workers_for",
]


def run(
    paths: list[str],
    *,
    schema_only: bool = False,
    today: _dt.date | None = None,
    timings: Timings | None = None,
    cache: _cache.Cache | None = None,
    engine: str = "pandas",
    spark_master: str | None = None,
) -> Result:
    """Validate every record under ``paths``. Raises UsageError for a bad path.

    With ``cache``, records whose bytes were loaded and passed their schema before come from it
    (see :mod:`factlint.cache`); the result is the same either way. ``engine`` (``pandas`` or ``spark``)
    runs the rules through that Great Expectations datasource.

    Each path is checked in the context of its corpus (see :mod:`factlint.corpus`):
    with the rule stage, the whole corpus is loaded and every rule runs on it,
    and the result keeps the findings in the named files plus the cross-record
    findings elsewhere that involve them (marked as such in their message).
    """
    if not schema_only:
        require_rules_extra()
    with phase(timings, "discover"):
        scopes = corpus.plan(paths)  # (a bad path stops the run here: before any child is forked)
    if cache is not None:
        cache.start()  # its shards are judged by a child while the corpus is walked
    results = [
        _run_scope(
            scope,
            schema_only=schema_only,
            today=today,
            timings=timings,
            cache=cache,
            engine=engine,
            spark_master=spark_master,
            last=i == len(scopes) - 1,
        )
        for i, scope in enumerate(scopes)
    ]
    result = results[0] if len(results) == 1 else merged(results)
    result.paths = list(paths)
    # Bounded output: at most bounds.MAX_PER_FILE_CODE findings of a code per file, bounds.MAX_FINDINGS in all.
    result.findings = bounds.cap(result.findings)
    result.waived = bounds.cap(result.waived)
    return result


@contextlib.contextmanager
def long_lived() -> Iterator[None]:
    """Leave the objects made so far out of the garbage collector's passes while the block runs.

    After the load stage, the records and Great Expectations' modules live as long as the run: every
    full pass of the collector over them (millions of objects at 100k records) finds nothing and
    only costs time. The rule stage and the reports run inside this; at the end the objects are
    released again (``gc.unfreeze``), so a caller running many validations in one process keeps
    nothing frozen.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _run_scope(
    scope: corpus.Scope,
    *,
    schema_only: bool,
    today: _dt.date | None,
    timings: Timings | None,
    cache: _cache.Cache | None = None,
    engine: str = "pandas",
    spark_master: str | None = None,
    last: bool = True,
) -> Result:
    """One corpus through every stage; ``last``: no corpus follows in this run (the cache may let go of its
    entries once they are saved, :meth:`factlint.cache.Cache.forget`)."""
    result = Result(paths=list(scope.named))
    with phase(timings, "discover"):
        walked = walk(scope.named, scope.base)
        named = walked.files
        focus = not scope.whole and not schema_only
        every = walk([str(scope.root)], scope.base) if focus else walked
        files = every.files
    # A file whose name is not UTF-8 was found and judged (FC014), though not read.
    result.files_checked = len(named) + sum(1 for f in walked.problems if f.rule == "FC014")
    if focus:  # the named files are checked in the context of their whole corpus: the record counts are its
        result.context_files = len(files)
    for problem in walked.problems:
        result.add(problem)
    result.stages.append("schema")
    if not named:
        for p in scope.named:
            result.add(
                finding(
                    "FC012",
                    display(Path(p), scope.base),
                    1,
                    1,
                    "no record files (*.yaml, *.yml) found here; an empty corpus is an error, "
                    "add claim files or name the right folder",
                )
            )
        return result
    outside = corpus.links_outside(scope.root, sorted(every.links))  # only a symbolic link can lead outside
    for name, p in files:
        if p in outside:
            result.add(finding("FC011", name, 1, 1, outside[p]))
    files = [(n, p) for n, p in files if p not in outside]
    kinds = corpus.kinds_in(scope.root, [p for _, p in files])
    shown = {n for n, _ in named} if focus else set()
    del walked, every, named  # the walk's lists (at 100k ~15 MiB of them): the records hold the names they need
    with phase(timings, "load_schema"):
        imported = loadstage.check_all(
            [p for _, p in files],
            [n for n, _ in files],
            kinds,
            result,
            timings,
            rules=not schema_only,
            store=cache,
            save=schema_only,  # with the rules: saved below, while the child (if any) builds the tables
            keep=not schema_only,  # the records live through the rule stage: frozen (unfrozen below)
        )
    count = len(files)
    del files, kinds
    if not schema_only:
        try:
            _rule_stage(result, count, imported, today, timings, cache, engine, spark_master, str(scope.root), last)
        finally:
            gc.unfreeze()
    if any(f.rule == "FC106" for f in result.findings):
        from factlint import hints

        # Schema-only on some files of a corpus: the ids to suggest are those of the whole corpus.
        hints.apply(result, _corpus_records(scope) if schema_only and not scope.whole else None)
    if focus:
        narrow(result, shown)
    return result


def _rule_stage(
    result: Result,
    files: int,
    imported: bool,
    today: _dt.date | None,
    timings: Timings | None,
    cache: _cache.Cache | None,
    engine: str,
    spark_master: str | None,
    root: str = "",
    last: bool = True,
) -> None:
    """The rule stage of one corpus of ``files`` files (``imported``: GX was imported during the load); ``root``:
    the corpus root (its rule tables are kept in the cache, :mod:`factlint.rules.tables.cached`); ``last``: no
    corpus follows (the cache lets go of its entries once they are saved)."""
    from factlint import rules  # the rule stage imports Great Expectations lazily
    from factlint.rules import early
    from factlint.rules.tables.cached import TableStore

    result.stages.append("rules")
    tick = progress.stage("rules", 1, unit="stage", files=files)
    # The load stage did not hide the GX import (warm: records from the cache; or a small corpus): a child
    # builds the tables while this process imports it.
    from factlint.rules.catalog import load_rules, table_parameters

    parameters = table_parameters(load_rules())  # the rule files' settings of the table builders
    store = TableStore(cache.root, root) if cache is not None else None
    kept = store is not None and store.exists()  # (taking them over beats a child building them)
    pending = None if imported or kept else early.start(result.records, result.invalid_ids, parameters)
    try:
        if cache is not None:
            with phase(timings, "cache_save"):
                cache.save(background=True)  # by a child while the rules run (here, first, for very many)
            if last:
                cache.forget()  # (after a child's save, when it is done)
        with long_lived():
            rules.run(
                result, today=today, timings=timings, engine=engine, spark_master=spark_master, pending=pending,
                store=store,
            )  # fmt: skip
            gc.collect()  # the tables are garbage now: collected before anything is frozen again
    finally:
        if pending is not None:
            pending.close()
        if cache is not None:
            cache.wait()
        if store is not None:
            store.wait()
    tick.finish()
    if cache is not None:
        with phase(timings, "cache_save"):
            cache.save()  # the positions the rule findings read again, for the next run
        if timings is not None:
            timings.info["cache"] = {**cache.stats, "error": cache.error}
            if store is not None:
                timings.info["table_cache"] = {**store.stats, "error": store.error}


def _corpus_records(scope: corpus.Scope) -> list[Record]:
    """The records of the whole corpus that load and pass their schema (as a run on the corpus has them)."""
    every = Result()
    walked = walk([str(scope.root)], scope.base)
    files = walked.files
    outside = corpus.links_outside(scope.root, sorted(walked.links))
    files = [(n, p) for n, p in files if p not in outside]
    kinds = corpus.kinds_in(scope.root, [p for _, p in files])
    loadstage.check_all([p for _, p in files], [n for n, _ in files], kinds, every, None, rules=False)
    return every.records
