"""The content cache of the load and schema stages (the way ruff and mypy cache).

A record file whose bytes were loaded and checked before is not parsed again:
its outcome is taken from the cache. A *valid* record's data is cached; so is
a record that loaded but failed its schema (its data and its findings, with
the file name left out), and the finding of bytes that fail to load (FC0xx:
invalid YAML, not UTF-8, too deep...). What comes from the file system, not
the bytes (an unreadable file, a FIFO), is checked again on every run.

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
(``positions/``), by :mod:`factlint.cache_positions`.

What is written and how it is checked when read back (the namespace, keys,
shard, entry and positions shapes) is :mod:`factlint.cache_format`; which shards a
save writes, and writing them, is :mod:`factlint.cache_shards`; judging the shards in a
forked child while this process decodes them is :mod:`factlint.cache_read`; what one run
found in the folder and used of it is :mod:`factlint.cache_view`; this module is the cache
folder of one run: where it is, and what the run adds and writes.

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
and either is re-checked from its file otherwise; a cached load failure must
name a code the loader gives for bytes, a line and column, and a message. The
checks guard against corruption and foreign files, not against someone who can
write to the cache folder on purpose: keep the cache as private as the code
that runs it (in CI, restore caches made on the base branch only).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from factlint import background as _background
from factlint.cache_format import (
    FileStat,
    as_entry,
    dumps,
    stat_row,
)
from factlint.cache_positions import PositionShards
from factlint.cache_shards import plan, write_all
from factlint.cache_view import CacheView
from factlint.record import Record

__all__ = ["Cache", "default_dir", "is_racy"]

ENV_DIR = "FACTLINT_CACHE_DIR"
RACY_SECONDS = 2
"""A file modified (mtime or ctime) less than this long before the run started reading gets no file row."""


BACKGROUND_MIN = 5000
"""Fewer new entries and rows than this are written here: forking a process of several hundred MiB (a warm
100k run: 0.1-0.2 s) costs more than writing a few shards."""

BACKGROUND_MAX = 50_000
"""More new entries and rows than this are written here, not by a child: at 100k claims the child held ~300 MiB of
its own beside this process while the tables were built (it reads every new entry's text, and this process reuses
the pages it drops: each touched page is copied on one side), the cold run's peak of the whole process tree. Written
here before the table build, the entries' texts (~98 MiB) are let go of before the build reuses that memory (cold
100k, bench's TreeSampler: tree peak 784 -> 754 MiB deferred to after the rules, 719 written here first as rss
measured); ~1 s of the cold run either way."""


def default_dir() -> Path:
    """``FACTLINT_CACHE_DIR``, else ``factlint`` in the user's cache folder (never the working folder)."""
    env = os.environ.get(ENV_DIR, "")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "factlint"


def is_racy(st: FileStat | os.stat_result, started_ns: int) -> bool:
    """Whether the file was modified too close to ``started_ns`` (before its read) for its stat to vouch for it."""
    return max(st.st_mtime_ns, st.st_ctime_ns) >= started_ns - RACY_SECONDS * 1_000_000_000


