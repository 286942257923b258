"""Mutation testing of the rules: ``nox -s mutants`` (or ``python tests/mutants.py``).

Each mutation of tests/mutants.yaml is applied, one at a time, to a temporary
copy of the repository (the working tree is never touched); the rule cases and
table tests (tests/test_rule_cases.py, tests/test_tables.py, narrowed by the
mutant's ``tests`` expression) then run in a fresh interpreter on that copy and
must fail. A mutant that passes them survived: the rule or builder can be broken
unnoticed. Prints each outcome and the kill rate; exits 1 if any survived (or
the unmutated copy does not pass, or a mutation no longer applies).

    python tests/mutants.py [--only ID[,ID...]] [--list]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
LIST = ROOT / "tests" / "mutants.yaml"
TEST_FILES = ["tests/test_rule_cases.py", "tests/test_tables.py"]
"""The subset every mutant runs against: the rule cases (and rule-file examples) and the table tests."""
COPY_IGNORE = shutil.ignore_patterns(
    ".git", ".nox", ".venv", "__pycache__", ".*_cache", "reports", "results", "*.egg-info"
)


@dataclass(frozen=True)
class Mutant:
    id: str
    file: str
    find: str
    replace: str
    why: str
    tests: str | None = None
    issue10: str | None = None

    def selection(self) -> str | None:
        """The pytest -k expression: the given one, else the rule code of a checks/ file, else all."""
        if self.tests:
            return self.tests
        match = re.match(r"checks/.+/(FC\d{3})-", self.file)
        return match.group(1) if match else None


def load(path: Path = LIST) -> list[Mutant]:
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Mutant(**item) for item in data]


def problems(mutants: list[Mutant], root: Path = ROOT) -> list[str]:
    """Why some mutants cannot be applied (their ``find`` is not in the file exactly once), or duplicates."""
    out: list[str] = []
    seen: set[str] = set()
    for m in mutants:
        if m.id in seen:
            out.append(f"{m.id}: duplicate id")
        seen.add(m.id)
        path = root / m.file
        if not path.is_file():
            out.append(f"{m.id}: no file {m.file}")
            continue
        count = path.read_text(encoding="utf-8").count(m.find)
        if count != 1:
            out.append(f"{m.id}: `find` occurs {count} times in {m.file} (must be exactly once)")
        if m.find == m.replace:
            out.append(f"{m.id}: replace equals find")
    return out


def _env(copy: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(copy / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("FACTLINT_REGEN_GOLDEN", None)
    return env


def _imports_the_copy(copy: Path) -> bool:
    """The copy's factlint (and its checks/) is what the tests import, not an installed one."""
    code = "import factlint.resources as r; print(r.data_dir('checks'))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=copy, env=_env(copy), capture_output=True, text=True, check=False
    )
    return out.returncode == 0 and Path(out.stdout.strip()).resolve() == (copy / "checks").resolve()


def _pytest(copy: Path, selection: str | None) -> subprocess.CompletedProcess[str]:
    env = _env(copy)
    cmd = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *TEST_FILES]
    if selection:
        cmd += ["-k", selection]
    return subprocess.run(cmd, cwd=copy, env=env, capture_output=True, text=True, check=False)


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated mutant ids to run")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    args = parser.parse_args(argv)
    mutants = load()
    if args.only:
        wanted = set(args.only.split(","))
        unknown = wanted - {m.id for m in mutants}
        if unknown:
            print(f"unknown mutant id(s): {', '.join(sorted(unknown))}", file=sys.stderr)
            return 2
        mutants = [m for m in mutants if m.id in wanted]
    if args.list:
        for m in mutants:
            print(f"{m.id:40} {m.file}  -k {m.selection() or '(all)'}")
        return 0
    broken = problems(mutants)
    if broken:
        print("mutations that no longer apply:\n  " + "\n  ".join(broken), file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="factlint-mutants-") as tmp:
        copy = Path(tmp) / "repo"
        shutil.copytree(ROOT, copy, ignore=COPY_IGNORE, symlinks=True)
        print(f"copy of the repository in {copy}; tests: {' '.join(TEST_FILES)}", flush=True)
        if not _imports_the_copy(copy):
            print("the tests would not import the copy's factlint and checks/; refusing to run", file=sys.stderr)
            return 1
        selections = {m.selection() for m in mutants}
        union = None if None in selections else " or ".join(f"({s})" for s in sorted(map(str, selections)))
        baseline = _pytest(copy, union)
        if baseline.returncode != 0:
            print("the unmutated copy does not pass its tests; fix that first:", file=sys.stderr)
            print(baseline.stdout[-3000:], baseline.stderr[-2000:], file=sys.stderr)
            return 1
        print(f"baseline (no mutation): {_last_line(baseline.stdout)}", flush=True)
        survived: list[Mutant] = []
        for n, m in enumerate(mutants, 1):
            target = copy / m.file
            original = target.read_text(encoding="utf-8")
            target.write_text(original.replace(m.find, m.replace, 1), encoding="utf-8")
            start = time.monotonic()
            try:
                run = _pytest(copy, m.selection())
            finally:
                target.write_text(original, encoding="utf-8")
            if run.returncode == 0:
                survived.append(m)
                verdict = "SURVIVED"
            elif run.returncode == 1:
                verdict = "killed"
            else:  # collection error, usage error, interrupted: not a kill a test made
                survived.append(m)
                verdict = f"ERROR (pytest exit {run.returncode})"
            took = time.monotonic() - start
            print(
                f"[{n}/{len(mutants)}] {verdict:8} {m.id} ({m.why}) [{took:.0f}s] {_last_line(run.stdout)}", flush=True
            )
    killed = len(mutants) - len(survived)
    rate = 100.0 * killed / len(mutants) if mutants else 0.0
    print(f"\nkill rate: {killed}/{len(mutants)} mutants killed ({rate:.1f}%)")
    if survived:
        print("survived (add cases to tests/rules/<CODE>.yaml that kill them):")
        for m in survived:
            print(f"  {m.id}: {m.file}: {m.why}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
