"""Bounded output: a report grows with the input, never faster.

One file can hold 100k unknown keys (1 MiB of ``a1: 1`` lines) and every one
of them is a finding; listed one by one they made reports of hundreds of MB.
So a result lists at most :data:`MAX_PER_FILE_CODE` findings of one code in
one file, then one FC017 finding "and N more"; and at most
:data:`MAX_FINDINGS` findings in all, then one FC017 finding for the rest.
The counts in every report are those of the listed findings; the FC017
messages carry the numbers left out. With the limits below and messages cut
at :data:`MAX_MESSAGE` characters, a report holds at most about
``(MAX_FINDINGS + files with capped codes + 1) x (MAX_MESSAGE + path)``
characters of findings (docs/reports.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from factlint.model import Finding, Severity

MAX_PER_FILE_CODE = 100
"""Most findings of one code listed for one file."""

MAX_FINDINGS = 10_000
"""Most findings listed in a result (and so in each report)."""

MAX_MESSAGE = 4_000
"""Longest message kept, in characters (a rule message quotes record text)."""


def _worst(findings: Iterable[Finding]) -> Severity:
    return Severity.ERROR if any(f.severity is Severity.ERROR for f in findings) else Severity.WARNING


def more(file: str, code: str, left_out: list[Finding], limit: int) -> Finding:
    """The FC017 finding that stands for ``left_out`` findings of ``code`` in ``file``."""
    return _capped(
        file,
        left_out,
        f"and {len(left_out)} more {code} finding(s) in this file, not listed (a report lists at most {limit} per "
        "file and code); fix the ones listed and run again",
    )


def _capped(file: str, left_out: list[Finding], message: str) -> Finding:
    """The FC017 finding of ``file`` at the first of ``left_out``, its severity the worst of them."""
    first = left_out[0]
    return Finding(
        file=file,
        line=first.line,
        column=first.column,
        rule="FC017",
        message=message,
        slug="findings-capped",
        severity=_worst(left_out),
    )


def cap(findings: Iterable[Finding]) -> list[Finding]:
    """``findings`` deduplicated and sorted, within the limits of this module."""
    seen: Counter[tuple[str, str]] = Counter()
    kept: list[Finding] = []
    over: dict[tuple[str, str], list[Finding]] = {}
    for found in sorted(set(findings)):
        f = (
            found
            if len(found.message) <= MAX_MESSAGE
            else replace(found, message=found.message[: MAX_MESSAGE - 1] + "…")
        )
        key = (f.file, f.rule)
        seen[key] += 1
        if seen[key] <= MAX_PER_FILE_CODE or f.rule == "FC017":
            kept.append(f)
        else:
            over.setdefault(key, []).append(f)
    kept += [more(file, code, rest, MAX_PER_FILE_CODE) for (file, code), rest in over.items()]
    kept.sort()
    if len(kept) <= MAX_FINDINGS:
        return kept
    rest = kept[MAX_FINDINGS:]
    summary = _capped(
        rest[0].file,
        rest,
        f"and {len(rest)} more finding(s) in this and later files, not listed (a report lists at most "
        f"{MAX_FINDINGS}); fix the ones listed and run again",
    )
    return [*kept[:MAX_FINDINGS], summary]
