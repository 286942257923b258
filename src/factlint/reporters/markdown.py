"""Markdown for the GitHub job summary (``$GITHUB_STEP_SUMMARY``).

A clean run with no diff is one line. Otherwise: a counts table, the changes
of the pull request (with ``--base``), then the findings grouped by rule, each
with a ``file:line`` link (relative, or under the GitHub blob URL of the run).

Every piece of record text is escaped: the Markdown punctuation that can
start markup mid-line (``\\ ` * _ [ ] < > | & ~ $``) is backslash-escaped, so
it cannot open a link, end a table cell, start code, emphasis, HTML, an entity
or math; ``@`` gets a word joiner so no one is mentioned; control and
bidi-override characters are shown as ``\\uXXXX``; newlines become spaces and
long texts are cut at :data:`MAX_TEXT` characters. Link targets are
percent-encoded paths built by factlint, never record text.
"""

from __future__ import annotations

import re

from factlint.model import Finding, Result, Severity
from factlint.reporters.common import NO_CONTEXT, ReportContext, plural, rules_run, shorten, summary_line, visible

MAX_TEXT = 500
"""Longest record text (a message, a file name) shown in the summary, in characters."""

_PUNCT = re.compile(r"([\\`*_\[\]<>|&~$])")


def md(text: str, limit: int = MAX_TEXT) -> str:
    """``text`` as inert Markdown inline text."""
    text = shorten(visible(text, newlines=False), limit)
    text = _PUNCT.sub(r"\\\1", text)
    return text.replace("@", "@\u2060")


def _line(f: Finding, ctx: ReportContext) -> str:
    where = md(f"{f.file}:{f.line}:{f.column}")
    label = "" if f.severity is Severity.ERROR else "**warning:** "
    changed = " _(changed)_" if ctx.is_changed(f) else ""
    return f"- [{where}]({ctx.link(f.file, f.line)}): {label}{md(f.message)}{changed}"


def render(result: Result, *, color: bool = False, context: ReportContext | None = None) -> str:
    ctx = context or NO_CONTEXT
    findings = result.sorted_findings()
    icon = "❌" if result.errors else "✅"
    if not findings and ctx.diff is None:
        return f"{icon} {md(summary_line(result))}\n"
    out = [f"## {icon} factlint: {'failed' if result.errors else 'passed'}", ""]
    kinds = ", ".join(f"{n} {k}" for k, n in result.records_by_kind().items()) or "none"
    out += [
        "| | |",
        "|---|---:|",
        f"| errors | {result.errors} |",
        f"| warnings | {result.warnings} |",
        f"| files checked | {result.files_checked} |",
        f"| valid records | {md(kinds)} |",
        f"| stages | {md(' + '.join(result.stages))} |",
        "",
    ]
    if ctx.diff is not None:
        diff = ctx.diff
        out += [f"### Changed in this pull request (since {md(diff.base)}, merge base {md(diff.commit[:12])})", ""]
        out += [f"- {md(c.text)} ({md(c.file)})" for c in diff.changes] or ["- no record changed"]
        in_changed = [f for f in findings if ctx.is_changed(f)]
        out += ["", f"**Findings in changed files:** {len(in_changed)}", ""]
        out += [_line(f, ctx) for f in in_changed]
        if in_changed:
            out.append("")
    if findings:
        out += ["### Findings by rule", ""]
        info = {r.code: r for r in rules_run(result)}
        by_rule: dict[str, list[Finding]] = {}
        for f in findings:
            by_rule.setdefault(f.rule, []).append(f)
        for rule in sorted(by_rule):
            group = by_rule[rule]
            title = info[rule].title if rule in info else rule
            errors = sum(1 for f in group if f.severity is Severity.ERROR)
            warnings = len(group) - errors
            counts = ", ".join(
                [plural(errors, "error")] * bool(errors) + [plural(warnings, "warning")] * bool(warnings)
            )
            out += [f"#### {md(rule)} {md(group[0].slug)}: {md(title)} ({counts})", ""]
            out += [_line(f, ctx) for f in group]
            out.append("")
    out.append(md(summary_line(result)))
    return "\n".join(out) + "\n"
