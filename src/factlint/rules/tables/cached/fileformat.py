"""The tables file's format: its header, its parts and the namespace that decides whether a run may read it.

A header of :data:`HEADER` bytes (JSON: format, layout, namespace, the length of each part and a CRC-32 of them
all), then ``marshal`` parts: each stored column of each per-record table as the table stores it (:mod:`..cells`:
a coded column as its pool and codes, else a list; records as their indices), then what the reuse needs (each
record's kind, file, path, content key and id; the table parameters; the ids that failed their schema; the
archive and coverage lookups' values; a digest of each namespace's ids; the gathered status, composition and
overlap claims; each table's length and the first row of each record). ``marshal``, not JSON: loading the 100k
corpus's 1.8 million rows must cost a fraction of building them (JSON of them: seconds), and it keeps one copy of
the strings rows share; a column of a row's record id or file is not stored (this run's record has them).

:mod:`.write` writes it, :mod:`.read` reads it back and checks it.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from functools import cache
from pathlib import Path

from factlint.rules.tables.columns import TABLES

FORMAT = "factlint-tables"
LAYOUT = 4
"""Bumped whenever the file's format changes."""

HEADER = 4096
"""Bytes of the JSON header (padded with spaces)."""

RECORD_FIELDS = ("kind", "file", "path", "key", "id")
"""What the file keeps of each record, a part each (as ``kinds``, ``files``, ... in the meta once read)."""

DERIVED_TABLES = ("records", "status_pairs", "overlaps", "names")
"""Tables whose rows gather several records: computed again on every build, never taken over."""

PER_RECORD = tuple(t for t in TABLES if t not in DERIVED_TABLES)
"""Tables whose rows each come from one record, in record order (``_rec`` rises)."""

FROM_RECORD = ("claim_id", "file")
"""Columns of every per-record table that are the row's record's id and file: not stored, read from this run's
record."""

META = ("kinds", "files", "paths", "keys", "ids", "parameters", "values", "texts", "names", "invalid", "statuses",
        "compositions", "overlaps", "tables")  # fmt: skip


@cache
def namespace() -> str:
    """A hash of what decides the tables besides the records and the archived texts: the content cache's
    namespace (factlint's version, loader, schemas, libraries), factlint's whole source, the libraries the build
    uses, Python's version (``marshal``'s format) and this format's layout."""
    from factlint import cache_format

    h = hashlib.sha256()
    h.update(f"{FORMAT} {LAYOUT} {cache_format.namespace()} {sys.version_info[:2]} {marshal.version}".encode())
    here = Path(__file__).resolve().parents[3]  # the factlint package
    for file in sorted(here.rglob("*.py")):
        h.update(file.relative_to(here).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    h.update(cache_format._version("rapidfuzz").encode())
    return h.hexdigest()[:32]
