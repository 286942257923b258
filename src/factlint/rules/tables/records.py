"""The rows each record kind gives, one builder function per kind, dispatched by :data:`BUILDERS`.

Each gets the record and its data (read once per build); the rows of the big tables are added as tuples
in their layout (:func:`.store.layout`), the others through :meth:`.Builder.row`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath
from sys import intern
from typing import Any

from factlint.messages import cut
from factlint.record import Record
from factlint.rules.tables.archives import fix as archive_fix
from factlint.rules.tables.builder import Builder, dated, day
from factlint.rules.tables.coverage import coverage
from factlint.rules.tables.store import layout
from factlint.rules.textmatch import appears_in, quoted_phrases

CLAIMS = layout("claims", "claim_id", "file", "type", "article", "review_state", "rating", "evidence_count",
                "independent_evidence_count", "contradicting_evidence_count", "evidence_words", "has_coverage",
                "folder", "in_article_folder", "in_coverage", "coverage_file", "_rec", "_involves", "_at",
                "_at_verdict")  # fmt: skip
EXCERPTS = layout("excerpts", "claim_id", "file", "source", "match", "detail", "excerpt", "_rec", "_involves", "_at")
CLAIM_DATES = dated(("as_of",), ("attribution", "date"), ("event", "date"), ("review", "date"))
SOURCE_DATES = dated(("published",), ("retrieved",))


def folder_of(file: str) -> str:
    """The name of the folder holding ``file`` (``PurePosixPath(file).parent.name``, without a path object
    per claim for a plain name: no ``.`` part, no ``//``)."""
    if "//" in file or "/." in file or file.startswith("."):
        return PurePosixPath(file).parent.name
    return file.rpartition("/")[0].rpartition("/")[2]


def claim(b: Builder, rec: Record, data: dict[str, Any]) -> None:
    rid, file = rec.id, rec.file
    article = intern(data["article"])  # (strings rows keep are interned: see Builder)
    b.articles.add(article)
    attribution = data["attribution"]
    speaker = intern(attribution["speaker"])
    b.ref(rec, ("article",), "source", article)
    b.ref(rec, ("attribution", "speaker"), "entity", speaker)
    if "via" in attribution:
        b.ref(rec, ("attribution", "via"), "entity", attribution["via"])
    said = (speaker, b.entity_kinds.get(speaker), intern(attribution["date"]))  # speaker, speaker_kind, date
    for i, src in enumerate(data["sources"]):
        b.ref(rec, ("sources", i, "source"), "source", src["source"])
        b.match(rec, ("sources", i, "span"), "span", src["span"], intern(src["source"]), said)
    evidence = data["verdict"]["evidence"]
    add_excerpt = b.add["excerpts"]
    for i, item in enumerate(evidence):
        source = intern(item["source"])
        b.ref(rec, ("verdict", "evidence", i, "source"), "source", source)
        how, detail = b.found(item["excerpt"], source)  # FC226, FC227: the quote rules' match tiers
        add_excerpt((rid, file, source, how, detail, cut(item["excerpt"], 80), rec, b.source(source),
                     b.where(("verdict", "evidence", i, "excerpt"), True)))  # fmt: skip
    kind = intern(data["type"])
    if kind == "quote":
        b.match(rec, ("quote", "text"), "quote", data["quote"]["text"], intern(data["sources"][0]["source"]), said)
    elif kind == "status":
        b.ref(rec, ("status", "subject"), "entity", data["status"]["subject"])
        b.ref(rec, ("status", "body"), "entity", data["status"]["body"])
        b.statuses.append((rec, data["status"], data["as_of"], data["sources"][0]["source"]))
    elif kind == "composition":
        comp = data["composition"]
        b.ref(rec, ("composition", "body"), "entity", comp["body"])
        b.ref_list(rec, data, "composition", "members", "entity")
        b.row("compositions", rec, ("composition", "seats"), body=intern(comp["body"]), seats=comp["seats"],
              listed_members=len(comp.get("members", [])))  # fmt: skip
        b.compositions.append((rec, comp, article, data["as_of"]))
    elif kind == "overlap":
        b.ref_list(rec, data, "overlap", "bodies", "entity")
        b.ref_list(rec, data, "overlap", "members", "entity")
        b.overlaps.append((rec, data["overlap"], article))
    elif kind == "event":
        b.ref_list(rec, data, "event", "actors", "entity")
        b.ref_list(rec, data, "event", "counterparts", "entity")
    b.dates(rec, data, CLAIM_DATES, b.published.get(article), article)
    for i, waiver in enumerate(data.get("waivers", [])):
        granted, expires = day(waiver["granted"]), day(waiver["expires"])
        b.row("waivers", rec, ("waivers", i), at_value=False, rule=intern(waiver["rule"]), reason=waiver["reason"],
              granted=intern(waiver["granted"]), granted_day=granted, expires=intern(waiver["expires"]),
              expires_day=expires,
              term_days=None if granted is None or expires is None else expires - granted)  # fmt: skip
    quoted = quoted_phrases(data["verdict"]["explanation"], b.marks) if b.marks is not None else []
    if quoted:
        texts = [e["excerpt"] for e in evidence] + [s["span"] for s in data["sources"]]
        for phrase in quoted:
            b.row("phrases", rec, ("verdict", "explanation"), claim_type=kind, phrase=phrase,
                  found=appears_in(phrase, texts))  # fmt: skip
    independent = sum(1 for e in evidence if e["source"] != article)
    folder = b.one(folder_of(file))  # FC309: articles/<article>/<id>.yaml
    maps = b.coverage_maps.get(article)
    b.add["claims"]((
        rid, file, kind, article, intern(data["review"]["state"]), intern(data["verdict"]["rating"]), len(evidence),
        independent,
        sum(1 for e in evidence if e.get("relation") == "contradicts"),
        b.one(
            "it cites no evidence at all" if not evidence
            else f"all its evidence comes from its own article {article}" if not independent
            else f"{independent} of its {len(evidence)} evidence items come from other sources"
        ),
        article in b.coverage_claims, folder, folder == article, rid in b.coverage_claims.get(article, ()),
        b.one(", ".join(m.file for m in maps)) if maps else None,  # FC262: the map's file, named as reports do
        rec, maps, b.where(("id",), True), b.where(("verdict",), False),
    ))  # fmt: skip


def source(b: Builder, rec: Record, data: dict[str, Any]) -> None:
    b.ref(rec, ("outlet",), "entity", data["outlet"])
    b.dates(rec, data, SOURCE_DATES, None, None)
    if "archive" in data:
        status, _, info = b.archives.get(rec.id or "")
        status = "sha256-mismatch" if status == "ok" and info != data["archive"]["sha256"] else status
        b.row(
            "archives", rec, ("archive", "sha256"), path=data["archive"]["path"], status=status,
            expected=data["archive"]["sha256"],
            actual=info if status in ("ok", "sha256-mismatch", "unreadable") else None,
            fix=archive_fix(status, rec, data),
            has_coverage=rec.id in b.coverage_claims,
        )  # fmt: skip  # has_claims: once every claim is read (derived.has_claims)


def entity(b: Builder, rec: Record, data: dict[str, Any]) -> None:
    if "parent" in data:
        b.ref(rec, ("parent",), "entity", data["parent"])
    for i, role in enumerate(data.get("roles", [])):
        if "of" in role:
            b.ref(rec, ("roles", i, "of"), "entity", role["of"])


BUILDERS: dict[str, Callable[[Builder, Record, dict[str, Any]], None]] = {
    "claim": claim,
    "source": source,
    "entity": entity,
    "coverage": coverage,
}
"""The builder of each record kind (given the record and its data); a kind without one is an error
(KeyError), never skipped."""
