"""The mutation list of ``nox -s mutants`` cannot rot silently, and its runner orders and judges test runs as
it says (fast: no mutant is run here)."""

from __future__ import annotations

from types import SimpleNamespace

from .conftest import ROOT
from .mutants import _Observer, load, problems

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


def test_the_remembered_killer_runs_first_and_the_rest_keep_their_order() -> None:
    items = [SimpleNamespace(nodeid=n) for n in ("a", "b", "c", "d")]
    _Observer(["c", "gone"]).pytest_collection_modifyitems(items)
    assert [i.nodeid for i in items] == ["c", "a", "b", "d"]


def test_a_test_passes_only_if_setup_call_and_teardown_all_pass() -> None:
    seen = _Observer([])
    for nodeid, when, outcome in [
        ("ok", "setup", "passed"), ("ok", "call", "passed"), ("ok", "teardown", "passed"),
        ("torn", "setup", "passed"), ("torn", "call", "passed"), ("torn", "teardown", "failed"),
        ("broken", "setup", "failed"), ("bad", "setup", "passed"), ("bad", "call", "failed"),
    ]:  # fmt: skip
        seen.pytest_runtest_logreport(
            SimpleNamespace(nodeid=nodeid, when=when, outcome=outcome, failed=outcome == "failed")
        )
    assert seen.outcomes == {"ok": "passed", "torn": "failed", "broken": "failed", "bad": "failed"}
    assert seen.failed == "torn"
