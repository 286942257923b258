"""One file in the context of its corpus gives exactly the whole run's findings for that file.

For every record file of a small corpus with findings of every stage and scope
(a YAML error, schema errors with and without a did-you-mean, dangling and
wrong-kind references, a status conflict across two claims, a duplicate id,
coverage gaps, an archive that fails its hash, a date in the future, a waived
finding), ``factlint validate FILE`` from another working folder, by a relative
and by an absolute path, gives:

* exactly the findings (and waived findings) the whole-corpus run gives in that file, and
* the whole run's findings in *other* files that involve it, each marked
  ``(cross-record: involves FILE)``, and nothing else.

Every whole-run finding shows up in the one-file run of its own file. A sample
of the real corpus (with planted mistakes) is checked the same way. The runs
are in-process (:func:`factlint.validate.run`), the CLI once per spelling.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from factlint import validate
from factlint.model import Finding

from . import rulecases
from .conftest import ROOT, run_cli

TODAY = dt.date(2026, 11, 28)

Row = tuple[str, int, int, str, str]

PLANTED = [
    # load stage: a tab (the entity it holds is then unknown to every rule; a reference to bob-example below is
    # not also dangling: the file's FC001 is the one to fix)
    {"file": "entities/bob-example.yaml", "text": "id: bob-example\nkind: person\n\tname: Bob Example\n"},
    # schema: an unknown key; a name where an id belongs (did-you-mean from the corpus)
    {"entity": "sweden", "capital": "Stockholm"},
    {"claim": "norway-by-name", "type": "status", "status": {"subject": "Norway"}},
    # references: dangling (typo, and the entity that failed to load), wrong kind
    {"claim": "speaker-typo", "attribution": {"speaker": "alice-exampel"}},
    {"claim": "bob-said", "attribution": {"speaker": "bob-example"}},
    {"claim": "person-as-body", "type": "status", "status": {"body": "alice-example"}},
    # a status conflict between two claims (the finding sits on one, involves the other)
    {"claim": "norway-confirmed", "type": "status", "status": {"value": "confirmed"}},
    {"claim": "norway-declined", "type": "status", "status": {"value": "declined"}},
    # the same id in two files; an id that is not its file name
    {"claim": "twin", "file": "articles/wire-report/twin-a.yaml"},
    {"claim": "twin", "file": "articles/wire-report/twin-b.yaml"},
    # coverage: a claim of a mapped article missing from its map, a sentence not mapped
    {"claim": "unmapped", "article": "example-article", "sources": [
        {"source": "example-article", "span": "The Example Council has three members."}]},
    {"coverage": "example-article", "sentences": [
        {"text": "OSLO — The Example Council has three members.", "claims": ["council-three-members"]},
        {"text": "The photo shows its first meeting.", "claims": []}]},
    # a misquote in a claim of the mapped article: it mentions the article, but involves only its source
    {"claim": "misquote", "article": "example-article", "sources": [
        {"source": "example-article", "span": "The Example Council has four members."}]},
    # an archived text edited after archiving; a date in the future
    {"file": "sources/agency-report.txt", "text": "Edited after archiving.\n"},
    {"source": "wire-report", "retrieved": "2026-12-01"},
    # a waived finding (an attribution date after the article's, waived until later)
    {"claim": "waived-date", "attribution": {"date": "2026-01-20"},
     "waivers": [{"rule": "FC232", "reason": "the date is being confirmed", "granted": "2026-06-01",
                  "expires": "2027-01-01"}]},
]  # fmt: skip
"""One or more mistakes of every stage and scope, on top of the rule cases' base corpus."""

MUST_FIRE = {"FC001", "FC101", "FC106", "FC211", "FC262", "FC263", "FC301", "FC303", "FC306", "FC307", "FC233"}
"""Codes the planted corpus must give (so the comparison below covers every kind of finding)."""


def _rows(found: list[Finding]) -> list[Row]:
    return sorted({(f.file, f.line, f.column, f.rule, f.message) for f in found})


def _run(cwd: Path, path: str, *, schema_only: bool = False) -> tuple[list[Row], list[Row]]:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = validate.run([path], today=TODAY, schema_only=schema_only)
    finally:
        os.chdir(old)
    return _rows(result.findings), _rows(result.waived)


def _spellings(top: Path, elsewhere: Path, rel: str) -> list[tuple[Path, str]]:
    """Ways to name the file ``rel`` (relative to ``top``): from ``top``, from elsewhere, from inside the corpus."""
    target = top / rel
    inside = top / "claims" / "entities"
    return [
        (top, rel),
        (elsewhere, str(target)),
        (inside, os.path.relpath(target, inside)),
        (target.parent, target.name),
    ]


