"""The rule tables kept in the content cache between runs: a warm run builds only the rows that changed.

A run with the content cache on (:mod:`factlint.cache`) writes its tables to one file per corpus,
``tables/<hash of the corpus root>.bin`` in the cache's namespace folder; the next run on that corpus takes
over the rows of every record whose bytes, file and lookups into other records are unchanged and builds the
rest, then computes the tables across records again. The tables are the same as a build from scratch
(``tests/test_table_cache.py``): the rows' records are this run's.

* :mod:`.fileformat` - the file's header, parts and namespace;
* :mod:`.write` - writing it from the tables' own storage;
* :mod:`.read` - reading it back, checked before anything is used;
* :mod:`.lookups` - what a record's rows depend on in other records, and those lookups' values;
* :mod:`.takeover` - which records take over their rows (their identity and lookups unchanged);
* :mod:`.splice` - taking those rows into the build;
* this module - :class:`TableStore`, the file of one corpus: where it is, when it is read and written.

Never trusted blindly, like the rest of the cache: a file of another format, layout or namespace (factlint's
code and the libraries the build uses), of the wrong length or CRC, or whose parts do not fit each other (lengths,
record indices in range, rows in record order) is ignored and the tables are built from scratch; the CRC is
checked before anything is decoded. Like the content cache, the checks guard against corruption and foreign
files, not against someone who writes to the cache folder on purpose. Written atomically (a temporary file
renamed into place).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from factlint.record import Record
from factlint.rules.tables.builder import Builder
from factlint.rules.tables.cached.fileformat import namespace
from factlint.rules.tables.cached.read import Previous, decode
from factlint.rules.tables.cached.splice import NotThisRun, Splice
from factlint.rules.tables.cached.takeover import plan
from factlint.rules.tables.cached.write import write

__all__ = ["NotThisRun", "TableStore", "namespace"]

REWRITE_SHARE = 0.02
"""A build that took over the rows of all but at most this share of the records does not write the tables again."""


class TableStore:
    """The tables file of one corpus in the cache folder ``root`` (the content cache's)."""

    def __init__(self, root: str | Path, corpus: str) -> None:
        from factlint import cache_format

        name = hashlib.blake2b(corpus.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
        self.path = cache_format.folder(Path(root)) / "tables" / f"{name}.bin"
        self.stats = {"tables_read": 0, "tables_ignored": 0, "records_reused": 0, "records_rebuilt": 0}
        self.stats["tables_written"] = 0
        self.error: str | None = None

    def exists(self) -> bool:
        return self.path.is_file()

    # -- reading ---------------------------------------------------------------------------

    def splice(self, b: Builder, records: list[Record]) -> Splice | None:
        """How the build ``b`` of ``records`` takes over the previous run's rows; None: build everything."""
        prev = self.read()
        if prev is None:
            return None
        if prev.parameters != b.parameters:
            self.stats["records_rebuilt"] = len(records)
            return None
        chosen = plan(prev, b, records)
        self.stats["records_rebuilt"] = chosen.rebuilt
        self.stats["records_reused"] = len(records) - chosen.rebuilt
        self.stats["texts_vouched"] = len(chosen.vouched)
        splice = Splice(prev, chosen.plan, chosen.now, chosen.vouched)
        splice.seed(b)
        return splice

    def read(self) -> Previous | None:
        """The previous run's tables, or None (none, or anything about them not what this code writes)."""
        try:
            raw = self.path.read_bytes()
        except OSError:
            return None
        try:
            prev = decode(raw)
        except (ValueError, TypeError, KeyError, IndexError, EOFError, OverflowError):
            prev = None
        self.stats["tables_read" if prev is not None else "tables_ignored"] += 1
        return prev

    # -- writing ---------------------------------------------------------------------------

    def keep(self, b: Builder, records: list[Record], splice: Splice | None) -> None:
        """Write the tables of the build ``b`` for the next run, unless it took over all but a few records
        (:data:`REWRITE_SHARE`): then the next run takes over the same rows and builds those few again, which
        costs less than writing the tables.

        Written here, from the tables' own storage (coded columns as their codes: no list of them is made), not in
        a forked child: a child lives while this process frees the tables in the rule stage, and every page this
        process changes meanwhile is copied for the child (measured at 100k: +180 MiB over the run's peak)."""
        if splice is not None and self.stats["records_rebuilt"] <= REWRITE_SHARE * len(records):
            return
        try:
            write(self.path, b, records, splice.vouched if splice is not None else {})
        except (OSError, ValueError, TypeError) as exc:  # (ValueError: a value marshal cannot write)
            self.error = f"{type(exc).__name__}: {exc}"
        else:
            self.stats["tables_written"] += 1

    def wait(self) -> None:
        """Nothing to wait for: the tables are written by the build (kept for the callers)."""
