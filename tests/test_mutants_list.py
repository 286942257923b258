"""The mutation list of ``nox -s mutants`` cannot rot silently (fast: no mutant is run here)."""

from __future__ import annotations

from .conftest import ROOT
from .mutants import load, problems

ISSUE_10_BREAKS = {
    "FC221's value set widened",
    "FC202's ignore_row_if dropped",
    "the accepted entity kinds widened",
    "a waiver still active on its expiry day (>= -> >)",
    "the overlap taking the earliest composition",
    "a source's published no longer date-checked",
    "FC262's row condition dropped",
    "status pairs ignoring the body",
    'the archive "outside the folder" check removed',
}


def test_every_mutation_still_applies_exactly_once() -> None:
    assert problems(load()) == []


def test_at_least_forty_mutations() -> None:
    assert len(load()) >= 40


def test_every_rule_file_is_mutated() -> None:
    mutated = {m.file for m in load()}
    rules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "checks").rglob("FC*.yaml")}
    assert sorted(rules - mutated) == [], "add a mutation of each new rule file to tests/mutants.yaml"


def test_the_breaks_named_in_issue_10_are_all_listed() -> None:
    assert {m.issue10 for m in load() if m.issue10} == ISSUE_10_BREAKS


def test_every_mutant_selects_tests() -> None:
    for m in load():
        assert m.selection(), f"{m.id}: say which cases kill it (tests: ...), or it runs every case"
