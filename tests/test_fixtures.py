"""Positive and negative fixture trees.

Every file under ``tests/fixtures/invalid`` is named after its defect and starts
with ``# expect: CODE line:col[, CODE line:col ...]``: the exact findings the
schema stage must report for it, and no others. Every file under
``tests/fixtures/valid`` must pass.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from factlint import validate
from factlint.discover import display

from .conftest import FIXTURES

INVALID = sorted((FIXTURES / "invalid").rglob("*.yaml"))
_EXPECT = re.compile(r"(FC\d{3}) (\d+):(\d+)")


def expected(path: Path) -> set[tuple[str, int, int]]:
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("# expect: "), f"{path} lacks its '# expect:' header"
    return {(c, int(line), int(col)) for c, line, col in _EXPECT.findall(header)}


def test_every_invalid_fixture_is_named_and_has_expectations() -> None:
    assert len(INVALID) >= 20
    for path in INVALID:
        assert re.fullmatch(r"[a-z0-9-]+\.yaml", path.name), path
        assert expected(path), path


@pytest.mark.parametrize("path", INVALID, ids=lambda p: str(p.relative_to(FIXTURES / "invalid")))
def test_invalid_fixture_reports_exactly_its_defect(path: Path, in_root: Path) -> None:
    result = validate.run([str(path)], schema_only=True)
    got = {(f.rule, f.line, f.column) for f in result.findings}
    assert got == expected(path)
    assert all(f.file == display(path) for f in result.findings)
    assert not result.records
    assert result.exit_code == 1


def test_valid_tree_has_no_findings(in_root: Path) -> None:
    result = validate.run([str(FIXTURES / "valid")], schema_only=True)
    assert result.findings == []
    assert result.records_by_kind() == {"claim": 3, "coverage": 1, "entity": 5, "source": 1}


def test_norway_stays_a_string(in_root: Path) -> None:
    result = validate.run([str(FIXTURES / "valid" / "entities" / "norway.yaml")], schema_only=True)
    (record,) = result.records
    assert record.data["iso3166_alpha2"] == "NO"


def test_all_defects_reported_in_one_run(in_root: Path) -> None:
    result = validate.run([str(FIXTURES / "invalid")], schema_only=True)
    assert {f.file for f in result.findings} == {display(p) for p in INVALID}
    want = {(display(p), *e) for p in INVALID for e in expected(p)}
    assert {(f.file, f.rule, f.line, f.column) for f in result.findings} == want
