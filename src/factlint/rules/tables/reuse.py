"""Which rows of the previous run's tables a build may take over, and taking them (:mod:`.cached` keeps them).

A record's own rows (every table but :data:`DERIVED_TABLES`) are a function of its kind, file, path and
bytes (the content cache's key: the loader and schema code are part of the namespace) and of what the build
looked up in other records for it. Those lookups show in the rows themselves, so they are found again from
the previous run's rows, never guessed:

* ``references``: the record of that id in the namespace (``entity``, ``source``, ``claim``) and whether an
  id failed its schema; for an id that names nothing, every id and name of the namespace (the did-you-mean);
* ``quotes``, ``excerpts``, ``coverage``, ``sentences``: the source record and its archived text (status and
  SHA-256 of the bytes, or why it cannot be read); ``quotes`` also the speaker's entity;
* ``dates``: the article's source record (its publication date, the record the row involves);
* ``claims``: the coverage maps of the claim's article; ``archives``: the first source of the id, its archived
  text and the coverage maps of it.

Each lookup is a :data:`Key` (namespace, id) whose value (:func:`value`) the previous run stored. A record is
taken over when its own identity is unchanged and none of its lookups' values changed; every other record is
built again, and the tables that gather facts across records (:data:`DERIVED_TABLES`, and the ``has_claims``
column) are always computed again. The rule stage's rule files' ``table_parameters`` must be equal, else
nothing is taken over.
"""

from __future__ import annotations

import hashlib
import os
import stat
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import chain
from operator import attrgetter
from typing import Any

from factlint.record import Record
from factlint.rules.tables.builder import Builder
from factlint.rules.tables.columns import TABLES

Key = tuple[str, Any]
"""A lookup: (``entity``/``source``/``claim``: the record of an id; ``archive``: a source's archived text;
``cov``: the coverage maps of a source, id)."""

DERIVED_TABLES = ("records", "status_pairs", "overlaps", "names")
"""Tables whose rows gather several records: computed again on every build, never taken over."""

PER_RECORD = tuple(t for t in TABLES if t not in DERIVED_TABLES)
"""Tables whose rows each come from one record, in record order (``_rec`` rises)."""

FROM_RECORD = ("claim_id", "file")
"""Columns of every per-record table that are the row's record's id and file: not stored, read from this run's
record."""

LOOKUPS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "quotes": (("source", ("source", "archive")), ("speaker", ("entity",))),
    "excerpts": (("source", ("source", "archive")),),
    "dates": (("source", ("source",)),),
    "claims": (("article", ("cov",)),),
    "archives": (("claim_id", ("source", "archive", "cov")),),
    "coverage": (("source", ("source", "archive")),),
    "sentences": (("source", ("source", "archive")),),
}
"""Per table: a column holding an id, and the lookups of that id its rows depend on (``references`` aside)."""

NAMESPACES = ("entity", "source", "claim")


class NotThisRun(LookupError):
    """A row taken over would point at a record this run does not have (the build starts again from scratch)."""


def identity(rec: Record | None) -> tuple[str, str, str] | None:
    """What makes a record the same in another run: its file, path and content key (kind and bytes)."""
    return None if rec is None else (rec.file, rec.path, rec.key)


class Index:
    """Records as indices into a run's records list: a build's own (``of``: id(record) -> its index) or, on the
    next run, the previous run's (``of``: id(record) -> the previous record of the same file, kind and path;
    ``edited``: those whose content key changed)."""

    def __init__(self, of: dict[int, int], edited: set[int] | None = None) -> None:
        self.of = of
        self.edited = edited or set()

    def __call__(self, rec: Record | None, *, content: bool = True) -> int:
        """-1 for none, -2 for a record with no previous index (or, with ``content``, whose bytes changed)."""
        if rec is None:
            return -1
        j = self.of.get(id(rec), -2)
        return -2 if content and j in self.edited else j


def value(b: Builder, key: Key, index: Index, *, read: bool = True) -> Any:
    """The value of the lookup ``key`` in the build ``b`` (records as ``index`` numbers them). ``read``: read an
    archived text not read yet (else such an archive's value is None, which no run's value equals)."""
    ns, x = key
    if ns in NAMESPACES:  # a reference to a claim reads only that it exists, and its file
        return (index(b.by_kind[ns].get(x), content=ns != "claim"), x in b.invalid_ids.get(ns, ()))
    if ns == "archive":
        if read:
            status, _, info = b.archives.get(x)
            return (status, info)
        seen = b.archives.seen(x)
        return None if seen is None else (seen[0], seen[2])
    if ns == "cov":
        return tuple(index(r) for r in b.coverage_maps.get(x, ()))
    raise ValueError(f"unknown lookup {ns!r}")


