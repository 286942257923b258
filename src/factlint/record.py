"""A record of the corpus and where its fields stand: :class:`Record` and the run's :class:`PositionIndex`.

A :class:`Record` is data (a file that loaded and passed its schema). Its line and column numbers come
packed (the parse's :class:`~factlint.loader.Marks`) or later: the :class:`PositionIndex` of a run expands
the marks, or finds them in the content cache (:class:`PositionCache`) or reads them again from the file,
only when a finding needs them. That reading is why this
is a module of its own and not part of :mod:`factlint.model`, which holds only the result's data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from factlint.loader import Marks, Positions


@dataclass(frozen=True)
class Record:
    """A record that loaded and passed its schema, with where its parts stand.

    ``positions`` are the parse's :class:`~factlint.loader.Marks` (packed, a
    small array: records checked in worker processes bring them back; the
    run's :class:`PositionIndex` expands them the first time a finding needs
    them), or already expanded, or None (a record from the cache): the index
    then finds them in the cache or reads them from the file (``path``, or
    ``file`` when no path is given).
    """

    kind: str
    file: str
    data: dict[str, Any]
    positions: Positions | Marks | None = None
    path: str = ""
    """Where the file is read from, when that differs from ``file`` (its name in findings)."""
    key: str = field(default="", compare=False, repr=False)
    """The content cache's key of the bytes the record was loaded from ("" without the cache)."""

    @property
    def id(self) -> str | None:
        value = self.data.get("id")
        return value if isinstance(value, str) else None


class PositionCache(Protocol):
    """Where a :class:`PositionIndex` keeps positions between runs (the content cache)."""

    def positions(self, k: str, data: Any) -> Positions | None: ...

    def put_positions(self, k: str, kind: str, raw: bytes, positions: Positions) -> None: ...

    def keep_positions(self, k: str, positions: Positions) -> None: ...


class PositionIndex:
    """Line and column of records' fields for one run: expanded from a record's marks, or read again
    from a file when a record came without them (keyed by the file's absolute path, so two corpora
    never mix).

    With a :attr:`store` (the content cache), positions of a record loaded from the bytes of cache key
    ``rec.key`` come from it when it has them (checked against the record), and positions read again
    are kept there for the next run, when the file still has the bytes the record came from.

    A file that can no longer be read (changed, gone) is remembered in :attr:`unreadable`, with
    why; the rule stage reports it as a finding, and its rows point at 1:1.
    """

    def __init__(self) -> None:
        self._by_path: dict[str, Positions | None] = {}
        self.unreadable: dict[str, str] = {}
        """Display name of each file that could not be read again -> why."""
        self.store: PositionCache | None = None
        self._kept: set[str] = set()

    def locate(self, rec: Record, path: tuple[str | int, ...], *, prefer_value: bool = False) -> tuple[int, int]:
        from factlint.loader import Marks

        positions = rec.positions
        if positions is None or isinstance(positions, Marks):
            positions = self._read(rec)
        elif self.store is not None and rec.key and rec.key not in self._kept:
            self._kept.add(rec.key)  # from the same parse as the key: kept for the next run, which reads none
            self.store.keep_positions(rec.key, positions)
        if positions is None:
            return (1, 1)
        return positions.locate(path, prefer_value=prefer_value)

    def _read(self, rec: Record) -> Positions | None:
        import os

        from factlint.loader import Positions

        key = os.path.abspath(rec.path or rec.file)
        if key not in self._by_path:
            store = self.store if rec.key else None
            marks = rec.positions
            # The marks of this run's own parse of the record (sent back by a worker): no file read again.
            found = marks.expand(rec.data) if marks is not None and not isinstance(marks, Positions) else None
            if found is not None:
                if store is not None:
                    store.keep_positions(rec.key, found)  # from the same parse as the key
            elif store is not None:
                found = store.positions(rec.key, rec.data)
            if found is None:
                found = self._load(rec, key, store)
            self._by_path[key] = found
        return self._by_path[key]

    def _load(self, rec: Record, key: str, store: PositionCache | None) -> Positions | None:
        from factlint.loader import LoadError, load_bytes, read_path

        try:
            raw = read_path(key)
            found = load_bytes(raw).positions
        except (LoadError, OSError) as exc:
            self.unreadable[rec.file] = getattr(exc, "message", None) or getattr(exc, "strerror", None) or str(exc)
            return None
        if store is not None:
            store.put_positions(rec.key, rec.kind, raw, found)
        return found
