"""Text helpers shared by every stage that writes a message: one way to cut text and lists.

Escaping is not done here: each output format escapes once, in its reporter.
"""

from __future__ import annotations

from collections.abc import Sequence

ELLIPSIS = "…"


def cut(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, ending in '…' when cut."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + ELLIPSIS


def cut_list(items: Sequence[str], limit: int, *, sep: str = ", ") -> str:
    """The first ``limit`` items joined by ``sep``, then 'and N more' when there are more."""
    shown = sep.join(items[:limit])
    rest = len(items) - limit
    return f"{shown}{sep}and {rest} more" if rest > 0 else shown
