"""One file through the load and schema stages: read, (cache lookup,) parse, schema check.

:func:`check` turns one file into an :class:`Outcome` (a record, or findings); it runs in this
process or in a worker (see :mod:`factlint.loadstage`). Nothing here touches the run's Result.
"""

from __future__ import annotations

import os
import time
from collections.abc import Set
from dataclasses import dataclass, field
from typing import Any

from factlint import cache_format, loader, schema_errors, schemas
from factlint.codes import finding
from factlint.model import Finding
from factlint.record import Record

__all__ = ["SHARED", "Outcome", "check", "from_entry", "record_of"]


@dataclass
class Outcome:
    """What load and schema made of one file: a record, or findings (and the id of an invalid record)."""

    record: Record | None = None
    findings: list[Finding] = field(default_factory=list)
    invalid: tuple[str, str] | None = None
    key: str | None = None
    """Cache key of the bytes that were checked (when the cache is on)."""
    cached: bool = False
    """The outcome is the cache entry ``key``; from a worker a valid record's data is not sent back (the
    parent has it)."""
    rejected: bool = False
    """The cache entry ``key`` failed its schema re-check and was not used."""
    entry: dict[str, Any] | None = None
    """A schema-invalid or load-failure outcome to cache (see :func:`factlint.cache_format.invalid_entry`,
    :func:`factlint.cache_format.load_error_entry`)."""
    text: str | None = None
    """The cache entry as JSON, made by a worker process (None: the parent makes it)."""
    stat: cache_format.FileStat | None = None
    """The file's ``stat`` taken before it was read (for its file row in the cache)."""
    stat_hit: bool = False
    """The file was not read: its file row in the cache vouched for it."""


PACKED_KINDS = frozenset({"claim", "coverage"})
"""The kinds of record a load worker sends packed (:meth:`Record.packed`; the parent decodes one when it reads it):
claims and coverage maps, the many (the table build reads each once, the reports once: see
:func:`factlint.reporters.overview.claim_facts`). Entities and sources (~14k of 120k records at 100k claims,
~20 MiB as dicts) stay dicts: every reference, date and report looks them up by id."""


class Shared:
    entries: dict[str, dict[str, Any] | Record] | None = None
    """The cache entries of this run while the load stage runs (None: no cache); forked workers share them."""
    checked: Set[str] = frozenset()
    """The keys of the entries among them that a cache reader re-checked this run (:mod:`factlint.cache_read`)."""


SHARED = Shared()


def check(path: str, name: str, kind: str, clock: dict[str, float] | None, *, positions: bool = True) -> Outcome:
    entries = SHARED.entries
    t0 = time.perf_counter() if clock is not None else 0.0
    st = None
    if entries is not None:
        try:
            st = cache_format.FileStat.of(os.stat(path))  # before the read: a later change moves the ctime
        except (OSError, ValueError):
            st = None
    try:
        raw = loader.read_path(path)
    except loader.LoadError as exc:  # over the size limit, or not a regular file (FIFO, device, loop)
        return Outcome(findings=[finding(exc.code, name, exc.line, exc.column, exc.message)])
    except OSError as exc:
        return Outcome(findings=[finding("FC011", name, 1, 1, f"cannot read the file: {exc.strerror or exc}")])
    if clock is not None:
        clock["read"] += time.perf_counter() - t0
    key, rejected = None, False
    if entries is not None:
        t1 = time.perf_counter() if clock is not None else 0.0
        key = cache_format.key(kind, raw)
        found = entries.get(key)
        if found is not None:
            entry = cache_format.as_entry(found)
            # Data from disk: used only if it judges the same again (the fast gate, microseconds).
            out = from_entry(entry, kind, name, path, key, positions=positions, checked=key in SHARED.checked)
            if clock is not None:
                clock["cache"] += time.perf_counter() - t1
            if out is not None:
                out.stat = st
                return out
            rejected = True
        elif clock is not None:
            clock["cache"] += time.perf_counter() - t1
    out = _judge(raw, path, name, kind, clock, key=key or "")
    out.key, out.rejected, out.stat = key, rejected, st
    if key is not None and not positions and (out.record is not None or out.entry is not None):
        # In a worker: serialise for the cache here, in parallel, not in the parent after the load.
        t3 = time.perf_counter() if clock is not None else 0.0
        entry = out.entry if out.entry is not None else cache_format.valid_entry(out.record.data, kind)  # type: ignore[union-attr]
        out.text = cache_format.dumps(entry)
        if clock is not None:
            clock["cache"] += time.perf_counter() - t3
    if not positions and out.record is not None and out.record.kind in PACKED_KINDS:
        # In a worker: the record travels and stays packed (bytes, not a tree of dicts to unpickle and keep).
        rec = out.record
        out.record = Record.packed(rec.kind, rec.file, rec.data, rec.positions, rec.path, rec.key)
    return out


