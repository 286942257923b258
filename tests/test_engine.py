"""The rule engine option: pandas never imports pyspark; Spark without pyspark is a configuration error.

(pandas and Spark giving identical findings is ``nox -s spark``, tests/spark/.)
"""

from __future__ import annotations

import sys

import pytest

from .conftest import run_cli

pytestmark = pytest.mark.slow


def test_the_pandas_engine_never_imports_pyspark(in_root: object, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "pyspark" or m.startswith("pyspark.")]:
        monkeypatch.delitem(sys.modules, name)
    run = run_cli("validate", "claims", "--today", "2026-11-29")
    assert run.code in (0, 1), run.err
    assert "pyspark" not in sys.modules


def test_spark_without_pyspark_says_how_to_install_it(in_root: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)  # as if not installed
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    run = run_cli("validate", "claims", "--engine", "spark", "--today", "2026-11-29")
    assert run.code == 2
    assert "pip install 'factlint[spark]'" in run.err
    assert "Traceback" not in run.err


def test_pandas_batches_are_not_fingerprinted_and_gx_is_left_as_found(
    in_root: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GX's md5 fingerprint of each batch (a marker factlint never reads) is skipped while the rules run;
    GX's own setting is back afterwards, so another user of GX in the process keeps its fingerprints."""
    from factlint.rules import gx_import

    gx_import.import_gx()
    from great_expectations.execution_engine import pandas_execution_engine as engine

    def no_fingerprint(df: object) -> str:
        raise AssertionError("a batch was fingerprinted")

    monkeypatch.setattr(engine, "hash_pandas_dataframe", no_fingerprint)
    before = engine.HASH_THRESHOLD
    run = run_cli("validate", "tests/fixtures/report-corpus", "--today", "2026-11-29", "--format", "json")
    assert run.code == 1, run.err
    assert '"rule": "FC2' in run.out  # the rules ran and found what they find
    assert engine.HASH_THRESHOLD == before > 0
