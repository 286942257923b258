"""What a warm run takes from the content cache besides valid records, and why it can trust it.

* stat first: a file whose size, mtime, ctime, inode and device still match its row is not read
  (git's index); a file changed too close to the run's start gets no row ("racily clean"); a change
  that keeps size and mtime still moves the ctime, an atomic replacement the inode;
* schema-invalid files: their data and findings are cached (the file name is the run's), and used
  only while the data still fails its schema;
* files that fail to load (FC0xx from their bytes): their finding is cached, a shard holding one of a code
  the loader never gives is ignored; what does not come from the bytes (FC013: a FIFO) is never cached;
* positions of files with rule findings: cached, checked against the record, never changing a report.
"""

from __future__ import annotations

import json
import os
from array import array
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from bench.generate import TODAY

from factlint import cache, cache_format, loader, validate

from .conftest import REPORT_FILES, run_cli


@pytest.fixture
def not_racy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by the test a moment ago count as settled (the real margin is RACY_SECONDS)."""
    monkeypatch.setattr(cache, "RACY_SECONDS", 0)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every record file the load stage reads (in this process: one worker)."""
    monkeypatch.setenv("FACTLINT_WORKERS", "1")
    seen: list[str] = []
    real = loader.read_path

    def counting(path: str | Path, max_bytes: int = loader.MAX_BYTES) -> bytes:
        seen.append(str(path))
        return real(path, max_bytes)

    monkeypatch.setattr(loader, "read_path", counting)
    return seen


def _outcome(root: Path | str) -> tuple[list[Any], cache.Cache]:
    store = cache.Cache()
    result = validate.run([str(root)], schema_only=True, cache=store)
    out: list[Any] = [(r.file, r.data) for r in result.records]
    out += result.sorted_findings()
    out.append(sorted((k, sorted(v)) for k, v in result.invalid_ids.items()))
    return out, store


def _load_failures(out: list[Any]) -> int:
    return len({f.file for f in out if getattr(f, "rule", "").startswith("FC0")})


def test_stat_first_an_unchanged_file_is_not_read(small: Path, not_racy: None, reads: list[str]) -> None:
    before, _ = _outcome(small)
    files = len(reads)
    reads.clear()
    after, warm = _outcome(small)
    assert after == before
    assert _load_failures(before) > 0  # the planted FC001 files: cached too
    assert reads == []
    assert warm.stats["stat_hits"] == files
    assert warm.stats["hits"] == files
    assert warm.stats["misses"] == 0
    assert warm.stats["shards_written"] == 0


