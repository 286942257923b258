"""The fast paths give the same answers as the plain ones.

* the jsonschema-rs gate and python-jsonschema agree, valid or invalid, on
  every fixture and on generated records, mutated in many ways;
* loading in worker processes gives byte-identical reports to the serial path;
* the file names found while walking are those of ``display()``.
"""

from __future__ import annotations

import copy
import os
import random
from pathlib import Path
from typing import Any

import pytest
from bench.generate import TODAY, generate

from factlint import schemas
from factlint.discover import display, named_record_files
from factlint.loader import LoadError, load_path

from .conftest import FIXTURES, ROOT, run_cli

VALUES: list[Any] = [
    None, True, False, 0, 1, -1, 1.0, 2.5, 10**30, float("nan"), float("inf"), "", "x", "ab", "a" * 3000,
    "2026-01-19", "2026-02-30", "2026-1-19", "19.01.2026", "https://example.org/a", "ftp://example.org/a",
    "http://", "KZ", "XX", "kz", "FC201", "FC2010", "not-a-slug!", "UPPER", "quote", "status", "verified",
    "published", "supports", [], ["a"], ["ab", "ab"], ["ab", "cd"], {}, {"x": 1}, {"text": "t"},
]  # fmt: skip


def _agree(kind: str, data: Any) -> None:
    fast = schemas.is_valid_fast(kind, data)
    slow = not list(schemas.validator(kind).iter_errors(data))
    assert fast is None or fast == slow, (kind, data)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*path, i))
    return out


def _mutants(data: Any, rng: random.Random, count: int) -> list[Any]:
    out = []
    paths = _paths(data)
    for _ in range(count):
        new = copy.deepcopy(data)
        path = rng.choice(paths)
        if not path:
            continue
        parent = new
        for p in path[:-1]:
            parent = parent[p]
        action = rng.random()
        if action < 0.2 and isinstance(parent, dict):
            del parent[path[-1]]
        elif action < 0.3 and isinstance(parent, dict):
            parent[rng.choice(["extra", "veridct", "quote", "status", "event", "roles", "parent"])] = rng.choice(VALUES)
        else:
            parent[path[-1]] = copy.deepcopy(rng.choice(VALUES))
        out.append(new)
    return out


def test_fast_validator_is_installed() -> None:
    for kind in schemas.KINDS:
        assert schemas.fast_validator(kind) is not None


def test_validators_agree_on_every_fixture() -> None:
    checked = 0
    for path in sorted([*FIXTURES.rglob("*.yaml"), *(ROOT / "claims").rglob("*.yaml")]):
        try:
            data = load_path(path).data
        except LoadError:
            continue
        for kind in schemas.KINDS:  # every record against every schema: valid and invalid cases both
            _agree(kind, data)
            checked += 1
    assert checked > 200


def test_validators_agree_on_generated_and_mutated_records(tmp_path: Path) -> None:
    generate(tmp_path / "g", claims=120, seed=11, rate=0.02)
    rng = random.Random(5)
    valid = invalid = 0
    for path in sorted((tmp_path / "g").rglob("*.yaml")):
        try:
            data = load_path(path).data
        except LoadError:
            continue
        kind = schemas.record_kind(path.relative_to(tmp_path / "g"))
        for record in [data, *_mutants(data, rng, 6)]:
            _agree(kind, record)
            if schemas.is_valid_fast(kind, record):
                valid += 1
            else:
                invalid += 1
    assert valid > 100
    assert invalid > 500


def test_errors_without_the_fast_validator(monkeypatch: pytest.MonkeyPatch) -> None:
    data = load_path(FIXTURES / "invalid" / "bad-date.yaml").data
    with_gate = schemas.errors("claim", data)
    monkeypatch.setattr(schemas, "fast_validator", lambda kind, folder=None: None)
    assert schemas.is_valid_fast("claim", data) is None
    assert [e.message for e in schemas.errors("claim", data)] == [e.message for e in with_gate]


def _report(monkeypatch: pytest.MonkeyPatch, workers: int, *args: str) -> str:
    monkeypatch.setenv("FACTLINT_WORKERS", str(workers))
    run = run_cli("validate", *args, "--format", "json", "--today", TODAY.isoformat())
    assert run.code in (0, 1), run.err
    return run.out


@pytest.mark.slow
@pytest.mark.parametrize(
    "tree", ["tests/fixtures/valid", "tests/fixtures/invalid", "tests/fixtures/report-corpus", "claims"]
)
def test_parallel_output_is_identical(tree: str, in_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    serial = _report(monkeypatch, 1, tree, "--schema-only")
    assert _report(monkeypatch, 2, tree, "--schema-only") == serial
    assert _report(monkeypatch, 3, tree, "--schema-only") == serial


@pytest.mark.slow
def test_parallel_output_is_identical_with_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generate(tmp_path / "g", claims=300, seed=2, rate=0.01)
    monkeypatch.chdir(tmp_path)
    serial = _report(monkeypatch, 1, "g")
    assert '"rule": "FC211"' in serial
    assert _report(monkeypatch, 2, "g") == serial


def test_walked_names_are_display_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a" / "sub").mkdir(parents=True)
    (tmp_path / "a" / "x.yaml").write_text("id: x\n", encoding="utf-8")
    (tmp_path / "a" / "sub" / "y.yml").write_text("id: y\n", encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "z.yaml").write_text("id: z\n", encoding="utf-8")
    os.symlink(tmp_path / "outside" / "z.yaml", tmp_path / "a" / "link.yaml")
    os.symlink(tmp_path / "outside", tmp_path / "a" / "linked-folder")
    monkeypatch.chdir(tmp_path / "a")
    for paths in (["."], [str(tmp_path / "a")], ["sub"], ["../a/sub", "x.yaml"], [str(tmp_path)]):
        named = named_record_files(paths)
        assert named, paths
        assert [n for n, _ in named] == sorted(n for n, _ in named)
        for name, path in named:
            assert name == display(path)
