"""The content cache's positions: the line and column of every key of a file that had rule findings.

The rule stage reads a record's positions again from its file when a finding needs them (see
:class:`factlint.record.PositionIndex`). :class:`PositionShards` keeps them for the next run in shards of
their own (``positions/<prefix>.json`` in the cache's namespace folder, apart from the entries and file
rows of :mod:`factlint.cache`, since most runs never need them), reads a shard only when a finding needs
one of its entries, and gives back only positions that fit their record (kept as the loader's marks, which
spell out no path: as many as the record's keys and items, :func:`decode_positions`). A shard that is not
exactly what this code writes (:func:`valid_positions`) is ignored as a whole. The
:class:`factlint.cache.Cache` of a run holds one and saves it with its own shards.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from factlint.cache_format import folder, head, head_ok, key, read_json, write

if TYPE_CHECKING:
    from pathlib import Path

    from factlint.loader import Fitted, Positions


def valid_positions(doc: Any, prefix: str) -> dict[str, str] | None:
    """The entries of a positions shard (content key -> positions as text), or None unless this code wrote it."""
    if not head_ok(doc):
        return None
    found = doc.get("positions")
    if not isinstance(found, dict):
        return None
    for k, text in found.items():
        if len(k) != 40 or not k.startswith(prefix) or not isinstance(text, str):
            return None
    return found


def encode_positions(positions: Positions | Fitted) -> str | None:
    """As text: the typecode and the hex of the :class:`factlint.loader.Marks` the positions were expanded from
    (the root value's line and column, then in walk order each key's and its value's, or each item's; 0-based),
    which :func:`decode_positions` fits again to the record's data. None if they cannot be packed so."""
    from factlint.loader import Fitted, Marks

    if isinstance(positions, Fitted):  # the marks themselves
        marks = Marks.of(list(positions.marks))
        return marks.typecode + marks.tobytes().hex()
    root = positions.value.get((), (1, 1))
    flat = [root[0] - 1, root[1] - 1]
    for path, kpos in positions.key.items():  # in walk order: the order Marks.expand filled them in
        flat += (kpos[0] - 1, kpos[1] - 1)
        if path and type(path[-1]) is str:  # a mapping's key: its value's position too
            vpos = positions.value.get(path, kpos)
            flat += (vpos[0] - 1, vpos[1] - 1)
    if min(flat) < 0:
        return None
    marks = Marks.of(flat)
    return marks.typecode + marks.tobytes().hex()


def decode_positions(text: str, data: Any) -> Fitted | None:
    """Positions from their text (the marks, bound to ``data``: :class:`factlint.loader.Fitted`), or None unless
    they fit ``data`` exactly (as many marks as its keys and items: :meth:`factlint.loader.Marks.fit`)."""
    from factlint.loader import Marks

    if len(text) < 3 or text[0] not in _TYPECODES:
        return None
    try:
        marks = Marks(text[0], bytes.fromhex(text[1:]))
    except ValueError:  # not hex, or not a whole number of items
        return None
    return marks.fit(data)


_TYPECODES = frozenset("BHIQ")
"""The typecodes :meth:`factlint.loader.Marks.of` packs with."""


class PositionShards:
    """One run's view of the positions shards of the cache at ``root``: a :class:`factlint.record.PositionCache`.

    ``stats`` is the run's cache statistics (shared with its :class:`factlint.cache.Cache`):
    ``positions_read``, ``positions_rejected``, and the shards ignored and written.
    """

    def __init__(self, root: Path, stats: dict[str, int]) -> None:
        self.root = root
        self.stats = stats
        self._shards: dict[str, dict[str, str] | None] = {}
        self._used: dict[str, set[str]] = {}
        self._new: dict[str, dict[str, str]] = {}

    def positions(self, k: str, data: Any) -> Fitted | None:
        """The cached positions of the bytes ``k`` (whose record is ``data``), if any and if they fit it."""
        shard = self._shard(k[:2])
        text = shard.get(k) if shard is not None else None
        if text is None:
            return None
        found = decode_positions(text, data)
        if found is None:
            shard.pop(k, None)  # type: ignore[union-attr]
            self.stats["positions_rejected"] += 1
            return None
        self._used.setdefault(k[:2], set()).add(k)
        self.stats["positions_read"] += 1
        return found

    def put_positions(self, k: str, kind: str, raw: bytes, positions: Positions | Fitted) -> None:
        """Positions read again for a finding from ``raw``: kept for the next run if ``raw`` are still the
        bytes ``k`` its record was loaded from (a file changed since would give them to the wrong record)."""
        if key(kind, raw) == k:
            self.keep_positions(k, positions)

    def keep_positions(self, k: str, positions: Positions | Fitted) -> None:
        """Positions parsed from the bytes ``k`` (by this run's load stage): kept for the next run."""
        text = encode_positions(positions)
        if text is not None:
            self._new.setdefault(k[:2], {})[k] = text

    def _shard(self, prefix: str) -> dict[str, str] | None:
        if prefix not in self._shards:
            doc = read_json(folder(self.root) / "positions" / f"{prefix}.json")
            entries = valid_positions(doc, prefix)
            if entries is None and doc is not None:
                self.stats["shards_ignored"] += 1
            self._shards[prefix] = entries
        return self._shards[prefix]

    def save(self) -> str | None:
        """Write the shards that got new positions: with the ones this run used or added (old ones are
        dropped). Returns the error that stopped it (read-only folder, disk full), never raises: positions
        that cannot be kept are only read again next time."""
        if not self._new:
            return None
        error = None
        try:
            where = folder(self.root) / "positions"
            where.mkdir(parents=True, exist_ok=True)
            start = head()
            for prefix, new in sorted(self._new.items()):
                old = self._shard(prefix) or {}
                keep = {k: old[k] for k in self._used.get(prefix, ()) if k in old}
                keep.update(new)
                write(where / f"{prefix}.json", f'{start}, "positions": {json.dumps(keep)}}}')
                self._shards[prefix] = keep
                self.stats["shards_written"] += 1
        except (OSError, ValueError) as exc:
            error = f"{type(exc).__name__}: {exc}"
        self._new = {}
        return error
