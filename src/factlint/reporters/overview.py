"""What a run checked, read from the Result only: articles, claims by verdict, the rules that ran.

Shared by the text (``--verbose``), Markdown, JSON and HTML reporters so they
all say the same thing. Nothing here imports the rule catalogue: the rules that
ran and their numbers come from ``Result.rule_runs``.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass
from typing import Any, NamedTuple

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


class ClaimFacts(NamedTuple):
    """What the reports ask of every claim, read from its data once (see :func:`claim_facts`); values as in the
    data (any type: a report says how it shows one that is not a string)."""

    type: Any
    article: Any
    rating: Any
    """``verdict.rating`` (None where ``verdict`` is not a mapping)."""
    state: Any
    """``review.state`` (None where ``review`` is not a mapping)."""
    status: bool
    """The claim has a ``status`` mapping (the status timelines read those claims)."""
    board: bool
    """The claim has a ``composition`` or an ``overlap`` mapping (the boards read those claims)."""


def _nested(data: dict[str, Any], key: str, sub: str) -> Any:
    value = data.get(key)
    return value.get(sub) if isinstance(value, dict) else None


def _shared(value: Any) -> Any:
    return sys.intern(value) if type(value) is str else value


def facts_of(data: dict[str, Any]) -> ClaimFacts:
    return ClaimFacts(
        _shared(data.get("type")),
        _shared(data.get("article")),
        _shared(_nested(data, "verdict", "rating")),
        _shared(_nested(data, "review", "state")),
        isinstance(data.get("status"), dict),
        isinstance(data.get("composition"), dict) or isinstance(data.get("overlap"), dict),
    )


def claim_facts(result: Result) -> dict[int, ClaimFacts]:
    """The :class:`ClaimFacts` of each claim of ``result`` by ``id()`` of its record: each claim's data is read
    once for all the reports of a run (a record from a load worker decodes its data on every read: at 100k
    claims the reports read them ~10 times each). Worked out again when the result's records change."""
    now = result.records
    memo = result.memo.get("claim_facts")
    if memo is not None and len(memo[0]) == len(now) and all(a is b for a, b in zip(memo[0], now, strict=True)):
        return memo[1]  # type: ignore[no-any-return]
    facts = {id(rec): facts_of(rec.data) for rec in now if rec.kind == "claim"}
    result.memo["claim_facts"] = (tuple(now), facts)
    return facts


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "?"


def overview(result: Result) -> Overview:
    """The corpus in numbers, worked out once for all the reports of a run (as long as :func:`claim_facts` gives
    the same facts: the JSON, Markdown and HTML reports each ask)."""
    every = claim_facts(result)
    memo = result.memo.get("overview")
    if memo is not None and memo[0] is every:
        return memo[1]  # type: ignore[no-any-return]
    articles: Counter[str] = Counter()
    ratings: Counter[str] = Counter()
    states: Counter[str] = Counter()
    claims = 0
    for facts in every.values():
        claims += 1
        articles[_text(facts.article)] += 1
        ratings[_text(facts.rating)] += 1
        states[_text(facts.state)] += 1
    found = Overview(
        articles=sorted(articles.items()),
        ratings=_order(ratings, RATINGS),
        review_states=_order(states, REVIEW_STATES),
        claims=claims,
    )
    result.memo["overview"] = (every, found)
    return found


def named_files(result: Result) -> str:
    """How the reports name the files a one-file run was given (:attr:`Result.context_files` set): 'the named
    file' or 'the named files'."""
    return "the named file" if result.files_checked == 1 else "the named files"


_NOT_A_RECORD_FILE = frozenset({"FC012", "FC016", "FC017", "FC018"})
"""Codes of the load stage that are not about one record file's content (an empty corpus, a folder not walked, a
cap on findings, a run that did not finish)."""


def unchecked_line(result: Result) -> str:
    """'N files did not reach the rules: ...' when the rules ran and some files had no record to give them (they
    failed to load or failed their schema), else ''. Such a file's findings are all its load or schema ones:
    the rules' findings on it come on the run after they are fixed, and whoever fixes what is shown must know."""
    if "rules" not in result.stages:
        return ""
    failed = {f.file for f in result.sorted_findings() if f.rule < "FC200" and f.rule not in _NOT_A_RECORD_FILE}
    if failed:
        failed -= {rec.file for rec in result.records}
    if not failed:
        return ""
    if len(failed) == 1:
        return (
            "1 file did not reach the rules: it failed to load or failed its schema, so no consistency rule checked "
            "its record; fix its findings above and run again to see what the rules say of it."
        )
    return (
        f"{len(failed):,} files did not reach the rules: they failed to load or failed their schema, so no "
        "consistency rule checked their records; fix their findings above and run again to see what the rules "
        "say of them."
    )


def waived_by_rule(result: Result) -> Counter[str]:
    """How many waived findings each rule has: a rule whose failing rows a waiver accepts failed (its rows say so)
    but has no finding in the findings list, and the checks say where they went."""
    return Counter(f.rule for f in set(result.waived))


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
