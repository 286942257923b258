"""Re-checking the content cache's shards in forked children while this process decodes them.

A warm run's first seconds are the cache: decoding its shards (~130 MiB of JSON at 100k claims), checking their
shapes and re-checking every cached record against its schema. :func:`start` reads the shards' bytes and forks
:data:`READERS` children that hold the very same bytes (the fork's copy: nothing is read twice, so a shard
replaced meanwhile by a concurrent run cannot differ between them). Each child decodes its part of the shards,
checks each shard's shape (:func:`factlint.cache_format.valid_shard`) and re-checks each record entry against the
schema of the kind it names, and sends back only its verdict: the shards to ignore and the entries that failed.
This process decodes the same bytes meanwhile and uses what the verdict lets through without checking it again
(:func:`factlint.filecheck.from_entry`). A child that fails in any way (an error, a signal, a short read) only
costs time: the shards of its part are checked here, and their entries when used, as without children.
"""

from __future__ import annotations

import gc
import json
import os
from functools import partial
from pathlib import Path
from typing import Any

from factlint.background import fork
from factlint.cache_format import decode, entry_kind, valid_record, valid_shard

__all__ = ["MIN_BYTES", "READERS", "Readers", "Verdict", "cores", "decoded", "judge", "shard_names", "start"]

READERS = 1
"""How many children judge the shards (and only where this process may run on 2 cores or more, and
``FACTLINT_WORKERS`` is not 1). One: while it judges, this process decodes the shards, walks the corpus and takes
every file's ``stat`` (warm 100k: ~1.8 s of its CPU against the child's ~2 s); a second child would compete with
this process for the same two cores."""

MIN_BYTES = 4 << 20
"""Shards smaller than this in all are checked here: forking costs more (a warm 10k run's shards: ~14 MiB)."""

Verdict = tuple[list[str], list[str]]
"""A part's verdict: the names of its shards to ignore, and the keys of its entries that failed their re-check."""


def shard_names(folder: Path) -> list[tuple[str, int]]:
    """The shard files of the namespace ``folder`` (name, size in bytes), by name; [] when there is none."""
    found = []
    try:
        with os.scandir(folder) as listing:
            for entry in listing:
                if len(entry.name) == 7 and entry.name.endswith(".json"):
                    try:
                        found.append((entry.name, entry.stat().st_size))
                    except OSError:
                        found.append((entry.name, 0))
    except OSError:
        return []
    return sorted(found)


def judge(part: list[tuple[str, bytes | None]]) -> Verdict:
    """The verdict on the shards of ``part`` (name, bytes; None: unreadable): what a child does."""
    from factlint import schemas

    ignored: list[str] = []
    rejected: list[str] = []
    for name, raw in part:
        found = valid_shard(decode(raw), name[:2])
        if found is None:
            ignored.append(name)
            continue
        for k, entry in found[0].items():
            kind = entry_kind(entry)
            if kind is None:  # a load failure: its shape is all there is to check
                continue
            data = valid_record(entry)
            # It must judge the same again: a valid record valid, an invalid one (its findings cached) invalid.
            if data is None:
                ok = schemas.is_valid_fast(kind, entry["x"]) is False
            else:
                ok = schemas.is_valid_fast(kind, data) is True
            if not ok:
                rejected.append(k)
    return ignored, rejected


class Readers:
    """The shards of one run (:attr:`blobs`, their bytes) and the children judging them (:meth:`verdicts`)."""

    def __init__(self, blobs: list[tuple[str, bytes | None]], parts: list[list[tuple[str, bytes | None]]]) -> None:
        self.blobs = blobs
        self._children = [([name for name, _ in part], fork(partial(_send, part))) for part in parts]

    def verdicts(self) -> list[tuple[list[str], Verdict | None]]:
        """Each part's shard names and its child's verdict (None: the child failed; check those shards here)."""
        out = [(names, _receive(child) if child is not None else None) for names, child in self._children]
        self._children = []
        return out


def _send(part: list[tuple[str, bytes | None]]) -> bytes:  # pragma: no cover - runs in a child
    gc.disable()  # decoding makes no reference cycles; a collection would only walk the decoded shard again
    return json.dumps(judge(part)).encode("utf-8", "surrogateescape")


def _receive(child: tuple[int, int]) -> Verdict | None:
    pid, fd = child
    try:
        with os.fdopen(fd, "rb") as fh:
            blob = fh.read()
        _, status = os.waitpid(pid, 0)
    except OSError:
        return None
    if not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0):
        return None
    try:
        ignored, rejected = json.loads(blob)
    except (ValueError, TypeError):
        return None
    if not (all(isinstance(n, str) for n in ignored) and all(isinstance(k, str) for k in rejected)):
        return None
    return list(ignored), list(rejected)


def start(folder: Path) -> Readers | None:
    """Read the shards of ``folder`` and fork the children that judge them; None (the caller reads and checks
    them itself) for fewer than :data:`MIN_BYTES` of shards, one core, or no ``fork`` here."""
    names = shard_names(folder)
    cpus = cores()
    readers = min(READERS, cpus)
    env = os.environ.get("FACTLINT_WORKERS", "")  # as for the load workers: "1" keeps it all in this process
    if env.isdigit() and int(env) > 0:
        readers = min(readers, int(env) - 1)
    total = sum(size for _, size in names)
    if cpus < 2 or readers < 1 or total < MIN_BYTES or not hasattr(os, "fork"):
        return None
    from factlint import schemas

    for kind in schemas.KINDS:  # built once here, for the child and for this process's own misses
        schemas.fast_validator(kind)
    blobs = [(name, _read(folder / name)) for name, _ in names]
    # Parts of about equal size, each a run of shards in name order.
    total = sum(len(raw or b"") for _, raw in blobs)
    parts: list[list[tuple[str, bytes | None]]] = [[] for _ in range(readers)]
    done = 0
    for name, raw in blobs:
        parts[min(readers - 1, done * readers // max(total, 1))].append((name, raw))
        done += len(raw or b"")
    return Readers(blobs, [p for p in parts if p])


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _read(path: Path) -> bytes | None:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError:
        return None


def decoded(blobs: list[tuple[str, bytes | None]]) -> dict[str, Any]:
    """Each shard's decoded JSON (None: unreadable or not JSON) by name, as :func:`judge` decodes it; ``blobs`` is
    emptied as it goes (each shard's bytes are let go of once decoded: the child holds its own copy)."""
    out = {}
    blobs.reverse()
    while blobs:
        name, raw = blobs.pop()
        out[name] = decode(raw)
        del raw
    return out
