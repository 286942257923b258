"""factlint's sessions. `nox -l` lists them; `nox` runs the default ones.

Dependency groups come from pyproject.toml ([dependency-groups]), so the
noxfile never repeats a version pin.
"""

from __future__ import annotations

import nox

nox.options.sessions = ["validate", "tests", "lint"]
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True

PYPROJECT = nox.project.load_toml("pyproject.toml")
REPORT_DIR = "reports"


def _group(name: str) -> list[str]:
    return list(nox.project.dependency_groups(PYPROJECT, name))


@nox.session
def validate(session: nox.Session) -> None:
    """The main job: validate claims/ (schemas, then rules) and write every report to reports/.

    reports/ then holds factlint.txt, factlint.json, summary.md (the GitHub job
    summary), report.html, junit.xml, factlint.sarif and annotations.txt (GitHub
    workflow commands). Arguments after ``--`` go to ``factlint validate``, e.g.
    ``nox -s validate -- claims --base origin/main``.
    """
    session.install(".[rules]")
    args = session.posargs or ["claims"]
    session.run("factlint", "validate", *args, "--report-dir", REPORT_DIR)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite with pytest (strict markers and config, warnings as errors)."""
    session.install(".[rules]", *_group("test"))
    session.run("pytest", *session.posargs)


@nox.session(default=False)
def hostile(session: nox.Session) -> None:
    """The hostile-input suite alone (tests marked ``hostile``): crashes, hangs, silent skips, planted or
    lying reports, unsafe output paths, workflow commands, regex dialects; also part of ``nox -s tests``."""
    session.install(".", *_group("test"))
    session.run("pytest", "-m", "hostile", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff (lint and format check) on everything, mypy --strict on src/."""
    session.install(".[rules]", *_group("lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Benchmark: factlint on generated corpora of 1k, 10k and 100k claims (not run by default).

    Each size is generated into a temporary folder by bench/generate.py (never
    into claims/) and checked by separate processes, several times: the full
    ``factlint validate`` (schema, rules, every report), ``--schema-only``, a
    read + yaml.CSafeLoader floor and check-jsonschema with the same claim
    schema. Prints the median of each phase, peak memory and the target
    ratios; writes everything to bench/results/bench-<time>.json. Options go
    after ``--``, e.g. ``nox -s bench -- --sizes 1000,10000 --repeat 5``
    (see ``python bench/run.py --help``).
    """
    session.install(".[rules]", *_group("bench"))
    session.run("python", "bench/run.py", *session.posargs)


@nox.session(default=False)
def spark(session: nox.Session) -> None:
    """pandas and Spark give identical findings (not run by default, not in CI: needs Java 17+ and ~1 min).

    Installs the ``spark`` extra (pyspark, pyarrow) and runs tests/spark/: the
    same checks/ on claims/ and on a generated 10k corpus with planted
    violations, once with ``--engine pandas`` and once with ``--engine spark``
    (local[2], Arrow on). Arguments after ``--`` go to pytest.
    """
    session.install(".[rules,spark]", *_group("test"))
    # py4j leaves its sockets to the garbage collector: ResourceWarnings that are not ours to fix.
    ignore = ["-W", "ignore::pytest.PytestUnraisableExceptionWarning", "-W", "ignore::ResourceWarning"]
    env = {"FACTLINT_SPARK_TESTS": "1", "SPARK_LOCAL_IP": "127.0.0.1"}
    session.run("pytest", "tests/spark", "-p", "no:cacheprovider", *ignore, *session.posargs, env=env)


@nox.session(default=False)
def mutants(session: nox.Session) -> None:
    """Mutation testing of the rules (not run by default): every mutation in tests/mutants.yaml must be killed.

    Each mutation (a rule file's value set, threshold, row condition, or_equal,
    ignore_row_if; a comparison, min/max or condition of the table builders) is
    applied alone to a temporary copy of the repository and the rule cases and
    table tests (tests/test_rule_cases.py, tests/test_tables.py, narrowed per
    mutant) must then fail: rule-file mutants in children forked from one process
    that imported Great Expectations once, Python mutants in a fresh interpreter.
    A kill counts only if the killing test passes without the mutation (checked at
    the end). Prints each outcome and the kill rate; fails if any mutant survives
    or errs. ``nox -s mutants -- --only ID,ID`` runs some, ``-- --list`` lists them,
    ``-- --baseline`` first runs every selected test unmutated.
    """
    session.install(".[rules]", *_group("test"))
    session.run("python", "tests/mutants.py", *session.posargs)
