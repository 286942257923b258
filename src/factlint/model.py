"""The result model: what checkers fill and reporters render.

Checkers (the loader, the schema stage, the rule stage) only *judge*: they
append :class:`Finding` objects to a :class:`Result`. Reporters only *render*
a finished result; they never decide what is wrong.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from factlint.loader import Positions


class Severity(StrEnum):
    """How bad a finding is. Only errors make ``validate`` exit 1."""

    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value


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

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Record:
    """A record that loaded and passed its schema, with where its parts stand.

    ``positions`` may be None: records checked in worker processes come back
    without them (on a large corpus they would take most of the memory), and
    :meth:`line_of` then reads them from the file the first time a finding
    needs one.
    """

    kind: str
    file: str
    data: dict[str, Any]
    positions: Positions | None = None
    path: str = ""
    """Where the file is read from, when that differs from ``file`` (its name in findings)."""

    @property
    def id(self) -> str | None:
        value = self.data.get("id")
        return value if isinstance(value, str) else None

    def line_of(self, *path: str | int, prefer_value: bool = False) -> tuple[int, int]:
        positions = self.positions if self.positions is not None else _positions_of(self.path or self.file)
        return positions.locate(tuple(path), prefer_value=prefer_value)


@lru_cache(maxsize=64)
def _positions_of(file: str) -> Positions:
    from factlint.loader import LoadError, Positions, load_path

    try:
        return load_path(file).positions
    except (LoadError, OSError):  # changed or gone since it was checked: point at its start
        return Positions()


@dataclass
class Result:
    """Everything one ``validate`` run found, ready to render."""

    paths: list[str] = field(default_factory=list)
    files_checked: int = 0
    records: list[Record] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    waived: list[Finding] = field(default_factory=list)
    invalid_ids: dict[str, set[str]] = field(default_factory=dict)
    rules_run: list[str] = field(default_factory=list)

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)

    def sorted_findings(self) -> list[Finding]:
        return sorted(set(self.findings))

    @property
    def errors(self) -> int:
        return sum(1 for f in set(self.findings) if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in set(self.findings) if f.severity is Severity.WARNING)

    def records_by_kind(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for rec in self.records:
            counts[rec.kind] = counts.get(rec.kind, 0) + 1
        return dict(sorted(counts.items()))

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0
