"""Writing one save of the content cache: which entries and file rows go to which shard, and each shard written.

A save rewrites only the shards that got something new, each with the entries and file rows this run used or
added (old ones are dropped, so a shard does not grow with every edit). :func:`plan` decides that from keys only;
:func:`write_all` then makes, writes and drops one shard's text at a time, so a save holds one shard's text, not
a copy of every entry's. The shapes written are :mod:`factlint.cache_format`'s; the folder of one run is
:mod:`factlint.cache`'s.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Set
from pathlib import Path
from typing import Any

from factlint.cache_format import folder, head, path_key, write

__all__ = ["plan", "prepare", "write_all"]

Shards = dict[str, tuple[list[str], dict[str, list[Any]]]]
"""Shard prefix -> (the keys of its entries, its file rows by path key)."""


def plan(
    new: Mapping[str, Any],
    entries: Mapping[str, Any],
    used: Set[str],
    rows_new: Mapping[str, list[Any]],
    rows_used: Set[str],
    rows: Mapping[str, list[Any]],
    row_keys: Mapping[str, str],
) -> Shards:
    """The shards to write: every shard with a new entry or file row, with the entries (``used`` and ``new``
    keys) and the file rows (``rows_used`` and ``rows_new`` paths; ``row_keys``: the key a row was read under)
    that it keeps."""
    new_rows = {path_key(p): row for p, row in rows_new.items()}
    shards: Shards = {}
    for k in (*new, *new_rows):
        if k[:2] not in shards:
            shards[k[:2]] = ([], {})
    for k in used:
        if k[:2] in shards and k in entries and k not in new:
            shards[k[:2]][0].append(k)
    for k in new:
        shards[k[:2]][0].append(k)
    for p in rows_used:
        pk = row_keys.get(p) or path_key(p)
        if pk[:2] in shards and pk not in new_rows and p in rows:
            shards[pk[:2]][1][pk] = rows[p]
    for pk, row in new_rows.items():
        shards[pk[:2]][1][pk] = row
    return shards


def write_all(root: Path, shards: Shards, text_of: Callable[[str], str | None], stats: dict[str, int]) -> None:
    """Write each shard of ``shards`` under the cache folder ``root`` (``text_of(key)``: an entry's JSON text, None
    for one JSON cannot hold: left out), counting them in ``stats["shards_written"]``. Raises OSError (a read-only
    folder, a full disk) or ValueError (an int past Python's digit limit in a file row)."""
    prepare(root)
    start = head()
    where = folder(root)
    for prefix, (keys, rows) in sorted(shards.items()):
        items = []
        for k in keys:
            text = text_of(k)
            if text is not None:
                items.append(f'"{k}":{text}')
        body = f'{start}, "entries": {{{",".join(items)}}}, "files": {json.dumps(rows)}}}'
        write(where / f"{prefix}.json", body)
        stats["shards_written"] += 1


def prepare(root: Path) -> None:
    """The namespace folder under ``root``, and ``root``'s ``.gitignore`` and ``CACHEDIR.TAG`` if missing."""
    folder(root).mkdir(parents=True, exist_ok=True)
    ignore = root / ".gitignore"
    if not ignore.exists():
        write(ignore, "# Created by factlint: a cache, safe to delete.\n*\n")
    tag = root / "CACHEDIR.TAG"
    if not tag.exists():
        write(
            tag,
            "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by factlint.\n",
        )
