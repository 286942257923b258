"""Where reports go: checked targets, cleared before the run, written all or nothing.

A report is what a reviewer trusts, so a pull request must not be able to make
an old or planted report pass for this run's:

* :func:`plan` checks every target before any work: ``--output`` and the files
  of ``--report-dir`` never replace an input (a record or archived text, or a
  file under a validated folder), a symlink or anything that is not a regular
  file (``/dev/null``, ``/dev/stdout``, a FIFO); such a target is a usage
  error (exit 2) and nothing is touched. ``--output -`` means standard output.
* :meth:`Plan.clear` removes the report files the run is about to write (and
  the run marker) before the run starts, so nothing planted survives it.
* :meth:`Plan.write` renders every report to a temporary file first, then
  renames them all with SIGINT/SIGTERM held off, then writes the run marker
  :data:`MARKER` last: a reader sees all old, all new, or none - never a mix -
  and no temporary file is left, even when the run is interrupted.
* A run that cannot finish (interrupted, internal error) still writes every
  report, saying so (:func:`incomplete_result`, finding FC018).

The marker ``factlint-run.json`` holds ``{"run_id": $FACTLINT_RUN_ID, "complete": ..,
"exit_code": ..}``; CI publishes the reports only when its run id is in it.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from factlint.discover import RECORD_SUFFIXES
from factlint.errors import UsageError
from factlint.model import Result
from factlint.timings import Timings

MARKER = "factlint-run.json"
"""Written last into ``--report-dir``: which run wrote the reports and whether it finished."""

RUN_ID_ENV = "FACTLINT_RUN_ID"
"""The environment variable whose value the marker records (CI sets a value of its own run)."""

Chunks = Callable[[str, Result], Iterable[bytes | str]]


@dataclass
class Plan:
    """The report files of one run: ``targets`` maps a path to its format (None for the marker)."""

    targets: dict[Path, str | None] = field(default_factory=dict)
    report_dir: Path | None = None

    def clear(self) -> None:
        """Remove every file this run will write (checked to be regular files or absent)."""
        for path in self.targets:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()

    def write(
        self, result: Result, chunks: Chunks, *, complete: bool, exit_code: int, timings: Timings | None = None
    ) -> None:
        """Write every report atomically as a set, then the marker (on a large result two formats at a time,
        see :mod:`factlint.report_fork`)."""
        from factlint import report_fork

        jobs = [(path, name) for path, name in self.targets.items() if name is not None]
        if len(jobs) > 1 and len(result.records) >= report_fork.FORK_MIN_RECORDS:
            from factlint.reporters.overview import claim_facts

            claim_facts(result)  # read from the claims once, here: the forked child renders with the same
        temps = report_fork.render_all(
            jobs,
            write=lambda path, name: _write_temp(path, chunks(name, result)),
            new_temp=_new_temp,
            fill=lambda fd, tmp, name: _fill(fd, tmp, chunks(name, result)),
            records=len(result.records),
            timings=timings,
            preload=_preload,
        )
        try:
            with _signals_held():
                for tmp, path in temps:
                    os.replace(tmp, path)
                temps = []
                if self.report_dir is not None:
                    marker = {"complete": complete, "exit_code": exit_code, "run_id": os.environ.get(RUN_ID_ENV)}
                    path = self.report_dir / MARKER
                    os.replace(_write_temp(path, [json.dumps(marker, sort_keys=True) + "\n"]), path)
        finally:
            for tmp, _ in temps:
                Path(tmp).unlink(missing_ok=True)


_BATCH = 1 << 16
"""Characters of report text gathered before they are encoded and written."""


def _flush(fh: BinaryIO, pending: list[str]) -> None:
    if pending:
        fh.write("".join(pending).encode("utf-8", "backslashreplace"))
        pending.clear()


def _preload(name: str) -> None:
    from factlint.reporters import preload

    preload(name)


def _new_temp(target: Path) -> tuple[int, str]:
    return tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)


def _fill(fd: int, tmp: str, chunks: Iterable[bytes | str]) -> None:
    """Write ``chunks`` to the open temporary file ``tmp`` (closes ``fd``) and make it readable."""
    with os.fdopen(fd, "wb") as fh:
        # A streamed report comes in hundreds of thousands of small pieces: encode and write them in
        # batches (the bytes are the same: UTF-8 encodes each code point on its own).
        pending: list[str] = []
        size = 0
        for chunk in chunks:
            if isinstance(chunk, bytes):
                _flush(fh, pending)
                size = 0
                fh.write(chunk)
                continue
            pending.append(chunk)
            size += len(chunk)
            if size >= _BATCH:
                _flush(fh, pending)
                size = 0
        _flush(fh, pending)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(tmp, 0o644)


def _write_temp(target: Path, chunks: Iterable[bytes | str]) -> str:
    fd, tmp = _new_temp(target)
    try:
        _fill(fd, tmp, chunks)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block is done (renames are quick and must not be split)."""
    sigs = {signal.SIGINT, signal.SIGTERM}
    try:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, sigs)
    except (AttributeError, OSError, ValueError):  # pragma: no cover - no signal masks on this platform
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _refuse(path: Path, why: str) -> UsageError:
    return UsageError(f"refusing to write a report to {path.as_posix()}: {why}")


