"""The fact-check as an editor reads it: the view model of the HTML report, from the Result only.

Articles with their verdict overview, one card per claim (statement, verdict,
explanation, evidence, review state, waivers, findings), the status timeline
per body and the board compositions with their shared members. Every text is
passed through :func:`text` (control and bidi-override characters shown as
``\\uXXXX``); Jinja2 escapes it when the template renders. A URL is kept only
when it is http(s): a ``javascript:`` URL is shown as text, never linked.

Size bounds (a 100k-claim corpus must still open; see docs/reports.md): above
:data:`CARD_LIMIT` claims only the claims that need an editor (with findings,
waived findings, or not yet published) get a card; at most
:data:`ARTICLE_LIMIT` article sections, :data:`TIMELINE_SUBJECTS` subjects and
:data:`TIMELINE_DATES` dates per body, and :data:`BOARD_LIMIT` board overlaps
are drawn; every count still covers the whole corpus.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from factlint.model import Finding, Record, Result
from factlint.reporters.common import defuse_commands, visible
from factlint.reporters.overview import RATINGS, REVIEW_STATES

CARD_LIMIT = 2000
"""Up to this many claims, every claim gets a card; above it, only claims with findings, waived
findings or a review state other than published do (the counts still cover every claim)."""

ARTICLE_FULL = 5
"""Up to this many articles, each gets a full section; above it, one table row each (bar and counts)."""

ARTICLE_LIMIT = 100
"""Most article sections drawn (articles with findings first); the rest are counted."""

TIMELINE_SUBJECTS = 60
"""Most subjects (rows) of one body's status timeline; the rest are counted."""

TIMELINE_DATES = 24
"""Most dates (columns) of one body's status timeline (the earliest); the rest are counted."""

TIMELINE_BODIES = 20
"""Most bodies with a status timeline; the rest are counted."""

BOARD_LIMIT = 20
"""Most board overlaps drawn as two member lists."""

RATING_SYMBOL = {
    "verified": "✓",
    "partly-verified": "◐",
    "attributed": "❝",
    "unverified": "?",
    "disputed": "!",
    "false": "✗",
    "not-checkable": "–",
}
"""A symbol per rating, shown with its name: the verdict never depends on colour alone."""

RELATION_SYMBOL = {"supports": "✓", "contradicts": "✗", "context": "○"}


def text(value: Any) -> str:
    """Any record value as display text (None is empty); control/bidi characters made visible, and no
    line that a CI log would read as a workflow command (``::``, ``##[``)."""
    return defuse_commands(visible(value if isinstance(value, str) else "" if value is None else str(value)))


def http_url(value: Any) -> str:
    """``value`` if it is an http(s) URL without control characters, else '' (never a javascript: link)."""
    if not isinstance(value, str) or not value.lower().startswith(("https://", "http://")):
        return ""
    return "" if any(ord(c) < 0x20 or c == "\x7f" for c in value) or value != visible(value) else value


def rating_key(rating: str) -> str:
    """The CSS class / filter value of a rating; a rating off the scale is 'other'."""
    return rating if rating in RATING_SYMBOL else "other"


@dataclass
class Lookup:
    """Names and documents the views need, by id."""

    names: dict[str, str] = field(default_factory=dict)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    source_files: dict[str, str] = field(default_factory=dict)
    findings_by_claim: dict[str, list[Finding]] = field(default_factory=dict)
    waived_by_claim: dict[str, list[Finding]] = field(default_factory=dict)
    findings_by_file: dict[str, list[Finding]] = field(default_factory=dict)

    def name(self, entity_id: Any) -> str:
        return text(self.names.get(entity_id, entity_id) if isinstance(entity_id, str) else entity_id)


