"""Helpers of the hostile-input suite (``nox -s hostile``): a temporary copy of a corpus to attack,
a run through the CLI with every report written, and the checks every hostile test makes:
the exit code, the reports are there and valid, and no byte of the corpus changed."""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest

from factlint.cli import main

from .conftest import FIXTURES, ROOT

SARIF_SCHEMA = {
    **json.loads((ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json").read_text()),
    "$ref": "#/definitions/Root",  # the vendored file has no top-level constraint (see tests/schemas/README.md)
}
REPORTS = (
    "factlint.txt",
    "factlint.json",
    "summary.md",
    "report.html",
    "junit.xml",
    "factlint.sarif",
    "annotations.txt",
)


def tree_state(folder: Path) -> dict[str, tuple[str, bytes | int]]:
    """What is under ``folder`` without reading anything that could block: regular files by bytes and
    mtime, everything else (FIFOs, sockets, devices, symlinks) by its type and target."""
    state: dict[str, tuple[str, bytes | int]] = {}
    for dirpath, dirnames, filenames in os.walk(os.fsencode(folder)):
        for name in dirnames + filenames:
            p = os.path.join(dirpath, name)
            st = os.lstat(p)
            key = os.fsdecode(p)
            if stat.S_ISLNK(st.st_mode):
                state[key] = ("link", os.readlink(p))
            elif stat.S_ISREG(st.st_mode) and st.st_size > 4 * 1024 * 1024:  # sparse giants: size and mtime
                state[key] = ("big", f"{st.st_size} {st.st_mtime_ns} {st.st_blocks}".encode())
            elif stat.S_ISREG(st.st_mode):
                with open(p, "rb") as fh:
                    state[key] = ("file", fh.read() + str(st.st_mtime_ns).encode())
            else:
                state[key] = ("other", stat.S_IFMT(st.st_mode))
    return state


@dataclass
class Outcome:
    code: int
    out: str
    err: str
    reports: Path

    def report(self, name: str) -> str:
        return (self.reports / name).read_text(encoding="utf-8")

    def findings(self) -> list[dict[str, object]]:
        data = json.loads(self.report("factlint.json"))
        return list(data["findings"])

    def codes(self) -> set[str]:
        return {str(f["rule"]) for f in self.findings()}


class Corpus:
    """A temporary copy of a corpus (default: the valid fixture tree) in ``root/claims``, with the
    working folder set to ``root`` so file names in findings are ``claims/...``."""

    def __init__(self, root: Path, source: Path = FIXTURES / "valid") -> None:
        self.root = root
        self.path = root / "claims"
        shutil.copytree(source, self.path, symlinks=True)
        self.reports = root / "reports"

    def run(self, *argv: str, paths: tuple[str, ...] = ("claims",), schema_only: bool = True) -> Outcome:
        """``factlint validate`` with every report written to ``reports/``; checks that the reports
        are all there and valid and that the corpus did not change."""
        before = tree_state(self.path)
        out, err = io.StringIO(), io.StringIO()
        args = ["validate", *paths, "--report-dir", str(self.reports), *argv]
        if schema_only:
            args.append("--schema-only")
        code = main(args, out=out, err=err)
        outcome = Outcome(code, out.getvalue(), err.getvalue(), self.reports)
        assert "Traceback" not in outcome.out + outcome.err
        assert tree_state(self.path) == before, "validate changed the corpus"
        check_reports(self.reports)
        return outcome


def check_reports(folder: Path) -> None:
    """Every report is present, valid in its format, and no temporary file is left."""
    names = sorted(p.name for p in folder.iterdir())
    assert [n for n in names if n.endswith(".tmp")] == []
    for name in REPORTS:
        assert (folder / name).is_file(), f"{name} missing"
    json.loads((folder / "factlint.json").read_bytes())
    jsonschema.validate(json.loads((folder / "factlint.sarif").read_bytes()), SARIF_SCHEMA)
    ET.fromstring((folder / "junit.xml").read_bytes())
    for name in REPORTS:
        (folder / name).read_bytes().decode("utf-8")


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Corpus:
    monkeypatch.chdir(tmp_path)
    return Corpus(tmp_path)


def finding_at(outcome: Outcome, code: str, file: str) -> dict[str, object]:
    """The one finding of ``code`` on ``file``."""
    hits = [f for f in outcome.findings() if f["rule"] == code and f["file"] == file]
    assert len(hits) == 1, (code, file, outcome.findings())
    return hits[0]
