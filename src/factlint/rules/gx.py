"""Running the rules as Great Expectations expectations (GX 1.x).

Imported only by the rule stage: ``import great_expectations`` costs seconds,
so ``--schema-only`` never reaches this module. The import is done once per
process with GX's side effects undone (it turns on
``logging.captureWarnings`` at import; its loggers are chatty), in an
ephemeral context without progress bars; each table is validated in one call
with ``result_format`` COMPLETE, so the failing rows' ids come back for the
findings (pandas: the frame's index, which is the row id; Spark: the ``row_id``
column); the rest of a row is read from the table. GX's per-metric repetitions are
done once while a table is validated (:mod:`factlint.rules.gx_lean`).

The import itself (and the modules it defers) is :mod:`factlint.rules.gx_import`.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import Any

from factlint.errors import InternalError
from factlint.model import Rule
from factlint.rules.catalog import RuleSetupError
from factlint.rules.gx_import import gx_module as _gx
from factlint.rules.gx_lean import lean

INDEX_COLUMNS = ["row_id"]
RESULT_FORMAT = {
    "result_format": "COMPLETE",
    "unexpected_index_column_names": INDEX_COLUMNS,
    # GX would also write a query text naming every failing row (for pandas, a filter of all their index values).
    "return_unexpected_index_query": False,
}
"""Spark's: a Spark DataFrame has no index, so each failing row's ``row_id`` column comes back."""
PANDAS_RESULT_FORMAT = {"result_format": "COMPLETE", "return_unexpected_index_query": False}
"""pandas': a table's frame has the default index, its row ids (``Table.to_frame``), and the failing rows come back
as their index values. Naming ``row_id`` as an index column instead makes GX read that cell of every failing row
one ``DataFrame.at`` at a time (a fifth of the rules' time at 10k claims)."""


class RuleRunError(InternalError):
    """A rule could not run (GX raised, a column was missing): an error, never a pass (exit 3)."""


def build_expectation(rule: Rule) -> Any:
    """The GX expectation of ``rule``; an unknown type or a bad argument raises RuleSetupError."""
    _gx()
    from great_expectations.exceptions.exceptions import (
        ExpectationNotFoundError,
        InvalidExpectationConfigurationError,
    )
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration
    from pydantic.v1 import ValidationError

    try:
        # to_domain_obj() raises on an unknown type; a suite built from dicts would silently drop it.
        return ExpectationConfiguration(**rule.config()).to_domain_obj()
    except ExpectationNotFoundError:
        import difflib

        from great_expectations.expectations.registry import list_registered_expectation_implementations

        known = list_registered_expectation_implementations()
        close = difflib.get_close_matches(rule.expectation["type"], known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise RuleSetupError(f"{rule.file}: unknown expectation type '{rule.expectation['type']}'{hint}") from None
    except (InvalidExpectationConfigurationError, ValidationError, TypeError, ValueError) as exc:
        text = " ".join(str(exc).split())
        raise RuleSetupError(f"{rule.file}: bad expectation arguments: {text}") from None


def _context() -> Any:
    gx = _gx()
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        progress_bars=ProgressBarsConfig(globally=False),
        analytics_enabled=False,
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def _exception_messages(info: Any) -> list[str]:
    """GX reports a metric that raised in one of two shapes: flat, or keyed by metric id."""
    if not info:
        return []
    if "raised_exception" in info:
        return [str(info.get("exception_message"))] if info.get("raised_exception") else []
    messages: list[str] = []
    for sub in info.values():
        if isinstance(sub, dict) and sub.get("raised_exception"):
            msg = str(sub.get("exception_message"))
            if msg not in messages:
                messages.append(msg)
    return messages


Outcome = tuple[Rule, list[int], int]
"""A rule, the row ids of its failing rows, and how many rows it judged."""


def failing_rows(rule: Rule, success: bool, info: dict[str, Any], table_rows: int) -> tuple[list[int], int]:
    """The row ids of a rule's failing rows and the number of rows it judged, from GX's result.

    Fails closed: a failed rule that names no row, or a list of failing rows shorter than GX's
    own ``unexpected_count`` (some engines cut it at ``partial_unexpected_count``), is an error.
    """
    rows = info.get("unexpected_index_list") or []
    # dicts naming the row_id column (Spark), or the frame's index values, which are the row ids (pandas)
    failing = sorted({int(r["row_id"] if isinstance(r, dict) else r) for r in rows})  # int() takes numpy's int64
    if not success and not failing:
        raise RuleRunError(f"{rule.file}: rule {rule.code} failed without naming a failing row")
    count = info.get("unexpected_count")
    if count is not None and int(count) != len(failing):
        raise RuleRunError(
            f"{rule.file}: rule {rule.code}: GX counted {int(count)} failing rows but named {len(failing)}"
        )
    judged = int(info.get("element_count", table_rows)) - int(info.get("missing_count") or 0)
    return failing, judged


ENGINES = ("pandas", "spark")
"""The GX execution engines ``validate --engine`` accepts; pandas is the default and the reference."""


class Session:
    """The rule stage's one GX context and datasource; the tables are validated one at a time.

    ``engine`` picks GX's datasource: ``pandas`` (in this process) or ``spark`` (GX's Spark
    datasource; each typed pandas table becomes a Spark DataFrame through Arrow, see
    :mod:`factlint.rules.spark`). ``seconds``, when given, receives the time of each table's
    validation (``seconds["tables"]``) and, with ``per_rule`` N > 0 (each rule validated as a suite of its
    own, N times, for the benchmark), of each rule (``seconds["rules"]``: the first time; ``seconds["samples"]``:
    all N). Use it as a context manager: on exit GX's setting is
    restored and its datasource deleted.
    """

    def __init__(
        self,
        parameters: dict[str, Any],
        *,
        engine: str = "pandas",
        spark_master: str | None = None,
        seconds: dict[str, dict[str, Any]] | None = None,
        per_rule: int = 0,
    ) -> None:
        if engine not in ENGINES:
            raise RuleSetupError(f"unknown engine '{engine}'; use one of: {', '.join(ENGINES)}")
        self.parameters = parameters
        self.engine = engine
        self.seconds = seconds
        self.per_rule = per_rule
        self.result_format = RESULT_FORMAT if engine == "spark" else PANDAS_RESULT_FORMAT
        self.spark: Any = None
        self.context = _context()  # imports GX first, with its import-time side effects handled
        if engine == "spark":
            from factlint.rules import spark

            config = spark.config(spark_master)
            self.spark = spark.session(config)
            self.datasource = self.context.data_sources.add_spark(name="factlint", spark_config=config, persist=False)
        else:
            self.datasource = self.context.data_sources.add_pandas(name="factlint")
        try:
            # One asset and batch definition for every table (each batch is its own table's DataFrame): GX writes
            # its whole project configuration out again for each asset and definition added.
            asset = self.datasource.add_dataframe_asset(name="tables")
            self.batches = asset.add_batch_definition_whole_dataframe(name="table")
        except BaseException:
            self.context.data_sources.delete(name="factlint")
            raise
        self._fingerprints = _no_fingerprints()

    def __enter__(self) -> Session:
        self._fingerprints.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self._fingerprints.__exit__(None, None, None)
        finally:
            # GX keeps its current context for the whole process, and with it the datasource: let it go.
            self.context.data_sources.delete(name="factlint")

    def validate(self, table: str, frame: Any, rules: list[Rule]) -> list[Outcome]:
        """Run ``rules`` on ``table`` (its typed pandas DataFrame ``frame``); each rule with its failing row ids.

        GX keeps every batch it validated (its data included) in the execution engine's batch manager until
        the datasource goes: that is emptied here. GX's validator of the batch still holds the frame in a
        reference cycle until the collector's next full pass: the caller empties it (``Table.release``)."""
        if self.spark is not None:
            from factlint.rules import spark

            data = spark.to_spark(self.spark, table, frame)
        else:
            data = for_gx(frame)
        batch = self.batches.get_batch(batch_parameters={"dataframe": data})
        try:
            return _validate_table(
                batch,
                table,
                len(frame),
                rules,
                self.parameters,
                self.result_format,
                seconds=self.seconds,
                per_rule=self.per_rule,
            )
        finally:
            manager = batch.data.execution_engine.batch_manager
            manager.reset_batch_cache()
            manager.batch_data_cache.clear()
            if data is not frame and self.spark is None:
                # GX's validator keeps the frame it validated in a reference cycle (see Table.release): emptied in
                # place, so the columns it shares with the table's frame go when that one lets them go.
                for column in list(data.columns):
                    del data[column]


def for_gx(frame: Any) -> Any:
    """The frame pandas' GX validates: ``frame``, but a nullable ``Int64`` column without a missing value as numpy
    ``int64`` (a frame of its own over the same column arrays, which may be emptied without touching the table's
    frame, whatever the pandas version's copy-on-write). The same values, compared the same way: GX
    takes its vectorised path only for numpy int and float columns, and maps a Python function over every value of
    any other (``expect_column_values_to_be_between``: FC233 over the 324k dates of 100k claims). A column with a
    missing value, and every column of an empty table, stays as declared."""
    import pandas as pd

    if not len(frame):
        return frame
    cast = [c for c, t in frame.dtypes.items() if isinstance(t, pd.Int64Dtype) and not frame[c].array.isna().any()]
    if not cast:
        return frame
    data = {c: frame[c].to_numpy(dtype="int64") if c in cast else frame[c].array for c in frame.columns}
    return pd.DataFrame(data, index=frame.index, columns=frame.columns, copy=False)


@contextlib.contextmanager
def _no_fingerprints() -> Iterator[None]:
    """GX fingerprints every pandas batch (an md5 over a hash of each cell, twice a table) for a batch marker
    that factlint never reads: skipped while the rules run (GX's own size limit set to 0), then restored."""
    from great_expectations.execution_engine import pandas_execution_engine as engine

    before = getattr(engine, "HASH_THRESHOLD", None)
    engine.HASH_THRESHOLD = 0
    try:
        yield
    finally:
        if before is not None:
            engine.HASH_THRESHOLD = before


def _validate_table(
    batch: Any,
    table: str,
    size: int,
    rules: list[Rule],
    parameters: dict[str, Any],
    result_format: dict[str, Any],
    *,
    seconds: dict[str, dict[str, Any]] | None = None,
    per_rule: int = 0,
) -> list[Outcome]:
    from great_expectations.core.expectation_suite import ExpectationSuite

    outcome: list[Outcome] = []
    expectations = []
    for index, rule in enumerate(rules):
        expectation = build_expectation(rule)
        expectation.meta = {"rule": rule.code, "index": index}
        expectations.append(expectation)
    # One suite per table; for the benchmark's per-rule times, one suite per rule, every one validated per_rule
    # times, round after round (a rule's samples spread over the table's whole time); results of the first round.
    groups = [[e] for e in expectations] if per_rule else [expectations]
    results: list[Any] = []
    start = time.perf_counter()
    for round_ in range(max(1, per_rule)):
        for group in groups:
            # The constructor keeps every expectation; add_expectation() would merge two that differ only in meta.
            suite = ExpectationSuite(name=f"factlint-{table}", expectations=group)
            t0 = time.perf_counter()
            try:
                with lean():  # per table: the rows a condition keeps are let go with the table
                    result = batch.validate(suite, result_format=result_format, expectation_parameters=parameters)
            except Exception as exc:  # GX raised for the whole table (e.g. a suite parameter)
                message = f"the rules on table '{table}' could not run: {type(exc).__name__}: {exc}"
                raise RuleRunError(message) from None
            if seconds is not None and per_rule:
                code, took = group[0].meta["rule"], time.perf_counter() - t0
                seconds.setdefault("samples", {}).setdefault(code, []).append(took)
                seconds.setdefault("rules", {}).setdefault(code, took)
            if round_ == 0:
                results.extend(result.results)
    if seconds is not None:
        seconds.setdefault("tables", {})[table] = time.perf_counter() - start
    seen: set[int] = set()
    for res in results:
        index = int(res.expectation_config.meta["index"])
        rule = rules[index]
        seen.add(index)
        errors = _exception_messages(res.exception_info)
        if errors:
            raise RuleRunError(f"{rule.file}: rule {rule.code} could not run: {'; '.join(errors)}")
        failing, judged = failing_rows(rule, bool(res.success), res.result or {}, size)
        outcome.append((rule, failing, judged))
    missing = [rules[i].code for i in range(len(rules)) if i not in seen]
    if missing:
        raise RuleRunError(f"GX returned no result for rule(s) {', '.join(missing)}")
    return outcome
