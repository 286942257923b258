"""Shared test helpers: the repository's paths and a CLI runner."""

from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from factlint.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
REPORT_FILES = ("factlint.txt", "factlint.json", "summary.md", "report.html", "junit.xml", "factlint.sarif")
"""The report files of a run with --report-dir (the tests that compare two runs' reports byte for byte)."""


def corpus_today() -> dt.date:
    """The day the tests of claims/ run as: the corpus's last re-check, i.e. the latest `retrieved` date of a
    source or review `date` of a claim. A source retrieved today is then never 'in the future' (FC233) for
    them, with no frozen date to move by hand; test_corpus checks that this day is not after the real today."""
    from factlint.loader import load_path

    days = []
    for path in (ROOT / "claims").rglob("*.yaml"):
        data = load_path(path).data
        if isinstance(data, dict):
            days.append(data.get("retrieved"))
            review = data.get("review")
            days.append(review.get("date") if isinstance(review, dict) else None)
    return max(dt.date.fromisoformat(d) for d in days if isinstance(d, str))


# tests/spark needs the spark extra and Java: only `nox -s spark` (which sets this) collects it.
collect_ignore = [] if os.environ.get("FACTLINT_SPARK_TESTS") == "1" else ["spark"]


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*argv: str) -> Run:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return Run(code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see no colour settings from the developer's shell."""
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Each test starts with an empty content cache of its own, outside the folders it checks."""
    folder = tmp_path_factory.mktemp("factlint-cache")
    monkeypatch.setenv("FACTLINT_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the repository root, so reported paths are relative to it."""
    monkeypatch.chdir(ROOT)
    return ROOT


def corpus_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, article_text: str) -> Path:
    """A copy of the real corpus under tmp/claims, an article text at tmp/art.txt; the working folder tmp/."""
    import shutil

    shutil.copytree(ROOT / "claims", tmp_path / "claims")
    (tmp_path / "art.txt").write_text(article_text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Bytes and mtime of every file under ``folder`` (to prove nothing was written)."""
    return {str(p): (p.read_bytes(), os.stat(p).st_mtime_ns) for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A generated corpus of 100 claims with planted findings (the cache tests' cold/warm runs)."""
    from bench.generate import generate

    root = tmp_path / "small"
    generate(root, claims=100, seed=9, rate=0.01)
    return root
