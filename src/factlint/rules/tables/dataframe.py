"""A rule table's DataFrame: the one conversion of its stored columns (:mod:`.store`) to a typed pandas DataFrame,
letting it go once its rules have run, and reading rows back from it.

This is the only place a DataFrame of rule rows is made (an engine other than
pandas, e.g. Spark through GX, starts from these frames): every column gets its
declared type from :mod:`.columns`, so an empty table keeps string, nullable
integer and nullable boolean columns, and a missing value is ``<NA>``, never
NaN.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from factlint.rules.tables.cells import Coded
from factlint.rules.tables.columns import DTYPES, STRING, frame_columns


class TableFrame:
    """The DataFrame side of :class:`.store.Table` (its base): :meth:`to_frame`, :meth:`release` and :meth:`rows`."""

    if TYPE_CHECKING:  # (what the table's storage side gives: :class:`.store.Table`)
        name: str
        public: list[str]
        order: tuple[str, ...]
        _cells: dict[str, Any]
        frame: Any
        kept: dict[int, int] | None

        @property
        def length(self) -> int: ...

        def flush(self) -> None: ...

        def _list(self, key: str) -> list[Any]: ...

        def _cell(self, key: str, i: int) -> Any: ...

    laid_out: tuple[str, ...] = ()
    """The frame's columns whose strings :func:`together` laid out (see :meth:`release`)."""

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
        laid: list[str] = []
        for column in self.public:  # each column's cells let go as soon as its array is made
            cells = self._cells[column]
            if column not in read:
                pd.array(cells.pool if isinstance(cells, Coded) else self._list(column), dtype=dtypes[column])
                continue
            if isinstance(cells, Coded):
                values = cells.objects()  # a few objects, over and over
            elif dtypes[column] == STRING:
                cells = self._list(column)
                values = together(cells)
                if values is not cells:
                    laid.append(column)
            else:
                values = self._list(column)
            del self._cells[column], cells
            data[column] = pd.array(values, dtype=dtypes[column])
            del values
        self.frame = pd.DataFrame(data, columns=[c for c in frame_columns(self.name) if c in data])
        self.laid_out = tuple(laid)
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
            for column in self.laid_out:  # strings of their own: a few kept in the laid-out block keep all of it
                part[column] = pd.array(together(part[column].tolist()), dtype=part[column].dtype)
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