def _expect_one_file(whole: list[Row], got: list[Row], rel: str) -> list[str]:
    """What is wrong with ``got``, the one-file run of ``rel``, against ``whole`` (empty: nothing)."""
    problems = []
    mine = [f for f in whole if f[0] == rel]
    got_mine = [f for f in got if f[0] == rel]
    problems += [f"missing: {f}" for f in mine if f not in got_mine]
    problems += [f"extra: {f}" for f in got_mine if f not in mine]
    label = f" (cross-record: involves {rel})"
    for f in got:
        if f[0] == rel:
            continue
        if not f[4].endswith(label):
            problems.append(f"not marked cross-record: {f}")
        elif (*f[:4], f[4][: -len(label)]) not in whole:
            problems.append(f"cross-record finding not in the whole run: {f}")
    return problems


def _files(top: Path) -> list[str]:
    return sorted(p.relative_to(top).as_posix() for p in (top / "claims").rglob("*.yaml"))


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    top = tmp_path_factory.mktemp("repo")
    rulecases.materialise(top / "claims", PLANTED)
    return top


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("elsewhere")


@pytest.mark.slow
def test_every_file_alone_gives_its_findings_of_the_whole_run(planted: Path, elsewhere: Path) -> None:
    whole, whole_waived = _run(planted, "claims")
    assert {f[3] for f in whole} >= MUST_FIRE, sorted(MUST_FIRE - {f[3] for f in whole})
    assert whole_waived, "the planted waiver waives nothing"
    files = _files(planted)
    assert len(files) > 20
    located = set()
    crossing = 0
    problems = {}
    for i, rel in enumerate(files):
        # One spelling per file (each rule-stage run costs seconds), every spelling across the files.
        cwd, arg = _spellings(planted, elsewhere, rel)[i % 4]
        got, got_waived = _run(cwd, arg)
        wrong = _expect_one_file(whole, got, rel) + _expect_one_file(whole_waived, got_waived, rel)
        if wrong:
            problems[f"{rel} (from {cwd}: {arg})"] = wrong
        located |= {f for f in got if f[0] == rel}
        crossing += sum(1 for f in got if f[0] != rel)
    assert problems == {}
    # Every finding of the whole run is in the one-file run of its file; some findings cross files.
    assert set(whole) == located
    assert crossing > 0


def test_every_file_alone_gives_its_schema_findings_of_the_whole_run(planted: Path, elsewhere: Path) -> None:
    whole, _ = _run(planted, "claims", schema_only=True)
    assert {"FC001", "FC101", "FC106"} <= {f[3] for f in whole}
    problems = {}
    for rel in _files(planted):
        for cwd, arg in _spellings(planted, elsewhere, rel):
            got, _ = _run(cwd, arg, schema_only=True)
            if got != [f for f in whole if f[0] == rel]:
                problems[f"{rel} (from {cwd}: {arg})"] = [got, [f for f in whole if f[0] == rel]]
    assert problems == {}


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's claims/ with a speaker-id typo and a status that conflicts with another claim."""
    top = tmp_path_factory.mktemp("real")
    shutil.copytree(ROOT / "claims", top / "claims")
    article = top / "claims" / "articles" / "qazinform-a02059"
    member = article / "kazakhstan-member-board-of-peace.yaml"
    text = member.read_text(encoding="utf-8")
    assert "as_of: '2026-01-23'" in text
    assert "value: member" in text
    # declined on the day the seed article says Kazakhstan confirmed: a conflict across the two articles
    text = text.replace("as_of: '2026-01-23'", "as_of: '2026-01-19'").replace("value: member", "value: declined")
    member.write_text(text, encoding="utf-8")
    letter = top / "claims" / "articles" / "astana-times-111122" / "tokayev-letter-to-trump.yaml"
    text = letter.read_text(encoding="utf-8")
    letter.write_text(text.replace("speaker: ruslan-zheldibay", "speaker: ruslan-zheldibai"), encoding="utf-8")
    return top


SAMPLE = [
    "claims/articles/qazinform-a02059/kazakhstan-member-board-of-peace.yaml",
    "claims/articles/astana-times-111122/kazakhstan-consented.yaml",
    "claims/articles/astana-times-111122/tokayev-letter-to-trump.yaml",
    "claims/entities/ruslan-zheldibay.yaml",
    "claims/coverage/qazinform-a02059.yaml",
    "claims/sources/qazinform-a02059.yaml",
]


