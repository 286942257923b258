"""The ``validate`` pipeline: collect the files, judge them, fill a Result.

Stages, in order: load (hardened YAML, FC0xx), schema (FC1xx), rules (FC2xx+,
Great Expectations; imported only when the rule stage runs). Nothing here
renders or writes anything; nothing is ever written to the files read.

Load and schema are per file and independent, so on a large corpus they run
in worker processes over chunks of the sorted file list; the outcomes are
merged back in file order, so the result is the same as the serial one.

:class:`~factlint.timings.Timings` is the opt-in phase timer behind ``validate --timings FILE``
(used by ``nox -s bench``); when it is not asked for, no clock is read per file.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import time
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from factlint import bounds, corpus, loader, progress, schema_errors, schemas
from factlint import cache as _cache
from factlint.codes import finding
from factlint.discover import display, walk
from factlint.errors import UsageError
from factlint.model import Finding, Record, Result
from factlint.timings import Timings, phase

__all__ = ["Timings", "phase", "run", "workers_for"]

PARALLEL_MIN_FILES = 2000
"""Below this many files ``--schema-only`` loads in this process (workers cost ~0.1 s to start and
their results must be unpickled)."""

PARALLEL_MIN_FILES_WITH_RULES = 300
"""With the rule stage, workers load files while this process imports Great Expectations (~2 s)."""


@dataclass
class _Outcome:
    """What load and schema made of one file: a record, or findings (and the id of an invalid record)."""

    record: Record | None = None
    findings: list[Finding] = field(default_factory=list)
    invalid: tuple[str, str] | None = None
    key: str | None = None
    """Cache key of the bytes that were checked (when the cache is on)."""
    cached: bool = False
    """The record is the cache entry ``key``; from a worker its data is not sent back (the parent has it)."""
    rejected: bool = False
    """The cache entry ``key`` failed its schema re-check and was not used."""
    text: str | None = None
    """The record's data as JSON for the cache, made by a worker process (None: the parent makes it)."""


class _Shared:
    entries: dict[str, dict[str, Any]] | None = None
    """The cache entries of this run while the load stage runs (None: no cache); forked workers share them."""


_SHARED = _Shared()


def _check(path: str, name: str, kind: str, clock: dict[str, float] | None, *, positions: bool = True) -> _Outcome:
    t0 = time.perf_counter() if clock is not None else 0.0
    try:
        raw = loader.read_path(path)
    except loader.LoadError as exc:  # over the size limit, or not a regular file (FIFO, device, loop)
        return _Outcome(findings=[finding(exc.code, name, exc.line, exc.column, exc.message)])
    except OSError as exc:
        return _Outcome(findings=[finding("FC011", name, 1, 1, f"cannot read the file: {exc.strerror or exc}")])
    if clock is not None:
        clock["read"] += time.perf_counter() - t0
    key, rejected = None, False
    entries = _SHARED.entries
    if entries is not None:
        t1 = time.perf_counter() if clock is not None else 0.0
        key = _cache.key(kind, raw)
        data = entries.get(key)
        if data is not None:
            # Data from disk: it is used only if it passes its schema again (the fast gate, microseconds).
            ok = schemas.is_valid_fast(kind, data) is True
            if clock is not None:
                clock["cache"] += time.perf_counter() - t1
            if ok:
                record = _record(kind, name, path, data) if positions else None
                return _Outcome(record=record, key=key, cached=True)
            rejected = True
        elif clock is not None:
            clock["cache"] += time.perf_counter() - t1
    out = _judge(raw, path, name, kind, clock, positions=positions)
    out.key, out.rejected = key, rejected
    if key is not None and out.record is not None and not positions:
        # In a worker: serialise for the cache here, in parallel, not in the parent after the load.
        t3 = time.perf_counter() if clock is not None else 0.0
        out.text = _cache.dumps(out.record.data)
        if clock is not None:
            clock["cache"] += time.perf_counter() - t3
    return out


def _record(kind: str, name: str, path: str, data: dict[str, Any]) -> Record:
    return Record(kind=kind, file=name, data=data, positions=None, path="" if path == name else path)


