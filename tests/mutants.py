"""Mutation testing of the rules: ``nox -s mutants`` (or ``python tests/mutants.py``).

Each mutation of tests/mutants.yaml is applied, one at a time, to a temporary
copy of the repository (the working tree is never touched); the rule cases and
table tests (tests/test_rule_cases.py, tests/test_tables.py, narrowed by the
mutant's ``tests`` expression, ``-x``) then run on that copy and must fail. A
mutant that passes them survived: the rule or builder can be broken unnoticed.

How each mutant's tests run:

* a mutant of a rule file (``checks/``) in a child forked from one server
  process that has imported Great Expectations and collected the tests once
  (on the unmutated copy; only checks/ changes, which nothing reads before a
  test runs): each child is a new process that reads the mutated rule files;
* a mutant of Python source in a fresh interpreter, as the normal suite would.

A mutant is *killed* only when a test failed with it (pytest exit 1) and that
same test passes on the unmutated copy (all killing tests are run again at the
end, without mutation); anything else is an ERROR (a test that fails anyway, a
collection or usage error, a crash), never a kill. The test that killed each
mutant is remembered (in the user's cache folder) and runs first next time,
which changes the order of the tests, not which ones run.

Prints each outcome and the kill rate; exits 1 if any mutant survived or is an
ERROR (or a mutation no longer applies).

    python tests/mutants.py [--only ID[,ID...]] [--list] [--baseline] [--no-hints]
"""

from __future__ import annotations

import argparse
import json
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


def pytest_args(selection: str | None, *, stop: bool = True) -> list[str]:
    """The pytest arguments of one mutant's run: the test files, ``-x``, narrowed by ``selection``."""
    args = ["-q", *(["-x"] if stop else []), "-p", "no:cacheprovider", *TEST_FILES]
    return [*args, "-k", selection] if selection else args


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


# -- inside the copy: one pytest run, in a forked child or a fresh interpreter ---------------------


class _Observer:
    """A pytest plugin: runs the tests named in ``first`` before the others (in their order; the rest keep
    theirs), and notes the first failed test and whether each test passed (setup, call and teardown)."""

    def __init__(self, first: list[str]) -> None:
        self.first = first
        self.failed: str | None = None
        self.outcomes: dict[str, str] = {}

    def pytest_collection_modifyitems(self, items: list[Any]) -> None:
        rank = {nodeid: i for i, nodeid in enumerate(self.first)}
        items.sort(key=lambda item: rank.get(item.nodeid, len(rank)))

    def pytest_runtest_logreport(self, report: Any) -> None:
        if report.failed:
            self.failed = self.failed or report.nodeid
            self.outcomes[report.nodeid] = "failed"
        elif report.when == "call" and self.outcomes.get(report.nodeid) != "failed":
            self.outcomes[report.nodeid] = report.outcome


def _run_request(request: dict[str, Any]) -> int:
    """Run pytest as ``request`` says; write its exit code, first failed test and outcomes to ``result``."""
    import pytest

    observer = _Observer(request.get("first", []))
    code = int(pytest.main(request["args"], plugins=[observer]))
    result = {"exit": code, "failed": observer.failed, "outcomes": observer.outcomes}
    Path(request["result"]).write_text(json.dumps(result), encoding="utf-8")
    return code


def _serve() -> int:
    """The fork server (in the copy): import GX, collect the tests once, then one forked child per request
    line on stdin (JSON), answering each with the child's exit status on stdout."""
    import contextlib
    import io

    import pytest

    from factlint.rules.gx_import import import_gx

    import_gx()
    with contextlib.redirect_stdout(io.StringIO()):  # imports the test modules (their files never change here)
        collected = pytest.main(["-q", "--collect-only", "-p", "no:cacheprovider", *TEST_FILES])
    if collected != 0:
        print(f"collecting the tests failed (pytest exit {int(collected)})", flush=True)
        return 1
    from factlint.rules.catalog import load_rules

    if load_rules.cache_info().currsize:  # the children must read the rule files, mutated, themselves
        print("the rule files were read before the first mutation; refusing to fork from here", flush=True)
        return 1
    print("ready", flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: its output goes to the request's log, its exit code is pytest's
            code = 3
            try:
                log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
                os.dup2(log, 1)
                os.dup2(log, 2)
                code = _run_request(request)
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"status": os.waitstatus_to_exitcode(status)}), flush=True)
    return 0


