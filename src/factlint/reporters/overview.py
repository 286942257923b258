"""What a run checked, read from the Result only: articles, claims by verdict, the rules that ran.

Shared by the text (``--verbose``), Markdown, JSON and HTML reporters so they
all say the same thing. Nothing here imports the rule catalogue: the rules that
ran and their numbers come from ``Result.rule_runs``.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from factlint.model import Result, RuleRun

RATINGS = ("verified", "attributed", "partly-verified", "unverified", "disputed", "false", "not-checkable")
"""The rating scale in its documented order (docs/ratings.md); unknown ratings sort after it."""

REVIEW_STATES = ("published", "in-review", "draft")


def _order(values: Counter[str], known: tuple[str, ...]) -> list[tuple[str, int]]:
    rank = {v: i for i, v in enumerate(known)}
    return sorted(values.items(), key=lambda kv: (rank.get(kv[0], len(known)), kv[0]))


@dataclass(frozen=True)
class Overview:
    """The corpus in numbers: claims per article, per rating and per review state."""

    articles: list[tuple[str, int]]
    ratings: list[tuple[str, int]]
    review_states: list[tuple[str, int]]
    claims: int


def _field(data: dict[str, Any], key: str, sub: str) -> str:
    value = data.get(key)
    inner = value.get(sub) if isinstance(value, dict) else None
    return inner if isinstance(inner, str) else "?"


def overview(result: Result) -> Overview:
    articles: Counter[str] = Counter()
    ratings: Counter[str] = Counter()
    states: Counter[str] = Counter()
    claims = 0
    for rec in result.records:
        if rec.kind != "claim":
            continue
        claims += 1
        article = rec.data.get("article")
        articles[article if isinstance(article, str) else "?"] += 1
        ratings[_field(rec.data, "verdict", "rating")] += 1
        states[_field(rec.data, "review", "state")] += 1
    return Overview(
        articles=sorted(articles.items()),
        ratings=_order(ratings, RATINGS),
        review_states=_order(states, REVIEW_STATES),
        claims=claims,
    )


def counts(pairs: list[tuple[str, int]]) -> str:
    """``[("verified", 3), ("false", 1)]`` as ``3 verified, 1 false``."""
    return ", ".join(f"{n} {name}" for name, n in pairs) or "none"


def per_article(pairs: list[tuple[str, int]]) -> str:
    """``[("a", 3)]`` as ``a (3 claims)``."""
    return ", ".join(f"{name} ({n} claim{'' if n == 1 else 's'})" for name, n in pairs) or "none"


def arguments(run: RuleRun) -> str:
    """The expectation's arguments as compact, sorted JSON (deterministic)."""
    return json.dumps(run.kwargs, ensure_ascii=False, sort_keys=True, separators=(", ", ": "), default=str)


def checks_line(result: Result) -> str:
    """``24 rules ran (23 passed, 1 failed) on 1,234 rows`` - or that no rule ran."""
    runs = result.rule_runs
    if not runs:
        return "no consistency rule ran (schema stage only)" if "rules" not in result.stages else "no rule ran"
    failed = sum(1 for r in runs if not r.passed)
    rows = sum(r.rows_evaluated for r in runs)
    return f"{len(runs)} rules ran ({len(runs) - failed} passed, {failed} failed); {rows:,} rows evaluated in all"
