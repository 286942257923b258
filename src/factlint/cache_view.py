"""What one run found in the content cache's folder (:mod:`factlint.cache`) and used of it.

:class:`CacheView` reads the shards (checked by the children of :mod:`factlint.cache_read` while it decodes them,
or here), finds an entry by its key and a file's row by its stat, and counts what the run used or dropped;
:class:`factlint.cache.Cache` adds what the run writes.
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path
from typing import Any

from factlint import cache_read
from factlint.cache_format import as_entry, folder, read_json, valid_shard
from factlint.record import Record

__all__ = ["CacheView"]


class CacheView:
    """What one run found in the cache folder and looks up in it: the shards read (:meth:`load`), an entry by
    key (:meth:`get`), a file's row by its stat (:meth:`row`), and what the run used of them (:meth:`hit`,
    :meth:`stat_hit`) or dropped (:meth:`reject`)."""

    def __init__(self, folder: str | Path) -> None:
        self.root = Path(folder)
        self.entries: dict[str, dict[str, Any] | Record] = {}
        """Key -> entry; a valid record checked in this run is kept as its :class:`Record` (see :func:`as_entry`)."""
        self.used: set[str] = set()
        self.rows: dict[str, list[Any]] = {}
        """Absolute path -> file row (see :data:`ROW_LEN`), as read from the shards."""
        self._row_keys: dict[str, str] = {}
        """Absolute path -> the key its row was read under (its :func:`path_key`, checked when read)."""
        self.rows_used: set[str] = set()
        self.started_ns = time.time_ns()
        """Before any file of the run was read: rows of files changed after ``started_ns - RACY_SECONDS``
        are not written (see :func:`factlint.cache.is_racy`)."""
        self.stats = {"shards_read": 0, "shards_ignored": 0, "hits": 0, "misses": 0, "rejected": 0}
        self.stats.update({"shards_written": 0, "stat_hits": 0, "positions_read": 0, "positions_rejected": 0})
        self.checked: set[str] = set()
        """The keys of the entries a reader child re-checked this run: used as they are."""
        self._loaded = False
        self._readers: cache_read.Readers | None = None

    @property
    def folder(self) -> Path:
        return folder(self.root)

    def start(self) -> None:
        """Read the shards now and start the children that check them (:mod:`factlint.cache_read`) while this
        process goes on; :meth:`load` decodes them and takes the verdict. Call it before any file is read."""
        if self._loaded or self._readers is not None:
            return
        self.started_ns = time.time_ns()
        self._readers = cache_read.start(self.folder)

    def load(self) -> None:
        """Read every shard of this namespace; ignore any that is not exactly what this code writes."""
        if self._loaded:  # a run over several corpora loads once
            return
        self.start()
        self._loaded = True
        readers, self._readers = self._readers, None
        if readers is None:
            for name, _ in cache_read.shard_names(self.folder):
                self._load_shard(self.folder / name, name[:2])
            return
        docs = cache_read.decoded(readers.blobs)  # the bytes the child judges, decoded here meanwhile
        for names, verdict in readers.verdicts():
            if verdict is None:  # the child failed: these shards are checked here, their entries when used
                for name in names:
                    self._take(docs.pop(name), name[:2])
                continue
            ignored, rejected = set(verdict[0]), verdict[1]
            for name in names:
                doc = docs.pop(name)
                if name in ignored or not isinstance(doc, dict):  # (the child decoded these very bytes)
                    self.stats["shards_ignored"] += 1
                    continue
                self._add(doc["entries"], doc["files"])
                self.checked.update(doc["entries"])
            for k in rejected:
                self.reject(k)

    def _load_shard(self, path: Path, prefix: str) -> None:
        self._take(read_json(path), prefix)

    def _take(self, doc: Any, prefix: str) -> None:
        found = valid_shard(doc, prefix)
        if found is None:
            self.stats["shards_ignored"] += 1
            return
        self._add(*found)

    def _add(self, entries: dict[str, dict[str, Any]], rows: dict[str, list[Any]]) -> None:
        """The entries and file rows of a shard whose shape is what this code writes."""
        self.stats["shards_read"] += 1
        self.entries.update(entries)
        for pk, row in rows.items():
            self.rows[row[0]] = row
            self._row_keys[row[0]] = pk

    def get(self, k: str) -> dict[str, Any] | None:
        value = self.entries.get(k)
        return None if value is None else as_entry(value)

    @property
    def reading(self) -> bool:
        """A child is judging the shards (:meth:`start`): :meth:`load` will wait for its verdict."""
        return self._readers is not None

    def row(self, path: str, kind: str, st: os.stat_result | None = None) -> tuple[str, os.stat_result] | None:
        """The content key of the file at absolute ``path`` if its ``stat`` (``st``: taken before, in this run)
        still matches its row.

        Returns (key, stat) or None (no row, another kind, a changed file, not a regular file, gone).
        """
        row = self.rows.get(path)
        if row is None or row[1] != kind:
            return None
        if st is None:
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
        self.checked.discard(k)
        self.stats["rejected"] += 1
