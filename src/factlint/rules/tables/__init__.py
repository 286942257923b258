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

from collections import defaultdict
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
from factlint.rules.tables.store import Table

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
) -> dict[str, Table]:
    """Every table, its rows in a stable order (``row_id`` is the index), from the records.

    ``invalid_ids`` (kind -> ids) names the records that failed their schema: they exist for
    the reference rules. ``parameters`` are the rule files' ``table_parameters``
    (:func:`factlint.rules.catalog.table_parameters`); a table whose parameter is not given
    (no loaded rule reads it) gets no rows."""
    b = Builder(records, invalid_ids, parameters)
    same_id: dict[tuple[str, str | None], list[Record]] = defaultdict(list)  # FC301: the records of one id
    for rec in records:
        same_id[(rec.kind, rec.id)].append(rec)
    for rec in records:
        stem = rec.file.rsplit("/", 1)[-1]
        for suffix in (".yaml", ".yml"):
            if stem.endswith(suffix):
                stem = stem[: -len(suffix)]
                break
        twins = same_id[(rec.kind, rec.id)] if rec.id is not None else ()
        others = tuple(r for r in twins if r is not rec) if len(twins) > 1 else None
        b.row("records", rec, ("id",), kind=rec.kind, file_stem=stem, _involves=others,
              same_id_files=", ".join(r.file for r in others) if others else None)  # fmt: skip
        BUILDERS[rec.kind](b, rec)
        placeholders(b, rec)
    for derive in DERIVED:
        derive(b)
    return b.tables


def frames(tables: dict[str, Table]) -> dict[str, Any]:
    """The typed DataFrame of every table (the only place they are made)."""
    return {name: tables[name].to_frame() for name in TABLES}
