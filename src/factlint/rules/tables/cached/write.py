"""Writing the tables file (:mod:`.fileformat`) of a build, one column at a time, each as the table stores it."""

from __future__ import annotations

import json
import marshal
import os
import tempfile
import zlib
from array import array
from itertools import chain, compress, islice, repeat
from operator import attrgetter, is_not, sub
from pathlib import Path
from typing import Any

import numpy as np

from factlint.record import Record
from factlint.rules.tables.builder import Builder
from factlint.rules.tables.cached.fileformat import (
    FORMAT,
    FROM_RECORD,
    HEADER,
    LAYOUT,
    PER_RECORD,
    RECORD_FIELDS,
    namespace,
)
from factlint.rules.tables.cached.lookups import NAMESPACES, Vouched, kept_values, names
from factlint.rules.tables.cells import Coded
from factlint.rules.tables.store import SAME


def write(path: Path, b: Builder, records: list[Record], vouched: Vouched | None = None) -> None:
    """Write the tables of the build ``b`` of ``records`` to ``path`` (atomically), one column at a time, each as it
    is stored (:meth:`..store.Table.stored`). Raises ValueError where they are not what the reuse expects (rows out of
    record order, a row's id or file not its record's). ``vouched``: the archived texts not read in this build
    because their stat vouched for them."""
    index = {id(r): i for i, r in enumerate(records)}
    tables: dict[str, Any] = {}
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(b" " * HEADER)
            crc, lengths = 0, []

            def put(part: Any, version: int = marshal.version) -> None:
                nonlocal crc
                data = marshal.dumps(part, version)
                crc = zlib.crc32(data, crc)
                lengths.append(len(data))
                fh.write(data)

            for name in PER_RECORD:
                table = b.tables[name]
                cells = table.stored()
                at = _rows(cells["_rec"], index)
                rows = np.frombuffer(at, dtype=np.int32) if at else np.empty(0, dtype=np.int32)
                if rows.size and bool((rows[1:] < rows[:-1]).any()):
                    raise ValueError(f"table {name}: rows out of record order")
                for column in FROM_RECORD:  # (SAME, or a list of what SAME stands for: not stored either way)
                    if cells[column] is not SAME and table.column(column) != list(
                        map(attrgetter("id" if column == "claim_id" else column), table.column("_rec"))
                    ):
                        raise ValueError(f"table {name}: a {column} that is not its record's")
                starts = np.searchsorted(rows, np.arange(len(records) + 1)).astype(np.uint32)
                stored = [c for c in table.order if c not in FROM_RECORD]
                tables[name] = (len(table), starts.tobytes(), stored)
                del rows, starts
                for column in stored:
                    put(_part(column, cells[column], index, at))
            # (version 2: no table of the objects written, which costs ~60 MiB at 100k; the meta shares few of them)
            for field in RECORD_FIELDS:  # (each list its own part: the text of one is held at a time)
                put([getattr(r, field) for r in records], 2)
            put(_meta(b, index, tables, vouched or {}), 2)
            head = json.dumps({"format": FORMAT, "layout": LAYOUT, "namespace": namespace(), "parts": lengths,
                               "crc": crc}).encode()  # fmt: skip
            if len(head) >= HEADER:
                raise ValueError("too many parts for the header")
            fh.seek(0)
            fh.write(head)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _record(value: Any, index: dict[int, int]) -> Any:
    """A record a row names as its index in the records (-1: none; a tuple of records: a tuple of indices)."""
    if value is None:
        return -1
    if type(value) is tuple:
        return tuple(index[id(r)] for r in value)
    return index[id(value)]


def _known(value: Any, index: dict[int, int]) -> bool:
    """Whether every record ``value`` names (None, a record or a tuple of them) is in ``index``."""
    if value is None:
        return True
    return all(id(r) in index for r in value) if type(value) is tuple else id(value) in index


def _rows(cells: Any, index: dict[int, int]) -> array[int]:
    """The record index of each row of a ``_rec`` column (stored as a list or as a :class:`Coded`)."""
    if isinstance(cells, Coded):  # (a pool a warm build started from may hold records this run has not)
        pool = [index.get(id(r), -1) for r in cells.pool]
        at = array("i", map(pool.__getitem__, cells.codes))
        if at and min(at) < 0:
            raise ValueError("a row of a record not in this run")
        return at
    # A record's rows follow one another: its index once per run of rows (not a lookup per row).
    first = [0, *compress(range(1, len(cells)), map(is_not, islice(cells, 1, None), cells))] if cells else []
    counts = map(sub, [*first[1:], len(cells)], first)
    return array("i", chain.from_iterable(map(repeat, [index[id(cells[i])] for i in first], counts)))


def _part(column: str, cells: Any, index: dict[int, int], at: array[int]) -> Any:
    """A stored column as a file part: ``("c", pool, codes, typecode, by_value)`` for a coded one, ``("l", values)``
    for a list; a record column's records as their indices (``("r", bytes)``: one index per row, -1 for none;
    ``("t", list)``: where some rows involve several records)."""
    record = column in ("_rec", "_involves")
    if isinstance(cells, Coded):
        pool = cells.pool
        if record:  # (a pool a warm build started from may hold a record this run has not: no row names it)
            unknown = {code for code, v in enumerate(pool) if not _known(v, index)}
            if unknown and not unknown.isdisjoint(cells.codes):
                raise ValueError(f"column {column}: a row names a record not in this run")
            spare = 0 if column == "_rec" else -1  # (for an entry no row names: any valid index)
            pool = [spare if code in unknown else _record(v, index) for code, v in enumerate(pool)]
        return ("c", pool, cells.codes.tobytes(), cells.codes.typecode, cells.by_value)
    if column == "_rec":
        return ("r", at.tobytes())
    if column == "_involves":
        if tuple in set(map(type, cells)):
            return ("t", [_record(v, index) for v in cells])
        return ("r", array("i", map({**index, id(None): -1}.__getitem__, map(id, cells))).tobytes())
    return ("l", cells)


def _meta(b: Builder, index: dict[int, int], tables: dict[str, Any], vouched: Vouched) -> dict[str, Any]:
    """What the reuse needs besides the columns (:data:`META`): the records, the lookups' values, the gathered
    claims, each table's length and first row of each record."""
    values, texts = kept_values(b, index, vouched)
    return {
        "parameters": b.parameters,
        "values": values,
        "texts": texts,
        "names": {ns: names(b, ns) for ns in NAMESPACES},
        "invalid": {ns: sorted(b.invalid_ids.get(ns, ())) for ns in NAMESPACES},
        "statuses": [(index[id(rec)], *rest) for rec, *rest in b.statuses],
        "compositions": [(index[id(rec)], *rest) for rec, *rest in b.compositions],
        "overlaps": [(index[id(rec)], *rest) for rec, *rest in b.overlaps],
        "tables": tables,
    }
