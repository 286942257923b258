"""The claim cards of the editor's view: each claim with its statement, verdict, explanation, evidence,
sources, review state, waivers and findings. Up to :data:`CARD_LIMIT` claims every claim gets a card;
above it only the claims that need an editor (:func:`needs_editor`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from factlint.record import Record
from factlint.reporters.factcheck.view import RATING_SYMBOL, Lookup, finding_ref, http_url, nested, rating_key, text
from factlint.reporters.overview import REVIEW_STATES

CARD_LIMIT = 2000
"""Up to this many claims, every claim gets a card; above it, only claims with findings, waived
findings or a review state other than published do (the counts still cover every claim)."""

RELATION_SYMBOL = {"supports": "✓", "contradicts": "✗", "context": "○"}


def all_cards(recs: list[Record]) -> bool:
    """Whether every one of the claims ``recs`` gets a card (at most :data:`CARD_LIMIT` of them)."""
    return len(recs) <= CARD_LIMIT


def needs_editor(rec: Record, look: Lookup) -> bool:
    f = rec.file
    return f in look.findings_by_file or f in look.waived_by_file or look.of(rec).state != "published"


def anchors(recs: list[Record], look: Lookup) -> dict[str, str]:
    """The anchor of each card after the first of its claim id, by file: a duplicated id (FC301) gets claim-<id>-2,
    claim-<id>-3, ... in the order the cards are shown, so anchors stay unique; every other card is claim-<id>
    (:func:`anchor`). Findings link to the card of their own file with it."""
    everything = all_cards(recs)
    seen: Counter[str] = Counter()
    out: dict[str, str] = {}
    for rec in recs:
        if not everything and not needs_editor(rec, look):
            continue
        rid = text(rec.id)
        seen[rid] += 1
        if seen[rid] > 1:
            out[rec.file] = f"claim-{rid}-{seen[rid]}"
    return out


def anchor(rec: Record, later: dict[str, str]) -> str:
    """The anchor of the card of ``rec`` (``later``: :func:`anchors`)."""
    return later.get(rec.file) or f"claim-{text(rec.id)}"


def cards(recs: list[Record], look: Lookup, later: dict[str, str] | None = None) -> Iterator[dict[str, Any]]:
    """Each claim as a card, one at a time (the page is streamed); above CARD_LIMIT only those needing an editor."""
    everything = all_cards(recs)
    if later is None:
        later = anchors(recs, look)
    for rec in recs:
        if not everything and not needs_editor(rec, look):
            continue
        yield card(rec, look, anchor(rec, later))


def card(rec: Record, look: Lookup, anchor: str) -> dict[str, Any]:
    data = rec.data
    rid = text(rec.id)
    verdict, review, attribution = (_dict(data.get(k)) for k in ("verdict", "review", "attribution"))
    article = data.get("article")
    rating = text(verdict.get("rating"))
    state = text(review.get("state"))
    findings = look.findings_by_file.get(rec.file, [])
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
        "quote": text(nested(data, "quote", "text")),
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
            {"rule": text(w.waiver.rule), "in_effect": w.in_effect, "text": text(w.describe())}
            for w in look.waivers_by_file.get(rec.file, [])
        ],
        "findings": [finding_ref(f) for f in findings],
        "waived": [finding_ref(f) for f in look.waived_by_file.get(rec.file, [])],
        "rules": " ".join(sorted({text(f.rule) for f in findings})),
        "severities": " ".join(sorted({f.severity.value for f in findings})),
        "notes": text(data.get("notes")),
    }


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _source_view(sid: Any, look: Lookup) -> dict[str, str]:
    """What a card shows of the source ``sid`` (worked out once per source and page: the callers copy it)."""
    if isinstance(sid, str):
        found = look.source_views.get(sid)
        if found is None:
            found = look.source_views[sid] = _source_of(sid, look.sources.get(sid, {}), look)
        return found
    return _source_of(sid, {}, look)


def _source_of(sid: Any, src: dict[str, Any], look: Lookup) -> dict[str, str]:
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
