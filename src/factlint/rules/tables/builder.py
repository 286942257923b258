"""The state one table build shares: the records by kind and id, the tables, and row helpers; the rows several
record kinds share (references, dates; how quoted text is found in its source: :mod:`.quotes`).

The per-record builders (:mod:`.records`, :mod:`.coverage`) and the
cross-record facts (:mod:`.derived`) add rows through :meth:`Builder.row`,
which keeps where each row points as a shared (path, at_value) pair: lines and
columns are looked up only for the rows that are reported.
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from collections.abc import Callable
from functools import cache
from sys import intern
from typing import Any

from factlint.record import Record
from factlint.rules.closest import Closest
from factlint.rules.tables.archives import Archives
from factlint.rules.tables.columns import TABLES
from factlint.rules.tables.quotes import QuoteRows
from factlint.rules.tables.store import Path_, Table, layout
from factlint.rules.textmatch import marks_of


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


REFERENCES = layout("references", "claim_id", "file", "field", "namespace", "target", "exists", "slot", "target_kind",
                    "slot_kind", "fix", "_rec", "_involves", "_at")  # fmt: skip
DATES = layout("dates", "claim_id", "file", "field", "date", "day", "source", "published", "published_day", "_rec",
               "_involves", "_at")  # fmt: skip
"""The layouts of the rows added as tuples here (:func:`.store.layout`)."""


def dated(*paths: Path_) -> tuple[tuple[Path_, str], ...]:
    """Each date field's path with its dotted name (the ``field`` column of its ``dates`` rows)."""
    return tuple((path, _dotted(path)) for path in paths)


def _reader(kept: dict[int, dict[str, Any]]) -> Callable[[Record], dict[str, Any]]:
    """A record's data: from ``kept`` (id(record) -> data) if there, else read (a plain function, not a method:
    the archives keep it, and a cycle back to the builder would leave the whole build for the collector)."""

    def data_of(rec: Record) -> dict[str, Any]:
        data = kept.get(id(rec))
        return rec.data if data is None else data

    return data_of