def names(b: Builder, ns: str) -> str:
    """A digest of every id of the namespace ``ns`` and the record that has it (what a did-you-mean reads: of a
    claim only its id)."""
    found = b.by_kind[ns]
    if ns == "claim":
        text = "\0".join(found)
    else:
        text = "\0".join(f"{rid}\0{r.file}\0{r.path}\0{r.key}" for rid, r in found.items())
    return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


@dataclass
class Previous:
    """What the previous run kept of its tables (see :mod:`.cached`), decoded."""

    identities: list[tuple[str, str, str]]
    kinds: list[str]
    ids: list[str | None]
    parameters: Any
    values: dict[str, dict[Any, Any]]
    """``archive`` and ``cov`` -> id -> its lookup's value (:func:`value`) in the previous run."""
    invalid: dict[str, list[Any]]
    """Record namespace -> the ids that failed their schema in the previous run."""
    names: dict[str, str]
    statuses: list[tuple[Any, ...]]
    compositions: list[tuple[Any, ...]]
    overlaps: list[tuple[Any, ...]]
    texts: dict[str, Any]
    """Source id -> (the source's identity, the archived text's file, its stat: size, mtime and ctime in ns,
    inode, device) of an archived text read fine and not changed just before (see :func:`text_entry`)."""
    starts: dict[str, array[int]]
    columns: dict[str, dict[str, Any]]
    """Per table: its stored columns (the record columns as ``array`` of record indices, -1 for none)."""


Vouched = dict[str, tuple[Any, Any]]
"""Source id -> (the value of its archive lookup, its :func:`text_entry`) of an archived text whose stat vouched
for it in this run (not read again): kept for the next run as it was."""


def text_entry(b: Builder, x: str) -> Any:
    """What vouches for the archived text of the source ``x`` read in the build ``b`` next time: (the source's
    identity, the file, its stat taken before the read), or None (not read fine, or changed too close to the read
    for its stat to vouch for it: :func:`factlint.cache.is_racy`)."""
    from factlint.cache import is_racy

    seen, found = b.archives.seen(x), b.archives.stats.get(x)
    if seen is None or seen[0] != "ok" or found is None or found[1] is None:
        return None
    path, st = found
    if st is None or is_racy(st, b.archives.started_ns):
        return None
    return (identity(b.by_kind["source"].get(x)), path, (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino,
                                                          st.st_dev))  # fmt: skip


def kept_values(b: Builder, index: dict[int, int], vouched: Vouched) -> tuple[dict[str, Any], Any]:
    """The values to keep for the next run of every archive and coverage lookup of the build (id -> value), and the
    :func:`text_entry` of each archived text. (Those of the record namespaces need none: the records' kinds and ids
    are kept.)"""
    own = Index(index)
    texts: dict[str, Any] = {}
    archives: dict[Any, Any] = {}
    for x in {*b.archives.looked_up(), *vouched}:
        archives[x], entry = kept_value(b, ("archive", x), own, vouched)
        if entry is not None:
            texts[x] = entry
    covered = {x: value(b, ("cov", x), own) for x in b.coverage_maps}
    return {"archive": archives, "cov": covered}, texts


def kept_value(b: Builder, key: Key, index: Index, vouched: Vouched) -> tuple[Any, Any]:
    """The value of ``key`` to keep for the next run, and for an archive lookup its :func:`text_entry`."""
    ns, x = key
    if ns == "archive":
        if b.archives.seen(x) is None and x in vouched:
            return vouched[x]
        return value(b, key, index, read=False), text_entry(b, x)
    return value(b, key, index, read=False), None


def _vouched(b: Builder, x: str, entry: Any) -> bool:
    """Whether the archived text of ``entry`` (:func:`text_entry`) is unchanged: same source, same stat."""
    try:
        ident, path, kept = entry
        st = os.stat(path)
    except (OSError, ValueError, TypeError):
        return False
    now = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
    return stat.S_ISREG(st.st_mode) and now == tuple(kept) and identity(b.by_kind["source"].get(x)) == tuple(ident)


def _now(b: Builder, key: Key, old: Any, prev: Previous, index: Index, vouched: Vouched) -> Any:
    """The value of ``key`` now; an archived text whose stat vouches for it is not read again."""
    ns, x = key
    if ns == "archive" and x in prev.texts and _vouched(b, x, prev.texts[x]):
        vouched[x] = (old, prev.texts[x])
        return old
    return value(b, key, index)


def _changed(b: Builder, ns: str, stored: dict[Any, Any], prev: Previous, index: Index, vouched: Vouched) -> list[Any]:
    """The ids of ``ns`` (``archive`` or ``cov``) whose lookup has another value now than ``stored`` (id -> value;
    an id not stored: no coverage map)."""
    out = [x for x, v in stored.items() if _now(b, (ns, x), v, prev, index, vouched) != v]
    if ns == "cov":
        out += [x for x in b.coverage_maps if x not in stored]
    return out


