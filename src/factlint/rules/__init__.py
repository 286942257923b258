"""The rule stage: consistency rules across records, run as GX expectations.

``run(result)`` builds the tables from the records that passed their schemas,
runs every rule of ``checks/`` on them and adds a finding per failing row to
the result, in the same model as load and schema findings. Waivers are applied
last: a claim may waive a rule (FC2xx and up) until a date; a waived finding
is kept aside in ``result.waived``, not dropped silently.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections import defaultdict
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from factlint import heap
from factlint.codes import CODES, finding
from factlint.model import Finding, Result, Rule, RuleRun, Waiver, WaiverState
from factlint.rules.catalog import RuleSetupError, columns_named, load_rules, table_parameters
from factlint.rules.early import Pending
from factlint.rules.tables import Table, build, locate
from factlint.rules.tables.columns import INVOLVING
from factlint.timings import Timings, phase

if TYPE_CHECKING:
    from factlint.rules.gx import Outcome, Session
    from factlint.rules.tables.cached import TableStore

__all__ = ["RuleSetupError", "run"]


WAIVED_BY = "file"
"""A waiver sets aside the findings in its own claim's file: keyed by file, not by id, since a coverage
map, source or entity may have a claim's id (and two claims one id, FC301)."""


class _Fields:
    """A row's values as a message shows them, each worked out when the message names it: ``?`` for a column the
    row lacks (or a private one), numbers as :func:`_text` gives them."""

    __slots__ = ("row",)

    def __init__(self, row: dict[str, Any]) -> None:
        self.row = row

    def __getitem__(self, key: str) -> Any:
        if key.startswith("_") or key not in self.row:
            return "?"
        return _text(self.row[key])


def _text(value: Any) -> Any:
    if isinstance(value, float):
        if math.isnan(value):
            return "—"
        if value.is_integer():
            return int(value)
    return "—" if value is None else value


def involves(rule: Rule, row: dict[str, Any]) -> tuple[str, ...]:
    """The files of the other records a finding of ``rule`` on ``row`` involves (``INVOLVING``), sorted."""
    others = row.get("_involves")
    if others is None:
        return ()
    kwargs = rule.expectation.get("kwargs", {})
    checked = {kwargs.get("column"), kwargs.get("column_A"), kwargs.get("column_B"), *kwargs.get("column_list", ())}
    if not checked & INVOLVING.get(rule.table, frozenset()):
        return ()
    recs = others if isinstance(others, tuple) else (others,)
    return tuple(sorted({r.file for r in recs} - {row["file"]}))


def message(rule: Rule, row: dict[str, Any]) -> str:
    """The rule's message with the row's values (``str.format_map``: only the fields it names are read)."""
    return rule.message.format_map(_Fields(row))


def run(
    result: Result,
    *,
    today: _dt.date | None = None,
    checks: str | None = None,
    timings: Timings | None = None,
    engine: str = "pandas",
    spark_master: str | None = None,
    pending: Pending | None = None,
    store: TableStore | None = None,
) -> None:
    """Run the consistency rules over ``result.records``, adding findings to ``result``.

    ``engine`` is the GX execution engine (``pandas``, or ``spark`` with the ``spark`` extra); the
    findings are the same on both (``nox -s spark``). ``pending``: the tables a forked child is building
    meanwhile (:mod:`factlint.rules.early`); they are built here if it has none. ``store``: the tables kept in
    the content cache (:mod:`factlint.rules.tables.cached`), taken over where nothing they come from changed.
    """
    from factlint.rules import gx_import

    if pending is not None:  # a child builds the tables meanwhile
        with phase(timings, "gx_import"):
            gx_import.import_gx()
    with phase(timings, "tables"):
        rules = load_rules(checks)
        today = today or _dt.date.today()
        parameters = table_parameters(rules)
        rows = pending.tables() if pending is not None and pending.parameters == parameters else None
        if rows is None:
            rows = build(result.records, result.invalid_ids, parameters, store)
        elif timings is not None:
            timings.info["tables_built_early"] = pending.seconds  # type: ignore[union-attr]
    with phase(timings, "gx_import"):
        heap.trim()  # what the build let go of back to the system (factlint.heap): the stages' peaks do not add up
        gx_import.import_gx()  # (after the build: GX's memory goes into what the build let go of)
    with phase(timings, "rules"):
        _run(result, rules, rows, today, timings=timings, engine=engine, spark_master=spark_master)
    heap.trim()  # the frames and the tables' columns, before the reports


def _waivers(
    table: Table, outcome: list[tuple[Rule, list[int], int]], today: _dt.date
) -> list[tuple[str, WaiverState]]:
    """Every waiver, in table order, with its ``WAIVED_BY`` key, and whether it holds (decided here
    once; reporters only read it): a waiver any rule of the ``waivers`` table reports (expired FC251,
    past the horizon FC253, granted in the future FC255, ...) waives nothing, and neither does one past
    its expiry (checked here too, whatever FC251 says: fail closed; ``expired`` stands for the code)."""
    rejected: dict[int, list[str]] = defaultdict(list)
    for rule, failing, _ in outcome:
        if rule.table == "waivers":
            for row_id in failing:
                rejected[row_id].append(rule.code)
    states = []
    for w in table:
        codes = sorted(set(rejected.get(w["row_id"], ())))
        if not codes and (w["expires_day"] or 0) < today.toordinal():
            codes = ["expired"]
        waiver = Waiver(
            rule=str(w["rule"]), reason=str(w["reason"]), granted=str(w["granted"]), expires=str(w["expires"])
        )
        index = w["_at"][0][1]
        states.append((str(w[WAIVED_BY]), WaiverState(str(w["file"]), int(index), w["claim_id"], waiver, tuple(codes))))
    return states


