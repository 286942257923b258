"""A single self-contained HTML report: readable offline, no network resources.

Rendered with Jinja2 with autoescaping on, so every piece of record text is
HTML-escaped data; control and bidi-override characters are also shown as
``\\uXXXX`` so a file name or statement cannot reorder what a reader sees. The
CSS and JavaScript are inline and allowed by a strict Content-Security-Policy
that names their SHA-256 hashes (nothing else may load or run; no inline
event handlers). Links to sources are made only from http(s) URLs.

The findings can be filtered by rule, severity and file; the filter state
lives in the URL fragment (``report.html#rule=FC104&severity=error``), so a
filtered view can be shared. Without JavaScript every finding is shown.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from factlint.model import Record, Result
from factlint.reporters.common import NO_CONTEXT, ReportContext, summary_line, visible


@cache
def _asset(name: str) -> str:
    return resources.files("factlint.reporters").joinpath("templates", name).read_text("utf-8")


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    return env.from_string(_asset("report.html.j2"))


def _str(value: Any) -> str:
    return visible(value if isinstance(value, str) else "" if value is None else str(value))


def _claims(records: list[Record]) -> Iterator[dict[str, Any]]:
    """Each claim as the template shows it, one at a time (a corpus may hold 100k claims)."""
    sources = {r.id: r.data for r in records if r.kind == "source"}
    for rec in sorted((r for r in records if r.kind == "claim"), key=lambda r: (r.file, r.id or "")):
        items = []
        for ref in rec.data.get("sources", []):
            src = sources.get(ref.get("source"), {})
            url = src.get("url")
            items.append(
                {
                    "id": _str(ref.get("source")),
                    "span": _str(ref.get("span")),
                    "title": _str(src.get("title")),
                    "url": url if isinstance(url, str) and url.startswith(("https://", "http://")) else "",
                    "outlet": _str(src.get("outlet")),
                    "published": _str(src.get("published")),
                }
            )
        verdict = rec.data.get("verdict")
        yield {
            "id": _str(rec.id),
            "file": _str(rec.file),
            "type": _str(rec.data.get("type")),
            "statement": _str(rec.data.get("statement")),
            "rating": _str(verdict.get("rating") if isinstance(verdict, dict) else None),
            "sources": items,
        }


def render(result: Result, *, color: bool = False, context: ReportContext | None = None) -> str:
    return "".join(stream(result, context=context))


def stream(result: Result, *, context: ReportContext | None = None) -> Iterator[str]:
    """The report in pieces, as the template produces them: written to a file as they come,
    the whole page is never held in memory at once."""
    ctx = context or NO_CONTEXT
    css, js = _asset("report.css"), _asset("report.js")
    csp = (
        f"default-src 'none'; style-src {_sha(css)}; script-src {_sha(js)}; img-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )
    findings = result.sorted_findings()
    rule_count = Counter(f.rule for f in findings)
    slug_of = {f.rule: f.slug for f in findings}
    rows = [
        {
            "rule": _str(f.rule),
            "slug": _str(f.slug),
            "severity": f.severity.value,
            "file_key": _str(f.file),  # the filter compares this with the option value
            "location": _str(f.location),
            "message": _str(f.message),
            "pointer": _str(f.pointer),
            "changed": ctx.is_changed(f),
        }
        for f in findings
    ]
    return _template().generate(
        csp=csp,
        css=Markup(css),  # our own constant stylesheet, allowed by its hash in the CSP
        js=Markup(js),  # our own constant script, allowed by its hash in the CSP
        state="failed" if result.errors else "passed",
        summary=summary_line(result),
        diff=None
        if ctx.diff is None
        else {
            "base": _str(ctx.diff.base),
            "commit": ctx.diff.commit[:12],
            "files": len(ctx.diff.changed_files),
            "changes": [{"text": _str(c.text), "file": _str(c.file)} for c in ctx.diff.changes],
        },
        findings=rows,
        rule_options=[{"code": r, "slug": _str(slug_of[r]), "count": rule_count[r]} for r in sorted(rule_count)],
        severity_options=sorted(Counter(f.severity.value for f in findings).items()),
        file_options=[{"value": _str(f), "count": n} for f, n in sorted(Counter(f.file for f in findings).items())],
        claims=_claims(result.records),
        claim_count=sum(1 for r in result.records if r.kind == "claim"),
    )
