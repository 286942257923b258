"""Finding the record files under the paths a user names.

Every file whose name ends in ``.yaml`` or ``.yml`` (any case) is a record file,
except hidden ones (and hidden folders such as ``.github``). Nothing is skipped
in silence: a folder the walk cannot enter (unreadable, deeper than
:data:`MAX_FOLDER_DEPTH`, a symlink, which is not followed) and a record file
whose name is not valid UTF-8 become findings (:class:`Walk.problems`). The
walk never opens a file; what a file *is* (FIFO, device, socket, symlink loop)
is judged when it is read (:func:`factlint.loader.read_regular`).
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from pathlib import Path

from factlint.errors import UsageError
from factlint.model import Finding

__all__ = ["RECORD_SUFFIXES", "UsageError", "Walk", "display", "is_record_name", "named_record_files", "walk"]

RECORD_SUFFIXES = (".yaml", ".yml")
"""Record file extensions, compared case-insensitively (:func:`is_record_name`)."""

MAX_FOLDER_DEPTH = 32
"""Deepest folder entered below a validated path; a deeper one is a finding (FC016)."""


def is_record_name(name: str) -> bool:
    """True for a record file name: ``*.yaml`` / ``*.yml`` in any case, not hidden."""
    return name.lower().endswith(RECORD_SUFFIXES) and not name.startswith(".")


def printable(name: str) -> str:
    """``name`` with the bytes that are not UTF-8 (surrogate escapes from the file system) shown as ``\\xNN``."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    return name


def display(path: str | Path, base: Path | None = None) -> str:
    """A stable, portable name for ``path``: relative to ``base`` (default: the working folder) when inside it.

    Never raises: a path that cannot be resolved (a symlink loop) is shown as given.
    """
    path = Path(path)
    root = (base or Path.cwd()).resolve()
    try:
        return printable(path.resolve().relative_to(root).as_posix())
    except (ValueError, OSError, RuntimeError):  # outside the base, or a symlink loop
        try:
            return printable(Path(os.path.abspath(path)).relative_to(root).as_posix())
        except ValueError:
            return printable(path.as_posix())


@dataclass
class Walk:
    """What the walk found: record files ``(display name, path)`` sorted by name, and findings on what it
    could not take (folders it could not enter, names that are not UTF-8)."""

    files: list[tuple[str, str]] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)


def _problem(code: str, name: str, message: str) -> Finding:
    from factlint.codes import finding

    return finding(code, name, 1, 1, message)


def walk(paths: list[str], base: Path | None = None) -> Walk:
    """Every record file under ``paths`` (files as given, folders walked), once each, and the findings of
    the walk; names are relative to ``base`` (default: the working folder). Raises UsageError for a path
    that does not exist.

    Strings, not Path objects: a Path costs a few hundred bytes more, which on a
    corpus of 100k files is the largest allocation before any file is read.
    """
    found: dict[str, str] = {}
    problems: dict[str, Finding] = {}
    cwd = (base or Path.cwd()).resolve()

    def folder_problem(folder: str, message: str) -> None:
        head, tail = os.path.split(folder.rstrip(os.sep))  # never resolve the link or loop itself
        name = f"{display(head or '.', base)}/{printable(tail)}".removeprefix("./") if tail else display(folder, base)
        problems.setdefault(name, _problem("FC016", name, message))

    def add(key: str, p: str) -> None:
        shown = printable(key)
        if shown != key:
            problems.setdefault(
                shown,
                _problem(
                    "FC014",
                    shown,
                    "the file name is not valid UTF-8, so it cannot be a record id or appear in a report as "
                    "it is; rename the file (its content was not read)",
                ),
            )
            return
        found.setdefault(key, p)

    for raw in paths:
        path = Path(raw)
        if path.is_dir():  # a folder named on the command line is walked, even through a symlink
            _walk_folder(raw, cwd, base, add, folder_problem)
        elif _lexists(raw):  # a file, a broken link, a FIFO ...: judged when it is read
            add(display(path, base), raw)
        else:
            raise UsageError(f"no such file or folder: {raw}")
    return Walk(files=[(k, found[k]) for k in sorted(found)], problems=[problems[k] for k in sorted(problems)])


def _lexists(raw: str) -> bool:
    try:
        os.lstat(raw)
    except OSError:
        return False
    return True


def _loops(path: str) -> bool:
    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def _walk_folder(top: str, cwd: Path, base: Path | None, add, folder_problem) -> None:  # type: ignore[no-untyped-def]
    base_depth = top.rstrip(os.sep).count(os.sep)

    def onerror(exc: OSError) -> None:
        folder_problem(
            exc.filename or top, f"cannot enter this folder: {exc.strerror or exc}; its records were not checked"
        )

    for dirpath, dirnames, filenames in os.walk(top, onerror=onerror):
        depth = dirpath.rstrip(os.sep).count(os.sep) - base_depth
        keep = []
        for d in sorted(dirnames):
            if d.startswith("."):
                continue
            sub = os.path.join(dirpath, d)
            if os.path.islink(sub):
                folder_problem(
                    sub, "a symlink to a folder is not followed; move the records into the corpus or remove the link"
                )
            elif depth + 1 > MAX_FOLDER_DEPTH:
                folder_problem(
                    dirpath,
                    f"folders nested deeper than {MAX_FOLDER_DEPTH} levels are not walked; flatten the corpus",
                )
            else:
                keep.append(d)
        dirnames[:] = keep
        names = []
        for n in filenames:
            if is_record_name(n):
                names.append(n)
            elif not n.startswith(".") and os.path.islink(sub := os.path.join(dirpath, n)) and _loops(sub):
                folder_problem(sub, "a symlink loop (the link leads back to itself); remove it")
        if not names:
            continue
        folder = Path(dirpath)
        # display() resolves each path; resolve the folder once and only a symlinked file on its own.
        try:
            prefix = folder.resolve().relative_to(cwd).as_posix() + "/"
        except (ValueError, OSError, RuntimeError):  # outside the working folder: keep the path as given
            prefix = folder.as_posix() + "/"
        if prefix == "./":
            prefix = ""
        for name in names:
            p = os.path.join(dirpath, name)
            key = display(p, base) if os.path.islink(p) else prefix + name
            add(key, p)


def named_record_files(paths: list[str], base: Path | None = None) -> list[tuple[str, str]]:
    """Every record file under ``paths`` as ``(display name, path)``, sorted by name (see :func:`walk`)."""
    return walk(paths, base).files
