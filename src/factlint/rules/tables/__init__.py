"""The tables the consistency rules run on, built from the validated records.

Every rule in ``checks/`` is a plain Great Expectations expectation on one of
these tables. Facts that need several records (the seats of the two bodies of
an overlap, claims giving one country exclusive statuses on one date, how a
quotation matched its archived source) are derived here, once, so that the
rules stay simple column checks. Each row keeps the id of the record it comes
from (``claim_id``), its ``file`` and the ``line``/``column`` of the field it
is about.

Modules:

* :mod:`.columns` - every column of every table, with its declared type and meaning;
* :mod:`.store` - column storage, and :mod:`.dataframe` - the one conversion to typed DataFrames;
* :mod:`.builder` - the state of one build and the rows several kinds share
  (references, dates), and :mod:`.quotes` - how quoted text is found in its archived source;
* :mod:`.records` - the rows of each record kind, dispatched by kind;
* :mod:`.archives` - archived texts, read only from inside the source's folder;
* :mod:`.coverage` - the coverage walk;
* :mod:`.derived` - facts across records (conflicting statuses, overlap seats);
* :mod:`.placeholders` - placeholders ``factlint new`` left to fill in;
* :mod:`.positions` - line and column of reported rows;
* :mod:`.cached` - the tables kept in the content cache between runs, and which rows of them a warm build takes
  over (the records whose bytes and lookups into other records are unchanged).
"""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from itertools import repeat
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from factlint.record import Record
from factlint.rules.tables.builder import Builder
from factlint.rules.tables.columns import (
    COLUMNS,
    DTYPES,
    PARAMETERS,
    POSITIONS,
    TABLE_PARAMETERS,
    TABLES,
    frame_columns,
)
from factlint.rules.tables.derived import DERIVED
from factlint.rules.tables.placeholders import placeholders
from factlint.rules.tables.positions import locate
from factlint.rules.tables.records import BUILDERS
from factlint.rules.tables.store import Table

if TYPE_CHECKING:
    from factlint.rules.tables.cached import TableStore
    from factlint.rules.tables.cached.splice import Splice

__all__ = [
    "COLUMNS",
    "DTYPES",
    "PARAMETERS",
    "POSITIONS",
    "TABLES",
    "TABLE_PARAMETERS",
    "Table",
    "build",
    "frame_columns",
    "frames",
    "locate",
]


def build(
    records: list[Record],
    invalid_ids: dict[str, set[str]] | None = None,
    parameters: dict[str, Any] | None = None,
    store: TableStore | None = None,
) -> dict[str, Table]:
    """Every table, its rows in a stable order (``row_id`` is the index), from the records.

    ``invalid_ids`` (kind -> ids) names the records that failed their schema: they exist for
    the reference rules. ``parameters`` are the rule files' ``table_parameters``
    (:func:`factlint.rules.catalog.table_parameters`); a table whose parameter is not given
    (no loaded rule reads it) gets no rows. ``store``: the tables kept in the content cache
    (:mod:`.cached`): the rows of the records that did not change are taken from there, the tables are
    written there for the next run; the tables are the same."""
    collecting = gc.isenabled()
    gc.disable()  # the build makes no reference cycles (tests/test_tables.py): the collector's passes over
    try:  # its millions of new objects (and, on a full pass, every record) would find nothing
        if store is None:
            return _build(Builder(records, invalid_ids, parameters), records)
        return _build_with(store, records, invalid_ids, parameters)
    finally:
        if collecting:
            gc.enable()


def _build_with(
    store: TableStore, records: list[Record], invalid_ids: dict[str, set[str]] | None, parameters: dict[str, Any] | None
) -> dict[str, Table]:
    from factlint.rules.tables.cached import NotThisRun

    b = Builder(records, invalid_ids, parameters)
    splice = store.splice(b, records)
    try:
        tables = _build(b, records, splice)
    except NotThisRun as exc:  # (a stored row that points at no record of this run: never used)
        store.error = f"tables built again from scratch: {exc}"
        b, splice = Builder(records, invalid_ids, parameters), None
        tables = _build(b, records)
    store.keep(b, records, splice)
    return tables


def _build(b: Builder, records: list[Record], splice: Splice | None = None) -> dict[str, Table]:
    """The rows of every record (those ``splice`` takes over from the previous run's tables aside), then the
    facts across records."""
    _records_table(b, records)
    data_of = b.data_of
    for i, rec in enumerate(records):
        if not i % 1024:
            b.settle()
        if splice is not None and splice.take(b, i):
            continue
        data = data_of(rec)  # the one read of a claim's data in the build
        BUILDERS[rec.kind](b, rec, data)
        placeholders(b, rec, data)
    if splice is not None:
        splice.flush(b)
        splice.close()
    b.records_done()
    for derive in DERIVED:
        derive(b)
    return b.tables


def _stem(file: str, rid: str | None) -> str | None:
    """The file name without .yaml/.yml: the id's own string when the two are equal (one copy, not one more per
    record; FC302 compares the two)."""
    stem = file.rsplit("/", 1)[-1]
    for suffix in (".yaml", ".yml"):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    return rid if stem == rid else stem


def _records_table(b: Builder, records: list[Record]) -> None:
    """The ``records`` table: a row per record."""
    # FC301: the records of an id that more than one record of its kind has (a list per record: ~20 MiB at 100k)
    files = list(map(attrgetter("file"), records))
    ids = list(map(attrgetter("id"), records))
    kinds = list(map(attrgetter("kind"), records))
    counts: Counter[tuple[str, str | None]] = Counter(zip(kinds, ids, strict=True))
    twice = {k for k, n in counts.items() if n > 1 and k[1] is not None}
    del counts
    same_id: dict[tuple[str, str | None], list[tuple[int, Record]]] = defaultdict(list)
    if twice:
        for i, k in enumerate(zip(kinds, ids, strict=True)):
            if k in twice:
                same_id[k].append((i, records[i]))
    others: list[tuple[Record, ...] | None] = [None] * len(records)
    listed: list[str | None] = [None] * len(records)
    for twins in same_id.values():
        for i, rec in twins:
            others[i] = tuple(r for _, r in twins if r is not rec)
            listed[i] = ", ".join(r.file for r in others[i] or ())
    at_id = b.where(("id",), True)
    add = b.tables["records"].add
    for row in zip(ids, files, kinds, map(_stem, files, ids), listed, records, others, repeat(at_id), strict=False):
        add(row)


def frames(tables: dict[str, Table]) -> dict[str, Any]:
    """The typed DataFrame of every table at once (the rule stage makes them one at a time, see
    :meth:`Table.to_frame`)."""
    return {name: tables[name].to_frame() for name in TABLES}