class Cache(CacheView):
    """One run's view of the cache folder: what it found and used (:class:`factlint.cache_view.CacheView`), what
    it adds and writes."""

    def __init__(self, folder: str | Path | None = None) -> None:
        super().__init__(folder if folder is not None else default_dir())
        self.new: dict[str, dict[str, Any] | Record] = {}
        self.texts: dict[str, str] = {}
        self.rows_new: dict[str, list[Any]] = {}
        self.error: str | None = None
        self._job: _background.Job | None = None
        self._forget = False
        self.position_store = PositionShards(self.root, self.stats)
        """The positions shards (:class:`factlint.record.PositionIndex` reads and keeps positions there)."""

    def put(self, k: str, entry: dict[str, Any] | Record, text: str | None = None) -> None:
        """An outcome checked in this run (see :func:`invalid_entry`; a valid record as the :class:`Record`, not
        a copy of its data); ``text`` is its JSON when a worker process already made it."""
        self.stats["misses"] += 1
        if k not in self.entries:
            self.new[k] = entry
            if text is not None:
                self.texts[k] = text

    def put_row(self, path: str, kind: str, st: FileStat | os.stat_result, k: str) -> None:
        """The file at ``path`` was read with stat ``st`` (taken before the read) and had key ``k``."""
        if is_racy(st, self.started_ns):
            return
        row = stat_row(path, kind, st, k)
        if self.rows.get(path) != row:
            self.rows_new[path] = row
        else:
            self.rows_used.add(path)

    def save(self, *, background: bool = False) -> None:
        """Write the shards that got new entries or file rows: with the entries and rows this run used or
        added (old ones are dropped, so a shard does not grow with every edit). Errors are recorded, never
        raised: a cache that cannot be written is only a slower next run.

        ``background``: a forked child writes the entry shards while this process goes on (a cold 100k run:
        ~1 s), if there are :data:`BACKGROUND_MIN` new entries and rows; :meth:`wait` for it (the next save
        waits first). Past :data:`BACKGROUND_MAX` they are written here too."""
        self.wait()
        if self.new or self.rows_new:
            if background and BACKGROUND_MIN <= len(self.new) + len(self.rows_new) <= BACKGROUND_MAX:
                self._job = _background.start(self._save_in_child)
            else:
                self._save_shards()
        error = self.position_store.save()
        if error is not None:
            self.error = error
        # Saved (or given up): a later save in the same run (another corpus) starts from here.
        self.entries.update(self.new)
        self.used.update(self.new)
        self.new = {}
        self.texts = {}
        self.rows.update(self.rows_new)
        self.rows_used.update(self.rows_new)
        self.rows_new = {}

    def forget(self) -> None:
        """Let go of what only a later load or save of this run would read, once the last corpus's records are
        saved: every entry (the records themselves live on in the run's result), the file rows, the keys used.
        At 100k claims ~60 MiB that otherwise stayed through the table build, the rules and the reports. The
        positions the rule findings read are still kept and saved (:attr:`position_store`). While a child still
        writes the shards, this waits for :meth:`wait` (freeing what the child reads would copy those pages)."""
        if self._job is not None:
            self._forget = True
            return
        self._forget = False
        self.entries = {}
        self.used = set()
        self.checked = set()
        self.rows = {}
        self._row_keys = {}
        self.rows_used = set()

    def _save_in_child(self) -> str:
        before = self.stats["shards_written"]
        self._save_shards()
        written, self.stats["shards_written"] = self.stats["shards_written"] - before, before  # counted by wait()
        return json.dumps([written, self.error])

    def wait(self) -> None:
        """Wait for the shards a child is writing (:meth:`save`), and take its count of shards and its error."""
        job, self._job = self._job, None
        if job is None:
            return
        text = job.wait()
        try:
            written, error = json.loads(text) if text is not None else (0, "the child writing the cache failed")
            self.stats["shards_written"] += int(written)
        except (ValueError, TypeError):
            error = "the child writing the cache failed"
        if error is not None:
            self.error = str(error)
        if self._forget:
            self.forget()

    def _save_shards(self) -> None:
        try:
            shards = plan(self.new, self.entries, self.used, self.rows_new, self.rows_used, self.rows, self._row_keys)
            write_all(self.root, shards, self._text, self.stats)
        except (OSError, ValueError) as exc:  # read-only folder, disk full; ValueError: a huge int (>4300 digits)
            self.error = f"{type(exc).__name__}: {exc}"

    def _text(self, k: str) -> str | None:
        """The JSON text of entry ``k`` (workers made most new texts while they loaded, off this process's critical
        path); None where JSON cannot hold it (an int past Python's digit limit): not cached."""
        if k in self.new:
            return self.texts.get(k) or dumps(as_entry(self.new[k]))
        return dumps(as_entry(self.entries[k]))