def _check_target(path: Path, validated: list[Path]) -> None:
    """A report may replace only a regular file that is no input, outside the validated folders."""
    if path.name.lower().endswith(RECORD_SUFFIXES):
        raise _refuse(path, "a .yaml/.yml name is a record file name; choose another name")
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    if st is not None:
        if stat.S_ISLNK(st.st_mode):
            raise _refuse(path, "it is a symlink; factlint does not write through links")
        if not stat.S_ISREG(st.st_mode):
            raise _refuse(path, "it is not a regular file (a device, FIFO, socket or folder)")
        real = path.resolve()
        for root in validated:
            if root in real.parents:
                raise _refuse(path, f"it is a file under the validated folder {root.as_posix()} (an input)")
    parent = path.parent
    if parent.is_symlink():
        raise _refuse(path, f"its folder {parent.as_posix()} is a symlink")
    if parent.exists() and not parent.is_dir():
        raise _refuse(path, f"{parent.as_posix()} is not a folder")


def plan(report_dir: str | None, output: str | None, fmt: str, paths: list[str], files: dict[str, str]) -> Plan:
    """Check and list the report targets (``files``: format name -> file name in ``report_dir``)."""
    validated = []  # the folders whose files may be inputs: each folder named, and the folder of each file
    for p in paths:
        with contextlib.suppress(OSError, RuntimeError):
            real = Path(p).resolve()
            validated.append(real if real.is_dir() else real.parent)
    result = Plan()
    if report_dir:
        folder = Path(report_dir)
        if folder.is_symlink():
            raise UsageError(f"refusing to write reports to {folder.as_posix()}: it is a symlink")
        if folder.exists() and not folder.is_dir():
            raise UsageError(f"--report-dir {folder.as_posix()} exists and is not a folder")
        # Reports of an earlier run (the marker says so) may be replaced even inside a validated folder.
        ours = (folder / MARKER).is_file() and not (folder / MARKER).is_symlink()
        for name, filename in files.items():
            _check_target(folder / filename, [] if ours else validated)
            result.targets[folder / filename] = name
        _check_target(folder / MARKER, [] if ours else validated)
        result.targets[folder / MARKER] = None
        result.report_dir = folder
    if output and output != "-":
        target = Path(output)
        _check_target(target, validated)
        result.targets[target] = fmt
    return result


def prepare(plan_: Plan) -> None:
    """Create the report folder and clear the targets (before the run starts)."""
    if plan_.report_dir is not None:
        plan_.report_dir.mkdir(parents=True, exist_ok=True)
    for path in plan_.targets:
        path.parent.mkdir(parents=True, exist_ok=True)
    plan_.clear()


def incomplete_result(paths: list[str], why: str) -> Result:
    """A result that says the run did not finish (finding FC018 on the first path): never a pass."""
    from factlint.codes import finding

    result = Result(paths=list(paths))
    where = paths[0] if paths else "."
    result.add(
        finding(
            "FC018",
            where,
            1,
            1,
            f"factlint did not finish: {why}; these reports are not a validation result, run it again",
        )
    )
    return result
