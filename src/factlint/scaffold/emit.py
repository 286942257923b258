"""Writing records as YAML text: safely quoted scalars, block style, comments where asked.

:func:`dump` refuses to return text that factlint's own loader would read back
as anything but ``data`` (a sentence starting with a quotation mark, holding
``: `` or ``#``, a value like ``NO`` or ``0o17`` - all quoted as needed).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

from factlint import loader

Path_ = tuple[str | int, ...]


def scalar(value: Any) -> str:
    """One scalar as YAML on one line, quoted when (and only when) it has to be."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str):
        raise TypeError(f"cannot write {type(value).__name__} as a YAML scalar")
    text = yaml.safe_dump(value, allow_unicode=True, width=float("inf"))
    text = text.removesuffix("\n...\n").removesuffix("\n")
    if "\n" in text or not _reads_back(text, value):
        text = yaml.safe_dump(value, allow_unicode=True, width=float("inf"), default_style='"').removesuffix("\n")
    if not _reads_back(text, value):  # pragma: no cover - double quotes escape everything
        raise ValueError(f"cannot write {value!r} as YAML that reads back the same")
    return text


def _reads_back(text: str, value: Any) -> bool:
    try:
        return bool(loader.loads(f"k: {text}\n").data == {"k": value})
    except loader.LoadError:
        return False


def dump(data: Mapping[str, Any], comments: Mapping[Path_, str] | None = None, header: str = "") -> str:
    """``data`` as a YAML document; ``comments[path]`` goes on the line(s) above that key or item.

    Raises ValueError when the text would not load back as ``data``.
    """
    notes = comments or {}
    lines = [f"# {line}".rstrip() for line in header.splitlines()]

    def note(path: Path_, indent: str) -> None:
        if path in notes:
            lines.extend(f"{indent}# {line}".rstrip() for line in notes[path].splitlines())

    def mapping(node: Mapping[str, Any], path: Path_, indent: str, first_prefix: str | None = None) -> None:
        for i, (key, value) in enumerate(node.items()):
            sub = (*path, key)
            prefix = first_prefix if (i == 0 and first_prefix is not None) else indent
            if not (i == 0 and first_prefix is not None):
                note(sub, indent)
            head = f"{prefix}{scalar(key)}:"
            if isinstance(value, Mapping) and value:
                lines.append(head)
                mapping(value, sub, indent + "  ")
            elif isinstance(value, list) and value:
                lines.append(head)
                sequence(value, sub, indent)
            else:
                lines.append(f"{head} {flow_empty(value)}")

    def sequence(items: list[Any], path: Path_, indent: str) -> None:
        for j, item in enumerate(items):
            sub = (*path, j)
            note(sub, indent)
            if isinstance(item, Mapping) and item:
                mapping(item, sub, indent + "  ", first_prefix=indent + "- ")
            elif isinstance(item, (Mapping, list)):
                lines.append(f"{indent}- {flow_empty(item)}")
            else:
                lines.append(f"{indent}- {scalar(item)}")

    mapping(data, (), "")
    text = "\n".join(lines) + "\n"
    back = loader.loads(text).data
    if back != data:
        raise ValueError("the YAML written would not read back as the record; report this as a bug")
    return text


def flow_empty(value: Any) -> str:
    if isinstance(value, Mapping):
        return "{}" if not value else _bad(value)
    if isinstance(value, list):
        return "[]" if not value else _bad(value)
    return scalar(value)


def _bad(value: Any) -> str:  # pragma: no cover - callers only pass empty collections
    raise ValueError(f"not an empty collection: {value!r}")
