"""The cache's shards judged by a forked child (src/factlint/cache_read.py) while this process decodes them:
the same outcome as judging them here, nothing re-checked twice, a forged or torn shard or entry still not
trusted, and a child that fails only costs time."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from factlint import cache, cache_read, filecheck, validate


@pytest.fixture
def child(monkeypatch: pytest.MonkeyPatch) -> None:
    """A child judges the shards whatever their size, on any machine."""
    monkeypatch.setattr(cache, "RACY_SECONDS", 0)
    monkeypatch.setattr(cache_read, "MIN_BYTES", 0)
    monkeypatch.setattr(cache_read, "cores", lambda: 2)
    monkeypatch.delenv("FACTLINT_WORKERS", raising=False)


@pytest.fixture
def rechecks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every schema re-check in this process (a child's own are counted in its copy)."""
    seen: list[str] = []
    real = filecheck.schemas.is_valid_fast

    def counting(kind: str, data: Any) -> bool | None:
        seen.append(kind)
        return real(kind, data)

    monkeypatch.setattr(filecheck.schemas, "is_valid_fast", counting)
    return seen


def _outcome(root: Path) -> tuple[list[Any], cache.Cache]:
    store = cache.Cache()
    result = validate.run([str(root)], schema_only=True, cache=store)
    out: list[Any] = [(r.file, r.kind, r.data) for r in result.records]
    out += result.sorted_findings()
    out.append(sorted((k, sorted(v)) for k, v in result.invalid_ids.items()))
    return out, store


def _entries(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("v*/*/??.json"))


def test_a_warm_run_uses_what_the_child_checked_without_checking_it_again(
    small: Path, child: None, rechecks: list[str]
) -> None:
    cold, _ = _outcome(small)
    rechecks.clear()
    warm, store = _outcome(small)
    assert warm == cold
    assert store.stats["misses"] == 0
    assert store.stats["stat_hits"] == store.stats["hits"] > 100
    assert len(store.checked) >= store.stats["hits"] - 10  # every record entry (load failures need no re-check)
    assert rechecks == []  # all were re-checked by the child


def test_without_a_child_every_entry_is_re_checked_here(small: Path, rechecks: list[str], monkeypatch) -> None:
    monkeypatch.setattr(cache, "RACY_SECONDS", 0)
    monkeypatch.setenv("FACTLINT_WORKERS", "1")  # as with one core, or too few shards
    cold, _ = _outcome(small)
    rechecks.clear()
    warm, store = _outcome(small)
    assert warm == cold
    assert store.checked == set()
    assert len(rechecks) >= len([r for r in cold if isinstance(r, tuple)])


@pytest.mark.parametrize("apart", [True, False], ids=["child", "here"])
def test_what_no_longer_judges_the_same_is_rejected(
    small: Path, child: None, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, apart: bool
) -> None:
    if not apart:
        monkeypatch.setenv("FACTLINT_WORKERS", "1")
    cold, first = _outcome(small)
    docs = {path: json.loads(path.read_text("utf-8")) for path in _entries(cache_dir)}
    good = next(e["v"] for doc in docs.values() for e in doc["entries"].values() if "v" in e)
    torn = next(path for path, doc in docs.items() if doc["entries"])
    torn.write_bytes(torn.read_bytes()[:40])
    del docs[torn]
    # A valid record made invalid, an invalid one made valid, a claim entry said to be a source's (the key hashes
    # the kind): each file is judged again.
    forged = {"v": 0, "x": 0, "k": 0}
    for path, doc in docs.items():
        for entry in doc["entries"].values():
            if "x" in entry and not forged["x"]:
                entry["x"] = good
                forged["x"] += 1
            elif "v" in entry and not forged["v"]:
                entry["v"] = {**entry["v"], "id": 12345}
                forged["v"] += 1
            elif entry.get("k") == "claim" and forged["v"] and not forged["k"]:
                entry["k"] = "source"
                forged["k"] += 1
            else:
                continue
            path.write_text(json.dumps(doc), encoding="utf-8")
    assert forged == {"v": 1, "x": 1, "k": 1}
    warm, store = _outcome(small)
    assert warm == cold
    assert store.stats["shards_ignored"] == 1
    assert store.stats["rejected"] == 3
    assert 0 < store.stats["hits"] < first.stats["misses"]
    healed, again = _outcome(small)
    assert healed == cold
    assert again.stats["hits"] == first.stats["misses"]


def test_a_child_that_fails_only_costs_time(
    small: Path, child: None, rechecks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cold, first = _outcome(small)

    def broken(part: list[tuple[str, bytes | None]]) -> Any:
        raise RuntimeError("the child fails")

    monkeypatch.setattr(cache_read, "judge", broken)
    rechecks.clear()
    warm, store = _outcome(small)
    assert warm == cold
    assert store.checked == set()
    assert store.stats["hits"] == first.stats["misses"]
    assert len(rechecks) > 100  # judged here instead


def test_no_child_is_left_behind_by_a_run_that_stops_at_its_paths(small: Path, child: None) -> None:
    from factlint.discover import UsageError

    _outcome(small)
    store = cache.Cache()
    with pytest.raises(UsageError):
        validate.run([str(small / "no-such-folder")], schema_only=True, cache=store)
    assert not store.reading  # no child forked: none to wait for
