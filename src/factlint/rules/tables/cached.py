"""The rule tables kept in the content cache between runs: a warm run builds only the rows that changed.

A run with the content cache on (:mod:`factlint.cache`) writes its tables to one file per corpus,
``tables/<hash of the corpus root>.bin`` in the cache's namespace folder; the next run on that corpus takes
over the rows of every record whose bytes, file and lookups into other records are unchanged
(:mod:`.reuse` says which) and builds the rest, then computes the tables across records again. The tables
are the same as a build from scratch (``tests/test_table_cache.py``): the rows' records are this run's.

Format: a header of :data:`HEADER` bytes (JSON: format, layout, namespace, the length of each part and a
CRC-32 of them all), then ``marshal`` parts: each stored column of each per-record table as the table stores it
(:mod:`.cells`: a coded column as its pool and codes, else a list; records as their indices), then what the reuse
needs (each record's kind, file, path, content key and id; the table parameters; the ids that failed their
schema; the archive and coverage lookups' values; a digest of each namespace's ids; the gathered status,
composition and overlap claims; each table's length and the first row of each record). ``marshal``, not JSON:
loading the 100k corpus's 1.8 million rows must cost a fraction of building them (JSON of them: seconds), and it
keeps one copy of the strings rows share; a column of a row's record id or file is not stored (this run's record
has them).

Never trusted blindly, like the rest of the cache: a file of another format, layout or namespace (factlint's
code and the libraries the build uses), of the wrong length or CRC, or whose parts do not fit each other (lengths,
record indices in range, rows in record order) is ignored and the tables are built from scratch; the CRC is
checked before anything is decoded. Like the content cache, the checks guard against corruption and foreign
files, not against someone who writes to the cache folder on purpose. Written atomically (a temporary file
renamed into place).
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import sys
import tempfile
import zlib
from array import array
from functools import cache
from itertools import accumulate, chain, compress, islice, pairwise, repeat
from operator import attrgetter, gt, is_not, sub
from pathlib import Path
from typing import Any

import numpy as np

from factlint.record import Record
from factlint.rules.tables.builder import Builder
from factlint.rules.tables.cells import Coded
from factlint.rules.tables.reuse import (
    FROM_RECORD,
    NAMESPACES,
    PER_RECORD,
    NotThisRun,
    Previous,
    Splice,
    Vouched,
    kept_values,
    names,
    plan,
)
from factlint.rules.tables.store import SAME

__all__ = ["NotThisRun", "TableStore", "namespace"]

FORMAT = "factlint-tables"
LAYOUT = 4
"""Bumped whenever the file's format changes."""

HEADER = 4096
"""Bytes of the JSON header (padded with spaces)."""

REWRITE_SHARE = 0.02
"""A build that took over the rows of all but at most this share of the records does not write the tables again."""

RECORD_FIELDS = ("kind", "file", "path", "key", "id")
"""What the file keeps of each record, a part each (as ``kinds``, ``files``, ... in the meta once read)."""

META = ("kinds", "files", "paths", "keys", "ids", "parameters", "values", "texts", "names", "invalid", "statuses",
        "compositions", "overlaps", "tables")  # fmt: skip


@cache
def namespace() -> str:
    """A hash of what decides the tables besides the records and the archived texts: the content cache's
    namespace (factlint's version, loader, schemas, libraries), factlint's whole source, the libraries the build
    uses, Python's version (``marshal``'s format) and this format's layout."""
    from factlint import cache_format

    h = hashlib.sha256()
    h.update(f"{FORMAT} {LAYOUT} {cache_format.namespace()} {sys.version_info[:2]} {marshal.version}".encode())
    here = Path(__file__).resolve().parents[2]  # the factlint package
    for file in sorted(here.rglob("*.py")):
        h.update(file.relative_to(here).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    h.update(cache_format._version("rapidfuzz").encode())
    return h.hexdigest()[:32]


class TableStore:
    """The tables file of one corpus in the cache folder ``root`` (the content cache's)."""

    def __init__(self, root: str | Path, corpus: str) -> None:
        from factlint import cache_format

        name = hashlib.blake2b(corpus.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
        self.path = cache_format.folder(Path(root)) / "tables" / f"{name}.bin"
        self.stats = {"tables_read": 0, "tables_ignored": 0, "records_reused": 0, "records_rebuilt": 0}
        self.stats["tables_written"] = 0
        self.error: str | None = None

    def exists(self) -> bool:
        return self.path.is_file()

    # -- reading ---------------------------------------------------------------------------

    def splice(self, b: Builder, records: list[Record]) -> Splice | None:
        """How the build ``b`` of ``records`` takes over the previous run's rows; None: build everything."""
        prev = self.read()
        if prev is None:
            return None
        if prev.parameters != b.parameters:
            self.stats["records_rebuilt"] = len(records)
            return None
        chosen = plan(prev, b, records)
        self.stats["records_rebuilt"] = chosen.rebuilt
        self.stats["records_reused"] = len(records) - chosen.rebuilt
        self.stats["texts_vouched"] = len(chosen.vouched)
        splice = Splice(prev, chosen.plan, chosen.now, chosen.vouched)
        splice.seed(b)
        return splice

    def read(self) -> Previous | None:
        """The previous run's tables, or None (none, or anything about them not what this code writes)."""
        try:
            raw = self.path.read_bytes()
        except OSError:
            return None
        try:
            prev = _decode(raw)
        except (ValueError, TypeError, KeyError, IndexError, EOFError, OverflowError):
            prev = None
        self.stats["tables_read" if prev is not None else "tables_ignored"] += 1
        return prev

    # -- writing ---------------------------------------------------------------------------

    def keep(self, b: Builder, records: list[Record], splice: Splice | None) -> None:
        """Write the tables of the build ``b`` for the next run, unless it took over all but a few records
        (:data:`REWRITE_SHARE`): then the next run takes over the same rows and builds those few again, which
        costs less than writing the tables.

        Written here, from the tables' own storage (coded columns as their codes: no list of them is made), not in
        a forked child: a child lives while this process frees the tables in the rule stage, and every page this
        process changes meanwhile is copied for the child (measured at 100k: +180 MiB over the run's peak)."""
        if splice is not None and self.stats["records_rebuilt"] <= REWRITE_SHARE * len(records):
            return
        try:
            write(self.path, b, records, splice.vouched if splice is not None else {})
        except (OSError, ValueError, TypeError) as exc:  # (ValueError: a value marshal cannot write)
            self.error = f"{type(exc).__name__}: {exc}"
        else:
            self.stats["tables_written"] += 1

    def wait(self) -> None:
        """Nothing to wait for: the tables are written by the build (kept for the callers)."""


def write(path: Path, b: Builder, records: list[Record], vouched: Vouched | None = None) -> None:
    """Write the tables of the build ``b`` of ``records`` to ``path`` (atomically), one column at a time, each as it
    is stored (:meth:`.store.Table.stored`). Raises ValueError where they are not what the reuse expects (rows out of
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


def _decode(raw: bytes) -> Previous | None:
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
