"""The colour policy: NO_COLOR and FORCE_COLOR (https://no-color.org), then the terminal."""

from __future__ import annotations

import os
from typing import TextIO


def use_color(stream: TextIO, choice: str = "auto") -> bool:
    """Whether to colour output written to ``stream``.

    ``--color always|never`` wins; otherwise a non-empty ``NO_COLOR`` turns colour
    off, a non-empty ``FORCE_COLOR`` turns it on, and else only a terminal gets it.
    """
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
