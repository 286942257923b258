"""Work done in a forked child while this process goes on: :func:`start` runs a function there and
:meth:`Job.wait` takes the short text it returns (or None if the child failed in any way).

The child leaves with ``os._exit`` (none of this process's exit handlers run twice); everything it needs
it has as the fork's copy. Where ``fork`` is missing, the function runs here, at once.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable

__all__ = ["Job", "fork", "start"]


class Job:
    """A child's work: :meth:`wait` for its text."""

    def __init__(self, pid: int, fd: int, text: str | None = None) -> None:
        self.pid = pid
        self.fd = fd
        self._text = text

    def wait(self) -> str | None:
        """The text the function returned in the child; None if it raised, was killed or sent nothing whole."""
        if self.pid:
            try:
                with os.fdopen(self.fd, "rb") as fh:
                    blob = fh.read()
                _, status = os.waitpid(self.pid, 0)
                ok = os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
                self._text = blob.decode("utf-8", "surrogateescape") if ok else None
            except OSError:
                self._text = None
            self.pid, self.fd = 0, -1
        return self._text


def start(work: Callable[[], str]) -> Job:
    """Run ``work`` in a forked child (here if this platform cannot fork)."""
    child = fork(lambda: work().encode("utf-8", "surrogateescape"))
    if child is None:
        return Job(0, -1, work())
    return Job(*child)


def fork(send: Callable[[], bytes]) -> tuple[int, int] | None:
    """Fork a child that writes the bytes ``send()`` returns into a pipe and leaves with ``os._exit`` (status 0 once
    all is written, 1 if anything raised: none of this process's exit handlers run twice); (its pid, the read end
    of the pipe), or None where no child could start (no ``fork`` on this platform, no pipe, a failed fork).

    The one way factlint forks (the table build, the report formats, the cache's save)."""
    if not hasattr(os, "fork"):
        return None
    try:
        read_fd, write_fd = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return None
    if pid == 0:  # pragma: no cover - the child: work, send, and leave without running the parent's exit handlers
        code = 1
        try:
            os.close(read_fd)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            view = memoryview(send())
            while view:
                view = view[os.write(write_fd, view) :]
            os.close(write_fd)
            code = 0
        finally:
            os._exit(code)
    os.close(write_fd)
    return pid, read_fd
