"""The reports cannot be made to lie: planted reports never survive a run, a run that cannot finish
says so in every report, output paths never replace inputs or special files, errors carry their exit
code and cause, and interrupted runs leave no temporary file and no mix of old and new reports."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from factlint import loadstage, output, schemas
from factlint.cli import main
from factlint.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USAGE

from ._hostile import REPORTS, Corpus, check_reports, corpus, tree_state
from .conftest import ROOT

__all__ = ["corpus"]

pytestmark = pytest.mark.hostile

BAD = "claims/articles/example-article/norway-confirmed.yaml"


def _marker(corpus: Corpus) -> dict[str, object]:
    return dict(json.loads((corpus.reports / output.MARKER).read_text()))


def _plant(corpus: Corpus) -> None:
    corpus.reports.mkdir()
    (corpus.reports / "summary.md").write_text("✅ factlint: passed (planted)\n")
    (corpus.reports / "annotations.txt").write_text("::notice::planted\n")
    (corpus.reports / output.MARKER).write_text('{"complete": true, "exit_code": 0, "run_id": "planted"}\n')


def _assert_incomplete(corpus: Corpus, out_code: int) -> None:
    check_reports(corpus.reports)
    for name in REPORTS:
        text = (corpus.reports / name).read_text()
        assert "planted" not in text
    assert "FC018" in (corpus.reports / "annotations.txt").read_text()
    assert "did not finish" in (corpus.reports / "summary.md").read_text()
    data = json.loads((corpus.reports / "factlint.json").read_text())
    assert data["summary"]["ok"] is False
    assert _marker(corpus) == {"complete": False, "exit_code": out_code, "run_id": None}


def test_planted_reports_never_survive_a_run(corpus: Corpus) -> None:
    _plant(corpus)
    (corpus.root / BAD).write_text("id: norway-confirmed\n")
    out = corpus.run()
    assert out.code == 1
    assert "planted" not in out.report("summary.md") + out.report("annotations.txt")
    assert "::error file=claims/articles/example-article/norway-confirmed.yaml" in out.report("annotations.txt")
    assert _marker(corpus) == {"complete": True, "exit_code": 1, "run_id": None}


def test_the_marker_carries_the_run_id_ci_gives(corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(output.RUN_ID_ENV, "1234-1")
    assert corpus.run().code == 0
    assert _marker(corpus) == {"complete": True, "exit_code": 0, "run_id": "1234-1"}


def test_an_internal_error_still_writes_reports_that_say_so(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _plant(corpus)

    def boom(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom in the loader")

    monkeypatch.setattr(loadstage, "check_all", boom)
    out = corpus.run()
    assert out.code == EXIT_INTERNAL
    assert "internal error: ZeroDivisionError: boom in the loader" in out.err
    assert "--traceback" in out.err
    _assert_incomplete(corpus, EXIT_INTERNAL)


@pytest.mark.parametrize("how", ["flag", "env"])
def test_traceback_prints_the_cause(corpus: Corpus, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        try:
            {}["missing"]
        except KeyError as exc:
            raise RuntimeError("wrapped") from exc

    monkeypatch.setattr(loadstage, "check_all", boom)
    if how == "env":
        monkeypatch.setenv("FACTLINT_TRACEBACK", "1")
    err = io.StringIO()
    code = main(
        ["validate", "claims", "--schema-only", *(["--traceback"] if how == "flag" else [])], out=io.StringIO(), err=err
    )
    assert code == EXIT_INTERNAL
    assert "Traceback (most recent call last)" in err.getvalue()
    assert "KeyError: 'missing'" in err.getvalue()  # the cause is kept, not dropped
    assert "direct cause" in err.getvalue()


def test_a_broken_configuration_is_exit_2(corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise schemas.SchemaSetupError("schema claim is not a valid JSON Schema")

    monkeypatch.setattr(schemas, "errors", broken)
    out = corpus.run()
    assert out.code == EXIT_USAGE
    assert out.err.startswith("factlint: configuration error: schema claim")
    _assert_incomplete(corpus, EXIT_USAGE)


def test_ctrl_c_is_exit_130_with_reports_that_say_so(corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    _plant(corpus)

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(loadstage, "check_all", interrupted)
    out = corpus.run()
    assert out.code == EXIT_INTERRUPTED
    assert out.err == "factlint: interrupted\n"
    _assert_incomplete(corpus, EXIT_INTERRUPTED)


@pytest.mark.parametrize("value", ["99999999999999999999", "253402300800", "-5", "1e9", "yesterday", "١٢٣"])
def test_a_bad_source_date_epoch_is_a_usage_error_naming_it(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    err = io.StringIO()
    code = main(["validate", "claims", "--schema-only"], out=io.StringIO(), err=err)
    assert code == EXIT_USAGE
    assert err.getvalue().startswith("factlint: error: SOURCE_DATE_EPOCH=")
    assert "Traceback" not in err.getvalue()


def test_a_good_source_date_epoch_is_used(corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1768780800")  # 2026-01-19
    assert main(["validate", "claims", "--schema-only"], out=io.StringIO(), err=io.StringIO()) == 0


# --- output paths ---------------------------------------------------------------------------


def _refused(corpus: Corpus, *argv: str) -> str:
    before = tree_state(corpus.root)
    err = io.StringIO()
    code = main(["validate", "claims", "--schema-only", "--format", "json", *argv], out=io.StringIO(), err=err)
    assert code == EXIT_USAGE, err.getvalue()
    assert tree_state(corpus.root) == before
    assert err.getvalue().startswith("factlint: error: refusing to write")
    return err.getvalue()


def test_output_never_replaces_an_archived_text(corpus: Corpus) -> None:
    assert "claims/sources" in _refused(corpus, "--output", "claims/sources/example-article.txt")


def test_output_never_replaces_a_record(corpus: Corpus) -> None:
    _refused(corpus, "--output", "claims/entities/norway.yaml")


def test_output_never_replaces_the_archive_of_a_file_named_alone(corpus: Corpus) -> None:
    err = io.StringIO()
    argv = ["validate", "claims/sources/example-article.yaml", "--schema-only"]
    code = main([*argv, "--output", "claims/sources/example-article.txt"], out=io.StringIO(), err=err)
    assert code == EXIT_USAGE


@pytest.mark.parametrize("target", ["/dev/null", "/dev/stdout"])
def test_output_never_writes_to_a_special_file(corpus: Corpus, target: str) -> None:
    _refused(corpus, "--output", target)


def test_output_never_writes_through_a_symlink(corpus: Corpus) -> None:
    (corpus.root / "link.json").symlink_to("/dev/null")
    (corpus.root / "to-record.json").symlink_to("claims/entities/norway.yaml")
    assert "symlink" in _refused(corpus, "--output", "link.json")
    _refused(corpus, "--output", "to-record.json")


def test_a_planted_symlink_in_the_report_dir_is_refused(corpus: Corpus) -> None:
    corpus.reports.mkdir()
    (corpus.reports / "report.html").symlink_to("../claims/sources/example-article.txt")
    _refused(corpus, "--report-dir", "reports")


def test_a_report_dir_that_is_a_symlink_is_refused(corpus: Corpus) -> None:
    (corpus.root / "reports").symlink_to("claims/sources")
    _refused(corpus, "--report-dir", "reports")


def test_output_dash_is_stdout(corpus: Corpus) -> None:
    out = io.StringIO()
    code = main(["validate", "claims", "--schema-only", "--format", "json", "--output", "-"], out=out)
    assert code == 0
    assert json.loads(out.getvalue())["summary"]["ok"] is True
    assert not (corpus.root / "-").exists()


def test_reports_of_an_earlier_run_are_replaced(corpus: Corpus) -> None:
    """The near miss: the report folder of an earlier run (its marker) is rewritten, even under a validated path."""
    assert corpus.run().code == 0
    inside = corpus.path / "reports"
    for _ in range(2):
        code = main(["validate", "claims", "--schema-only", "--report-dir", str(inside)], out=io.StringIO())
        assert code == 0


# --- interrupted runs (SIGTERM in a real process) ------------------------------------------

_SIGTERM_WHILE_WRITING = """
import os, signal, sys
from factlint import output
from factlint.cli import main
real = output._write_temp
count = [0]
def slow(target, chunks):
    count[0] += 1
    if count[0] == 3:  # after two reports of this run are written to temporary files
        os.kill(os.getpid(), signal.SIGTERM)
    return real(target, chunks)
