"""What loading a record gives: a :class:`Document` (the plain data and the :class:`Positions` of its keys
and items, by JSON-pointer path, so every later finding can point at ``file:line:col``), or a
:class:`LoadError` carrying a loader rule code and the line and column where the file went wrong.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

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


if TYPE_CHECKING:
    _IntArray = array[int]
else:
    _IntArray = array


class Marks(_IntArray):
    """Where a parse found each key and item, packed: an array of 0-based (line, column) marks in walk
    order, which the data itself spells out, so no path is stored.

    The order: the root value; then, depth first in the data's own order, for each mapping entry its key
    and its value, for each sequence item its start. A worker sends this back with its record (one small
    array, mostly one byte a number) and :meth:`expand` rebuilds the :class:`Positions` only for the
    records a finding points into. An array subclass: it pickles as its bytes, and is rebuilt without a
    Python call.
    """

    __slots__ = ()

    @classmethod
    def of(cls, numbers: list[int]) -> Marks:
        """The smallest array that holds ``numbers`` (all >= 0)."""
        for code in ("B", "H", "I"):
            try:
                return cls(code, numbers)
            except OverflowError:
                continue
        return cls("Q", numbers)

    def expand(self, data: Any) -> Positions | None:
        """The positions of ``data``'s keys and items, or None when the marks do not fit ``data`` (not the
        data they were parsed with: another shape, more or fewer keys or items)."""
        flat = self
        if len(flat) < 2:
            return None
        out = Positions()
        out.value[()] = (flat[0] + 1, flat[1] + 1)
        try:
            at = _expand(data, (), flat, 2, out.key, out.value)
        except IndexError:
            return None
        return out if at == len(flat) else None


def _expand(
    value: Any,
    path: PathKey,
    flat: array[int],
    at: int,
    keys: dict[PathKey, tuple[int, int]],
    values: dict[PathKey, tuple[int, int]],
) -> int:
    """Positions of ``value``'s keys and items from ``flat[at:]``, depth first as the parse went; the next index."""
    if type(value) is dict:
        for k, v in value.items():
            sub = (*path, k)
            keys[sub] = (flat[at] + 1, flat[at + 1] + 1)
            values[sub] = (flat[at + 2] + 1, flat[at + 3] + 1)
            at = _expand(v, sub, flat, at + 4, keys, values)
    elif type(value) is list:
        for i, v in enumerate(value):
            sub = (*path, i)
            keys[sub] = values[sub] = (flat[at] + 1, flat[at + 1] + 1)
            at = _expand(v, sub, flat, at + 2, keys, values)
    return at


@dataclass
class Document:
    """A loaded record: the plain data and where each part of it stands (:attr:`positions`, built from
    :attr:`marks` on first use)."""

    data: Any
    marks: Marks
    _positions: Positions | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def positions(self) -> Positions:
        if self._positions is None:
            found = self.marks.expand(self.data)
            if found is None:  # the data was changed after the parse: its positions are unknown
                raise ValueError("the document's data no longer has the shape it was parsed with")
            self._positions = found
        return self._positions
