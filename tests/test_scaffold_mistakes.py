"""A contributor's mistakes with ``factlint new``: each refused with a message that names the fix, exact text."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import corpus_copy, snapshot

TEXT = "TASHKENT — Uzbekistan signed the charter, the ministry said.\nPhoto credit: the ministry\n"
NEW = ("new", "article", "art.txt", "--url", "https://example.com/news/4242", "--outlet", "the-astana-times",
       "--language", "en", "--date", "2026-01-22", "--retrieved", "2026-11-29")  # fmt: skip
SID = "the-astana-times-4242"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the real corpus under tmp/claims, the working folder tmp/."""
    return corpus_copy(tmp_path, monkeypatch, TEXT)


def test_the_same_article_again_says_it_is_archived_and_how_to_go_on(cli, repo: Path) -> None:
    assert cli(*NEW).code == 0
    before = snapshot(repo / "claims")
    run = cli(*NEW)
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        f"factlint: error: {repo}/claims/sources/{SID}.txt already exists and holds exactly this text: the article "
        f"is already archived; write its claims with factlint new claim --article {SID}\n"
    )
    assert snapshot(repo / "claims") == before


def test_another_text_under_a_taken_id_says_use_it_or_choose_another_id(cli, repo: Path) -> None:
    assert cli(*NEW).code == 0
    (repo / "art.txt").write_text("Another text.\n", encoding="utf-8")
    before = snapshot(repo / "claims")
    run = cli(*NEW)
    assert run.code == 2
    assert run.err == (
        f"factlint: error: {repo}/claims/sources/{SID}.txt already exists; factlint new never overwrites a file: "
        "if it is the record you meant, use it as it is, otherwise choose another id\n"
    )
    assert snapshot(repo / "claims") == before


def test_an_entity_that_exists_says_use_it_or_choose_another_id(cli, repo: Path) -> None:
    run = cli("new", "entity", "kazakhstan", "--kind", "country", "--name", "Kazakhstan")
    assert run.code == 2
    assert run.err == (
        f"factlint: error: {repo}/claims/entities/kazakhstan.yaml already exists; factlint new never overwrites a "
        "file: if it is the record you meant, use it as it is, otherwise choose another id\n"
    )


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"PK\x03\x04\x00\x00binary", "art.txt contains NUL bytes: it is a binary or UTF-16 file, not UTF-8 text; "
                                      "give the article's text as a UTF-8 text file"),
        (b"text\x07bell\n", "art.txt contains the control character U+0007; give the article's text as plain "
                            "UTF-8 text, without control characters"),
    ],
)  # fmt: skip
def test_a_text_that_is_not_text_says_what_to_give(cli, repo: Path, raw: bytes, message: str) -> None:
    (repo / "art.txt").write_bytes(raw)
    before = snapshot(repo / "claims")
    run = cli(*NEW)
    assert (run.code, run.out, run.err) == (2, "", f"factlint: error: {message}\n")
    assert snapshot(repo / "claims") == before


def test_a_50_mb_text_says_to_give_only_the_article(cli, repo: Path) -> None:
    with open(repo / "art.txt", "r+b") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: costs no disk
    before = snapshot(repo / "claims")
    run = cli(*NEW)
    assert run.code == 2
    assert run.err == (
        "factlint: error: art.txt is 52,428,800 bytes, over the limit of 524,288 bytes for one article; give only "
        "the article's own text (not a saved web page, a page dump or a binary file)\n"
    )
    assert snapshot(repo / "claims") == before


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("Uzbekistan", "--code 'Uzbekistan' is not an ISO 3166-1 alpha-2 code; did you mean --code UZ (Uzbekistan)?"),
        ("UZB", "--code 'UZB' is not an ISO 3166-1 alpha-2 code; did you mean --code UZ (Uzbekistan)?"),
        ("uzb", "--code 'uzb' is not an ISO 3166-1 alpha-2 code; did you mean --code UZ (Uzbekistan)?"),
        ("Atlantis", "--code 'Atlantis' is not an ISO 3166-1 alpha-2 code; give the country's two-letter ISO 3166-1 "
                     "alpha-2 code (e.g. UZ), or leave --code out to look it up from --name"),
    ],
)  # fmt: skip
def test_a_country_name_or_alpha_3_code_as_code_says_which_code(cli, repo: Path, code: str, message: str) -> None:
    before = snapshot(repo / "claims")
    run = cli("new", "entity", "uzbekistan", "--kind", "country", "--name", "Uzbekistan", "--code", code)
    assert (run.code, run.out, run.err) == (2, "", f"factlint: error: {message}\n")
    assert snapshot(repo / "claims") == before


def test_a_lower_case_alpha_2_code_is_taken_in_capitals(cli, repo: Path) -> None:
    run = cli("new", "entity", "uzbekistan", "--kind", "country", "--name", "Uzbekistan", "--code", "uz")
    assert run.code == 0, run.err
    assert "iso3166_alpha2: UZ\n" in (repo / "claims" / "entities" / "uzbekistan.yaml").read_text(encoding="utf-8")


def test_new_coverage_writes_the_map_new_article_would_have_written(cli, repo: Path) -> None:
    # FC264's fix for an archived article with claims and no map: factlint new coverage SOURCE-ID
    assert cli(*NEW).code == 0
    written = repo / "claims" / "coverage" / f"{SID}.yaml"
    expected = written.read_text(encoding="utf-8").replace("(written by factlint new article)",
                                                           "(written by factlint new coverage)")  # fmt: skip
    written.unlink()
    run = cli("new", "coverage", SID)
    assert (run.code, run.err) == (0, "")
    assert run.out == (
        f"factlint: wrote claims/coverage/{SID}.yaml: the coverage map (2 sentences, each with an empty "
        "claims list)\n"
        f"next: for each sentence that makes a claim: factlint new claim --article {SID} --type TYPE --sentence N\n"
        f"next: map every other sentence with not_a_claim in claims/coverage/{SID}.yaml (a run of them at once: "
        f"factlint fix coverage {SID} --not-a-claim N-M --why 'WHY')\n"
    )
    assert written.read_text(encoding="utf-8") == expected
    again = cli("new", "coverage", SID)
    assert again.code == 2
    assert again.err == (
        f"factlint: error: {repo}/claims/coverage/{SID}.yaml already exists; factlint new never overwrites a file: "
        "if it is the record you meant, use it as it is, otherwise choose another id\n"
    )


def test_new_coverage_of_a_source_without_archive_says_to_archive_the_article(cli, repo: Path) -> None:
    run = cli("new", "source", "--url", "https://example.com/a/777", "--outlet", "the-astana-times", "--language",
              "en", "--id", "no-text-777")  # fmt: skip
    assert run.code == 0, run.err
    before = snapshot(repo / "claims")
    run = cli("new", "coverage", "no-text-777")
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        "factlint: error: claims/sources/no-text-777.yaml has no archive.path: a coverage map maps an "
        "archived text; archive the article first (factlint new article TEXT ... writes the text, its record and "
        "the map)\n"
    )
    run = cli("new", "coverage", "no-text-77")
    assert run.err == (
        "factlint: error: no source record claims/sources/no-text-77.yaml; did you mean 'no-text-777'?\n"
    )
    assert snapshot(repo / "claims") == before
