"""The content cache of the load and schema stages (the way ruff and mypy cache).

A record file whose bytes were loaded and checked before is not parsed again:
its outcome is taken from the cache. A *valid* record's data is cached; so is
a record that loaded but failed its schema (its data and its findings, with
the file name left out). A file that fails to load (FC0xx) is checked again
on every run.

Where: ``factlint/`` in the user's cache folder (``$XDG_CACHE_HOME``, else
``~/.cache``), or the folder named by ``FACTLINT_CACHE_DIR``. Never a folder of
the working tree by default: a pull request can commit any folder, and a forged
cache there would speak for the files it names. The folder holds a
``.gitignore`` of ``*`` and a ``CACHEDIR.TAG``. ``factlint validate --no-cache`` neither reads nor
writes it. Deleting the folder is always safe.

Keys: an entry is found by a hash of the file's bytes and its record kind,
inside a *namespace* folder named by a hash of everything else the outcome
depends on: factlint's version, the source of the loader and schema code, the
schema bundle, and the YAML and JSON Schema libraries' versions. Change any of
them and the old entries are simply never looked at again.

Stat first: beside the entries, the cache keeps a *file row* per file it read
(absolute path, kind, size, mtime and ctime in nanoseconds, inode, device ->
content key), the way git's index does. A file whose ``stat`` still matches
its row is not read at all. The row is written only for a file whose mtime and
ctime were both more than :data:`RACY_SECONDS` before the run started reading:
a file changed within the same clock tick as it was read could keep its size
and mtime (git's "racily clean" problem), while any later change moves its
ctime, which no program can set back. A racy file is simply read and hashed
again next time.

Positions: the line and column of every key of a file that had rule findings
(the rule stage reads them again from the file) are kept in their own shards
(``positions/``), read only when a finding needs them, and checked against the
record before use (the same paths, positive numbers).

Format: JSON only (no pickle, no marshal: the cache is data from disk). The
entries and file rows live in 256 shard files by the first byte of their key
(the file rows by a hash of their path), so a run that changed one file rewrites
one or two shards. A shard is written to a temporary file and renamed into
place, so concurrent runs never see half a shard (the last writer of a shard
wins; the loser's entries are only misses next time).

Never trusted blindly: a shard that is not valid JSON, has another format or
namespace, or holds an entry or row of the wrong shape is ignored as a whole;
a cached valid record is checked against its schema again (the fast validator,
a few microseconds) before it is used, a cached invalid one must fail it again,
and either is re-checked from its file otherwise. The checks guard against
corruption and foreign files, not against someone who can write to the cache
folder on purpose: keep the cache as private as the code that runs it (in CI,
restore caches made on the base branch only).
"""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factlint.cache_format import (
    FORMAT,
    LAYOUT,
    ROW_LEN,
    decode_positions,
    dumps,
    encode_positions,
    invalid_entry,
    key,
    namespace,
    path_key,
    read_json,
    stat_row,
    valid_entry,
    valid_positions,
    valid_record,
    valid_shard,
    write,
)

if TYPE_CHECKING:
    from factlint.loader import Positions

__all__ = [
    "FORMAT",
    "LAYOUT",
    "ROW_LEN",
    "Cache",
    "default_dir",
    "dumps",
    "invalid_entry",
    "is_racy",
    "key",
    "namespace",
    "valid_entry",
    "valid_record",
]

ENV_DIR = "FACTLINT_CACHE_DIR"
RACY_SECONDS = 2
"""A file modified (mtime or ctime) less than this long before the run started reading gets no file row."""


def default_dir() -> Path:
    """``FACTLINT_CACHE_DIR``, else ``factlint`` in the user's cache folder (never the working folder)."""
    env = os.environ.get(ENV_DIR, "")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "factlint"


def is_racy(st: os.stat_result, started_ns: int) -> bool:
    """Whether the file was modified too close to ``started_ns`` (before its read) for its stat to vouch for it."""
    return max(st.st_mtime_ns, st.st_ctime_ns) >= started_ns - RACY_SECONDS * 1_000_000_000


