"""The tables the consistency rules run on, built from the validated records.

Every rule in ``checks/`` is a plain Great Expectations expectation on one of
these tables. Facts that need several records (the seats of the two bodies of
an overlap, two claims giving one country exclusive statuses on one date, how
a quotation matched its archived source) are derived here, once, so that the
rules stay simple column checks. Each row keeps the id of the record it comes
from (``claim_id``), its ``file`` and the ``line``/``column`` of the field it
is about.

``TABLES`` documents every column; the rule loader refuses a rule naming a
column that is not listed here.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import combinations
from pathlib import Path
from typing import Any

from factlint.model import Record
from factlint.rules.textmatch import find, normalize

_COMMON = {
    "row_id": "Row number, unique in the table.",
    "claim_id": "Id of the record the row comes from (a claim, source, entity or coverage map).",
    "file": "File of that record.",
    "line": "Line of the field the row is about.",
    "column": "Column of that field.",
}

TABLES: dict[str, dict[str, str]] = {
    "records": {
        **_COMMON,
        "kind": "Record kind: claim, source, entity or coverage.",
        "file_stem": "The file name without .yaml/.yml.",
    },
    "claims": {
        **_COMMON,
        "type": "Claim type.",
        "article": "Source id of the article the claim is from.",
        "review_state": "review.state: draft, in-review or published.",
        "rating": "verdict.rating.",
        "evidence_count": "Number of verdict.evidence items.",
        "independent_evidence_count": "Evidence items from a source other than the claim's own article.",
        "has_coverage": "True when the claim's article has a coverage map.",
        "in_coverage": "True when the article's coverage map lists the claim.",
        "verdict_line": "Line of the verdict key.",
        "verdict_column": "Column of the verdict key.",
    },
    "references": {
        **_COMMON,
        "field": "JSON pointer of the referring field.",
        "namespace": "What the id must name: entity, source or claim.",
        "target": "The id referred to.",
        "exists": "True when a record of that namespace has the id.",
        "expected_kinds": "Entity kinds the field accepts, separated by '|', or empty for any.",
        "target_kind": "Kind of the entity found, if any.",
        "kind_ok": "True when the target exists and is of an accepted kind.",
    },
    "status_pairs": {
        **_COMMON,
        "subject": "Country or person whose status it is.",
        "body": "The body the status is towards.",
        "as_of": "The date both statuses hold for.",
        "value": "This claim's status.",
        "other_claim": "The other claim giving a status for the same subject, body and date.",
        "other_file": "File of the other claim.",
        "other_line": "Line of the other claim's status value.",
        "other_value": "The other claim's status.",
        "pair": "The two statuses, sorted and joined with '|', e.g. confirmed|unannounced.",
        "between": "Whether the two claims come from the same source or from two sources, named.",
    },
    "compositions": {
        **_COMMON,
        "body": "The body.",
        "seats": "Seats the claim states.",
        "listed_members": "Number of members the claim lists.",
    },
    "overlaps": {
        **_COMMON,
        "body_a": "First body.",
        "body_b": "Second body.",
        "count": "Shared members the claim states.",
        "listed_shared": "Number of shared members the claim lists.",
        "seats_a": "Seats of body_a from its composition claim (same article preferred, else the latest), or null.",
        "seats_b": "Seats of body_b, likewise.",
        "min_seats": "The smaller of seats_a and seats_b, or null when neither is known.",
        "smaller_body": "The body with min_seats.",
        "computed_overlap": "Members listed for both bodies, when both member lists are complete; else null.",
        "members_line": "Line of the overlap's members key (or of the overlap when it lists none).",
        "members_column": "Column of that list.",
    },
    "quotes": {
        **_COMMON,
        "what": "quote (a quote claim's text) or span (a claim's sources[].span).",
        "source": "Source id the text must be found in.",
        "speaker": "attribution.speaker of the claim, for quotes.",
        "speaker_kind": "The kind of the speaker's entity, for quotes; null when the entity does not exist.",
        "date": "attribution.date of the claim, for quotes.",
        "match": "exact, normalized or not-found; or why it could not be checked: not-archived, no-file, "
        "outside, unreadable, unknown-source.",
        "detail": "How it matched, in words.",
        "excerpt": "The first 80 characters of the text.",
    },
    "dates": {
        **_COMMON,
        "field": "Which date: as_of, attribution.date, event.date, review.date, published or retrieved.",
        "date": "The date, YYYY-MM-DD.",
        "day": "The date as a day number (proleptic Gregorian ordinal).",
        "source": "For claims: the article's source id.",
        "published": "For claims: the article's publication date, or null.",
        "published_day": "That date as a day number, or null.",
    },
    "archives": {
        **_COMMON,
        "path": "archive.path as written.",
        "status": "ok, sha256-mismatch, no-file, outside (leaves the source's folder) or unreadable.",
        "expected": "archive.sha256 as written.",
        "actual": "The SHA-256 of the file, when it could be read.",
    },
    "waivers": {
        **_COMMON,
        "rule": "The waived rule code.",
        "reason": "Why.",
        "expires": "The last day the waiver holds.",
        "expires_day": "That date as a day number.",
    },
    "coverage": {
        **_COMMON,
        "source": "The mapped source.",
        "complete": "True when the sentences give back the whole archived text (white space aside).",
        "detail": "Where the map and the text part, in words.",
    },
}

PARAMETERS = {
    "entity_ids": "Ids of all entity records.",
    "source_ids": "Ids of all source records.",
    "claim_ids": "Ids of all claim records.",
    "rule_codes": "Codes of every rule, built-in and in checks/.",
    "today_day": "The run's date as a day number (see --today).",
}

ENTITY_KINDS_FOR = {
    "attribution/via": "outlet|organization",
    "status/subject": "country|person|organization",
    "status/body": "body|organization",
    "composition/body": "body|organization",
    "composition/members": "person|country|organization",
    "overlap/bodies": "body|organization",
    "overlap/members": "person|country|organization",
    "outlet": "outlet|organization",
    "parent": "body|organization",
    "roles/of": "country|organization|body",
}


@cache
def _dotted(path: tuple[str | int, ...]) -> str:
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


POSITIONS = {"line": "", "column": "", "verdict_line": "verdict", "verdict_column": "verdict",
             "members_line": "members", "members_column": "members", "other_line": "other"}  # fmt: skip
"""Position columns: not in the DataFrames (no rule checks them); filled in for failing rows only,
from the row's ``_at`` (or ``_at_<name>``) entry, so no position of a passing row is ever looked up."""


