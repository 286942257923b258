"""``json.dumps(data, ensure_ascii=False, indent=2, sort_keys=...)``, the same text, mostly from the C encoder.

Python's ``json`` encodes in C only without ``indent``; with it, every key, value and separator of a report goes
through its pure-Python encoder (at 100k claims the JSON and SARIF reports took ~0.4 s each, most of it there).
:func:`dumps` writes the structure the way ``json.dumps`` does (the same brackets, newlines and indentation) and has
``json``'s own C encoder write every innermost container (one whose values are all strings, numbers, booleans,
None or empty containers): with the item separator ``",\\n"`` plus that level's indentation, its text is exactly
the indented text. Keys, strings and numbers are written by ``json`` itself throughout. A test holds the two equal
over generated documents (``tests/test_jsontext.py``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator
from typing import Any

__all__ = ["Stream", "chunks", "dumps"]

INDENT = 2

_SCALARS = frozenset({str, int, float, bool, type(None)})
_CONTAINERS = frozenset({list, tuple, dict})


_string: Callable[[str], str] = json.encoder.encode_basestring
"""json's own string writer without ``ensure_ascii`` (its C one where there is one)."""


def _float(v: float) -> str:
    """As json writes a float (``allow_nan``: NaN and the infinities by name)."""
    if math.isnan(v):
        return "NaN"
    if v == float("inf"):
        return "Infinity"
    if v == float("-inf"):
        return "-Infinity"
    return float.__repr__(v)


_SCALAR_TEXT: dict[type, Callable[[Any], str]] = {
    int: int.__repr__,
    float: _float,
    bool: lambda v: "true" if v else "false",
    type(None): lambda v: "null",
}


class _NotPlain(Exception):
    """A key that is not a string: ``json.dumps`` itself writes the document."""


def dumps(data: Any, *, sort_keys: bool = False, default: Callable[[Any], Any] | None = None) -> str:
    """The text ``json.dumps(data, ensure_ascii=False, indent=2, sort_keys=sort_keys, default=default)`` gives."""
    try:
        return _Writer(sort_keys, default).value(data, 0)
    except _NotPlain:
        return json.dumps(data, ensure_ascii=False, indent=INDENT, sort_keys=sort_keys, default=default)


class Stream:
    """A list whose items are made while it is written: :func:`chunks` writes it as ``json.dumps`` writes the list
    of its items, one item at a time (read once). A report's findings as one list of dicts and one string cost
    ~50 MiB at 100k claims; made and written one by one, what is written is dropped as it goes."""

    __slots__ = ("items",)

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = items


def chunks(data: Any, *, sort_keys: bool = False, default: Callable[[Any], Any] | None = None) -> Iterator[str]:
    """The text :func:`dumps` gives for ``data`` with each :class:`Stream` in it as the list of its items, in
    pieces: every container that holds a :class:`Stream` (their keys must be strings) is written part by part,
    the rest of the document as :func:`dumps` writes it."""
    return _Writer(sort_keys, default).pieces(data, 0)


def _streams(v: Any) -> bool:
    """``v`` is a :class:`Stream` or a list, tuple or dict that holds one (at any depth)."""
    kind = type(v)
    if kind is Stream:
        return True
    if kind is dict:
        v = v.values()
    elif kind is not list and kind is not tuple:
        return False
    return any(type(x) in _SPINE and _streams(x) for x in v)


_SPINE = frozenset({Stream, list, tuple, dict})


