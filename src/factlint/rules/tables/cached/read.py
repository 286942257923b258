"""Reading the tables file (:mod:`.fileformat`) back: nothing is decoded before its header, length and CRC check,
and its parts must fit each other (lengths, record indices in range, rows in record order), else it is not this
code's (see :mod:`factlint.rules.tables.cached`)."""

from __future__ import annotations

import json
import marshal
import zlib
from array import array
from dataclasses import dataclass
from itertools import accumulate, pairwise
from operator import gt
from typing import Any

import numpy as np

from factlint.rules.tables.cached.fileformat import FORMAT, HEADER, LAYOUT, META, PER_RECORD, RECORD_FIELDS, namespace


@dataclass
class Previous:
    """What the previous run kept of its tables (see :mod:`.fileformat`), decoded."""

    identities: list[tuple[str, str, str]]
    kinds: list[str]
    ids: list[str | None]
    parameters: Any
    values: dict[str, dict[Any, Any]]
    """``archive`` and ``cov`` -> id -> its lookup's value (:func:`value`) in the previous run."""
    invalid: dict[str, list[Any]]
    """Record namespace -> the ids that failed their schema in the previous run."""
    names: dict[str, str]
    statuses: list[tuple[Any, ...]]
    compositions: list[tuple[Any, ...]]
    overlaps: list[tuple[Any, ...]]
    texts: dict[str, Any]
    """Source id -> (the source's identity, the archived text's file, its stat: size, mtime and ctime in ns,
    inode, device) of an archived text read fine and not changed just before (see :func:`text_entry`)."""
    starts: dict[str, array[int]]
    columns: dict[str, dict[str, Any]]
    """Per table: its stored columns (the record columns as ``array`` of record indices, -1 for none)."""


def decode(raw: bytes) -> Previous | None:
    """The tables file ``raw`` decoded and checked; None if it is not this code's (ValueError etc. if torn)."""
    head = json.loads(raw[:HEADER])
    if not (
        isinstance(head, dict)
        and head.get("format") == FORMAT
        and head.get("layout") == LAYOUT
        and head.get("namespace") == namespace()
    ):
        return None
    lengths, crc = head["parts"], head["crc"]
    if not all(type(n) is int and n > 0 for n in lengths) or HEADER + sum(lengths) != len(raw):
        return None
    view = memoryview(raw)[HEADER:]
    if zlib.crc32(view) != crc:
        return None
    offsets = list(accumulate(lengths, initial=0))
    if len(lengths) < 1 + len(RECORD_FIELDS):
        return None
    meta = marshal.loads(view[offsets[-2] : offsets[-1]])
    if not isinstance(meta, dict):
        return None
    kept = len(RECORD_FIELDS) + 1
    for field, (a, b) in zip(RECORD_FIELDS, pairwise(offsets[-kept - 1 : -1]), strict=True):
        meta[f"{field}s"] = marshal.loads(view[a:b])
    parts = iter(marshal.loads(view[a:b]) for a, b in pairwise(offsets[:-kept]))
    if not isinstance(meta, dict) or set(meta) != set(META):
        return None
    n = len(meta["kinds"])
    for name in ("kinds", "files", "paths", "keys"):
        if not isinstance(meta[name], list) or len(meta[name]) != n or not set(map(type, meta[name])) <= {str}:
            return None
    if not isinstance(meta["ids"], list) or len(meta["ids"]) != n:
        return None
    if not isinstance(meta["values"], dict) or not all(isinstance(v, dict) for v in meta["values"].values()):
        return None
    if not isinstance(meta["invalid"], dict) or not all(isinstance(v, list) for v in meta["invalid"].values()):
        return None
    columns: dict[str, dict[str, Any]] = {}
    starts: dict[str, array[int]] = {}
    tables = meta["tables"]
    if not isinstance(tables, dict) or set(tables) != set(PER_RECORD):
        return None
    for name in PER_RECORD:
        length, first, stored = tables[name]
        at = array("I")
        at.frombytes(first)
        if len(at) != n + 1 or at[0] != 0 or at[-1] != length or any(map(gt, at, at[1:])):
            return None
        starts[name] = at
        columns[name] = {}
        for column in stored:
            columns[name][column] = _column(next(parts), column, length, n)
    if next(parts, None) is not None:
        return None
    for gathered in ("statuses", "compositions", "overlaps"):
        entries = meta[gathered]
        first = [e[0] for e in entries]
        if not all(type(j) is int and 0 <= j < n for j in first) or first != sorted(first):
            return None
    return Previous(
        identities=list(zip(meta["files"], meta["paths"], meta["keys"], strict=True)),
        kinds=meta["kinds"],
        ids=meta["ids"],
        parameters=meta["parameters"],
        values=meta["values"],
        names=meta["names"],
        invalid=meta["invalid"],
        statuses=meta["statuses"],
        compositions=meta["compositions"],
        overlaps=meta["overlaps"],
        texts=meta["texts"] if isinstance(meta["texts"], dict) else {},
        starts=starts,
        columns=columns,
    )


