"""A record holding its data packed (the bytes a load worker made) is the same record as one holding the dict.

* equal to the dict record, same ``repr``, same ``id``, the same TypeError when hashed, frozen;
* ``.data`` gives the dict again (a new copy each time), and pickling keeps the bytes packed;
* a value ``marshal`` cannot write keeps the dict;
* a worker's outcome carries the packed record, and runs loaded by workers, serially and from the cache write
  the same reports and the same cache.
"""

from __future__ import annotations

import datetime as _dt
import pickle
from dataclasses import FrozenInstanceError
from pathlib import Path
from typing import Any

import pytest
from bench.generate import TODAY, generate

from factlint import cache, cache_format, filecheck
from factlint.loader import load_bytes
from factlint.record import Record

from .conftest import REPORT_FILES, run_cli

DATA: dict[str, Any] = {
    "id": "art-1-c01",
    "type": "quote",
    "statement": "Ünïcode \u2028 and a lone surrogate \udc80",
    "count": 10**50,
    "ratio": 0.1,
    "flags": [True, False, None],
    "nested": {"a": [{"b": "c"}], "empty": {}},
}


def _pair() -> tuple[Record, Record]:
    plain = Record("claim", "articles/art-1/art-1-c01.yaml", DATA, None, "/abs/art-1-c01.yaml", "k" * 40)
    packed = Record.packed("claim", "articles/art-1/art-1-c01.yaml", DATA, None, "/abs/art-1-c01.yaml", "k" * 40)
    return plain, packed


def test_a_packed_record_equals_the_dict_record() -> None:
    plain, packed = _pair()
    assert packed.is_packed
    assert not plain.is_packed
    assert packed == plain
    assert plain == packed
    assert packed.data == DATA
    assert packed.data is not packed.data  # decoded on each access
    assert packed.id == plain.id == "art-1-c01"
    assert repr(packed) == repr(plain)
    assert (packed.kind, packed.file, packed.path, packed.key) == (plain.kind, plain.file, plain.path, plain.key)
    assert packed != Record("claim", packed.file, {**DATA, "count": 1}, None, packed.path)
    with pytest.raises(TypeError):
        hash(packed)
    with pytest.raises(TypeError):
        hash(plain)
    with pytest.raises(FrozenInstanceError):
        packed.kind = "source"  # type: ignore[misc]


def test_the_id_is_the_data_id_when_it_is_a_string() -> None:
    assert Record("entity", "e.yaml", {"id": 7}).id is None
    assert Record.packed("entity", "e.yaml", {"name": "x"}).id is None
    assert Record.packed("entity", "e.yaml", {"id": "x"}).id == "x"


def test_pickling_keeps_the_bytes_packed() -> None:
    plain, packed = _pair()
    again = pickle.loads(pickle.dumps(packed, protocol=pickle.HIGHEST_PROTOCOL))
    assert again.is_packed
    assert (again, again.key, again.id) == (packed, packed.key, packed.id)
    blob = pickle.dumps(packed)
    assert b"lone surrogate" in blob  # the marshal bytes, not a pickled dict tree
    assert pickle.loads(pickle.dumps(plain)) == plain


def test_what_marshal_cannot_hold_stays_a_dict() -> None:
    odd = {"id": "x", "when": _dt.date(2026, 1, 1)}
    rec = Record.packed("entity", "e.yaml", odd)
    assert not rec.is_packed
    assert rec.data is odd


