"""One file through the load and schema stages: read, (cache lookup,) parse, schema check.

:func:`check` turns one file into an :class:`Outcome` (a record, or findings); it runs in this
process or in a worker (see :mod:`factlint.loadstage`). Nothing here touches the run's Result.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from factlint import cache as _cache
from factlint import loader, schema_errors, schemas
from factlint.codes import finding
from factlint.model import Finding, Record

__all__ = ["SHARED", "Outcome", "check", "record_of"]


@dataclass
class Outcome:
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


class Shared:
    entries: dict[str, dict[str, Any]] | None = None
    """The cache entries of this run while the load stage runs (None: no cache); forked workers share them."""


SHARED = Shared()


def check(path: str, name: str, kind: str, clock: dict[str, float] | None, *, positions: bool = True) -> Outcome:
    t0 = time.perf_counter() if clock is not None else 0.0
    try:
        raw = loader.read_path(path)
    except loader.LoadError as exc:  # over the size limit, or not a regular file (FIFO, device, loop)
        return Outcome(findings=[finding(exc.code, name, exc.line, exc.column, exc.message)])
    except OSError as exc:
        return Outcome(findings=[finding("FC011", name, 1, 1, f"cannot read the file: {exc.strerror or exc}")])
    if clock is not None:
        clock["read"] += time.perf_counter() - t0
    key, rejected = None, False
    entries = SHARED.entries
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
                record = record_of(kind, name, path, data) if positions else None
                return Outcome(record=record, key=key, cached=True)
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


def record_of(kind: str, name: str, path: str, data: dict[str, Any]) -> Record:
    return Record(kind=kind, file=name, data=data, positions=None, path="" if path == name else path)


def _judge(raw: bytes, path: str, name: str, kind: str, clock: dict[str, float] | None, *, positions: bool) -> Outcome:
    t1 = time.perf_counter() if clock is not None else 0.0
    try:
        doc = loader.load_bytes(raw)
    except loader.LoadError as exc:
        return Outcome(findings=[finding(exc.code, name, exc.line, exc.column, exc.message)])
    finally:
        if clock is not None:
            clock["parse"] += time.perf_counter() - t1
    t2 = time.perf_counter() if clock is not None else 0.0
    errors = schemas.errors(kind, doc.data)
    if clock is not None:
        clock["schema"] += time.perf_counter() - t2
    if errors:
        out = Outcome()
        if isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str):
            # Known but invalid: references to it are not dangling, only the record is broken.
            out.invalid = (kind, doc.data["id"])
        out.findings = list(
            schema_errors.translate(errors, file=name, kind=kind, data=doc.data, positions=doc.positions)
        )
        return out
    # Positions of a valid record are only read for findings; from a worker they do not travel back
    # (the run's PositionIndex reads them again from the file when a finding needs one).
    return Outcome(
        record=Record(
            kind=kind,
            file=name,
            data=doc.data,
            positions=doc.positions if positions else None,
            path="" if path == name else path,
        )
    )
