"""What loading a record gives: a :class:`Document` (the plain data and the :class:`Positions` of its keys
and items, by JSON-pointer path, so every later finding can point at ``file:line:col``), or a
:class:`LoadError` carrying a loader rule code and the line and column where the file went wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PathKey = tuple[str | int, ...]


@dataclass(eq=False)  # not frozen: Python sets __traceback__ on an exception as it travels
class LoadError(Exception):
    """A file that cannot be turned into a record; ``code`` is a loader rule code."""

    code: str
    message: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.code} {self.message}"


@dataclass
class Positions:
    """Line/column (1-based) of every key and item, by JSON-pointer path.

    ``key[path]`` is where the key (for mappings) or the item (for sequences)
    that ends ``path`` starts; ``value[path]`` is where its value starts.
    """

    key: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    value: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: PathKey, *, prefer_value: bool = False) -> tuple[int, int]:
        """Position of ``path`` or of its nearest recorded ancestor; (1, 1) if none."""
        p = tuple(path)
        while True:
            table = self.value if prefer_value else self.key
            if p in table:
                return table[p]
            if p in self.key:
                return self.key[p]
            if not p:
                return self.value.get((), (1, 1))
            p = p[:-1]


@dataclass
class Document:
    """A loaded record: the plain data and where each part of it stands."""

    data: Any
    positions: Positions
