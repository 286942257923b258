"""Versioned JSON: the machine-readable form of a result.

``schema_version`` changes only when a field is removed or changes meaning;
new fields may be added within a version.
"""

from __future__ import annotations

import json

from factlint import __version__
from factlint.model import Result

SCHEMA_VERSION = 1


def as_data(result: Result) -> dict[str, object]:
    return {
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
        "findings": [f.as_dict() for f in result.sorted_findings()],
    }


def render(result: Result, *, color: bool = False) -> str:
    return json.dumps(as_data(result), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