def _column(part: Any, column: str, length: int, n: int) -> Any:
    """A stored column checked to fit (ValueError otherwise): ``length`` rows, codes inside their pool, record indices
    below ``n``. In memory: a list, an ``array`` of record indices, ``("t", list)`` or ``("c", pool, codes,
    by_value)``."""
    if not isinstance(part, tuple) or not part:
        raise ValueError(f"column {column}: not a stored column")
    record = column in ("_rec", "_involves")
    low = 0 if column == "_rec" else -1
    if part[0] == "c" and len(part) == 5:
        _, pool, raw, typecode, by_value = part
        if typecode not in ("B", "H") or not isinstance(pool, list) or type(by_value) is not bool:
            raise ValueError(f"column {column}: not a coded column")
        codes = array(typecode)
        codes.frombytes(raw)
        if codes and int(np.frombuffer(codes, dtype=np.uint8 if typecode == "B" else np.uint16).max()) >= len(pool):
            raise ValueError(f"column {column}: a code outside its pool")
        if record:
            _indices_fit(pool, low, n)
        values: Any = ("c", pool, codes, by_value)
        size = len(codes)
    elif part[0] == "r" and record and len(part) == 2:
        values = array("i")
        values.frombytes(part[1])
        found = np.frombuffer(values, dtype=np.int32)
        if found.size and (int(found.min()) < low or int(found.max()) >= n):
            raise ValueError(f"record index out of range in {column}")
        size = len(values)
    elif part[0] == "t" and column == "_involves" and len(part) == 2 and isinstance(part[1], list):
        _indices_fit(part[1], -1, n)
        values, size = ("t", part[1]), len(part[1])
    elif part[0] == "l" and not record and len(part) == 2 and isinstance(part[1], list):
        values = part[1]
        size = len(values)
    else:
        raise ValueError(f"column {column}: not a stored column")
    if size != length:
        raise ValueError(f"column {column}: {size} values, not {length}")
    return values


def _indices_fit(values: list[Any], low: int, n: int) -> None:
    """Record indices (an int from ``low``, a tuple of ints from 0; None as -1 too) below ``n``, else ValueError."""
    for v in values:
        if type(v) is int:
            if not low <= v < n:
                raise ValueError("record index out of range")
        elif type(v) is tuple:
            if not all(type(j) is int and 0 <= j < n for j in v):
                raise ValueError("record index out of range")
        elif not (v is None and low < 0):
            raise ValueError("not a record index")


def values(stored: Any, start: int = 0, end: int | None = None) -> list[Any]:
    """The cells ``start`` to ``end`` of a stored column (:func:`_column`) as a list (record columns: their
    indices)."""
    if isinstance(stored, tuple):
        if stored[0] == "c":
            return list(map(stored[1].__getitem__, stored[2][start:end]))
        return list(stored[1][start:end])
    if isinstance(stored, array):
        return stored[start:end].tolist()
    return list(stored[start:end])