def _judge(raw: bytes, path: str, name: str, kind: str, clock: dict[str, float] | None, *, positions: bool) -> _Outcome:
    t1 = time.perf_counter() if clock is not None else 0.0
    try:
        doc = loader.load_bytes(raw)
    except loader.LoadError as exc:
        return _Outcome(findings=[finding(exc.code, name, exc.line, exc.column, exc.message)])
    finally:
        if clock is not None:
            clock["parse"] += time.perf_counter() - t1
    t2 = time.perf_counter() if clock is not None else 0.0
    errors = schemas.errors(kind, doc.data)
    if clock is not None:
        clock["schema"] += time.perf_counter() - t2
    if errors:
        out = _Outcome()
        if isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str):
            # Known but invalid: references to it are not dangling, only the record is broken.
            out.invalid = (kind, doc.data["id"])
        out.findings = list(
            schema_errors.translate(errors, file=name, kind=kind, data=doc.data, positions=doc.positions)
        )
        return out
    # Positions of a valid record are only read for findings; from a worker they do not travel back
    # (the run's PositionIndex reads them again from the file when a finding needs one).
    return _Outcome(
        record=Record(
            kind=kind,
            file=name,
            data=doc.data,
            positions=doc.positions if positions else None,
            path="" if path == name else path,
        )
    )


def _merge(
    outcome: _Outcome, result: Result, store: _cache.Cache | None = None, item: tuple[str, str, str] = ("", "", "")
) -> None:
    if store is not None and outcome.key is not None:
        if outcome.rejected:
            store.reject(outcome.key)
        if outcome.cached:
            if outcome.record is None:  # from a worker: the parent holds the data
                path, name, kind = item
                data = store.get(outcome.key)
                if data is None:  # unreachable (entries change only in this process); never drop a file
                    raise RuntimeError(f"cache entry of {name} vanished during the run")
                outcome.record = _record(kind, name, path, data)
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


def _check_chunk(chunk: list[tuple[str, str, str]], timed: bool) -> tuple[list[_Outcome], dict[str, float] | None]:
    """Worker side: check the files of one chunk, in order."""
    clock = _new_clock() if timed else None
    return [_check(path, name, kind, clock, positions=False) for path, name, kind in chunk], clock


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


def _check_all(
    files: list[str],
    names: list[str],
    kinds: list[str],
    result: Result,
    timings: Timings | None,
    *,
    rules: bool,
    store: _cache.Cache | None = None,
) -> None:
    if store is not None:
        with phase(timings, "cache_load"):
            store.load()
    workers = workers_for(len(files), rules=rules)
    if timings is not None:
        timings.info["workers"] = workers
    _SHARED.entries = store.entries if store is not None else None
    tick = progress.stage("load and schema", len(files))
    try:
        if workers <= 1:
            clock = _new_clock() if timings is not None else None
            for item in zip(files, names, kinds, strict=True):
                _merge(_check(*item, clock), result, store, item)
                tick.advance()
            if timings is not None and clock is not None:
                for k, v in clock.items():
                    timings.add(k, v)
        else:
            _check_parallel(files, names, kinds, workers, result, timings, rules=rules, store=store, tick=tick)
    finally:
        _SHARED.entries = None
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
        scopes = corpus.plan(paths)
    results = [
        _run_scope(
            scope,
            schema_only=schema_only,
            today=today,
            timings=timings,
            cache=cache,
            engine=engine,
            spark_master=spark_master,
        )
        for scope in scopes
    ]
    result = results[0] if len(results) == 1 else _merged(results)
    result.paths = list(paths)
    # Bounded output: at most bounds.MAX_PER_FILE_CODE findings of a code per file, bounds.MAX_FINDINGS in all.
    result.findings = bounds.cap(result.findings)
    result.waived = bounds.cap(result.waived)
    return result


RULES_EXTRA = ("great_expectations", "pandas")
"""The modules of the ``rules`` extra (``pip install 'factlint[rules]'``)."""


class MissingExtra(UsageError):
    """The rule stage's libraries are not installed (exit 2, with how to install them)."""


