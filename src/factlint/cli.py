"""The ``factlint`` command line. ``main(argv)`` is the testable entry point.

Exit codes (also in the README; the exceptions behind them are in :mod:`factlint.errors`):

* 0 - no errors (warnings may be printed);
* 1 - findings of severity error;
* 2 - usage error (bad option, missing path, bad ``--base`` or ``SOURCE_DATE_EPOCH``, an output
  path that would replace an input) or configuration error (broken schema or rule file);
* 3 - internal error (a bug; ``--traceback`` or ``FACTLINT_TRACEBACK=1`` prints the cause);
* 130 - interrupted (SIGINT, SIGTERM).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
from collections.abc import Iterator, Sequence
from typing import Any, TextIO

from factlint import __version__
from factlint.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE

EXIT_ERROR = EXIT_USAGE  # the name earlier versions used
TRACEBACK_ENV = "FACTLINT_TRACEBACK"
"""Set to 1 to print the cause (traceback) of every error, like ``--traceback``."""


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r}; write YYYY-MM-DD") from None


def _today(arg: dt.date | None) -> dt.date:
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
    v.add_argument("paths", nargs="*", default=["claims"], metavar="PATH", help="files or folders (default: claims)")
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


def _validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import os

    from factlint import diff, output, validate
    from factlint.cache import Cache
    from factlint.color import use_color
    from factlint.reporters import REPORT_FILES, chunks, render
    from factlint.reporters.common import ReportContext, github_base_url
    from factlint.reporters.text import render as render_text

    timings = validate.Timings() if args.timings else None
    to_stdout = args.output == "-"
    # Before any work: the targets are safe to write, the options usable; then nothing planted survives.
    plan = output.plan(args.report_dir, args.output, args.format, args.paths, REPORT_FILES)
    today = _today(args.today)
    if args.base is not None:
        diff.resolve(args.base)  # a bad revision is a usage error before any work is done
    _prepare(plan, args)

    def report_chunks(name: str, result: Any) -> Any:
        from factlint.timings import phase

        with phase(timings, f"report:{name}"):  # each format's own time (inside the reports phase)
            yield from chunks(name, result, context=context)

    context = ReportContext(base_url=github_base_url(os.environ), verbose=args.verbose)
    try:
        store = None if args.no_cache else Cache()
        from factlint import progress

        shown = err if not args.quiet and _isatty(err) else None
        with progress.reporting(shown):
            result = validate.run(
                args.paths,
                schema_only=args.schema_only,
                today=today,
                timings=timings,
                cache=store,
                engine=args.engine,
                spark_master=args.spark_master,
            )
        summary = diff.compute(args.base, args.paths, result) if args.base is not None else None
        context = ReportContext(diff=summary, base_url=github_base_url(os.environ), verbose=args.verbose)
        with validate.phase(timings, "reports"):
            _write(plan, args, lambda: plan.write(result, report_chunks, complete=True, exit_code=result.exit_code))
    except BaseException as exc:
        # The run cannot finish: every report says so (and nothing of this run is half written).
        why = _why(exc)
        failed = output.incomplete_result(args.paths, why)
        with contextlib.suppress(Exception):
            plan.write(failed, report_chunks, complete=False, exit_code=_exit_code(exc))
        raise
    color = use_color(out, args.color)
    with validate.phase(timings, "reports"):
        if (args.output and not to_stdout) or args.report_dir:
            # The reports go to files; the terminal still gets the text report.
            out.write(render_text(result, color=color, context=context))
        else:
            out.write(render(args.format, result, color=color and args.format == "text", context=context))
    if timings is not None:
        _write_timings(args.timings, timings, result)
    return result.exit_code


def _prepare(plan: Any, args: argparse.Namespace) -> None:
    from factlint.output import prepare

    _write(plan, args, lambda: prepare(plan))


def _write(plan: Any, args: argparse.Namespace, action: Any) -> None:
    """Run ``action`` (writing reports); an OSError becomes a usage error naming the target."""
    from factlint.errors import UsageError

    try:
        action()
    except OSError as exc:
        where = exc.filename if exc.filename else args.report_dir or args.output
        raise UsageError(f"cannot write the report to {where}: {exc.strerror or exc}") from exc


def _exit_code(exc: BaseException) -> int:
    from factlint.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, FactlintError

    if isinstance(exc, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    return exc.exit_code if isinstance(exc, FactlintError) else EXIT_INTERNAL


def _why(exc: BaseException) -> str:
    from factlint.errors import FactlintError, Interrupted

    if isinstance(exc, KeyboardInterrupt | Interrupted):
        return "it was interrupted"
    if isinstance(exc, FactlintError):
        return f"{exc.label}: {exc}"
    return f"internal error: {type(exc).__name__}: {exc}"


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


def _wants_traceback(argv: Sequence[str]) -> bool:
    return "--traceback" in argv or os.environ.get(TRACEBACK_ENV, "").strip() not in ("", "0")


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run factlint with ``argv`` (default: ``sys.argv[1:]``); returns the exit code (see the module doc)."""
    from factlint.errors import FactlintError, Interrupted

    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    argv = list(argv) if argv is not None else sys.argv[1:]
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    traceback = _wants_traceback(argv)
    try:
        with _terminate_as_interrupt():
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
        return EXIT_USAGE
    except (KeyboardInterrupt, Interrupted) as exc:
        err.write("factlint: interrupted\n")
        _traceback(exc, err, traceback)
        return EXIT_INTERRUPTED
    except FactlintError as exc:
        err.write(f"factlint: {exc.label}: {exc}\n")
        _traceback(exc, err, traceback)
        return exc.exit_code
    except Exception as exc:  # a bug: one line for users, the cause with --traceback
        err.write(f"factlint: internal error: {type(exc).__name__}: {exc}\n")
        if not traceback:
            err.write(f"factlint: run with --traceback (or {TRACEBACK_ENV}=1) to see the cause; please report it\n")
        _traceback(exc, err, traceback)
        return EXIT_INTERNAL


def _traceback(exc: BaseException, err: TextIO, wanted: bool) -> None:
    if wanted:
        import traceback

        err.write("".join(traceback.format_exception(exc)))


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM raises :class:`~factlint.errors.Interrupted` (like Ctrl-C), so temporary files are cleaned up
    and the reports say the run did not finish."""
    import signal
    import threading

    from factlint.errors import Interrupted

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise Interrupted(f"signal {signal.Signals(signum).name}")

    old = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def entry() -> None:
    """The console-script entry point."""
    sys.exit(main())
