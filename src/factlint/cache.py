"""The content cache of the load and schema stages (the way ruff and mypy cache).

A record file whose bytes were loaded and passed their schema before is not
parsed again: its data is taken from the cache. Only *valid* records are
cached; a file that fails to load or fails its schema is checked again on
every run (there are few of them, and their findings name the file).

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

Format: JSON only (no pickle, no marshal: the cache is data from disk). The
entries live in 256 shard files by the first byte of their key, so a run that
changed one file rewrites one shard. A shard is written to a temporary file
and renamed into place, so concurrent runs never see half a shard (the last
writer of a shard wins; the loser's entries are only misses next time).

Never trusted blindly: a shard that is not valid JSON, has another format or
namespace, or holds an entry that is not a mapping is ignored as a whole; a
cached record is checked against its schema again (the fast validator, a few
microseconds) before it is used, and re-checked from its file if it fails.
The per-entry checks guard against corruption and foreign files, not against
someone who can write to the cache folder on purpose: keep the cache as
private as the code that runs it (in CI, restore caches made on the base
branch only).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

ENV_DIR = "FACTLINT_CACHE_DIR"
FORMAT = "factlint-cache"
LAYOUT = 1
"""Bumped whenever the shard format changes."""

_CODE_FILES = ("loader", "schemas.py", "corpus.py", "cache.py", "filecheck.py", "loadstage.py")
"""factlint's own code that decides what a cached entry holds (a folder: every ``.py`` file in it): its source
is part of the namespace, so a development checkout (whose version does not change on every edit) never reads
entries of older code."""


def default_dir() -> Path:
    """``FACTLINT_CACHE_DIR``, else ``factlint`` in the user's cache folder (never the working folder)."""
    env = os.environ.get(ENV_DIR, "")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "factlint"


@cache
def namespace() -> str:
    """A hash of everything besides the file's bytes that decides a load + schema outcome."""
    import jsonschema_rs
    import yaml

    from factlint import __version__, loader
    from factlint.schemas import load_schemas

    h = hashlib.sha256()

    def part(label: str, data: bytes) -> None:
        h.update(label.encode() + b"\0" + str(len(data)).encode() + b"\0" + data)

    part("layout", str(LAYOUT).encode())
    part("factlint", __version__.encode())
    here = Path(__file__).resolve().parent
    for name in _CODE_FILES:
        path = here / name
        for file in sorted(path.glob("*.py")) if path.is_dir() else [path]:
            part(file.relative_to(here).as_posix(), file.read_bytes())
    part("limits", f"{loader.MAX_BYTES} {loader.MAX_DEPTH} {loader.HAVE_LIBYAML}".encode())
    part("pyyaml", yaml.__version__.encode())
    part("jsonschema_rs", getattr(jsonschema_rs, "__version__", "?").encode())
    part("python", f"{sys.version_info[0]}.{sys.version_info[1]}".encode())
    part("schemas", json.dumps(load_schemas(), sort_keys=True).encode())
    return h.hexdigest()[:32]


def dumps(data: Any) -> str | None:
    """``data`` as the JSON text of a cache entry, or None when JSON cannot hold it."""
    try:
        return json.dumps(data)
    except (ValueError, TypeError, RecursionError):  # e.g. an int past Python's digit limit
        return None


def key(kind: str, raw: bytes) -> str:
    """The cache key of a file's bytes read as a ``kind`` record."""
    return hashlib.blake2b(kind.encode() + b"\0" + raw, digest_size=20).hexdigest()


