"""A path on the command line that does not exist: exit 2, and the message says the path that does.

A first-time contributor types the path of the file they just wrote: a typo in a folder or file name
(``claims/artciles/...``) gets the path it was most likely meant to be, found one component at a time
among the names that exist, or else the deepest folder of it that exists.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import run_cli

ARTICLE = "claims/articles/astana-times-111122"


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    article = tmp_path / "claims" / "articles" / "astana-times-111122"
    article.mkdir(parents=True)
    (tmp_path / "claims" / "factlint.toml").write_text("", encoding="utf-8")
    (article / "egypt-confirmed.yaml").write_text("id: egypt-confirmed\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("claims/artciles/astana-times-111122/egypt-confirmed.yaml", f"{ARTICLE}/egypt-confirmed.yaml"),
        (f"{ARTICLE}/egypt-confirmd.yaml", f"{ARTICLE}/egypt-confirmed.yaml"),
        ("claims/articles/astana-times-11122/", "claims/articles/astana-times-111122"),
        ("claim", "claims"),
    ],
)  # fmt: skip
def test_a_typo_in_a_path_gets_the_path_that_exists(tree: Path, typed: str, meant: str) -> None:
    run = run_cli("validate", "--schema-only", typed)
    assert run.code == 2
    assert f"factlint: error: no such file or folder: {typed}; did you mean {meant}?" in run.err


def test_a_path_nothing_is_close_to_names_the_deepest_folder_that_exists(tree: Path) -> None:
    typed = "claims/articles/zzzz/qqq.yaml"
    run = run_cli("validate", "--schema-only", typed)
    assert run.code == 2
    assert f"no such file or folder: {typed}; claims/articles exists, but has no zzzz in it" in run.err
