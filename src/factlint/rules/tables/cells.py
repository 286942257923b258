"""A table column whose cells are a few distinct objects, stored as small codes into a pool of those objects.

Most columns of the big tables hold the same few objects row after row: a namespace, a JSON pointer, a shared
``(path, at_value)`` pair, True/False/None, the record of a source. A list of them costs a pointer (8 bytes) per
cell; a :class:`Coded` column costs one or two bytes per cell, plus its pool. Cells are told apart by identity
(``id``), never by equality, so a cell reads back as the very object stored (equal strings that are distinct
objects stay distinct; 1 and True never merge) and any object can be stored, hashable or not. The pool keeps its
objects alive, so an ``id`` in :attr:`Coded.index` always names the object in the pool.
"""

from __future__ import annotations

from array import array
from typing import Any

WIDE = 1 << 16
"""Most distinct objects a coded column holds (codes fit two bytes); past that it becomes a plain list."""

SPARSE = 8
"""Rows per distinct object below which a column gives up its codes (past :data:`SMALL` objects): the pool and
its index would cost about what the pointers do."""

SMALL = 1024


_TEXT = frozenset({str, type(None)})


class Coded:
    """A column stored as codes (``array('B')``, then ``array('H')`` past 256 distinct objects) into :attr:`pool`.

    While every object in the pool is a string or None, cells are looked up by value (a string's hash is kept
    with it: the fastest lookup), since only a string equals a string; the first other object turns the column
    to lookups by identity (``id``), which tell apart any two objects (1 and True, equal tuples)."""

    __slots__ = ("by_value", "codes", "index", "pool")

    def __init__(self) -> None:
        self.pool: list[Any] = []
        self.codes = array("B")
        self.by_value = True
        self.index: dict[Any, int] | None = {}  # a cell (or its id) -> its code; None after unpickling

    def __len__(self) -> int:
        return len(self.codes)

    def add(self, values: tuple[Any, ...]) -> bool:
        """Append ``values``; False (nothing appended) when they would make the pool too large to pay."""
        index = self.index
        if index is None:
            index = self.index = self._indexed()
        keys: Any = values if self.by_value else map(id, values)
        try:
            self._extend(map(index.__getitem__, keys))
        except (KeyError, TypeError):  # a cell not in the pool yet (TypeError: unhashable)
            index = self._grow(values)
            if index is None:
                return False
            keys = values if self.by_value else map(id, values)
            self._extend(map(index.__getitem__, keys))
        return True

    def _extend(self, codes: Any) -> None:
        if self.codes.typecode == "B":
            self.codes.frombytes(bytes(codes))  # one C call per chunk (array.extend steps through each code)
        else:
            self.codes.frombytes(array("H", list(codes)).tobytes())

    def _indexed(self) -> dict[Any, int]:
        return {(v if self.by_value else id(v)): code for code, v in enumerate(self.pool)}

    def _grow(self, values: tuple[Any, ...]) -> dict[Any, int] | None:
        """Add the new objects of ``values`` to the pool: the index, or None when the pool would grow too large to
        pay."""
        if self.by_value and not _TEXT.issuperset(map(type, values)):
            self.by_value = False
            self.index = None
        index = self.index
        if index is None:
            index = self.index = self._indexed()
        seen = dict(zip(values, values, strict=True) if self.by_value else zip(map(id, values), values, strict=True))
        new = seen.keys() - index.keys()
        pool = self.pool
        size = len(pool) + len(new)
        if size > WIDE or (size > SMALL and size * SPARSE > len(self.codes) + len(values)):
            return None
        for key in new:
            index[key] = len(pool)
            pool.append(seen[key])
        if size > 256 and self.codes.typecode == "B":
            self.codes = array("H", self.codes)
        return index

    def __getitem__(self, i: int) -> Any:
        return self.pool[self.codes[i]]

    def values(self) -> list[Any]:
        """Every cell, in order."""
        return list(map(self.pool.__getitem__, self.codes))

    def objects(self) -> Any:
        """Every cell, in order, as a numpy object array (one ``take`` from the pool: no Python step per cell)."""
        import numpy as np

        pool = np.fromiter(self.pool, dtype=object, count=len(self.pool))
        width = np.uint8 if self.codes.typecode == "B" else np.uint16
        return pool.take(np.frombuffer(self.codes, dtype=width)) if self.codes else np.empty(0, dtype=object)

    def __getstate__(self) -> tuple[list[Any], array[int], bool]:
        return self.pool, self.codes, self.by_value

    def __setstate__(self, state: tuple[list[Any], array[int], bool]) -> None:
        self.pool, self.codes, self.by_value = state
        self.index = None
