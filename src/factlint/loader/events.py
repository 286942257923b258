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

from factlint.loader.document import Document, LoadError, PathKey, Positions
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
