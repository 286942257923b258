"""The JSON Schemas themselves: valid, documented, offline, fail-closed on formats."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from factlint import schemadoc, schemas

from .conftest import ROOT

SCHEMA_FILES = sorted((ROOT / "schemas").glob("*.schema.json"))


def _properties(node: Any, where: str = ""):
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{where}/{name}", sub
        for key, value in node.items():
            if key != "if":  # the conditions of if/then branches are not record fields
                yield from _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _properties(value, f"{where}/{i}")


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_schema_is_valid_2020_12_with_id(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:factlint:schema:{path.name.removesuffix('.schema.json')}"


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_every_property_has_a_description(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    missing = [
        where
        for where, sub in _properties(schema)
        if isinstance(sub, dict) and "description" not in sub and not sub.get("$ref", "").endswith("notForThisType")
    ]
    assert missing == []


def test_references_resolve_offline() -> None:
    # Every $ref of every schema resolves within the local registry (no network).
    registry = schemas.registry()
    for path in SCHEMA_FILES:
        schema = json.loads(path.read_text(encoding="utf-8"))
        resolver = registry.resolver(base_uri=schema["$id"])
        for node in schemas._walk(schema):
            if "$ref" in node:
                resolver.lookup(node["$ref"])


def test_unknown_format_fails_closed(tmp_path: Path) -> None:
    for path in SCHEMA_FILES:
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    claim = json.loads((tmp_path / "claim.schema.json").read_text(encoding="utf-8"))
    claim["properties"]["notes"] = {"type": "string", "format": "email", "description": "x"}
    (tmp_path / "claim.schema.json").write_text(json.dumps(claim), encoding="utf-8")
    with pytest.raises(schemas.SchemaSetupError, match="email"):
        schemas.validator("claim", str(tmp_path))


@pytest.mark.parametrize(
    ("fmt", "good", "bad"),
    [
        ("date", "2026-01-19", ["2026-1-19", "20260119", "2026-02-30", "19.01.2026"]),
        (
            "uri",
            "https://astanatimes.com/?p=111122",
            ["astanatimes.com", "javascript:alert(1)", "http://", "ftp://x.org"],
        ),
        ("iso3166-alpha2", "KZ", ["kz", "XA", "KAZ", "UK"]),
    ],
)
def test_formats_are_checked(fmt: str, good: str, bad: list[str]) -> None:
    checker = schemas.format_checker()
    assert checker.conforms(good, fmt)
    for value in bad:
        assert not checker.conforms(value, fmt), value


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("claims/entities/kazakhstan.yaml", "entity"),
        ("claims/sources/x.yaml", "source"),
        ("claims/coverage/x.yaml", "coverage"),
        ("claims/articles/x/y.yaml", "claim"),
        ("claims/entities/notes/x.yaml", "entity"),
        ("x.yaml", "claim"),
    ],
)
def test_record_kind_from_folder(path: str, kind: str) -> None:
    assert schemas.record_kind(path) == kind


def test_schema_reference_is_up_to_date() -> None:
    committed = (ROOT / "docs" / "schemas.md").read_text(encoding="utf-8")
    assert committed == schemadoc.generate(), (
        "docs/schemas.md is stale: run `python -m factlint.schemadoc docs/schemas.md`"
    )


def test_every_pattern_of_the_record_schemas_has_a_hint_written_for_it() -> None:
    from factlint.schema_errors import PATTERN_HINTS

    def patterns(node: object) -> set[str]:
        if isinstance(node, dict):
            own = {node["pattern"]} if isinstance(node.get("pattern"), str) else set()
            return own.union(*(patterns(v) for v in node.values()))
        if isinstance(node, list):
            return set().union(*(patterns(v) for v in node))
        return set()

    found = set()
    for name in ("claim", "source", "entity", "coverage", "common"):
        found |= patterns(schemas.load_schemas()[name])
    assert found <= set(PATTERN_HINTS), sorted(found - set(PATTERN_HINTS))


def test_a_pattern_finding_says_what_is_expected_in_full() -> None:
    from factlint import schema_errors

    errors = schemas.errors("entity", {"id": "usa", "kind": "country", "name": "USA", "wikidata": "30"})
    findings = list(
        schema_errors.translate(
            errors, file="e.yaml", kind="entity", data={}, positions=__import__("factlint").loader.Positions()
        )
    )
    messages = [f.message for f in findings if f.rule == "FC106"]
    assert messages == [
        '"30" does not fit /wikidata: expected a Wikidata item id: Q and a number without leading zeros, e.g. Q30'
    ]
