"""Every rule's cases (tests/rules/<CODE>.yaml), run through the real pipeline.

Each case is written as a corpus (the base corpus of tests/rules/base/ plus the
case's records) into a temporary folder and checked by ``factlint.validate.run``
in this process (schemas and every rule); the findings must be exactly the
expected ones, and the waived findings exactly the expected waived ones. The
example of each rule file is run the same way: its violation fires, its fix
does not. A rule in checks/ without a case file fails.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from factlint import loader

from .conftest import ROOT
from .rulecases import (
    BASE,
    CASES,
    TODAY,
    case_date,
    expected,
    load_case_file,
    materialise,
    merge_at,
    mismatch,
    run,
    show,
)

pytestmark = pytest.mark.slow

CHECKS = ROOT / "checks"


def rule_files() -> dict[str, Path]:
    """Every rule of checks/, by code (from the file name CODE-slug.yaml)."""
    return {p.name.split("-", 1)[0]: p for p in sorted(CHECKS.rglob("FC*.yaml"))}


def case_files() -> dict[str, Path]:
    return {p.stem: p for p in sorted(CASES.glob("FC*.yaml"))}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def _cases() -> list[Any]:
    params = []
    for code, path in case_files().items():
        data = load_case_file(path)
        for i, case in enumerate(data["cases"]):
            params.append(pytest.param(code, data, case, id=f"{code}-{i + 1:02d}-{_slug(case['description'])}"))
    return params


def _check(root: Path, records: list[dict[str, Any]], today: Any, want: Any, want_waived: Any) -> None:
    materialise(root, records)
    result = run(root, today)
    problems = mismatch(expected(want), result.findings)
    problems += [f"(waived) {p}" for p in mismatch(expected(want_waived), result.waived)]
    if problems:
        found = "\n".join(f"  {show(f)}" for f in result.findings) or "  (none)"
        waived = "\n".join(f"  {show(f)}" for f in result.waived) or "  (none)"
        pytest.fail("\n".join(problems) + f"\nall findings:\n{found}\nwaived:\n{waived}", pytrace=False)


def test_every_rule_has_a_case_file() -> None:
    missing = sorted(set(rule_files()) - set(case_files()))
    assert not missing, f"no case file for {', '.join(missing)}: add tests/rules/<CODE>.yaml (see tests/README.md)"


def test_every_case_file_is_for_a_rule() -> None:
    stray = sorted(set(case_files()) - set(rule_files()))
    assert not stray, f"case files for rules that are not in checks/: {', '.join(stray)}"
    for code, path in case_files().items():
        assert load_case_file(path)["rule"] == code, f"{path.name} names another rule"


def test_every_rule_fires_in_one_of_its_cases() -> None:
    for code, path in case_files().items():
        data = load_case_file(path)
        fires = [c for c in data["cases"] if any(e["code"] == code for e in c["expect"] + c.get("waived", []))]
        quiet = [c for c in data["cases"] if not any(e["code"] == code for e in c["expect"])]
        assert fires, f"{path.name}: no case where {code} fires"
        assert quiet, f"{path.name}: no near miss where {code} must not fire"


def test_the_base_corpus_is_clean(tmp_path: Path) -> None:
    _check(tmp_path / "corpus", [], TODAY, [], [])
    assert (BASE / "sources" / "wire-report.txt").is_file()


@pytest.mark.parametrize(("code", "data", "case"), _cases())
def test_case(code: str, data: dict[str, Any], case: dict[str, Any], tmp_path: Path) -> None:
    today = case_date(case.get("today"), case_date(data.get("today"), TODAY))
    _check(tmp_path / "corpus", case["records"], today, case["expect"], case.get("waived"))


def _example(code: str) -> tuple[dict[str, Any], dict[str, Any]]:
    return load_case_file(case_files()[code]), loader.load_path(rule_files()[code]).data["example"]


@pytest.mark.parametrize("code", sorted(case_files()))
@pytest.mark.parametrize("side", ["violation", "fix"])
def test_rule_file_example(code: str, side: str, tmp_path: Path) -> None:
    """The example `factlint explain` shows: the violation gives its findings, the fix does not."""
    data, example = _example(code)
    spec = data["example"]
    only_comments = all(not line.strip() or line.lstrip().startswith("#") for line in example[side].splitlines())
    if only_comments and side == "violation":
        # Only comments: the violation is that the file does not exist (FC264: no coverage map), so
        # `into` is left out; the fix writes it.
        records = list(spec.get("records", []))
    else:
        excerpt = loader.loads(example[side]).data
        assert isinstance(excerpt, dict), f"the example {side} of {code} must be a YAML mapping (comments are fine)"
        records = [*spec.get("records", []), merge_at(spec["into"], spec.get("at", []), excerpt)]
    today = case_date(spec.get("today"), case_date(data.get("today"), TODAY))
    want = spec[side] if side == "violation" else spec.get("fix", [])
    if side == "violation":
        assert any(item["code"] == code for item in want), f"the example violation of {code} must expect {code}"
    _check(tmp_path / "corpus", records, today, want, [])
