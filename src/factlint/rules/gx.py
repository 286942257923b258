"""Running the rules as Great Expectations expectations (GX 1.x).

Imported only by the rule stage: ``import great_expectations`` costs seconds,
so ``--schema-only`` never reaches this module. The import is done once per
process with GX's side effects undone (it turns on
``logging.captureWarnings`` at import; its loggers are chatty), in an
ephemeral context without progress bars; each table is validated in one call
with ``result_format`` COMPLETE and the row id, claim id and file as index
columns, so the failing rows come back for the findings.

GX 1.x imports, for expectations no rule of factlint's kind uses (the KL-divergence and
Kolmogorov-Smirnov ones and their charts), ``scipy.stats`` and ``altair`` at import time: about
half of its import. Stand-ins for those two are put in ``sys.modules`` before GX is imported (:data:`DEFERRED`): the
real module is imported on its first use, should a rule ever need it, and never otherwise.
"""

from __future__ import annotations

import gc
import importlib
import importlib.util
import logging
import sys
import time
import types
import warnings
from functools import cache
from typing import Any

from factlint.errors import InternalError
from factlint.model import Rule
from factlint.rules.catalog import RuleSetupError

INDEX_COLUMNS = ["row_id", "claim_id", "file"]
RESULT_FORMAT = {"result_format": "COMPLETE", "unexpected_index_column_names": INDEX_COLUMNS}


class RuleRunError(InternalError):
    """A rule could not run (GX raised, a column was missing): an error, never a pass (exit 3)."""


DEFERRED = ("scipy.stats", "altair")
"""Modules GX imports at import time but uses only inside expectations factlint's rules do not run."""


class _Deferred(types.ModuleType):
    """Stands in for a module in ``sys.modules`` until something reads one of its names."""

    def __getattr__(self, attr: str) -> Any:
        # Only names the stand-in lacks get here (its __name__, __spec__ and the like are its own).
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        real = importlib.import_module(self.__name__)  # the real module, from now on in sys.modules
        return getattr(real, attr)


def _defer(name: str) -> None:
    """Put a stand-in for ``name`` in ``sys.modules``: the real module is imported on its first use."""
    if name in sys.modules:
        return
    try:
        spec = importlib.util.find_spec(name)
    except ImportError:  # its package is missing: GX's own import then says so
        return
    if spec is None:
        return
    stand_in = _Deferred(name)
    stand_in.__spec__ = spec
    sys.modules[name] = stand_in


@cache
def _gx() -> Any:
    for name in DEFERRED:
        _defer(name)
    logger = logging.getLogger("great_expectations")
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.WARNING)  # GX logs hundreds of INFO lines at import
    with warnings.catch_warnings():
        # GX 1.x imports the deprecated stdlib modules sre_constants/sre_parse; scoped to the import only.
        warnings.filterwarnings(
            "ignore", message=r"module 'sre_(constants|parse)' is deprecated", category=DeprecationWarning
        )
        # GX's import makes ~170,000 objects that live as long as the process: collections while
        # it runs find no garbage and only cost time (their share of the import is about a tenth).
        enabled = gc.isenabled()
        gc.disable()
        try:
            import great_expectations as gx
        finally:
            if enabled:
                gc.enable()
    logging.captureWarnings(False)  # GX turns it on at import, which would swallow every later warning
    return gx


def import_gx() -> None:
    """Import Great Expectations now (once per process), so its cost can be timed on its own."""
    _gx()


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
    failing = sorted({int(r["row_id"]) for r in rows})  # int() also takes numpy's int64
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


def validate(
    frames: dict[str, Any],
    rules_by_table: dict[str, list[Rule]],
    parameters: dict[str, Any],
    *,
    engine: str = "pandas",
    spark_master: str | None = None,
    seconds: dict[str, dict[str, float]] | None = None,
    per_rule: bool = False,
) -> list[Outcome]:
    """Run every rule; return each rule with the row ids of its failing rows and the rows it judged.

    ``engine`` picks GX's datasource: ``pandas`` (in this process) or ``spark``
    (GX's Spark datasource; the typed pandas tables become Spark DataFrames through
    Arrow, see :mod:`factlint.rules.spark`). ``seconds``, when given, receives the
    time of each table's validation (``seconds["tables"]``) and, with ``per_rule``
    (each rule validated as a suite of its own, for the benchmark), of each rule.
    """
    if engine not in ENGINES:
        raise RuleSetupError(f"unknown engine '{engine}'; use one of: {', '.join(ENGINES)}")
    context = _context()  # imports GX first, with its import-time side effects handled
    from great_expectations.core.expectation_suite import ExpectationSuite

    sizes = {name: len(frame) for name, frame in frames.items()}
    if engine == "spark":
        from factlint.rules import spark

        config = spark.config(spark_master)
        frames = spark.to_spark(spark.session(config), frames)
        datasource = context.data_sources.add_spark(name="factlint", spark_config=config, persist=False)
    else:
        datasource = context.data_sources.add_pandas(name="factlint")
    try:
        return _validate_tables(
            datasource, frames, sizes, rules_by_table, parameters, ExpectationSuite, seconds=seconds, per_rule=per_rule
        )
    finally:
        # GX keeps its current context for the whole process, and with it every batch's DataFrame:
        # let go of them, or the tables stay in memory while the reports are written.
        context.data_sources.delete(name="factlint")


def _validate_tables(
    datasource: Any,
    frames: dict[str, Any],
    sizes: dict[str, int],
    rules_by_table: dict[str, list[Rule]],
    parameters: dict[str, Any],
    suite_class: Any,
    *,
    seconds: dict[str, dict[str, float]] | None = None,
    per_rule: bool = False,
) -> list[Outcome]:
    outcome: list[Outcome] = []
    for table, rules in sorted(rules_by_table.items()):
        expectations = []
        for index, rule in enumerate(rules):
            expectation = build_expectation(rule)
            expectation.meta = {"rule": rule.code, "index": index}
            expectations.append(expectation)
        asset = datasource.add_dataframe_asset(name=table)
        batch = asset.add_batch_definition_whole_dataframe(name=f"{table}-all").get_batch(
            batch_parameters={"dataframe": frames[table]}
        )
        # One suite per table; for the benchmark's per-rule times, one suite per rule.
        groups = [[e] for e in expectations] if per_rule else [expectations]
        results: list[Any] = []
        start = time.perf_counter()
        for group in groups:
            # The constructor keeps every expectation; add_expectation() would merge two that differ only in meta.
            suite = suite_class(name=f"factlint-{table}", expectations=group)
            t0 = time.perf_counter()
            try:
                result = batch.validate(suite, result_format=RESULT_FORMAT, expectation_parameters=parameters)
            except Exception as exc:  # GX raised for the whole table (e.g. a suite parameter)
                raise RuleRunError(f"the rules on table '{table}' could not run: {type(exc).__name__}: {exc}") from None
            if seconds is not None and per_rule:
                seconds.setdefault("rules", {})[group[0].meta["rule"]] = time.perf_counter() - t0
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
            failing, judged = failing_rows(rule, bool(res.success), res.result or {}, sizes[table])
            outcome.append((rule, failing, judged))
        missing = [rules[i].code for i in range(len(rules)) if i not in seen]
        if missing:
            raise RuleRunError(f"GX returned no result for rule(s) {', '.join(missing)}")
    return outcome