@pytest.mark.slow
def test_a_sample_of_the_real_corpus_alone_gives_its_findings_of_the_whole_run(real: Path, elsewhere: Path) -> None:
    whole, whole_waived = _run(real, "claims")
    assert {f[0] for f in whole} >= set(SAMPLE[:3])
    problems = {}
    crossing = 0
    for i, rel in enumerate(SAMPLE):
        cwd, arg = _spellings(real, elsewhere, rel)[i % 4]
        got, got_waived = _run(cwd, arg)
        wrong = _expect_one_file(whole, got, rel) + _expect_one_file(whole_waived, got_waived, rel)
        if wrong:
            problems[f"{rel} (from {cwd}: {arg})"] = wrong
        crossing += sum(1 for f in got if f[0] != rel)
    assert problems == {}
    assert crossing > 0


CROSSING = {
    # the coverage map: the claims of its article missing from it, not their misquotes or dates
    "coverage/example-article.yaml": {("articles/example-article/misquote.yaml", "FC262"),
                                      ("articles/example-article/unmapped.yaml", "FC262")},
    # the source: the span not found in its archived text
    "sources/example-article.yaml": {("articles/example-article/misquote.yaml", "FC222")},
    # an edited archive: the map that no longer fits it
    "sources/agency-report.yaml": {("coverage/agency-report.yaml", "FC261")},
    "articles/wire-report/norway-declined.yaml": {("articles/wire-report/norway-confirmed.yaml", "FC211")},
    "articles/wire-report/twin-a.yaml": {("articles/wire-report/twin-b.yaml", "FC301")},
    "articles/wire-report/twin-b.yaml": {("articles/wire-report/twin-a.yaml", "FC301")},
    "entities/alice-example.yaml": {("articles/wire-report/person-as-body.yaml", "FC306")},
    "articles/example-article/misquote.yaml": set(),
    "articles/wire-report/speaker-typo.yaml": set(),
}  # fmt: skip
"""The cross-record findings (file, rule) a one-file run must show, exactly: those whose rule compares the
file's record with the other one (its data, not its message, says so)."""


@pytest.mark.slow
def test_one_file_shows_the_cross_record_findings_that_involve_it_and_no_others(planted: Path) -> None:
    got = {}
    for rel in CROSSING:
        found, _ = _run(planted, f"claims/{rel}")
        got[rel] = {(f[0].removeprefix("claims/"), f[3]) for f in found if f[0] != f"claims/{rel}"}
    assert got == CROSSING


def _json_rows(run_out: str) -> list[Row]:
    import json

    return _rows([Finding(**{k: f[k] for k in ("file", "line", "column", "rule", "message")})
                  for f in json.loads(run_out)["findings"]])  # fmt: skip


