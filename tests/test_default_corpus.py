"""`factlint validate` with no path: ./claims, else the corpus the working folder is in, else exit 2 and what to do."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import ROOT


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "claims" / "entities", tmp_path / "repo" / "claims" / "entities")
    (tmp_path / "repo" / "claims" / "sources").mkdir()
    (tmp_path / "repo" / "claims" / "factlint.toml").write_text("")
    return tmp_path / "repo"


def test_from_inside_the_corpus_it_checks_that_corpus(cli, corpus_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(corpus_copy / "claims" / "entities")
    run = cli("validate", "--schema-only")
    monkeypatch.chdir(corpus_copy)
    assert (run.code, run.out, run.err) == (0, cli("validate", "--schema-only", "claims").out, "")


def test_nowhere_near_a_corpus_it_says_what_was_looked_for_and_what_to_do(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run = cli("validate", "--schema-only")
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        f"factlint: error: nothing named to check, and no claims/ here: no corpus found from {tmp_path.as_posix()}: "
        "looked for a folder holding factlint.toml, or holding both sources/ and entities/, in this folder and every "
        "folder above it; name the files or folders to check, or run from the folder holding claims/ or from "
        "inside the corpus\n"
    )
