"""GX's per-metric repetitions done once while the rules run (``rules/gx_lean.py``), with the same results.

The reference is GX itself: the same suites validated with and without :func:`lean` give the same results, and
the rule stage's reports are byte-identical either way. Outside the block GX is as it was.
"""

from __future__ import annotations

import contextlib
from typing import Any

import pytest

from factlint.rules import gx_import

from .conftest import run_cli

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def gx() -> Any:
    return gx_import.gx_module()


def _validate(frame: Any, expectations: list[Any]) -> list[tuple[bool, Any, Any, Any]]:
    from great_expectations.core.expectation_suite import ExpectationSuite

    from factlint.rules.gx import PANDAS_RESULT_FORMAT, _context

    context = _context()
    source = context.data_sources.add_pandas(name="lean-test")
    try:
        batch = source.add_dataframe_asset(name="t").add_batch_definition_whole_dataframe(name="b")
        batch = batch.get_batch(batch_parameters={"dataframe": frame})
        suite = ExpectationSuite(name="lean-test", expectations=expectations)
        result = batch.validate(suite, result_format=PANDAS_RESULT_FORMAT, expectation_parameters={"wanted": "a"})
    finally:
        context.data_sources.delete(name="lean-test")
    return sorted(
        (
            bool(r.success),
            r.expectation_config.meta["n"],
            r.result.get("unexpected_index_list"),
            (r.result.get("element_count"), r.result.get("unexpected_count"), r.result.get("missing_count")),
        )
        for r in result.results
    )


def _expectations(gx: Any) -> list[Any]:
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    kind_is_a = {"type": "comparison", "column": {"name": "kind"}, "operator": "==", "parameter": "a"}
    configs = [
        ("expect_column_values_to_be_in_set", {"column": "value", "value_set": [1, 2], "row_condition": kind_is_a}),
        ("expect_column_values_to_be_between", {"column": "value", "min_value": 2, "row_condition": kind_is_a}),
        ("expect_column_values_to_not_be_in_set", {"column": "value", "value_set": [3]}),
        ("expect_column_pair_values_a_to_be_greater_than_b", {"column_A": "value", "column_B": "low"}),
        ("expect_compound_columns_to_be_unique", {"column_list": ["kind", "low"], "row_condition": kind_is_a}),
        ("expect_column_values_to_be_in_set", {"column": "kind", "value_set": [{"$PARAMETER": "wanted"}, "b"]}),
        ("expect_column_pair_values_to_be_equal", {"column_A": "kind", "column_B": "other"}),
        (
            "expect_column_pair_values_to_be_equal",
            {"column_A": "kind", "column_B": "other", "ignore_row_if": "either_value_is_missing"},
        ),
        (
            "expect_column_pair_values_to_be_equal",
            {"column_A": "kind", "column_B": "other", "row_condition": kind_is_a},
        ),
        ("expect_compound_columns_to_be_unique", {"column_list": ["other", "low"]}),
        ("expect_compound_columns_to_be_unique", {"column_list": ["other", "low"], "ignore_row_if": "never"}),
        ("expect_column_values_to_be_between", {"column": "low", "min_value": 1, "max_value": 4}),
        ("expect_column_values_to_be_between", {"column": "low", "min_value": 0, "strict_min": True}),
    ]
    out = []
    for n, (kind, kwargs) in enumerate(configs):
        expectation = ExpectationConfiguration(type=kind, kwargs=kwargs).to_domain_obj()
        expectation.meta = {"n": n}
        out.append(expectation)
    return out


def _frame() -> Any:
    import pandas as pd

    return pd.DataFrame(
        {
            "kind": pd.array(["a", "b", "a", "a", "c", "a"], dtype="string"),
            "value": pd.array([1, 3, 2, None, 3, 5], dtype="Int64"),
            "low": pd.array([0, 1, 2, 0, 5, 0], dtype="Int64"),
            "other": pd.array(["a", None, "b", "a", None, "a"], dtype="string"),
        }
    )


def test_results_are_gxs_own_with_and_without_lean(gx: Any) -> None:
    from factlint.rules.gx_lean import lean

    plain = _validate(_frame(), _expectations(gx))
    with lean():
        leaned = _validate(_frame(), _expectations(gx))
    assert leaned == plain
    assert [r[0] for r in plain] == [False] * 13  # every expectation found a failing row: a real comparison
    assert plain[0][2] == [5]  # the row ids (the frame's index) of the failing rows


def test_an_integer_column_without_a_missing_value_goes_to_gx_as_int64_with_the_same_results(gx: Any) -> None:
    # GX compares a numpy int64 column in one vectorised step; a nullable Int64 one through a Python function per
    # value (expect_column_values_to_be_between: FC233 on 324k dates at 100k claims).
    from factlint.rules.gx import for_gx

    frame = _frame()
    fast = for_gx(frame)
    assert [str(t) for t in fast.dtypes] == ["string", "Int64", "int64", "string"]  # value has a missing value
    assert [str(t) for t in frame.dtypes] == ["string", "Int64", "Int64", "string"]  # the table's own frame as it was
    assert list(fast.index) == list(frame.index)
    assert _validate(fast, _expectations(gx)) == _validate(frame, _expectations(gx))
    before = frame.copy()
    for column in list(fast.columns):  # as Session.validate empties it once GX is done
        del fast[column]
    assert frame.equals(before)
    assert list(frame.columns) == ["kind", "value", "low", "other"]
    empty = frame.iloc[:0]
    assert [str(t) for t in for_gx(empty).dtypes] == ["string", "Int64", "Int64", "string"]  # as declared


