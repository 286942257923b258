"""reporters.jsontext.dumps writes exactly what json.dumps(ensure_ascii=False, indent=2) writes."""

from __future__ import annotations

import enum
import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factlint.reporters.jsontext import Stream, chunks, dumps

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


def _lazy(data: Any, choose: Any) -> Any:
    """``data`` with some of its lists (those ``choose`` picks) as Streams, at any depth."""
    if isinstance(data, dict):
        return {k: _lazy(v, choose) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        items = [_lazy(v, choose) for v in data]
        return Stream(iter(items)) if type(data) is list and choose() else type(data)(items)
    return data


@settings(max_examples=400, deadline=None)
@given(_documents, st.booleans(), st.data())
def test_a_streamed_document_is_the_text_of_the_whole_one(data: Any, sort_keys: bool, draw: st.DataObject) -> None:
    """chunks() with some lists made while written (Streams) gives, joined, the very text json.dumps gives."""
    lazy = _lazy(data, lambda: draw.draw(st.booleans()))
    try:
        expected = _reference(data, sort_keys)
    except TypeError:  # keys json cannot sort: the streamed document raises the same error
        with pytest.raises(TypeError):
            "".join(chunks(lazy, sort_keys=sort_keys))
        return
    assert "".join(chunks(lazy, sort_keys=sort_keys)) == expected


@pytest.mark.parametrize("case", CASES, ids=[c["description"] for c in CASES])
def test_a_streamed_case_is_the_text_of_the_whole_one(case: dict[str, Any]) -> None:
    data = {"items": Stream(iter([case["data"], case["data"]])), "empty": Stream(iter([])), "z": [case["data"]]}
    whole = {"items": [case["data"], case["data"]], "empty": [], "z": [case["data"]]}
    assert "".join(chunks(data, default=str)) == _reference(whole, False, str)


def test_a_stream_is_written_one_item_at_a_time() -> None:
    made: list[int] = []

    def items() -> Any:
        for i in range(3):
            made.append(i)
            yield {"n": i}

    pieces = chunks({"a": 1, "list": Stream(items())})
    seen = []
    for piece in pieces:
        seen.append(piece)
        if '"n": 1' in piece:
            assert made == [0, 1]  # the next item is not made before this one is written
    assert made == [0, 1, 2]
    assert "".join(seen) == _reference({"a": 1, "list": [{"n": 0}, {"n": 1}, {"n": 2}]}, False)
