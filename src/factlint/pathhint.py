"""The usage error of a path on the command line that does not exist, with the path it was likely meant to be.

A contributor types the path of the file they just wrote; a typo in one of its names (``claims/artciles/...``)
is mended one component at a time with the closest name that exists in the folder above it (difflib's
ratio >= 0.8, as the did-you-mean of ids), so the message can name a path that exists; where no name is that
close, it names the deepest folder of the path that exists.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

CUTOFF = 0.8
"""How close a name must be (difflib ratio) to be suggested."""


def missing_path(raw: str) -> str:
    """``no such file or folder: RAW`` and what exists instead (``raw`` does not exist)."""
    path = Path(raw)
    parts = path.parts
    here, rest = (Path(parts[0]), parts[1:]) if path.is_absolute() else (Path(), parts)
    mended = False
    for name in rest:
        step = here / name
        if os.path.lexists(step):
            here = step
            continue
        try:
            names = sorted(os.listdir(here)) if here.is_dir() else []
        except (OSError, ValueError):
            names = []
        close = difflib.get_close_matches(name, names, n=1, cutoff=CUTOFF)
        if not close:
            where = "the working folder" if here == Path() else f"{here.as_posix()} exists, but"
            return f"no such file or folder: {raw}; {where} has no {name} in it"
        here, mended = here / close[0], True
    if not mended:  # every name exists now (it appeared meanwhile): nothing to suggest
        return f"no such file or folder: {raw}"
    return f"no such file or folder: {raw}; did you mean {here.as_posix()}?"
