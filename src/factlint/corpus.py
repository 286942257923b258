"""The corpus a path belongs to: its root folder, and a record's kind from its place inside it.

A corpus root is found by walking up from a path (the folder itself, or a
file's folder) to the first folder that

1. holds a ``factlint.toml`` file (the documented marker; it also carries the
   project's settings, e.g. the ``[publisher]`` of the ClaimReview export), or
   else
2. holds both a ``sources/`` and an ``entities/`` folder (the layout of a
   claims corpus: ``articles/ sources/ entities/ coverage/``).

A record's kind comes from its path *inside* the root (the nearest enclosing
``sources/``, ``entities/`` or ``coverage/`` folder below the root; any other
file is a claim), never from the working folder.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from factlint.discover import UsageError
from factlint.errors import ConfigError
from factlint.pathhint import missing_path

MARKER = "factlint.toml"
"""The file that marks a corpus root (and holds its settings)."""

LAYOUT = ("sources", "entities")
"""Without a marker, a folder holding all of these folders is a corpus root."""

KIND_BY_FOLDER = {"sources": "source", "entities": "entity", "coverage": "coverage"}
"""A record's kind is given by the nearest enclosing folder (below the root) with one of these names;
every other record file is a claim."""

FOLDER_OF_KIND = {"claim": "articles", "source": "sources", "entity": "entities", "coverage": "coverage"}
"""Where ``factlint new`` writes each kind, relative to the root."""

LOOKED_FOR = f"a folder holding {MARKER}, or holding both {LAYOUT[0]}/ and {LAYOUT[1]}/"
"""What :func:`find_root` looks for, in words (for the error when it finds nothing)."""


class SettingsError(ConfigError):
    """A factlint.toml that cannot be read: a configuration error (exit 2)."""


def _absolute(path: str | os.PathLike[str]) -> Path:
    # abspath, not resolve: a symlinked folder keeps the name it was given (no loop can raise here).
    return Path(os.path.abspath(path))


def is_root(folder: Path) -> bool:
    """True when ``folder`` is a corpus root by marker or by layout."""
    if (folder / MARKER).is_file():
        return True
    return all((folder / name).is_dir() for name in LAYOUT)


def find_root(path: str | os.PathLike[str]) -> Path | None:
    """The root of the corpus ``path`` belongs to (absolute, symlinks kept), or None.

    The nearest folder, walking up from ``path`` (a folder) or its folder (a
    file), that :func:`is_root`.
    """
    start = _absolute(path)
    if not start.is_dir():
        start = start.parent
    for folder in (start, *start.parents):
        if is_root(folder):
            return folder
    return None


class RootNotFound(UsageError):
    """A named file belongs to no corpus (exit 2)."""


@dataclass
class Scope:
    """The paths of one run that lie in one corpus.

    ``base`` is the folder record names are shown relative to: the repository
    root (the nearest folder at or above the corpus root holding ``.git``), so a
    file of a repository is named the same whichever folder factlint runs from
    (and as CI annotations name it); outside a repository, the working folder
    when the corpus lies in it, else the folder holding the root. ``whole`` is
    True when the corpus itself was named (nothing to filter).
    """

    root: Path
    base: Path
    named: list[str] = field(default_factory=list)
    whole: bool = False


def _base_for(root: Path) -> Path:
    """The folder names are shown relative to (see :class:`Scope`)."""
    for folder in (root, *root.parents):
        try:
            if (folder / ".git").exists():
                return folder
        except OSError:
            continue
    cwd = Path.cwd()
    try:
        real_root, real_cwd = root.resolve(), cwd.resolve()
    except (OSError, RuntimeError):
        return root.parent
    if real_root == real_cwd or real_cwd in real_root.parents:
        return cwd
    return root.parent


def plan(paths: list[str]) -> list[Scope]:
    """The corpora the named ``paths`` belong to, in order of their roots.

    A folder that belongs to no corpus is taken as a corpus of its own (its
    records' kinds from the folders below it); a file that belongs to none is a
    :class:`RootNotFound` error. A missing path is a UsageError.
    """
    scopes: dict[Path, Scope] = {}
    for raw in paths:
        if not (os.path.exists(raw) or os.path.islink(raw)):
            raise UsageError(missing_path(raw))
        root = find_root(raw)
        whole = root is not None and root == _absolute(raw)
        if root is None:
            if not os.path.isdir(raw):
                folder = _absolute(raw).parent
                raise RootNotFound(
                    f"no corpus found for {raw}: looked for {LOOKED_FOR}, in {folder.as_posix()} "
                    "and every folder above it; create factlint.toml in the corpus root"
                )
            root, whole = _absolute(raw), True
        scope = scopes.setdefault(root, Scope(root=root, base=_base_for(root)))
        scope.named.append(raw)
        scope.whole = scope.whole or whole
    return [scopes[k] for k in sorted(scopes)]


def default_target() -> str:
    """What ``factlint validate`` checks when no path is named: ./claims, else the corpus the working folder is in."""
    if os.path.lexists("claims"):
        return "claims"
    found = find_root(".")
    if found is None:
        raise RootNotFound(
            f"nothing named to check, and no claims/ here: no corpus found from {Path.cwd().as_posix()}: looked for "
            f"{LOOKED_FOR}, in this folder and every folder above it; name the files or folders to check, or run "
            "from the folder holding claims/ or from inside the corpus"
        )
    return os.path.relpath(found)


def kind_in(root: str | os.PathLike[str], path: str | os.PathLike[str]) -> str:
    """The record kind of the file at ``path`` in the corpus at ``root``.

    Only the folders between the root and the file count (``cd claims/entities``
    or a parent folder named ``coverage`` change nothing).
    """
    try:
        return kind_of_relative(_absolute(path).relative_to(_absolute(root)))
    except ValueError:
        return kind_of_relative(PurePath(path).name)


def kinds_in(root: str | os.PathLike[str], paths: list[str]) -> list[str]:
    """:func:`kind_in` of every path, with string operations only (one Path per file costs seconds at 100k)."""
    top = os.path.abspath(root)
    prefix = top if top.endswith(os.sep) else top + os.sep
    out = []
    for path in paths:
        absolute = os.path.abspath(path)
        if absolute.startswith(prefix):
            kind = "claim"
            for part in reversed(absolute[len(prefix) :].split(os.sep)[:-1]):
                found = KIND_BY_FOLDER.get(part)
                if found is not None:
                    kind = found
                    break
            out.append(kind)
        else:
            out.append(kind_in(root, path))
    return out


def kind_of_relative(inner: str | PurePath) -> str:
    """The kind of a record at ``inner``, a path relative to its corpus root."""
    for part in reversed(PurePath(inner).parts[:-1]):
        kind = KIND_BY_FOLDER.get(part)
        if kind is not None:
            return kind
    return "claim"


def settings(root: str | os.PathLike[str]) -> dict[str, Any]:
    """The parsed ``factlint.toml`` of a corpus root ({} when there is none)."""
    path = Path(root) / MARKER
    if not path.is_file():
        return {}
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"cannot read {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path} is not valid TOML: {exc}") from None


def links_outside(root: str | os.PathLike[str], paths: list[str]) -> dict[str, str]:
    """The symbolic links among ``paths`` that lead outside the corpus at ``root`` (not followed), with why."""
    out: dict[str, str] = {}
    real_root: Path | None = None
    for p in paths:
        if not os.path.islink(p):
            continue
        if real_root is None:
            real_root = Path(os.path.realpath(root))
        target = Path(os.path.realpath(p))
        if target != real_root and real_root not in target.parents:
            out[p] = (
                f"is a symbolic link to {os.readlink(p)}, outside the corpus folder; not followed: "
                "put the record itself in the corpus"
            )
    return out
