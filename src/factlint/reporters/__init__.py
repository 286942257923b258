"""Reporters render a finished :class:`~factlint.model.Result`; they never judge.

``REPORTER_BY_NAME`` maps each ``--format`` name to a function
``render(result, *, color=False, context=None) -> str``; ``context`` (a
:class:`~factlint.reporters.common.ReportContext`) carries the semantic diff of
``--base`` and the base URL for links. Output is deterministic: the same result
and context render to the same bytes (no timestamps, everything sorted).

``REPORT_FILES`` names the file each format gets in ``validate --report-dir``.

A reporter's module is imported when its format is first rendered (the HTML one imports Jinja2): a run that
prints only the text report does not pay for the others.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable

from factlint.model import Result
from factlint.reporters.common import ReportContext

Reporter = Callable[..., str]

_MODULES = {
    "text": "text",
    "json": "json_report",
    "markdown": "markdown",
    "html": "html",
    "junit": "junit",
    "sarif": "sarif",
    "github": "github",
}


def _reporter(module: str) -> Reporter:
    def render(result: Result, *, color: bool = False, context: ReportContext | None = None) -> str:
        made: str = importlib.import_module(f"factlint.reporters.{module}").render(result, color=color, context=context)
        return made

    render.__qualname__ = render.__name__ = f"render_{module}"
    return render


REPORTER_BY_NAME: dict[str, Reporter] = {name: _reporter(module) for name, module in _MODULES.items()}


def preload(name: str) -> None:
    """Import the module of the format ``name`` now."""
    importlib.import_module(f"factlint.reporters.{_MODULES[name]}")


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


_STREAMED = frozenset({"html", "json", "sarif"})
"""The formats written in pieces (``stream``): the HTML report shows every claim of the corpus, the JSON and SARIF
reports hold every finding as data (at 100k claims each was ~50 MiB of dicts and text at once); the others are
small enough to render whole."""


def chunks(name: str, result: Result, *, context: ReportContext | None = None) -> Iterable[str]:
    """The report ``name`` in pieces, for writing to a file (the same text as :func:`render`)."""
    if name in _STREAMED:
        made: Iterable[str] = importlib.import_module(f"factlint.reporters.{_MODULES[name]}").stream(
            result, context=context
        )
        return made
    return [render(name, result, context=context)]
