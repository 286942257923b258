"""The load stage turns the cyclic garbage collector off in this process while it decodes the cache and
merges outcomes (nothing there has cycles, and every full collection would scan it all), but never while a
file is parsed (the loader's garbage has cycles: a serial load of many files would keep it all), never in
the workers, and it gives the collector back as it found it.
"""

from __future__ import annotations

import gc
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
