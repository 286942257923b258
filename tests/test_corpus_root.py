"""The corpus root: found by walking up from a path; kinds from the path inside it; one file in context."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from factlint import corpus, validate

from .conftest import ROOT, corpus_today

TODAY = corpus_today().isoformat()  # the corpus's last re-check, never a frozen date (tests/README.md)
ARTICLE = "claims/articles/astana-times-111122"


def test_marker_is_the_root(tmp_path: Path) -> None:
    (tmp_path / "c" / "deep" / "er").mkdir(parents=True)
    (tmp_path / "c" / "factlint.toml").write_text("")
    assert corpus.find_root(tmp_path / "c" / "deep" / "er") == tmp_path / "c"
    assert corpus.find_root(tmp_path / "c" / "deep" / "x.yaml") == tmp_path / "c"


def test_layout_is_a_root_without_marker(tmp_path: Path) -> None:
    for name in ("sources", "entities", "articles/a"):
        (tmp_path / "c" / name).mkdir(parents=True)
    assert corpus.find_root(tmp_path / "c" / "articles" / "a" / "x.yaml") == tmp_path / "c"
    assert corpus.find_root(tmp_path / "c" / "entities") == tmp_path / "c"


def test_half_a_layout_is_no_root(tmp_path: Path) -> None:
    (tmp_path / "c" / "sources").mkdir(parents=True)
    assert corpus.find_root(tmp_path / "c" / "sources" / "x.yaml") is None


def test_the_real_corpus_has_its_marker() -> None:
    assert (ROOT / "claims" / corpus.MARKER).is_file()
    assert corpus.find_root(ROOT / ARTICLE / "council-newly-established.yaml") == ROOT / "claims"
    assert corpus.settings(ROOT / "claims") is not None


@pytest.mark.parametrize(
    ("inner", "kind"),
    [
        ("entities/norway.yaml", "entity"),
        ("sources/a.yaml", "source"),
        ("coverage/a.yaml", "coverage"),
        ("articles/a/b.yaml", "claim"),
        ("b.yaml", "claim"),
        ("articles/entities-of-x/b.yaml", "claim"),
    ],
)
def test_kind_from_the_path_inside_the_root(tmp_path: Path, inner: str, kind: str) -> None:
    # The root itself sits under folders named like kinds: they must not count.
    root = tmp_path / "entities" / "coverage" / "c"
    assert corpus.kind_in(root, root / inner) == kind
    # The batch form used by validate (string operations only) agrees, for relative spellings too.
    spellings = [str(root / inner), str(root / "articles" / ".." / inner), str(tmp_path / "elsewhere" / inner)]
    assert corpus.kinds_in(root, spellings) == [corpus.kind_in(root, p) for p in spellings]
    assert corpus.kinds_in(str(root) + "/", spellings[:1]) == [kind]


def test_kind_does_not_depend_on_the_working_folder(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT / "claims" / "entities")
    run = cli("validate", "--schema-only", ".")
    assert run.code == 0, run.out
    assert "valid records: 75 entity" in run.out or "entity)" in run.out
    assert "claim" not in run.out.split("valid records:")[1]


def test_a_file_outside_any_corpus_is_exit_2_naming_what_was_looked_for(cli, tmp_path: Path) -> None:
    (tmp_path / "loose.yaml").write_text("id: x\n")
    run = cli("validate", "--schema-only", str(tmp_path / "loose.yaml"))
    assert run.code == 2
    assert run.out == ""
    assert run.err == (
        f"factlint: error: no corpus found for {tmp_path}/loose.yaml: looked for a folder holding "
        f"factlint.toml, or holding both sources/ and entities/, in {tmp_path} and every folder above it; "
        "create factlint.toml in the corpus root\n"
    )


def test_a_symlinked_record_leading_outside_the_corpus_is_not_followed(cli, tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text("id: secret\n")
    (tmp_path / "c" / "entities").mkdir(parents=True)
    (tmp_path / "c" / "factlint.toml").write_text("")
    (tmp_path / "c" / "entities" / "secret.yaml").symlink_to(outside)
    run = cli("validate", "--schema-only", str(tmp_path / "c"))
    assert run.code == 1
    assert "[FC011] is a symbolic link to" in run.out
    assert "outside the corpus folder; not followed" in run.out
    assert "secret'" not in run.out  # its content was never read


# --- one file in the context of its corpus ---------------------------------------------------


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's claims/ with a dangling speaker id and a status conflict."""
    top = tmp_path_factory.mktemp("repo")
    shutil.copytree(ROOT / "claims", top / "claims")
    letter = top / ARTICLE / "tokayev-letter-to-trump.yaml"
    letter.write_text(letter.read_text().replace("speaker: ruslan-zheldibay", "speaker: ruslan-zheldibai"))
    italy = top / ARTICLE / "italy-confirmed-participation.yaml"
    france = (top / ARTICLE / "france-invited-no-confirmation.yaml").read_text()
    subject = "subject: france"
    assert subject in france
    text = italy.read_text()
    italy.write_text(text.replace("subject: italy", subject))
    return top


def _run(cwd: Path, *paths: str) -> list[tuple[str, int, int, str, str]]:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = validate.run(list(paths), today=dt.date.fromisoformat(TODAY))
    finally:
        os.chdir(old)
    return [(f.file, f.line, f.column, f.rule, f.message) for f in result.sorted_findings()]


@pytest.mark.slow
def test_one_file_from_any_folder_gives_the_findings_of_the_whole_run(broken: Path, tmp_path: Path) -> None:
    whole = _run(broken, "claims")
    letter = f"{ARTICLE}/tokayev-letter-to-trump.yaml"
    expected = [f for f in whole if f[0] == letter]
    assert [f[3] for f in expected] == ["FC303"]
    for cwd, arg in [
        (broken, letter),
        (broken / ARTICLE, "tokayev-letter-to-trump.yaml"),
        (broken / "claims" / "entities", "../articles/astana-times-111122/tokayev-letter-to-trump.yaml"),
        (tmp_path, str(broken / letter)),
    ]:
        assert _run(cwd, arg) == expected, cwd


@pytest.mark.slow
def test_cross_record_findings_that_involve_the_named_file_are_kept_and_marked(broken: Path) -> None:
    whole = _run(broken, "claims")
    conflicts = [f for f in whole if f[3] == "FC211"]
    assert len(conflicts) == 1
    located, _, _, _, message = conflicts[0]
    assert located.endswith("france-invited-no-confirmation.yaml")  # the group's first claim in file order
    italy = f"{ARTICLE}/italy-confirmed-participation.yaml"
    mine = [f for f in whole if f[0] == italy]
    got = _run(broken / "claims" / "sources", str(broken / italy))
    assert got == sorted([*mine, (*conflicts[0][:4], f"{message} (cross-record: involves {italy})")])
    # An unrelated file sees neither.
    other = f"{ARTICLE}/council-newly-established.yaml"
    assert _run(broken, other) == []
