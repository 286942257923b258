"""The status timeline per body and the board compositions, as the HTML report draws them.

The timeline is a matrix subject x date built from every status claim: what
each claim (and who said it) gives as the subject's status towards the body on
that date, with the claim's verdict. A cell with two different values says
so in words; whether two values conflict is the rules' business (a status
claim with a finding is marked with a link to it), not the reporter's.

Boards: for each overlap claim, the member lists of its two bodies (from
their composition claims) side by side, with the shared members marked; the
stated number of shared members is compared with the lists.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from factlint.record import Record
from factlint.reporters.factcheck.view import RATING_SYMBOL, Lookup, finding_ref, rating_key, text

TIMELINE_SUBJECTS = 60
"""Most subjects (rows) of one body's status timeline; the rest are counted."""

TIMELINE_DATES = 24
"""Most dates (columns) of one body's status timeline (the earliest); the rest are counted."""

TIMELINE_BODIES = 20
"""Most bodies with a status timeline; the rest are counted."""

BOARD_LIMIT = 20
"""Most board overlaps drawn as two member lists."""

MATRIX_DATES = 5
"""Up to this many dates a body's timeline is a subject x date matrix; with more (sparse) dates, each
subject's row lists its statuses in date order instead (a wide, mostly empty matrix reads badly)."""


def _part(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _verdict(data: dict[str, Any]) -> tuple[str, str, str]:
    rating = text(_part(data, "verdict").get("rating"))
    return rating, rating_key(rating), RATING_SYMBOL.get(rating, "·")


def timelines(recs: list[Record], look: Lookup) -> tuple[list[dict[str, Any]], int]:
    """One matrix per body (at most TIMELINE_BODIES), and how many bodies were left out."""
    # The claims of each cell first; a cell's entries are built only if the cell is drawn.
    cells: dict[str, dict[str, dict[str, list[Record]]]] = defaultdict(lambda: defaultdict(dict))
    for rec in recs:
        if not look.of(rec).status:
            continue  # no status mapping: not on a timeline (its data is not read)
        data = rec.data
        status = _part(data, "status")
        body, subject, as_of = status.get("body"), status.get("subject"), data.get("as_of")
        if not (isinstance(body, str) and isinstance(subject, str) and isinstance(as_of, str)):
            continue
        cells[body][subject].setdefault(as_of, []).append(rec)
    out = []
    for body in sorted(cells)[:TIMELINE_BODIES]:
        subjects = cells[body]
        names = sorted(subjects, key=lambda s: (look.name(s).casefold(), s))
        dates = sorted({d for s in subjects.values() for d in s})
        shown_dates = dates[:TIMELINE_DATES]
        rows = []
        for subject in names[:TIMELINE_SUBJECTS]:
            row = []
            days = subjects[subject]
            for day in shown_dates:
                said = days.get(day)
                if not said:  # most cells of a wide timeline: nothing to sort
                    row.append({"entries": [], "distinct": 0, "flagged": False})
                    continue
                entries = sorted((_entry(rec, look) for rec in said), key=lambda e: (e["value"], e["claim"]))
                row.append(
                    {
                        "entries": entries,
                        "distinct": len({e["value"] for e in entries}),
                        "flagged": any(e["findings"] for e in entries),
                    }
                )
            dated = [{"date": text(day), **cell} for day, cell in zip(shown_dates, row, strict=True) if cell["entries"]]
            rows.append({"subject": look.name(subject), "cells": row, "dated": dated})
        out.append(
            {
                "body": look.name(body),
                "id": text(body),
                "dates": [text(d) for d in shown_dates],
                "matrix": len(shown_dates) <= MATRIX_DATES,
                "rows": rows,
                "claims": sum(len(e) for s in subjects.values() for e in s.values()),
                "more_subjects": max(0, len(names) - TIMELINE_SUBJECTS),
                "more_dates": max(0, len(dates) - TIMELINE_DATES),
            }
        )
    return out, max(0, len(cells) - TIMELINE_BODIES)


def _entry(rec: Record, look: Lookup) -> dict[str, Any]:
    """One status claim in its timeline cell."""
    data = rec.data
    rating, key, symbol = _verdict(data)
    attribution = _part(data, "attribution")
    said_by = look.name(attribution.get("speaker"))
    if attribution.get("via"):
        said_by += f" via {look.name(attribution.get('via'))}"
    return {
        "value": text(_part(data, "status").get("value")),
        "claim": text(rec.id),
        "anchor": look.anchor(rec),
        "said_by": said_by,
        "rating": rating,
        "rating_key": key,
        "symbol": symbol,
        "findings": [finding_ref(f) for f in look.findings_by_file.get(rec.file, [])],
    }


def _members(value: Any) -> list[str]:
    return [m for m in value if isinstance(m, str)] if isinstance(value, list) else []


def boards(recs: list[Record], look: Lookup) -> tuple[list[dict[str, Any]], int]:
    """Each overlap claim as two member lists with the shared members marked (at most BOARD_LIMIT)."""
    compositions: dict[str, tuple[Record, int]] = {}  # the composition claim of each body with most members
    overlaps = []
    for rec in recs:
        if not look.of(rec).board:
            continue  # neither a composition nor an overlap mapping (its data is not read)
        data = rec.data
        comp = _part(data, "composition")
        body = comp.get("body")
        if isinstance(body, str) and _members(comp.get("members")):
            best = compositions.get(body)
            size = len(_members(comp.get("members")))
            if best is None or size > best[1]:
                compositions[body] = (rec, size)
        if isinstance(_part(data, "overlap").get("bodies"), list):
            overlaps.append(rec)
    out = []
    for rec in overlaps[:BOARD_LIMIT]:
        data = rec.data
        overlap = _part(data, "overlap")
        bodies = [b for b in overlap["bodies"] if isinstance(b, str)][:2]
        stated = _members(overlap.get("members"))
        lists = []
        member_sets = []
        for body in bodies:
            best = compositions.get(body)
            comp_rec = best[0] if best else None
            comp = _part(comp_rec.data, "composition") if comp_rec else {}
            members = _members(comp.get("members"))
            member_sets.append(set(members))
            lists.append(
                {
                    "body": look.name(body),
                    "claim": text(comp_rec.id) if comp_rec else "",
                    "anchor": look.anchor(comp_rec) if comp_rec else "",
                    "seats": text(comp.get("seats")),
                    "complete": comp.get("members_complete") is True,
                    "members": members,
                }
            )
        in_both = set.intersection(*member_sets) if len(member_sets) == 2 else set()
        shared = set(stated) | in_both
        for entry in lists:
            entry["members"] = [
                {"name": look.name(m), "shared": m in shared, "stated": m in stated, "in_both": m in in_both}
                for m in _members(entry["members"])
            ]
        rating, key, symbol = _verdict(data)
        out.append(
            {
                "claim": text(rec.id),
                "anchor": look.anchor(rec),
                "statement": text(data.get("statement")),
                "count": text(overlap.get("count")),
                "stated": [look.name(m) for m in stated],
                "in_both": len(in_both),
                "lists": lists,
                "rating": rating,
                "rating_key": key,
                "symbol": symbol,
                "missing": [look.name(m) for m in stated if m not in in_both] if len(member_sets) == 2 else [],
            }
        )
    return out, max(0, len(overlaps) - BOARD_LIMIT)
