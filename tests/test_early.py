"""The rule tables built by a forked child while the parent imports Great Expectations (rules/early.py)
are the tables the parent would build: same rows, pointing at the parent's own record objects, and the
same reports; a child that fails only costs the time to build them again."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from bench.generate import TODAY, generate

from factlint import validate
from factlint.rules import early
from factlint.rules.catalog import load_rules, table_parameters
from factlint.rules.tables import build

from .conftest import run_cli


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("early") / "corpus"
    generate(root, claims=300, seed=11, rate=0.01)
    return root


def _columns(tables: dict[str, object]) -> dict[str, dict[str, list[object]]]:
    return {name: dict(t.columns) for name, t in tables.items()}  # type: ignore[attr-defined]


def test_the_child_sends_the_tables_the_parent_would_build(corpus: Path) -> None:
    result = validate.run([str(corpus)], schema_only=True)
    assert len(result.records) >= early.MIN_RECORDS
    parameters = table_parameters(load_rules())  # the rule files' settings of the table builders
    pending = early.start(result.records, result.invalid_ids, parameters)
    assert pending is not None
    assert pending.parameters == parameters  # the rule stage takes the child's tables only if they match
    got = pending.tables()
    assert got is not None
    assert pending.seconds is not None
    want = build(result.records, result.invalid_ids, parameters)
    assert len(want["names"]) > 0  # built with FC308's name_comparison, not left empty
    assert _columns(got) == _columns(want)
    assert {n: len(t) for n, t in got.items()} == {n: len(t) for n, t in want.items()}
    mine = {id(r) for r in result.records}
    for table in got.values():
        assert all(id(rec) in mine for rec in table.columns["_rec"])  # the parent's records, not copies


def test_past_max_records_the_parent_builds_the_tables(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = validate.run([str(corpus)], schema_only=True)
    monkeypatch.setattr(early, "MAX_RECORDS", len(result.records) - 1)
    assert early.start(result.records, result.invalid_ids) is None
    monkeypatch.setattr(early, "MAX_RECORDS", len(result.records))
    pending = early.start(result.records, result.invalid_ids)
    assert pending is not None
    pending.close()


def test_a_reference_to_a_record_the_parent_does_not_have_is_refused(corpus: Path) -> None:
    import io
    import pickle

    result = validate.run([str(corpus)], schema_only=True)
    records = result.records
    blob = early._dumps([records[0], records[-1]], records)
    assert early._Unpickler(io.BytesIO(blob), records).load() == [records[0], records[-1]]
    with pytest.raises(pickle.UnpicklingError):
        early._Unpickler(io.BytesIO(blob), records[:1]).load()


def test_a_failing_child_is_only_time_lost(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = validate.run([str(corpus)], schema_only=True)

    def broken(*args: object) -> int:
        raise RuntimeError("the child fails")

    monkeypatch.setattr(early, "_child", broken)
    pending = early.start(result.records, result.invalid_ids)
    assert pending is not None
    assert pending.tables() is None


def test_an_interrupted_run_stops_and_reaps_the_child(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = validate.run([str(corpus)], schema_only=True)

    def slow(*args: object) -> int:
        time.sleep(60)
        return 0

    monkeypatch.setattr(early, "_child", slow)
    pending = early.start(result.records, result.invalid_ids)
    assert pending is not None
    pid = pending.pid
    pending.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped: no zombie left behind


def test_small_corpora_and_the_switch_do_not_fork(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = validate.run([str(corpus)], schema_only=True)
    assert early.start(result.records[: early.MIN_RECORDS - 1], result.invalid_ids) is None
    monkeypatch.setenv("FACTLINT_EARLY_TABLES", "0")
    assert early.start(result.records, result.invalid_ids) is None


def reports(corpus: Path, tmp_path: Path, name: str) -> tuple[dict[str, bytes], dict[str, object]]:
    """The reports of a full run of ``corpus`` into tmp_path/name, and its --timings."""
    out = tmp_path / name
    timings = tmp_path / f"{name}.json"
    run = run_cli(
        "validate", str(corpus), "--today", TODAY.isoformat(), "--report-dir", str(out),
        "--timings", str(timings), "--no-cache",
    )  # fmt: skip
    assert run.code == 1, run.err
    files = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    return files, json.loads(timings.read_text("utf-8"))


@pytest.mark.slow
def test_reports_are_byte_identical_with_and_without_the_child(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTLINT_WORKERS", "1")  # load here: GX is not imported before the rule stage

    forked, info = reports(corpus, tmp_path, "forked")
    assert info.get("tables_built_early") is not None
    monkeypatch.setenv("FACTLINT_EARLY_TABLES", "0")
    here, info = reports(corpus, tmp_path, "here")
    assert "tables_built_early" not in info
    assert forked == here


@pytest.mark.slow
def test_a_cold_parallel_run_can_import_gx_after_the_load_while_a_child_builds_the_tables(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers load with the cores to themselves, then the child builds the tables during the GX import:
    the same reports as when this process imports GX while the workers load."""
    from factlint import loadstage

    monkeypatch.setenv("FACTLINT_WORKERS", "2")

    monkeypatch.setattr(loadstage, "GX_AFTER_LOAD", (0, 10**9))
    after, info = reports(corpus, tmp_path, "after")
    assert info["workers"] == 2
    assert info.get("tables_built_early") is not None
    monkeypatch.setattr(loadstage, "GX_AFTER_LOAD", (0, 0))
    meanwhile, info = reports(corpus, tmp_path, "meanwhile")
    assert info["workers"] == 2
    assert "tables_built_early" not in info
    assert after == meanwhile
