"""The content cache of load + schema (src/factlint/cache.py) never changes a result.

* cold and warm runs write byte-identical reports, serial and with workers (files that fail to load,
  fail their schema or pass it);
* a changed schema bundle or factlint version is a new namespace: nothing old is read;
* a torn, foreign or forged shard is ignored (or its entry re-checked), never trusted;
* ``--no-cache`` writes nothing; the default folder is git-ignored; concurrent runs are safe.
"""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest
from bench.generate import TODAY, generate

from factlint import cache, cache_format, validate

from .conftest import REPORT_FILES, run_cli


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated corpus with every kind of planted finding (load, schema and rule errors)."""
    root = tmp_path_factory.mktemp("cached") / "corpus"
    generate(root, claims=200, seed=3, rate=0.01)
    return root


def _reports(corpus: Path, out: Path, *extra: str) -> dict[str, bytes]:
    timings = out / "timings.json"
    run = run_cli(
        "validate", str(corpus), "--today", TODAY.isoformat(), "--report-dir", str(out), "--timings", str(timings),
        *extra,
    )  # fmt: skip
    assert run.code == 1, run.err
    return {name: (out / name).read_bytes() for name in REPORT_FILES}


def _stats(out: Path) -> dict[str, int]:
    return dict(json.loads((out / "timings.json").read_text("utf-8")).get("cache", {}))


def _shards(folder: Path) -> list[Path]:
    return sorted(folder.glob("v*/*/*.json"))


@pytest.mark.slow
def test_cold_and_warm_runs_write_byte_identical_reports(
    corpus: Path, tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTLINT_WORKERS", "1")
    monkeypatch.setattr(cache, "RACY_SECONDS", 0)  # the files were just written: let their stat vouch for them
    cold = _reports(corpus, tmp_path / "cold")
    stats = _stats(tmp_path / "cold")
    assert stats["hits"] == 0
    assert stats["misses"] > 200
    assert stats["shards_written"] > 100
    assert b"FC001" in cold["factlint.txt"]  # files that fail to load are cached too
    warm = _reports(corpus, tmp_path / "warm")
    assert _stats(tmp_path / "warm")["hits"] == stats["misses"]
    assert _stats(tmp_path / "warm")["misses"] == 0
    assert _stats(tmp_path / "warm")["shards_written"] == 0  # nothing new: nothing rewritten
    assert _stats(tmp_path / "warm")["stat_hits"] == stats["misses"]  # and nothing read
    assert warm == cold
    monkeypatch.setenv("FACTLINT_WORKERS", "2")  # forked workers look entries up; the parent holds the data
    parallel = _reports(corpus, tmp_path / "parallel")
    assert _stats(tmp_path / "parallel")["hits"] == stats["misses"]
    assert parallel == cold
    uncached = _reports(corpus, tmp_path / "uncached", "--no-cache")
    assert "hits" not in _stats(tmp_path / "uncached")
    assert uncached == cold


@pytest.mark.slow
def test_one_changed_file_is_the_only_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "RACY_SECONDS", 0)  # else whether rows are written depends on the clock
    root = tmp_path / "c"
    generate(root, claims=60, seed=4)
    first = validate.run([str(root)], schema_only=True, cache=cache.Cache())
    claim = next((root / "articles").rglob("*.yaml"))
    claim.write_text(claim.read_text("utf-8").replace("bench desk", "night desk"), encoding="utf-8")
    store = cache.Cache()
    second = validate.run([str(root)], schema_only=True, cache=store)
    assert store.stats["misses"] == 1
    assert store.stats["hits"] == len(first.records) - 1
    assert store.stats["stat_hits"] == len(first.records) - 1
    assert 1 <= store.stats["shards_written"] <= 2  # the new entry's shard and the changed file row's shard
    changed = next(r for r in second.records if r.file.endswith(claim.name))
    assert changed.data["review"]["reviewer"] == "night desk"


def _schema_only(root: Path) -> tuple[list[object], cache.Cache]:
    store = cache.Cache()
    result = validate.run([str(root)], schema_only=True, cache=store)
    return [(r.file, r.data) for r in result.records] + result.sorted_findings(), store


def test_a_changed_schema_or_version_is_a_new_namespace(small: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from factlint import schemas

    before, _ = _schema_only(small)
    _, warm = _schema_only(small)
    assert warm.stats["hits"] > 0
    original = schemas.load_schemas()
    changed = json.loads(json.dumps(original))
    changed["claim"]["description"] = "a reworded schema"
    monkeypatch.setattr(schemas, "load_schemas", lambda folder=None: changed)
    cache_format.namespace.cache_clear()
    try:
        _, other = _schema_only(small)
        assert other.stats["hits"] == 0
        assert other.stats["shards_read"] == 0
        monkeypatch.setattr(schemas, "load_schemas", lambda folder=None: original)
        monkeypatch.setattr("factlint.__version__", "99.0.0")
        cache_format.namespace.cache_clear()
        again, newer = _schema_only(small)
        assert newer.stats["hits"] == 0
        assert again == before
    finally:
        cache_format.namespace.cache_clear()


def test_torn_foreign_and_forged_shards_are_not_trusted(small: Path, cache_dir: Path) -> None:
    before, cold = _schema_only(small)
    shards = _shards(cache_dir)
    assert len(shards) > 50
    torn, foreign, wrong_shape, forged = shards[0], shards[1], shards[2], shards[3]
    torn.write_bytes(torn.read_bytes()[:40])
    doc = json.loads(foreign.read_text("utf-8"))
    foreign.write_text(json.dumps({**doc, "namespace": "someone-else"}), encoding="utf-8")
    doc = json.loads(wrong_shape.read_text("utf-8"))
    wrong_shape.write_text(json.dumps({**doc, "entries": {k: [1, 2] for k in doc["entries"]}}), encoding="utf-8")
    doc = json.loads(forged.read_text("utf-8"))
    # An entry that fails its schema is re-checked from its file, not used.
    doc["entries"] = {k: {**v, "v": {**v["v"], "id": 12345}} if "v" in v else v for k, v in doc["entries"].items()}
    forged.write_text(json.dumps(doc), encoding="utf-8")
    (torn.parent / "zz.json").write_text("[]", encoding="utf-8")  # a shard no key can be in
    after, warm = _schema_only(small)
    assert after == before
    assert warm.stats["shards_ignored"] == 4
    assert warm.stats["rejected"] >= 1
    assert 0 < warm.stats["hits"] < cold.stats["misses"]
    # The bad shards were replaced by good ones: the next run uses them all.
    _, healed = _schema_only(small)
    assert healed.stats["hits"] == cold.stats["misses"]


def test_no_cache_writes_nothing_and_the_default_folder_is_outside_the_checkout(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FACTLINT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    run = run_cli("validate", str(small), "--schema-only", "--no-cache")
    assert run.code == 1, run.err
    assert list(work.iterdir()) == []
    assert not (tmp_path / "xdg").exists()
    run = run_cli("validate", str(small), "--schema-only")
    assert run.code == 1, run.err
    assert list(work.iterdir()) == []  # nothing in the working folder, which a pull request could fill
    folder = tmp_path / "xdg" / "factlint"
    assert (folder / ".gitignore").read_text("utf-8").splitlines()[-1] == "*"
    assert (folder / "CACHEDIR.TAG").read_text("utf-8").startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert _shards(folder)


def test_a_cache_committed_in_the_checkout_is_never_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pull request can commit any folder: a forged cache in the checkout must not speak for its files."""
    checkout = tmp_path / "checkout"
    generate(checkout / "corpus", claims=20, seed=5, rate=0.0)
    claim = sorted((checkout / "corpus").rglob("articles/*/*.yaml"))[0]
    good = claim.read_bytes()
    planted = checkout / ".factlint_cache"
    monkeypatch.setenv("FACTLINT_CACHE_DIR", str(planted))
    monkeypatch.chdir(checkout)
    assert validate.run(["corpus"], schema_only=True, cache=cache.Cache()).exit_code == 0  # fills the planted folder
    # The forger's edit: the file loses a required key, the cache entry of its new bytes holds the old record.
    bad = good.replace(b"statement:", b"statment:", 1)
    assert bad != good
    claim.write_bytes(bad)
    k_good, k_bad = cache_format.key("claim", good), cache_format.key("claim", bad)
    for shard in _shards(planted):
        doc = json.loads(shard.read_text("utf-8"))
        if k_good in doc["entries"]:
            entry = doc["entries"][k_good]
    target = next(iter(_shards(planted))).parent / f"{k_bad[:2]}.json"
    empty = {"entries": {}, "files": {}}
    head = {"format": cache_format.FORMAT, "layout": cache_format.LAYOUT, "namespace": cache_format.namespace()}
    doc = json.loads(target.read_text("utf-8")) if target.exists() else {**head, **empty}
    doc["entries"][k_bad] = entry
    target.write_text(json.dumps(doc), encoding="utf-8")
    assert validate.run(["corpus"], schema_only=True, cache=cache.Cache()).exit_code == 0  # read where pointed to
    # By default (no FACTLINT_CACHE_DIR) factlint never looks in the checkout.
    monkeypatch.delenv("FACTLINT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    result = validate.run(["corpus"], schema_only=True, cache=cache.Cache())
    assert result.exit_code == 1
    assert any(f.rule == "FC101" and f.file.endswith(claim.name) for f in result.findings)


def test_an_unwritable_cache_folder_only_costs_time(small: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    store = cache.Cache(blocker / "cache")
    result = validate.run([str(small)], schema_only=True, cache=store)
    assert store.error is not None
    assert result.records


def _run_into(root: str, folder: str, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    store = cache.Cache(folder)
    result = validate.run([root], schema_only=True, cache=store)
    queue.put([(r.file, r.data) for r in result.records])


@pytest.mark.slow
def test_concurrent_runs_share_the_folder_safely(small: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "RACY_SECONDS", 0)  # file rows too (the files were just written)
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_run_into, args=(str(small), str(cache_dir), queue)) for _ in range(3)]
    for p in procs:
        p.start()
    outputs = [queue.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    assert outputs[0] == outputs[1] == outputs[2]
    assert not list(cache_dir.rglob("*.tmp"))
    _, warm = _schema_only(small)
    assert warm.stats["shards_ignored"] == 0
    assert warm.stats["misses"] == 0
    assert warm.stats["hits"] >= len(outputs[0])  # and the files that failed their schema
    assert warm.stats["stat_hits"] == warm.stats["hits"]


def _filled(folder: Path, root: Path) -> cache.Cache:
    """A cache holding the outcomes of ``root``'s files, not yet saved."""
    from factlint import corpus, loadstage
    from factlint.discover import walk
    from factlint.model import Result

    scope = corpus.plan([str(root)])[0]
    files = walk([str(scope.root)], scope.base).files
    kinds = corpus.kinds_in(scope.root, [p for _, p in files])
    store = cache.Cache(folder)
    paths, names = [p for _, p in files], [n for n, _ in files]
    loadstage.check_all(paths, names, kinds, Result(), None, rules=False, store=store, save=False)
    return store


def _written(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.json"))}


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "no-fork"])
def test_a_save_in_the_background_writes_what_a_save_here_writes(
    small: Path, tmp_path: Path, fork: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    monkeypatch.setattr(cache, "RACY_SECONDS", 0)  # every file gets its row, however long the test takes
    here = _filled(tmp_path / "here", small)
    here.save()
    monkeypatch.setattr(cache, "BACKGROUND_MIN", 0)
    if not fork:
        monkeypatch.delattr(os, "fork")
    there = _filled(tmp_path / "there", small)
    there.save(background=True)
    assert there.new == {}  # this process goes on at once
    there.wait()
    few = _filled(tmp_path / "few", small)
    monkeypatch.setattr(cache, "BACKGROUND_MIN", len(few.new) + len(few.rows_new) + 1)
    few.save(background=True)
    assert few._job is None  # too few to fork for: written here
    assert _written(tmp_path / "few") == _written(tmp_path / "here")
    assert _written(tmp_path / "there") == _written(tmp_path / "here")
    assert there.stats["shards_written"] == here.stats["shards_written"] > 100
    assert there.error is None


def test_a_failing_background_save_is_only_time_lost(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _filled(tmp_path / "c", small)
    monkeypatch.setattr(cache, "BACKGROUND_MIN", 0)

    def broken() -> None:
        raise RuntimeError("the child fails")

    monkeypatch.setattr(store, "_save_shards", broken)
    store.save(background=True)
    store.wait()
    assert store.error is not None
    assert store.stats["shards_written"] == 0
    assert not _written(tmp_path / "c")
    _, warm = _schema_only(small)  # another folder: the run goes on
    assert warm.error is None


def test_too_many_new_entries_are_written_here_at_once(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past BACKGROUND_MAX a child would copy on write hundreds of MiB beside this process (the cold 100k run's
    peak): the save before the rules writes them here, and lets go of their texts before the table build."""
    monkeypatch.setattr(cache, "RACY_SECONDS", 0)
    here = _filled(tmp_path / "here", small)
    here.save()
    monkeypatch.setattr(cache, "BACKGROUND_MIN", 0)
    many = _filled(tmp_path / "many", small)
    monkeypatch.setattr(cache, "BACKGROUND_MAX", len(many.new) + len(many.rows_new) - 1)
    many.save(background=True)
    assert many._job is None  # no child
    assert many.new == {}
    assert many.texts == {}
    assert _written(tmp_path / "many") == _written(tmp_path / "here")
    assert many.stats["shards_written"] == here.stats["shards_written"] > 100


@pytest.mark.parametrize("background", [False, True], ids=["here", "child"])
def test_forget_lets_go_of_the_entries_once_saved_and_keeps_the_shards(
    small: Path, tmp_path: Path, background: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the last corpus's save the run needs no entry, file row or used key again: forget() drops them
    (~60 MiB at 100k claims), and a later save of the same run leaves the shards as they were."""
    monkeypatch.setattr(cache, "RACY_SECONDS", 0)
    here = _filled(tmp_path / "here", small)
    here.save()
    if background:
        monkeypatch.setattr(cache, "BACKGROUND_MIN", 0)
    store = _filled(tmp_path / "c", small)
    store.save(background=background)
    store.forget()
    if background:
        assert store._job is not None
        assert store.entries  # the child still writes from them: dropped once it is done
        store.wait()
    assert (store.entries, store.used, store.checked) == ({}, set(), set())
    assert (store.rows, store.rows_used, store._row_keys) == ({}, set(), {})
    written = _written(tmp_path / "c")
    assert written == _written(tmp_path / "here")
    store.save()
    assert _written(tmp_path / "c") == written
    again = cache.Cache(tmp_path / "c")
    again.load()
    assert set(again.entries) == set(here.entries)
    assert len(again.rows) == len(here.rows) > 100


@pytest.mark.slow
def test_a_run_over_two_corpora_keeps_the_first_ones_entries(
    small: Path, tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the last corpus of a run forgets the cache's entries: the second corpus's save rewrites shards
    that hold the first one's entries too."""
    monkeypatch.setattr(cache, "RACY_SECONDS", 0)
    other = tmp_path / "other"
    generate(other, claims=100, seed=10, rate=0.01)  # other bytes: its entries share the shards of small's
    cold = cache.Cache()
    validate.run([str(small), str(other)], today=TODAY, cache=cold)
    assert cold.entries == {}
    warm = cache.Cache()
    validate.run([str(small), str(other)], today=TODAY, cache=warm)
    assert warm.stats["misses"] == 0
    assert warm.stats["hits"] == warm.stats["stat_hits"] == cold.stats["hits"] + cold.stats["misses"] > 400
