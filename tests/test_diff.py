"""``validate --base``: the semantic diff on two revisions of a temporary git repository."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from factlint.diff import describe

from .conftest import FIXTURES

VALID = FIXTURES / "valid"
ARTICLE = "claims/articles/example-article"


def git(repo: Path, *args: str) -> str:
    cmd = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false", *args]
    return subprocess.run(cmd, cwd=repo, check=True, capture_output=True, text=True).stdout


def write(repo: Path, rel: str, text: str) -> None:
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


ITALY_STATUS = (VALID / "articles/example-article/norway-confirmed.yaml").read_text()
ITALY_STATUS = ITALY_STATUS.replace("norway-confirmed", "italy-status").replace("subject: norway", "subject: italy")
ITALY_STATUS = ITALY_STATUS.replace("Norway has confirmed", "Italy has been invited to")
ITALY_V1 = ITALY_STATUS.replace("value: confirmed", "value: invited")
ITALY_V2 = ITALY_STATUS.replace("as_of: 2026-01-19", "as_of: 2026-01-20")
COUNCIL = (VALID / "articles/example-article/council-three-members.yaml").read_text()
QUOTE = (VALID / "articles/example-article/quote-we-are-ready.yaml").read_text()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with two commits: the base, and a change to claims on top of it."""
    monkeypatch.setenv("HOME", str(tmp_path))  # no developer git configuration
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    shutil.copytree(VALID / "entities", root / "claims/entities")
    shutil.copytree(VALID / "sources", root / "claims/sources")
    write(root, "claims/entities/italy.yaml", "id: italy\nkind: country\nname: Italy\niso3166_alpha2: IT\n")
    write(root, f"{ARTICLE}/italy-status.yaml", ITALY_V1)
    write(root, f"{ARTICLE}/council-three-members.yaml", COUNCIL)
    write(root, f"{ARTICLE}/old-claim.yaml", COUNCIL.replace("council-three-members", "old-claim"))
    write(root, "README.md", "base\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    write(root, f"{ARTICLE}/italy-status.yaml", ITALY_V2)
    write(root, f"{ARTICLE}/council-three-members.yaml", COUNCIL.replace("rating: attributed", "rating: verified"))
    (root / f"{ARTICLE}/old-claim.yaml").unlink()
    write(root, f"{ARTICLE}/quote-we-are-ready.yaml", QUOTE)
    write(root, "README.md", "changed, but not a record\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "change claims")
    monkeypatch.chdir(root)
    return root


def test_diff_summarises_the_change_in_claim_terms(cli, repo: Path, tmp_path: Path) -> None:
    # An uncommitted, untracked claim with a defect counts as changed too.
    write(repo, f"{ARTICLE}/bad-date.yaml", ITALY_V2.replace("as_of: 2026-01-20", "as_of: 2026-13-01"))
    out_dir = tmp_path / "reports"
    run = cli("validate", "--schema-only", "claims", "--base", "HEAD~1", "--report-dir", str(out_dir))
    assert run.code == 1, run.err
    data = json.loads((out_dir / "factlint.json").read_text())
    texts = [c["text"] for c in data["diff"]["changes"]]
    assert "Italy: invited → confirmed as of 2026-01-20" in texts
    assert "verdict of council-three-members changed from attributed to verified" in texts
    assert "new quote by Alice Example: “We are ready,” (quote-we-are-ready)" in texts
    assert any(t.startswith("claim old-claim removed") for t in texts)
    assert not any("README" in t for t in texts)
    names = ("bad-date", "council-three-members", "italy-status", "old-claim", "quote-we-are-ready")
    assert data["diff"]["changed_files"] == [f"{ARTICLE}/{n}.yaml" for n in names]
    (finding,) = data["findings"]
    assert finding["file"] == f"{ARTICLE}/bad-date.yaml"
    assert finding["changed"] is True
    summary = (out_dir / "summary.md").read_text()
    assert "Italy: invited → confirmed as of 2026-01-20" in summary
    assert "Changes since HEAD~1" in run.out


def test_diff_uses_the_merge_base(cli, repo: Path) -> None:
    """Commits on the base branch after the fork are not the pull request's changes."""
    git(repo, "checkout", "-q", "-b", "feature")
    git(repo, "checkout", "-q", "main")
    write(repo, f"{ARTICLE}/on-main-only.yaml", QUOTE.replace("quote-we-are-ready", "on-main-only"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "main moves on")
    git(repo, "checkout", "-q", "feature")
    write(repo, f"{ARTICLE}/italy-status.yaml", ITALY_V1)
    git(repo, "commit", "-q", "-am", "feature change")
    run = cli("validate", "--schema-only", "claims", "--base", "main", "--format", "json")
    data = json.loads(run.out)
    assert data["diff"]["changed_files"] == [f"{ARTICLE}/italy-status.yaml"]
    assert [c["text"] for c in data["diff"]["changes"]] == ["Italy: confirmed → invited as of 2026-01-19"]


@pytest.mark.parametrize(
    ("ref", "message"),
    [("no-such-branch", "unknown git revision 'no-such-branch'"), ("--output=x", "is not a git revision")],
)
def test_bad_base_is_a_usage_error(cli, repo: Path, ref: str, message: str) -> None:
    run = cli("validate", "--schema-only", "claims", f"--base={ref}")
    assert run.code == 2
    assert message in run.err
    assert "Traceback" not in run.err
    assert run.out == ""


def test_base_outside_a_git_repository(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(VALID, tmp_path / "claims")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    run = cli("validate", "--schema-only", "claims", "--base", "main")
    assert run.code == 2
    assert "not in one" in run.err


def test_describe_other_changes() -> None:
    old = {"id": "c", "type": "composition", "as_of": "2026-01-01", "composition": {"body": "b", "seats": 3}}
    new = {**old, "composition": {"body": "b", "seats": 4}, "notes": "n"}
    texts = [c.text for c in describe("f.yaml", "claim", old, new, {"b": "The Board"})]
    assert texts == ["The Board: 3 → 4 seats as of 2026-01-01", "claim c: notes changed"]
    assert describe("f.yaml", "claim", old, old) == []
    assert [c.text for c in describe("e.yaml", "entity", None, {"id": "x", "name": "X"})] == ["new entity x: X"]
    broken = describe("f.yaml", "claim", old, ["not", "a", "mapping"])
    assert broken[0].action == "changed"
    assert "not a loadable record" in broken[0].text