class Table:
    """A table's rows, stored column by column (a dict per row would cost several times the memory).

    Besides the documented columns it keeps private ones: ``_rec`` (the record of the row),
    ``_at`` and ``_at_<name>`` (the shared (path, at_value) of the field the row is about), and
    ``_rec_other`` for a position in another record; :func:`locate` reads them for reported
    rows only. Once :meth:`to_frame` has built the DataFrame, the documented columns live only
    there and rows are read back from it.
    """

    PRIVATE = ("_rec", "_rec_other", *(f"_at_{n}" if n else "_at" for n in sorted(set(POSITIONS.values()))))

    def __init__(self, name: str) -> None:
        self.name = name
        self.public = [c for c in TABLES[name] if c != "row_id" and c not in POSITIONS]
        self.columns: dict[str, list[Any]] = {key: [] for key in (*self.public, *self.PRIVATE)}
        self.length = 0
        self.frame: Any = None

    def append(self, values: dict[str, Any]) -> None:
        unknown = set(values) - set(self.columns)
        if unknown:
            raise KeyError(f"table {self.name} has no column(s) {', '.join(sorted(unknown))}")
        for key, column in self.columns.items():
            column.append(values.get(key))
        self.length += 1

    def to_frame(self) -> Any:
        """The DataFrame the expectations run on; afterwards the rows are read from it."""
        import pandas as pd

        data: dict[str, Any] = {"row_id": range(self.length)}
        for column in self.public:
            data[column] = self.columns.pop(column)
        self.frame = pd.DataFrame(data, columns=frame_columns(self.name))
        return self.frame

    def __len__(self) -> int:
        return self.length

    def rows(self, indices: Iterable[int]) -> list[dict[str, Any]]:
        """The rows at ``indices``, as dicts of every column (row_id included)."""
        wanted = list(indices)
        if self.frame is None:
            out = [{"row_id": i, **{k: c[i] for k, c in self.columns.items()}} for i in wanted]
        else:
            out = [{k: _plain(v) for k, v in values.items()} for values in self.frame.iloc[wanted].to_dict("records")]
            for row, i in zip(out, wanted, strict=True):
                row.update({k: c[i] for k, c in self.columns.items()})
        return out

    def __getitem__(self, index: int) -> dict[str, Any]:
        return self.rows([index])[0]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows(range(self.length)))


