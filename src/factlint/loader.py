"""The one hardened YAML loader that every part of factlint uses.

Claim files arrive from strangers in pull requests, so the loader is built from
the event stream of libyaml (``yaml.CSafeLoader``; the pure-Python parser only
where libyaml is missing) instead of PyYAML's constructors. That gives us:

* YAML 1.2 core-schema resolution: only ``true``/``false`` are booleans
  (``NO`` stays the string ``"NO"``, Norway), dates stay strings, no
  sexagesimal or leading-zero octal integers;
* duplicate keys, anchors, aliases (and so alias bombs, rejected before any
  expansion), explicit tags and multi-document streams rejected;
* UTF-8 only, with a size and a nesting-depth limit;
* the line and column of every key and sequence item, kept in a
  :class:`Positions` table keyed by the JSON-pointer path, so every later
  finding can point at ``file:line:col``.

Errors are raised as :class:`LoadError` carrying a rule code and a position;
they never escape as tracebacks to the user.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml is ~9x faster; fall back to the pure parser where it is missing.
    _BaseLoader: type = yaml.CSafeLoader
    HAVE_LIBYAML = True
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _BaseLoader = yaml.SafeLoader
    HAVE_LIBYAML = False

MAX_BYTES = 1024 * 1024
"""Largest claim file accepted, in bytes (a claim record is a few KiB)."""

MAX_DEPTH = 32
"""Deepest nesting of mappings and sequences accepted."""

MAX_NUMBER_CHARS = 100
"""Longest number accepted, in characters: no claim needs more, and Python refuses to print an
integer of more than 4300 digits (a huge integer would crash every report that quotes it)."""

PathKey = tuple[str | int, ...]


class _EventLoader(_BaseLoader):  # type: ignore[misc]
    """libyaml's parser, used only for its event stream (no constructors run)."""


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


@dataclass
class Document:
    """A loaded record: the plain data and where each part of it stands."""

    data: Any
    positions: Positions


# --- YAML 1.2 core schema resolution for plain scalars -----------------------

_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_INT = re.compile(r"[-+]?[0-9]+\Z")
_INT_OCT = re.compile(r"0o[0-7]+\Z")
_INT_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(nan|NaN|NAN)\Z")


class NumberTooLong(ValueError):
    """A plain scalar that is a number of more than :data:`MAX_NUMBER_CHARS` characters."""


def resolve_plain(value: str) -> Any:
    """Resolve an untagged plain scalar the YAML 1.2 core-schema way.

    Raises :class:`NumberTooLong` for a number longer than :data:`MAX_NUMBER_CHARS`.
    """
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    first = value[0]
    if first.isdigit() or first in "+-.":
        if len(value) > MAX_NUMBER_CHARS and (
            _INT.match(value) or _INT_OCT.match(value) or _INT_HEX.match(value) or _FLOAT.match(value)
        ):
            raise NumberTooLong(value)
        if _INT.match(value):
            # YAML 1.2: a leading zero is still decimal, never octal.
            return int(value, 10)
        if _INT_OCT.match(value):
            return int(value[2:], 8)
        if _INT_HEX.match(value):
            return int(value[2:], 16)
        if _FLOAT.match(value):
            return float(value)
        if _INF.match(value):
            return float("-inf") if value.startswith("-") else float("inf")
        if _NAN.match(value):
            return float("nan")
    return value


