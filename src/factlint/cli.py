"""The ``factlint`` command line. ``main(argv)`` is the testable entry point.

Exit codes (also in the README):

* 0 - no errors (warnings may be printed);
* 1 - findings of severity error;
* 2 - usage error (bad option, missing path) or internal error (broken schema
  or rule file, a rule that could not run).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from factlint import __version__

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message}\n")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r}; write YYYY-MM-DD") from None


def _today(arg: dt.date | None) -> dt.date:
    if arg is not None:
        return arg
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


def build_parser() -> argparse.ArgumentParser:
    from factlint.reporters import REPORTER_BY_NAME

    parser = _Parser(prog="factlint", description="Fact-checking as code: validate claim records.")
    parser.add_argument("--version", action="version", version=f"factlint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    v = sub.add_parser("validate", help="check claim, source, entity and coverage records")
    v.add_argument("paths", nargs="*", default=["claims"], metavar="PATH", help="files or folders (default: claims)")
    v.add_argument("--format", choices=sorted(REPORTER_BY_NAME), default="text", help="output format (default: text)")
    v.add_argument(
        "--output",
        metavar="FILE",
        help="write the report in --format to FILE (atomically); the text report still goes to stdout",
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
        "--no-cache",
        action="store_true",
        help="neither read nor write the content cache of loaded, schema-valid records "
        "(default folder .factlint_cache, or FACTLINT_CACHE_DIR)",
    )
    v.add_argument(
        "--base",
        metavar="REF",
        help="git revision to compare with (e.g. origin/main): mark findings in changed files and "
        "summarise the claim changes since the merge base of REF and HEAD",
    )

    from factlint.scaffold.commands import add_parsers

    add_parsers(sub, _Parser)
    from factlint.export import add_parser as add_export

    add_export(sub)

    sub.add_parser("rules", help="list every rule with its code, slug and description")
    e = sub.add_parser("explain", help="explain one rule")
    e.add_argument("code", help="a rule code such as FC101")
    return parser


def _validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import os

    from factlint import diff, validate
    from factlint.cache import Cache
    from factlint.color import use_color
    from factlint.discover import UsageError
    from factlint.reporters import render
    from factlint.reporters.common import ReportContext, github_base_url
    from factlint.reporters.text import render as render_text

    timings = validate.Timings() if args.timings else None
    try:
        if args.base is not None:
            diff.resolve(args.base)  # a bad revision is a usage error before any work is done
        store = None if args.no_cache else Cache()
        result = validate.run(
            args.paths,
            schema_only=args.schema_only,
            today=_today(args.today),
            timings=timings,
            cache=store,
            engine=args.engine,
            spark_master=args.spark_master,
        )
        summary = diff.compute(args.base, args.paths, result) if args.base is not None else None
    except (UsageError, diff.DiffError, validate.MissingExtra) as exc:
        err.write(f"factlint: error: {exc}\n")
        return EXIT_ERROR
    context = ReportContext(diff=summary, base_url=github_base_url(os.environ), verbose=args.verbose)
    color = use_color(out, args.color)
    try:
        with validate.phase(timings, "reports"):
            _write_reports(args, result, context, timings)
    except OSError as exc:
        where = exc.filename if exc.filename else args.report_dir or args.output
        err.write(f"factlint: error: cannot write the report to {where}: {exc.strerror or exc}\n")
        return EXIT_ERROR
    with validate.phase(timings, "reports"):
        if args.output or args.report_dir:
            # The reports go to files; the terminal still gets the text report.
            out.write(render_text(result, color=color, context=context))
        else:
            out.write(render(args.format, result, color=color and args.format == "text", context=context))
    if timings is not None:
        _write_timings(args.timings, timings, result)
    return result.exit_code


def _write_timings(path: str, timings: Any, result: Any) -> None:
    import json
    import resource

    from factlint.atomic import write_text

    data = {
        "phases": {k: round(v, 6) for k, v in timings.phases.items()},
        **timings.info,
        "files": result.files_checked,
        "records": len(result.records),
        "findings": len(set(result.findings)),
        "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "workers_maxrss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    }
    write_text(path, json.dumps(data, indent=2) + "\n")


def _write_reports(args: argparse.Namespace, result: Any, context: Any, timings: Any = None) -> None:
    from pathlib import Path

    from factlint.atomic import write_chunks
    from factlint.reporters import REPORT_FILES, chunks
    from factlint.timings import phase

    if args.report_dir:
        for name, filename in REPORT_FILES.items():
            with phase(timings, f"report:{name}"):  # each format's own time (inside the reports phase)
                write_chunks(Path(args.report_dir) / filename, chunks(name, result, context=context))
    if args.output:
        write_chunks(args.output, chunks(args.format, result, context=context))


def _rules(out: TextIO) -> int:
    from factlint.codes import CODES
    from factlint.rules.catalog import load_rules

    rows = [(c.code, c.slug, c.severity.value, c.stage, c.description) for c in CODES.values()]
    rows += [(r.code, r.slug, r.severity.value, r.scope, r.description) for r in load_rules()]
    width = max(len(r[1]) for r in rows)
    out.write(f"{'CODE':<6} {'SLUG':<{width}} {'SEVERITY':<8} {'SCOPE':<9} DESCRIPTION\n")
    for code, slug, severity, scope, description in rows:
        out.write(f"{code:<6} {slug:<{width}} {severity:<8} {scope:<9} {description}\n")
    return EXIT_OK


def _explain(code: str, out: TextIO, err: TextIO) -> int:
    import difflib

    from factlint.codes import CODES
    from factlint.rules.catalog import load_rules

    wanted = code.upper()
    rules = {r.code: r for r in load_rules()}
    if wanted in CODES:
        c = CODES[wanted]
        out.write(f"{c.code} {c.slug} ({c.severity.value}, {c.stage} stage)\n{c.title}\n\n{c.description}\n")
        return EXIT_OK
    if wanted in rules:
        r = rules[wanted]
        out.write(
            f"{r.code} {r.slug} ({r.severity.value}; {r.file})\n{r.title}\n\n{r.description}\n\n"
            f"Why: {r.rationale}\n\nRuns {r.expectation['type']} on the table '{r.table}' with:\n"
            f"{_indent(_yaml(r.expectation['kwargs']))}\n"
            f"Violation:\n{_indent(r.example['violation'])}\nFix:\n{_indent(r.example['fix'])}"
        )
        return EXIT_OK
    close = difflib.get_close_matches(wanted, [*CODES, *rules], n=1)
    hint = f"; did you mean {close[0]}?" if close else "; see 'factlint rules'"
    err.write(f"factlint: error: unknown rule code {code!r}{hint}\n")
    return EXIT_ERROR


def _yaml(data: object) -> str:
    import yaml

    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" for line in text.rstrip("\n").split("\n"))


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run factlint with ``argv`` (default: ``sys.argv[1:]``); returns the exit code."""
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else EXIT_ERROR
    try:
        if args.command == "validate":
            return _validate(args, out, err)
        if args.command in ("new", "fix"):
            from factlint.scaffold.commands import run as scaffold

            return scaffold(args, out, err, _today(None))
        if args.command == "export":
            from factlint.export import run as export

            return export(args, out, err)
        if args.command == "rules":
            return _rules(out)
        if args.command == "explain":
            return _explain(args.code, out, err)
        parser.print_help(out)
        return EXIT_ERROR
    except KeyboardInterrupt:
        err.write("factlint: interrupted\n")
        return EXIT_ERROR
    except Exception as exc:  # an internal error must not print a traceback at users
        from factlint.schemas import SchemaSetupError

        setup = isinstance(exc, SchemaSetupError) or type(exc).__name__ in ("RuleSetupError", "RuleRunError")
        if setup:
            err.write(f"factlint: configuration error: {exc}\n")
        else:
            err.write(f"factlint: internal error: {type(exc).__name__}: {exc}\n")
        return EXIT_ERROR


def entry() -> None:
    """The console-script entry point."""
    sys.exit(main())
