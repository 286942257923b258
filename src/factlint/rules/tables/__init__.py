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
* :mod:`.store` - column storage and the one conversion to typed DataFrames;
* :mod:`.builder` - the state of one build and the rows several kinds share
  (references, dates, quotation matches);
* :mod:`.records` - the rows of each record kind, dispatched by kind;
* :mod:`.archives` - archived texts, read only from inside the source's folder;
* :mod:`.coverage` - the coverage walk;
* :mod:`.derived` - facts across records (conflicting statuses, overlap seats);
* :mod:`.placeholders` - placeholders ``factlint new`` left to fill in;
* :mod:`.positions` - line and column of reported rows.
"""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from typing import Any

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
from factlint.rules.tables.store import Table, layout

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


RECORDS = layout("records", "claim_id", "file", "kind", "file_stem", "same_id_files", "_rec", "_involves", "_at")


def build(
    records: list[Record],
    invalid_ids: dict[str, set[str]] | None = None,
    parameters: dict[str, Any] | None = None,
) -> dict[str, Table]:
    """Every table, its rows in a stable order (``row_id`` is the index), from the records.

    ``invalid_ids`` (kind -> ids) names the records that failed their schema: they exist for
    the reference rules. ``parameters`` are the rule files' ``table_parameters``
    (:func:`factlint.rules.catalog.table_parameters`); a table whose parameter is not given
    (no loaded rule reads it) gets no rows."""
    collecting = gc.isenabled()
    gc.disable()  # the build makes no reference cycles (tests/test_tables.py): the collector's passes over
    try:  # its millions of new objects (and, on a full pass, every record) would find nothing
        return _build(records, invalid_ids, parameters)
    finally:
        if collecting:
            gc.enable()


def _build(
    records: list[Record], invalid_ids: dict[str, set[str]] | None, parameters: dict[str, Any] | None
) -> dict[str, Table]:
    b = Builder(records, invalid_ids, parameters)
    # FC301: the records of an id that more than one record of its kind has (a list per record: ~20 MiB at 100k)
    counts: Counter[tuple[str, str | None]] = Counter((r.kind, r.id) for r in records if r.id is not None)
    same_id: dict[tuple[str, str | None], list[Record]] = defaultdict(list)
    for rec in records:
        if counts.get((rec.kind, rec.id), 0) > 1:
            same_id[(rec.kind, rec.id)].append(rec)
    del counts
    add_record = b.add["records"]
    at_id = b.where(("id",), True)
    data_of = b.data_of
    for i, rec in enumerate(records):
        if not i % 1024:
            b.settle()
        kind, rid, file = rec.kind, rec.id, rec.file
        stem = file.rsplit("/", 1)[-1]
        for suffix in (".yaml", ".yml"):
            if stem.endswith(suffix):
                stem = stem[: -len(suffix)]
                break
        if stem == rid:
            stem = rid  # the id's own string: one copy, not one more per record (FC302 compares the two)
        twins = same_id.get((kind, rid), ()) if rid is not None else ()
        others = tuple(r for r in twins if r is not rec) if len(twins) > 1 else None
        add_record((rid, file, kind, stem, ", ".join(r.file for r in others) if others else None, rec, others, at_id))
        data = data_of(rec)  # the one read of a claim's data in the build
        BUILDERS[kind](b, rec, data)
        placeholders(b, rec, data)
    for derive in DERIVED:
        derive(b)
    return b.tables


def frames(tables: dict[str, Table]) -> dict[str, Any]:
    """The typed DataFrame of every table at once (the rule stage makes them one at a time, see
    :meth:`Table.to_frame`)."""
    return {name: tables[name].to_frame() for name in TABLES}
