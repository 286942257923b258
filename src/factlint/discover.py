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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from factlint.errors import UsageError
from factlint.model import Finding
from factlint.pathhint import missing_path

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
    links: set[str] = field(default_factory=set)
    """The paths (as in :attr:`files`) that are symbolic links: only these can lead out of the corpus."""


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
    links: set[str] = set()
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
            _walk_folder(raw, cwd, base, add, folder_problem, links)
        elif _lexists(raw):  # a file, a broken link, a FIFO ...: judged when it is read
            if os.path.islink(raw):
                links.add(raw)
            add(display(path, base), raw)
        else:
            raise UsageError(missing_path(raw))
    files = [(k, found[k]) for k in sorted(found)]
    return Walk(files, [problems[k] for k in sorted(problems)], {p for _, p in files if p in links})


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


_Report = Callable[[str, str], None]


def _walk_folder(
    top: str, cwd: Path, base: Path | None, add: _Report, folder_problem: _Report, links: set[str]
) -> None:
    """Walk ``top`` top-down, each folder's entries in name order, never entering a symlinked folder. What an
    entry is comes from the folder listing (``DirEntry``: no ``lstat`` of each file; a symlink is looked at
    further only when it is one): a walk of 123k files is one listing per folder (100k claims: 1.38 -> 0.35 s
    CPU with the check of links leading outside, which now looks at the links only)."""
    # A record's name is its path relative to the working folder when it lies there (display() resolves a path):
    # the top folder is resolved once, and each folder below it is its parent's resolved path plus its name (no
    # symlinked folder is entered).
    try:
        real: str | None = str(Path(top).resolve())
    except (OSError, RuntimeError):  # a symlink loop: names as given
        real = None
    here = str(cwd)
    _walk_one(top, real, 0, here if here.endswith(os.sep) else here + os.sep, base, add, folder_problem, links)


def _walk_one(
    dirpath: str,
    real: str | None,
    depth: int,
    cwd: str,
    base: Path | None,
    add: _Report,
    folder_problem: _Report,
    links: set[str],
) -> None:
    try:
        with os.scandir(dirpath) as listing:
            entries = sorted(listing, key=_name)  # by name: the same order on every file system
    except OSError as exc:
        folder_problem(
            exc.filename or dirpath, f"cannot enter this folder: {exc.strerror or exc}; its records were not checked"
        )
        return
    folders = []
    names = []
    for entry in entries:
        n = entry.name
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            folders.append(entry)
        elif is_record_name(n):
            names.append(entry)
        elif not n.startswith(".") and _is_link(entry) and _loops(entry.path):
            folder_problem(entry.path, "a symlink loop (the link leads back to itself); remove it")
    if names:
        if real is not None and (real if real.endswith(os.sep) else real + os.sep) == cwd:
            prefix = ""
        elif real is not None and real.startswith(cwd):
            prefix = real[len(cwd) :].replace(os.sep, "/") + "/"
        else:  # outside the working folder: the path as given
            prefix = Path(dirpath).as_posix() + "/"
        for entry in names:
            p = entry.path
            if _is_link(entry):
                links.add(p)
                add(display(p, base), p)
            else:
                add(prefix + entry.name, p)
    for entry in folders:
        d = entry.name
        if d.startswith("."):
            continue
        if _is_link(entry):
            folder_problem(
                entry.path, "a symlink to a folder is not followed; move the records into the corpus or remove the link"
            )
        elif depth + 1 > MAX_FOLDER_DEPTH:
            folder_problem(
                dirpath, f"folders nested deeper than {MAX_FOLDER_DEPTH} levels are not walked; flatten the corpus"
            )
        else:
            inner = None if real is None else os.path.join(real, d)
            _walk_one(entry.path, inner, depth + 1, cwd, base, add, folder_problem, links)


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False


def named_record_files(paths: list[str], base: Path | None = None) -> list[tuple[str, str]]:
    """Every record file under ``paths`` as ``(display name, path)``, sorted by name (see :func:`walk`)."""
    return walk(paths, base).files
