"""``factlint new article|source``: the optional fields a contributor otherwise adds by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from factlint import loader

from .conftest import corpus_copy


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the real corpus under tmp/claims, the working folder tmp/."""
    return corpus_copy(tmp_path, monkeypatch, "Kazakhstan joined the board.\n")


def test_new_article_takes_author_copy_url_and_notes(cli, repo: Path) -> None:
    run = cli("new", "article", "art.txt", "--url", "https://qazinform.com/news/x-a02999", "--outlet", "qazinform",
              "--language", "en", "--date", "2026-01-23", "--retrieved", "2026-11-29", "--title", "T",
              "--author", "Zhanna Nurmaganbetova", "--copy-url", "https://example.org/copy/a02999",
              "--notes", "Stored copy; the archive's date prefix left out.")  # fmt: skip
    assert (run.code, run.err) == (0, "")
    data = loader.load_path(repo / "claims/sources/qazinform-a02999.yaml").data
    assert (data["author"], data["copy_url"], data["notes"]) == (
        "Zhanna Nurmaganbetova", "https://example.org/copy/a02999", "Stored copy; the archive's date prefix left out.",
    )  # fmt: skip


def test_new_article_without_them_writes_no_such_keys(cli, repo: Path) -> None:
    run = cli("new", "article", "art.txt", "--url", "https://qazinform.com/news/x-a02999", "--outlet", "qazinform",
              "--language", "en", "--date", "2026-01-23", "--retrieved", "2026-11-29", "--title", "T")  # fmt: skip
    assert run.code == 0
    data = loader.load_path(repo / "claims/sources/qazinform-a02999.yaml").data
    assert not {"author", "copy_url", "notes"} & set(data)


def test_new_source_takes_author_and_notes(cli, repo: Path) -> None:
    run = cli("new", "source", "--url", "https://tass.com/world/2073999", "--outlet", "tass", "--language", "en",
              "--title", "T", "--retrieved", "2026-11-29", "--author", "A. Writer",
              "--notes", "Read in full.")  # fmt: skip
    assert (run.code, run.err) == (0, "")
    data = loader.load_path(repo / "claims/sources/tass-2073999.yaml").data
    assert (data["author"], data["notes"]) == ("A. Writer", "Read in full.")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--type", "composition"), "--type composition needs --number N: the number of seats the article states "
                                    "(1 or more; a skeleton never chooses a number for you)"),
        (("--type", "overlap", "--number", "-1"), "--type overlap needs --number N: the number of shared members "
                                                  "the article states (0 or more; a skeleton never chooses a number "
                                                  "for you)"),
        (("--type", "status", "--number", "3"), "--number is for composition and overlap claims, not status"),
    ],
)  # fmt: skip
def test_a_number_is_the_contributors_never_a_default(cli, repo: Path, argv: tuple[str, ...], message: str) -> None:
    run = cli("new", "claim", "--article", "astana-times-111122", "--id", "cc", *argv)
    assert (run.code, run.err) == (2, f"factlint: error: {message}\n")
    assert not (repo / "claims/articles/astana-times-111122/cc.yaml").exists()


def test_a_composition_gets_the_number_given(cli, repo: Path) -> None:
    run = cli(
        "new", "claim", "--article", "astana-times-111122", "--id", "cc", "--type", "composition", "--number", "7"
    )
    assert run.code == 0, run.err
    data = loader.load_path(repo / "claims/articles/astana-times-111122/cc.yaml").data
    assert data["composition"]["seats"] == 7
