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
from factlint.rules.tables import build, store
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
        by_tuple.add((f"c{i}", "f.yaml", "/statement", "TODO", None, ((), True)))
        by_dict.append({"claim_id": f"c{i}", "file": "f.yaml", "field": "/statement", "value": "TODO",
                        "_at": ((), True)})  # fmt: skip
    assert len(by_tuple) == len(by_dict) == store.CHUNK + 3
    assert by_tuple.columns == by_dict.columns
    assert by_tuple.columns["claim_id"][-1] == f"c{store.CHUNK + 2}"
    assert by_tuple.columns["_rec"] == [None] * (store.CHUNK + 3)  # a column a dict leaves out is None


def test_a_row_of_the_wrong_size_or_an_unknown_column_is_an_error() -> None:
    table = Table("placeholders")
    table.add(("c", "f.yaml", "/statement", "TODO", None))  # one value short
    with pytest.raises(ValueError, match="zip"):
        table.flush()
    with pytest.raises(KeyError, match="table placeholders has no column"):
        Table("placeholders").append({"claim_id": "c", "nonsense": 1})


def test_a_pickled_table_carries_every_row_added() -> None:
    table = Table("placeholders")
    table.add(("c", "f.yaml", "/statement", "TODO", None, ((), True)))
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