def _mark(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def decode(raw: bytes) -> str:
    """Decode file bytes as UTF-8, or raise a located :class:`LoadError`."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError("FC007", "file is UTF-16 encoded; save it as UTF-8 (without BOM)")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise LoadError(
            "FC007",
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8",
            line,
            column,
        ) from None


def loads(text: str, *, max_depth: int = MAX_DEPTH) -> Document:
    """Parse one YAML document from ``text`` under factlint's rules."""
    if "\x00" in text:
        raise LoadError("FC007", "file contains NUL characters; is it a binary or UTF-16 file?")
    loader = _EventLoader(text)
    try:
        return _build(loader, max_depth)
    except yaml.MarkedYAMLError as exc:
        from factlint.yaml_errors import explain  # the parser's words into the contributor's, with the fix

        line, col, message = explain(exc.problem or "", exc.context or "", exc.problem_mark, exc.context_mark, text)
        raise LoadError("FC001", message, line, col) from None
    except yaml.YAMLError as exc:
        raise LoadError("FC001", f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()


def load_bytes(raw: bytes, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH) -> Document:
    """Check size and encoding of ``raw``, then parse it."""
    if len(raw) > max_bytes:
        raise _too_large(len(raw), max_bytes)
    return loads(decode(raw), max_depth=max_depth)


class FileTooLarge(OSError):
    """A file over the size limit, found by ``stat`` before reading it."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(errno.EFBIG, f"file is {size} bytes, over the limit of {limit}")
        self.size = size
        self.limit = limit


class NotRegularFile(OSError):
    """A path that is not a regular file (FIFO, device, socket, folder) or a symlink loop: never read."""


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def read_regular(path: str | Path | bytes, max_bytes: int) -> bytes:
    """The bytes of the regular file at ``path``: at most ``max_bytes + 1`` of them.

    The type and size are checked with ``stat`` before the file is opened, so a FIFO (which would
    block), a device (which may never end) or a socket is never opened, and a file over the limit is
    never read past it; the open file is checked again (``fstat``) in case it was swapped meanwhile.
    Raises :class:`NotRegularFile` (a symlink loop included) or another ``OSError``.
    """
    try:
        st = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotRegularFile(errno.ELOOP, "a symlink loop (the link leads back to itself)") from None
        raise
    if not stat.S_ISREG(st.st_mode):
        raise NotRegularFile(errno.EINVAL, f"{_kind_of(st.st_mode)}, not a regular file")
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(errno.EINVAL, f"{_kind_of(st.st_mode)}, not a regular file")
        if st.st_size > max_bytes:
            raise FileTooLarge(st.st_size, max_bytes)
        parts = []
        left = max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            parts.append(chunk)
            left -= len(chunk)
        return b"".join(parts)
    finally:
        os.close(fd)


def _too_large(size: int, limit: int) -> LoadError:
    return LoadError("FC008", f"file is {size} bytes, over the limit of {limit}; split it into smaller records")


def read_path(path: str | Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of one record file, at most ``max_bytes + 1`` (regular files only; never written).

    A file over the limit or one that is not a regular file is a :class:`LoadError` (FC008, FC013);
    any other failure to read it an ``OSError``.
    """
    try:
        return read_regular(path, max_bytes)
    except FileTooLarge as exc:
        raise _too_large(exc.size, max_bytes) from None
    except NotRegularFile as exc:
        raise LoadError(
            "FC013", f"cannot read the record: it is {exc.strerror}; only regular files are records"
        ) from None


def load_path(path: str | Path, **limits: int) -> Document:
    """Read and parse one file (opened read-only; never written)."""
    return load_bytes(read_path(path, limits.get("max_bytes", MAX_BYTES)), **limits)


_YAML_TAG = "tag:yaml.org,2002:"
_INTERN_MAX = 64


def _build(loader: Any, max_depth: int) -> Document:
    get = loader.get_event
    intern = sys.intern
    positions = Positions()
    keys = positions.key
    values = positions.value

    event = get()  # StreamStart
    event = get()
    if isinstance(event, yaml.StreamEndEvent):
        raise LoadError("FC002", "file is empty; a record is a YAML mapping such as 'id: ...'")
    # event is DocumentStart
    event = get()

    def check_node(ev: Any) -> None:
        if isinstance(ev, yaml.AliasEvent):
            raise LoadError(
                "FC004",
                f"alias '*{ev.anchor}' is not allowed in claim files; write the value out in full",
                *_mark(ev.start_mark),
            )
        if ev.anchor is not None:
            raise LoadError(
                "FC004",
                f"anchor '&{ev.anchor}' is not allowed in claim files; remove it",
                *_mark(ev.start_mark),
            )
        tag = ev.tag
        if tag is not None:  # any explicit tag: !!python/object, !!str, !custom, a bare !
            shown = "!!" + tag[len(_YAML_TAG) :] if tag.startswith(_YAML_TAG) else tag
            raise LoadError(
                "FC005",
                f"tag '{shown}' is not allowed in claim files; remove it and write a plain value",
                *_mark(ev.start_mark),
            )

    def node(ev: Any, path: PathKey, depth: int) -> Any:
        check_node(ev)
        if isinstance(ev, yaml.ScalarEvent):
            text = ev.value
            if len(text) <= _INTERN_MAX:
                # Ids, dates and enum values repeat across thousands of records: keep one object of each.
                text = intern(text)
            if ev.implicit[0] and not ev.style:
                try:
                    return resolve_plain(text)
                except NumberTooLong:
                    raise LoadError(
                        "FC015",
                        f"a number of {len(text)} digits; the limit is {MAX_NUMBER_CHARS}: "
                        "quote it if it is text, or correct it",
                        *_mark(ev.start_mark),
                    ) from None
            return text
        if depth >= max_depth:
            raise LoadError(
                "FC009",
                f"nesting is deeper than {max_depth} levels; flatten the record",
                *_mark(ev.start_mark),
            )
        if isinstance(ev, yaml.SequenceStartEvent):
            seq: list[Any] = []
            index = 0
            while True:
                item = get()
                if isinstance(item, yaml.SequenceEndEvent):
                    return seq
                sub = (*path, index)
                keys[sub] = values[sub] = _mark(item.start_mark)
                seq.append(node(item, sub, depth + 1))
                index += 1
        # MappingStart
        mapping: dict[str, Any] = {}
        while True:
            kev = get()
            if isinstance(kev, yaml.MappingEndEvent):
                return mapping
            check_node(kev)
            if not isinstance(kev, yaml.ScalarEvent):
                raise LoadError(
                    "FC010",
                    "a mapping key must be a plain string, not a list or mapping",
                    *_mark(kev.start_mark),
                )
            key = intern(kev.value)  # one object per key name: less memory, and cheap to pickle from workers
            kpos = _mark(kev.start_mark)
            if key in mapping:
                first = keys.get((*path, key), (0, 0))[0]
                raise LoadError(
                    "FC003",
                    f"duplicate key '{key}' (first at line {first}); keep one of them",
                    *kpos,
                )
            sub = (*path, key)
            keys[sub] = kpos
            vev = get()
            values[sub] = _mark(vev.start_mark)
            mapping[key] = node(vev, sub, depth + 1)

    positions.value[()] = _mark(event.start_mark)
    data = node(event, (), 0)
    get()  # DocumentEnd
    event = get()
    if not isinstance(event, yaml.StreamEndEvent):
        raise LoadError(
            "FC006",
            "file holds more than one YAML document; put one record in each file",
            *_mark(event.start_mark),
        )
    return Document(data, positions)