def _plain(value: Any) -> Any:
    """A Python value for a DataFrame cell: numpy scalars unwrapped, missing values as None."""
    item = getattr(value, "item", None)
    if callable(item) and not isinstance(value, (str, bytes)):
        value = item()
    if isinstance(value, float) and math.isnan(value):  # pandas' missing value
        return None
    return value


@dataclass
class _Builder:
    records: list[Record]
    tables: dict[str, Table] = field(default_factory=lambda: {name: Table(name) for name in TABLES})
    by_kind: dict[str, dict[str, Record]] = field(default_factory=lambda: defaultdict(dict))
    _archives: dict[str, tuple[str, str | None, str]] = field(default_factory=dict)
    _normalized: dict[str, str] = field(default_factory=dict)
    _paths: dict[tuple[str | int, ...], tuple[tuple[str | int, ...], str]] = field(default_factory=dict)
    _where: dict[Any, tuple[tuple[str | int, ...], bool]] = field(default_factory=dict)

    def row(self, table: str, rec: Record, at: tuple[str | int, ...], /, *, at_value: bool = True, **cols: Any) -> None:
        # Where the row points is kept as (record, path); lines are looked up only for failing rows.
        self.tables[table].append(
            {"claim_id": rec.id, "file": rec.file, "_rec": rec, "_at": self.where(at, at_value), **cols}
        )

    def where(self, path: tuple[str | int, ...], at_value: bool) -> tuple[tuple[str | int, ...], bool]:
        """One shared (path, at_value) pair for all the rows that point at the same field."""
        key = (path, at_value)
        hit = self._where.get(key)
        if hit is None:
            hit = self._where[key] = (self.shared(path)[0], at_value)
        return hit

    # -- archived texts ------------------------------------------------------------

    def archive(self, source_id: str) -> tuple[str, str | None, str]:
        """(status, text, detail) of a source's archived text; read once per source."""
        if source_id in self._archives:
            return self._archives[source_id]
        src = self.by_kind["source"].get(source_id)
        out: tuple[str, str | None, str]
        if src is None:
            out = ("unknown-source", None, f"no source record '{source_id}'")
        elif "archive" not in src.data:
            out = ("not-archived", None, f"source '{source_id}' has no archived text")
        else:
            folder = Path(src.file).parent
            target = folder / src.data["archive"]["path"]
            try:
                inside = target.resolve().is_relative_to(folder.resolve())
                raw = target.read_bytes() if inside else b""
            except OSError as exc:
                out = ("no-file", None, f"cannot read {target.as_posix()}: {exc.strerror or exc}")
            else:
                if not inside:
                    out = ("outside", None, f"{target.as_posix()} leads outside the source's folder")
                else:
                    digest = hashlib.sha256(raw).hexdigest()
                    try:
                        text = raw.decode("utf-8")
                    except UnicodeDecodeError:
                        out = ("unreadable", None, f"{target.as_posix()} is not UTF-8 text")
                    else:
                        out = ("ok", text, digest)
        self._archives[source_id] = out
        return out

    # -- tables --------------------------------------------------------------------

    def build(self) -> None:
        for rec in self.records:
            if rec.id is not None:
                self.by_kind[rec.kind].setdefault(rec.id, rec)
        coverage_claims: dict[str, set[str]] = defaultdict(set)
        for rec in self.records:
            if rec.kind == "coverage":
                for sentence in rec.data["sentences"]:
                    coverage_claims[rec.data["source"]].update(sentence.get("claims", []))
        for rec in self.records:
            stem = re.sub(r"\.ya?ml$", "", Path(rec.file).name)
            self.row("records", rec, ("id",), kind=rec.kind, file_stem=stem)
            getattr(self, f"_{rec.kind}")(rec, coverage_claims)
        self._status_pairs()
        self._overlaps()

    def shared(self, path: tuple[str | int, ...]) -> tuple[tuple[str | int, ...], str]:
        """One copy of each path and its JSON pointer for all rows (they repeat across records)."""
        hit = self._paths.get(path)
        if hit is None:
            hit = self._paths[path] = (path, "/" + "/".join(str(p) for p in path))
        return hit

    def refs(self, rec: Record, path: tuple[str | int, ...], namespace: str, target: Any) -> None:
        path, pointer = self.shared(path)
        kinds = ENTITY_KINDS_FOR.get("/".join(str(p) for p in path if not isinstance(p, int)), "")
        found = self.by_kind[namespace].get(target) if isinstance(target, str) else None
        target_kind = found.data.get("kind") if found is not None and namespace == "entity" else None
        kind_ok = found is not None and (not kinds or target_kind in kinds.split("|"))
        self.row(
            "references", rec, path,
            field=pointer, namespace=namespace, target=target,
            exists=found is not None, expected_kinds=kinds, target_kind=target_kind, kind_ok=kind_ok,
        )  # fmt: skip

    def ref_list(self, rec: Record, key: str, sub: str, namespace: str) -> None:
        block = rec.data.get(key) or {}
        for i, target in enumerate(block.get(sub, []) or []):
            self.refs(rec, (key, sub, i), namespace, target)

    def dates(self, rec: Record, path: tuple[str | int, ...], published: str | None, source: str | None) -> None:
        node: Any = rec.data
        for p in path:
            node = node.get(p) if isinstance(node, dict) else None
        if isinstance(node, str):
            self.row(
                "dates", rec, path, field=_dotted(path), date=node, day=day(node),
                source=source, published=published, published_day=day(published),
            )  # fmt: skip

    def _claim(self, rec: Record, coverage_claims: dict[str, set[str]]) -> None:
        data = rec.data
        article = data["article"]
        self.refs(rec, ("article",), "source", article)
        self.refs(rec, ("attribution", "speaker"), "entity", data["attribution"]["speaker"])
        if "via" in data["attribution"]:
            self.refs(rec, ("attribution", "via"), "entity", data["attribution"]["via"])
        for i, src in enumerate(data["sources"]):
            self.refs(rec, ("sources", i, "source"), "source", src["source"])
            self._match(rec, ("sources", i, "span"), "span", src["span"], src["source"])
        evidence = data["verdict"]["evidence"]
        for i, item in enumerate(evidence):
            self.refs(rec, ("verdict", "evidence", i, "source"), "source", item["source"])
        kind = data["type"]
        if kind == "quote":
            speaker = data["attribution"]["speaker"]
            found = self.by_kind["entity"].get(speaker)
            self._match(rec, ("quote", "text"), "quote", data["quote"]["text"], data["sources"][0]["source"],
                        speaker=speaker, speaker_kind=found.data["kind"] if found else None,
                        date=data["attribution"]["date"])  # fmt: skip
        elif kind == "status":
            self.refs(rec, ("status", "subject"), "entity", data["status"]["subject"])
            self.refs(rec, ("status", "body"), "entity", data["status"]["body"])
        elif kind == "composition":
            comp = data["composition"]
            self.refs(rec, ("composition", "body"), "entity", comp["body"])
            self.ref_list(rec, "composition", "members", "entity")
            self.row("compositions", rec, ("composition", "seats"), body=comp["body"], seats=comp["seats"],
                     listed_members=len(comp.get("members", [])))  # fmt: skip
        elif kind == "overlap":
            self.ref_list(rec, "overlap", "bodies", "entity")
            self.ref_list(rec, "overlap", "members", "entity")
        elif kind == "event":
            self.ref_list(rec, "event", "actors", "entity")
            self.ref_list(rec, "event", "counterparts", "entity")
        src_rec = self.by_kind["source"].get(article)
        published = src_rec.data.get("published") if src_rec is not None else None
        for path in (("as_of",), ("attribution", "date"), ("event", "date"), ("review", "date")):
            self.dates(rec, path, published, article)
        for i, waiver in enumerate(data.get("waivers", [])):
            self.row("waivers", rec, ("waivers", i), at_value=False, rule=waiver["rule"], reason=waiver["reason"],
                     expires=waiver["expires"], expires_day=day(waiver["expires"]))  # fmt: skip
        has_coverage = article in coverage_claims
        self.row(
            "claims", rec, ("id",), type=kind, article=article, review_state=data["review"]["state"],
            rating=data["verdict"]["rating"], evidence_count=len(evidence),
            independent_evidence_count=sum(1 for e in evidence if e["source"] != article),
            has_coverage=has_coverage, in_coverage=rec.id in coverage_claims.get(article, ()),
            _at_verdict=self.where(("verdict",), False),
        )  # fmt: skip

    def _match(self, rec: Record, path: tuple[str | int, ...], what: str, text: str, source: str | None,
               **extra: Any) -> None:  # fmt: skip
        if source is None:
            how, detail = "unknown-source", "no source given"
        else:
            status, archived, info = self.archive(source)
            if archived is None:
                how, detail = status, info
            else:
                if source not in self._normalized:
                    self._normalized[source] = normalize(archived)
                m = find(text, archived, self._normalized[source])
                how, detail = m.how, m.detail
        extra.setdefault("speaker", None)
        extra.setdefault("speaker_kind", None)
        extra.setdefault("date", None)
        excerpt = text if len(text) <= 80 else text[:79] + "…"
        self.row("quotes", rec, path, what=what, source=source, match=how, detail=detail, excerpt=excerpt, **extra)

    def _source(self, rec: Record, coverage_claims: dict[str, set[str]]) -> None:
        self.refs(rec, ("outlet",), "entity", rec.data["outlet"])
        for name in ("published", "retrieved"):
            self.dates(rec, (name,), None, None)
        if "archive" in rec.data:
            status, _, info = self.archive(rec.id or "")
            self.row(
                "archives", rec, ("archive", "sha256"), path=rec.data["archive"]["path"],
                status="sha256-mismatch" if status == "ok" and info != rec.data["archive"]["sha256"] else status,
                expected=rec.data["archive"]["sha256"], actual=info if status in ("ok", "unreadable") else None,
            )  # fmt: skip

    def _entity(self, rec: Record, coverage_claims: dict[str, set[str]]) -> None:
        if "parent" in rec.data:
            self.refs(rec, ("parent",), "entity", rec.data["parent"])
        for i, role in enumerate(rec.data.get("roles", [])):
            if "of" in role:
                self.refs(rec, ("roles", i, "of"), "entity", role["of"])

    def _coverage(self, rec: Record, coverage_claims: dict[str, set[str]]) -> None:
        source = rec.data["source"]
        self.refs(rec, ("source",), "source", source)
        sentences = rec.data["sentences"]
        for i, sentence in enumerate(sentences):
            for j, claim in enumerate(sentence.get("claims", [])):
                self.refs(rec, ("sentences", i, "claims", j), "claim", claim)
        status, text, info = self.archive(source)
        if text is None:
            if status != "unknown-source":  # a dangling source id is the reference rule's finding
                self.row("coverage", rec, ("source",), source=source, complete=False,
                         detail=f"the coverage map cannot be checked: {info}")  # fmt: skip
            return
        rest = _squeeze(text)
        pos = 0
        for i, sentence in enumerate(sentences):
            piece = _squeeze(sentence["text"])
            if not rest.startswith(piece, pos):
                self.row("coverage", rec, ("sentences", i, "text"), source=source, complete=False,
                         detail=f"sentence {i + 1} is not the next text of the article, which goes on "
                                f"'{_from_visible(text, pos)}'")  # fmt: skip
                return
            pos += len(piece)
        if pos < len(rest):
            self.row("coverage", rec, ("sentences",), at_value=False, source=source, complete=False,
                     detail=f"the article goes on after the last sentence: '{_from_visible(text, pos)}'")  # fmt: skip
            return
        self.row("coverage", rec, ("sentences",), at_value=False, source=source, complete=True, detail="complete")

    # -- derived across records ------------------------------------------------------

    def _status_pairs(self) -> None:
        groups: dict[tuple[str, str, str], list[Record]] = defaultdict(list)
        for rec in self.by_kind_claims("status"):
            st = rec.data["status"]
            groups[(st["subject"], st["body"], rec.data["as_of"])].append(rec)
        for (subject, body, as_of), recs in sorted(groups.items()):
            ordered = sorted(recs, key=lambda r: (r.file, r.id or ""))
            for first, second in combinations(ordered, 2):
                v1, v2 = first.data["status"]["value"], second.data["status"]["value"]
                s1, s2 = first.data["sources"][0]["source"], second.data["sources"][0]["source"]
                between = (
                    f"both claims come from the same source, {s1}"
                    if s1 == s2
                    else f"a conflict between two sources, {s2} and {s1}"
                )
                self.row(
                    "status_pairs", second, ("status", "value"), subject=subject, body=body, as_of=as_of,
                    value=v2, other_claim=first.id, other_file=first.file, other_value=v1,
                    _rec_other=first, _at_other=self.where(("status", "value"), True),
                    pair="|".join(sorted((v1, v2))), between=between,
                )  # fmt: skip

    def by_kind_claims(self, kind: str) -> Iterable[Record]:
        return (r for r in self.records if r.kind == "claim" and r.data.get("type") == kind)

    def _overlaps(self) -> None:
        compositions: dict[str, list[Record]] = defaultdict(list)
        for rec in self.by_kind_claims("composition"):
            compositions[rec.data["composition"]["body"]].append(rec)

        def composition_of(body: str, article: str) -> Record | None:
            recs = compositions.get(body, [])
            same = [r for r in recs if r.data["article"] == article]
            pool = same or recs
            return max(pool, key=lambda r: (r.data["as_of"], r.file)) if pool else None

        for rec in self.by_kind_claims("overlap"):
            ov = rec.data["overlap"]
            body_a, body_b = ov["bodies"]
            comp_a = composition_of(body_a, rec.data["article"])
            comp_b = composition_of(body_b, rec.data["article"])
            seats_a = comp_a.data["composition"]["seats"] if comp_a else None
            seats_b = comp_b.data["composition"]["seats"] if comp_b else None
            known = [(s, b) for s, b in ((seats_a, body_a), (seats_b, body_b)) if s is not None]
            min_seats, smaller = min(known) if known else (None, None)
            computed = None
            if comp_a and comp_b:
                ca, cb = comp_a.data["composition"], comp_b.data["composition"]
                if ca.get("members_complete") and cb.get("members_complete"):
                    computed = len(set(ca.get("members", [])) & set(cb.get("members", [])))
            self.row(
                "overlaps", rec, ("overlap", "count"), body_a=body_a, body_b=body_b, count=ov["count"],
                listed_shared=len(ov.get("members", [])), seats_a=seats_a, seats_b=seats_b,
                min_seats=min_seats, smaller_body=smaller, computed_overlap=computed,
                _at_members=self.where(("overlap", "members"), False),
            )  # fmt: skip


