"""Report files rendered two at a time: on a result of :data:`FORK_MIN_RECORDS` to :data:`FORK_MAX_RECORDS`
records, a forked child renders every format but the HTML page and the text report while this process renders
those two (the page is the largest of them).

Only the rendering is shared out. This process makes every temporary file itself before the fork (the
child writes into the ones it is given) and :meth:`factlint.output.Plan.write` still renames them into
place as one set, after both are done; so this process always knows every file the child may have
written and removes them on any failure. The child runs the same code on a copy of the same result:
the bytes are the same as a serial run's. Anything that goes wrong with the child (no ``fork`` on this
platform, a failed fork, an error or a signal in the child, an answer that is not the one expected)
only means this process renders those formats itself into fresh files.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
from collections.abc import Callable
from pathlib import Path

from factlint.background import fork
from factlint.timings import Timings

__all__ = ["FORK_MAX_RECORDS", "FORK_MIN_RECORDS", "render_all"]

FORK_MIN_RECORDS = 2000
"""Below this many records the reports are rendered in this process (a fork costs more than they do)."""

FORK_MAX_RECORDS = 50_000
"""Above this many records the reports are rendered in this process too: the child's own pages (copy-on-write of
every object it reads, and its rendering) cost more memory than its time is worth. Measured, cold 100k claims: the
run's peak (every process alive at once) ~950 MiB with the child, ~775 without; the child's formats (json, sarif,
markdown, junit, github, ~1.25 s) then run after the page instead of beside it. Like the table child's limit
(:data:`factlint.rules.early.MAX_RECORDS`)."""

_IN_PARENT = frozenset({"html", "text"})
"""The formats this process renders itself: the page (about as long as all the others together), and the
text report, which the terminal gets too."""

Write = Callable[[Path, str], str]
"""Render the report ``name`` into a new temporary file beside ``path``; return that file's name."""
NewTemp = Callable[[Path], tuple[int, str]]
"""A new temporary file beside ``path``: (open descriptor, name)."""
Fill = Callable[[int, str, str], None]
"""Render the report ``name`` into the open temporary file (descriptor, its name); closes the descriptor."""


def render_all(
    jobs: list[tuple[Path, str]],
    *,
    write: Write,
    new_temp: NewTemp,
    fill: Fill,
    records: int,
    timings: Timings | None = None,
    preload: Callable[[str], object] | None = None,
) -> list[tuple[str, Path]]:
    """Every job's temporary file, in the order of ``jobs``: ``(temporary file, target)``."""
    mine = [job for job in jobs if job[1] in _IN_PARENT]
    theirs = [job for job in jobs if job[1] not in _IN_PARENT]
    if not FORK_MIN_RECORDS <= records <= FORK_MAX_RECORDS or not mine or not theirs or not hasattr(os, "fork"):
        return _serial(jobs, write)
    if preload is not None:
        for _, name in theirs:  # imported here, not in the child: another thread may hold an import lock
            preload(name)
    done: dict[Path, str] = {}
    given: dict[Path, str] = {}  # the child's files, made here
    try:
        fds: list[int] = []
        try:
            for path, _ in theirs:
                fd, tmp = new_temp(path)
                fds.append(fd)
                given[path] = tmp
            child = _start(theirs, fds, list(given.values()), fill, timings)
        finally:
            for fd in fds:
                os.close(fd)
        try:
            for path, name in mine:
                done[path] = write(path, name)
        finally:
            phases = _finish(child, len(theirs)) if child is not None else None
        if phases is None:  # no child, or it failed: its files are not kept
            for tmp in given.values():
                Path(tmp).unlink(missing_ok=True)
            given.clear()
            for path, name in theirs:
                done[path] = write(path, name)
        else:
            done.update(given)
            if timings is not None:
                for k, v in phases.items():
                    timings.add(k, v)
    except BaseException:
        for tmp in [*done.values(), *given.values()]:
            Path(tmp).unlink(missing_ok=True)
        raise
    return [(done[path], path) for path, _ in jobs]


def _serial(jobs: list[tuple[Path, str]], write: Write) -> list[tuple[str, Path]]:
    out: list[tuple[str, Path]] = []
    try:
        for path, name in jobs:
            out.append((write(path, name), path))
    except BaseException:
        for tmp, _ in out:
            Path(tmp).unlink(missing_ok=True)
        raise
    return out


def _start(
    jobs: list[tuple[Path, str]], fds: list[int], temps: list[str], fill: Fill, timings: Timings | None
) -> tuple[int, int] | None:
    """Fork a child that renders ``jobs`` into ``fds``; (pid, read end of its pipe), or None if it could not start."""
    return fork(lambda: _child(jobs, fds, temps, fill, timings))


def _child(
    jobs: list[tuple[Path, str]], fds: list[int], temps: list[str], fill: Fill, timings: Timings | None
) -> bytes:  # pragma: no cover - runs in the child
    """In the child: every job rendered into its file; the answer the parent checks (how many, and the phases)."""
    gc.disable()  # a short life: nothing worth collecting, and a collection would touch every shared page
    before = dict(timings.phases) if timings is not None else {}
    for (_, name), fd, tmp in zip(jobs, fds, temps, strict=True):
        fill(fd, tmp, name)
    phases: dict[str, float] = {}
    if timings is not None:
        phases = {k: v - before.get(k, 0.0) for k, v in timings.phases.items() if v != before.get(k, 0.0)}
    return json.dumps({"done": len(jobs), "phases": phases}).encode("utf-8")


def _finish(child: tuple[int, int], jobs: int) -> dict[str, float] | None:
    """Wait for the child: the phase times it measured, or None if it did not render every file it was given."""
    pid, read = child
    try:
        with os.fdopen(read, "rb") as fh:
            data = fh.read()
    finally:
        _, status = os.waitpid(pid, 0)
    answer = None
    with contextlib.suppress(ValueError):
        answer = json.loads(data.decode("utf-8"))
    if os.waitstatus_to_exitcode(status) != 0 or not isinstance(answer, dict):
        return None
    phases = answer.get("phases")
    if answer.get("done") != jobs or not isinstance(phases, dict):
        return None
    if not all(isinstance(k, str) and isinstance(v, float) for k, v in phases.items()):
        return None
    return phases
