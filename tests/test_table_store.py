"""How the rule tables store their rows: tuples in each table's layout, moved into the column lists a chunk at a
time; the build's bookkeeping (no reference cycles, so the collector can be off while it runs)."""

from __future__ import annotations

import gc
import pickle
import re
import sys
from typing import Any

import pytest

from factlint import validate
from factlint.record import Record
from factlint.rules.catalog import load_rules, table_parameters
from factlint.rules.tables import build, dataframe, store
from factlint.rules.tables.cells import SMALL, Coded
from factlint.rules.tables.coverage import _squeeze
from factlint.rules.tables.store import Table, layout

from .conftest import ROOT


@pytest.fixture(scope="module")
def corpus() -> tuple[list[Record], dict[str, set[str]], dict[str, Any]]:
    """The repository's own claims: every record kind, archived texts, coverage maps, quotes, waivers."""
    result = validate.run([str(ROOT / "claims")], schema_only=True)
    assert result.records
    return result.records, result.invalid_ids, table_parameters(load_rules())


def _columns(tables: dict[str, Table]) -> dict[str, dict[str, list[Any]]]:
    return {name: dict(t.columns) for name, t in tables.items()}


def test_a_layout_must_name_the_columns_in_the_tables_order() -> None:
    order = Table("sentences").order
    assert order == ("claim_id", "file", "source", "number", "claims_count", "mapped", "_rec", "_at")
    assert layout("sentences", *order) == order
    with pytest.raises(ValueError, match="table sentences has the columns"):
        layout("sentences", *order[1:], order[0])  # the same names, another order
    with pytest.raises(ValueError, match="table sentences has the columns"):
        layout("sentences", *order, "extra")


def test_rows_as_tuples_and_as_dicts_give_the_same_columns() -> None:
    by_tuple, by_dict = Table("placeholders"), Table("placeholders")
    for i in range(store.CHUNK + 3):  # across a chunk's end
        by_tuple.add((f"c{i}", "f.yaml", "/statement", "TODO", "the real value", None, ((), True)))
        by_dict.append({"claim_id": f"c{i}", "file": "f.yaml", "field": "/statement", "value": "TODO",
                        "wanted": "the real value", "_at": ((), True)})  # fmt: skip
    assert len(by_tuple) == len(by_dict) == store.CHUNK + 3
    assert by_tuple.columns == by_dict.columns
    assert by_tuple.columns["claim_id"][-1] == f"c{store.CHUNK + 2}"
    assert by_tuple.columns["_rec"] == [None] * (store.CHUNK + 3)  # a column a dict leaves out is None


def test_a_row_of_the_wrong_size_or_an_unknown_column_is_an_error() -> None:
    table = Table("placeholders")
    table.add(("c", "f.yaml", "/statement", "TODO", "the real value", None))  # one value short
    with pytest.raises(ValueError, match="zip"):
        table.flush()
    with pytest.raises(KeyError, match="table placeholders has no column"):
        Table("placeholders").append({"claim_id": "c", "nonsense": 1})


def test_a_pickled_table_carries_every_row_added() -> None:
    table = Table("placeholders")
    table.add(("c", "f.yaml", "/statement", "TODO", "the real value", None, ((), True)))
    copy = pickle.loads(pickle.dumps(table))
    assert len(copy) == 1
    assert copy.columns["value"] == ["TODO"]


