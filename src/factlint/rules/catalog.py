"""Consistency rules as data: loading and checking the rule files in ``checks/``.

Each rule is one YAML file ``checks/<scope>/<CODE>-<slug>.yaml`` (see
``schemas/rule.schema.json``). Loading is fail-closed: a rule file that does
not fit the schema, names a column its table lacks, has a message template
with an unknown field, or (when built) an expectation type or argument that
Great Expectations does not know, raises :class:`RuleSetupError` naming the
file - the run stops with exit 2, the rule is never silently dropped.
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from factlint import loader, schemas
from factlint.errors import ConfigError
from factlint.model import Rule, Severity
from factlint.resources import data_dir
from factlint.rules.tables import PARAMETERS, TABLE_PARAMETERS, TABLES, frame_columns


class RuleSetupError(ConfigError):
    """A rule file is broken: an internal/configuration error (exit 2)."""


__all__ = ["Rule", "RuleSetupError", "columns_named", "load_rules", "table_parameters"]


def _condition_columns(cond: Any) -> Iterator[str]:
    if isinstance(cond, dict):
        column = cond.get("column")
        if isinstance(column, dict) and isinstance(column.get("name"), str):
            yield column["name"]
        for sub in cond.get("conditions", []) or []:
            yield from _condition_columns(sub)


def columns_named(kwargs: dict[str, Any]) -> list[str]:
    """Every table column an expectation's arguments refer to."""
    names: list[str] = []
    for key in ("column", "column_A", "column_B"):
        if isinstance(kwargs.get(key), str):
            names.append(kwargs[key])
    if isinstance(kwargs.get("column_list"), list):
        names += [c for c in kwargs["column_list"] if isinstance(c, str)]
    names += list(_condition_columns(kwargs.get("row_condition")))
    return names


def _parameters_named(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if set(node) == {"$PARAMETER"}:
            yield str(node["$PARAMETER"])
        for value in node.values():
            yield from _parameters_named(value)
    elif isinstance(node, list):
        for value in node:
            yield from _parameters_named(value)


def _check(rule: Rule) -> None:
    where = rule.file
    columns = TABLES[rule.table]
    stem = Path(rule.file).name.removesuffix(".yaml")
    if stem != f"{rule.code}-{rule.slug}":
        raise RuleSetupError(f"{where}: the file must be named {rule.code}-{rule.slug}.yaml")
    for column in rule.position_columns:
        if column not in columns:
            raise RuleSetupError(f"{where}: table '{rule.table}' has no position '{rule.location}' ({column})")
    kwargs = rule.expectation["kwargs"]
    if isinstance(kwargs.get("row_condition"), str) or "condition_parser" in kwargs:
        raise RuleSetupError(f"{where}: write row_condition in GX's dict form, not as a string")
    checkable = frame_columns(rule.table)  # positions are not data: no expectation can check them
    for name in columns_named(kwargs):
        if name not in checkable:
            import difflib

            close = difflib.get_close_matches(name, checkable, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise RuleSetupError(f"{where}: table '{rule.table}' has no column '{name}'{hint}")
    for name in _parameters_named(kwargs):
        if name not in PARAMETERS:
            raise RuleSetupError(f"{where}: unknown suite parameter '{name}'; known: {', '.join(sorted(PARAMETERS))}")
    reads = TABLE_PARAMETERS.get(rule.table, {})
    for name in rule.table_parameters:
        if name not in reads:
            known = ", ".join(sorted(reads)) or "none"
            raise RuleSetupError(f"{where}: table '{rule.table}' reads no parameter '{name}' (it reads: {known})")
    for _, field, _, _ in string.Formatter().parse(rule.message):
        if field is not None and field.split(".")[0].split("[")[0] not in columns:
            raise RuleSetupError(f"{where}: the message names '{{{field}}}', which table '{rule.table}' lacks")


def _load_one(path: Path, root: Path) -> Rule:
    name = path.as_posix()
    try:
        doc = loader.load_path(path)
    except (loader.LoadError, OSError) as exc:
        raise RuleSetupError(f"{name}: {exc}") from None
    validator = schemas.validator("rule")
    error = next(iter(sorted(validator.iter_errors(doc.data), key=lambda e: list(e.absolute_path))), None)
    if error is not None:
        line, col = doc.positions.locate(tuple(error.absolute_path))
        raise RuleSetupError(f"{name}:{line}:{col}: {error.message}")
    data = doc.data
    rule = Rule(
        code=data["code"],
        slug=data["slug"],
        title=data["title"],
        description=data["description"],
        rationale=data["rationale"],
        severity=Severity(data["severity"]),
        table=data["table"],
        expectation=data["expectation"],
        message=data["message"],
        example=data["example"],
        file=name,
        stage="rules",
        scope=path.parent.relative_to(root).as_posix(),
        location=data.get("location", ""),
        waivable=bool(data["waivable"]),
        table_parameters=data.get("table_parameters", {}),
    )
    _check(rule)
    return rule


@cache
def load_rules(folder: str | None = None) -> tuple[Rule, ...]:
    """Every rule in the checks folder, sorted by code; codes must be unique."""
    root = Path(folder) if folder else data_dir("checks")
    files = sorted(p for p in root.rglob("*.yaml") if not p.name.startswith("."))
    if not files:
        raise RuleSetupError(f"no rule files in {root}: refusing to pass a corpus without running any rule")
    rules = [_load_one(p, root) for p in files]
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.code in seen:
            raise RuleSetupError(f"{rule.file}: rule code {rule.code} is also used by {seen[rule.code]}")
        seen[rule.code] = rule.file
    _check_parameters(rules)
    return tuple(sorted(rules, key=lambda r: r.code))


def _check_parameters(rules: list[Rule]) -> None:
    """Each parameter of a table that loaded rules run on is set by exactly one of them."""
    for table in sorted({r.table for r in rules}):
        on_table = sorted((r for r in rules if r.table == table), key=lambda r: r.code)
        for name in TABLE_PARAMETERS.get(table, {}):
            setters = [r for r in on_table if name in r.table_parameters]
            if not setters:
                raise RuleSetupError(
                    f"{on_table[0].file}: table '{table}' needs table_parameters.{name}, which none of its rules "
                    f"({', '.join(r.code for r in on_table)}) sets"
                )
            if len(setters) > 1:
                raise RuleSetupError(
                    f"{setters[1].file}: table_parameters.{name} is set by {setters[0].code} too; set it in one rule"
                )


def table_parameters(rules: tuple[Rule, ...]) -> dict[str, Any]:
    """The ``table_parameters`` of every rule, for :func:`factlint.rules.tables.build`."""
    return {name: value for rule in rules for name, value in rule.table_parameters.items()}
