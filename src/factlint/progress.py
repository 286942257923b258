"""Progress on long runs: per stage, on a terminal's stderr only.

The command line turns it on with :func:`reporting` when stderr is a terminal
and ``--quiet`` is not given; the pipeline reports through :func:`stage`, which
does nothing otherwise, or when the run has fewer than :data:`MIN_FILES` files.
Progress never touches stdout or any report (tested: reports are byte-identical
with and without it).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

MIN_FILES = 3000
"""Runs over fewer files than this show no progress (they take a few seconds)."""

INTERVAL = 0.1
"""Seconds between two updates of a stage's line."""


class _State:
    stream: TextIO | None = None
    shown = False


_STATE = _State()


@contextmanager
def reporting(stream: TextIO | None) -> Iterator[None]:
    """Show progress on ``stream`` (None: none) while the block runs."""
    old = (_STATE.stream, _STATE.shown)
    _STATE.stream, _STATE.shown = stream, False
    try:
        yield
    finally:
        _STATE.stream, _STATE.shown = old


class Stage:
    """One stage's line: ``factlint: <name>: <done>/<total> files``, redrawn in place."""

    def __init__(self, name: str, total: int, stream: TextIO | None, unit: str = "files") -> None:
        self.name, self.total, self.stream, self.unit = name, total, stream, unit
        self.done = 0
        self._last = 0.0
        self._draw(force=True)

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self.stream is not None:
            self._draw()

    def finish(self) -> None:
        if self.stream is not None:
            self.done = self.total
            self._draw(force=True)
            self.stream.write("\n")
            self.stream.flush()

    def _draw(self, *, force: bool = False) -> None:
        if self.stream is None:
            return
        now = time.monotonic()
        if not force and now - self._last < INTERVAL:
            return
        self._last = now
        self.stream.write(f"\r\033[Kfactlint: {self.name}: {self.done}/{self.total} {self.unit}")
        self.stream.flush()


def stage(name: str, total: int, *, unit: str = "files", files: int | None = None) -> Stage:
    """A stage of ``total`` steps; silent unless progress is on and the run has ``files`` >= MIN_FILES."""
    size = total if files is None else files
    show = _STATE.stream is not None and (size >= MIN_FILES or _STATE.shown)
    _STATE.shown = _STATE.shown or show
    return Stage(name, total, _STATE.stream if show else None, unit)
