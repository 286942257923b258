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
