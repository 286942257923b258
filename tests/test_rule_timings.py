"""The benchmark's per-rule mode (``FACTLINT_RULE_TIMINGS=N`` with ``--timings``): every rule validated alone N
times, each time recorded, and the same findings and reports as a run without it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bench.generate import TODAY, generate

from .conftest import run_cli

pytestmark = pytest.mark.slow


def _run(corpus: Path, out: Path, code: int = 1) -> tuple[dict[str, bytes], dict[str, object]]:
    timings = out / "timings.json"
    run = run_cli(
        "validate", str(corpus), "--today", TODAY.isoformat(), "--report-dir", str(out / "r"),
        "--timings", str(timings), "--no-cache",
    )  # fmt: skip
    assert run.code == code, run.err
    reports = {p.name: p.read_bytes() for p in sorted((out / "r").iterdir())}
    return reports, json.loads(timings.read_text("utf-8"))


def test_each_rule_gets_n_samples_and_the_findings_do_not_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    generate(corpus, claims=200, seed=3, rate=0.01)
    plain, plain_timings = _run(corpus, tmp_path / "plain")
    assert "rule_samples" not in plain_timings
    monkeypatch.setenv("FACTLINT_RULE_TIMINGS", "3")
    sampled, timings = _run(corpus, tmp_path / "sampled")
    assert sampled == plain
    samples = timings["rule_samples"]
    assert isinstance(samples, dict)
    rules = {c["code"] for c in json.loads(plain["factlint.json"])["checks"]}
    assert set(samples) == rules
    assert all(len(v) == 3 and all(x > 0 for x in v) for v in samples.values())
    first = timings["rule_seconds"]
    assert isinstance(first, dict)
    assert {k: v[0] for k, v in samples.items()} == first


def test_one_sample_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    generate(corpus, claims=60, seed=3, rate=0.0)
    monkeypatch.setenv("FACTLINT_RULE_TIMINGS", "1")
    _, timings = _run(corpus, tmp_path / "one", code=0)
    samples = timings["rule_samples"]
    assert isinstance(samples, dict)
    assert samples
    assert all(len(v) == 1 for v in samples.values())
