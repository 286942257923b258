"""What the ``new`` and ``fix`` commands share: their error, the corpus to write into, and checks of ids.

Exit codes: 0 written; 2 nothing written (bad input, an existing file, no corpus found).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from factlint import corpus
from factlint.scaffold import records

EXIT_OK = 0
EXIT_ERROR = 2


class ScaffoldError(Exception):
    """Bad input to ``new``/``fix``: the message says what to do; nothing is written."""


def find_root(given: str | None) -> Path:
    """The corpus to write into: ``--root``, else found from the working folder (or its claims/)."""
    if given is not None:
        root = Path(given)
        if not root.is_dir() or not corpus.is_root(root):
            raise corpus.RootNotFound(f"--root {given} is not a corpus root: expected {corpus.LOOKED_FOR}")
        return root
    found = corpus.find_root(".")
    if found is None and corpus.is_root(Path("claims")):
        found = Path(os.path.abspath("claims"))
    if found is None:
        raise corpus.RootNotFound(
            f"no corpus found from {Path.cwd().as_posix()}: looked for {corpus.LOOKED_FOR}, in this folder, "
            "every folder above it and ./claims; run from inside the corpus or pass --root DIR"
        )
    return found


def shown(path: Path) -> str:
    """``path`` as messages name it (relative to the working folder where it lies inside it)."""
    from factlint.discover import display

    return display(path)


def slug_ok(value: str, what: str) -> str:
    """``value`` when it is a record id; else a :class:`ScaffoldError` naming the id it could be."""
    if not value or records.slug(value, 80) != value:
        hint = records.slug(value, 80)
        did = f"; did you mean '{hint}'?" if hint else ""
        raise ScaffoldError(f"{what} {value!r} is not an id: write lower-case letters, digits and single hyphens{did}")
    return value


def load(path: Path) -> Any:
    """The data of the YAML record at ``path``; a :class:`ScaffoldError` when it cannot be read."""
    from factlint import loader

    try:
        return loader.load_path(path).data
    except (loader.LoadError, OSError) as exc:
        raise ScaffoldError(f"cannot read {shown(path)}: {exc}") from None


def did_you_mean(word: str, options: list[str]) -> str:
    """ "; did you mean 'x'?" for the option spelled most like ``word``, or ""."""
    import difflib

    close = difflib.get_close_matches(word, options, n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def source_path(root: Path, sid: str) -> Path:
    """The source record ``sid`` must be in, or a :class:`ScaffoldError` naming the nearest one."""
    folder = root / corpus.FOLDER_OF_KIND["source"]
    path = folder / f"{sid}.yaml"
    if not path.is_file():
        known = sorted(p.stem for p in folder.glob("*.yaml"))
        raise ScaffoldError(f"no source record {shown(path)}{did_you_mean(sid, known)}")
    return path
