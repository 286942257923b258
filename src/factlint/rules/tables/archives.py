"""Archived source texts: read once per source, only from inside the source record's folder.

A source record names its archived text by ``archive.path``, relative to the
folder of the source file. The path must stay inside that folder (after
resolving ``..`` and symbolic links): a record must not make the run read, hash
or quote any other file. What could not be read is a status the rules report
(FC307, FC224 and the quote rules), never an exception.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from factlint.record import Record

Archive = tuple[str, str | None, str]
"""(status, text, detail): status ``ok`` with the text and its SHA-256 as detail; otherwise
``unknown-source``, ``not-archived``, ``no-file``, ``outside`` or ``unreadable``, no text, and
why in words."""


def read_archive(src: Record, data: dict[str, Any], resolve: Callable[[Path], Path] = Path.resolve) -> Archive:
    """The archived text of the source record ``src`` (of ``data``), with its path kept inside the record's folder
    (``resolve``: how that folder is resolved, e.g. once for all the sources in it)."""
    folder = Path(src.path or src.file).parent
    real = folder / data["archive"]["path"]
    target = Path(src.file).parent / data["archive"]["path"]  # its name in messages
    try:
        inside = real.resolve().is_relative_to(resolve(folder))
        raw = real.read_bytes() if inside else b""
    except OSError as exc:
        return ("no-file", None, f"cannot read {target.as_posix()}: {exc.strerror or exc}")
    if not inside:
        return ("outside", None, f"{target.as_posix()} leads outside the source's folder")
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return ("unreadable", None, f"{target.as_posix()} is not UTF-8 text")
    return ("ok", text, digest)


def fix(status: str, src: Record, data: dict[str, Any]) -> str | None:
    """How to mend an archived text of the source ``src`` (of ``data``) whose status is ``status`` (None for ok).

    The same words for FC307 (on the source) and FC261 (on a coverage map of it)."""
    sid = src.id or ""
    hashed = f"record its sha256 with factlint fix archive {sid}"
    archive = data.get("archive")
    if status == "not-archived" or not isinstance(archive, dict):
        record = (Path(src.file).parent / f"{sid}.yaml").as_posix()
        return (
            f"archive the article's text: put it beside {record} and give that record archive.path and "
            f"archive.sha256 (the first word of sha256sum), or delete this map if {sid} is not an article you check"
        )
    target = (Path(src.file).parent / archive["path"]).as_posix()
    return {
        "sha256-mismatch": "restore the file exactly as received, or, if the change is intended, "
        f"record its new sha256 with factlint fix archive {sid}",
        "outside": "put the text itself in the source's folder (symbolic links and .. out of it are not followed), "
        f"then {hashed}",
        "no-file": f"put the article's text at {target} exactly as received, or correct archive.path",
        "unreadable": f"save the text as UTF-8, then {hashed}",
    }.get(status)


class Archives:
    """Every source's archived text, read at most once per run."""

    def __init__(self, sources: dict[str, Record], data_of: Callable[[Record], dict[str, Any]]) -> None:
        """``sources``: id -> source record; ``data_of``: a record's data."""
        self.sources = sources
        self.data_of = data_of
        self._folders: dict[Path, Path] = {}  # each source folder, resolved once
        self._read: dict[str, Archive] = {}
        self.started_ns = time.time_ns()
        """Before any archived text was read (a text changed since then is "racy": :func:`factlint.cache.is_racy`)."""
        self.stats: dict[str, tuple[str, os.stat_result | None]] = {}
        """Source id -> the file its archived text was read from and its ``os.stat`` taken before the read (None:
        none), for the tables kept in the cache (:mod:`.cached`): a text whose stat still matches is not read
        again to know it is unchanged."""

    def get(self, source_id: str) -> Archive:
        """(status, text, detail) of a source's archived text."""
        hit = self._read.get(source_id)
        if hit is None:
            src = self.sources.get(source_id)
            if src is None:
                hit = ("unknown-source", None, f"no source record '{source_id}'")
            elif "archive" not in (data := self.data_of(src)):
                hit = ("not-archived", None, f"source '{source_id}' has no archived text")
            else:
                real = Path(src.path or src.file).parent / data["archive"]["path"]  # (as read_archive reads it)
                try:
                    st: os.stat_result | None = os.stat(real)
                except (OSError, ValueError):
                    st = None
                hit = read_archive(src, data, self._resolved)
                self.stats[source_id] = (str(real), st)
            self._read[source_id] = hit
        return hit

    def looked_up(self) -> list[str]:
        """Every source id :meth:`get` was asked for in this run."""
        return list(self._read)

    def seen(self, source_id: str) -> Archive | None:
        """What :meth:`get` gave for ``source_id`` in this run, without reading anything (None: not asked)."""
        return self._read.get(source_id)

    def _resolved(self, folder: Path) -> Path:
        hit = self._folders.get(folder)
        if hit is None:
            hit = self._folders[folder] = folder.resolve()
        return hit