def _moved(prev: Previous, b: Builder, index: Index) -> set[Key]:
    """The ids of the record namespaces whose record (the first of that id: what a reference names) is another
    record now, or whose bytes changed (a claim's: only its file counts), or that failed their schema then or now.
    The previous run's records of each id come from its records' kinds and ids, in their order."""
    firsts: dict[tuple[str, Any], int] = {}
    for j, key in enumerate(zip(prev.kinds, prev.ids, strict=True)):
        if key[1] is not None:
            firsts.setdefault(key, j)
    out: set[Key] = set()
    of, edited = index.of, index.edited
    for ns in NAMESPACES:
        found = b.by_kind[ns]
        now = {x: of.get(id(rec), -2) for x, rec in found.items()}
        if ns != "claim" and edited:
            now = {x: -2 if j in edited else j for x, j in now.items()}
        before = {x: j for (kind, x), j in firsts.items() if kind == ns}
        out.update((ns, x) for x in before.keys() | now.keys() if before.get(x, -1) != now.get(x, -1))
        out.update((ns, x) for x in set(prev.invalid.get(ns, ())) ^ set(b.invalid_ids.get(ns, ())))
    return out


def affected(prev: Previous, b: Builder, index: Index, vouched: Vouched) -> set[int]:
    """The previous run's records (by index) some lookup of which has another value now (``vouched``: gets the
    archived texts found unchanged by their stat)."""
    changed = _moved(prev, b, index)
    for ns, stored in prev.values.items():
        changed.update((ns, x) for x in _changed(b, ns, stored, prev, index, vouched))
    renamed = {ns for ns, digest in prev.names.items() if names(b, ns) != digest}
    rows: dict[str, list[int]] = {}
    if changed or renamed:
        refs = {c: values(prev.columns["references"][c]) for c in ("namespace", "target", "exists")}
        hit = [
            i
            for i, (ns, t, ok) in enumerate(zip(refs["namespace"], refs["target"], refs["exists"], strict=True))
            if (ns, t) in changed or (not ok and ns in renamed)
        ]
        rows["references"] = hit
    if changed:
        for table, pairs in LOOKUPS.items():
            columns = prev.columns[table]
            found: list[int] = []
            for column, spaces in pairs:
                ids = {x for ns, x in changed if ns in spaces}
                if ids:
                    cells = values(columns[column]) if column != "claim_id" else _ids(prev, table)
                    found += [i for i, x in enumerate(cells) if x in ids]
            rows[table] = found
    out: set[int] = set()
    for table, hit in rows.items():
        if hit:
            recs = values(prev.columns[table]["_rec"])
            out.update(recs[i] for i in hit)
    return out


def values(stored: Any, start: int = 0, end: int | None = None) -> list[Any]:
    """The cells ``start`` to ``end`` of a stored column (:func:`.cached._column`) as a list (record columns: their
    indices)."""
    if isinstance(stored, tuple):
        if stored[0] == "c":
            return list(map(stored[1].__getitem__, stored[2][start:end]))
        return list(stored[1][start:end])
    if isinstance(stored, array):
        return stored[start:end].tolist()
    return list(stored[start:end])


def _ids(prev: Previous, table: str) -> list[Any]:
    """The ``claim_id`` column of a stored table (not stored: the id of each row's record)."""
    return list(map(prev.ids.__getitem__, values(prev.columns[table]["_rec"])))


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


@dataclass
class Plan:
    """What a build takes over: :class:`Splice`'s arguments, and counts."""

    plan: list[int] = field(default_factory=list)
    now: list[Record | None] = field(default_factory=list)
    rebuilt: int = 0
    vouched: Vouched = field(default_factory=dict)


def plan(prev: Previous, b: Builder, records: list[Record]) -> Plan:
    """Which of ``records`` take their rows from ``prev`` (the others are built).

    A previous record stands for this run's record of the same file, kind and path (the record a row taken over
    involves: what the row says about it is its lookup's value, checked unchanged); its rows are taken over only
    if its content key is unchanged too and no lookup of its rows changed."""
    files = [ident[0] for ident in prev.identities]
    where = dict(zip(files, range(len(files)), strict=True))
    out = Plan(plan=[-1] * len(records), now=[None] * len(prev.identities))
    if len(where) != len(prev.identities):
        return out  # two previous records of one file: nothing is taken
    previous = list(map(where.get, map(attrgetter("file"), records)))
    kinds, identities, now = prev.kinds, prev.identities, out.now
    of: dict[int, int] = {}
    edited: set[int] = set()
    for rec, j in zip(records, previous, strict=True):
        if j is None or kinds[j] != rec.kind or now[j] is not None or identities[j][1] != rec.path:
            continue
        now[j] = rec
        of[id(rec)] = j
        if not rec.key or identities[j][2] != rec.key:
            edited.add(j)
    stale = affected(prev, b, Index(of, edited), out.vouched) | edited
    out.plan = [
        -1 if j is None or j in stale or now[j] is not rec else j for rec, j in zip(records, previous, strict=True)
    ]
    out.rebuilt = out.plan.count(-1)
    return out
