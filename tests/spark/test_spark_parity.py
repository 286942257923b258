"""pandas and Spark give identical findings (``nox -s spark``; not a default session, not in CI).

The same checks/ run through Great Expectations' pandas and Spark datasources
on claims/, on the fixture tree (empty tables: no waivers) and on a generated
10k corpus with planted violations of every rule; the JSON reports must be
byte-identical, and the planted counts found exactly.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from bench.generate import TODAY, generate

from factlint import validate
from factlint.reporters import render

from ..conftest import FIXTURES, ROOT

pytestmark = pytest.mark.slow


def _json(paths: list[str], engine: str) -> tuple[str, validate.Result]:
    result = validate.run(paths, today=TODAY, engine=engine, spark_master="local[2]")
    assert "rules" in result.stages
    assert result.rules_run, "no rule ran"
    return render("json", result), result


@pytest.mark.parametrize("tree", [str(ROOT / "claims"), str(FIXTURES / "valid")])
def test_spark_matches_pandas_on_the_real_corpus_and_fixtures(tree: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    pandas_json, _ = _json([tree], "pandas")
    spark_json, _ = _json([tree], "spark")
    assert spark_json == pandas_json


def test_spark_matches_pandas_on_10k_generated_claims_with_planted_violations(tmp_path: Path) -> None:
    manifest = generate(tmp_path / "g", claims=10_000, seed=1, rate=0.001)
    pandas_json, pandas_result = _json([str(tmp_path / "g")], "pandas")
    spark_json, spark_result = _json([str(tmp_path / "g")], "spark")
    found = Counter(f.rule for f in spark_result.sorted_findings())
    assert dict(found) == manifest.expected
    assert spark_result.waived == pandas_result.waived
    assert spark_json == pandas_json
