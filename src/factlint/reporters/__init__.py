"""Reporters render a finished :class:`~factlint.model.Result`; they never judge.

``REPORTER_BY_NAME`` maps each ``--format`` name to a function
``render(result, *, color=False) -> str``. Output is deterministic: the same
result renders to the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable

from factlint.model import Result
from factlint.reporters import json_report, text

Reporter = Callable[..., str]

REPORTER_BY_NAME: dict[str, Reporter] = {
    "text": text.render,
    "json": json_report.render,
}


def render(name: str, result: Result, *, color: bool = False) -> str:
    return REPORTER_BY_NAME[name](result, color=color)