class _Writer:
    def __init__(self, sort_keys: bool, default: Callable[[Any], Any] | None) -> None:
        self.sort_keys = sort_keys
        self.default = default if default is not None else json.JSONEncoder().default
        self.scalar = json.JSONEncoder(ensure_ascii=False, default=self.default).encode
        self.flat: dict[int, Callable[[Any], str]] = {}  # level -> the C encoder of an innermost container there

    def _flat(self, level: int) -> Callable[[Any], str]:
        found = self.flat.get(level)
        if found is None:
            separator = ",\n" + " " * (INDENT * (level + 1))
            make = getattr(json.encoder, "c_make_encoder", None)
            if make is not None:  # what JSONEncoder.encode would make for each call, made once
                encode = make(None, self.default, _string, None, ": ", separator, self.sort_keys, False, True)

                def found(v: Any) -> str:
                    return "".join(encode(v, 0))
            else:  # pragma: no cover - a Python without json's C speedups
                found = json.JSONEncoder(
                    ensure_ascii=False, sort_keys=self.sort_keys, default=self.default, separators=(separator, ": ")
                ).encode
            self.flat[level] = found
        return found

    def value(self, v: Any, level: int) -> str:
        kind = type(v)
        if kind is str:
            return _string(v)
        if kind in _SCALARS:
            return _SCALAR_TEXT[kind](v)
        if kind in _CONTAINERS:
            if not v:
                return "{}" if kind is dict else "[]"
            values = v.values() if kind is dict else v
            if all(type(x) in _SCALARS or (type(x) in _CONTAINERS and not x) for x in values):
                if kind is dict and not all(type(k) is str for k in v):
                    raise _NotPlain
                text = self._flat(level)(v)  # "{" + items joined by ",\n" and the indent + "}"
                inner = " " * (INDENT * (level + 1))
                return f"{text[0]}\n{inner}{text[1:-1]}\n{' ' * (INDENT * level)}{text[-1]}"
            return self._dict(v, level) if kind is dict else self._list(v, level)
        if isinstance(v, (str, int, float)) or v is None:  # subclasses (an enum of str or int): json's own way
            return self.scalar(v)
        if isinstance(v, (list, tuple)):
            return self._list(v, level) if v else "[]"
        if isinstance(v, dict):
            return self._dict(v, level) if v else "{}"
        return self.value(self.default(v), level)

    def text(self, v: Any, level: int) -> str:
        """``v`` written at ``level`` (by ``json.dumps`` itself, indented to the level, where it has a key that is
        not a string)."""
        try:
            return self.value(v, level)
        except _NotPlain:
            text = json.dumps(v, ensure_ascii=False, indent=INDENT, sort_keys=self.sort_keys, default=self.default)
            return text.replace("\n", "\n" + " " * (INDENT * level))  # (a string's newline is written as \\n)

    def pieces(self, v: Any, level: int) -> Iterator[str]:
        """``v`` written at ``level``, in pieces: a :class:`Stream`, or a container that holds one, part by part."""
        if not _streams(v):
            yield self.text(v, level)
            return
        inner = "\n" + " " * (INDENT * (level + 1))
        end = "\n" + " " * (INDENT * level)
        if type(v) is dict:
            items = sorted(v.items()) if self.sort_keys else v.items()
            before = "{" + inner
            for k, x in items:
                if type(k) is not str:
                    raise TypeError(f"keys of a streamed document must be strings, not {type(k).__name__}")
                yield f"{before}{_string(k)}: "
                yield from self.pieces(x, level + 1)
                before = "," + inner
            yield end + "}"  # (not empty: it holds a Stream)
            return
        before = "[" + inner
        for x in v.items if type(v) is Stream else v:
            yield before
            yield from self.pieces(x, level + 1)
            before = "," + inner
        yield "[]" if before[0] == "[" else end + "]"

    def _list(self, v: Any, level: int) -> str:
        inner = "\n" + " " * (INDENT * (level + 1))
        parts = [self.value(x, level + 1) for x in v]
        return f"[{inner}{(',' + inner).join(parts)}\n{' ' * (INDENT * level)}]"

    def _dict(self, v: dict[Any, Any], level: int) -> str:
        items = sorted(v.items()) if self.sort_keys else v.items()
        inner = "\n" + " " * (INDENT * (level + 1))
        parts = []
        for k, x in items:
            if type(k) is not str:
                raise _NotPlain
            parts.append(f"{_string(k)}: {self.value(x, level + 1)}")
        return f"{{{inner}{(',' + inner).join(parts)}\n{' ' * (INDENT * level)}}}"
