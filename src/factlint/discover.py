"""Finding the record files under the paths a user names."""

from __future__ import annotations

import os
from pathlib import Path

RECORD_SUFFIXES = (".yaml", ".yml")


class UsageError(Exception):
    """The command line names something that cannot be checked (exit 2)."""


def display(path: str | Path, base: Path | None = None) -> str:
    """A stable, portable name for ``path``: relative to ``base`` (default: the working folder) when inside it."""
    path = Path(path)
    try:
        return path.resolve().relative_to((base or Path.cwd()).resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def named_record_files(paths: list[str], base: Path | None = None) -> list[tuple[str, str]]:
    """Every record file under ``paths`` (files as given, folders walked), once each, as a path string
    with its :func:`display` name (relative to ``base``, default the working folder), sorted by that
    name. Hidden files and folders are skipped.

    Strings, not Path objects: a Path costs a few hundred bytes more, which on a
    corpus of 100k files is the largest allocation before any file is read.
    """
    found: dict[str, str] = {}
    cwd = (base or Path.cwd()).resolve()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                names = [n for n in filenames if n.endswith(RECORD_SUFFIXES) and not n.startswith(".")]
                if not names:
                    continue
                folder = Path(dirpath)
                # display() resolves each path; resolve the folder once and only a symlinked file on its own.
                try:
                    prefix = folder.resolve().relative_to(cwd).as_posix() + "/"
                except ValueError:  # outside the working folder: display() keeps the path as given
                    prefix = folder.as_posix() + "/"
                if prefix == "./":
                    prefix = ""
                for name in names:
                    p = os.path.join(dirpath, name)
                    key = display(p, base) if os.path.islink(p) else prefix + name
                    found.setdefault(key, p)
        elif path.exists() or path.is_symlink():
            found.setdefault(display(path, base), raw)
        else:
            raise UsageError(f"no such file or folder: {raw}")
    return [(k, found[k]) for k in sorted(found)]
