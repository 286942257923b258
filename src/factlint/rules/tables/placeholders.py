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

from functools import cache
from typing import Any

from factlint.record import Record
from factlint.rules.tables.builder import Builder
from factlint.rules.tables.store import Path_
from factlint.schemas import listed_values

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


def _compile(field: Path_) -> tuple[Path_, Path_ | None]:
    """``field`` as (path to a value, None), or for ``a, *, b``: (path to the list, path in each item)."""
    if "*" not in field:
        return field, None
    star = field.index("*")
    if "*" in field[star + 1 :]:
        raise ValueError(f"at most one * in a field that may hold a placeholder: {field}")
    return field[:star], field[star + 1 :]


_FIELDS = {kind: tuple((field, *_compile(field)) for field in fields) for kind, fields in FILLED.items()}


@cache
def wanted(kind: str, field: Path_) -> str:
    """What to write instead of a placeholder in ``field`` (the ``wanted`` column): 'one of: ' and the values
    the schema lists for it (read from schemas/, never kept here), or 'the real value' where it lists none."""
    listed = listed_values(kind, tuple(str(p) for p in field))
    return "one of: " + ", ".join(str(v) for v in listed) if listed else "the real value"


def placeholders(b: Builder, rec: Record, data: dict[str, Any]) -> None:
    """A row for each field of :data:`FILLED` whose value is a candidate (:func:`is_candidate`)."""
    for field, path, each in _FIELDS.get(rec.kind, ()):
        node: Any = data
        for head in path:  # a few lookups a field, walked here (this runs for every field of every record)
            node = node.get(head) if isinstance(node, dict) else None
        if each is None:
            if isinstance(node, str) and is_candidate(node):
                b.row("placeholders", rec, path, field=b.shared(path)[1], value=node, wanted=wanted(rec.kind, field))
        elif isinstance(node, list):
            for i, item in enumerate(node):
                value = item
                for head in each:
                    value = value.get(head) if isinstance(value, dict) else None
                if is_candidate(value):
                    at = (*path, i, *each)
                    b.row("placeholders", rec, at, field=b.shared(at)[1], value=value,
                          wanted=wanted(rec.kind, field))  # fmt: skip
