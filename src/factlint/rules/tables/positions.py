"""Line and column of the field a reported row is about, looked up for failing rows only."""

from __future__ import annotations

from typing import Any

from factlint.record import PositionIndex
from factlint.rules.tables.columns import POSITIONS


def locate(row: dict[str, Any], index: PositionIndex) -> dict[str, Any]:
    """The row with its position columns filled in (line and column of the field it is about).

    ``index`` is the run's position lookup (``result.positions``)."""
    out = dict(row)
    for column, name in POSITIONS.items():
        where = row.get(f"_at_{name}" if name else "_at")
        if where is not None:
            rec = row["_rec"]
            path, at_value = where
            line, col = index.locate(rec, path, prefer_value=at_value)
            out[column] = line if column.endswith("line") else col
    return out
