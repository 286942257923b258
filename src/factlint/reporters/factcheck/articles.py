"""The article sections of the editor's view: for each article its source (title, outlet, link, archived
text), the verdict overview as a bar of ratings, the review states and the count of findings; at most
:data:`ARTICLE_LIMIT` sections (articles with findings first), each a full section up to
:data:`ARTICLE_FULL` articles and a table row above.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from factlint.model import Result
from factlint.record import Record
from factlint.reporters.factcheck.cards import all_cards, needs_editor
from factlint.reporters.factcheck.view import RATING_SYMBOL, Lookup, http_url, rating_key, text
from factlint.reporters.overview import RATINGS, REVIEW_STATES

ARTICLE_FULL = 5
"""Up to this many articles, each gets a full section; above it, one table row each (bar and counts)."""

ARTICLE_LIMIT = 100
"""Most article sections drawn (articles with findings first); the rest are counted."""


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


def sections(result: Result, look: Lookup, recs: list[Record]) -> tuple[list[dict[str, Any]], int]:
    """One overview per article (at most ARTICLE_LIMIT, articles with findings first), and how many were left out."""
    by_article: dict[str, list[Record]] = defaultdict(list)
    for rec in recs:
        aid = look.of(rec).article
        by_article[aid if isinstance(aid, str) else "?"].append(rec)
    with_findings = {aid for aid, rs in by_article.items() if any(r.file in look.findings_by_file for r in rs)}
    order = sorted(by_article, key=lambda a: (a not in with_findings, a))
    out = []
    for aid in sorted(order[:ARTICLE_LIMIT]):  # chosen with findings first, shown in id order
        rs = by_article[aid]
        src = look.sources.get(aid, {})
        archive = src.get("archive") if isinstance(src.get("archive"), dict) else None
        src_findings = look.findings_by_file.get(look.source_files.get(aid, ""), [])
        ratings = Counter(text(look.of(r).rating) for r in rs)
        states = Counter(text(look.of(r).state) for r in rs)
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
                "findings": sum(len(look.findings_by_file.get(r.file, [])) for r in rs),
                "has_cards": all_cards(recs) or any(needs_editor(r, look) for r in rs),
            }
        )
    return out, max(0, len(order) - ARTICLE_LIMIT)


def _state_rank(state: str) -> tuple[int, str]:
    return (REVIEW_STATES.index(state) if state in REVIEW_STATES else len(REVIEW_STATES), state)
