"""The ``factlint`` command line. ``main(argv)`` is the testable entry point: it parses the arguments,
hands the command to its handler and turns what goes wrong into one line and an exit code (``entry`` is
the console script, ``python -m factlint`` the same). The parts: :mod:`~factlint.cli.parser` (the options,
the run's date), :mod:`~factlint.cli.validate_command` (``validate``: reports, colour, timings),
:mod:`~factlint.cli.rule_commands` (``rules``, ``explain``); ``new``/``fix`` live in
:mod:`factlint.scaffold.commands`, ``export`` in :mod:`factlint.export`.

Exit codes (also in the README; the exceptions behind them are in :mod:`factlint.errors`):

* 0 - no errors (warnings may be printed);
* 1 - findings of severity error;
* 2 - usage error (bad option, missing path, bad ``--base`` or ``SOURCE_DATE_EPOCH``, an output
  path that would replace an input) or configuration error (broken schema or rule file);
* 3 - internal error (a bug; ``--traceback`` or ``FACTLINT_TRACEBACK=1`` prints the cause);
* 130 - interrupted (SIGINT, SIGTERM).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from typing import NoReturn, TextIO

from factlint.cli.parser import TRACEBACK_ENV, build_parser, run_date
from factlint.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USAGE

EXIT_ERROR = EXIT_USAGE  # the name earlier versions used


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
                from factlint.cli.validate_command import run as validate

                return validate(args, out, err)
            if args.command in ("new", "fix"):
                from factlint.scaffold.commands import run as scaffold

                return scaffold(args, out, err, run_date(None))
            if args.command == "export":
                from factlint.export import run as export

                return export(args, out, err)
            if args.command == "rules":
                from factlint.cli.rule_commands import list_rules

                return list_rules(out)
            if args.command == "explain":
                from factlint.cli.rule_commands import explain

                return explain(args.code, out, err)
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
    leave(main())


def leave(code: int) -> NoReturn:
    """End the process with ``code``, sparing the garbage collector's passes at interpreter shutdown.

    At exit Python tears the modules down with full collections over every object left: after a run with
    the rule stage that is Great Expectations, pandas and numpy (hundreds of thousands of objects; about a
    third of a second of CPU, a fifth of GX's import). Frozen first (``gc.freeze``), they are left to the
    operating system like the rest of the process's memory; the exit itself is the usual one (atexit
    handlers, streams flushed, the same exit code). Only for the process's own exit: ``main`` stays free
    of it, so that callers running it many times keep nothing frozen.
    """
    import gc

    gc.freeze()
    sys.exit(code)