@pytest.mark.slow
def test_the_command_gives_one_file_what_the_whole_run_gives_it_from_the_same_folder(
    planted: Path, elsewhere: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Outside a repository, records are named relative to the working folder when it holds the corpus, else to
    # the folder holding the corpus root: from a folder above the corpus both runs name the file the same longer way.
    rel = "claims/articles/wire-report/norway-declined.yaml"
    for cwd, shown in [(planted, rel), (elsewhere, rel), (planted.parent, f"{planted.name}/{rel}")]:
        monkeypatch.chdir(cwd)
        for whole_arg, one_arg in [
            (str(planted / "claims"), str(planted / rel)),
            (os.path.relpath(planted / "claims"), os.path.relpath(planted / rel)),
        ]:
            whole = run_cli("validate", "--today", TODAY.isoformat(), "--format", "json", whole_arg)
            one = run_cli("validate", "--today", TODAY.isoformat(), "--format", "json", one_arg)
            assert (whole.code, one.code) == (1, 1), one.err
            got = _json_rows(one.out)
            # Its only finding is the conflict, reported on the other claim of the pair and marked as involving it.
            assert {f[0] for f in got} == {shown.replace("norway-declined", "norway-confirmed")}
            assert _expect_one_file(_json_rows(whole.out), got, shown) == []


def _repository(planted: Path, tmp_path: Path) -> Path:
    """A repository (a folder holding .git) two folders below ``tmp_path``, the planted corpus in its data/claims."""
    repo = tmp_path / "outer" / "repo"
    (repo / ".git").mkdir(parents=True)
    shutil.copytree(planted / "claims", repo / "data" / "claims")
    return repo


@pytest.mark.slow
def test_in_a_repository_one_file_gets_the_whole_runs_findings_from_any_folder(
    planted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # In a repository (a folder holding .git at or above the corpus root) records are named relative to its
    # root, never to the working folder: above the repository, in it, inside the corpus, elsewhere.
    repo = _repository(planted, tmp_path)
    rel = "data/claims/articles/wire-report/norway-declined.yaml"
    monkeypatch.chdir(repo)
    reference = run_cli("validate", "--today", TODAY.isoformat(), "--format", "json", "data/claims")
    assert reference.code == 1
    for cwd in (Path("/"), tmp_path, repo / "data" / "claims" / "entities", planted):
        monkeypatch.chdir(cwd)
        corpus_dir = repo / "data" / "claims"
        for whole_arg, one_arg in [
            (str(corpus_dir), str(repo / rel)),
            (os.path.relpath(corpus_dir), os.path.relpath(repo / rel)),
        ]:
            whole = run_cli("validate", "--today", TODAY.isoformat(), "--format", "json", whole_arg)
            one = run_cli("validate", "--today", TODAY.isoformat(), "--format", "json", one_arg)
            assert (whole.code, one.code) == (1, 1), one.err
            assert _json_rows(whole.out) == _json_rows(reference.out), f"from {cwd}: {whole_arg}"
            got = _json_rows(one.out)
            assert {f[0] for f in got} == {rel.replace("norway-declined", "norway-confirmed")}, f"from {cwd}"
            assert _expect_one_file(_json_rows(whole.out), got, rel) == []


def test_a_repository_names_its_files_from_its_root_whatever_the_working_folder(
    planted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    repo = _repository(planted, tmp_path)
    target = repo / "data" / "claims" / "entities" / "sweden.yaml"
    for cwd in (repo, Path("/"), tmp_path, repo / "data", repo / "data" / "claims" / "entities", planted):
        monkeypatch.chdir(cwd)
        for arg in (str(target), os.path.relpath(target)):
            run = run_cli("validate", "--schema-only", "--format", "json", arg)
            assert run.code == 1, run.err
            assert {f["file"] for f in json.loads(run.out)["findings"]} == {"data/claims/entities/sweden.yaml"}, cwd


@pytest.mark.slow
def test_the_one_file_summary_says_its_record_counts_are_of_the_corpus_it_was_checked_in(
    planted: Path, tmp_path: Path
) -> None:
    """One file is checked in the context of its whole corpus: the counts of valid records and of what was checked
    are the corpus's, and the summary says so; the run of the whole corpus says nothing of a context."""
    rel = "claims/articles/wire-report/norway-declined.yaml"
    whole = run_cli(
        "validate", "--today", TODAY.isoformat(), "--report-dir", str(tmp_path / "w"), str(planted / "claims")
    )
    one = run_cli("validate", "--today", TODAY.isoformat(), "--report-dir", str(tmp_path / "o"), str(planted / rel))
    assert (whole.code, one.code) == (1, 1), one.err
    corpus_files = len(list((planted / "claims").rglob("*.yaml")))
    whole_line, one_line = whole.out.splitlines()[-1], one.out.splitlines()[-1]
    valid = whole_line.split("valid records: ")[1].removesuffix(")")
    assert "context" not in whole_line
    assert one_line.endswith(
        f" in 1 file (schema + rules; checked in the context of its corpus of {corpus_files} files, whose valid "
        f"records are: {valid})"
    )
    whole_md, one_md = ((tmp_path / d / "summary.md").read_text("utf-8") for d in ("w", "o"))
    assert "| files checked | 1 |" in one_md
    assert f"| corpus the files were checked in | {corpus_files} files |" in one_md
    assert f"| valid records in that corpus | {valid} |" in one_md
    assert "### What was checked (the whole corpus the named files were checked in)" in one_md
    assert "corpus the files were checked in" not in whole_md
    assert "| valid records |" in whole_md
    assert "### What was checked\n" in whole_md
    html = (tmp_path / "o" / "report.html").read_text("utf-8")
    assert f"checked in the context of its corpus of {corpus_files} files" in html
    import json

    whole_json, one_json = (json.loads((tmp_path / d / "factlint.json").read_text("utf-8")) for d in ("w", "o"))
    assert one_json["summary"]["context_files"] == corpus_files
    assert one_json["summary"]["records"] == whole_json["summary"]["records"]
    assert "context_files" not in whole_json["summary"]
