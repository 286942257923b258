"""Which records of this run take their rows over from the previous run's tables (:func:`plan`): those whose own
identity is unchanged and none of whose lookups (:mod:`.lookups`) has another value now."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from factlint.record import Record
from factlint.rules.tables.builder import Builder
from factlint.rules.tables.cached.lookups import LOOKUPS, NAMESPACES, Index, Key, Vouched, identity, names, value
from factlint.rules.tables.cached.read import Previous, values


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


def _ids(prev: Previous, table: str) -> list[Any]:
    """The ``claim_id`` column of a stored table (not stored: the id of each row's record)."""
    return list(map(prev.ids.__getitem__, values(prev.columns[table]["_rec"])))


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
