"""``factlint new`` checks the entity ids it writes against the corpus: warnings that say what to use.

The files are written all the same (exit 0); each warning names the file to correct or delete.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import corpus_copy

ART = "astana-times-111122"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the real corpus under tmp/claims, the working folder tmp/."""
    return corpus_copy(tmp_path, monkeypatch, "Kazakhstan joined the board.\n")


def test_a_speaker_near_an_entity_gets_did_you_mean(cli, repo: Path) -> None:
    run = cli("new", "claim", "--article", ART, "--type", "statement", "--id", "c1", "--speaker", "akorda-press")
    assert run.code == 0
    assert run.err == (
        "factlint: warning: --speaker 'akorda-press' names no entity; did you mean 'akorda' (Akorda)? "
        f"Write that id in claims/articles/{ART}/c1.yaml, or, if it is another entity, add it: "
        "factlint new entity akorda-press --kind KIND --name 'NAME'\n"
    )
    assert "next: there is no entity" not in run.out
    assert (repo / f"claims/articles/{ART}/c1.yaml").is_file()


def test_a_speaker_unlike_any_entity_gets_how_to_add_it(cli, repo: Path) -> None:
    run = cli(
        "new", "claim", "--article", ART, "--type", "statement", "--id", "c1", "--speaker", "zhanna-nurmaganbetova"
    )
    assert (run.code, run.err) == (0, "")
    assert run.out.splitlines()[-1] == (
        "next: there is no entity 'zhanna-nurmaganbetova' yet: "
        "factlint new entity zhanna-nurmaganbetova --kind KIND --name 'NAME'"
    )


@pytest.mark.parametrize("speaker", ["akorda", "todo-speaker"])
def test_a_known_speaker_or_the_placeholder_is_not_warned_about(cli, repo: Path, speaker: str) -> None:
    run = cli("new", "claim", "--article", ART, "--type", "statement", "--id", "c1", "--speaker", speaker)
    assert (run.code, run.err) == (0, "")
    assert "no entity" not in run.out


def test_an_outlet_spelled_like_an_entity_is_not_an_invitation_to_add_it(cli, repo: Path) -> None:
    run = cli("new", "source", "--url", "https://www.taipeitimes.com/News/world/archives/2026/01/19/2003850999",
              "--outlet", "taipei-time", "--language", "en", "--title", "T", "--retrieved", "2026-11-29")  # fmt: skip
    assert run.code == 0
    assert run.err == (
        "factlint: warning: --outlet 'taipei-time' names no entity; did you mean 'taipei-times' (Taipei Times)? "
        "Write that id in claims/sources/taipei-time-2003850999.yaml, or, if it is another entity, add it: "
        "factlint new entity taipei-time --kind outlet --name 'NAME'\n"
    )
    assert "next: there is no entity" not in run.out


def test_an_article_outlet_named_by_its_name_gets_the_id(cli, repo: Path) -> None:
    run = cli("new", "article", "art.txt", "--url", "https://qazinform.com/news/x-a02999", "--outlet", "kazinform",
              "--language", "en", "--date", "2026-01-23", "--retrieved", "2026-11-29")  # fmt: skip
    assert run.code == 0
    assert run.err == (
        "factlint: warning: --outlet 'kazinform' names no entity; did you mean 'qazinform' (Kazinform)? "
        "Write that id in claims/sources/kazinform-a02999.yaml, or, if it is another entity, add it: "
        "factlint new entity kazinform --kind outlet --name 'NAME'\n"
    )


def test_a_new_outlet_still_gets_how_to_add_it(cli, repo: Path) -> None:
    run = cli("new", "source", "--url", "https://example.org/n/123456", "--outlet", "example-gazette",
              "--language", "en", "--title", "T", "--retrieved", "2026-11-29")  # fmt: skip
    assert (run.code, run.err) == (0, "")
    assert run.out.splitlines()[-1] == (
        "next: there is no entity 'example-gazette' yet: "
        "factlint new entity example-gazette --kind outlet --name 'NAME'"
    )


def test_a_new_entity_with_an_existing_name_is_warned_about(cli, repo: Path) -> None:
    run = cli("new", "entity", "kazinform", "--kind", "outlet", "--name", "Kazinform")
    assert run.code == 0
    assert run.err == (
        "factlint: warning: 'Kazinform' already names the entity 'qazinform' (Kazinform): if it is the same one, "
        "delete claims/entities/kazinform.yaml and use the id 'qazinform'\n"
    )


def test_a_new_entity_with_an_existing_alias_is_warned_about(cli, repo: Path) -> None:
    run = cli("new", "entity", "akorda-ps", "--kind", "organization", "--name", "Presidential office",
              "--alias", "Akorda press service")  # fmt: skip
    assert run.code == 0
    assert run.err == (
        "factlint: warning: 'Akorda press service' already names the entity 'akorda' (Akorda): if it is the same "
        "one, delete claims/entities/akorda-ps.yaml and use the id 'akorda'\n"
    )


def test_a_new_entity_id_spelled_like_an_existing_one_is_warned_about(cli, repo: Path) -> None:
    run = cli("new", "entity", "taipei-time", "--kind", "outlet", "--name", "Taipei Time Daily")
    assert run.code == 0
    assert run.err == (
        "factlint: warning: the new id 'taipei-time' is close to the entity 'taipei-times' (Taipei Times): if it is "
        "the same one, delete claims/entities/taipei-time.yaml and use the id 'taipei-times'\n"
    )


def test_a_new_entity_unlike_any_other_is_written_silently(cli, repo: Path) -> None:
    run = cli("new", "entity", "zhanna-nurmaganbetova", "--kind", "person", "--name", "Zhanna Nurmaganbetova")
    assert (run.code, run.err) == (0, "")
