"""The benchmark's kept corpora (bench/run.py): generated once, linked into each run, never changed by it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from bench import run
from bench.generate import generate


def _files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _refuse(*args: object, **kwargs: object) -> None:
    raise AssertionError("generated again although the corpus is kept")


def test_a_kept_corpus_is_the_generated_one_and_is_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kept = tmp_path / "kept"
    fresh = generate(tmp_path / "fresh", claims=100, seed=9, rate=0.01)
    manifest = run.corpus(tmp_path / "a", 100, 9, 0.01, kept)
    assert manifest == fresh.as_dict()
    assert _files(tmp_path / "a") == _files(tmp_path / "fresh")
    monkeypatch.setattr(run, "generate", _refuse)
    assert run.corpus(tmp_path / "b", 100, 9, 0.01, kept) == manifest
    assert _files(tmp_path / "b") == _files(tmp_path / "fresh")


def test_the_bench_edits_never_reach_the_kept_corpus(tmp_path: Path) -> None:
    kept = tmp_path / "kept"
    run.corpus(tmp_path / "a", 100, 9, 0.01, kept)
    before = _files(tmp_path / "a")
    run._edit(tmp_path / "a", 0)
    run._edit(tmp_path / "a", 1)
    after = _files(tmp_path / "a")
    changed = sorted(k for k in before if before[k] != after[k])
    assert len(changed) == 2
    assert set(after) == set(before)
    (entry,) = [p for p in kept.iterdir() if not p.name.startswith(".")]
    assert _files(entry / "corpus") == before


def test_another_size_seed_rate_or_generator_is_another_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keys = {run.corpus_key(100, 9, 0.01), run.corpus_key(101, 9, 0.01), run.corpus_key(100, 10, 0.01)}
    keys.add(run.corpus_key(100, 9, 0.02))
    changed = tmp_path / "generate.py"
    changed.write_bytes(run.GENERATOR.read_bytes() + b"\n# changed\n")
    monkeypatch.setattr(run, "GENERATOR", changed)
    keys.add(run.corpus_key(100, 9, 0.01))
    assert len(keys) == 5


def test_a_kept_corpus_that_lost_a_file_is_generated_again(tmp_path: Path) -> None:
    kept = tmp_path / "kept"
    run.corpus(tmp_path / "a", 100, 9, 0.01, kept)
    (entry,) = list(kept.iterdir())
    victim = next((entry / "corpus" / "entities").iterdir())
    victim.unlink()
    run.corpus(tmp_path / "b", 100, 9, 0.01, kept)
    assert _files(tmp_path / "b") == _files(tmp_path / "a")