def from_entry(
    entry: dict[str, Any], kind: str, name: str, path: str, key: str, *, positions: bool, checked: bool = False
) -> Outcome | None:
    """The outcome a cache entry holds, if its data still judges the same (else None: check the file).

    ``checked``: a cache reader re-checked the entry this run as a record of the kind it names
    (:mod:`factlint.cache_read`); it is not checked again here."""
    failed = cache_format.load_error(entry)
    if failed is not None:  # bytes that fail to load (their shape checked as the shard was read)
        code, line, col, msg = failed
        return Outcome(findings=[finding(code, name, line, col, msg)], key=key, cached=True)
    if cache_format.entry_kind(entry) != kind:  # the key hashes the kind: another kind's entry is no answer
        return None
    data = cache_format.valid_record(entry)
    if data is not None:
        if not checked and schemas.is_valid_fast(kind, data) is not True:
            return None
        return Outcome(record=record_of(kind, name, path, data, key) if positions else None, key=key, cached=True)
    data = entry["x"]
    if not checked and schemas.is_valid_fast(kind, data) is not False:  # it must still fail its schema
        return None
    found = [
        finding(code, name, line, col, msg, claim_id=cid, pointer=ptr) for code, line, col, msg, cid, ptr in entry["f"]
    ]
    return Outcome(findings=found, invalid=_invalid_id(kind, data), key=key, cached=True)


def _invalid_id(kind: str, data: Any) -> tuple[str, str] | None:
    # Known but invalid: references to it are not dangling, only the record is broken.
    return (kind, data["id"]) if isinstance(data, dict) and isinstance(data.get("id"), str) else None


def record_of(kind: str, name: str, path: str, data: dict[str, Any], key: str = "") -> Record:
    return Record(kind=kind, file=name, data=data, positions=None, path="" if path == name else path, key=key)


def _judge(raw: bytes, path: str, name: str, kind: str, clock: dict[str, float] | None, *, key: str = "") -> Outcome:
    t1 = time.perf_counter() if clock is not None else 0.0
    try:
        doc = loader.load_bytes(raw)
    except loader.LoadError as exc:
        out = Outcome(findings=[finding(exc.code, name, exc.line, exc.column, exc.message)])
        entry = cache_format.load_error_entry(exc.code, exc.line, exc.column, exc.message)
        if key and cache_format.valid_load_error(entry["e"]):  # the bytes fail to load: so they will next time
            out.entry = entry
        return out
    finally:
        if clock is not None:
            clock["parse"] += time.perf_counter() - t1
    t2 = time.perf_counter() if clock is not None else 0.0
    errors = schemas.errors(kind, doc.data)
    if clock is not None:
        clock["schema"] += time.perf_counter() - t2
    if errors:
        out = Outcome(invalid=_invalid_id(kind, doc.data))
        out.findings = list(
            schema_errors.translate(errors, file=name, kind=kind, data=doc.data, positions=doc.positions)
        )
        if key:
            out.entry = cache_format.invalid_entry(
                doc.data, [[f.rule, f.line, f.column, f.message, f.claim_id, f.pointer] for f in out.findings], kind
            )
        return out
    # A valid record keeps its parse's marks (a small array; from a worker they travel back with it): the
    # run's PositionIndex expands them only when a finding points into the record.
    return Outcome(
        record=Record(
            kind=kind,
            file=name,
            data=doc.data,
            positions=doc.marks,
            path="" if path == name else path,
            key=key,
        )
    )