@pytest.fixture
def packing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers pack claims and coverage maps (forked workers inherit the setting)."""
    monkeypatch.setattr(filecheck, "PACKED_KINDS", frozenset({"claim", "coverage"}))


@pytest.mark.usefixtures("packing")
def test_a_worker_sends_claims_and_coverage_maps_packed(corpus: Path) -> None:
    for kind, pattern, packed in (
        ("claim", "articles/*/*-c00.yaml", True),
        ("coverage", "coverage/*.yaml", True),
        ("entity", "entities/*.yaml", False),  # looked up by id everywhere: kept a dict
        ("source", "sources/*.yaml", False),
    ):
        path = sorted(corpus.glob(pattern))[0]
        name = path.relative_to(corpus).as_posix()
        here = filecheck.check(str(path), name, kind, None)
        worker = filecheck.check(str(path), name, kind, None, positions=False)
        assert here.record is not None
        assert worker.record is not None
        assert not here.record.is_packed
        assert worker.record.is_packed is packed
        assert worker.record == here.record
        assert worker.record.data == load_bytes(path.read_bytes()).data


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("packed") / "corpus"
    generate(root, claims=200, seed=5, rate=0.01)
    return root


def _run(corpus: Path, out: Path, *extra: str) -> dict[str, bytes]:
    run = run_cli("validate", str(corpus), "--today", TODAY.isoformat(), "--report-dir", str(out), *extra)
    assert run.code == 1, run.err
    return {name: (out / name).read_bytes() for name in REPORT_FILES}


def _shards(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.glob("v*/*/*.json"))}


@pytest.mark.slow
@pytest.mark.usefixtures("packing")
def test_workers_serial_and_cache_give_the_same_reports_and_cache(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "RACY_SECONDS", 0)
    monkeypatch.setenv("FACTLINT_CACHE_DIR", str(tmp_path / "serial-cache"))
    monkeypatch.setenv("FACTLINT_WORKERS", "1")
    serial = _run(corpus, tmp_path / "serial")
    monkeypatch.setenv("FACTLINT_CACHE_DIR", str(tmp_path / "workers-cache"))
    monkeypatch.setenv("FACTLINT_WORKERS", "2")  # cold: the workers' records arrive packed
    workers = _run(corpus, tmp_path / "workers")
    assert workers == serial
    assert _shards(tmp_path / "workers-cache") == _shards(tmp_path / "serial-cache") != {}
    warm = _run(corpus, tmp_path / "warm")  # from the cache the workers' run wrote
    assert warm == serial
    assert _run(corpus, tmp_path / "uncached", "--no-cache") == serial


def test_a_cache_entry_kept_as_a_record_is_its_valid_entry() -> None:
    _, packed = _pair()
    assert cache_format.as_entry(packed) == cache_format.valid_entry(DATA, packed.kind)
    store = cache.Cache("/nonexistent-never-written")
    store.put("ab" + "0" * 38, packed)
    store.entries.update(store.new)
    assert store.get("ab" + "0" * 38) == cache_format.valid_entry(DATA, packed.kind)


def _claim(cid: str, rating: str, state: str) -> dict[str, Any]:
    return {"id": cid, "type": "quote", "article": "art-1", "verdict": {"rating": rating}, "review": {"state": state}}


def test_the_reports_read_each_claim_once_and_see_changed_records(monkeypatch: pytest.MonkeyPatch) -> None:
    from factlint.model import Result
    from factlint.reporters.overview import claim_facts, overview

    result = Result()
    result.records += [Record.packed("claim", f"c{i}.yaml", _claim(f"c{i}", "verified", "published")) for i in range(3)]
    result.records.append(Record("entity", "e.yaml", {"id": "e", "name": "E"}))
    reads = []
    real = Record.data.fget
    assert real is not None
    monkeypatch.setattr(Record, "data", property(lambda rec: reads.append(rec.id) or real(rec)))
    first = overview(result)
    assert overview(result) == first  # every format asks: the claims' data was read once
    assert sorted(reads) == ["c0", "c1", "c2"]
    assert first.ratings == [("verified", 3)]
    result.records.append(Record.packed("claim", "c9.yaml", _claim("c9", "false", "draft")))
    again = overview(result)  # the records changed: read again
    assert again.ratings == [("verified", 3), ("false", 1)]
    assert again.review_states == [("published", 3), ("draft", 1)]
    result.records[0] = Record("claim", "c0.yaml", _claim("c0", "false", "published"))
    assert overview(result).ratings == [("verified", 2), ("false", 2)]
    assert len(claim_facts(result)) == 4


def test_a_record_takes_the_callers_copy_of_equal_names_only() -> None:
    _, packed = _pair()
    file, path = "".join(["articles/art-1/", "art-1-c01.yaml"]), "".join(["/abs/", "art-1-c01.yaml"])
    assert file == packed.file
    assert file is not packed.file
    packed.share_names(file, path)
    assert packed.file is file
    assert packed.path is path
    packed.share_names("other.yaml", "/elsewhere.yaml")
    assert (packed.file, packed.path) == (file, path)
    bare = Record("entity", "e.yaml", {"id": "e"})
    bare.share_names("e.yaml", "/abs/e.yaml")
    assert bare.path == ""  # read from its display name: no path to share


def test_paths_that_end_in_the_display_name_share_their_folder() -> None:
    """A corpus named by its absolute path: every record's path is one folder followed by its display name; the
    folder is held once (a Head), the path reads the same, and a record pickles, compares and prints as before."""
    import pickle

    from factlint.record import Head

    heads: dict[str, Head] = {}
    made = []
    for n in range(3):
        file = f"corpus/articles/art-{n}/art-{n}-c00.yaml"
        rec = Record.packed("claim", file, _claim(f"c{n}", "false", "draft"), path="/data/x/" + file)
        rec.share_names(file, "/data/x/" + file, heads)
        made.append(rec)
        assert rec.path == "/data/x/" + file
        assert rec == Record("claim", file, _claim(f"c{n}", "false", "draft"), path="/data/x/" + file)
        again = pickle.loads(pickle.dumps(rec))
        assert (again.path, again.file, again.data) == (rec.path, rec.file, rec.data)
        assert repr(again) == repr(rec)
    assert list(heads) == ["/data/x/"]
    assert all(r._path is heads["/data/x/"] for r in made)
    other = Record.packed("claim", "c.yaml", _claim("c", "false", "draft"), path="/else/d.yaml")
    other.share_names("c.yaml", "/else/d.yaml", heads)
    assert other._path == "/else/d.yaml"  # not a folder followed by its display name: kept as it is
    same = Record.packed("claim", "c.yaml", _claim("c", "false", "draft"), path="c.yaml")
    same.share_names("c.yaml", "c.yaml", heads)
    assert same._path == "c.yaml"  # nothing in front of the display name: no head
    assert list(heads) == ["/data/x/"]
