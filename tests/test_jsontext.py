"""reporters.jsontext.dumps writes exactly what json.dumps(ensure_ascii=False, indent=2) writes."""

from __future__ import annotations

import enum
import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factlint.reporters.jsontext import dumps

_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(alphabet=st.characters(blacklist_categories=()), max_size=8)
)
_keys = st.text(alphabet=st.characters(blacklist_categories=()), max_size=6)
_documents = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.lists(inner, max_size=3).map(tuple) | st.dictionaries(_keys, inner, max_size=4)
    ),
    max_leaves=30,
)


def _reference(data: Any, sort_keys: bool, default: Any = None) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=sort_keys, default=default)


@settings(max_examples=400, deadline=None)
@given(_documents, st.booleans())
def test_the_text_of_json_dumps_for_any_document(data: Any, sort_keys: bool) -> None:
    assert dumps(data, sort_keys=sort_keys) == _reference(data, sort_keys)


class Level(enum.Enum):
    LOW = "low"


class Count(enum.IntEnum):
    ONE = 1


class Name(enum.StrEnum):
    A = "a\u2028b"


CASES: list[dict[str, Any]] = [
    {"description": "empty containers at every depth", "data": {"a": [], "b": {}, "c": [[], {}], "d": ()}},
    {"description": "an innermost mapping in a list", "data": [{"x": 1, "y": "two"}, {"z": None}]},
    {"description": "control, quote, backslash, surrogate and non-ASCII text", "data": {'k\n"': "\x00\\\ud800é€"}},
    {"description": "floats json names", "data": [math.nan, math.inf, -math.inf, 1e16, -0.0, 0.1]},
    {"description": "big and negative integers", "data": {"n": [2**80, -(2**80), 0, -1]}},
    {"description": "enums of str and int", "data": {"s": Name.A, "i": Count.ONE, "l": [Name.A, Count.ONE]}},
    {"description": "a value only default= can write", "data": {"e": Level.LOW, "nested": [{"e": Level.LOW}]}},
    {"description": "keys that are not strings", "data": {1: "one", "2": {None: True, 3.5: [1]}}},
    {"description": "a scalar alone", "data": "text"},
    {"description": "unsorted keys", "data": {"b": 1, "a": {"d": 2, "c": [3]}}},
]


@pytest.mark.parametrize("case", CASES, ids=[c["description"] for c in CASES])
@pytest.mark.parametrize("sort_keys", [True, False])
def test_the_text_of_json_dumps_for_cases(case: dict[str, Any], sort_keys: bool) -> None:
    data = case["data"]
    if case["description"] == "keys that are not strings" and sort_keys:
        data = {"1": "one", "2": {"null": True, "3.5": [1]}}  # json cannot sort keys of mixed types either
    assert dumps(data, sort_keys=sort_keys, default=str) == _reference(data, sort_keys, str)


def test_a_value_json_cannot_write_is_the_same_error() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        json.dumps({"x": {1}}, ensure_ascii=False, indent=2)
    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps({"x": {1}})