# -- the runner -----------------------------------------------------------------------------------


class _Server:
    """The fork server's process, seen from the runner."""

    def __init__(self, copy: Path, log: Path) -> None:
        self.log = log
        with open(log, "wb") as err:
            self.proc = subprocess.Popen(
                [sys.executable, str(copy / "tests" / "mutants.py"), "--serve"],
                cwd=copy,
                env=_env(copy),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
            )
        assert self.proc.stdout is not None
        ready = self.proc.stdout.readline().strip()
        if ready != "ready":
            raise RuntimeError(
                f"the test server did not start: {ready or self.log.read_text(errors='replace')[-2000:]}"
            )

    def run(self, request: dict[str, Any]) -> int:
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline()
        if not answer:
            raise RuntimeError(f"the test server stopped: {self.log.read_text(errors='replace')[-2000:]}")
        return int(json.loads(answer)["status"])

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=60)


@dataclass
class Outcome:
    exit: int
    failed: str | None
    outcomes: dict[str, str]
    summary: str


def _run(copy: Path, server: _Server | None, request: dict[str, Any], work: Path, n: int) -> Outcome:
    """One pytest run on the copy: in a child of ``server``, or (None) in a fresh interpreter."""
    result, log = work / f"result-{n}.json", work / f"log-{n}.txt"
    request = {**request, "result": str(result), "log": str(log)}
    if server is not None:
        status = server.run(request)
    else:
        with open(log, "wb") as out:
            cmd = [sys.executable, str(copy / "tests" / "mutants.py"), "--child", json.dumps(request)]
            status = subprocess.run(cmd, cwd=copy, env=_env(copy), stdout=out, stderr=out, check=False).returncode
    summary = _last_line(log.read_text(encoding="utf-8", errors="replace")) if log.exists() else ""
    try:
        found = json.loads(result.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # the child died before writing it: never a kill
        return Outcome(status if status not in (0, 1) else 3, None, {}, summary or "(no result)")
    if found["exit"] != status:
        return Outcome(3, None, {}, f"exit status {status}, pytest said {found['exit']}")
    return Outcome(status, found["failed"], found["outcomes"], summary)


def hints_file() -> Path:
    """Where the test that killed each mutant is remembered (only to run it first next time)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / "factlint-mutants" / "killers.json"


def _read_hints(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    ok = isinstance(data, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in data.items())
    return data if ok else {}


def _write_hints(path: Path, hints: dict[str, str]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".killers.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(dict(sorted(hints.items())), fh, indent=0)
        os.replace(tmp, path)
    except OSError as exc:  # only the order of the next run depends on it
        print(f"(could not remember the killing tests in {path}: {exc})", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated mutant ids to run")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    parser.add_argument(
        "--baseline", action="store_true", help="first run every selected test on the unmutated copy (all must pass)"
    )
    parser.add_argument("--no-hints", action="store_true", help="neither read nor write the remembered killing tests")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        return _serve()
    if args.child:
        return _run_request(json.loads(args.child))
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
    hints_path = hints_file()
    hints = {} if args.no_hints else _read_hints(hints_path)
    with tempfile.TemporaryDirectory(prefix="factlint-mutants-") as tmp:
        copy, work = Path(tmp) / "repo", Path(tmp) / "runs"
        shutil.copytree(ROOT, copy, ignore=COPY_IGNORE, symlinks=True)
        work.mkdir()
        print(f"copy of the repository in {copy}; tests: {' '.join(TEST_FILES)}", flush=True)
        if not _imports_the_copy(copy):
            print("the tests would not import the copy's factlint and checks/; refusing to run", file=sys.stderr)
            return 1
        server = _Server(copy, work / "server.log")
        try:
            verdicts, killers = _mutate(copy, server, work, mutants, hints, baseline=args.baseline)
        finally:
            server.close()
    if verdicts is None:
        return 1
    errors = [m for m in mutants if verdicts[m.id] != "killed"]
    killed = len(mutants) - len(errors)
    if not args.no_hints:
        _write_hints(hints_path, {**hints, **{m.id: killers[m.id] for m in mutants if verdicts[m.id] == "killed"}})
    rate = 100.0 * killed / len(mutants) if mutants else 0.0
    print(f"\nkill rate: {killed}/{len(mutants)} mutants killed ({rate:.1f}%)")
    if errors:
        print("not killed (add cases to tests/rules/<CODE>.yaml that kill the survivors; an ERROR is no kill):")
        for m in errors:
            print(f"  {m.id}: {verdicts[m.id]}: {m.file}: {m.why}")
        return 1
    return 0


def _mutate(
    copy: Path, server: _Server, work: Path, mutants: list[Mutant], hints: dict[str, str], *, baseline: bool
) -> tuple[dict[str, str] | None, dict[str, str]]:
    """Every mutant's verdict (killed, SURVIVED or ERROR ...) and killing test; None: the baseline failed."""
    if baseline:
        selections = {m.selection() for m in mutants}
        union = None if None in selections else " or ".join(f"({s})" for s in sorted(map(str, selections)))
        base = _run(copy, server, {"args": pytest_args(union, stop=False)}, work, 0)
        if base.exit != 0:
            print(f"the unmutated copy does not pass its tests; fix that first: {base.summary}", file=sys.stderr)
            return None, {}
        print(f"baseline (no mutation): {base.summary}", flush=True)
    verdicts: dict[str, str] = {}
    killers: dict[str, str] = {}
    for n, m in enumerate(mutants, 1):
        target = copy / m.file
        original = target.read_text(encoding="utf-8")
        target.write_text(original.replace(m.find, m.replace, 1), encoding="utf-8")
        start = time.monotonic()
        request = {"args": pytest_args(m.selection()), "first": [hints[m.id]] if m.id in hints else []}
        try:  # a rule file is read only by the tests: a forked child; Python source: a fresh interpreter
            run = _run(copy, server if m.file.startswith("checks/") else None, request, work, n)
        finally:
            target.write_text(original, encoding="utf-8")
        if run.exit == 0:
            verdicts[m.id] = "SURVIVED"
        elif run.exit == 1 and run.failed:
            verdicts[m.id] = "killed"
            killers[m.id] = run.failed
        else:  # collection or usage error, interrupted, crashed: not a kill a test made
            verdicts[m.id] = f"ERROR (pytest exit {run.exit})"
        took = time.monotonic() - start
        by = f" by {run.failed}" if verdicts[m.id] == "killed" else ""
        print(f"[{n}/{len(mutants)}] {verdicts[m.id]:8} {m.id} ({m.why}) [{took:.0f}s] {run.summary}{by}", flush=True)
    _confirm(copy, server, work, verdicts, killers, len(mutants) + 1)
    return verdicts, killers


def _confirm(
    copy: Path, server: _Server, work: Path, verdicts: dict[str, str], killers: dict[str, str], n: int
) -> None:
    """A kill counts only if the killing test passes without the mutation: run them all on the unmutated copy."""
    tests = sorted(set(killers.values()))
    if not tests:
        return
    check = _run(copy, server, {"args": ["-q", "-p", "no:cacheprovider", *tests]}, work, n)
    bad = [t for t in tests if check.outcomes.get(t) != "passed"]
    for mid, test in killers.items():
        if test in bad:
            verdicts[mid] = f"ERROR (its killing test {test} does not pass without the mutation either)"
    print(f"\nthe {len(tests)} killing tests, without mutation: {check.summary}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
