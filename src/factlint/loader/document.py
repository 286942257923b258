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

    def fit(self, data: Any) -> Fitted | None:
        """These marks bound to ``data`` (:class:`Fitted`: a field's position looked up without expanding them
        all), or None when they do not fit ``data`` (the same test as :meth:`expand`)."""
        if len(self) < 2 or _count(data) + 2 != len(self):
            return None
        return Fitted(self, data)


class Fitted:
    """A record's :class:`Marks` with the data they fit: :meth:`locate` walks the marks along the one path asked
    for (the number of marks each skipped key or item stands for is counted, nothing is stored), where
    :class:`Positions` would first hold a line and column per key and item of the whole record. At 100k claims
    the rule findings needed 31,000 records' positions, one or three fields of each.
    :attr:`key` and :attr:`value` are those of :meth:`Marks.expand` (made on first use)."""

    __slots__ = ("_expanded", "_last", "data", "marks")

    def __init__(self, marks: Marks, data: Any) -> None:
        self.marks = marks
        self.data = data
        self._expanded: Positions | None = None
        self._last: tuple[PathKey, bool, tuple[int, int]] | None = None

    def _positions(self) -> Positions:
        if self._expanded is None:
            found = self.marks.expand(self.data)
            if found is None:  # Marks.fit checked they fit
                raise ValueError("the marks no longer fit the data")
            self._expanded = found
        return self._expanded

    @property
    def key(self) -> dict[PathKey, tuple[int, int]]:
        return self._positions().key

    @property
    def value(self) -> dict[PathKey, tuple[int, int]]:
        return self._positions().value

    def locate(self, path: PathKey, *, prefer_value: bool = False) -> tuple[int, int]:
        """What :meth:`Positions.locate` gives for the expanded marks: the position of ``path`` (its key's, or
        with ``prefer_value`` its value's) or of its nearest recorded ancestor; the root value's for ().

        The first path is walked; asked for another (several findings in one record: a walk each would cost
        more than expanding the record once), the marks are expanded and looked up from then on."""
        if self._expanded is not None:
            return self._expanded.locate(path, prefer_value=prefer_value)
        last = self._last
        if last is not None:
            if last[0] == path and last[1] is prefer_value:  # a line, then a column, of one field
                return last[2]
            return self._positions().locate(path, prefer_value=prefer_value)
        found = self._walk(path, prefer_value)
        self._last = (path, prefer_value, found)
        return found

    def _walk(self, path: PathKey, prefer_value: bool) -> tuple[int, int]:
        flat = self.marks
        value = self.data
        at = 2  # the first mark below the root value's
        mark = -1  # where the deepest step found so far stands (-1: the root)
        for step in path:
            kind = type(value)
            if kind is dict:
                for k, v in value.items():
                    if k == step:
                        mark = at + 2 if prefer_value else at  # the key's mark, then its value's
                        value = v
                        at += 4
                        break
                    at += 4 + (_count(v) if type(v) is dict or type(v) is list else 0)
                else:
                    break
            elif kind is list:
                for i, v in enumerate(value):
                    if i == step:
                        mark = at  # an item has one mark, for key and value alike
                        value = v
                        at += 2
                        break
                    at += 2 + (_count(v) if type(v) is dict or type(v) is list else 0)
                else:
                    break
            else:
                break
        if mark < 0:
            return (flat[0] + 1, flat[1] + 1)
        return (flat[mark] + 1, flat[mark + 1] + 1)


def _count(value: Any) -> int:
    """How many marks stand for ``value``'s keys and items, all the way down (as :func:`_expand` reads them)."""
    n = 0
    if type(value) is dict:
        for v in value.values():
            n += 4 + (_count(v) if type(v) is dict or type(v) is list else 0)
    elif type(value) is list:
        for v in value:
            n += 2 + (_count(v) if type(v) is dict or type(v) is list else 0)
    return n


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