def test_gx_is_as_it_was_after_the_block(gx: Any) -> None:
    from great_expectations.execution_engine.pandas_execution_engine import PandasExecutionEngine
    from great_expectations.expectations.expectation import Expectation

    from factlint.rules.gx_lean import READERS, lean

    names = ("configuration", *READERS)
    before = {n: Expectation.__dict__[n] for n in names}
    row_filter = PandasExecutionEngine.__dict__["_apply_row_condition_filter"]
    domain_records = PandasExecutionEngine.__dict__["get_domain_records"]
    with contextlib.suppress(RuntimeError), lean():
        assert Expectation.__dict__["configuration"] is not before["configuration"]
        assert PandasExecutionEngine.__dict__["get_domain_records"] is not domain_records
        raise RuntimeError("the block fails")
    assert {n: Expectation.__dict__[n] for n in names} == before
    assert PandasExecutionEngine.__dict__["_apply_row_condition_filter"] is row_filter
    assert PandasExecutionEngine.__dict__["get_domain_records"] is domain_records


def test_each_condition_filters_a_table_once_and_each_reader_builds_the_configuration_once(
    gx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pandas as pd
    from great_expectations.expectations.expectation import Expectation

    from factlint.rules.gx_lean import lean

    queries: list[str] = []
    real_query = pd.DataFrame.query

    def query(self: Any, expr: str, **kwargs: Any) -> Any:
        queries.append(expr)
        return real_query(self, expr, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "query", query)
    _validate(_frame(), _expectations(gx))
    plain = len(queries)
    queries.clear()
    with lean():
        _validate(_frame(), _expectations(gx))
    assert len(queries) == len(set(queries)) == 1 < plain  # one condition on one table: filtered once

    built: list[int] = []
    real = Expectation.__dict__["configuration"].fget
    monkeypatch.setattr(Expectation, "configuration", property(lambda self: built.append(1) or real(self)))
    expectation = _expectations(gx)[0]
    runtime = expectation._get_runtime_kwargs()
    plain = len(built)
    built.clear()
    with lean():
        assert expectation._get_runtime_kwargs() == runtime
    assert len(built) == 1 < plain


def test_each_column_pair_or_list_domain_drops_its_missing_rows_once(gx: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # GX drops a column pair's (or list's) rows with missing values once per metric, four times per expectation:
    # a pass over every cell of those columns each time. Under lean() once per table and domain.
    import pandas as pd

    from factlint.rules.gx_lean import lean

    drops: list[tuple[str, tuple[str, ...]]] = []
    real_dropna = pd.DataFrame.dropna

    def dropna(self: Any, *args: Any, **kwargs: Any) -> Any:
        drops.append((kwargs.get("how"), tuple(kwargs.get("subset") or ())))
        return real_dropna(self, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "dropna", dropna)
    _validate(_frame(), _expectations(gx))
    plain = list(drops)
    drops.clear()
    with lean():
        _validate(_frame(), _expectations(gx))
    assert len(plain) >= 4 * 5  # GX repeats them
    assert set(drops) == set(plain)
    # once per domain: the pairs (value, low) and (kind, other), (kind, other) with either value missing and under a
    # condition; the two lists (one under a condition); the list with ignore_row_if "never" drops nothing
    assert len(drops) == 6


def test_each_caller_gets_its_own_filtered_frame(gx: Any) -> None:
    from great_expectations.execution_engine.pandas_execution_engine import PandasExecutionEngine

    from factlint.rules.gx_lean import lean

    frame = _frame()
    condition = {"type": "comparison", "column": {"name": "kind"}, "operator": "==", "parameter": "a"}
    engine = PandasExecutionEngine()
    plain = engine._apply_row_condition_filter(frame, condition, {})
    with lean():
        first = engine._apply_row_condition_filter(frame, condition, {})
        first["added"] = 1
        first.loc[first.index[0], "kind"] = "changed"  # a value changed in place: in the caller's frame only
        second = engine._apply_row_condition_filter(frame, condition, {})
    assert first is not second
    assert list(second.index) == [0, 2, 3, 5]
    assert second.equals(plain)
    assert list(second.dtypes) == list(plain.dtypes)
    assert "added" not in second.columns
    assert "added" not in frame.columns


def test_reports_are_the_same_bytes_without_lean(monkeypatch: pytest.MonkeyPatch) -> None:
    from factlint.rules import gx

    argv = ("validate", "tests/fixtures/report-corpus", "--today", "2026-11-29", "--format", "json", "--no-cache")
    leaned = run_cli(*argv)
    monkeypatch.setattr(gx, "lean", contextlib.nullcontext)
    plain = run_cli(*argv)
    assert leaned.code == plain.code == 1
    assert '"rule": "FC2' in plain.out
    assert leaned.out == plain.out


def test_a_gx_without_those_methods_is_left_as_it_is(gx: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # GX's private methods may change within the versions factlint accepts: then lean() changes nothing.
    from great_expectations.execution_engine.pandas_execution_engine import PandasExecutionEngine
    from great_expectations.expectations.expectation import Expectation

    from factlint.rules.gx_lean import READERS, lean

    for name in READERS:
        monkeypatch.delattr(Expectation, name, raising=False)
    monkeypatch.delattr(PandasExecutionEngine, "_apply_row_condition_filter")
    configuration = Expectation.__dict__["configuration"]
    with lean():
        assert Expectation.__dict__["configuration"] is configuration
        assert "_apply_row_condition_filter" not in PandasExecutionEngine.__dict__
    assert Expectation.__dict__["configuration"] is configuration
