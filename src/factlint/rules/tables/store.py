"""Column storage of a rule table and its one conversion to a typed pandas DataFrame.

This is the only place a DataFrame of rule rows is made (an engine other than
pandas, e.g. Spark through GX, starts from these frames): every column gets its
declared type from :mod:`.columns`, so an empty table keeps string, nullable
integer and nullable boolean columns, and a missing value is ``<NA>``, never
NaN.
"""

from __future__ import annotations

import math
import operator
from array import array
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from factlint.rules.tables.cells import Coded
from factlint.rules.tables.columns import DTYPES, INVOLVING, POSITIONS, STRING, TABLES, frame_columns

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


class Table:
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

    def to_frame(self, columns: Iterable[str] | None = None) -> Any:
        """The typed DataFrame the expectations run on (made once): ``row_id`` and ``columns`` (the columns the
        table's rules read; every documented column when None). A column left out is still converted to its type
        here (a value that does not fit is the same error), and joins the frame of the rows kept at
        :meth:`release`, so :meth:`rows` gives every column as before."""
        import pandas as pd

        dtypes = DTYPES[self.name]
        self.flush()
        read = set(self.public if columns is None else columns)
        data: dict[str, Any] = {"row_id": pd.array(range(self.length), dtype=dtypes["row_id"])}
        for column in self.public:  # each column's cells let go as soon as its array is made
            cells = self._cells[column]
            if column not in read:
                pd.array(cells.pool if isinstance(cells, Coded) else self._list(column), dtype=dtypes[column])
                continue
            if isinstance(cells, Coded):
                values = cells.objects()  # a few objects, over and over
            elif dtypes[column] == STRING:
                values = together(self._list(column))
            else:
                values = self._list(column)
            del self._cells[column], cells
            data[column] = pd.array(values, dtype=dtypes[column])
            del values
        self.frame = pd.DataFrame(data, columns=[c for c in frame_columns(self.name) if c in data])
        return self.frame

    def _typed(self, column: str, rows: list[int]) -> Any:
        """The cells of a column not in the frame at ``rows``, as the frame would hold them."""
        import pandas as pd

        return pd.array([self._cell(column, i) for i in rows], dtype=DTYPES[self.name][column])

    def release(self, keep: Iterable[int]) -> None:
        """Let the DataFrame go once the rules on this table have run, keeping only the rows ``keep`` (those the
        findings read): a frame of their own, a few of the table's rows, with every documented column. Reading any
        other row is then an error."""
        import pandas as pd

        if self.frame is None:
            raise RuntimeError(f"table {self.name}: release() before to_frame()")
        wanted = sorted(set(keep))
        whole = self.frame
        rest = [c for c in self.public if c not in whole.columns]
        if len(wanted) < self.length:
            part = whole.iloc[wanted].copy()  # a copy: no view keeps the whole table's arrays alive
            self.kept = {row: at for at, row in enumerate(wanted)}
        else:
            part, wanted = whole, list(range(self.length))
        if rest:
            data = {c: part[c].array if c in part.columns else self._typed(c, wanted) for c in frame_columns(self.name)}
            part = pd.DataFrame(data, index=part.index)
            for column in rest:
                del self._cells[column]
        if self.kept is not None:  # the private columns too keep the rows kept only, in the frame's order
            for column in [k for k in self.order if k in self._cells]:
                self._cells[column] = [self._cell(column, i) for i in wanted]
        self.frame = part
        if part is not whole:
            # Emptied in place: GX's validator keeps the frame it validated in a reference cycle, which only a
            # full pass of the collector frees (seconds at 100k); its columns go now.
            for column in list(whole.columns):
                del whole[column]

    def __len__(self) -> int:
        return self.length

    def rows(self, indices: Iterable[int]) -> list[dict[str, Any]]:
        """The rows at ``indices``, as dicts of every column (row_id included)."""
        wanted = list(indices)
        self.flush()
        if self.frame is None:
            return [{"row_id": i, **{k: self._cell(k, i) for k in self.order}} for i in wanted]
        at = wanted
        if self.kept is not None:
            missing = [i for i in wanted if i not in self.kept]
            if missing:
                raise KeyError(f"table {self.name}: row(s) {missing[:5]} were not kept when its frame was released")
            at = [self.kept[i] for i in wanted]
        out = _records(self.frame.iloc[at])
        rest = [c for c in self.public if c not in self.frame.columns]  # (made, not yet released: still stored)
        if rest:
            typed = {c: [_plain(v) for v in self._typed(c, wanted)] for c in rest}
            names = frame_columns(self.name)
            out = [{k: row[k] if k in row else typed[k][n] for k in names} for n, row in enumerate(out)]
        private = [k for k in self.order if k in self._cells and k not in self.public]
        for row, i in zip(out, at, strict=True):  # (once released, the private columns hold the kept rows only)
            row.update({k: self._cell(k, i) for k in private})
        return out

    def __getitem__(self, index: int) -> dict[str, Any]:
        return self.rows([index])[0]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows(range(self.length)))


SEPARATOR = "\x00"


def together(values: list[Any]) -> list[Any]:
    """``values`` as new strings allocated one after another (one ``join``, one ``split``: a C pass each), for a
    column of many distinct strings: the records' own strings lie scattered over the heap, and every pass pandas
    makes over the column (``isna``, ``==``, ``factorize``) reads each cell's object, a cache miss per cell at 100k
    claims (FC302 on the records table: ~4x its time). Exact: the split gives back as many parts as there were
    values only if no value holds the separator; if one does, or one is not a string (a null), ``values`` as they
    are."""
    try:
        parts = SEPARATOR.join(values).split(SEPARATOR)
    except TypeError:  # a value that is not a string
        return values
    return parts if len(parts) == len(values) else values


_NATIVE = frozenset({str, int, bool})
"""Types of a cell that :func:`_plain` gives back as they are."""


def _records(frame: Any) -> list[dict[str, Any]]:
    """``[{column: _plain(cell)}]`` of each row of ``frame``, as ``frame.to_dict("records")`` would give them, read a
    column at a time (a string, Int64 or boolean column's ``tolist()`` gives its Python values; ``<NA>`` and any
    other value go through :func:`_plain`): at 100k claims ~0.25 s less than a dict per row from pandas."""
    names = list(frame.columns)
    columns = [[v if type(v) in _NATIVE else _plain(v) for v in frame[c].array.tolist()] for c in names]
    if not names:
        return [{} for _ in range(len(frame))]
    return [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]


def _plain(value: Any) -> Any:
    """A Python value for a DataFrame cell: numpy scalars unwrapped, missing values (``<NA>``) as None."""
    import pandas as pd

    if value is pd.NA or value is None:
        return None
    item = getattr(value, "item", None)
    if callable(item) and not isinstance(value, (str, bytes)):
        value = item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value
