"""Golden reports with consistency-rule findings of every scope, with and without ``--base``.

``tests/fixtures/rules-corpus`` is ``tests/fixtures/valid`` with one break per scope of
``checks/`` (boards, coverage, dates, drafts, identity, quotes, statuses, verdicts, waivers).
It is committed on top of ``valid`` in a temporary git repository with fixed dates and names
(so the commit id is fixed too) and checked through the command line with every report
written; ``rules.<file>`` is the run without ``--base``, ``rules-base.<file>`` the one with
``--base main``. Regenerate after an intended change with

    FACTLINT_REGEN_GOLDEN=1 PYTHONPATH=src pytest tests/test_rule_goldens.py

and review the ``git diff`` of ``tests/goldens/``.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from factlint.cli import main
from factlint.reporters import REPORT_FILES

from .conftest import FIXTURES, ROOT

pytestmark = pytest.mark.slow

GOLDENS = ROOT / "tests" / "goldens"
REGEN = os.environ.get("FACTLINT_REGEN_GOLDEN") == "1"
SCOPES = {"boards", "coverage", "dates", "drafts", "identity", "quotes", "statuses", "verdicts", "waivers"}
FIXED = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_AUTHOR_DATE": "2026-01-20T00:00:00+00:00",
    "GIT_COMMITTER_DATE": "2026-01-20T00:00:00+00:00",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, dict[str, bytes]]]:
    repo = tmp_path_factory.mktemp("repo")
    old_env = {k: os.environ.get(k) for k in (*FIXED, "HOME")}
    os.environ.update({**FIXED, "HOME": str(repo)})
    cwd = Path.cwd()
    try:
        shutil.copytree(FIXTURES / "valid", repo / "corpus")
        _git(repo, "init", "-q", "-b", "main")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "-m", "base")
        _git(repo, "checkout", "-q", "-b", "pr")
        shutil.rmtree(repo / "corpus")
        shutil.copytree(FIXTURES / "rules-corpus", repo / "corpus")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "-m", "one break per scope")
        os.chdir(repo)  # reported paths are relative to the working folder
        out: dict[str, tuple[int, dict[str, bytes]]] = {}
        for name, extra in (("rules", []), ("rules-base", ["--base", "main"])):
            target = repo / f"reports-{name}"
            code = main(
                ["validate", "corpus", "--today", "2026-11-29", "--no-cache", "--report-dir", str(target), *extra],
                out=io.StringIO(),
                err=io.StringIO(),
            )
            out[name] = (code, {f: (target / f).read_bytes() for f in REPORT_FILES.values()})
        return out
    finally:
        os.chdir(cwd)
        for k, v in old_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def test_the_corpus_breaks_a_rule_of_every_scope(runs: dict[str, tuple[int, dict[str, bytes]]]) -> None:
    import json

    code, files = runs["rules"]
    assert code == 1
    findings = json.loads(files["factlint.json"])["findings"]
    codes = {f["rule"] for f in findings}
    scopes = {p.parent.name for p in (ROOT / "checks").rglob("*.yaml") if p.name.split("-")[0] in codes}
    assert scopes == SCOPES
    assert all(c.startswith(("FC2", "FC3")) for c in codes)


@pytest.mark.parametrize("name", ["rules", "rules-base"])
@pytest.mark.parametrize("fmt", sorted(REPORT_FILES))
def test_rule_golden(runs: dict[str, tuple[int, dict[str, bytes]]], name: str, fmt: str) -> None:
    output = runs[name][1][REPORT_FILES[fmt]]
    golden = GOLDENS / f"{name}.{REPORT_FILES[fmt]}"
    if REGEN:
        golden.write_bytes(output)
    assert golden.exists(), f"no golden file {golden}; run with FACTLINT_REGEN_GOLDEN=1 to create it"
    assert output == golden.read_bytes(), f"{fmt} differs from {golden.name}"


def test_the_base_run_marks_the_changed_files(runs: dict[str, tuple[int, dict[str, bytes]]]) -> None:
    text = runs["rules-base"][1]["factlint.txt"].decode()
    assert "Changes since main" in text
    assert "(changed)" in text
