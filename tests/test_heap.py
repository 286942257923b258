"""factlint.heap.trim: the heap's free pages go back to the system (glibc), a no-op elsewhere."""

from __future__ import annotations

import sys

import pytest

from factlint import heap


def _rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(heap._malloc_trim() is None, reason="only glibc can trim its heap")
def test_trim_returns_freed_heap_pages() -> None:
    # 64 MiB in 4 KiB blocks (malloc's heap, not pymalloc's arenas), every 16th kept: the freed blocks lie
    # between live ones, so free() alone cannot shrink the heap and the pages stay resident until trimmed.
    blocks = [bytearray(b"x" * 4096) for _ in range(16384)]
    kept = blocks[::16]
    del blocks
    before = _rss_kib()
    assert heap.trim() is True
    after = _rss_kib()
    assert before - after > 32 * 1024, (before, after)
    assert len(kept) == 1024


def test_trim_is_a_no_op_where_it_cannot(monkeypatch: pytest.MonkeyPatch) -> None:
    heap._malloc_trim.cache_clear()
    monkeypatch.setattr(sys, "platform", "darwin")
    try:
        assert heap.trim() is False
    finally:
        heap._malloc_trim.cache_clear()