def test_small_chunks_give_the_same_tables(corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    records, invalid, parameters = corpus
    want = _columns(build(records, invalid, parameters))
    monkeypatch.setattr(store, "CHUNK", 3)
    got = _columns(build(records, invalid, parameters))
    assert got == want
    assert len(want["archives"]["has_claims"]) > 0
    assert any(want["archives"]["has_claims"])  # filled in once every claim was read


def test_the_build_makes_no_reference_cycles_and_gives_the_collector_back(corpus) -> None:
    """The build runs with the collector off: that loses nothing only while it leaves no cyclic garbage."""
    records, invalid, parameters = corpus
    build(records, invalid, parameters)  # first: imports and caches of their own
    gc.collect()
    assert gc.isenabled()
    tables = build(records, invalid, parameters)
    assert gc.isenabled()
    assert gc.collect() == 0
    assert len(tables["references"]) > 0
    with pytest.raises(KeyError):
        build([Record("nonsense", "x.yaml", {"id": "x"})])  # a kind without a builder is an error
    assert gc.isenabled()


def test_squeezing_white_space_drops_what_the_regex_would() -> None:
    pattern = re.compile(r"\s+")
    spaces = "".join(ch for ch in map(chr, range(sys.maxunicode + 1)) if pattern.fullmatch(ch) or ch.isspace())
    text = "a" + "b".join(spaces) + "c\u200bd"  # U+200B ZERO WIDTH SPACE is not white space
    assert _squeeze(text) == pattern.sub("", text) == "a" + "b" * (len(spaces) - 1) + "c\u200bd"


def test_a_column_of_few_objects_is_stored_as_codes_and_reads_back_the_same_objects() -> None:
    table = Table("placeholders")
    fields = ["/statement", "/verdict/explanation", "/attribution/speaker"]
    at = ((), True)
    for i in range(3 * store.CHUNK):
        table.add((None, "f.yaml", fields[i % 3], "TODO" if i % 2 else None, "the real value", None, at))
    table.flush()
    field = table._cells["field"]
    assert isinstance(field, Coded)
    assert field.codes.itemsize == 1
    assert len(field.pool) == 3
    assert [table[i]["field"] for i in range(4)] == [*fields, fields[0]]
    assert table[5]["_at"] is at  # the very object stored
    frame = table.to_frame()
    assert list(frame["field"][:4]) == [*fields, fields[0]]
    assert str(frame["field"].dtype) == "string"
    assert str(frame["value"].dtype) == "string"
    assert frame["value"].isna().sum() == 3 * store.CHUNK // 2


def test_coded_cells_are_told_apart_by_identity_not_equality() -> None:
    column = Coded()
    one, true, pair, same_pair = 1, True, ("a", 0), ("a", False)
    assert column.add((one, true, pair, same_pair, None, [1], "x"))  # equal (1 == True), unhashable: all kept
    got = column.values()
    assert [type(v) for v in got] == [int, bool, tuple, tuple, type(None), list, str]
    assert got[3][1] is False
    assert got[2][1] == 0
    assert type(got[2][1]) is int
    text = Coded()
    a, b = "ab", "".join(["a", "b"])  # equal strings, two objects: one code (a string only equals a string)
    assert text.add((a, b, None))
    assert text.values() == ["ab", "ab", None]
    assert len(text.pool) == 2
    assert text.add((1, "ab"))  # the first other object: lookups by identity from then on
    assert text.values() == ["ab", "ab", None, 1, "ab"]
    assert type(text.values()[3]) is int
    copy = pickle.loads(pickle.dumps(text))
    assert copy.values() == text.values()
    assert copy.add(("ab", 2))
    assert copy.values()[-2:] == ["ab", 2]


def test_a_column_of_many_objects_becomes_a_plain_list() -> None:
    column = Coded()
    assert column.add(tuple(f"t{i}" for i in range(300)))  # past 256 objects: two bytes a cell
    assert column.codes.itemsize == 2
    assert not column.add(tuple(f"u{i}" for i in range(2000)))  # a pool as large as the rows does not pay
    table = Table("placeholders")
    for i in range(2 * store.CHUNK):
        table.add((None, "f.yaml", f"/f{i}", "TODO", "the real value", None, ((), True)))
    table.flush()
    assert type(table._cells["field"]) is list
    assert table.columns["field"] == [f"/f{i}" for i in range(2 * store.CHUNK)]


def test_claim_id_and_file_are_read_from_the_record_unless_a_row_differs() -> None:
    recs = [Record("claim", f"c{i}.yaml", {"id": f"c{i}"}) for i in range(10)]
    table = Table("placeholders")
    for rec in recs:
        table.add((rec.id, rec.file, "/statement", "TODO", "the real value", rec, ((), True)))
    table.flush()
    assert table._cells["claim_id"] is store.SAME
    assert table._cells["file"] is store.SAME
    table.add(("other", recs[0].file, "/statement", "TODO", "the real value", recs[0], ((), True)))  # another id
    table.flush()
    assert table._cells["claim_id"] == [*(r.id for r in recs), "other"]
    assert table._cells["file"] is store.SAME
    assert table[10]["claim_id"] == "other"
    assert table[10]["file"] == "c0.yaml"
    assert table[3]["claim_id"] == "c3"
    frame = table.to_frame()
    assert list(frame["claim_id"]) == [*(r.id for r in recs), "other"]
    assert list(frame["file"]) == [*(r.file for r in recs), "c0.yaml"]


def _records_table(count: int, last_stem: str | None = None) -> tuple[Table, list[Record]]:
    """A records table of ``count`` claims, its file stems past :data:`cells.SMALL` objects: a plain list, as at
    scale (a few rows would be a coded column)."""
    recs = [Record("claim", f"a/c{i}.yaml", {"id": f"c{i}"}) for i in range(count)]
    table = Table("records")
    for rec in recs:
        table.append({"claim_id": rec.id, "file": rec.file, "kind": "claim", "file_stem": rec.id, "_rec": rec})
    if last_stem is not None:
        table.append({"claim_id": "c0", "file": "a/x.yaml", "kind": "claim", "file_stem": last_stem, "_rec": recs[0]})
    return table, recs


def test_a_string_column_of_many_objects_goes_into_the_frame_as_new_objects_laid_out_together() -> None:
    # The records' own strings lie scattered over the heap; each pass of pandas over a column (isna, ==, factorize)
    # reads every one: the frame gets fresh copies, allocated one after another. Same values, never the objects.
    count = SMALL + 100
    table, recs = _records_table(count, last_stem="x\x00y")
    frame = table.to_frame()
    ids = list(frame["claim_id"])
    assert ids == [*(r.id for r in recs), "c0"]
    assert all(a is not r.id for a, r in zip(ids, recs, strict=False))
    stems = list(frame["file_stem"])
    assert stems == [*(r.id for r in recs), "x\x00y"]
    assert all(a is r.id for a, r in zip(stems, recs, strict=False))  # a value holds the separator: as they are
    assert table.laid_out == ("claim_id", "file")
    assert list(frame["kind"]) == ["claim"] * (count + 1)  # a coded column: its pool's objects, few already
    assert table[3] | {"_rec": None} == {
        "row_id": 3, "claim_id": "c3", "file": "a/c3.yaml", "kind": "claim", "file_stem": "c3",
        "same_id_files": None, "_rec": None, "_involves": None, "_at": None,
    }  # fmt: skip


def test_the_rows_kept_at_release_hold_strings_of_their_own_not_the_laid_out_ones() -> None:
    # The laid-out strings come in one block (pymalloc arenas of their own): a few kept rows pointing into it would
    # keep all of it resident (+12 MiB at 100k claims after the records table).
    table, _ = _records_table(SMALL + 100)
    frame = table.to_frame({"claim_id", "kind", "file_stem"})
    assert table.laid_out == ("claim_id", "file_stem")
    laid = list(frame["claim_id"]), list(frame["file_stem"])
    table.release({3, 7})
    for column, objects in zip(("claim_id", "file_stem"), laid, strict=True):
        kept = list(table.frame[column])
        assert kept == ["c3", "c7"]
        assert kept[0] is not objects[3]
        assert kept[1] is not objects[7]
    assert [table[i]["claim_id"] for i in (3, 7)] == ["c3", "c7"]
    assert str(table.frame["claim_id"].dtype) == "string"


@pytest.mark.parametrize(
    "cells",
    [["a", "b\x00c", "d"], ["a", None, "b"], ["\x00", "\x00"], [], ["only"]],
    ids=["separator-inside", "a-null", "separators-only", "empty", "one"],
)
def test_strings_laid_out_together_are_the_same_values(cells: list[Any]) -> None:
    laid = dataframe.together(list(cells))
    assert laid == cells
    assert [type(v) for v in laid] == [type(v) for v in cells]


def test_a_coded_column_adds_each_object_to_its_pool_once() -> None:
    column = Coded()
    for _ in range(3):
        assert column.add(("a", "b", None))
        assert column.add((1, "a"))  # lookups by identity from here
    assert len(column.pool) == 4
    assert column.values() == ["a", "b", None, 1, "a"] * 3


def test_a_frame_of_the_columns_read_gives_the_same_rows_as_a_whole_frame(corpus) -> None:
    records, invalid, parameters = corpus
    whole, narrow = (build(records, invalid, parameters)["references"] for _ in range(2))
    whole.to_frame()
    frame = narrow.to_frame({"slot_kind", "exists"})
    assert list(frame.columns) == ["row_id", "exists", "slot_kind"]  # the declared order
    assert str(frame["exists"].dtype) == "boolean"
    assert str(frame["slot_kind"].dtype) == "string"
    keep = [len(whole) - 1, 2, 0]
    assert narrow.rows(keep) == whole.rows(keep)  # made, not released: the other columns read from the table
    whole.release(keep)
    narrow.release(keep)
    assert narrow.rows(keep) == whole.rows(keep)
    assert list(narrow.frame.columns) == list(whole.frame.columns)
    assert list(narrow.rows([0])[0]) == list(whole.rows([0])[0])  # the same keys in the same order
    with pytest.raises(KeyError, match="not kept"):
        narrow.rows([1])


def test_a_table_released_whole_gets_every_column(corpus) -> None:
    records, invalid, parameters = corpus
    whole, narrow = (build(records, invalid, parameters)["claims"] for _ in range(2))
    whole.to_frame()
    narrow.to_frame(())
    whole.release(range(len(whole)))
    narrow.release(range(len(narrow)))
    assert len(narrow) > 0
    assert list(narrow) == list(whole)
    assert narrow.kept is None


def test_a_column_left_out_of_the_frame_is_still_checked_against_its_type() -> None:
    table = Table("sentences")
    table.add(("c", "f.yaml", "src", "not a number", 0, True, None, ((), True)))
    with pytest.raises((TypeError, ValueError)):
        table.to_frame({"mapped"})


def test_a_released_table_keeps_its_private_columns_for_the_rows_kept_only(corpus) -> None:
    records, invalid, parameters = corpus
    table = build(records, invalid, parameters)["references"]
    table.to_frame({"exists"})
    keep = [len(table) - 1, 5, 1]
    before = table.rows(keep)
    table.release(keep)
    assert all(len(table._cells[k]) == 3 for k in ("_rec", "_involves", "_at"))
    assert table.rows(keep) == before
    assert table.rows([5])[0]["_rec"] is before[1]["_rec"]


def test_rows_read_a_column_at_a_time_are_the_reference_dicts() -> None:
    """dataframe._records gives what a dict per row from pandas gives, each cell through _plain (the reference)."""
    import numpy as np
    import pandas as pd

    from factlint.rules.tables.dataframe import _plain, _records

    frame = pd.DataFrame(
        {
            "row_id": pd.array([0, 1, 2, 3], dtype="Int64"),
            "text": pd.array(["a", None, "", "ü\n"], dtype="string"),
            "number": pd.array([None, -1, 2**40, 0], dtype="Int64"),
            "flag": pd.array([True, None, False, True], dtype="boolean"),
            "other": pd.Series([np.int64(5), float("nan"), None, np.float64(2.5)], dtype=object),
        }
    )
    for at in ([0, 1, 2, 3], [3, 1], []):
        sub = frame.iloc[at]
        want = [{k: _plain(v) for k, v in row.items()} for row in sub.to_dict("records")]
        got = _records(sub)
        assert got == want
        assert [[type(v) for v in row.values()] for row in got] == [[type(v) for v in row.values()] for row in want]
        assert [list(row) for row in got] == [list(row) for row in want]
    assert _records(frame[[]]) == [{}, {}, {}, {}]
