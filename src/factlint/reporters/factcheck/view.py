"""What the sections of the editor's view share: display text (:func:`text`, the one way record values
reach the page), http(s)-only links, the rating symbols, the names, sources and findings of the run by id
(:class:`Lookup`), the claims in order, and the reference to a finding that every section links to.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from factlint.model import Finding, Result, WaiverState
from factlint.record import Record
from factlint.reporters.common import _VISIBLE_CHANGES, defuse_commands, visible
from factlint.reporters.overview import ClaimFacts, claim_facts, facts_of

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


_UNCHANGED = re.compile(_VISIBLE_CHANGES.pattern + "|::|##\\[")
"""Any character :func:`visible` may change, or a command prefix :func:`defuse_commands` may change."""


def text(value: Any) -> str:
    """Any record value as display text (None is empty); control/bidi characters made visible, and no
    line that a CI log would read as a workflow command (``::``, ``##[``)."""
    s = value if isinstance(value, str) else "" if value is None else str(value)
    if s.isascii() and s.isprintable():  # none of the characters visible() changes (controls, or not ASCII)
        return s if "::" not in s and "##[" not in s else defuse_commands(s)
    if not _UNCHANGED.search(s):
        return s  # neither would change it (their own fast paths), in one search
    return defuse_commands(visible(s))


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def http_url(value: Any) -> str:
    """``value`` if it is an http(s) URL without control characters, else '' (never a javascript: link)."""
    if not isinstance(value, str) or not value.lower().startswith(("https://", "http://")):
        return ""
    return "" if _CONTROL.search(value) or value != visible(value) else value


def rating_key(rating: str) -> str:
    """The CSS class / filter value of a rating; a rating off the scale is 'other'."""
    return rating if rating in RATING_SYMBOL else "other"


@dataclass
class Lookup:
    """Names and documents the views need, by id."""

    names: dict[str, str] = field(default_factory=dict)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    source_files: dict[str, str] = field(default_factory=dict)
    waivers_by_file: dict[str, list[WaiverState]] = field(default_factory=dict)
    """The waivers of each claim file and whether each took effect, as the rule stage decided."""
    findings_by_file: dict[str, list[Finding]] = field(default_factory=dict)
    """The findings in each file. A claim's are those in its file, not those of its id: two files may hold the
    same id (FC301), and each finding is about the record of its own file."""
    waived_by_file: dict[str, list[Finding]] = field(default_factory=dict)
    facts: dict[int, ClaimFacts] = field(default_factory=dict)
    """What every claim's data says that the sections read of all claims, by ``id()`` of its record."""
    source_views: dict[str, dict[str, str]] = field(default_factory=dict)
    """What the cards show of each source they name, by id (worked out once; the cards copy it)."""
    anchors: dict[str, str] = field(default_factory=dict)
    """The anchor of each claim card after the first of its id, by file (``cards.anchors``; see :meth:`anchor`)."""

    def anchor(self, rec: Record) -> str:
        """The anchor of the card of the claim ``rec``: ``claim-<id>``, or ``claim-<id>-2``... for the second
        file holding the same id (FC301), so a link goes to the card of its own file."""
        return self.anchors.get(rec.file) or f"claim-{text(rec.id)}"

    def of(self, rec: Record) -> ClaimFacts:
        """The facts of the claim ``rec`` (read from its data when the lookup does not have them)."""
        found = self.facts.get(id(rec))
        return found if found is not None else facts_of(rec.data)

    def name(self, entity_id: Any) -> str:
        return text(self.names.get(entity_id, entity_id) if isinstance(entity_id, str) else entity_id)


def lookup(result: Result) -> Lookup:
    look = Lookup(facts=claim_facts(result))
    for rec in result.records:
        rid = rec.id
        if rid is None:
            continue
        if rec.kind == "entity" and isinstance(rec.data.get("name"), str):
            look.names[rid] = rec.data["name"]
        elif rec.kind == "source":
            look.sources[rid] = rec.data
            look.source_files[rid] = rec.file
    for f in result.sorted_findings():
        look.findings_by_file.setdefault(f.file, []).append(f)
    for f in sorted(set(result.waived)):
        look.waived_by_file.setdefault(f.file, []).append(f)
    for w in sorted(set(result.waivers)):
        look.waivers_by_file.setdefault(w.file, []).append(w)
    return look


def nested(data: dict[str, Any], key: str, sub: str) -> Any:
    """``data[key][sub]``, or None where ``data[key]`` is not a mapping."""
    value = data.get(key)
    return value.get(sub) if isinstance(value, dict) else None


def claims(result: Result) -> list[Record]:
    return sorted((r for r in result.records if r.kind == "claim"), key=lambda r: (r.file, r.id or ""))


def finding_anchor(f: Finding) -> str:
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
