"""Facts across records: statuses that conflict on one date, the seats behind an overlap, shared entity names.

Both are computed once here so that the rules stay simple column checks.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence
from itertools import combinations
from typing import Any

from factlint.messages import cut_list
from factlint.record import Record
from factlint.rules.tables.builder import Builder

LISTED_CLAIMS = 20
"""At most this many claims are named in a conflict's listing; the rest are counted."""


def status_pairs(b: Builder) -> None:
    """One row per subject, body and date whose claims give two or more different statuses, and
    per pair of those statuses: FC211 decides which pairs are exclusive.

    Every row of a group is anchored at the group's first claim (in file order) and lists every
    claim of the group, so the group gives one finding however many claims or pairs it has: the
    rows grow with the claims (at most 21 pairs of the 7 statuses per group), never with their pairs.
    """
    groups: dict[tuple[str, str, str], list[tuple[Record, dict[str, Any], Any]]] = defaultdict(list)
    for rec, st, as_of, first_source in b.statuses:  # the status claims: (record, status, as_of, first source)
        groups[(st["subject"], st["body"], as_of)].append((rec, st, first_source))
    for (subject, body, as_of), claims in sorted(groups.items()):
        values = sorted({st["value"] for _, st, _ in claims})
        if len(values) < 2:
            continue
        claims.sort(key=lambda c: (c[0].file, c[0].id or ""))
        ordered = [rec for rec, _, _ in claims]
        listing = cut_list([f"{rec.id} ({st['value']})" for rec, st, _ in claims], LISTED_CLAIMS)
        sources = sorted({first_source for _, _, first_source in claims})
        if len(sources) == 1:
            between = f"{'both' if len(ordered) == 2 else 'all'} come from the same source, {sources[0]}"
        else:
            between = f"a conflict between {len(sources)} sources, {cut_list(sources, LISTED_CLAIMS)}"
        for first, second in combinations(values, 2):
            b.row(
                "status_pairs", ordered[0], ("status", "value"), subject=subject, body=body, as_of=as_of,
                pair=f"{first}|{second}", claims=len(ordered), listing=listing, between=between,
                _involves=tuple(ordered[1:]),
            )  # fmt: skip


def overlaps(b: Builder) -> None:
    # The composition claims, by body: (record, composition, article, as_of).
    compositions: dict[str, list[tuple[Record, dict[str, Any], Any, Any]]] = defaultdict(list)
    for claim in b.compositions:
        compositions[claim[1]["body"]].append(claim)

    def composition_of(body: str, article: str) -> tuple[Record | None, dict[str, Any]]:
        """The composition claim of ``body`` an overlap of ``article`` takes, and its composition."""
        claims = compositions.get(body, [])
        same = [c for c in claims if c[2] == article]
        pool = same or claims
        if not pool:
            return None, {}
        rec, comp, _, _ = max(pool, key=lambda c: (c[3], c[0].file))
        return rec, comp

    for rec, ov, article in b.overlaps:  # the overlap claims: (record, overlap, article)
        body_a, body_b = ov["bodies"]
        comp_a, ca = composition_of(body_a, article)
        comp_b, cb = composition_of(body_b, article)
        seats_a = ca["seats"] if comp_a else None
        seats_b = cb["seats"] if comp_b else None
        known = [(s, b_) for s, b_ in ((seats_a, body_a), (seats_b, body_b)) if s is not None]
        min_seats, smaller = min(known) if known else (None, None)
        computed = None
        if ca.get("members_complete") and cb.get("members_complete"):  # ({} for a body without a composition)
            computed = len(set(ca.get("members", [])) & set(cb.get("members", [])))
        b.row(
            "overlaps", rec, ("overlap", "count"), body_a=body_a, body_b=body_b, count=ov["count"],
            listed_shared=len(ov.get("members", [])), seats_a=seats_a, seats_b=seats_b,
            min_seats=min_seats, smaller_body=smaller, computed_overlap=computed,
            _at_members=b.where(("overlap", "members"), False),
            _involves=tuple(r for r in (comp_a, comp_b) if r is not None and r is not rec) or None,
        )  # fmt: skip


NAME_STEPS: dict[str, Callable[[str], str]] = {
    "nfkc": lambda name: unicodedata.normalize("NFKC", name),
    "casefold": str.casefold,
    "collapse_white_space": lambda name: " ".join(name.split()),
}
"""The steps FC308's ``name_comparison`` parameter may list (schemas/rule.schema.json says what each does)."""


def name_key(name: str, steps: Sequence[str]) -> str:
    """The key ``name`` is compared by: the ``steps`` applied in order."""
    for step in steps:
        name = NAME_STEPS[step](name)
    return name


def names(b: Builder) -> None:
    """One row per entity name and alias, with the other entities that use the same key.

    How a name becomes its key is FC308's ``name_comparison`` parameter, in its rule file."""
    steps = b.parameters.get("name_comparison")
    if steps is None:
        return  # no loaded rule reads the table
    entries: list[tuple[Record, str, tuple[str | int, ...], str]] = []
    users: dict[str, set[str]] = defaultdict(set)
    for rec in b.records:
        if rec.kind != "entity" or rec.id is None:
            continue
        data = b.data_of(rec)
        named: list[tuple[str, tuple[str | int, ...], str]] = [("name", ("name",), data["name"])]
        named += [("alias", ("aliases", i), a) for i, a in enumerate(data.get("aliases") or [])]
        for name_kind, path, name in named:
            entries.append((rec, name_kind, path, name))
            users[name_key(name, steps)].add(rec.id)
    for rec, name_kind, at, name in entries:
        key = name_key(name, steps)
        others = sorted(users[key] - {rec.id})
        recs = tuple(b.by_kind["entity"][o] for o in others)
        b.row("names", rec, at, name_kind=name_kind, name=name, key=key, others=", ".join(others),
              other_files=", ".join(r.file for r in recs), shared=bool(others), _involves=recs or None)  # fmt: skip


def has_claims(b: Builder) -> None:
    """The ``has_claims`` column of the ``archives`` table, once every claim's article is known (FC264)."""
    archives = b.tables["archives"].columns
    archives["has_claims"][:] = [sid in b.articles for sid in archives["claim_id"]]


DERIVED = (has_claims, status_pairs, overlaps, names)
"""Run in this order after every record's own rows."""
