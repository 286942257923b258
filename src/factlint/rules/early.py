"""Building the rule tables in a forked process while this one imports Great Expectations.

On a warm run (records from the content cache) the load stage ends in a fraction of a second and the
import of Great Expectations (seconds) is left alone on one core. :func:`start` forks a child that
builds the tables (:func:`factlint.rules.tables.build`, pure Python: no pandas) meanwhile and sends them
back through a pipe; :meth:`Pending.tables` takes them once the import is done. The records themselves
never travel: the child sends each record as its index in the list both processes share (the fork's
copy), so a table row points at the very record object the parent holds.

Nothing depends on it: where ``fork`` is missing, or the child fails in any way (an error, a signal,
a short read), the parent builds the tables itself, with the same result (``tests/test_early.py``).
"""

from __future__ import annotations

import io
import os
import pickle
import signal
from typing import Any

from factlint.background import fork
from factlint.record import Record

MIN_RECORDS = 300
"""Below this many records building the tables takes less than forking for it."""

MAX_RECORDS = 50_000
"""Past this many records the tables' trip through the pipe costs more than the import it overlaps (~2 s): the
child pickles them and this process unpickles them, on the critical path. Measured (CPU seconds, records from the
cache, load ~6): 12k records: child 1.65 (build 1.52 here) + 0.08 to unpickle; 120k records: child 19.4 (build
15.9 here) + 0.9 to unpickle, so +4.4 s against a ~2 s import; the overhead grows faster than the records."""


def _record_ref(i: int) -> Record:  # never called: the parent's unpickler maps this name to its own records
    raise pickle.UnpicklingError("a record reference outside the tables of a forked child")


def _dumps(value: Any, records: list[Record]) -> bytes:
    """``value`` pickled with each record as a reference to its index in ``records``.

    A per-pickler ``dispatch_table`` (looked up in C, for records only), not ``persistent_id`` (a Python call
    for every object pickled: twice as slow on 160k rows)."""
    index = {id(rec): i for i, rec in enumerate(records)}
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {Record: lambda rec: (_record_ref, (index[id(rec)],))}
    pickler.dump(value)
    return out.getvalue()


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, records: list[Record]) -> None:
        super().__init__(file)
        self.records = records

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == (__name__, "_record_ref"):
            return self._record
        return super().find_class(module, name)

    def _record(self, i: Any) -> Record:
        if type(i) is not int or not 0 <= i < len(self.records):
            raise pickle.UnpicklingError(f"no record {i!r}")
        return self.records[i]


class Pending:
    """The tables a forked child is building for ``records``."""

    def __init__(self, pid: int, fd: int, records: list[Record], parameters: dict[str, Any] | None = None) -> None:
        self.pid = pid
        self.fd = fd
        self.records = records
        self.parameters = parameters or {}
        """The rule files' table_parameters the child builds with (the rule stage uses its tables only if equal)."""
        self.seconds: float | None = None
        """How long the child took to build the tables (None: it did not send them)."""

    def tables(self) -> dict[str, Any] | None:
        """The child's tables, or None if it failed (then build them here)."""
        try:
            with os.fdopen(self.fd, "rb") as fh:
                self.fd = -1
                blob = fh.read()
            _, status = os.waitpid(self.pid, 0)
            self.pid = 0
            if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0 or not blob:
                return None
            seconds, tables = _Unpickler(io.BytesIO(blob), self.records).load()
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
            return None
        finally:
            self.close()
        self.seconds = seconds
        return dict(tables)

    def close(self) -> None:
        """Stop the child if it still runs (an interrupted run), and reap it."""
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.pid = 0


def start(
    records: list[Record], invalid_ids: dict[str, set[str]], parameters: dict[str, Any] | None = None
) -> Pending | None:
    """Fork a child that builds the tables of ``records``; None where that does not pay or cannot be done.

    ``parameters``: the rule files' ``table_parameters`` (:func:`factlint.rules.catalog.table_parameters`)."""
    if (
        not MIN_RECORDS <= len(records) <= MAX_RECORDS
        or not hasattr(os, "fork")
        or os.environ.get("FACTLINT_EARLY_TABLES") == "0"
    ):
        return None
    child = fork(lambda: _child(records, invalid_ids, parameters))
    if child is None:
        return None
    pid, read_fd = child
    return Pending(pid, read_fd, records, parameters)


def _child(records: list[Record], invalid_ids: dict[str, set[str]], parameters: dict[str, Any] | None) -> bytes:
    """In the child: the tables, built and pickled with the time the build took."""
    import time

    from factlint.rules.tables import build

    t0 = time.perf_counter()
    tables = build(records, invalid_ids, parameters)
    seconds = time.perf_counter() - t0
    return _dumps((seconds, tables), records)
