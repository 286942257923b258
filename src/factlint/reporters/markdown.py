"""Markdown for the GitHub job summary (``$GITHUB_STEP_SUMMARY``).

A counts table, then what was checked (the articles, the claims by verdict
and review state, and a compact table of every rule that ran: its Great
Expectations expectation, the table and rows it evaluated, how many failed),
the changes of the pull request (with ``--base``), then the findings grouped
by rule, each with a ``file:line`` link (relative, or under the GitHub blob URL
of the run). A clean run says what it checked, not just "OK".

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

from factlint.messages import cut
from factlint.model import Finding, Result, Severity
from factlint.reporters.common import (
    NO_CONTEXT,
    ReportContext,
    defuse_commands,
    plural,
    rules_run,
    summary_line,
    visible,
    waiver_text,
)
from factlint.reporters.overview import (
    arguments,
    checks_line,
    counts,
    overview,
    per_article,
    unchecked_line,
    waived_by_rule,
)

ARGS_LIMIT = 120
"""Longest expectation-argument text per rule in the checks table (the JSON report has them whole)."""

MAX_TEXT = 500
"""Longest record text (a message, a file name) shown in the summary, in characters."""

_PUNCT = re.compile(r"([\\`*_\[\]<>|&~$])")


def md(text: str, limit: int = MAX_TEXT) -> str:
    """``text`` as inert Markdown inline text."""
    text = cut(visible(text, newlines=False), limit)
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
    out = [f"## {icon} factlint: {'failed' if result.errors else 'passed'}", ""]
    kinds = ", ".join(f"{n} {k}" for k, n in result.records_by_kind().items()) or "none"
    out += [
        "| | |",
        "|---|---:|",
        f"| errors | {result.errors} |",
        f"| warnings | {result.warnings} |",
        f"| files checked | {result.files_checked} |",
        *([f"| corpus the files were checked in | {result.context_files} files |"] if result.context_files else []),
        f"| valid records{' in that corpus' if result.context_files else ''} | {md(kinds)} |",
        f"| stages | {md(' + '.join(result.stages))} |",
        "",
    ]
    out += _checked(result)
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
    unchecked = unchecked_line(result)
    if unchecked:
        out += [md(unchecked), ""]
    waived = sorted(set(result.waived))
    if waived:
        out += [f"### Waived findings ({len(waived)})", ""]
        out += [
            f"- [{md(f.location)}]({ctx.link(f.file, f.line)}): **{md(f.rule)} {md(waiver_text(f))}**; {md(f.message)}"
            for f in waived
        ]
        out.append("")
    out.append(md(summary_line(result)))
    return defuse_commands("\n".join(out) + "\n")


def _checked(result: Result) -> list[str]:
    ov = overview(result)
    whole = " (the whole corpus the named files were checked in)" if result.context_files else ""
    out = [
        f"### What was checked{whole}",
        "",
        f"- **{plural(len(ov.articles), 'article')}**: {md(per_article(ov.articles))}",
        f"- **{plural(ov.claims, 'claim')}** by verdict: {md(counts(ov.ratings))}; "
        f"by review state: {md(counts(ov.review_states))}",
        f"- **rules**: {md(checks_line(result))}",
        "",
    ]
    if result.rule_runs:
        # Folded (GitHub renders <details> in a job summary): one row per rule would put the findings of a pull
        # request ~40 lines down. The summary line is ours, no record text; a blank line either side of the
        # table lets GitHub read it as Markdown.
        runs = result.rule_runs
        failed = sum(1 for r in runs if not r.passed)
        out += [
            f"<details><summary>The {plural(len(runs), 'rule')} that ran, each with its expectation: "
            f"{len(runs) - failed} passed, {failed} failed</summary>",
            "",
            "| rule | expectation (arguments) | table | rows | failed | |",
            "|---|---|---|---:|---:|---|",
        ]
        waived = waived_by_rule(result)
        for r in runs:
            mark = "✅ pass" if r.passed else f"❌ fail ({waived[r.code]} waived)" if waived[r.code] else "❌ fail"
            args = md(arguments(r), ARGS_LIMIT)
            out.append(
                f"| {md(r.code)} {md(r.slug)} | {md(r.expectation_type)} ({args}) | {md(r.table)} "
                f"| {r.rows_evaluated} | {r.rows_failed} | {mark} |"
            )
        out += ["", "</details>", ""]
    return out
