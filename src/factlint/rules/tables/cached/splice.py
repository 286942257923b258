"""Taking the previous run's rows of records into a build (:class:`Splice`), run by run of consecutive records."""

from __future__ import annotations

from bisect import bisect_left
from itertools import chain
from typing import Any

from factlint.record import Record
from factlint.rules.tables.builder import Builder
from factlint.rules.tables.cached.fileformat import PER_RECORD
from factlint.rules.tables.cached.lookups import Vouched
from factlint.rules.tables.cached.read import Previous, values


class NotThisRun(LookupError):
    """A row taken over would point at a record this run does not have (the build starts again from scratch)."""


class Splice:
    """Takes the previous run's rows of records into a build, run by run of consecutive records.

    ``plan[i]``: the previous index of this run's record ``i`` whose rows are taken over, -1 to build them;
    ``now[j]``: this run's record of the previous run's record ``j`` (None if it is gone or changed). The coded
    columns of the build's tables start from the previous run's pools (:meth:`.store.Table.seed`): a run of rows
    taken over appends its codes as they are."""

    def __init__(self, prev: Previous, plan: list[int], now: list[Record | None], vouched: Vouched) -> None:
        self.prev = prev
        self.vouched = vouched
        self.plan = plan
        self.now = [*now, None]  # index -1: no record
        self.start = self.end = 0
        self.taken = 0
        self.pools: dict[tuple[str, str], list[Any]] = {}
        """(table, column) -> the pool the build's coded column starts from (records: this run's)."""
        self.missing: dict[tuple[str, str], set[int]] = {}
        """(table, record column) -> the codes of its pool whose records this run does not have."""

    def seed(self, b: Builder) -> None:
        """Start the build's coded columns from the previous run's pools (before any row)."""
        for name in PER_RECORD:
            pools: dict[str, tuple[list[Any], str, bool]] = {}
            for column, stored in self.prev.columns[name].items():
                if isinstance(stored, tuple) and stored[0] == "c":
                    _, pool, codes, by_value = stored
                    if column in ("_rec", "_involves"):
                        pool = [self._record(v) for v in pool]
                        self.missing[(name, column)] = {c for c, v in enumerate(pool) if v is _MISSING}
                    self.pools[(name, column)] = pool
                    pools[column] = (pool, codes.typecode, by_value)
            b.tables[name].seed(pools)

    def _record(self, value: Any) -> Any:
        """A record index (-1: none; a tuple of them) as this run's record(s); :data:`_MISSING` if it has none."""
        if type(value) is tuple:
            recs = tuple(self.now[j] for j in value)
            return _MISSING if None in recs else recs
        rec = self.now[value]
        return _MISSING if rec is None and value != -1 else rec

    def take(self, b: Builder, i: int) -> bool:
        """Take the rows of this run's record ``i`` if the plan says so (after the rows before it)."""
        j = self.plan[i]
        if j < 0:
            self.flush(b)
            return False
        if j != self.end or self.start == self.end:
            self.flush(b)
            self.start = j
        self.end = j + 1
        self.taken += 1
        return True

    def flush(self, b: Builder) -> None:
        """Add the rows of the pending run of records to the tables."""
        start, end = self.start, self.end
        self.start = self.end = 0
        if start >= end:
            return
        prev, now = self.prev, self.now
        for name in PER_RECORD:
            bounds = prev.starts[name]
            s, e = bounds[start], bounds[end]
            if s == e:
                continue
            stored = prev.columns[name]
            table = b.tables[name]
            out: dict[str, Any] = {"_rec": list(map(now.__getitem__, values(stored["_rec"], s, e)))}
            for column in table.order:
                cells = stored.get(column)
                if column == "_rec":
                    continue
                if cells is None:  # (claim_id, file: the row's record's own)
                    out[column] = None
                elif isinstance(cells, tuple) and cells[0] == "c":
                    codes = cells[2][s:e]
                    gone = self.missing.get((name, column))
                    if gone and not gone.isdisjoint(codes):
                        raise NotThisRun(f"table {name}: a row involves a record not in this run")
                    out[column] = (self.pools[(name, column)], codes)
                elif column == "_involves":
                    out[column] = _records(values(cells, s, e), now)
                else:
                    out[column] = cells if not s and e == len(cells) else cells[s:e]
            table.take(e - s, out)
            if name == "claims":
                b.articles.update(values(stored["article"], s, e))
        b.statuses += self._gathered(prev.statuses, start, end)
        b.compositions += self._gathered(prev.compositions, start, end)
        b.overlaps += self._gathered(prev.overlaps, start, end)

    def close(self) -> None:
        """Let the previous run's rows go (the build has taken what it takes)."""
        self.prev.columns.clear()
        self.prev.starts.clear()
        self.pools.clear()

    def _gathered(self, entries: list[tuple[Any, ...]], start: int, end: int) -> list[tuple[Any, ...]]:
        """The entries of the previous records ``start`` to ``end`` (by index, sorted), with this run's records."""
        lo = bisect_left(entries, start, key=_first)
        hi = bisect_left(entries, end, key=_first)
        out = []
        for j, *rest in entries[lo:hi]:
            rec = self.now[j]
            if rec is None:
                raise NotThisRun("a gathered claim not in this run")
            out.append((rec, *rest))
        return out


def _first(entry: tuple[Any, ...]) -> Any:
    return entry[0]


_MISSING = object()
"""A record of the previous run that this run does not have (in a seeded pool: no row taken over may name it)."""


def _records(indices: list[Any], now: list[Record | None]) -> list[Any]:
    """Record indices (an int, -1 for none, or a tuple of them) as this run's records."""
    get = now.__getitem__
    if tuple not in set(map(type, indices)):  # (one index per row: no Python step per row)
        if any(now[j] is None for j in set(indices) if j >= 0):
            raise NotThisRun("a row involves a record not in this run")
        return list(map(get, indices))
    named = set(chain.from_iterable(v if type(v) is tuple else (v,) for v in indices))
    if any(now[j] is None for j in named if j >= 0):
        raise NotThisRun("a row involves a record not in this run")
    return [tuple(map(get, v)) if type(v) is tuple else get(v) for v in indices]
