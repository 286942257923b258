"""The load stage turns the cyclic garbage collector off in this process while it decodes the cache and
merges outcomes (nothing there has cycles, and every full collection would scan it all), but never while a
file is parsed (the loader's garbage has cycles: a serial load of many files would keep it all), never in
the workers, and it gives the collector back as it found it.
"""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest

from factlint import cache, filecheck, validate

from .conftest import ROOT

CORPUS = str(ROOT / "tests" / "fixtures" / "valid")


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[bool]]:
    """Whether the collector was on: in each file check, and in each cache load."""
    seen: dict[str, list[bool]] = {"check": [], "load": []}
    check, load = filecheck.check, cache.Cache.load

    def checking(*args, **kwargs):
        seen["check"].append(gc.isenabled())
        if not gc.isenabled() and kwargs.get("positions") is False:  # in a worker: let the parent see it
            raise AssertionError("the collector is off in a worker")
        return check(*args, **kwargs)

    def loading(self):
        seen["load"].append(gc.isenabled())
        return load(self)

    monkeypatch.setattr(filecheck, "check", checking)
    monkeypatch.setattr(cache.Cache, "load", loading)
    return seen


def test_off_while_merging_on_while_parsing_and_given_back(seen, cache_dir: Path) -> None:
    assert gc.isenabled()
    first = validate.run([CORPUS], schema_only=True, cache=cache.Cache())
    assert seen["load"] == [False]
    assert seen["check"]
    assert all(seen["check"])
    assert gc.isenabled()
    seen["check"].clear()
    second = validate.run([CORPUS], schema_only=True, cache=cache.Cache())
    assert seen["load"] == [False, False]
    assert all(seen["check"])  # (the files that do not load are parsed again)
    assert [(r.file, r.data) for r in second.records] == [(r.file, r.data) for r in first.records]
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off(seen) -> None:
    gc.disable()
    try:
        validate.run([CORPUS], schema_only=True, cache=cache.Cache())
        assert not gc.isenabled()
        assert seen["check"]
        assert not any(seen["check"])
    finally:
        gc.enable()


def test_workers_collect(seen, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTLINT_WORKERS", "2")
    result = validate.run([CORPUS], schema_only=True, cache=cache.Cache())
    assert not result.findings
    assert gc.isenabled()


def test_what_the_stage_made_is_frozen_while_a_file_is_parsed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, cache_dir: Path
) -> None:
    """A warm run with one changed file: the first collection the parse sets off would walk every decoded cache
    entry and record (they were made with the collector off, so all sit in its youngest generation); frozen
    first, they are left out of it. Nothing stays frozen after a stage that does not keep its objects."""
    monkeypatch.setattr(cache, "RACY_SECONDS", 0)
    corpus = tmp_path / "valid"
    shutil.copytree(CORPUS, corpus)
    validate.run([str(corpus)], schema_only=True, cache=cache.Cache())
    changed = corpus / "articles" / "example-article" / "norway-confirmed.yaml"
    changed.write_bytes(changed.read_bytes() + b"# edited\n")
    frozen: list[int] = []
    check = filecheck.check

    def checking(*args, **kwargs):
        frozen.append(gc.get_freeze_count())
        return check(*args, **kwargs)

    monkeypatch.setattr(filecheck, "check", checking)
    assert gc.get_freeze_count() == 0
    store = cache.Cache()
    store.load()
    entries = len(store.entries)
    validate.run([str(corpus)], schema_only=True, cache=store)
    assert len(frozen) == 1  # the changed file
    assert frozen[0] >= entries  # at least every decoded entry
    assert gc.get_freeze_count() == 0
