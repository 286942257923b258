"""The result model: what checkers fill and reporters render.

Checkers (the loader, the schema stage, the rule stage) only *judge*: they
append :class:`Finding` objects to a :class:`Result`. Reporters only *render*
a finished result; they never decide what is wrong.

Here: :class:`Finding` (with its :class:`Severity` and the :class:`Waiver` that accepted it),
:class:`WaiverState` (every waiver of the run and whether it took effect), :class:`Rule` (one
description of every rule, built-in or in ``checks/``), :class:`RuleRun` (how a rule ran) and the
:class:`Result` that holds them. The records and the run's position lookup are in
:mod:`factlint.record`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any

from factlint.record import PositionIndex, Record


class Severity(StrEnum):
    """How bad a finding is. Only errors make ``validate`` exit 1."""

    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, order=True)
class Waiver:
    """The waiver that accepted a finding, as written on the claim (``waivers:``)."""

    rule: str
    reason: str
    granted: str
    expires: str

    def describe(self) -> str:
        return f"waived until {self.expires} (granted {self.granted}): {self.reason}"


@dataclass(frozen=True, order=True)
class WaiverState:
    """One waiver as written on a claim, and whether it took effect.

    Decided once, by the rule stage (``factlint.rules``): a waiver that any rule of the ``waivers``
    table reports (expired FC251, unknown rule FC252, past the horizon FC253, not waivable FC254,
    granted in the future FC255) waives nothing; its codes are ``rejected_by``. Reporters read this and
    never judge a waiver themselves.
    """

    file: str
    index: int
    """Its position in the claim's ``waivers:`` list."""
    claim_id: str | None
    waiver: Waiver
    rejected_by: tuple[str, ...] = ()
    """The codes of the rules that reported the waiver (``expired`` when only its date says so); empty
    when it is in effect."""

    @property
    def in_effect(self) -> bool:
        return not self.rejected_by

    def describe(self) -> str:
        """``waived until E (granted G): reason``, or ``not in effect (rejected by FC253): FC231 until E
        (granted G): reason`` for one that waives nothing."""
        w = self.waiver
        if self.in_effect:
            return w.describe()
        return (
            f"not in effect (rejected by {', '.join(self.rejected_by)}): "
            f"{w.rule} until {w.expires} (granted {w.granted}): {w.reason}"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "index": self.index,
            "claim_id": self.claim_id,
            "waiver": asdict(self.waiver),
            "in_effect": self.in_effect,
            "rejected_by": list(self.rejected_by),
        }


@dataclass(frozen=True, order=True)
class Finding:
    """One problem at one place. Ordered by file, line, column, rule, message."""

    file: str
    line: int
    column: int
    rule: str
    message: str
    slug: str = ""
    severity: Severity = Severity.ERROR
    claim_id: str | None = None
    pointer: str = ""
    waiver: Waiver | None = field(default=None, compare=False)
    """Set on a waived finding (``Result.waived``): the claim's waiver that accepted it."""
    involves: tuple[str, ...] = field(default=(), compare=False)
    """The files of the other records the finding is about (a status conflict's other claims, the entity a
    reference names, the map a claim is missing from): ``factlint validate FILE`` shows it for them too."""

    def as_dict(self) -> dict[str, Any]:
        # asdict(self) without its deep copies (every field but the waiver holds an immutable value)
        data = {name: getattr(self, name) for name in _FINDING_FIELDS}
        data["severity"] = self.severity.value
        if self.waiver is None:
            del data["waiver"]
        else:
            data["waiver"] = asdict(self.waiver)
        return data

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


_FINDING_FIELDS = tuple(f.name for f in fields(Finding) if f.name != "involves")
"""What a report holds of a finding: ``involves`` is what the one-file filter selects by; the reports show
the finding where it is."""


