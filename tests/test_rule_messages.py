"""A rule's message filled in from a failing row (``factlint.rules.message``), checked against the reference:
``string.Formatter().vformat`` over every public column of the row as the message shows it."""

from __future__ import annotations

import math
import string
from typing import Any

import pytest

from factlint.model import Rule
from factlint.rules import message


class _Reference(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def _shown(value: Any) -> Any:
    if isinstance(value, float):
        if math.isnan(value):
            return "—"
        if value.is_integer():
            return int(value)
    return "—" if value is None else value


def _reference(template: str, row: dict[str, Any]) -> str:
    values = _Reference({k: _shown(v) for k, v in row.items() if not k.startswith("_")})
    return string.Formatter().vformat(template, (), values)


ROW: dict[str, Any] = {
    "row_id": 7,
    "claim_id": "a-claim",
    "count": 3.0,
    "ratio": 2.5,
    "nan": float("nan"),
    "none": None,
    "items": ["first", "second"],
    "text": "{not a field}",
    "_rec": object(),
    "_private": "hidden",
}

CASES = [
    {"description": "plain columns", "message": "{claim_id} has {count} items", "want": "a-claim has 3 items"},
    {"description": "a float that is not whole", "message": "{ratio}", "want": "2.5"},
    {"description": "NaN and None show as a dash", "message": "{nan}/{none}", "want": "—/—"},
    {"description": "a column the row lacks", "message": "{missing} and {claim_id}", "want": "? and a-claim"},
    {"description": "a private column is never shown", "message": "{_private}", "want": "?"},
    {"description": "format spec and conversion", "message": "[{count:>4}] {claim_id!r}", "want": "[   3] 'a-claim'"},
    {"description": "an item of a list", "message": "{items[1]}", "want": "second"},
    {"description": "a value holding braces is not formatted again", "message": "{text}", "want": "{not a field}"},
    {"description": "escaped braces", "message": "{{{claim_id}}}", "want": "{a-claim}"},
    {"description": "a nested format spec", "message": "{claim_id:>{count}}", "want": "a-claim"},
]


@pytest.mark.parametrize("case", CASES, ids=[c["description"] for c in CASES])
def test_message_is_the_reference_formatting(case: dict[str, str]) -> None:
    rule = Rule(code="FC999", slug="x", title="x", description="x", stage="rules", message=case["message"])
    assert message(rule, ROW) == case["want"]
    assert message(rule, ROW) == _reference(case["message"], ROW)
