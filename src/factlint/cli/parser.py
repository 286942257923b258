"""The ``factlint`` command's arguments: :func:`build_parser` builds the whole argument parser (the
``validate``, ``rules`` and ``explain`` options here; ``new``/``fix`` and ``export`` add their own through
:mod:`factlint.scaffold.commands` and :mod:`factlint.export`), and :func:`run_date` is the run's date that
``--today`` or ``SOURCE_DATE_EPOCH`` sets. It only reads arguments and the environment; running a command
is :mod:`factlint.cli`'s job.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os

from factlint import __version__

TRACEBACK_ENV = "FACTLINT_TRACEBACK"
"""Set to 1 to print the cause (traceback) of every error, like ``--traceback``."""


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r}; write YYYY-MM-DD") from None


def run_date(arg: dt.date | None) -> dt.date:
    """The run's date: ``--today``, else ``SOURCE_DATE_EPOCH`` (seconds since 1970, UTC), else today.

    A ``SOURCE_DATE_EPOCH`` that is not a whole number of seconds within years 1..9999 is a usage error.
    """
    from factlint.errors import UsageError

    if arg is not None:
        return arg
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None or epoch == "":
        return dt.date.today()
    text = epoch.strip()
    if not (text.isascii() and text.isdigit()):
        raise UsageError(
            f"SOURCE_DATE_EPOCH={epoch[:40]!r} is not a number of seconds since 1970-01-01 UTC; "
            "unset it or give --today YYYY-MM-DD"
        )
    try:
        if len(text) > 12:  # far past year 9999; never hand the platform a number it cannot hold
            raise OverflowError
        return dt.datetime.fromtimestamp(int(text), tz=dt.UTC).date()
    except (OverflowError, OSError, ValueError):
        raise UsageError(
            f"SOURCE_DATE_EPOCH={text} is out of range (after year 9999); unset it or give --today YYYY-MM-DD"
        ) from None


def build_parser() -> argparse.ArgumentParser:
    from factlint.reporters import REPORTER_BY_NAME

    parser = argparse.ArgumentParser(prog="factlint", description="Fact-checking as code: validate claim records.")
    parser.add_argument("--version", action="version", version=f"factlint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=argparse.ArgumentParser)

    v = sub.add_parser("validate", help="check claim, source, entity and coverage records")
    v.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders (default: claims, else the corpus you are in)"
    )
    v.add_argument("--format", choices=sorted(REPORTER_BY_NAME), default="text", help="output format (default: text)")
    v.add_argument(
        "--output",
        metavar="FILE",
        help="write the report in --format to FILE (atomically; never over an input, a symlink or a special "
        "file); '-' writes it to standard output; with a FILE the text report still goes to stdout",
    )
    v.add_argument(
        "--schema-only",
        action="store_true",
        help="run the load and schema stages only (fast; never imports Great Expectations)",
    )
    v.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="the text report also says what was checked: articles, claims by verdict, every rule that ran "
        "with its expectation, the rows it evaluated and how many failed",
    )
    v.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour (default: auto)")
    v.add_argument(
        "--today",
        type=_date,
        metavar="YYYY-MM-DD",
        help="the run's date for date rules (default: today, or SOURCE_DATE_EPOCH when set)",
    )
    v.add_argument(
        "--report-dir",
        metavar="DIR",
        help="also write every report format to DIR, atomically: factlint.txt, factlint.json, summary.md, "
        "report.html, junit.xml, factlint.sarif, annotations.txt",
    )
    v.add_argument(
        "--timings",
        metavar="FILE",
        help="write the seconds spent in each phase (discover, read, parse, schema, tables, gx_import, rules, "
        "reports) to FILE as JSON; for benchmarks (nox -s bench)",
    )
    v.add_argument(
        "--engine",
        choices=("pandas", "spark"),
        default="pandas",
        help="Great Expectations engine of the rule stage (default: pandas); spark needs the spark extra "
        "(pip install 'factlint[spark]') and Java 17+",
    )
    v.add_argument(
        "--spark-master",
        metavar="URL",
        help="Spark master for --engine spark, e.g. spark://host:7077 or yarn "
        "(default: FACTLINT_SPARK_MASTER, else local[*])",
    )
    v.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress on stderr (progress shows only on a terminal, for runs over a few thousand files)",
    )
    v.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor write the content cache of loaded, schema-valid records "
        "(default folder ~/.cache/factlint, or FACTLINT_CACHE_DIR)",
    )
    v.add_argument(
        "--base",
        metavar="REF",
        help="git revision to compare with (e.g. origin/main): mark findings in changed files and "
        "summarise the claim changes since the merge base of REF and HEAD",
    )

    from factlint.scaffold.commands import add_parsers

    add_parsers(sub, argparse.ArgumentParser)
    from factlint.export import add_parser as add_export

    add_export(sub)

    sub.add_parser("rules", help="list every rule with its code, slug and description")
    e = sub.add_parser("explain", help="explain one rule")
    for p in (parser, v, e):
        p.add_argument(
            "--traceback",
            action="store_true",
            default=argparse.SUPPRESS,
            help=f"print the cause of an error (also: {TRACEBACK_ENV}=1)",
        )
    e.add_argument("code", help="a rule code such as FC101")
    return parser
