"""The CI integration files: the GitHub workflow, the pre-commit hook, the nox session."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml

from factlint import loader

from .conftest import FIXTURES, ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "factlint.yml"
WORKFLOW_SCHEMA = json.loads((ROOT / "tests" / "schemas" / "github-workflow.json").read_text())


def load_yaml(path: Path) -> object:
    """Read a file the way pre-commit does: PyYAML's safe loader (YAML 1.1)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def workflow() -> dict:
    # GitHub reads workflows as YAML 1.2, where `on` is a string key (YAML 1.1
    # would make it the boolean True); factlint's loader resolves YAML 1.2 core.
    data = loader.load_path(WORKFLOW).data
    assert isinstance(data, dict)
    return data


def test_workflow_is_valid_against_the_github_workflow_schema(workflow: dict) -> None:
    jsonschema.validate(workflow, WORKFLOW_SCHEMA)


def test_workflow_schema_check_can_fail(workflow: dict) -> None:
    broken = {**workflow, "jobs": {"validate": {**workflow["jobs"]["validate"], "runs-on": None, "stepz": []}}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, WORKFLOW_SCHEMA)


def test_workflow_runs_on_pull_requests_and_publishes_every_report(workflow: dict) -> None:
    assert "pull_request" in workflow["on"]
    job = workflow["jobs"]["validate"]
    assert job["permissions"]["security-events"] == "write"
    steps = job["steps"]
    uses = {s.get("uses", "").split("@")[0]: s for s in steps if "uses" in s}
    assert uses["actions/checkout"]["with"]["fetch-depth"] == 0
    assert "actions/setup-python" in uses
    validate = next(s for s in steps if "nox -s validate" in s.get("run", ""))
    assert '--base "origin/$BASE_REF"' in validate["run"]
    assert validate["env"]["BASE_REF"] == "${{ github.base_ref }}"
    assert "if" not in validate, "the validation step decides the job's result"
    summary = next(s for s in steps if "GITHUB_STEP_SUMMARY" in s.get("run", ""))
    annotations = next(s for s in steps if "annotations.txt" in s.get("run", ""))
    assert "reports/summary.md" in summary["run"]
    assert uses["actions/upload-artifact"]["with"]["path"] == "reports/"
    assert uses["github/codeql-action/upload-sarif"]["with"]["sarif_file"] == "reports/factlint.sarif"
    for step in (summary, annotations, uses["actions/upload-artifact"], uses["github/codeql-action/upload-sarif"]):
        assert str(step["if"]).startswith("always()"), step
    for step in steps:  # no ${{ }} expression is pasted into a shell script
        assert "${{" not in step.get("run", ""), step


def test_nox_validate_session_writes_the_report_dir() -> None:
    text = (ROOT / "noxfile.py").read_text()
    assert re.search(r'session\.run\("factlint", "validate", \*args, "--report-dir", REPORT_DIR\)', text)
    assert 'REPORT_DIR = "reports"' in text


def _hooks() -> dict[str, dict]:
    hooks = load_yaml(ROOT / ".pre-commit-hooks.yaml")
    assert isinstance(hooks, list)
    return {h["id"]: h for h in hooks}


@pytest.mark.parametrize("hook_id", ["factlint", "factlint-rules"])
def test_pre_commit_hooks_pick_the_record_files(hook_id: str) -> None:
    hook = _hooks()[hook_id]
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is True
    command, *_ = hook["entry"].split()
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts[command] == "factlint.cli:entry"
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])
    picked = [
        p
        for p in ["claims/a.yaml", "claims/b.yml", "notes.md", ".pre-commit-config.yaml", ".github/workflows/x.yml"]
        if files.search(p) and not exclude.search(p)
    ]
    assert picked == ["claims/a.yaml", "claims/b.yml"]


def test_pre_commit_hook_ids() -> None:
    assert sorted(_hooks()) == ["factlint", "factlint-rules"]


def test_schema_only_hook_runs_the_schema_stage(cli, in_root: Path) -> None:
    _, *args = _hooks()["factlint"]["entry"].split()
    assert args == ["validate", "--schema-only"]
    # What pre-commit runs: the entry with the changed file names appended.
    good = str((FIXTURES / "valid/articles/example-article/norway-confirmed.yaml").relative_to(ROOT))
    bad = str((FIXTURES / "invalid/bad-date.yaml").relative_to(ROOT))
    assert cli(*args, good).code == 0
    run = cli(*args, good, bad)
    assert run.code == 1
    assert "FC105" in run.out


@pytest.mark.slow
def test_rules_hook_checks_changed_files_in_their_corpus(cli, in_root: Path) -> None:
    _, *args = _hooks()["factlint-rules"]["entry"].split()
    assert args == ["validate"]
    claim = "claims/articles/astana-times-111122/tokayev-letter-to-trump.yaml"
    run = cli(*args, "--today", "2026-11-28", claim, "claims/entities/donald-trump.yaml")
    assert run.code == 0, run.out
    assert "in 2 files (schema + rules" in run.out
