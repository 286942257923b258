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

This package's face is :func:`load_path`, :func:`load_bytes` and :func:`loads`
with what they return and raise; the parts: :mod:`~factlint.loader.files`
(reading a file's bytes within bounds, UTF-8 decoding), :mod:`~factlint.loader.events`
(the event-stream parser), :mod:`~factlint.loader.scalars` (YAML 1.2 scalar
resolution), :mod:`~factlint.loader.document` (:class:`Document`,
:class:`Positions`, :class:`Marks`, :class:`LoadError`).
"""

from __future__ import annotations

from pathlib import Path

from factlint.loader.document import Document, Fitted, LoadError, Marks, Positions
from factlint.loader.events import HAVE_LIBYAML, MAX_DEPTH, loads
from factlint.loader.files import MAX_BYTES, read_path, read_regular, too_large
from factlint.loader.files import decode as _decode

__all__ = [
    "HAVE_LIBYAML",
    "MAX_BYTES",
    "MAX_DEPTH",
    "Document",
    "Fitted",
    "LoadError",
    "Marks",
    "Positions",
    "load_bytes",
    "load_path",
    "loads",
    "read_path",
    "read_regular",
]


def load_bytes(raw: bytes, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH) -> Document:
    """Check size and encoding of ``raw``, then parse it."""
    if len(raw) > max_bytes:
        raise too_large(len(raw), max_bytes)
    return loads(_decode(raw), max_depth=max_depth)


def load_path(path: str | Path, **limits: int) -> Document:
    """Read and parse one file (opened read-only; never written)."""
    return load_bytes(read_path(path, limits.get("max_bytes", MAX_BYTES)), **limits)
