"""Placeholders left in a record: the ``placeholders`` table (rule FC271).

``factlint new`` fills the fields only a person can fill with placeholders that
pass the schemas (strings starting with ``TODO``, ids starting with ``todo-``, and ``TODO`` in the
fields whose values the schemas list - a status, an event kind, a rating - so that no value the
contributor never chose can pass as a real one).
A row is added for each of those fields whose value starts with ``todo`` in any
case; the rule's pattern in ``checks/`` decides which of them are placeholders.
Only the fields ``new`` fills are looked at, so the scan costs a few lookups a record.
"""

from __future__ import annotations

from typing import Any

from factlint.record import Record
from factlint.rules.tables.builder import Builder, Path_

FILLED: dict[str, tuple[Path_, ...]] = {
    "claim": (
        ("statement",), ("attribution", "speaker"), ("attribution", "role"), ("attribution", "via"),
        ("sources", "*", "span"), ("quote", "text"), ("status", "subject"), ("status", "body"),
        ("composition", "body"), ("overlap", "bodies", "*"), ("event", "actors", "*"),
        ("verdict", "explanation"), ("status", "value"), ("event", "kind"), ("verdict", "rating"),
    ),
    "source": (("title",),),
    "entity": (("description",), ("name",)),
    "coverage": (),
}  # fmt: skip
"""The fields ``factlint new`` may leave a placeholder in, per record kind (``*``: every item of a list)."""


def is_candidate(value: Any) -> bool:
    """True for a string that begins with todo (any case): a row for the rule to judge."""
    return isinstance(value, str) and value[:4].lower() == "todo"


def _values(node: Any, path: Path_, prefix: Path_ = ()) -> list[tuple[Path_, Any]]:
    if not path:
        return [(prefix, node)]
    head, rest = path[0], path[1:]
    if head == "*":
        if not isinstance(node, list):
            return []
        return [v for i, item in enumerate(node) for v in _values(item, rest, (*prefix, i))]
    if not isinstance(node, dict) or head not in node:
        return []
    return _values(node[head], rest, (*prefix, head))


def placeholders(b: Builder, rec: Record) -> None:
    for field in FILLED.get(rec.kind, ()):
        for path, value in _values(rec.data, field):
            if is_candidate(value):
                b.row("placeholders", rec, path, field=b.shared(path)[1], value=value)
