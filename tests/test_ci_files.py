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
    summary = next(s for s in steps if "cat reports/summary.md" in s.get("run", ""))
    annotations = next(s for s in steps if "annotations.txt" in s.get("run", ""))
    assert "reports/summary.md" in summary["run"]
    assert uses["actions/upload-artifact"]["with"]["path"] == "reports/"
    assert uses["github/codeql-action/upload-sarif"]["with"]["sarif_file"] == "reports/factlint.sarif"
    for step in (summary, annotations, uses["actions/upload-artifact"], uses["github/codeql-action/upload-sarif"]):
        # published only when the marker written last by factlint carries this run's id
        assert str(step["if"]).startswith("always() && steps.fresh.outputs.fresh == 'true'"), step
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


# --- the workflow's own security (issue 9) --------------------------------------------------


def test_workflow_pins_every_action_by_commit_sha_and_keeps_no_credentials(workflow: dict) -> None:
    steps = workflow["jobs"]["validate"]["steps"]
    for step in steps:
        if "uses" in step:
            ref = step["uses"].split("@", 1)[1]
            assert re.fullmatch(r"[0-9a-f]{40}", ref), step["uses"]
    text = WORKFLOW.read_text()
    for line in text.splitlines():
        if "uses:" in line:
            assert re.search(r"@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), line  # the tag it stands for
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False


@pytest.mark.hostile
def test_workflow_publishes_only_what_this_run_wrote(workflow: dict) -> None:
    job = workflow["jobs"]["validate"]
    assert job["env"]["FACTLINT_RUN_ID"] == "${{ github.run_id }}-${{ github.run_attempt }}"
    steps = job["steps"]
    validate = next(s for s in steps if "nox -s validate" in s.get("run", ""))
    assert validate["run"].startswith("rm -rf reports\n")
    assert validate["run"].rstrip().endswith("--no-cache")  # a cache committed in the pull request is never read
    fresh = next(s for s in steps if s.get("id") == "fresh")
    assert "factlint-run.json" in fresh["run"]
    assert "FACTLINT_RUN_ID" in fresh["run"]
    sarif = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    # a fork's read-only token: skipped, and an upload failure never fails the job
    assert "github.event.pull_request.head.repo.full_name == github.repository" in sarif["if"]
    assert sarif["continue-on-error"] is True


@pytest.mark.hostile
def test_the_freshness_check_of_the_workflow_works(tmp_path: Path) -> None:
    """Run the workflow's own check script: a planted or stale marker is not fresh, this run's is."""
    import os
    import subprocess

    fresh = next(s for s in loader.load_path(WORKFLOW).data["jobs"]["validate"]["steps"] if s.get("id") == "fresh")
    reports = tmp_path / "reports"
    reports.mkdir()

    def check(marker: str | None) -> str:
        (reports / "factlint-run.json").unlink(missing_ok=True)
        if marker is not None:
            (reports / "factlint-run.json").write_text(marker)
        out, summary = tmp_path / "out", tmp_path / "summary"
        out.unlink(missing_ok=True)
        env = {**os.environ, "FACTLINT_RUN_ID": "77-1", "GITHUB_OUTPUT": str(out), "GITHUB_STEP_SUMMARY": str(summary)}
        subprocess.run(["bash", "-e", "-c", fresh["run"]], cwd=tmp_path, env=env, check=True)
        return out.read_text().strip()

    assert check('{"complete": true, "exit_code": 0, "run_id": "77-1"}') == "fresh=true"
    assert check('{"complete": true, "exit_code": 0, "run_id": "planted"}') == "fresh=false"
    assert check(None) == "fresh=false"
    assert check("not json") == "fresh=false"


def test_zizmor_finds_nothing_in_the_workflows() -> None:
    """zizmor (in the test dependency group) audits .github/workflows offline."""
    import shutil
    import subprocess

    zizmor = shutil.which("zizmor")
    if zizmor is None:
        pytest.skip("zizmor is not installed (it is in the test dependency group)")
    proc = subprocess.run(
        [zizmor, "--offline", "--no-progress", str(ROOT / ".github" / "workflows")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
