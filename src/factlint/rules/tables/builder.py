"""The state one table build shares: the records by kind and id, the tables, and row helpers.

The per-record builders (:mod:`.records`, :mod:`.coverage`) and the
cross-record facts (:mod:`.derived`) add rows through :meth:`Builder.row`,
which keeps where each row points as a shared (path, at_value) pair: lines and
columns are looked up only for the rows that are reported.
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from typing import Any

from factlint.messages import cut
from factlint.record import Record
from factlint.rules.closest import Closest
from factlint.rules.tables.archives import Archives
from factlint.rules.tables.columns import TABLES
from factlint.rules.tables.store import Table
from factlint.rules.textmatch import find, first_inexact, first_missing, normalize

Path_ = tuple[str | int, ...]


@cache
def _dotted(path: Path_) -> str:
    return ".".join(str(p) for p in path)


@cache
def _day(value: str) -> int | None:
    try:
        return _dt.date.fromisoformat(value).toordinal()
    except ValueError:
        return None


def day(value: Any) -> int | None:
    """A date as a day number (one shared int per date), or None."""
    return _day(value) if isinstance(value, str) else None


class Builder:
    """Tables under construction from ``records``; ``by_kind[kind][id]`` is the first record of that id."""

    def __init__(
        self,
        records: list[Record],
        invalid_ids: dict[str, set[str]] | None = None,
        parameters: dict[str, Any] | None = None,
    ) -> None:
        self.records = records
        self.invalid_ids = invalid_ids or {}
        self.parameters = parameters or {}  # the rule files' table_parameters
        self.tables = {name: Table(name) for name in TABLES}
        self.by_kind: dict[str, dict[str, Record]] = defaultdict(dict)
        for rec in records:
            if rec.id is not None:
                self.by_kind[rec.kind].setdefault(rec.id, rec)
        self.archives = Archives(self.by_kind["source"])
        # The claims each article's coverage map lists (FC262).
        self.coverage_claims: dict[str, set[str]] = defaultdict(set)
        maps: dict[str, list[Record]] = defaultdict(list)
        for rec in records:
            if rec.kind == "coverage":
                maps[rec.data["source"]].append(rec)
                for sentence in rec.data["sentences"]:
                    self.coverage_claims[rec.data["source"]].update(sentence.get("claims", []))
        self.coverage_maps = {source: tuple(recs) for source, recs in maps.items()}  # one tuple per article
        # The articles claims come from (FC264: an archived article with claims has a coverage map).
        self.articles = {r.data.get("article") for r in records if r.kind == "claim"}
        self._normalized: dict[str, str] = {}
        self._paths: dict[Path_, tuple[Path_, str]] = {}
        self._indexes: dict[str, Any] = {}
        self._where: dict[Any, tuple[Path_, bool]] = {}
        self._texts: dict[str, str] = {}
        self.closest = Closest()

    def row(self, table: str, rec: Record, at: Path_, /, *, at_value: bool = True, **cols: Any) -> None:
        """Add a row about the field ``at`` of ``rec`` (its value, or its key when ``at_value`` is false)."""
        self.tables[table].append(
            {"claim_id": rec.id, "file": rec.file, "_rec": rec, "_at": self.where(at, at_value), **cols}
        )

    def one(self, text: str) -> str:
        """One shared copy of ``text`` for every row that computes the same words (rows are kept until the
        rules have run: a new string per row is memory that grows with the corpus)."""
        return self._texts.setdefault(text, text)

    def where(self, path: Path_, at_value: bool) -> tuple[Path_, bool]:
        """One shared (path, at_value) pair for all the rows that point at the same field."""
        key = (path, at_value)
        hit = self._where.get(key)
        if hit is None:
            hit = self._where[key] = (self.shared(path)[0], at_value)
        return hit

    def shared(self, path: Path_) -> tuple[Path_, str]:
        """One copy of each path and its JSON pointer for all rows (they repeat across records)."""
        hit = self._paths.get(path)
        if hit is None:
            hit = self._paths[path] = (path, "/" + "/".join(str(p) for p in path))
        return hit

    def claims_of_type(self, kind: str) -> Iterable[Record]:
        return (r for r in self.records if r.kind == "claim" and r.data.get("type") == kind)

    # -- rows shared by several record kinds -------------------------------------------

    def ref(self, rec: Record, path: Path_, namespace: str, target: Any) -> None:
        """A ``references`` row: the field at ``path`` names ``target`` in ``namespace``.

        A record that failed its schema still exists (``invalid_ids``): a reference to it is not
        also dangling. Which kinds a field accepts is FC306's policy, in its rule file.
        """
        if isinstance(target, str) and target.startswith("todo-"):
            return  # a placeholder of `factlint new`: FC271 says to fill it in, not to create the record
        path, pointer = self.shared(path)
        found = self.by_kind[namespace].get(target) if isinstance(target, str) else None
        exists = found is not None or (isinstance(target, str) and target in self.invalid_ids.get(namespace, ()))
        target_kind = found.data.get("kind") if found is not None and namespace == "entity" else None
        slot = self._slot(path)
        self.row(
            "references", rec, path,
            field=pointer, namespace=namespace, target=target, exists=exists, slot=slot,
            target_kind=target_kind, slot_kind=self._slot_kind(slot, target_kind) if target_kind else None,
            fix=None if exists else self.fix(namespace, target), _involves=found,
        )  # fmt: skip

    def fix(self, namespace: str, target: Any) -> str:
        """How to mend a reference to ``target`` that names nothing: the nearest id, else how to add it."""
        from factlint.nearest import Index

        index = self._indexes.get(namespace)
        if index is None:
            index = self._indexes[namespace] = Index({k: r.data for k, r in self.by_kind[namespace].items()})
        hint = index.did_you_mean(target) if isinstance(target, str) else ""
        folder = {"entity": "entities", "source": "sources"}.get(namespace)
        add = f"add {folder}/{target}.yaml" if folder else "add the claim"
        if hint:
            return f"{hint} Correct the id, or {add} if it is a new {namespace}"
        return f"{add} or correct the id"

    @staticmethod
    @cache
    def _slot_kind(slot: str, target_kind: str) -> str:
        """One shared string per slot and kind (a new one per row cost ~2 KiB per 10 claims)."""
        return f"{slot}:{target_kind}"

    @staticmethod
    @cache
    def _slot(path: Path_) -> str:
        return "/".join(str(p) for p in path if not isinstance(p, int))

    def ref_list(self, rec: Record, key: str, sub: str, namespace: str) -> None:
        block = rec.data.get(key) or {}
        for i, target in enumerate(block.get(sub, []) or []):
            self.ref(rec, (key, sub, i), namespace, target)

    def date(self, rec: Record, path: Path_, published: str | None, source: str | None) -> None:
        """A ``dates`` row for the date at ``path``, if the record has one there."""
        node: Any = rec.data
        for p in path:
            node = node.get(p) if isinstance(node, dict) else None
        if isinstance(node, str):
            self.row(
                "dates", rec, path, field=_dotted(path), date=node, day=day(node),
                source=source, published=published, published_day=day(published), _involves=self.source(source),
            )  # fmt: skip

    def found(self, text: str, source: str | None) -> tuple[str, str]:
        """How ``text`` occurs in the archived text of ``source``: (match, detail), the tiers of
        :func:`factlint.rules.textmatch.find`, or why it could not be looked for (the archive's status)."""
        if source is None:
            return "unknown-source", "no source given"
        status, archived, info = self.archives.get(source)
        if archived is None:
            return status, info
        if source not in self._normalized:
            self._normalized[source] = normalize(archived)
        m = find(text, archived, self._normalized[source])
        return m.how, m.detail

    def _where_it_differs(self, how: str, detail: str, what: str, text: str, archived: str, norm: str) -> str:
        """``detail`` with where a quote not found (FC222) or found only after normalising (FC223) differs."""
        if how == "not-found":
            part = first_missing(text, norm)
            if part is None:
                return detail
            whole = part == text.strip()
            whose = "" if whole else f'its part "{cut(part, 40)}" is not found in order: '
            return f"{detail}; {whose}{self.closest.explain(what if whole else 'part', part, archived)}"
        if how == "normalized":
            part = first_inexact(text, archived)
            if part is None:
                return detail
            whole = part == text.strip()
            whose = "" if whole else f'in its part "{cut(part, 40)}" '
            return f"{detail}; {whose}{self.closest.difference(what if whole else 'part', part, archived)}"
        return detail

    def match(self, rec: Record, path: Path_, what: str, text: str, source: str | None, **extra: Any) -> None:
        """A ``quotes`` row: how ``text`` was found in the archived text of ``source``."""
        how, detail = self.found(text, source)
        placeholder = text.startswith("TODO")  # of `factlint new`: FC271 says to fill it in, FC222 skips it
        if source is not None and how in ("not-found", "normalized") and not placeholder:
            archived = self.archives.get(source)[1]
            if archived is not None:
                detail = self._where_it_differs(how, detail, what, text, archived, self._normalized[source])
        excerpt = cut(text, 80)
        self.row("quotes", rec, path, what=what, source=source, match=how, placeholder=placeholder, detail=detail,
                 excerpt=excerpt, _involves=self.source(source), **extra)  # fmt: skip

    def source(self, sid: Any) -> Record | None:
        """The source record of the id ``sid``, if there is one (what a row about that source involves)."""
        return self.by_kind["source"].get(sid) if isinstance(sid, str) else None