_WS = re.compile(r"\s+")


def _squeeze(text: str) -> str:
    return _WS.sub("", text)


def _from_visible(text: str, count: int, width: int = 60) -> str:
    """The original text (white space kept) from its ``count``-th non-space character on."""
    seen = 0
    for i, ch in enumerate(text):
        if not ch.isspace():
            if seen == count:
                snippet = " ".join(text[i : i + width].split())
                return snippet + ("…" if len(text) > i + width else "")
            seen += 1
    return ""


def frame_columns(table: str) -> list[str]:
    """The columns of a table's DataFrame: every documented column but the positions."""
    return [c for c in TABLES[table] if c not in POSITIONS]


def locate(row: dict[str, Any]) -> dict[str, Any]:
    """The row with its position columns filled in (line and column of the field it is about)."""
    out = dict(row)
    for column, name in POSITIONS.items():
        where = row.get(f"_at_{name}" if name else "_at")
        if where is not None:
            rec = row["_rec_other"] if name == "other" else row["_rec"]
            path, at_value = where
            line, col = rec.line_of(*path, prefer_value=at_value)
            out[column] = line if column.endswith("line") else col
    return out


def build(records: list[Record]) -> dict[str, Table]:
    """Every table, its rows in a stable order (``row_id`` is the index), from the records."""
    builder = _Builder(records)
    builder.build()
    return builder.tables
