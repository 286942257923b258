"""Reporters render a finished :class:`~factlint.model.Result`; they never judge.

``REPORTER_BY_NAME`` maps each ``--format`` name to a function
``render(result, *, color=False, context=None) -> str``; ``context`` (a
:class:`~factlint.reporters.common.ReportContext`) carries the semantic diff of
``--base`` and the base URL for links. Output is deterministic: the same result
and context render to the same bytes (no timestamps, everything sorted).

``REPORT_FILES`` names the file each format gets in ``validate --report-dir``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from factlint.model import Result
from factlint.reporters import github, html, json_report, junit, markdown, sarif, text
from factlint.reporters.common import ReportContext

Reporter = Callable[..., str]

REPORTER_BY_NAME: dict[str, Reporter] = {
    "text": text.render,
    "json": json_report.render,
    "markdown": markdown.render,
    "html": html.render,
    "junit": junit.render,
    "sarif": sarif.render,
    "github": github.render,
}

REPORT_FILES: dict[str, str] = {
    "text": "factlint.txt",
    "json": "factlint.json",
    "markdown": "summary.md",
    "html": "report.html",
    "junit": "junit.xml",
    "sarif": "factlint.sarif",
    "github": "annotations.txt",
}
"""The file each format is written to by ``validate --report-dir DIR``."""


def render(name: str, result: Result, *, color: bool = False, context: ReportContext | None = None) -> str:
    return REPORTER_BY_NAME[name](result, color=color, context=context)


def chunks(name: str, result: Result, *, context: ReportContext | None = None) -> Iterable[str]:
    """The report ``name`` in pieces, for writing to a file: the HTML report streams (it shows every
    claim of the corpus); the others are small enough to render whole."""
    if name == "html":
        return html.stream(result, context=context)
    return [render(name, result, context=context)]