def test_a_file_changed_just_before_the_run_gets_no_row(
    small: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every file was written within the margin before the run (an hour here, so the test does not depend on how
    fast the machine is): no stat may vouch for any of them."""
    monkeypatch.setattr(cache, "RACY_SECONDS", 3600)
    before, _ = _outcome(small)
    reads.clear()
    after, warm = _outcome(small)
    assert after == before
    assert warm.stats["stat_hits"] == 0
    assert len(reads) > 100


def _stat(mtime_s: float, ctime_s: float) -> Any:
    return SimpleNamespace(
        st_size=10, st_mtime_ns=int(mtime_s * 1e9), st_ctime_ns=int(ctime_s * 1e9), st_ino=1, st_dev=1
    )


def test_racily_clean_rows_are_not_written(tmp_path: Path) -> None:
    store = cache.Cache(tmp_path / "c")
    start = store.started_ns / 1e9
    k = "ab" * 20
    for name, st in {
        "same-second": _stat(start - 0.5, start - 0.5),
        "ctime-recent": _stat(start - 100, start - 1),  # mtime set back (touch -d, cp -p): the ctime tells
        "future": _stat(start + 5, start + 5),
    }.items():
        store.put_row(f"/x/{name}.yaml", "claim", cast(os.stat_result, st), k)
    assert store.rows_new == {}
    store.put_row("/x/settled.yaml", "claim", cast(os.stat_result, _stat(start - 3, start - 3)), k)
    assert list(store.rows_new) == ["/x/settled.yaml"]


def _claim(root: Path) -> Path:
    return sorted((root / "articles").rglob("*.yaml"))[3]


def test_same_size_and_mtime_but_new_bytes_is_read_again(small: Path, not_racy: None, reads: list[str]) -> None:
    _outcome(small)
    claim = _claim(small)
    st = claim.stat()
    text = claim.read_text("utf-8")
    assert "bench desk" in text
    claim.write_text(text.replace("bench desk", "night desk"), encoding="utf-8")  # same length
    os.utime(claim, ns=(st.st_atime_ns, st.st_mtime_ns))  # mtime put back: only the ctime moved
    assert (claim.stat().st_size, claim.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    reads.clear()
    after, warm = _outcome(small)
    assert str(claim) in reads
    assert warm.stats["misses"] == 1
    changed = next(
        data for file, data in after[: len(after) - 1] if isinstance(file, str) and file.endswith(claim.name)
    )
    assert changed["review"]["reviewer"] == "night desk"


def test_a_file_replaced_by_another_is_read_again(small: Path, not_racy: None, reads: list[str]) -> None:
    _outcome(small)
    claim = _claim(small)
    st = claim.stat()
    new = claim.with_suffix(".new")
    new.write_text(claim.read_text("utf-8").replace("bench desk", "night desk"), encoding="utf-8")
    os.utime(new, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(new, claim)  # an editor's atomic save: another inode
    reads.clear()
    _, warm = _outcome(small)
    assert str(claim) in reads
    assert warm.stats["misses"] == 1


def test_rows_that_do_not_fit_are_ignored(small: Path, not_racy: None, cache_dir: Path, reads: list[str]) -> None:
    before, _ = _outcome(small)
    shards = [s for s in sorted(cache_dir.glob("v*/*/*.json")) if json.loads(s.read_text("utf-8"))["files"]]
    moved, short = shards[0], shards[1]
    doc = json.loads(moved.read_text("utf-8"))
    (pk, row), *_ = doc["files"].items()
    doc["files"][pk] = ["/elsewhere.yaml", *row[1:]]  # a row filed under another path's hash
    moved.write_text(json.dumps(doc), encoding="utf-8")
    doc = json.loads(short.read_text("utf-8"))
    doc["files"] = {pk: row[:5] for pk, row in doc["files"].items()}
    short.write_text(json.dumps(doc), encoding="utf-8")
    reads.clear()
    after, warm = _outcome(small)
    assert after == before
    assert warm.stats["shards_ignored"] == 2
    assert warm.stats["stat_hits"] < len(before)


def test_schema_invalid_files_are_cached_with_their_findings(
    small: Path, not_racy: None, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(small.parent)
    before, cold = _outcome("small")
    assert any(getattr(f, "rule", "") == "FC101" for f in before)
    assert before[-1]  # invalid ids: referenced records that failed their schema
    after, warm = _outcome("small")
    assert after == before
    assert warm.stats["misses"] == 0
    assert warm.stats["hits"] == cold.stats["misses"]
    # The findings carry the file name of this run, not of the run that cached them.
    monkeypatch.chdir(small)
    here, _ = _outcome(".")
    uncached = validate.run(["."], schema_only=True)
    assert [f for f in here if hasattr(f, "rule")] == uncached.sorted_findings()


def test_a_cached_invalid_outcome_is_used_only_while_its_data_is_invalid(
    small: Path, not_racy: None, cache_dir: Path
) -> None:
    before, _ = _outcome(small)
    # Forged: each invalid entry's data replaced by a valid record's (the findings would then lie).
    good = None
    for shard in sorted(cache_dir.glob("v*/*/*.json")):
        doc = json.loads(shard.read_text("utf-8"))
        good = good or next((e["v"] for e in doc["entries"].values() if "v" in e), None)
    forged = 0
    for shard in sorted(cache_dir.glob("v*/*/*.json")):
        doc = json.loads(shard.read_text("utf-8"))
        for entry in doc["entries"].values():
            if "x" in entry:
                entry["x"] = good
                forged += 1
        shard.write_text(json.dumps(doc), encoding="utf-8")
    assert forged > 0
    after, warm = _outcome(small)
    assert after == before
    assert warm.stats["rejected"] >= 1


def test_an_entry_with_findings_of_an_unknown_code_is_not_read(small: Path, not_racy: None, cache_dir: Path) -> None:
    before, _ = _outcome(small)
    for shard in sorted(cache_dir.glob("v*/*/*.json")):
        doc = json.loads(shard.read_text("utf-8"))
        if any("x" in e for e in doc["entries"].values()):
            for e in doc["entries"].values():
                if "x" in e:
                    e["f"][0][0] = "FC999"
            shard.write_text(json.dumps(doc), encoding="utf-8")
            break
    after, warm = _outcome(small)
    assert after == before
    assert warm.stats["shards_ignored"] == 1


LOAD_ERRORS = {
    "empty.yaml": b"",  # FC002
    "duplicate.yaml": b"id: a\nid: b\n",  # FC003
    "alias.yaml": b"a: &x 1\nb: *x\n",  # FC004
    "tagged.yaml": b"a: !!str 1\n",  # FC005
    "two.yaml": b"a: 1\n---\nb: 2\n",  # FC006
    "latin1.yaml": "name: caf\u00e9\n".encode("latin-1"),  # FC007
    "deep.yaml": b"a: " + b"[" * 200 + b"]" * 200 + b"\n",  # FC009
    "listkey.yaml": b"? [a, b]\n: 1\n",  # FC010
    "long.yaml": b"a: " + b"9" * 500 + b"\n",  # FC015
}


def _plant_load_errors(root: Path) -> list[str]:
    folder = next((root / "articles").iterdir())
    for name, raw in LOAD_ERRORS.items():
        (folder / name).write_bytes(raw)
    return sorted(str(folder / name) for name in LOAD_ERRORS)


@pytest.mark.parametrize("stat_rows", [True, False], ids=["stat-first", "read-and-hashed"])
def test_files_that_fail_to_load_are_cached_with_their_findings(
    small: Path, reads: list[str], stat_rows: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "RACY_SECONDS", 0 if stat_rows else 3600)
    planted = _plant_load_errors(small)
    monkeypatch.chdir(small.parent)
    before, cold = _outcome("small")
    codes = {f.rule for f in before if getattr(f, "rule", "").startswith("FC0")}
    assert {"FC001", "FC002", "FC003", "FC004", "FC005", "FC006", "FC007", "FC009", "FC010", "FC015"} <= codes
    reads.clear()
    parsed: list[bytes] = []
    real = loader.load_bytes
    monkeypatch.setattr(loader, "load_bytes", lambda raw, **kw: parsed.append(raw) or real(raw, **kw))
    after, warm = _outcome("small")
    assert after == before
    assert warm.stats["misses"] == 0
    assert warm.stats["hits"] == cold.stats["misses"]
    assert parsed == []
    if stat_rows:
        assert reads == []
    else:
        assert set(planted) <= {str(Path(r).resolve()) for r in reads}  # read and hashed, not parsed again
    # The findings carry the file name of this run, not of the run that cached them.
    monkeypatch.chdir(small)
    here, _ = _outcome(".")
    uncached = validate.run(["."], schema_only=True)
    assert [f for f in here if hasattr(f, "rule")] == uncached.sorted_findings()


@pytest.mark.parametrize(
    "forge",
    [
        lambda e: ["FC101", *e[1:]],  # a schema code: never what a file's bytes fail to load with
        lambda e: ["FC013", *e[1:]],  # not a regular file: not a property of the bytes
        lambda e: [*e[:1], 0, *e[2:]],  # line 0
        lambda e: e[:3],  # no message
        lambda e: [*e, None],  # one field too many
    ],
    ids=["schema-code", "not-from-bytes", "line-0", "short", "long"],
)
def test_a_load_error_entry_that_does_not_fit_is_ignored(
    small: Path, not_racy: None, cache_dir: Path, forge: Any
) -> None:
    _plant_load_errors(small)
    before, _ = _outcome(small)
    forged = 0
    for shard in sorted(cache_dir.glob("v*/*/*.json")):
        doc = json.loads(shard.read_text("utf-8"))
        if any("e" in e for e in doc["entries"].values()):
            for e in doc["entries"].values():
                if "e" in e:
                    e["e"] = forge(e["e"])
                    forged += 1
            shard.write_text(json.dumps(doc), encoding="utf-8")
    assert forged >= len(LOAD_ERRORS)
    after, warm = _outcome(small)
    assert after == before
    assert warm.stats["shards_ignored"] > 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_what_does_not_come_from_the_bytes_is_not_cached(small: Path, not_racy: None) -> None:
    fifo = next((small / "articles").iterdir()) / "pipe.yaml"
    os.mkfifo(fifo)
    before, _ = _outcome(small)
    assert any(getattr(f, "rule", "") == "FC013" and f.file.endswith("pipe.yaml") for f in before)
    fifo.unlink()
    fifo.write_bytes(b"id: [\n")  # now a regular file, unparseable
    after, _ = _outcome(small)
    found = [f.rule for f in after if getattr(f, "file", "").endswith("pipe.yaml")]
    assert found == ["FC001"]


def _reports(corpus: Path, out: Path) -> dict[str, bytes]:
    timings = out / "timings.json"
    run = run_cli(
        "validate", str(corpus), "--today", TODAY.isoformat(), "--report-dir", str(out), "--timings", str(timings),
    )  # fmt: skip
    assert run.code == 1, run.err
    return {name: (out / name).read_bytes() for name in REPORT_FILES}


def _stats(out: Path) -> dict[str, int]:
    return dict(json.loads((out / "timings.json").read_text("utf-8")).get("cache", {}))


@pytest.mark.slow
def test_positions_of_files_with_findings_come_from_the_cache(
    small: Path, tmp_path: Path, cache_dir: Path, not_racy: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTLINT_WORKERS", "2")  # records come without positions: findings read them again
    cold = _reports(small, tmp_path / "cold")
    assert _stats(tmp_path / "cold")["positions_read"] == 0
    written = sorted(cache_dir.glob("v*/*/positions/*.json"))
    assert written
    warm = _reports(small, tmp_path / "warm")
    stats = _stats(tmp_path / "warm")
    assert stats["positions_read"] > 0
    assert stats["positions_rejected"] == 0
    assert stats["stat_hits"] > 0
    assert warm == cold
    # Positions that do not fit their record (one mark more than its keys and items) are not used: the file is
    # read again.
    for shard in written:
        doc = json.loads(shard.read_text("utf-8"))
        for k, text in doc["positions"].items():
            doc["positions"][k] = text + "00" * array(text[0]).itemsize
        shard.write_text(json.dumps(doc), encoding="utf-8")
    forged = _reports(small, tmp_path / "forged")
    assert _stats(tmp_path / "forged")["positions_rejected"] > 0
    assert forged == cold
    # A changed file's positions are not taken from the entry of its old bytes.
    claim = next(f for f in sorted((small / "articles").rglob("*.yaml")) if b"statment" not in f.read_bytes())
    claim.write_text("# a new first line\n" + claim.read_text("utf-8"), encoding="utf-8")
    shifted = _reports(small, tmp_path / "shifted")
    monkeypatch.setenv("FACTLINT_CACHE_DIR", str(tmp_path / "fresh-cache"))
    assert shifted == _reports(small, tmp_path / "fresh")


def test_positions_of_other_bytes_are_not_kept(tmp_path: Path) -> None:
    store = cache.Cache(tmp_path / "c")
    shards = store.position_store
    doc = loader.loads("id: a\nx: [1, 2]\n")
    raw = b"id: a\nx: [1, 2]\n"
    k = cache_format.key("claim", raw)
    shards.put_positions(k, "claim", raw + b"# changed since\n", doc.positions)
    shards.put_positions(k, "entity", raw, doc.positions)
    store.save()
    assert shards.positions(k, doc.data) is None
    shards.put_positions(k, "claim", raw, doc.positions)
    store.save()
    again = cache.Cache(tmp_path / "c")
    found = again.position_store.positions(k, doc.data)
    assert found is not None
    assert (found.key, found.value) == (doc.positions.key, doc.positions.value)
    assert again.position_store.positions(k, {"id": "a", "x": [1, 2, 3]}) is None  # not the paths of this record


@pytest.mark.parametrize(
    "text",
    [
        "id: a\n",
        "id: a\nx: [1, 2]\nnested:\n  - {k: v, l: [w]}\n  - plain\n",
        "long: |\n  one\n  two\nafter:\n" + "".join(f"  - item {i}\n" for i in range(300)),
        "wide: [" + "x" * 70000 + ", y]\nnext: 1\n",  # an item past column 65535: a wider typecode
    ],
    ids=["one-key", "nested", "many-items", "wide"],
)
def test_positions_kept_as_marks_are_the_loaders(text: str) -> None:
    from factlint.cache_positions import decode_positions, encode_positions

    doc = loader.loads(text)
    kept = encode_positions(doc.positions)
    assert kept is not None
    assert kept[0] == ("I" if "wide" in doc.data else "B" if len(text.splitlines()) < 256 else "H")
    found = decode_positions(kept, doc.data)
    assert found is not None
    assert (found.key, found.value) == (doc.positions.key, doc.positions.value)
    assert decode_positions(kept, {**doc.data, "extra": 1}) is None  # more keys than marks
    for broken in (kept[:-1], "Z" + kept[1:], kept[0] + "zz" + kept[3:], kept[0], ""):
        assert decode_positions(broken, doc.data) is None
