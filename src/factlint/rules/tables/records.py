"""The rows each record kind gives, one builder function per kind, dispatched by :data:`BUILDERS`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath

from factlint.messages import cut
from factlint.record import Record
from factlint.rules.tables.archives import fix as archive_fix
from factlint.rules.tables.builder import Builder, day
from factlint.rules.tables.coverage import coverage
from factlint.rules.textmatch import appears_in, marks_of, quoted_phrases


def claim(b: Builder, rec: Record) -> None:
    data = rec.data
    article = data["article"]
    b.ref(rec, ("article",), "source", article)
    b.ref(rec, ("attribution", "speaker"), "entity", data["attribution"]["speaker"])
    if "via" in data["attribution"]:
        b.ref(rec, ("attribution", "via"), "entity", data["attribution"]["via"])
    speaker = data["attribution"]["speaker"]
    found = b.by_kind["entity"].get(speaker)
    said = {"speaker": speaker, "speaker_kind": found.data.get("kind") if found else None,
            "date": data["attribution"]["date"]}  # fmt: skip
    for i, src in enumerate(data["sources"]):
        b.ref(rec, ("sources", i, "source"), "source", src["source"])
        b.match(rec, ("sources", i, "span"), "span", src["span"], src["source"], **said)
    evidence = data["verdict"]["evidence"]
    for i, item in enumerate(evidence):
        b.ref(rec, ("verdict", "evidence", i, "source"), "source", item["source"])
        how, detail = b.found(item["excerpt"], item["source"])  # FC226, FC227: the quote rules' match tiers
        b.row("excerpts", rec, ("verdict", "evidence", i, "excerpt"), source=item["source"], match=how,
              detail=detail, excerpt=cut(item["excerpt"], 80), _involves=b.source(item["source"]))  # fmt: skip
    kind = data["type"]
    if kind == "quote":
        b.match(rec, ("quote", "text"), "quote", data["quote"]["text"], data["sources"][0]["source"], **said)
    elif kind == "status":
        b.ref(rec, ("status", "subject"), "entity", data["status"]["subject"])
        b.ref(rec, ("status", "body"), "entity", data["status"]["body"])
    elif kind == "composition":
        comp = data["composition"]
        b.ref(rec, ("composition", "body"), "entity", comp["body"])
        b.ref_list(rec, "composition", "members", "entity")
        b.row("compositions", rec, ("composition", "seats"), body=comp["body"], seats=comp["seats"],
              listed_members=len(comp.get("members", [])))  # fmt: skip
    elif kind == "overlap":
        b.ref_list(rec, "overlap", "bodies", "entity")
        b.ref_list(rec, "overlap", "members", "entity")
    elif kind == "event":
        b.ref_list(rec, "event", "actors", "entity")
        b.ref_list(rec, "event", "counterparts", "entity")
    src_rec = b.by_kind["source"].get(article)
    published = src_rec.data.get("published") if src_rec is not None else None
    for path in (("as_of",), ("attribution", "date"), ("event", "date"), ("review", "date")):
        b.date(rec, path, published, article)
    for i, waiver in enumerate(data.get("waivers", [])):
        granted, expires = day(waiver["granted"]), day(waiver["expires"])
        b.row("waivers", rec, ("waivers", i), at_value=False, rule=waiver["rule"], reason=waiver["reason"],
              granted=waiver["granted"], granted_day=granted, expires=waiver["expires"], expires_day=expires,
              term_days=None if granted is None or expires is None else expires - granted)  # fmt: skip
    marks = b.parameters.get("quotation_marks")  # FC225's rule file: which marks quote a phrase
    quoted = quoted_phrases(data["verdict"]["explanation"], marks_of(marks)) if marks is not None else []
    if quoted:
        texts = [e["excerpt"] for e in evidence] + [s["span"] for s in data["sources"]]
        for phrase in quoted:
            b.row("phrases", rec, ("verdict", "explanation"), claim_type=kind, phrase=phrase,
                  found=appears_in(phrase, texts))  # fmt: skip
    independent = sum(1 for e in evidence if e["source"] != article)
    folder = b.one(PurePosixPath(rec.file).parent.name)  # FC309: articles/<article>/<id>.yaml
    b.row(
        "claims", rec, ("id",), type=kind, article=article, review_state=data["review"]["state"],
        rating=data["verdict"]["rating"], evidence_count=len(evidence),
        contradicting_evidence_count=sum(1 for e in evidence if e.get("relation") == "contradicts"),
        independent_evidence_count=independent,
        evidence_words=b.one(
            "it cites no evidence at all" if not evidence
            else f"all its evidence comes from its own article {article}" if not independent
            else f"{independent} of its {len(evidence)} evidence items come from other sources"
        ),
        has_coverage=article in b.coverage_claims, in_coverage=rec.id in b.coverage_claims.get(article, ()),
        folder=folder, in_article_folder=folder == article,
        _at_verdict=b.where(("verdict",), False), _involves=b.coverage_maps.get(article),
    )  # fmt: skip


def source(b: Builder, rec: Record) -> None:
    b.ref(rec, ("outlet",), "entity", rec.data["outlet"])
    for name in ("published", "retrieved"):
        b.date(rec, (name,), None, None)
    if "archive" in rec.data:
        status, _, info = b.archives.get(rec.id or "")
        status = "sha256-mismatch" if status == "ok" and info != rec.data["archive"]["sha256"] else status
        b.row(
            "archives", rec, ("archive", "sha256"), path=rec.data["archive"]["path"], status=status,
            expected=rec.data["archive"]["sha256"],
            actual=info if status in ("ok", "sha256-mismatch", "unreadable") else None, fix=archive_fix(status, rec),
            has_claims=rec.id in b.articles, has_coverage=rec.id in b.coverage_claims,
        )  # fmt: skip


def entity(b: Builder, rec: Record) -> None:
    if "parent" in rec.data:
        b.ref(rec, ("parent",), "entity", rec.data["parent"])
    for i, role in enumerate(rec.data.get("roles", [])):
        if "of" in role:
            b.ref(rec, ("roles", i, "of"), "entity", role["of"])


BUILDERS: dict[str, Callable[[Builder, Record], None]] = {
    "claim": claim,
    "source": source,
    "entity": entity,
    "coverage": coverage,
}
"""The builder of each record kind; a kind without one is an error (KeyError), never skipped."""
