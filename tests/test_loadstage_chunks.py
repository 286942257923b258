"""The load stage's chunks of files for its workers: in file order, bounded (a worker holds a chunk's outcomes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from factlint import loadstage, validate


def _items(n: int) -> list[tuple[str, str, str]]:
    return [(f"/c/{i:06}.yaml", f"{i:06}.yaml", "claim") for i in range(n)]


@pytest.mark.parametrize(("files", "workers"), [(122_934, 2), (12_380, 2), (60, 2), (50_000, 8), (1, 2)])
def test_chunks_keep_the_order_and_stay_bounded(files: int, workers: int) -> None:
    items = _items(files)
    chunks = loadstage._chunks(items, workers)
    assert [x for chunk in chunks for x in chunk] == items
    assert max(len(c) for c in chunks) <= max(50, loadstage.CHUNK_MAX_FILES)
    assert all(len(c) >= 50 for c in chunks[:-1])
    if files >= 50 * workers * 8:
        assert len(chunks) >= workers * 8  # several per worker


def test_many_small_chunks_give_the_serial_result(small: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTLINT_WORKERS", "1")
    serial = validate.run([str(small)], schema_only=True)
    monkeypatch.setenv("FACTLINT_WORKERS", "2")
    monkeypatch.setattr(loadstage, "CHUNK_MAX_FILES", 7)  # (below the floor of 50: chunks of 50)
    parallel = validate.run([str(small)], schema_only=True)
    assert len(serial.records) > 100
    assert [(r.file, r.data) for r in parallel.records] == [(r.file, r.data) for r in serial.records]
    assert parallel.sorted_findings() == serial.sorted_findings()