class Cache:
    """One run's view of the cache folder: what it found, what it used, what it adds."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.root = Path(folder) if folder is not None else default_dir()
        self.entries: dict[str, dict[str, Any]] = {}
        self.used: set[str] = set()
        self.new: dict[str, dict[str, Any]] = {}
        self.texts: dict[str, str] = {}
        self.rows: dict[str, list[Any]] = {}
        """Absolute path -> file row (see :data:`ROW_LEN`), as read from the shards."""
        self.rows_used: set[str] = set()
        self.rows_new: dict[str, list[Any]] = {}
        self.started_ns = time.time_ns()
        """Before any file of the run was read: rows of files changed after ``started_ns - RACY_SECONDS``
        are not written (see :func:`is_racy`)."""
        self.stats = {"shards_read": 0, "shards_ignored": 0, "hits": 0, "misses": 0, "rejected": 0}
        self.stats.update({"shards_written": 0, "stat_hits": 0, "positions_read": 0, "positions_rejected": 0})
        self.error: str | None = None
        self._loaded = False
        self._positions: dict[str, dict[str, str] | None] = {}
        self._positions_used: dict[str, set[str]] = {}
        self._positions_new: dict[str, dict[str, str]] = {}

    @property
    def folder(self) -> Path:
        return self.root / f"v{LAYOUT}" / namespace()

    # -- reading ---------------------------------------------------------------------------

    def load(self) -> None:
        """Read every shard of this namespace; ignore any that is not exactly what this code writes."""
        if self._loaded:  # a run over several corpora loads once
            return
        self._loaded = True
        self.started_ns = time.time_ns()
        try:
            names = sorted(os.listdir(self.folder))
        except OSError:
            return
        for name in names:
            if len(name) == 7 and name.endswith(".json"):
                self._load_shard(self.folder / name, name[:2])

    def _load_shard(self, path: Path, prefix: str) -> None:
        doc = read_json(path)
        found = valid_shard(doc, prefix)
        if found is None:
            self.stats["shards_ignored"] += 1
            return
        entries, rows = found
        self.stats["shards_read"] += 1
        self.entries.update(entries)
        for row in rows.values():
            self.rows[row[0]] = row

    def get(self, k: str) -> dict[str, Any] | None:
        return self.entries.get(k)

    def row(self, path: str, kind: str) -> tuple[str, os.stat_result] | None:
        """The content key of the file at absolute ``path`` if its ``stat`` still matches its row.

        Returns (key, stat) or None (no row, another kind, a changed file, not a regular file, gone).
        """
        row = self.rows.get(path)
        if row is None or row[1] != kind:
            return None
        try:
            st = os.stat(path)
        except (OSError, ValueError):
            return None
        if (
            st.st_size != row[2]
            or st.st_mtime_ns != row[3]
            or st.st_ctime_ns != row[4]
            or st.st_ino != row[5]
            or st.st_dev != row[6]
            or not stat.S_ISREG(st.st_mode)
        ):
            return None
        return row[7], st

    def hit(self, k: str) -> None:
        self.used.add(k)
        self.stats["hits"] += 1

    def stat_hit(self, path: str) -> None:
        """The file at ``path`` was not read: its row vouched for it (and its entry was used)."""
        self.rows_used.add(path)
        self.stats["stat_hits"] += 1

    def reject(self, k: str) -> None:
        """A cached entry that failed its re-check: dropped, its file is checked again."""
        self.entries.pop(k, None)
        self.stats["rejected"] += 1

    # -- writing ---------------------------------------------------------------------------

    def put(self, k: str, entry: dict[str, Any], text: str | None = None) -> None:
        """An outcome checked in this run (see :func:`valid_entry`, :func:`invalid_entry`); ``text`` is its
        JSON when a worker process already made it."""
        self.stats["misses"] += 1
        if k not in self.entries:
            self.new[k] = entry
            if text is not None:
                self.texts[k] = text

    def put_row(self, path: str, kind: str, st: os.stat_result, k: str) -> None:
        """The file at ``path`` was read with stat ``st`` (taken before the read) and had key ``k``."""
        if is_racy(st, self.started_ns):
            return
        row = stat_row(path, kind, st, k)
        if self.rows.get(path) != row:
            self.rows_new[path] = row
        else:
            self.rows_used.add(path)

    def save(self) -> None:
        """Write the shards that got new entries or file rows: with the entries and rows this run used or
        added (old ones are dropped, so a shard does not grow with every edit). Errors are recorded, never
        raised: a cache that cannot be written is only a slower next run."""
        if self.new or self.rows_new:
            self._save_shards()
        self._save_positions()
        # Saved (or given up): a later save in the same run (another corpus) starts from here.
        self.entries.update(self.new)
        self.used.update(self.new)
        self.new = {}
        self.texts = {}
        self.rows.update(self.rows_new)
        self.rows_used.update(self.rows_new)
        self.rows_new = {}

    def _save_shards(self) -> None:
        shards: dict[str, list[str]] = {}
        rows: dict[str, list[str]] = {}
        new_rows = {path_key(p): row for p, row in self.rows_new.items()}
        for k in (*self.new, *new_rows):
            shards.setdefault(k[:2], [])
            rows.setdefault(k[:2], [])
        try:
            for k in self.used:
                if k[:2] in shards and k in self.entries and k not in self.new:
                    shards[k[:2]].append(f'"{k}":{json.dumps(self.entries[k])}')
            for k, data in self.new.items():
                # Workers made most texts while they loaded (off this process's critical path).
                text = self.texts.get(k) or dumps(data)
                if text is not None:  # else JSON cannot hold it (an int past Python's digit limit): not cached
                    shards[k[:2]].append(f'"{k}":{text}')
            for p in self.rows_used:
                pk = path_key(p)
                if pk[:2] in rows and pk not in new_rows and p in self.rows:
                    rows[pk[:2]].append(f'"{pk}":{json.dumps(self.rows[p])}')
            for pk, row in new_rows.items():
                rows[pk[:2]].append(f'"{pk}":{json.dumps(row)}')
            self._prepare()
            head = json.dumps({"format": FORMAT, "layout": LAYOUT, "namespace": namespace()})[:-1]
            for prefix, items in sorted(shards.items()):
                body = f'{head}, "entries": {{{",".join(items)}}}, "files": {{{",".join(rows[prefix])}}}}}'
                write(self.folder / f"{prefix}.json", body)
                self.stats["shards_written"] += 1
        except (OSError, ValueError) as exc:  # read-only folder, disk full; ValueError: a huge int (>4300 digits)
            self.error = f"{type(exc).__name__}: {exc}"

    # -- positions -------------------------------------------------------------------------

    def positions(self, k: str, data: Any) -> Positions | None:
        """The cached positions of the bytes ``k`` (whose record is ``data``), if any and if they fit it."""
        shard = self._positions_shard(k[:2])
        text = shard.get(k) if shard is not None else None
        if text is None:
            return None
        found = decode_positions(text, data)
        if found is None:
            shard.pop(k, None)  # type: ignore[union-attr]
            self.stats["positions_rejected"] += 1
            return None
        self._positions_used.setdefault(k[:2], set()).add(k)
        self.stats["positions_read"] += 1
        return found

    def put_positions(self, k: str, kind: str, raw: bytes, positions: Positions) -> None:
        """Positions read again for a finding from ``raw``: kept for the next run if ``raw`` are still the
        bytes ``k`` its record was loaded from (a file changed since would give them to the wrong record)."""
        if key(kind, raw) == k:
            self.keep_positions(k, positions)

    def keep_positions(self, k: str, positions: Positions) -> None:
        """Positions parsed from the bytes ``k`` (by this run's load stage): kept for the next run."""
        self._positions_new.setdefault(k[:2], {})[k] = encode_positions(positions)

    def _positions_shard(self, prefix: str) -> dict[str, str] | None:
        if prefix not in self._positions:
            doc = read_json(self.folder / "positions" / f"{prefix}.json")
            entries = valid_positions(doc, prefix)
            if entries is None and doc is not None:
                self.stats["shards_ignored"] += 1
            self._positions[prefix] = entries
        return self._positions[prefix]

    def _save_positions(self) -> None:
        if not self._positions_new:
            return
        try:
            (self.folder / "positions").mkdir(parents=True, exist_ok=True)
            head = json.dumps({"format": FORMAT, "layout": LAYOUT, "namespace": namespace()})[:-1]
            for prefix, new in sorted(self._positions_new.items()):
                old = self._positions_shard(prefix) or {}
                keep = {k: old[k] for k in self._positions_used.get(prefix, ()) if k in old}
                keep.update(new)
                write(self.folder / "positions" / f"{prefix}.json", f'{head}, "positions": {json.dumps(keep)}}}')
                self._positions[prefix] = keep
                self.stats["shards_written"] += 1
        except (OSError, ValueError) as exc:
            self.error = f"{type(exc).__name__}: {exc}"
        self._positions_new = {}

    def _prepare(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        ignore = self.root / ".gitignore"
        if not ignore.exists():
            write(ignore, "# Created by factlint: a cache, safe to delete.\n*\n")
        tag = self.root / "CACHEDIR.TAG"
        if not tag.exists():
            write(
                tag,
                "Signature: 8a477f597d28d172789f06886806bc55\n"
                "# This file is a cache directory tag created by factlint.\n",
            )