def lookup(result: Result) -> Lookup:
    look = Lookup()
    claim_of_file: dict[str, str] = {}
    for rec in result.records:
        rid = rec.id
        if rid is None:
            continue
        if rec.kind == "entity" and isinstance(rec.data.get("name"), str):
            look.names[rid] = rec.data["name"]
        elif rec.kind == "source":
            look.sources[rid] = rec.data
            look.source_files[rid] = rec.file
        elif rec.kind == "claim":
            claim_of_file[rec.file] = rid
    for f in result.sorted_findings():
        look.findings_by_file.setdefault(f.file, []).append(f)
        cid = f.claim_id or claim_of_file.get(f.file)
        if cid:
            look.findings_by_claim.setdefault(cid, []).append(f)
    for f in sorted(set(result.waived)):
        cid = f.claim_id or claim_of_file.get(f.file)
        if cid:
            look.waived_by_claim.setdefault(cid, []).append(f)
    return look


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _get(data: dict[str, Any], key: str, sub: str) -> Any:
    value = data.get(key)
    return value.get(sub) if isinstance(value, dict) else None


def claims(result: Result) -> list[Record]:
    return sorted((r for r in result.records if r.kind == "claim"), key=lambda r: (r.file, r.id or ""))


# --- articles ---------------------------------------------------------------------------


def bar(ratings: Counter[str]) -> list[dict[str, Any]]:
    """The verdict overview as segments of a 1000-unit bar: rating, count, x, width (deterministic)."""
    total = sum(ratings.values())
    order = [r for r in RATINGS if ratings.get(r)] + sorted(r for r in ratings if r not in RATINGS)
    segments, x, seen = [], 0, 0
    for rating in order:
        seen += ratings[rating]
        end = round(1000 * seen / total) if total else 0
        segments.append(
            {"rating": text(rating), "key": rating_key(rating), "symbol": RATING_SYMBOL.get(rating, "·"),
             "count": ratings[rating], "x": x, "width": end - x}
        )  # fmt: skip
        x = end
    return segments


def articles(result: Result, look: Lookup, recs: list[Record]) -> tuple[list[dict[str, Any]], int]:
    """One overview per article (at most ARTICLE_LIMIT, articles with findings first), and how many were left out."""
    by_article: dict[str, list[Record]] = defaultdict(list)
    for rec in recs:
        aid = rec.data.get("article")
        by_article[aid if isinstance(aid, str) else "?"].append(rec)
    with_findings = {aid for aid, rs in by_article.items() if any(r.id in look.findings_by_claim for r in rs if r.id)}
    order = sorted(by_article, key=lambda a: (a not in with_findings, a))
    out = []
    for aid in sorted(order[:ARTICLE_LIMIT]):  # chosen with findings first, shown in id order
        rs = by_article[aid]
        src = look.sources.get(aid, {})
        archive = src.get("archive") if isinstance(src.get("archive"), dict) else None
        src_findings = look.findings_by_file.get(look.source_files.get(aid, ""), [])
        ratings = Counter(text(_get(r.data, "verdict", "rating")) for r in rs)
        states = Counter(text(_get(r.data, "review", "state")) for r in rs)
        out.append(
            {
                "id": text(aid),
                "known": bool(src),
                "title": text(src.get("title")) or text(aid),
                "title_supplied": src.get("title_supplied") is True,
                "outlet": look.name(src.get("outlet")),
                "published": text(src.get("published")),
                "url": http_url(src.get("url")),
                "url_text": text(src.get("url")),
                "language": text(src.get("language")),
                "archive": text(archive.get("path")) if archive else "",
                "sha": text(archive.get("sha256"))[:12] if archive else "",
                "archive_findings": [text(f"{f.rule} {f.message}") for f in src_findings],
                "claims": len(rs),
                "bar": bar(ratings),
                "states": [(text(s), n) for s, n in sorted(states.items(), key=lambda kv: _state_rank(kv[0]))],
                "findings": sum(len(look.findings_by_claim.get(r.id or "", [])) for r in rs),
                "has_cards": len(recs) <= CARD_LIMIT or any(needs_editor(r, look) for r in rs),
            }
        )
    return out, max(0, len(order) - ARTICLE_LIMIT)


def _state_rank(state: str) -> tuple[int, str]:
    return (REVIEW_STATES.index(state) if state in REVIEW_STATES else len(REVIEW_STATES), state)


# --- claim cards --------------------------------------------------------------------------


def needs_editor(rec: Record, look: Lookup) -> bool:
    rid = rec.id or ""
    return (
        rid in look.findings_by_claim or rid in look.waived_by_claim or _get(rec.data, "review", "state") != "published"
    )


