"""Terminal text: ``path:line:col: CODE message``, grouped by file, then a summary line.

With ``--verbose``, what was checked comes before the summary line: the
articles, the claims by verdict and review state, and every rule that ran with
its Great Expectations expectation, the table and rows it evaluated and how
many failed. With ``--base``, findings in files the change touched are marked ``(changed)``
and the semantic diff is listed before the summary line.
"""

from __future__ import annotations

from factlint.messages import cut
from factlint.model import Result, Severity
from factlint.reporters.common import (
    NO_CONTEXT,
    ReportContext,
    defuse_commands,
    summary_line,
    terminal_safe,
    waiver_text,
)
from factlint.reporters.overview import (
    arguments,
    checks_line,
    counts,
    named_files,
    overview,
    per_article,
    unchecked_line,
    waived_by_rule,
)

_RED = "\033[31m"
_YELLOW = "\033[33m"
_BOLD = "\033[1m"
_GREEN = "\033[32m"
_RESET = "\033[0m"


def render(result: Result, *, color: bool = False, context: ReportContext | None = None) -> str:
    ctx = context or NO_CONTEXT

    def paint(code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    lines: list[str] = []
    current = None
    for f in result.sorted_findings():
        if f.file != current:
            if current is not None:
                lines.append("")
            current = f.file
        sev = paint(_RED if f.severity is Severity.ERROR else _YELLOW, f"[{f.rule}]")
        where = paint(_BOLD, terminal_safe(f.location))
        extra = f" (at {terminal_safe(f.pointer)})" if f.pointer else ""
        label = "" if f.severity is Severity.ERROR else "warning: "
        mark = " (changed)" if ctx.is_changed(f) else ""
        lines.append(f"{where}: {sev} {label}{terminal_safe(f.message)}{extra}{mark}")
    if lines:
        lines.append("")
    unchecked = unchecked_line(result)
    if unchecked:
        lines += [unchecked, ""]
    waived = sorted(set(result.waived))
    if waived:
        lines.append(f"Waived ({len(waived)}): accepted by a waiver on the claim until it expires; still findings:")
        for f in waived:
            lines.append(
                f"{terminal_safe(f.location)}: [{f.rule}] {terminal_safe(waiver_text(f))}; {terminal_safe(f.message)}"
            )
        lines.append("")
    if ctx.diff is not None:
        lines.append(f"Changes since {terminal_safe(ctx.diff.base)} ({ctx.diff.commit[:12]}):")
        lines.extend(f"  {terminal_safe(c.file)}: {terminal_safe(c.text)}" for c in ctx.diff.changes)
        if not ctx.diff.changes:
            lines.append("  no record changed")
        lines.append("")
    if ctx.verbose:
        lines.extend(_checked(result))
    summary = summary_line(result)
    lines.append(paint(_RED if result.errors else _GREEN, summary))
    return defuse_commands("\n".join(lines) + "\n")


ARGS_LIMIT = 160
"""Longest expectation-argument text shown per rule in ``--verbose`` (the JSON report has them whole)."""


def _checked(result: Result) -> list[str]:
    ov = overview(result)
    was = "was" if result.files_checked == 1 else "were"
    whole = f" (the whole corpus {named_files(result)} {was} checked in)" if result.context_files else ""
    lines = [
        f"Checked{whole}:",
        f"  articles: {len(ov.articles)}: {terminal_safe(per_article(ov.articles))}",
        f"  claims: {ov.claims}; by verdict: {terminal_safe(counts(ov.ratings))}",
        f"  review: {terminal_safe(counts(ov.review_states))}",
        f"  rules: {checks_line(result)}",
    ]
    waived = waived_by_rule(result)
    for run in result.rule_runs:
        state = "pass" if run.passed else "FAIL"
        note = f" ({waived[run.code]} waived)" if waived[run.code] and not run.passed else ""
        lines.append(
            f"    {state} {run.code} {terminal_safe(run.slug)}: {terminal_safe(run.expectation_type)} on "
            f"{terminal_safe(run.table)}: {run.rows_evaluated} rows evaluated, {run.rows_failed} failed{note}"
        )
        lines.append(f"         {terminal_safe(cut(arguments(run), ARGS_LIMIT))}")
    lines.append("")
    return lines
