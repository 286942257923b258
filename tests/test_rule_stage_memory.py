"""What the rule stage keeps in memory: one table's DataFrame at a time, no builder state, few expanded positions.

At 100k claims the tables' DataFrames, Great Expectations' batch of each, the builder's archived texts and
the positions of every file with a finding all added up; these tests pin down that each is let go once used.
"""

from __future__ import annotations

import gc
import weakref
from pathlib import Path
from typing import Any

import pytest
from bench.generate import TODAY, generate

from factlint import loader, validate
from factlint.record import PositionIndex, Record
from factlint.rules.tables import build
from factlint.rules.tables.store import Table


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("stage") / "corpus"
    generate(root, claims=300, seed=11, rate=0.01)
    return root


def test_each_table_frame_is_gone_before_the_next_is_made(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Frames are made one at a time, and neither the rule stage nor GX (which keeps every batch it
    validated in its execution engine, and its validator the frame in a reference cycle) holds a table's
    columns past its validation; a table keeps only a frame of the rows the findings read (the whole frame
    only when it needs every row, or has none)."""
    made: list[tuple[Table, weakref.ref[Any]]] = []
    real = Table.to_frame

    def alive() -> list[str]:
        return [t.name for t, ref in made if _holds_data(ref()) and ref() is not t.frame]

    def to_frame(self: Table, *args: Any) -> Any:
        assert not alive(), f"the frames of {alive()} still live as {self.name}'s is made"
        frame = real(self, *args)
        made.append((self, weakref.ref(frame)))
        return frame

    monkeypatch.setattr(Table, "to_frame", to_frame)
    result = validate.run([str(corpus)], today=TODAY)
    assert len(made) >= 10
    assert alive() == []
    kept = {t.name: len(t.frame) for t, _ in made}
    assert 0 < kept["references"] < len(next(t for t, _ in made if t.name == "references")) / 10
    assert any(f.rule.startswith("FC2") for f in result.findings)  # the rules ran and found the planted errors


def _holds_data(frame: Any) -> bool:
    """A DataFrame still there with its columns (one emptied in place is only a shell)."""
    return frame is not None and len(frame.columns) > 0


def test_a_released_table_gives_the_same_rows_it_kept_and_refuses_the_others(corpus: Path) -> None:
    result = validate.run([str(corpus)], schema_only=True)
    table = build(result.records, result.invalid_ids)["references"]
    table.to_frame()
    keep = [len(table) - 1, 3, 0]
    before = table.rows(keep)
    table.release(keep)
    assert table.rows(keep) == before
    assert table.rows([0]) == [before[2]]
    assert set(before[0]) >= {"row_id", "claim_id", "file", "target", "exists", "_rec", "_at"}
    with pytest.raises(KeyError, match="not kept"):
        table.rows([1])


def test_a_table_released_whole_keeps_every_row(corpus: Path) -> None:
    result = validate.run([str(corpus)], schema_only=True)
    table = build(result.records, result.invalid_ids)["waivers"]
    assert len(table) > 0
    table.to_frame()
    before = list(table)
    table.release(range(len(table)))
    assert list(table) == before


def test_the_builder_is_garbage_once_the_tables_are_built(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The archived texts, their normalised copies, the did-you-mean indexes and the by-kind maps go when
    build() returns, freed at once (no reference cycle waits for a collector pass while the rules run)."""
    from factlint.rules.tables import builder

    result = validate.run([str(corpus)], schema_only=True)
    seen: list[weakref.ref[Any]] = []
    real = builder.Builder.__init__

    def init(self: builder.Builder, *args: Any, **kwargs: Any) -> None:
        real(self, *args, **kwargs)
        seen.append(weakref.ref(self))
        seen.append(weakref.ref(self.archives))

    monkeypatch.setattr(builder.Builder, "__init__", init)
    enabled = gc.isenabled()
    gc.disable()
    try:
        tables = build(result.records, result.invalid_ids)
        assert len(tables["quotes"]) > 0
        assert len(seen) == 2
        assert [ref() for ref in seen] == [None, None]
    finally:
        if enabled:
            gc.enable()


def test_positions_made_again_cheaply_are_kept_for_the_last_few_files_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factlint import record

    monkeypatch.setattr(record, "RECENT", 2)
    records = []
    for i in range(5):
        text = "\n" * i + f"id: p{i}\nkind: person\nname: P {i}\n"
        doc = loader.loads(text)
        records.append(Record("entity", f"p{i}.yaml", doc.data, doc.marks, str(tmp_path / f"p{i}.yaml")))

    def no_read(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("a file was read again for its positions")

    monkeypatch.setattr(loader, "read_path", no_read)
    index = PositionIndex()
    for _ in range(2):  # the second round expands the marks again: the same answers
        for i, rec in enumerate(records):
            assert index.locate(rec, ("kind",)) == (i + 2, 1)
            assert index.locate(rec, ("name",), prefer_value=True) == (i + 3, 7)
            assert len(index._recent) <= 2
    assert not index.unreadable


def test_positions_read_again_from_a_file_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from factlint import record

    monkeypatch.setattr(record, "RECENT", 1)
    paths = []
    for i in range(3):
        path = tmp_path / f"p{i}.yaml"
        path.write_text("\n" * i + f"id: p{i}\nkind: person\n", encoding="utf-8")
        paths.append(path)
    records = [Record("entity", p.name, {"id": f"p{i}", "kind": "person"}, None, str(p)) for i, p in enumerate(paths)]
    index = PositionIndex()
    assert [index.locate(r, ("kind",)) for r in records] == [(2, 1), (3, 1), (4, 1)]
    for p in paths:
        p.unlink()  # read once: the positions of a file never change within a run
    assert [index.locate(r, ("kind",)) for r in records] == [(2, 1), (3, 1), (4, 1)]
    assert not index.unreadable