def cards(recs: list[Record], look: Lookup) -> Iterator[dict[str, Any]]:
    """Each claim as a card, one at a time (the page is streamed); above CARD_LIMIT only those needing an editor."""
    everything = len(recs) <= CARD_LIMIT
    anchors: Counter[str] = Counter()
    for rec in recs:
        if not everything and not needs_editor(rec, look):
            continue
        yield card(rec, look, anchors)


def card(rec: Record, look: Lookup, anchors: Counter[str]) -> dict[str, Any]:
    data = rec.data
    rid = text(rec.id)
    anchors[rid] += 1  # a duplicated id (FC301) gets claim-<id>-2: anchors stay unique
    anchor = f"claim-{rid}" if anchors[rid] == 1 else f"claim-{rid}-{anchors[rid]}"
    verdict, review, attribution = (_dict(data.get(k)) for k in ("verdict", "review", "attribution"))
    article = data.get("article")
    rating = text(verdict.get("rating"))
    state = text(review.get("state"))
    findings = look.findings_by_claim.get(rec.id or "", [])
    return {
        "anchor": anchor,
        "id": rid,
        "file": text(rec.file),
        "article": text(article),
        "article_title": text(look.sources.get(article, {}).get("title") or article)
        if isinstance(article, str)
        else text(article),
        "type": text(data.get("type")),
        "statement": text(data.get("statement")),
        "quote": text(_get(data, "quote", "text")),
        "as_of": text(data.get("as_of")),
        "speaker": look.name(attribution.get("speaker")),
        "role": text(attribution.get("role")),
        "via": look.name(attribution.get("via")) if attribution.get("via") else "",
        "said": text(attribution.get("date")),
        "rating": rating,
        "rating_key": rating_key(rating),
        "symbol": RATING_SYMBOL.get(rating, "·"),
        "explanation": text(verdict.get("explanation")),
        "evidence": [_evidence(e, look) for e in verdict.get("evidence") or [] if isinstance(e, dict)],
        "sources": [_span(s, look) for s in data.get("sources") or [] if isinstance(s, dict)],
        "state": state,
        "state_key": state if state in REVIEW_STATES else "other",
        "reviewer": text(review.get("reviewer")),
        "reviewed": text(review.get("date")),
        "waivers": [
            {key: text(w.get(key)) for key in ("rule", "reason", "granted", "expires")}
            for w in data.get("waivers") or []
            if isinstance(w, dict)
        ],
        "findings": [finding_ref(f) for f in findings],
        "waived": [finding_ref(f) for f in look.waived_by_claim.get(rec.id or "", [])],
        "rules": " ".join(sorted({text(f.rule) for f in findings})),
        "severities": " ".join(sorted({f.severity.value for f in findings})),
        "notes": text(data.get("notes")),
    }


def finding_anchor(f: Finding) -> str:
    import hashlib

    key = f"{f.file}\0{f.line}\0{f.column}\0{f.rule}\0{f.message}".encode("utf-8", "surrogatepass")
    return "finding-" + hashlib.sha256(key).hexdigest()[:12]


def finding_ref(f: Finding) -> dict[str, str]:
    return {
        "anchor": finding_anchor(f),
        "rule": text(f.rule),
        "severity": f.severity.value,
        "message": text(f.message),
        "location": text(f.location),
    }


def _source_view(sid: Any, look: Lookup) -> dict[str, str]:
    src = look.sources.get(sid, {}) if isinstance(sid, str) else {}
    return {
        "id": text(sid),
        "title": text(src.get("title")),
        "url": http_url(src.get("url")),
        "url_text": text(src.get("url")),
        "outlet": look.name(src.get("outlet")) if src.get("outlet") else "",
        "published": text(src.get("published")),
    }


def _evidence(item: dict[str, Any], look: Lookup) -> dict[str, str]:
    relation = text(item.get("relation"))
    return {
        **_source_view(item.get("source"), look),
        "excerpt": text(item.get("excerpt")),
        "relation": relation,
        "relation_key": relation if relation in RELATION_SYMBOL else "other",
        "relation_symbol": RELATION_SYMBOL.get(relation, "·"),
        "note": text(item.get("note")),
    }


def _span(item: dict[str, Any], look: Lookup) -> dict[str, str]:
    return {**_source_view(item.get("source"), look), "span": text(item.get("span"))}
