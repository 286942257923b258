"""Heap memory this process let go of, handed back to the operating system between the run's stages.

The rule tables (~200 MiB at 100k claims) and their build's transients are freed before the GX import, the rule
stage and the reports, but glibc's allocator keeps the freed pages mapped: each later stage then adds its own
memory on top, and the run's peak grows by stage. :func:`trim` asks glibc (``malloc_trim(0)``) to return every
free page it holds, so the peak is the largest stage's, not their sum (cold 100k, resident memory at the
start of the GX import: 701 -> 572 MiB). Elsewhere (another C library, no ``ctypes``) it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from collections.abc import Callable
from functools import cache

__all__ = ["trim"]


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        fn = libc.malloc_trim  # glibc only (musl has none)
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_size_t]
    fn.restype = ctypes.c_int
    return fn


def trim() -> bool:
    """Return the heap's free pages to the operating system; False where this C library cannot."""
    fn = _malloc_trim()
    if fn is None:
        return False
    fn(0)
    return True
