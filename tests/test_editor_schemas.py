"""Schemas for editors: bundles up to date, self-contained, equal to the schemas; the mapping covers every folder."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from factlint import corpus, editor_schemas, loader, schemas

from .conftest import FIXTURES, ROOT


def test_generated_files_are_up_to_date() -> None:
    for rel, text in editor_schemas.generated().items():
        committed = (ROOT / rel).read_text(encoding="utf-8")
        assert committed == text, f"{rel} is stale: run `python -m factlint.editor_schemas`"


@pytest.mark.parametrize("kind", schemas.KINDS)
def test_bundles_are_self_contained(kind: str) -> None:
    text = (ROOT / editor_schemas.EDITOR_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")
    refs = set(re.findall(r'"\$ref": "([^"]+)"', text))
    assert refs, "a bundle without references would not test anything"
    assert all(r.startswith("#/$defs/") for r in refs), refs
    bundle = json.loads(text)
    for ref in refs:
        assert ref.removeprefix("#/$defs/") in bundle["$defs"]


def _glob_regex(pattern: str) -> re.Pattern[str]:
    out = re.escape(pattern).replace(r"\*\*/", "(?:.*/)?").replace(r"\*", "[^/]*")
    return re.compile(out + r"\Z")


def _records(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.y*ml") if not any(part.startswith(".") for part in p.parts))


def test_the_mapping_covers_every_record_folder_with_the_schema_of_its_kind() -> None:
    mapping = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    compiled = [(schema, _glob_regex(g)) for schema, patterns in mapping.items() for g in patterns]
    files = _records(ROOT / "claims")
    kinds_seen = set()
    for path in files:
        rel = path.relative_to(ROOT).as_posix()
        hits = [schema for schema, rx in compiled if rx.match(rel)]
        kind = corpus.kind_in(ROOT / "claims", path)
        kinds_seen.add(kind)
        assert hits == [f"./{editor_schemas.EDITOR_DIR}/{kind}.schema.json"], rel
    assert kinds_seen == set(schemas.KINDS)


def _cases() -> list[tuple[str, object]]:
    out = []
    for root in (ROOT / "claims", FIXTURES / "valid", FIXTURES / "invalid"):
        top = corpus.find_root(root) or root
        for path in _records(root):
            try:
                data = loader.load_path(path).data
            except loader.LoadError:
                continue
            out.append((corpus.kind_in(top, path), data))
    return out


def test_bundles_judge_every_record_as_the_schemas_do() -> None:
    validators = {
        kind: jsonschema.Draft202012Validator(
            json.loads((ROOT / editor_schemas.EDITOR_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")),
            format_checker=schemas.format_checker(),
        )
        for kind in schemas.KINDS
    }
    cases = _cases()
    invalid = 0
    for kind, data in cases:
        expected = not schemas.errors(kind, data)
        invalid += not expected
        assert validators[kind].is_valid(data) == expected, (kind, data)
    assert invalid >= 10, "the invalid fixtures must be among the cases"
