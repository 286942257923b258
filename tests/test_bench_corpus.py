"""The benchmark's synthetic corpus: clean when asked, and planted violations found exactly.

The generator (bench/generate.py) documents how many findings of each rule it
planted; the full ``validate`` (schemas and rules) must report exactly those.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pytest
from bench.generate import TODAY, generate
from bench.plants import RULES, SCHEMA_ERRORS

from factlint import validate

pytestmark = pytest.mark.slow


def _digest(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def test_clean_corpus_has_no_finding(tmp_path: Path) -> None:
    manifest = generate(tmp_path / "c", claims=200, seed=7, rate=0)
    result = validate.run([str(tmp_path / "c")], today=TODAY)
    assert result.sorted_findings() == []
    assert result.waived == []
    kinds = result.records_by_kind()
    assert kinds["claim"] == manifest.claims == 200
    types = Counter(r.data["type"] for r in result.records if r.kind == "claim")
    assert set(types) == {"quote", "status", "composition", "overlap", "event", "statement"}


def test_planted_violations_are_found_exactly(tmp_path: Path) -> None:
    manifest = generate(tmp_path / "p", claims=200, seed=3, rate=0.01)
    assert manifest.plants == 2
    assert set(manifest.expected) == {*RULES, *SCHEMA_ERRORS}
    result = validate.run([str(tmp_path / "p")], today=TODAY)
    found = Counter(f.rule for f in result.sorted_findings())
    assert dict(found) == manifest.expected


def test_generator_is_deterministic(tmp_path: Path) -> None:
    generate(tmp_path / "a", claims=120, seed=5, rate=0.01)
    generate(tmp_path / "b", claims=120, seed=5, rate=0.01)
    generate(tmp_path / "c", claims=120, seed=6, rate=0.01)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b") != _digest(tmp_path / "c")


def test_generator_refuses_a_folder_in_use(tmp_path: Path) -> None:
    (tmp_path / "keep.yaml").write_text("id: x\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        generate(tmp_path, claims=10)


def test_every_planted_claim_reference_reaches_the_files(tmp_path: Path) -> None:
    # Seed 20 at 1000 claims once lost a plant: a later FC262 plant took the claim of the sentence
    # holding the ghost reference and dropped that sentence's claim list, ghost included (9 written, 10 expected).
    manifest = generate(tmp_path / "g", claims=1000, seed=20, rate=0.01)
    written = sorted(
        p.stem for p in (tmp_path / "g" / "coverage").glob("*.yaml") if "ghost-claim-" in p.read_text("utf-8")
    )
    assert len(written) == manifest.expected["FC305"] == 10
