"""A record of the corpus and where its fields stand: :class:`Record` and the run's :class:`PositionIndex`.

A :class:`Record` is data (a file that loaded and passed its schema). Its line and column numbers come
packed (the parse's :class:`~factlint.loader.Marks`) or later: the :class:`PositionIndex` of a run expands
the marks, or finds them in the content cache (:class:`PositionCache`) or reads them again from the file,
only when a finding needs them. That reading is why this
is a module of its own and not part of :mod:`factlint.model`, which holds only the result's data.
"""

from __future__ import annotations

import contextlib
import marshal
from collections import OrderedDict
from dataclasses import FrozenInstanceError
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from factlint.loader import Fitted, Marks, Positions


class Record:
    """A record that loaded and passed its schema, with where its parts stand.

    ``positions`` are the parse's :class:`~factlint.loader.Marks` (packed, a
    small array: records checked in worker processes bring them back; the
    run's :class:`PositionIndex` expands them the first time a finding needs
    them), or already expanded, or None (a record from the cache): the index
    then finds them in the cache or reads them from the file (``path``, or
    ``file`` when no path is given).

    The data is held as given (a dict), or packed (:meth:`packed`: the ``marshal`` bytes a load worker of
    this run made, never bytes read from disk), and then decoded again on each access of :attr:`data`: at
    100k records the dicts were ~370 MiB, the bytes ~82 MiB. A caller that reads a packed record's data
    many times keeps one decoded copy itself (``data = rec.data``). The data is never changed after the
    load. Equality, ``repr`` and pickling are those of the frozen dataclass this was (``key`` aside), on
    the decoded data; the bytes travel packed.
    """

    __slots__ = ("_data", "_path", "file", "id", "key", "kind", "positions")

    kind: str
    file: str
    _data: dict[str, Any] | bytes
    positions: Positions | Marks | None
    _path: str | Head
    key: str
    """The content cache's key of the bytes the record was loaded from ("" without the cache)."""
    id: str | None
    """The record's ``id`` when it is a string (kept apart from the data: it is asked for millions of times)."""

    def __init__(
        self,
        kind: str,
        file: str,
        data: dict[str, Any],
        positions: Positions | Marks | None = None,
        path: str = "",
        key: str = "",
    ) -> None:
        value = data.get("id")
        _init(self, kind, file, data, positions, path, key, value if isinstance(value, str) else None)

    @classmethod
    def packed(
        cls,
        kind: str,
        file: str,
        data: dict[str, Any],
        positions: Positions | Marks | None = None,
        path: str = "",
        key: str = "",
    ) -> Record:
        """The record of ``data`` holding it as ``marshal`` bytes (as given if marshal cannot hold it)."""
        rec = cls(kind, file, data, positions, path, key)
        with contextlib.suppress(ValueError):  # a value marshal cannot write (not from the YAML loader): kept as is
            object.__setattr__(rec, "_data", marshal.dumps(data))
        return rec

    @property
    def data(self) -> dict[str, Any]:
        """The record's data (a new decoded copy on each access when the record is :attr:`is_packed`)."""
        data = self._data
        if type(data) is bytes:
            decoded: dict[str, Any] = marshal.loads(data)
            return decoded
        return data  # type: ignore[return-value]

    @property
    def is_packed(self) -> bool:
        return type(self._data) is bytes

    @property
    def path(self) -> str:
        """Where the file is read from, when that differs from ``file`` (its name in findings); else ""."""
        held = self._path
        return held if type(held) is str else held.head + self.file  # type: ignore[union-attr]

    def share_names(self, file: str, path: str, heads: dict[str, Head] | None = None) -> None:
        """Hold the caller's copies of ``file`` and ``path`` when they are equal to the record's (a record from a
        worker brings its own: at 100k records ~29 MiB of names the run already holds). With ``heads`` (one dict
        for the records of a run), a path that is a folder followed by ``file`` is held as that folder's one
        shared :class:`Head` instead (a corpus named by its absolute path: ~17 MiB of paths at 100k records)."""
        if self.file == file:
            object.__setattr__(self, "file", file)
        if self.path and self.path == path:
            held: str | Head = path
            start = len(path) - len(self.file)
            if heads is not None and start > 0 and path.endswith(self.file):
                head = path[:start]
                held = heads.get(head) or heads.setdefault(head, Head(head))
            object.__setattr__(self, "_path", held)

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def _fields(self) -> tuple[Any, ...]:
        return (self.kind, self.file, self.data, self.positions, self.path)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Record) or other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())  # as the frozen dataclass's: a TypeError (a dict is not hashable)

    def __repr__(self) -> str:
        return (
            f"Record(kind={self.kind!r}, file={self.file!r}, data={self.data!r}, positions={self.positions!r}, "
            f"path={self.path!r})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (self.kind, self.file, self._data, self.positions, self.path, self.key, self.id))


class Head:
    """The folder part of records' paths that end in their display names (``path == head + file``), held once for
    them all (:meth:`Record.share_names`)."""

    __slots__ = ("head",)

    def __init__(self, head: str) -> None:
        self.head = head

    def __reduce__(self) -> tuple[Any, ...]:
        return (Head, (self.head,))


def _init(
    rec: Record,
    kind: str,
    file: str,
    data: dict[str, Any] | bytes,
    positions: Positions | Marks | None,
    path: str,
    key: str,
    rid: str | None,
) -> None:
    put = object.__setattr__
    put(rec, "kind", kind)
    put(rec, "file", file)
    put(rec, "_data", data)
    put(rec, "positions", positions)
    put(rec, "_path", path)
    put(rec, "key", key)
    put(rec, "id", rid)


def _restore(
    kind: str,
    file: str,
    data: dict[str, Any] | bytes,
    positions: Positions | Marks | None,
    path: str,
    key: str,
    rid: str | None,
) -> Record:
    """A pickled :class:`Record` again (its data still packed if it was)."""
    if not isinstance(data, (dict, bytes)) or not (rid is None or isinstance(rid, str)):
        raise TypeError("not a pickled record")
    rec = Record.__new__(Record)
    _init(rec, kind, file, data, positions, path, key, rid)
    return rec


class PositionCache(Protocol):
    """Where a :class:`PositionIndex` keeps positions between runs (the content cache)."""

    def positions(self, k: str, data: Any) -> Positions | Fitted | None: ...

    def put_positions(self, k: str, kind: str, raw: bytes, positions: Positions) -> None: ...

    def keep_positions(self, k: str, positions: Positions | Fitted) -> None: ...


RECENT = 256
"""How many files' positions a :class:`PositionIndex` keeps when it can make them again cheaply (a record's marks,
from its parse or the cache, fitted to its data): the rows of one record are located one after another. Keeping
every file's expanded positions cost ~7 KB a file, ~220 MiB for the ~30,000 files with a finding of a 100k-claim
corpus, for the rest of the run."""


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
        self._recent: OrderedDict[str, Positions | Fitted] = OrderedDict()
        """Marks (this run's parse's or the cache's) fitted to their records' data, of the last :data:`RECENT` files
        only: a field's position is found by walking them (:meth:`factlint.loader.Fitted.locate`), never by
        expanding the whole record's."""
        self._last: tuple[Record, Positions | Fitted | None] | None = None
        """The record located last and what :meth:`_read` gave for it."""

    def locate(self, rec: Record, path: tuple[str | int, ...], *, prefer_value: bool = False) -> tuple[int, int]:
        from factlint.loader import Marks

        own = rec.positions
        positions: Positions | Fitted | None
        if own is None or isinstance(own, Marks):
            last = self._last
            if last is not None and last[0] is rec:  # a row's fields, one after another
                positions = last[1]
            else:
                positions = self._read(rec)
                self._last = (rec, positions)
        else:
            positions = own
            if self.store is not None and rec.key and rec.key not in self._kept:
                self._kept.add(rec.key)  # from the same parse as the key: kept for the next run, which reads none
                self.store.keep_positions(rec.key, positions)
        if positions is None:
            return (1, 1)
        return positions.locate(path, prefer_value=prefer_value)

    def _read(self, rec: Record) -> Positions | Fitted | None:
        import os

        from factlint.loader import Positions

        key = os.path.abspath(rec.path or rec.file)
        if key in self._by_path:
            return self._by_path[key]
        recent = self._recent.get(key)
        if recent is not None:
            self._recent.move_to_end(key)
            return recent
        store = self.store if rec.key else None
        marks = rec.positions
        data = rec.data if marks is not None or store is not None else None  # decoded once (when packed)
        # The marks of this run's own parse of the record (sent back by a worker): no file read again.
        found: Positions | Fitted | None = None
        if marks is not None and not isinstance(marks, Positions):
            found = marks.fit(data)
        if found is not None:
            if store is not None and rec.key not in self._kept:
                self._kept.add(rec.key)
                store.keep_positions(rec.key, found)  # from the same parse as the key
        elif store is not None:
            found = store.positions(rec.key, data)
        if found is None:
            found = self._by_path[key] = self._load(rec, key, store)  # read again: kept, never read twice
            return found
        self._recent[key] = found  # cheap to make again: only the last few are kept
        if len(self._recent) > RECENT:
            self._recent.popitem(last=False)
        return found

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