@dataclass(frozen=True)
class Rule:
    """One rule, from the catalogue to the report: a built-in code of the load or schema stage
    (``factlint.codes``), or a consistency rule of ``checks/`` (loaded by ``factlint.rules.catalog``,
    which fills the fields from ``scope`` on)."""

    code: str
    slug: str
    title: str
    description: str
    severity: Severity = Severity.ERROR
    stage: str = "load"
    """load, schema or rules."""
    scope: str = ""
    """For rules: the folder of checks/ the rule file is in."""
    rationale: str = ""
    table: str = ""
    expectation: dict[str, Any] = field(default_factory=dict)
    message: str = ""
    example: dict[str, str] = field(default_factory=dict)
    file: str = ""
    location: str = ""
    waivable: bool = False
    table_parameters: dict[str, Any] = field(default_factory=dict)
    """Settings the builder of ``table`` reads from the rule file (``table_parameters``)."""

    @property
    def position_columns(self) -> tuple[str, str]:
        prefix = f"{self.location}_" if self.location else ""
        return (f"{prefix}line", f"{prefix}column")

    def config(self) -> dict[str, Any]:
        """The ExpectationConfiguration arguments, with the rule code in ``meta``."""
        return {
            "type": self.expectation["type"],
            "kwargs": dict(self.expectation["kwargs"]),
            "meta": {"rule": self.code},
        }


@dataclass(frozen=True)
class RuleRun:
    """One rule as it ran: what it checked, on how many rows, and how many failed.

    Filled by the rule stage for every rule of ``checks/``; reporters read it (and never the
    rule files). ``kwargs`` are the GX expectation's arguments as written in the rule file.
    ``rows_evaluated`` counts the rows the expectation judged (after its row condition).
    """

    code: str
    slug: str
    title: str
    severity: Severity
    scope: str
    table: str
    expectation_type: str
    kwargs: dict[str, Any]
    rows_evaluated: int
    rows_failed: int
    waivable: bool = True
    description: str = ""
    stage: str = "rules"

    @property
    def passed(self) -> bool:
        return self.rows_failed == 0

    @classmethod
    def of(cls, rule: Rule, *, rows_evaluated: int, rows_failed: int) -> RuleRun:
        return cls(
            code=rule.code,
            slug=rule.slug,
            title=rule.title,
            severity=rule.severity,
            scope=rule.scope,
            table=rule.table,
            expectation_type=str(rule.expectation.get("type", "")),
            kwargs=dict(rule.expectation.get("kwargs", {})),
            rows_evaluated=rows_evaluated,
            rows_failed=rows_failed,
            waivable=rule.waivable,
            description=rule.description,
            stage=rule.stage,
        )


@dataclass
class Result:
    """Everything one ``validate`` run found, ready to render."""

    paths: list[str] = field(default_factory=list)
    files_checked: int = 0
    context_files: int = 0
    """When some files of a corpus were named (one-file mode), the record files of the corpus they were checked in:
    ``records`` and the rules' rows are that corpus's, the findings those of the named files (and those involving
    them). 0 when the run checked every file it read."""
    records: list[Record] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    waived: list[Finding] = field(default_factory=list)
    waivers: list[WaiverState] = field(default_factory=list)
    """Every waiver on a claim that reached the rule stage, and whether it took effect (empty when the
    rules did not run: then no waiver took effect)."""
    invalid_ids: dict[str, set[str]] = field(default_factory=dict)
    rules_run: list[str] = field(default_factory=list)
    rule_runs: list[RuleRun] = field(default_factory=list)
    """Every consistency rule that ran, by code."""
    positions: PositionIndex = field(default_factory=PositionIndex, repr=False, compare=False)
    """Where records' fields stand, for this run's findings."""
    _sorted: tuple[tuple[Finding, ...], list[Finding]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    """What the reports work out once from the records for every format (reporters.overview.claim_facts)."""

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)

    def sorted_findings(self) -> list[Finding]:
        """The distinct findings, sorted; worked out once for each state of ``findings`` (every report asks)."""
        now = tuple(self.findings)
        memo = self._sorted
        if memo is None or len(memo[0]) != len(now) or any(a is not b for a, b in zip(memo[0], now, strict=True)):
            memo = self._sorted = (now, sorted(set(now)))  # the same (frozen) objects give the same answer
        return list(memo[1])

    @property
    def errors(self) -> int:
        return sum(1 for f in self.sorted_findings() if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.sorted_findings() if f.severity is Severity.WARNING)

    def records_by_kind(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for rec in self.records:
            counts[rec.kind] = counts.get(rec.kind, 0) + 1
        return dict(sorted(counts.items()))

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0