READ_WHOLE = ("waivers",)
"""Tables the rule stage reads every row of (:func:`_waivers`), not only the failing ones."""


TRIM_ROWS = 100_000
"""After validating a table of at least this many rows, the heap's free pages go back to the system
(:func:`factlint.heap.trim`, a few milliseconds): otherwise each larger table's frame and GX's work on it
come on top of the memory the previous one let go of."""


def _read(rules: list[Rule]) -> set[str]:
    """The columns ``rules`` read: only these go into the table's DataFrame (the rows kept for the findings have
    every column, see :meth:`Table.release`)."""
    return {c for rule in rules for c in columns_named(rule.expectation["kwargs"])}


def _validate(session: Session, tables: dict[str, Table], by_table: dict[str, list[Rule]]) -> list[Outcome]:
    """Every rule's outcome, in the order of the tables' names; one table at a time.

    A table's DataFrame is made just before its rules run, and released right after: only the rows the
    findings read stay (:meth:`Table.release`), so the tables' DataFrames and GX's work on each never
    all coexist. The smallest tables go first: by the time the largest is validated, the others are gone.
    """
    done: dict[str, list[Outcome]] = {}
    for name in sorted({*by_table, *READ_WHOLE}, key=lambda n: (len(tables[n]), n)):
        table = tables[name]
        frame = table.to_frame(_read(by_table.get(name, [])))
        outcome = session.validate(name, frame, by_table[name]) if name in by_table else []
        del frame  # the table's own reference is the last: release() lets it go
        keep = range(len(table)) if name in READ_WHOLE else {i for _, failing, _ in outcome for i in failing}
        table.release(keep)
        if len(table) >= TRIM_ROWS:
            heap.trim()  # the frame and the released columns back to the system before the next, larger table
        done[name] = outcome
    return [o for name in sorted(done) for o in done[name]]


def _run(
    result: Result,
    rules: tuple[Rule, ...],
    rows: dict[str, Table],
    today: _dt.date,
    *,
    timings: Timings | None = None,
    engine: str = "pandas",
    spark_master: str | None = None,
) -> None:
    import os

    from factlint.rules import gx

    parameters = {
        "rule_codes": sorted({*CODES, *(r.code for r in rules)}),
        "unwaivable_codes": sorted({*CODES, *(r.code for r in rules if not r.waivable)}),
        "today_day": today.toordinal(),
    }
    by_table: dict[str, list[Rule]] = defaultdict(list)
    for rule in rules:
        by_table[rule.table].append(rule)
    seconds: dict[str, dict[str, Any]] = {}
    # FACTLINT_RULE_TIMINGS=N (with --timings; the benchmark's per-rule run): one suite per rule, validated N times.
    wanted = os.environ.get("FACTLINT_RULE_TIMINGS", "")
    per_rule = int(wanted) if timings is not None and wanted.isdigit() else 0
    session = gx.Session(parameters, engine=engine, spark_master=spark_master, seconds=seconds, per_rule=per_rule)
    with session:
        outcome = _validate(session, rows, by_table)
    if timings is not None:
        timings.info["table_seconds"] = {k: round(v, 6) for k, v in sorted(seconds.get("tables", {}).items())}
        if per_rule:
            timings.info["rule_seconds"] = {k: round(v, 6) for k, v in sorted(seconds.get("rules", {}).items())}
            samples = sorted(seconds.get("samples", {}).items())
            timings.info["rule_samples"] = {k: [round(x, 6) for x in v] for k, v in samples}
        timings.info["engine"] = engine
    states = _waivers(rows["waivers"], outcome, today)
    result.waivers = sorted(s for _, s in states)
    # by (file of the claim, rule); of two waivers of one rule on a claim, the last that holds wins
    waivers = {(key, s.waiver.rule): s.waiver for key, s in states if s.in_effect}
    for rule, failing, judged in outcome:
        result.rule_runs.append(RuleRun.of(rule, rows_evaluated=judged, rows_failed=len(failing)))
        line_col, col_col = rule.position_columns
        seen: set[Finding] = set()
        for raw in rows[rule.table].rows(failing):
            row = locate(raw, result.positions)
            item = Finding(
                file=row["file"],
                line=int(row[line_col]),
                column=int(row[col_col]),
                rule=rule.code,
                message=message(rule, row),
                slug=rule.slug,
                severity=rule.severity,
                claim_id=row["claim_id"],
                involves=involves(rule, row),
            )
            if item in seen:
                continue  # rows of one group (e.g. FC211's pairs) that give the same finding
            seen.add(item)
            waiver = waivers.get((row[WAIVED_BY], rule.code))
            if waiver is not None and rule.waivable:
                result.waived.append(replace(item, waiver=waiver))  # kept, with why: every report shows it
            else:
                result.add(item)
    result.rule_runs.sort(key=lambda r: r.code)
    result.rules_run = [r.code for r in rules]
    for file, why in sorted(result.positions.unreadable.items()):
        result.add(
            finding(
                "FC011", file, 1, 1,
                f"the file could not be read again to place the rule findings on it ({why}); "
                "they point at line 1: run again once the file is back",
            )
        )  # fmt: skip