class Builder(QuoteRows):
    """Tables under construction from ``records``; ``by_kind[kind][id]`` is the first record of that id.

    Strings a row keeps from a record's data are interned (``sys.intern``): a claim's data may be decoded for its
    rows and dropped, and the rows then share one copy of each id, date and value instead of one per row.

    Each record's data is read once in a build: here for the entity and source records (kept in
    :meth:`data_of`, other records' rows need them), here and again for its own rows for a coverage map (a large
    record, not kept meanwhile), in the build's loop for claims (whose rows about other
    records are gathered meanwhile: :attr:`articles`, :attr:`statuses`, :attr:`compositions`,
    :attr:`overlaps`).
    """

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
        self.add = {name: table.adder() for name, table in self.tables.items()}
        """Each table's :meth:`.store.Table.adder` (a row as a tuple in the table's layout; :meth:`settle` now and
        then)."""
        self._add_reference, self._add_date, self._add_quote = (self.add[n] for n in ("references", "dates", "quotes"))
        self.by_kind: dict[str, dict[str, Record]] = defaultdict(dict)
        self._data: dict[int, dict[str, Any]] = {}  # id(record) -> data, of the entity and source records
        self.data_of = _reader(self._data)
        """The data of a record: as read once here for an entity or source record, else read again."""
        self.entity_kinds: dict[str, Any] = {}  # entity id -> the kind of the first entity of that id
        self.published: dict[str, Any] = {}  # source id -> the publication date of the first source of that id
        # The claims each article's coverage map lists (FC262).
        self.coverage_claims: dict[str, set[str]] = defaultdict(set)
        maps: dict[str, list[Record]] = defaultdict(list)
        for rec in records:
            kind, rid = rec.kind, rec.id
            if kind != "claim":
                data = rec.data
                if kind != "coverage":  # a coverage map's data is read again for its own rows (~57 MiB at 100k)
                    self._data[id(rec)] = data
                if kind == "coverage":
                    maps[data["source"]].append(rec)
                    for sentence in data["sentences"]:
                        self.coverage_claims[data["source"]].update(sentence.get("claims", []))
                elif rid is not None and rid not in self.by_kind[kind]:
                    if kind == "entity":
                        self.entity_kinds[rid] = data.get("kind")
                    elif kind == "source":
                        self.published[rid] = data.get("published")
            if rid is not None:
                self.by_kind[kind].setdefault(rid, rec)
        self.archives = Archives(self.by_kind["source"], self.data_of)
        self.coverage_maps = {source: tuple(recs) for source, recs in maps.items()}  # one tuple per article
        # Gathered from the claims as their rows are built (their data is read once):
        self.articles: set[Any] = set()  # the articles claims come from (FC264: an archived one has a coverage map)
        self.statuses: list[tuple[Record, dict[str, Any], Any, Any]] = []  # status claims: status, as_of, 1st source
        self.compositions: list[tuple[Record, dict[str, Any], Any, Any]] = []  # composition, article, as_of
        self.overlaps: list[tuple[Record, dict[str, Any], Any]] = []  # overlap claims: overlap, article
        self._normalized: dict[str, str] = {}
        self._paths: dict[Path_, tuple[Path_, str]] = {}
        self._refs: dict[Path_, tuple[str, str, tuple[Path_, bool]]] = {}
        self._indexes: dict[str, Any] = {}
        self._where: dict[Any, tuple[Path_, bool]] = {}
        self._texts: dict[str, str] = {}
        self.closest = Closest()
        marks = self.parameters.get("quotation_marks")  # FC225's rule file: which marks quote a phrase
        self.marks = marks_of(marks) if marks is not None else None

    def records_done(self) -> None:
        """Every record's rows are built: let go of what only they looked things up in, the did-you-mean index of
        each namespace (:meth:`fix`; at 100k claims ~50 MiB, the claim namespace's ids, their words and letter
        counts, that stayed through the tables across records and the tables cache's write). A later :meth:`fix`
        would make it again."""
        self._indexes.clear()

    def settle(self) -> None:
        """Move the rows added so far into the tables' columns where they fill a chunk (a tuple per row until the
        end of the build would cost more memory than the columns)."""
        for table in self.tables.values():
            table.settle()

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

    # -- rows shared by several record kinds -------------------------------------------

    def ref(self, rec: Record, path: Path_, namespace: str, target: Any) -> None:
        """A ``references`` row: the field at ``path`` names ``target`` in ``namespace``.

        A record that failed its schema still exists (``invalid_ids``): a reference to it is not
        also dangling. Which kinds a field accepts is FC306's policy, in its rule file.
        """
        if isinstance(target, str):
            if target.startswith("todo-"):
                return  # a placeholder of `factlint new`: FC271 says to fill it in, not to create the record
            target = intern(target)
        hit = self._refs.get(path)
        if hit is None:
            path, pointer = self.shared(path)
            hit = self._refs[path] = (pointer, self._slot(path), self.where(path, True))
        pointer, slot, at = hit
        found = self.by_kind[namespace].get(target) if isinstance(target, str) else None
        exists = found is not None or (isinstance(target, str) and target in self.invalid_ids.get(namespace, ()))
        target_kind = self.entity_kinds.get(target) if found is not None and namespace == "entity" else None
        slot_kind = self._slot_kind(slot, target_kind) if target_kind else None
        fix = None if exists else self.fix(namespace, target)
        self._add_reference(
            (rec.id, rec.file, pointer, namespace, target, exists, slot, target_kind, slot_kind, fix, rec, found, at)
        )

    def fix(self, namespace: str, target: Any) -> str:
        """How to mend a reference to ``target`` that names nothing: the nearest id, else how to add it."""
        from factlint.nearest import Index

        index = self._indexes.get(namespace)
        if index is None:
            # Claims have no names (the claim schema has no name, aliases or ISO code): their data is not read again.
            named = {k: None if namespace == "claim" else self.data_of(r) for k, r in self.by_kind[namespace].items()}
            index = self._indexes[namespace] = Index(named)
        hint = index.did_you_mean(target) if isinstance(target, str) else ""
        # The command that writes the record where it belongs (a folder named here would be the corpus's, beside
        # file names relative to the repository: `add entities/x.yaml` read from the repository root misleads).
        add = {
            "entity": f"factlint new entity {target} --kind KIND --name NAME",
            "source": f"factlint new source --id {target} --url URL --outlet OUTLET --language LANG",
        }.get(namespace, f"factlint new claim --id {target} --article ARTICLE --type TYPE")
        if hint:
            return f"{hint} Correct the id, or if it is a new {namespace}, add it: {add}"
        return f"correct the id, or if it is a new {namespace}, add it: {add}"

    @staticmethod
    @cache
    def _slot_kind(slot: str, target_kind: str) -> str:
        """One shared string per slot and kind (a new one per row cost ~2 KiB per 10 claims)."""
        return f"{slot}:{target_kind}"

    @staticmethod
    @cache
    def _slot(path: Path_) -> str:
        return "/".join(str(p) for p in path if not isinstance(p, int))

    def ref_list(self, rec: Record, data: dict[str, Any], key: str, sub: str, namespace: str) -> None:
        block = data.get(key) or {}
        for i, target in enumerate(block.get(sub, []) or []):
            self.ref(rec, (key, sub, i), namespace, target)

    def dates(
        self, rec: Record, data: dict[str, Any], fields: tuple[tuple[Path_, str], ...], published: Any, source: Any
    ) -> None:
        """A ``dates`` row for each date field (:func:`dated`) the record ``rec`` (of ``data``) has."""
        published_day = day(published)
        involves = self.source(source)
        for path, field in fields:
            node: Any = data
            for p in path:
                node = node.get(p) if isinstance(node, dict) else None
            if isinstance(node, str):
                self._add_date(
                    (rec.id, rec.file, field, intern(node), day(node), source, published, published_day, rec, involves,
                     self.where(path, True))
                )  # fmt: skip

    def source(self, sid: Any) -> Record | None:
        """The source record of the id ``sid``, if there is one (what a row about that source involves)."""
        return self.by_kind["source"].get(sid) if isinstance(sid, str) else None
