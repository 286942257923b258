"""The rule stage (consistency rules across records). Filled in by the rules issue."""

from __future__ import annotations

from factlint.model import Result


def run(result: Result) -> None:
    """Run the consistency rules over the records in ``result``."""
