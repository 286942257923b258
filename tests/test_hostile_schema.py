"""One regex dialect: JSON Schema's ``pattern`` is ECMA-262 in both validators, and a record that
either validator rejects is never reported clean.

Python's ``re`` lets ``$`` match before a trailing newline and ``\\d`` match any Unicode digit;
ECMA-262 does neither. The differential tests generate strings (hypothesis, and
hypothesis-jsonschema from every pattern of every schema) plus hostile ones - ``\\n`` suffixes,
Unicode digits, lone surrogates, line separators - and assert that python-jsonschema and
jsonschema-rs agree on every record kind.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factlint import loader, schemas

from ._hostile import Corpus, corpus, finding_at
from .conftest import FIXTURES, ROOT

__all__ = ["corpus"]

pytestmark = pytest.mark.hostile

HOSTILE_SUFFIXES = ["\n", "\r\n", "\r", "\u2028", "\u2029", "\x85", " ", "\t", "\x00"]
HOSTILE_STRINGS = [
    "Q20\n",
    "Q\u0662\u0660",  # Arabic-Indic digits
    "Q２０",  # fullwidth digits
    "Q20\ud800",  # a lone surrogate
    "\ud800",
    "a\nb",
    "",
    "x" * 300,
    "FC222\n",
    "sources/x.txt\n",
    "../x",
]


# --- through the command line --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ('"Q20\\n"', False),  # Python's $ matched before the newline: it passed with exit 0
        ('"Q\\u0662\\u0660"', False),
        ('"Q20 "', False),
        ('"Q20\\u2028"', False),
        ("Q20", True),  # the near miss
    ],
)
def test_a_pattern_is_judged_the_ecma_262_way(corpus: Corpus, value: str, valid: bool) -> None:
    path = corpus.path / "entities" / "norway.yaml"
    text = path.read_text()
    path.write_text(text.rstrip("\n") + f"\nwikidata: {value}\n")
    out = corpus.run()
    if valid:
        assert out.code == 0, out.out
        return
    assert out.code == 1
    hit = finding_at(out, "FC106", "claims/entities/norway.yaml")
    assert hit["line"] == text.count("\n") + 1


def test_a_record_the_fast_validator_rejects_is_never_clean(corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should the validators ever disagree, the stricter one wins: a finding, not a pass."""
    monkeypatch.setattr(schemas, "is_valid_fast", lambda kind, data: kind != "entity")
    out = corpus.run()
    assert out.code == 1
    hit = finding_at(out, "FC109", "claims/entities/norway.yaml")
    assert "jsonschema-rs" in str(hit["message"])


# --- differential: every pattern of every schema ---------------------------------------------


def _patterns(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            yield node["pattern"]
        for value in node.values():
            yield from _patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from _patterns(value)


PATTERNS = sorted({p for s in schemas.load_schemas().values() for p in _patterns(s)})


def _agree(schema: dict[str, Any], value: Any) -> None:
    import jsonschema
    import jsonschema_rs

    reference = schemas.ecma_validator_class(jsonschema.Draft202012Validator)(schema).is_valid(value)
    try:
        fast = jsonschema_rs.validator_for(schema).is_valid(value)
    except (ValueError, TypeError, OverflowError):  # jsonschema-rs cannot take it (a lone surrogate)
        fast = None
    assert fast in (reference, None), (schema, value, reference, fast)
    if fast is None:
        assert reference is False, "what the fast validator cannot read must be invalid"


def test_every_schema_has_patterns_to_test() -> None:
    assert len(PATTERNS) >= 5


@pytest.mark.parametrize("pattern", PATTERNS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_both_validators_agree_on_every_pattern(pattern: str, data: st.DataObject) -> None:
    from hypothesis_jsonschema import from_schema

    schema = {"type": "string", "pattern": pattern}
    base = data.draw(st.one_of(from_schema(schema), st.text(max_size=30), st.sampled_from(HOSTILE_STRINGS)))
    suffix = data.draw(st.sampled_from(["", "", *HOSTILE_SUFFIXES]))
    prefix = data.draw(st.sampled_from(["", "", *HOSTILE_SUFFIXES]))
    _agree(schema, prefix + base + suffix)


# --- differential: real records of every kind, one string leaf replaced -----------------------


def _records() -> list[tuple[str, dict[str, Any]]]:
    from factlint.corpus import kind_in

    out = []
    root = FIXTURES / "valid"
    for path in sorted(root.rglob("*.yaml")):
        data = loader.load_path(path).data
        out.append((kind_in(root, path), data))
    rules = ROOT / "checks"
    for path in sorted(rules.rglob("*.yaml"))[:3]:
        out.append(("rule", loader.load_path(path).data))
    return out


RECORDS = _records()


def _string_paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _string_paths(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _string_paths(v, (*path, i))
    elif isinstance(node, str):
        yield path


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def test_the_fixture_records_cover_every_kind() -> None:
    assert {k for k, _ in RECORDS} == {*schemas.KINDS, "rule"}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_both_validators_agree_on_records_with_hostile_strings(data: st.DataObject) -> None:
    kind, record = data.draw(st.sampled_from(RECORDS))
    record = copy.deepcopy(record)
    paths = list(_string_paths(record))
    path = data.draw(st.sampled_from(paths))
    old = record
    for key in path:
        old = old[key]
    how = data.draw(st.sampled_from(["suffix", "prefix", "replace", "digits"]))
    if how == "suffix":
        value = old + data.draw(st.sampled_from(HOSTILE_SUFFIXES))
    elif how == "prefix":
        value = data.draw(st.sampled_from(HOSTILE_SUFFIXES)) + old
    elif how == "digits":
        value = "".join(chr(ord(c) - ord("0") + 0x0660) if c.isdigit() else c for c in old)
    else:
        value = data.draw(st.one_of(st.sampled_from(HOSTILE_STRINGS), st.text(max_size=20)))
    _set(record, path, value)
    reference = schemas.validator(kind).is_valid(record)
    fast = schemas.is_valid_fast(kind, record)
    assert fast in (reference, None), (kind, path, value, reference, fast)
    if fast is None:
        assert reference is False, (kind, path, value)


def test_the_dialect_is_documented() -> None:
    text = (ROOT / "docs" / "schemas.md").read_text(encoding="utf-8")
    assert "ECMA-262" in text
    assert "regress" in text
    json.dumps(PATTERNS)  # the patterns are plain JSON strings
    assert Path(ROOT / "schemas").is_dir()