def require_rules_extra() -> None:
    """Raise :class:`MissingExtra` unless the rule stage's libraries can be imported."""
    import importlib.util

    missing = [m for m in RULES_EXTRA if importlib.util.find_spec(m) is None]
    if missing:
        raise MissingExtra(
            f"the rule stage needs {' and '.join(missing)}, which {'is' if len(missing) == 1 else 'are'} not "
            "installed: pip install 'factlint[rules]' (from a clone: pip install '.[rules]', or "
            "pipx install '.[rules]'), or check the schemas only with factlint validate --schema-only"
        )


def _run_scope(
    scope: corpus.Scope,
    *,
    schema_only: bool,
    today: _dt.date | None,
    timings: Timings | None,
    cache: _cache.Cache | None = None,
    engine: str = "pandas",
    spark_master: str | None = None,
) -> Result:
    result = Result(paths=list(scope.named))
    with phase(timings, "discover"):
        walked = walk(scope.named, scope.base)
        named = walked.files
        focus = not scope.whole and not schema_only
        files = walk([str(scope.root)], scope.base).files if focus else named
    # A file whose name is not UTF-8 was found and judged (FC014), though not read.
    result.files_checked = len(named) + sum(1 for f in walked.problems if f.rule == "FC014")
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
    outside = corpus.links_outside(scope.root, [p for _, p in files])
    for name, p in files:
        if p in outside:
            result.add(finding("FC011", name, 1, 1, outside[p]))
    files = [(n, p) for n, p in files if p not in outside]
    kinds = corpus.kinds_in(scope.root, [p for _, p in files])
    with phase(timings, "load_schema"):
        _check_all(
            [p for _, p in files], [n for n, _ in files], kinds, result, timings, rules=not schema_only, store=cache
        )
    if not schema_only:
        from factlint import rules  # the rule stage imports Great Expectations lazily

        result.stages.append("rules")
        tick = progress.stage("rules", 1, unit="stage", files=len(files))
        rules.run(result, today=today, timings=timings, engine=engine, spark_master=spark_master)
        tick.finish()
    if any(f.rule == "FC106" for f in result.findings):
        from factlint import hints

        hints.apply(result)
    if focus:
        _focus(result, {n for n, _ in named})
    return result


def _focus(result: Result, named: set[str]) -> None:
    """Keep the findings in the ``named`` files and those elsewhere that involve them.

    A finding in another file involves a named file when its message names that
    file or the id of a record in it (a status conflict with a named claim, a
    reference to a named entity of the wrong kind); its message then says so.
    """
    ids = {rec.id for rec in result.records if rec.file in named and rec.id}
    ids |= {re.sub(r"\.ya?ml$", "", Path(n).name) for n in named}
    file_of = {re.sub(r"\.ya?ml$", "", Path(n).name): n for n in sorted(named)}
    file_of.update({rec.id: rec.file for rec in result.records if rec.file in named and rec.id})
    words = re.compile(
        "|".join(
            [rf"(?<![a-z0-9-]){re.escape(i)}(?![a-z0-9-])" for i in sorted(ids, key=len, reverse=True)]
            + [re.escape(n) for n in sorted(named, key=len, reverse=True)]
        )
    )

    def keep(found: list[Finding]) -> list[Finding]:
        out = []
        for f in found:
            if f.file in named:
                out.append(f)
                continue
            hits = sorted({file_of.get(m, m) for m in words.findall(f.message)} & named)
            if hits:
                out.append(replace(f, message=f"{f.message} (cross-record: involves {', '.join(hits)})"))
        return out

    result.findings = keep(result.findings)
    result.waived = keep(result.waived)


def _merged(results: list[Result]) -> Result:
    """One result from the results of several corpora: lists joined, counts added, mappings merged."""
    merged = Result()
    for one in results:
        for f in fields(Result):
            mine, theirs = getattr(merged, f.name), getattr(one, f.name)
            if isinstance(mine, list):
                mine.extend(x for x in theirs if not (isinstance(x, str) and x in mine))
            elif isinstance(mine, int) and not isinstance(mine, bool):
                setattr(merged, f.name, mine + theirs)
            elif isinstance(mine, dict):
                for k, v in theirs.items():
                    if isinstance(v, set):
                        mine.setdefault(k, set()).update(v)
                    else:
                        mine.setdefault(k, v)
    return merged
