"""The ``factlint validate`` command: check the output targets and options before any work, run
:func:`factlint.validate.run`, write the reports (``--output``, ``--report-dir``; atomically, and a run that
cannot finish still writes every report, saying why), print the report to the terminal in colour or not,
and write ``--timings``. Its one entry point is :func:`run`; its exit code is the result's.
"""

from __future__ import annotations

import argparse
import contextlib
import os
from typing import Any, TextIO

from factlint.cli.parser import run_date


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``factlint validate``: the result's exit code; what stops the run is raised (``factlint.cli`` maps it)."""
    from factlint import diff, output, validate
    from factlint.cache import Cache
    from factlint.color import use_color
    from factlint.reporters import REPORT_FILES, chunks, render
    from factlint.reporters.common import ReportContext, github_base_url
    from factlint.reporters.text import render as render_text

    timings = validate.Timings() if args.timings else None
    if not args.paths:
        from factlint.corpus import default_target

        args.paths = [default_target()]
    to_stdout = args.output == "-"
    # Before any work: the targets are safe to write, the options usable; then nothing planted survives.
    plan = output.plan(args.report_dir, args.output, args.format, args.paths, REPORT_FILES)
    today = run_date(args.today)
    if args.base is not None:
        diff.resolve(args.base)  # a bad revision is a usage error before any work is done
    _prepare(plan, args)

    written: list[tuple[Any, Any, str]] = []  # the text report this process wrote: (result, context, text)

    def report_chunks(name: str, result: Any) -> Any:
        from factlint.timings import phase

        with phase(timings, f"report:{name}"):  # each format's own time (inside the reports phase)
            if name == "text":  # kept: the terminal gets the same text (when not in colour)
                text = render_text(result, context=context)
                written.append((result, context, text))
                yield text
            else:
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
        with validate.phase(timings, "reports"), validate.long_lived():
            _write(
                plan,
                args,
                lambda: plan.write(result, report_chunks, complete=True, exit_code=result.exit_code, timings=timings),
            )
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
            same = [t for r, c, t in written if r is result and c is context]
            out.write(same[0] if same and not color else render_text(result, color=color, context=context))
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
