"""The walk of a corpus: what it finds, and that it takes what a file is from the folder listing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from factlint import discover


def _tree(root: Path) -> None:
    for folder in ("articles/a1", "articles/a2", "entities"):
        (root / folder).mkdir(parents=True)
        for i in range(20):
            (root / folder / f"r{i:02}.yaml").write_text(f"id: r{i}\n", encoding="utf-8")


def test_the_walk_makes_no_stat_call_per_record_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path)
    calls: list[str] = []
    real_lstat, real_stat = os.lstat, os.stat

    def lstat(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(os.fspath(path))
        return real_lstat(path, *args, **kwargs)

    def stat(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(os.fspath(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "lstat", lstat)
    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.chdir(tmp_path)
    walked = discover.walk(["."])
    assert len(walked.files) == 60
    # What an entry is (folder, file, symlink) comes from the listing: a few calls for the top folder, none per file.
    assert not [c for c in calls if c.endswith(".yaml")]
    assert len(calls) < 10


def test_the_walk_names_the_symbolic_links_among_the_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path)
    for name in ("away", "far"):
        (tmp_path / f"{name}.yaml").write_text(f"id: {name}\n", encoding="utf-8")
    (tmp_path / "articles" / "a1" / "away.yaml").symlink_to(tmp_path / "away.yaml")
    (tmp_path / "named.yaml").symlink_to(tmp_path / "far.yaml")
    (tmp_path / "entities" / "alias.yaml").symlink_to("r00.yaml")  # named as its target: one file of the two
    monkeypatch.chdir(tmp_path)
    walked = discover.walk(["articles", "entities", "named.yaml"])
    alias = os.path.join("entities", "alias.yaml")
    assert walked.links == {os.path.join("articles", "a1", "away.yaml"), "named.yaml", alias}
    # A folder is listed in name order on every file system: the link comes first and stands for the file.
    assert ("entities/r00.yaml", alias) in walked.files
    assert len(walked.files) == 62
    assert discover.walk(["articles/a2"]).links == set()


def test_names_below_the_working_folder_inside_a_walked_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path / "articles")
    names = [n for n, _ in discover.walk([str(tmp_path)]).files]
    assert "a1/r00.yaml" in names  # below the working folder: relative to it
    assert f"{tmp_path.as_posix()}/entities/r00.yaml" in names  # elsewhere: as given
    assert names == sorted(names)
