"""Finding the record files under the paths a user names."""

from __future__ import annotations

import os
from pathlib import Path

RECORD_SUFFIXES = (".yaml", ".yml")


class UsageError(Exception):
    """The command line names something that cannot be checked (exit 2)."""


def display(path: Path) -> str:
    """A stable, portable name for ``path``: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def record_files(paths: list[str]) -> list[Path]:
    """Every record file under ``paths`` (files as given, folders walked), sorted, once each.

    Hidden files and folders (``.git``, ``.cache``) are skipped when walking.
    """
    found: dict[str, Path] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in filenames:
                    if name.endswith(RECORD_SUFFIXES) and not name.startswith("."):
                        p = Path(dirpath) / name
                        found.setdefault(display(p), p)
        elif path.exists() or path.is_symlink():
            found.setdefault(display(path), path)
        else:
            raise UsageError(f"no such file or folder: {raw}")
    return [found[k] for k in sorted(found)]
