"""Parsing one YAML document from libyaml's event stream (``yaml.CSafeLoader``; the pure-Python parser
only where libyaml is missing) instead of PyYAML's constructors, so no constructor ever runs on a
stranger's file: :func:`loads` builds the plain data and the position of every key and item in one pass,
resolves plain scalars the YAML 1.2 way (:mod:`factlint.loader.scalars`), and refuses duplicate keys,
anchors, aliases (before any expansion), explicit tags, non-string keys, nesting past :data:`MAX_DEPTH`
and more than one document, each as a located :class:`~factlint.loader.document.LoadError`.
"""

from __future__ import annotations

import sys
from typing import Any

import yaml

from factlint.loader.document import Document, LoadError, Marks
from factlint.loader.scalars import MAX_NUMBER_CHARS, NumberTooLong, resolve_plain

try:  # libyaml is ~9x faster; fall back to the pure parser where it is missing.
    _BaseLoader: type = yaml.CSafeLoader
    HAVE_LIBYAML = True
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _BaseLoader = yaml.SafeLoader
    HAVE_LIBYAML = False

MAX_DEPTH = 32
"""Deepest nesting of mappings and sequences accepted."""


class _EventLoader(_BaseLoader):  # type: ignore[misc]
    """libyaml's parser, used only for its event stream (no constructors run)."""


def _mark(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


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


_YAML_TAG = "tag:yaml.org,2002:"
_INTERN_MAX = 64


def _build(loader: Any, max_depth: int) -> Document:
    get = loader.get_event
    intern = sys.intern
    # Where each key and item starts, as 0-based (line, column) marks in walk order (see Marks): one flat
    # list of ints instead of a dict keyed by path tuples; Document.positions expands it when asked.
    flat: list[int] = []
    put = flat.extend

    event = get()  # StreamStart
    event = get()
    if isinstance(event, yaml.StreamEndEvent):
        raise LoadError("FC002", "file is empty; a record is a YAML mapping such as 'id: ...'")
    # event is DocumentStart
    event = get()

    def node(ev: Any, depth: int) -> Any:
        _check_node(ev)
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
            while True:
                item = get()
                if isinstance(item, yaml.SequenceEndEvent):
                    return seq
                m = item.start_mark
                put((m.line, m.column))
                seq.append(node(item, depth + 1))
        # MappingStart
        mapping: dict[str, Any] = {}
        where: list[int] = []  # the flat index of each key of this mapping, for the duplicate-key message
        while True:
            kev = get()
            if isinstance(kev, yaml.MappingEndEvent):
                return mapping
            _check_node(kev)
            if not isinstance(kev, yaml.ScalarEvent):
                raise LoadError(
                    "FC010",
                    "a mapping key must be a plain string, not a list or mapping",
                    *_mark(kev.start_mark),
                )
            key = intern(kev.value)  # one object per key name: less memory, and cheap to pickle from workers
            km: Any = kev.start_mark
            if key in mapping:
                first = flat[where[list(mapping).index(key)]] + 1
                raise LoadError(
                    "FC003",
                    f"duplicate key '{key}' (first at line {first}); keep one of them",
                    *_mark(km),
                )
            where.append(len(flat))
            vev = get()
            vm = vev.start_mark
            put((km.line, km.column, vm.line, vm.column))
            mapping[key] = node(vev, depth + 1)

    m = event.start_mark
    put((m.line, m.column))
    try:
        data = node(event, 0)
    finally:
        # node's closure refers to node: break that cycle, so each file's objects are freed at once (by
        # reference count) and a worker's thousands of parses never wait for the cycle collector.
        node = None  # type: ignore[assignment]
    get()  # DocumentEnd
    event = get()
    if not isinstance(event, yaml.StreamEndEvent):
        raise LoadError(
            "FC006",
            "file holds more than one YAML document; put one record in each file",
            *_mark(event.start_mark),
        )
    return Document(data, Marks.of(flat))


def _check_node(ev: Any) -> None:
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