output._write_temp = slow
sys.exit(main(sys.argv[1:]))
"""


def test_sigterm_while_writing_reports_leaves_no_temp_file_and_no_mix(corpus: Corpus) -> None:
    assert corpus.run().code == 0  # the old reports: a clean run
    (corpus.root / BAD).write_text("id: norway-confirmed\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            _SIGTERM_WHILE_WRITING,
            "validate",
            "claims",
            "--schema-only",
            "--report-dir",
            "reports",
        ],
        cwd=corpus.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == EXIT_INTERRUPTED, proc.stderr
    assert "Traceback" not in proc.stderr
    _assert_incomplete(corpus, EXIT_INTERRUPTED)
    assert not [p for p in corpus.root.rglob("*") if p.name.endswith(".tmp")]


# --- workflow commands ------------------------------------------------------------------------

_COMMAND = ("::", "##[")


def _commands(text: str) -> list[str]:
    """Lines the GitHub Actions runner would run as workflow commands (it splits on LF and CR, and trims)."""
    return [line for line in text.replace("\r", "\n").split("\n") if line.strip().startswith(_COMMAND)]


def test_only_the_annotations_file_writes_workflow_commands(corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    names = ("::warning file=x::pwned.yaml", "##[error]old-style.yaml", "  ::error::indented.yaml")
    for name in names:
        (corpus.path / name).write_text("id: pwned\n")
    claim = corpus.root / BAD
    text = claim.read_text().replace("statement: ", 'statement: "a\\n::error::statement\\r::warning::cr"\nx_: ', 1)
    claim.write_text(text)
    monkeypatch.chdir(corpus.path)  # the corpus root: file names start the lines of the text report
    out = corpus.run(paths=(".",))
    assert out.code == 1
    for name in REPORTS:
        if name != "annotations.txt":
            assert _commands(out.report(name)) == [], name
    assert _commands(out.out) == []
    annotations = out.report("annotations.txt")
    assert len(_commands(annotations)) == len(out.findings()) == len(annotations.splitlines())
    for fmt in ("text", "json", "markdown", "html", "junit", "sarif"):
        stdout = io.StringIO()
        main(["validate", ".", "--schema-only", "--format", fmt], out=stdout, err=io.StringIO())
        assert _commands(stdout.getvalue()) == [], fmt
