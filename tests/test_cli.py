"""The command line through ``main(argv)``: exit codes, formats, output files, colour."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from factlint import loader

from .conftest import FIXTURES, ROOT, snapshot

VALID = str(FIXTURES / "valid")
INVALID = str(FIXTURES / "invalid")


def test_clean_tree_exits_0(cli, in_root: Path) -> None:
    run = cli("validate", "--schema-only", VALID)
    assert run.code == 0
    assert run.out.startswith("factlint: OK: 0 errors, 0 warnings in 10 files")


def test_findings_exit_1_with_file_line_col_code(cli, in_root: Path) -> None:
    run = cli("validate", "--schema-only", "tests/fixtures/invalid/misspelled-key.yaml")
    assert run.code == 1
    assert (
        "tests/fixtures/invalid/misspelled-key.yaml:4:1: [FC101] unknown key 'statment' in the record; "
        "did you mean 'statement'?" in run.out
    )


@pytest.mark.parametrize(
    "argv",
    [
        ("validate", "no/such/folder"),
        ("validate", "--format", "yaml", VALID),
        ("validate", "--no-such-option"),
        ("explain", "FC999"),
        (),
    ],
)
def test_usage_errors_exit_2(cli, argv: tuple[str, ...]) -> None:
    run = cli(*argv)
    assert run.code == 2
    assert "Traceback" not in run.out + run.err


def test_empty_corpus_is_an_error(cli, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a record\n")
    run = cli("validate", "--schema-only", str(tmp_path))
    assert run.code == 1
    assert "[FC012]" in run.out


@pytest.mark.parametrize(
    ("name", "raw", "code"),
    [
        ("utf16.yaml", "id: x\n".encode("utf-16"), "FC007"),
        ("latin1.yaml", "id: café\n".encode("latin-1"), "FC007"),
        ("huge.yaml", b"notes: " + b"x" * (loader.MAX_BYTES + 1) + b"\n", "FC008"),
        ("binary.yaml", bytes(range(256)), "FC007"),
    ],
)
def test_bad_bytes_get_a_finding_not_a_traceback(cli, tmp_path: Path, name: str, raw: bytes, code: str) -> None:
    (tmp_path / "factlint.toml").write_text("")
    (tmp_path / name).write_bytes(raw)
    run = cli("validate", "--schema-only", str(tmp_path / name))
    assert run.code == 1
    assert f"[{code}]" in run.out
    assert "Traceback" not in run.out + run.err


def test_unreadable_path_is_a_finding(cli, tmp_path: Path) -> None:
    (tmp_path / "factlint.toml").write_text("")
    (tmp_path / "broken.yaml").symlink_to(tmp_path / "missing-target.yaml")
    run = cli("validate", "--schema-only", str(tmp_path / "broken.yaml"))
    assert run.code == 1
    assert "[FC011]" in run.out


def test_json_report_is_versioned_and_lists_findings(cli, in_root: Path) -> None:
    run = cli("validate", "--schema-only", "--format", "json", "tests/fixtures/invalid/unknown-type.yaml")
    data = json.loads(run.out)
    assert data["schema_version"] == 2
    assert data["summary"] == {
        "errors": 1, "files": 1, "ok": False, "records": {}, "warnings": 0, "rules": {"ran": 0, "failed": 0},
        "waived": 0,
    }  # fmt: skip
    (finding,) = data["findings"]
    assert finding == {
        "claim_id": "unknown-type",
        "column": 7,
        "file": "tests/fixtures/invalid/unknown-type.yaml",
        "line": 3,
        "message": finding["message"],
        "pointer": "/type",
        "rule": "FC104",
        "severity": "error",
        "slug": "unknown-value",
    }
    assert "did you mean 'quote'?" in finding["message"]


def test_output_file_and_byte_identical_runs(cli, in_root: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "report.json", tmp_path / "b.json"
    run = cli("validate", "--schema-only", "--format", "json", "--output", str(first), INVALID)
    cli("validate", "--schema-only", "--format", "json", "--output", str(second), INVALID)
    assert run.code == 1
    assert first.read_bytes() == second.read_bytes()
    assert json.loads(first.read_bytes())["summary"]["errors"] > 20
    assert "factlint: FAILED" in run.out  # the text report still reaches the terminal
    assert not list(first.parent.glob(".*.tmp"))  # no temporary file left behind


def test_validate_never_modifies_what_it_reads(cli, tmp_path: Path) -> None:
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES, corpus)
    before = snapshot(corpus)
    cli("validate", "--schema-only", str(corpus))
    cli("validate", "--schema-only", "--format", "json", str(corpus / "invalid"))
    assert snapshot(corpus) == before


@pytest.mark.parametrize(
    ("env", "flag", "coloured"),
    [
        ({}, None, False),  # not a terminal
        ({"FORCE_COLOR": "1"}, None, True),
        ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, None, False),
        ({"NO_COLOR": "1"}, "always", True),
        ({"FORCE_COLOR": "1"}, "never", False),
    ],
)
def test_colour_policy(cli, monkeypatch, in_root: Path, env: dict[str, str], flag: str | None, coloured: bool) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    argv = ["validate", "--schema-only", "tests/fixtures/invalid/unknown-type.yaml"]
    if flag:
        argv += ["--color", flag]
    run = cli(*argv)
    assert ("\033[" in run.out) is coloured


def test_rules_lists_every_builtin_code(cli) -> None:
    from factlint.codes import CODES

    run = cli("rules")
    assert run.code == 0
    for code in CODES.values():
        assert f"{code.code}  {code.slug}" in run.out


def test_explain_prints_one_rule_and_suggests_on_typo(cli) -> None:
    assert "duplicate-key" in cli("explain", "fc003").out
    run = cli("explain", "FC1O1")
    assert run.code == 2
    assert "did you mean" in run.err


def test_python_dash_m_and_schema_only_never_imports_gx() -> None:
    code = (
        "import sys, runpy; sys.argv=['factlint','validate','--schema-only','tests/fixtures/valid'];"
        "\ntry:\n runpy.run_module('factlint', run_name='__main__')\nexcept SystemExit as e:\n rc=e.code\n"
        "print('rc', rc, 'gx', 'great_expectations' in sys.modules, 'pandas', 'pandas' in sys.modules)"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.stdout.strip().endswith("rc 0 gx False pandas False"), proc.stdout + proc.stderr


_EXIT_PROBE = """
import atexit, gc, runpy, sys
atexit.register(lambda: print("atexit ran; objects frozen:", gc.get_freeze_count() > 0, flush=True))
sys.argv = ["factlint", *sys.argv[1:]]
if {entry!r} == "module":
    runpy.run_module("factlint", run_name="__main__")
else:
    from factlint.cli import entry
    entry()
"""


@pytest.mark.parametrize("entry", ["module", "script"])
@pytest.mark.parametrize(("argv", "code"), [(["rules"], 0), (["explain", "FC1O1"], 2)])
def test_the_process_exits_with_mains_code_and_leaves_its_objects_to_the_os(
    entry: str, argv: list[str], code: int
) -> None:
    # python -m factlint and the console script end through cli.leave: main's exit code, atexit handlers run and
    # the output flushed as in any exit, every object frozen so the shutdown's collections do not walk them.
    proc = subprocess.run(
        [sys.executable, "-c", _EXIT_PROBE.format(entry=entry), *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert proc.returncode == code, proc.stderr
    assert proc.stdout.endswith("atexit ran; objects frozen: True\n"), proc.stdout[-300:]
    if code == 0:
        assert "FC001  " in proc.stdout
    else:
        assert "did you mean" in proc.stderr


def test_main_itself_freezes_nothing(cli) -> None:
    import gc

    before = gc.get_freeze_count()
    assert cli("rules").code == 0
    assert gc.get_freeze_count() == before