class Cache:
    """One run's view of the cache folder: what it found, what it used, what it adds."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.root = Path(folder) if folder is not None else default_dir()
        self.entries: dict[str, dict[str, Any]] = {}
        self.used: set[str] = set()
        self.new: dict[str, dict[str, Any]] = {}
        self.texts: dict[str, str] = {}
        self.stats = {"shards_read": 0, "shards_ignored": 0, "hits": 0, "misses": 0, "rejected": 0}
        self.stats["shards_written"] = 0
        self.error: str | None = None
        self._loaded = False

    @property
    def folder(self) -> Path:
        return self.root / f"v{LAYOUT}" / namespace()

    # -- reading ---------------------------------------------------------------------------

    def load(self) -> None:
        """Read every shard of this namespace; ignore any that is not exactly what this code writes."""
        if self._loaded:  # a run over several corpora loads once
            return
        self._loaded = True
        try:
            names = sorted(os.listdir(self.folder))
        except OSError:
            return
        for name in names:
            if len(name) == 7 and name.endswith(".json"):
                self._load_shard(self.folder / name, name[:2])

    def _load_shard(self, path: Path, prefix: str) -> None:
        try:
            with open(path, "rb") as fh:
                doc = json.loads(fh.read())
        except (OSError, ValueError, RecursionError):  # unreadable, torn, not JSON, not UTF-8, too deep
            self.stats["shards_ignored"] += 1
            return
        entries = _valid_shard(doc, prefix)
        if entries is None:
            self.stats["shards_ignored"] += 1
            return
        self.stats["shards_read"] += 1
        self.entries.update(entries)

    def get(self, k: str) -> dict[str, Any] | None:
        return self.entries.get(k)

    def hit(self, k: str) -> None:
        self.used.add(k)
        self.stats["hits"] += 1

    def reject(self, k: str) -> None:
        """A cached entry that failed its re-check: dropped, its file is checked again."""
        self.entries.pop(k, None)
        self.stats["rejected"] += 1

    # -- writing ---------------------------------------------------------------------------

    def put(self, k: str, data: dict[str, Any], text: str | None = None) -> None:
        """A record checked in this run; ``text`` is its JSON when a worker process already made it."""
        self.stats["misses"] += 1
        if k not in self.entries:
            self.new[k] = data
            if text is not None:
                self.texts[k] = text

    def save(self) -> None:
        """Write the shards that got new entries: the entries this run used or added (old ones are dropped,
        so a shard does not grow with every edit). Errors are recorded, never raised: a cache that cannot
        be written is only a slower next run."""
        if not self.new:
            return
        shards: dict[str, list[str]] = {}
        for k in self.new:
            shards.setdefault(k[:2], [])
        try:
            for k in self.used:
                if k[:2] in shards and k in self.entries:
                    shards[k[:2]].append(f'"{k}":{json.dumps(self.entries[k])}')
            for k, data in self.new.items():
                # Workers made most texts while they loaded (off this process's critical path).
                text = self.texts.get(k)
                shards[k[:2]].append(f'"{k}":{text if text is not None else json.dumps(data)}')
            self._prepare()
            head = json.dumps({"format": FORMAT, "layout": LAYOUT, "namespace": namespace()})[:-1]
            for prefix, items in sorted(shards.items()):
                _write(self.folder / f"{prefix}.json", f'{head}, "entries": {{{",".join(items)}}}}}')
                self.stats["shards_written"] += 1
        except (OSError, ValueError) as exc:  # read-only folder, disk full; ValueError: a huge int (>4300 digits)
            self.error = f"{type(exc).__name__}: {exc}"
        # Saved (or given up): a later save in the same run (another corpus) starts from here.
        self.entries.update(self.new)
        self.used.update(self.new)
        self.new = {}
        self.texts = {}

    def _prepare(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        ignore = self.root / ".gitignore"
        if not ignore.exists():
            _write(ignore, "# Created by factlint: a cache, safe to delete.\n*\n")
        tag = self.root / "CACHEDIR.TAG"
        if not tag.exists():
            _write(
                tag,
                "Signature: 8a477f597d28d172789f06886806bc55\n"
                "# This file is a cache directory tag created by factlint.\n",
            )


def _valid_shard(doc: Any, prefix: str) -> dict[str, dict[str, Any]] | None:
    """The entries of a shard, or None when anything about it is not what this code writes."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("layout") != LAYOUT:
        return None
    if doc.get("namespace") != namespace():
        return None
    entries = doc.get("entries")
    if not isinstance(entries, dict):
        return None
    for k, data in entries.items():
        if len(k) != 40 or not k.startswith(prefix) or not isinstance(data, dict):
            return None
    return entries


def _write(path: Path, text: str) -> None:
    """Atomically, without fsync: a torn shard after a crash is detected and ignored, never trusted."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
