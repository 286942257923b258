"""The content cache's format on disk: its namespace, keys, shard and entry shapes, positions as text.

Every entry and file row :mod:`factlint.cache` reads from disk is checked here against what this code
writes (:func:`valid_shard`) before it is used; the positions shards' own format is in
:mod:`factlint.cache_positions`.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from factlint.record import Record

FORMAT = "factlint-cache"
LAYOUT = 5
"""Bumped whenever the shard format changes (3: entries of files that fail to load; 4: positions as marks; 5: a
record's kind in its entry, so that a reader of some shards can re-check it: :mod:`factlint.cache_read`)."""

_CODE_FILES = (
    "loader",
    "yaml_errors.py",
    "schemas.py",
    "schema_errors.py",
    "codes.py",
    "messages.py",
    "bounds.py",
    "corpus.py",
    "cache.py",
    "cache_format.py",
    "cache_positions.py",
    "cache_read.py",
    "cache_view.py",
    "filecheck.py",
    "loadstage.py",
)
"""factlint's own code that decides what a cached entry holds (a folder: every ``.py`` file in it): its source
is part of the namespace, so a development checkout (whose version does not change on every edit) never reads
entries of older code."""

_LIBRARIES = ("jsonschema-rs", "jsonschema", "referencing", "regress", "pycountry")
"""Libraries besides PyYAML and jsonschema-rs whose version can change a schema outcome or its message
(python-jsonschema's messages, ECMA-262 patterns, the ISO 3166 country codes)."""

ROW_LEN = 8
"""A file row: [path, kind, size, mtime_ns, ctime_ns, inode, device, content key]."""


def folder(root: Path) -> Path:
    """The namespace folder of the cache at ``root``: entries of other code or libraries are never in it."""
    return root / f"v{LAYOUT}" / namespace()


def head() -> str:
    """The start of every shard this code writes (its format, layout and namespace), without the closing brace."""
    return json.dumps({"format": FORMAT, "layout": LAYOUT, "namespace": namespace()})[:-1]


@cache
def namespace() -> str:
    """A hash of everything besides the file's bytes that decides a load + schema outcome."""
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
            part(file.relative_to(here).as_posix(), file.read_bytes() if file.exists() else b"")
    part("limits", f"{loader.MAX_BYTES} {loader.MAX_DEPTH} {loader.HAVE_LIBYAML}".encode())
    part("pyyaml", yaml.__version__.encode())
    for dist in _LIBRARIES:  # their checks and messages are in the cached outcomes too
        part(dist, _version(dist).encode())
    part("python", f"{sys.version_info[0]}.{sys.version_info[1]}".encode())
    part("schemas", json.dumps(load_schemas(), sort_keys=True).encode())
    return h.hexdigest()[:32]


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "-"


def dumps(data: Any) -> str | None:
    """``data`` as the JSON text of a cache entry, or None when JSON cannot hold it."""
    try:
        return json.dumps(data)
    except (ValueError, TypeError, RecursionError):  # e.g. an int past Python's digit limit
        return None


def key(kind: str, raw: bytes) -> str:
    """The cache key of a file's bytes read as a ``kind`` record."""
    return hashlib.blake2b(kind.encode() + b"\0" + raw, digest_size=20).hexdigest()


def path_key(path: str) -> str:
    """The key of a file row: a hash of the file's absolute path."""
    return hashlib.blake2b(path.encode("utf-8", "surrogateescape"), digest_size=20).hexdigest()


class FileStat(NamedTuple):
    """What a file row keeps of ``os.stat`` (same names): a worker sends this back, not the whole
    ``os.stat_result`` (a third of the pickling cost of an outcome)."""

    st_size: int
    st_mtime_ns: int
    st_ctime_ns: int
    st_ino: int
    st_dev: int

    @classmethod
    def of(cls, st: os.stat_result) -> FileStat:
        return cls(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def stat_row(path: str, kind: str, st: FileStat | os.stat_result, k: str) -> list[Any]:
    return [path, kind, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev, k]


def valid_entry(data: dict[str, Any], kind: str) -> dict[str, Any]:
    """The cache entry of a ``kind`` record that loaded and passed its schema."""
    return {"v": data, "k": kind}


def as_entry(value: dict[str, Any] | Record) -> dict[str, Any]:
    """A cache entry as its dict: a valid record checked in this run is kept as the :class:`Record` itself (its
    data packed; decoded here only when the entry is used or written without the text a worker made)."""
    return valid_entry(value.data, value.kind) if isinstance(value, Record) else value


def valid_record(entry: dict[str, Any]) -> dict[str, Any] | None:
    """The data of a cached valid record; None for the entry of an invalid one."""
    return entry.get("v")


def invalid_entry(data: Any, findings: list[list[Any]], kind: str) -> dict[str, Any]:
    """The cache entry of a ``kind`` record that loaded but failed its schema: its data and its findings, each
    ``[code, line, column, message, claim id, pointer]`` (the file name is the run's)."""
    return {"x": data, "f": findings, "k": kind}


def entry_kind(entry: dict[str, Any]) -> str | None:
    """The record kind a valid or schema-invalid entry was checked as (None for a load failure)."""
    return entry.get("k")


LOAD_CODES = frozenset(f"FC{n:03}" for n in (*range(1, 11), 15))
"""The codes the loader gives a file for its bytes (:func:`factlint.loader.load_bytes`); not FC011/FC013/FC014,
which come from the file system and are never cached."""


def load_error_entry(code: str, line: int, column: int, message: str) -> dict[str, Any]:
    """The cache entry of bytes that fail to load: the loader's finding (the file name is the run's)."""
    return {"e": [code, line, column, message]}


def load_error(entry: dict[str, Any]) -> list[Any] | None:
    """The ``[code, line, column, message]`` of a cached load failure; None for other entries."""
    return entry.get("e")


def valid_load_error(found: Any) -> bool:
    return (
        isinstance(found, list)
        and len(found) == 4
        and found[0] in LOAD_CODES
        and type(found[1]) is int
        and type(found[2]) is int
        and found[1] >= 1
        and found[2] >= 1
        and isinstance(found[3], str)
    )


def read_json(path: Path) -> Any:
    """The JSON document at ``path``, or None (missing, unreadable, torn, not JSON, not UTF-8, too deep)."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError:
        return None
    return decode(raw)


def decode(raw: bytes | None) -> Any:
    """The JSON document of ``raw``, or None (no bytes, torn, not JSON, not UTF-8, too deep)."""
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        return None


def head_ok(doc: Any) -> bool:
    return (
        isinstance(doc, dict)
        and doc.get("format") == FORMAT
        and doc.get("layout") == LAYOUT
        and doc.get("namespace") == namespace()
    )


def valid_shard(doc: Any, prefix: str) -> tuple[dict[str, dict[str, Any]], dict[str, list[Any]]] | None:
    """The entries and file rows of a shard, or None when anything about it is not what this code writes."""
    if not head_ok(doc):
        return None
    from factlint.schemas import KINDS

    entries, rows = doc.get("entries"), doc.get("files")
    if not isinstance(entries, dict) or not isinstance(rows, dict):
        return None
    for k, entry in entries.items():
        if len(k) != 40 or not k.startswith(prefix) or not isinstance(entry, dict):
            return None
        if "v" in entry:
            if len(entry) != 2 or not isinstance(entry["v"], dict) or entry.get("k") not in KINDS:
                return None
        elif "e" in entry:
            if len(entry) != 1 or not valid_load_error(entry["e"]):
                return None
        elif set(entry) != {"x", "f", "k"} or entry["k"] not in KINDS or not valid_findings(entry["f"]):
            return None
    for pk, row in rows.items():
        if not (
            len(pk) == 40
            and pk.startswith(prefix)
            and isinstance(row, list)
            and len(row) == ROW_LEN
            and isinstance(row[0], str)
            and isinstance(row[1], str)
            and all(type(n) is int for n in row[2:7])
            and isinstance(row[7], str)
            and len(row[7]) == 40
            and path_key(row[0]) == pk
        ):
            return None
    return entries, rows


def valid_findings(found: Any) -> bool:
    """A cached invalid outcome's findings: [code, line, column, message, claim id, pointer] each."""
    from factlint.codes import CODES

    if not isinstance(found, list) or not found:
        return False
    for f in found:
        if not (
            isinstance(f, list)
            and len(f) == 6
            and isinstance(f[0], str)
            and f[0] in CODES
            and type(f[1]) is int
            and type(f[2]) is int
            and f[1] >= 1
            and f[2] >= 1
            and isinstance(f[3], str)
            and (f[4] is None or isinstance(f[4], str))
            and isinstance(f[5], str)
        ):
            return False
    return True


def write(path: Path, text: str) -> None:
    """Atomically, without fsync: a torn shard after a crash is detected and ignored, never trusted."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
