"""Coverage maps edited in place: ``new claim --sentence N`` lists the claim, ``fix coverage`` marks furniture.

Only the lines of the sentences named change; every other byte of the map stays as it was.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from factlint import loader
from factlint.scaffold.coverage_edit import EditError, add_claim, mark_not_a_claim

from .conftest import corpus_copy, snapshot

MAP = (
    "# header\nid: a\nsource: a\nsentences:\n"
    "# sentence 1\n- text: EN\n  claims: []\n"
    "# sentence 2\n- text: 'Kazakhstan: joins'\n  claims:\n  - x\n  - y   # keep\n"
    "# sentence 3\n- text: z\n  claims: [p, q]  # c\n"
    "# sentence 4\n- text: Photo credit\n  not_a_claim: a credit\n"
)


@pytest.mark.parametrize(
    ("index", "old", "new"),
    [
        (0, "  claims: []\n", "  claims: [n]\n"),
        (1, "  - y   # keep\n", "  - y   # keep\n  - n\n"),
        (2, "  claims: [p, q]  # c\n", "  claims: [p, q, n]  # c\n"),
    ],
)
def test_a_claim_is_added_to_its_sentence_and_nothing_else_changes(index: int, old: str, new: str) -> None:
    assert add_claim(MAP, index, "n") == MAP.replace(old, new)


def test_a_sentence_marked_not_a_claim_cannot_take_a_claim() -> None:
    with pytest.raises(EditError):
        add_claim(MAP, 3, "n")


def test_sentences_are_marked_not_a_claim_in_place() -> None:
    assert mark_not_a_claim(MAP, [0], "site menu: EN / KZ") == MAP.replace(
        "  claims: []\n", "  not_a_claim: 'site menu: EN / KZ'\n"
    )


@pytest.mark.parametrize(
    ("index", "message"),
    [(1, "sentence 2 lists the claims x, y already; nothing was changed"),
     (3, "sentence 4 is mapped already; nothing was changed")],
)  # fmt: skip
def test_a_mapped_sentence_is_not_marked(index: int, message: str) -> None:
    with pytest.raises(EditError) as caught:
        mark_not_a_claim(MAP, [index], "menu")
    assert str(caught.value) == message


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return corpus_copy(tmp_path, monkeypatch, "EN\nKZ\nRU\nKazakhstan joined the board.\nPhoto: Akorda\n")


NEW = ("new", "article", "art.txt", "--url", "https://example.com/news/12345", "--outlet", "the-astana-times",
       "--language", "en", "--date", "2026-01-20", "--retrieved", "2026-11-29", "--title", "T")  # fmt: skip
COV = "claims/coverage/the-astana-times-12345.yaml"


def test_fix_coverage_marks_a_run_of_furniture(cli, repo: Path) -> None:
    assert cli(*NEW).code == 0
    run = cli("fix", "coverage", "the-astana-times-12345", "--not-a-claim", "1-3,5", "--why", "site menu")
    assert (run.code, run.err) == (0, "")
    assert run.out == f"factlint: {COV}: 4 sentence(s) marked not_a_claim: site menu\n"
    sentences = loader.load_path(repo / COV).data["sentences"]
    assert [s.get("not_a_claim") for s in sentences] == ["site menu"] * 3 + [None, "site menu"]
    assert sentences[3]["claims"] == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--not-a-claim", "1-9", "--why", "menu"), "--not-a-claim '1-9': the coverage map has sentences 1 to 5"),
        (
            ("--not-a-claim", "one", "--why", "menu"),
            "--not-a-claim 'one': write sentence numbers and ranges, e.g. 1-15,30",
        ),
        (
            ("--not-a-claim", "1", "--why", " "),
            "--why must say why these sentences assert nothing to check, e.g. 'site menu'",
        ),
    ],
)
def test_fix_coverage_refuses_bad_input_and_writes_nothing(
    cli, repo: Path, argv: tuple[str, ...], message: str
) -> None:
    assert cli(*NEW).code == 0
    before = snapshot(repo / "claims")
    run = cli("fix", "coverage", "the-astana-times-12345", *argv)
    assert (run.code, run.err) == (2, f"factlint: error: {message}\n")
    assert snapshot(repo / "claims") == before


def test_fix_coverage_of_a_mapped_sentence_writes_nothing(cli, repo: Path) -> None:
    assert cli(*NEW).code == 0
    assert cli("new", "claim", "--article", "the-astana-times-12345", "--type", "status", "--sentence", "4",
               "--id", "joined").code == 0  # fmt: skip
    before = snapshot(repo / "claims")
    run = cli("fix", "coverage", "the-astana-times-12345", "--not-a-claim", "3-4", "--why", "menu")
    assert (run.code, run.err) == (
        2, f"factlint: error: {COV}: sentence 4 lists the claims joined already; nothing was changed\n",
    )  # fmt: skip
    assert snapshot(repo / "claims") == before


def test_new_article_says_how_to_mark_a_run_of_furniture(cli, repo: Path) -> None:
    run = cli(*NEW)
    assert run.out.splitlines()[3:] == [
        "next: for each sentence that makes a claim: factlint new claim --article the-astana-times-12345 "
        "--type TYPE --sentence N",
        "next: map every other sentence with not_a_claim in claims/coverage/the-astana-times-12345.yaml (a run of "
        "them at once: factlint fix coverage the-astana-times-12345 --not-a-claim N-M --why 'WHY')",
    ]
    header = (repo / COV).read_text(encoding="utf-8").splitlines()[3:5]
    assert header == [
        "# or replace `claims: []` with `not_a_claim: <why it asserts nothing to check>` (a caption, a credit;",
        "#   a run of lines at once: factlint fix coverage the-astana-times-12345 --not-a-claim 1-15,30 --why 'site "
        "menu').",
    ]


def test_a_coverage_map_linked_from_outside_is_not_edited(cli, repo: Path, tmp_path_factory) -> None:
    assert cli(*NEW).code == 0
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "map.yaml"
    shutil.move(repo / COV, elsewhere)
    (repo / COV).symlink_to(elsewhere)
    before = elsewhere.read_bytes()
    run = cli("fix", "coverage", "the-astana-times-12345", "--not-a-claim", "1", "--why", "menu")
    assert (run.code, run.err) == (
        2, f"factlint: error: {COV} leads outside the corpus through a symbolic link; not followed\n",
    )  # fmt: skip
    run = cli("new", "claim", "--article", "the-astana-times-12345", "--type", "statement", "--sentence", "4",
              "--id", "joined")  # fmt: skip
    assert run.code == 0
    assert "next: add joined to the claims of sentence 4 in claims/coverage/the-astana-times-12345.yaml" in run.out
    assert elsewhere.read_bytes() == before
