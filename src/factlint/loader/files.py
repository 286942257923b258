"""Reading a record file's bytes within bounds, and decoding them: :func:`read_regular` opens regular files
only (never a FIFO, device, socket or symlink loop) and reads at most ``max_bytes + 1`` bytes of them;
:func:`read_path` turns what it refuses into a :class:`~factlint.loader.document.LoadError` (FC008 over
:data:`MAX_BYTES`, FC013 not a regular file); :func:`decode` accepts UTF-8 only (FC007, at the line and
column of the first bad byte). Nothing here ever writes.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from factlint.loader.document import LoadError

MAX_BYTES = 1024 * 1024
"""Largest claim file accepted, in bytes (a claim record is a few KiB)."""


def decode(raw: bytes) -> str:
    """Decode file bytes as UTF-8, or raise a located :class:`LoadError`."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError("FC007", "file is UTF-16 encoded; save it as UTF-8 (without BOM)")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise LoadError(
            "FC007",
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8",
            line,
            column,
        ) from None


class FileTooLarge(OSError):
    """A file over the size limit, found by ``stat`` before reading it."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(errno.EFBIG, f"file is {size} bytes, over the limit of {limit}")
        self.size = size
        self.limit = limit


class NotRegularFile(OSError):
    """A path that is not a regular file (FIFO, device, socket, folder) or a symlink loop: never read."""


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def read_regular(path: str | Path | bytes, max_bytes: int) -> bytes:
    """The bytes of the regular file at ``path``: at most ``max_bytes + 1`` of them.

    The type and size are checked with ``stat`` before the file is opened, so a FIFO (which would
    block), a device (which may never end) or a socket is never opened, and a file over the limit is
    never read past it; the open file is checked again (``fstat``) in case it was swapped meanwhile.
    Raises :class:`NotRegularFile` (a symlink loop included) or another ``OSError``.
    """
    try:
        st = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotRegularFile(errno.ELOOP, "a symlink loop (the link leads back to itself)") from None
        raise
    if not stat.S_ISREG(st.st_mode):
        raise NotRegularFile(errno.EINVAL, f"{_kind_of(st.st_mode)}, not a regular file")
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(errno.EINVAL, f"{_kind_of(st.st_mode)}, not a regular file")
        if st.st_size > max_bytes:
            raise FileTooLarge(st.st_size, max_bytes)
        parts = []
        left = max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            parts.append(chunk)
            left -= len(chunk)
        return b"".join(parts)
    finally:
        os.close(fd)


def too_large(size: int, limit: int) -> LoadError:
    """FC008: a record of ``size`` bytes, over ``limit``."""
    return LoadError("FC008", f"file is {size} bytes, over the limit of {limit}; split it into smaller records")


def read_path(path: str | Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of one record file, at most ``max_bytes + 1`` (regular files only; never written).

    A file over the limit or one that is not a regular file is a :class:`LoadError` (FC008, FC013);
    any other failure to read it an ``OSError``.
    """
    try:
        return read_regular(path, max_bytes)
    except FileTooLarge as exc:
        raise too_large(exc.size, max_bytes) from None
    except NotRegularFile as exc:
        raise LoadError(
            "FC013", f"cannot read the record: it is {exc.strerror}; only regular files are records"
        ) from None
