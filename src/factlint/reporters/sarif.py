"""SARIF 2.1.0 for GitHub code scanning (``github/codeql-action/upload-sarif``).

The rules that ran are in ``tool.driver.rules``; each finding is a result with
a physical location: the file as a relative, percent-encoded URI under
``%SRCROOT%`` and a region with ``startLine``/``startColumn`` (columns count
Unicode code points: ``columnKind`` says so). A ``partialFingerprints`` entry
(rule, file, claim, message; not the line) keeps an alert stable when lines
move. Valid against the SARIF 2.1.0 JSON schema (tested).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from factlint import __version__
from factlint.model import Result, RuleRun, Severity
from factlint.reporters.common import NO_CONTEXT, ReportContext, rules_run, waiver_text
from factlint.reporters.jsontext import Stream, chunks

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _level(severity: Severity) -> str:
    return "error" if severity is Severity.ERROR else "warning"


def as_data(result: Result, context: ReportContext | None = None, *, lazy: bool = False) -> dict[str, Any]:
    """The SARIF log; ``lazy``: its results as a :class:`Stream` (each made as it is written, see :func:`stream`)."""
    ctx = context or NO_CONTEXT
    rules = rules_run(result)
    index = {r.code: i for i, r in enumerate(rules)}
    made = _results(result, ctx, index)
    return _log(rules, Stream(made) if lazy else list(made))


def _results(result: Result, ctx: ReportContext, index: dict[str, int]) -> Iterator[dict[str, Any]]:
    waived = sorted(set(result.waived))
    for f in [*result.sorted_findings(), *waived]:
        fingerprint = hashlib.sha256("\0".join((f.rule, f.file, f.claim_id or "", f.message)).encode()).hexdigest()
        item: dict[str, Any] = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": _level(f.severity),
            "message": {"text": f.message + (f" (at {f.pointer})" if f.pointer else "")},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": quote(f.file, safe="/"), "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": max(f.line, 1), "startColumn": max(f.column, 1)},
                    }
                }
            ],
            "partialFingerprints": {"factlint/v1": fingerprint},
        }
        if ctx.diff is not None:
            item["properties"] = {"changed": ctx.is_changed(f)}
        if f.waiver is not None:  # a waived finding: shown, as suppressed by the claim's waiver
            item["suppressions"] = [{"kind": "inSource", "status": "accepted", "justification": waiver_text(f)}]
        yield item


def _log(rules: list[RuleRun], results: Stream | list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "factlint",
                        "version": __version__,
                        "rules": [
                            {
                                "id": r.code,
                                "name": r.slug or r.code,
                                "shortDescription": {"text": r.title},
                                "fullDescription": {"text": r.description},
                                "defaultConfiguration": {"level": _level(r.severity)},
                                "properties": {"stage": r.stage},
                            }
                            for r in rules
                        ],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def stream(result: Result, *, context: ReportContext | None = None) -> Iterator[str]:
    """The log's text in pieces (json.dumps' text, indent 2): each result is made, written and let go of in turn."""
    yield from chunks(as_data(result, context, lazy=True), sort_keys=True)
    yield "\n"


def render(result: Result, *, color: bool = False, context: ReportContext | None = None) -> str:
    return "".join(stream(result, context=context))
