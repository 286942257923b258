"""Column storage of a rule table: rows come as tuples and are kept column by column, each column coded
(:mod:`.cells`), a plain list, or not stored at all where each row's value is its record's own (:data:`SAME`).
The table's DataFrame (made once, for the rules) is :mod:`.dataframe`'s side of :class:`Table`."""

from __future__ import annotations

import operator
from array import array
from collections.abc import Callable
from typing import Any

from factlint.rules.tables.cells import Coded
from factlint.rules.tables.columns import INVOLVING, POSITIONS, TABLES
from factlint.rules.tables.dataframe import TableFrame

Path_ = tuple[str | int, ...]
"""The path of a field in a record's data (keys and list indices): what a row's ``_at`` columns point at."""

PRIVATE = ("_rec", "_involves", *(f"_at_{n}" if n else "_at" for n in sorted(set(POSITIONS.values()))))
"""Columns kept beside the documented ones, never in the DataFrame: ``_rec`` (the record of the
row), ``_involves`` (the other records the row is about: a record, a tuple of records or None; a
finding of the row carries their files), ``_at`` and ``_at_<name>`` (the shared (path, at_value)
of the field the row is about)."""


SAME = None
"""Marks a column not stored: each row's value is its record's own (``claim_id`` is ``_rec.id``, ``file`` is
``_rec.file``), checked for every chunk of rows; a chunk where it is not becomes a plain list."""

_OF_RECORD = {"claim_id": operator.attrgetter("id"), "file": operator.attrgetter("file")}


def _of_record(key: str, records: tuple[Any, ...], values: tuple[Any, ...]) -> bool:
    """Whether ``values`` are the ``records``' own ``key`` (see :data:`SAME`)."""
    try:
        return tuple(map(_OF_RECORD[key], records)) == values
    except AttributeError:  # a row without a record
        return False


CHUNK = 4096
"""Rows a table holds as tuples before they move into its column lists (a tuple per row for the whole
build would cost more memory than the columns themselves)."""


def private(table: str) -> tuple[str, ...]:
    """The private columns of ``table``: ``_rec``, ``_at``, ``_involves`` only if some of its columns compare
    records (:data:`INVOLVING`), and ``_at_<name>`` only if it has a ``<name>_line`` position column (an
    ``_at_<name>`` list on every table was a column of Nones per row)."""
    named = {name for column, name in POSITIONS.items() if name and column in TABLES[table]}
    return tuple(
        c for c in PRIVATE if c in ("_rec", "_at") or (c == "_involves" and table in INVOLVING) or c[4:] in named
    )


def layout(table: str, *names: str) -> tuple[str, ...]:
    """``names``, checked to be the columns of ``table`` in the order its rows give them (:attr:`Table.order`:
    the documented columns but ``row_id`` and the positions, then its private columns). A builder that adds
    rows as tuples declares their layout with this, so the layout and the declared columns cannot drift apart:
    a difference is an error when the module is imported."""
    order = (*(c for c in TABLES[table] if c != "row_id" and c not in POSITIONS), *private(table))
    if names != order:
        raise ValueError(f"table {table} has the columns {order}, not {names}")
    return names


