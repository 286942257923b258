"""Versioned JSON: the machine-readable form of a result.

``schema_version`` changes only when a field is removed or changes meaning;
new fields may be added within a version. With ``--base``, each finding gets a
``changed`` flag and the top level a ``diff`` object (added in version 1).
"""

from __future__ import annotations

import json
from dataclasses import asdict

from factlint import __version__
from factlint.model import Result
from factlint.reporters.common import NO_CONTEXT, ReportContext

SCHEMA_VERSION = 1


def as_data(result: Result, context: ReportContext | None = None) -> dict[str, object]:
    ctx = context or NO_CONTEXT
    findings = []
    for f in result.sorted_findings():
        item = f.as_dict()
        if ctx.diff is not None:
            item["changed"] = ctx.is_changed(f)
        findings.append(item)
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
        },
        "findings": findings,
    }
    if ctx.diff is not None:
        data["diff"] = {
            "base": ctx.diff.base,
            "commit": ctx.diff.commit,
            "changed_files": list(ctx.diff.changed_files),
            "changes": [asdict(c) for c in ctx.diff.changes],
        }
    return data


def render(result: Result, *, color: bool = False, context: ReportContext | None = None) -> str:
    return json.dumps(as_data(result, context), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
