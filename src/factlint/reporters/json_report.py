"""Versioned JSON: the machine-readable form of a result.

``schema_version`` changes only when a field is removed or changes meaning;
new fields may be added within a version. With ``--base``, each finding gets a
``changed`` flag and the top level a ``diff`` object (added in version 1).

Version 2 (``checks`` and ``corpus`` added; ``summary.rules`` added): the
validation shows its work. ``checks`` lists every consistency rule that ran
with its Great Expectations expectation (``type``, ``kwargs``), the ``table``
and ``rows_evaluated``, ``rows_failed`` and ``passed``; ``corpus`` counts the
claims per article, per verdict rating and per review state.

``waivers`` (added in version 2) lists every waiver on a claim that reached the rule stage, as
written (``waiver``), with ``in_effect`` and ``rejected_by`` (the codes of the waiver rules that
reported it, e.g. ``["FC253"]``; such a waiver waives nothing). ``waived`` lists the findings the
waivers in effect set aside.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict
from typing import Any

from factlint import __version__
from factlint.model import Result
from factlint.reporters.common import NO_CONTEXT, ReportContext
from factlint.reporters.jsontext import Stream, chunks
from factlint.reporters.overview import overview

SCHEMA_VERSION = 2


def as_data(result: Result, context: ReportContext | None = None, *, lazy: bool = False) -> dict[str, object]:
    """The report's data; ``lazy``: its lists of findings, waived findings and waivers as :class:`Stream` s (each
    item made as it is written, see :func:`stream`)."""
    ctx = context or NO_CONTEXT

    def findings() -> Iterator[dict[str, Any]]:
        for f in result.sorted_findings():
            item = f.as_dict()
            if ctx.diff is not None:
                item["changed"] = ctx.is_changed(f)
            yield item

    def listed(items: Iterator[dict[str, Any]]) -> Stream | list[dict[str, Any]]:
        return Stream(items) if lazy else list(items)

    ov = overview(result)
    checks = [
        {
            "code": r.code,
            "slug": r.slug,
            "title": r.title,
            "severity": r.severity.value,
            "scope": r.scope,
            "table": r.table,
            "expectation": {"type": r.expectation_type, "kwargs": r.kwargs},
            "rows_evaluated": r.rows_evaluated,
            "rows_failed": r.rows_failed,
            "passed": r.passed,
            "waivable": r.waivable,
        }
        for r in result.rule_runs
    ]
    data: dict[str, object] = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "factlint", "version": __version__},
        "paths": result.paths,
        "stages": result.stages,
        "summary": {
            "files": result.files_checked,
            "records": result.records_by_kind(),
            "errors": result.errors,
            "warnings": result.warnings,
            "ok": not result.errors,
            "waived": len(set(result.waived)),
            "rules": {"ran": len(checks), "failed": sum(1 for c in checks if not c["passed"])},
            # one-file mode only: the files of the corpus the named files were checked in (records counts those)
            **({"context_files": result.context_files} if result.context_files else {}),
        },
        "corpus": {
            "claims": ov.claims,
            "articles": dict(ov.articles),
            "ratings": dict(ov.ratings),
            "review_states": dict(ov.review_states),
        },
        "checks": checks,
        "findings": listed(findings()),
        "waived": listed(f.as_dict() for f in sorted(set(result.waived))),
        "waivers": listed(w.as_dict() for w in sorted(set(result.waivers))),
    }
    if ctx.diff is not None:
        data["diff"] = {
            "base": ctx.diff.base,
            "commit": ctx.diff.commit,
            "changed_files": list(ctx.diff.changed_files),
            "changes": [asdict(c) for c in ctx.diff.changes],
        }
    return data


def stream(result: Result, *, context: ReportContext | None = None) -> Iterator[str]:
    """The report's text in pieces (json.dumps' text, indent 2): each finding is made, written and let go of in
    turn, so the report never exists whole as data or as one string."""
    yield from chunks(as_data(result, context, lazy=True), sort_keys=True, default=str)
    yield "\n"


def render(result: Result, *, color: bool = False, context: ReportContext | None = None) -> str:
    return "".join(stream(result, context=context))