class Table(TableFrame):
    """A table's rows, stored column by column (a dict per row would cost several times the memory).

    A row comes as a tuple of its values in column order (:attr:`order`: the documented columns
    but ``row_id`` and the positions, then the private ones); rows wait in a short list and move
    into the column lists a chunk at a time (one ``zip`` per chunk, no Python step per cell).
    :attr:`columns` (the lists by name) and :attr:`length` always include every row added.

    Once :meth:`to_frame` has built the DataFrame, the documented columns live only there and rows
    are read back from it; :meth:`release` then keeps only the rows the findings read (a frame of those
    rows) and lets the rest go. The private columns (see :data:`PRIVATE`) stay here throughout.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.public = [c for c in TABLES[name] if c != "row_id" and c not in POSITIONS]
        self.order = (*self.public, *private(name))
        """The columns a row's values come in (:meth:`add`)."""
        # Each column: a Coded column, a plain list, or SAME (its record's own attribute: nothing stored).
        self._cells: dict[str, Any] = {key: SAME if key in _OF_RECORD else Coded() for key in self.order}
        self._listed = False  # True once :attr:`columns` gave out plain lists: rows go on as lists
        self.names = frozenset(self.order)
        self._stored = 0  # rows in the columns
        self._pending: list[tuple[Any, ...]] = []  # rows added since, in order
        self._blank = dict.fromkeys(self.order)
        self._values = operator.itemgetter(*self.order)
        self.frame: Any = None
        self.kept: dict[int, int] | None = None
        """After :meth:`release`: the row id of each row kept -> its position in :attr:`frame` (None: every row
        is there, at its own position)."""

    @property
    def columns(self) -> dict[str, list[Any]]:
        """Every column's list of values, by name (every row added so far; the frame's columns once it is made).
        From then on the table keeps plain lists (a builder that changes a cell in place changes the table)."""
        self.flush()
        if not self._listed:
            for key in [k for k in self.order if k in self._cells]:  # SAME columns read _rec: it goes last
                self._cells[key] = self._list(key)
            self._listed = True
        return self._cells

    @property
    def length(self) -> int:
        return self._stored + len(self._pending)

    def add(self, values: tuple[Any, ...]) -> None:
        """Add a row: the values of every column, in :attr:`order`."""
        pending = self._pending
        pending.append(values)
        if len(pending) >= CHUNK:
            self.flush()

    def adder(self) -> Callable[[tuple[Any, ...]], None]:
        """:meth:`add` without its check of the chunk's size (the pending list's own ``append``, no Python call per
        row): whoever adds rows this way calls :meth:`settle` now and then."""
        return self._pending.append

    def settle(self) -> None:
        """Move the pending rows into the column lists once they fill a chunk."""
        if len(self._pending) >= CHUNK:
            self.flush()

    def stored(self) -> dict[str, Any]:
        """Every column as it is stored (for the tables kept in the cache, :mod:`.cached`): :data:`SAME`, a
        :class:`Coded` or a plain list, by name; read only."""
        self.flush()
        return dict(self._cells)

    def seed(self, pools: dict[str, tuple[list[Any], str, bool]]) -> None:
        """Before any row: the coded columns ``pools`` names start from that pool (objects, codes' typecode, looked up
        by value), so that :meth:`take` appends another run's codes into it as they are."""
        if self.length:
            raise ValueError(f"table {self.name}: seed() after rows")
        for key, (pool, typecode, by_value) in pools.items():
            if isinstance(self._cells.get(key), Coded):
                column = self._cells[key] = Coded()
                column.__setstate__((pool, array(typecode), by_value))

    def take(self, count: int, columns: dict[str, Any]) -> None:
        """Append ``count`` rows given column by column: for each column of :attr:`order`, :data:`SAME` (each row's
        value is its record's own), a list of values (``_rec``: always), or ``(pool, codes)``: codes into a pool,
        appended as they are when the column still codes into that very pool (:meth:`seed`), else decoded (the rows
        of a previous run's tables, :mod:`.cached`)."""
        self.flush()
        cells = self._cells
        for key in self.order:
            given, column = columns[key], cells[key]
            if given is SAME:
                if column is SAME:
                    continue
                given = list(map(_OF_RECORD[key], columns["_rec"]))  # (``_rec``: given as a list of records)
            if column is SAME:  # (rows whose value is not their record's own: the column becomes a list)
                column = cells[key] = self._list(key)
            if type(given) is tuple:
                pool, codes = given
                if isinstance(column, Coded) and column.pool is pool:
                    column.codes.extend(codes if codes.typecode == column.codes.typecode else array(
                        column.codes.typecode, codes))  # fmt: skip
                    continue
                given = list(map(pool.__getitem__, codes))
            if len(given) != count:
                raise ValueError(f"table {self.name}: {len(given)} values of {key}, not {count}")
            if type(column) is list:
                column.extend(given)
            elif not len(column) and not column.pool:
                cells[key] = given if type(given) is list else list(given)
            elif not column.add(tuple(given)):
                cells[key] = column.values() + list(given)
        self._stored += count

    def column(self, key: str) -> list[Any]:
        """One column's values as a plain list, for reading (the table keeps its own storage)."""
        self.flush()
        return self._list(key)

    def append(self, values: dict[str, Any]) -> None:
        """Add a row given as a dict of column -> value (a column not given is None)."""
        if not self.names.issuperset(values):
            unknown = set(values) - self.names
            raise KeyError(f"table {self.name} has no column(s) {', '.join(sorted(unknown))}")
        self.add(self._values({**self._blank, **values}))

    def flush(self) -> None:
        """Move the rows added since the last flush into the columns (a row of the wrong size is an error)."""
        pending = self._pending
        if not pending:
            return
        cells = self._cells
        chunk = dict(zip(self.order, zip(*pending, strict=True), strict=True))
        for key, values in chunk.items():
            column = cells[key]
            if column is SAME:
                if _of_record(key, chunk["_rec"], values):
                    continue
                column = cells[key] = self._list(key)  # the rows so far, from their records
            if type(column) is list:
                column.extend(values)
            elif not column.add(values):
                cells[key] = column.values() + list(values)
        self._stored += len(pending)
        pending.clear()

    def _list(self, key: str) -> list[Any]:
        """The column ``key`` as a plain list of its stored rows."""
        column = self._cells[key]
        if column is SAME:
            return list(map(_OF_RECORD[key], self._list("_rec")[: self._stored]))
        return column if type(column) is list else column.values()

    def _cell(self, key: str, i: int) -> Any:
        column = self._cells[key]
        if column is SAME:
            return _OF_RECORD[key](self._cell("_rec", i))
        return column[i]

    def __getstate__(self) -> dict[str, Any]:
        self.flush()  # pickled (a forked child sends its tables) with every row in the columns
        return self.__dict__

    def __len__(self) -> int:
        return self.length
