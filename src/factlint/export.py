"""``factlint export claimreview [PATH] --out DIR``: the command around :mod:`factlint.claimreview`.

Exit codes: 0 written; 1 records fail their schemas (nothing written); 2 a
missing or bad setting, a rating off the scale, a bad path or an unwritable
folder (nothing written).
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO


def add_parser(sub: Any) -> None:
    x = sub.add_parser("export", help="export the fact-check for publishing (schema.org ClaimReview)")
    x.add_argument("what", choices=["claimreview"], help="claimreview: schema.org ClaimReview JSON-LD")
    x.add_argument("path", nargs="?", default="claims", metavar="PATH", help="the corpus (default: claims)")
    x.add_argument(
        "--out",
        required=True,
        metavar="DIR",
        help="write claimreview.jsonld and markup-pages.json (Fact Check Tools shape) to DIR",
    )


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``factlint export claimreview``: 0 written, 1 records fail their schemas, 2 a setting or usage error."""
    from factlint import claimreview, corpus, validate
    from factlint.discover import UsageError
    from factlint.reporters.text import render as render_text

    try:
        root = corpus.find_root(args.path)
        if root is None:
            raise UsageError(f"no corpus found for {args.path}: looked for {corpus.LOOKED_FOR}")
        where = (root / corpus.MARKER).as_posix()
        pub = claimreview.publisher(corpus.settings(root), where)
        result = validate.run([args.path], schema_only=True)
        if result.errors:
            out.write(render_text(result))
            err.write("factlint: nothing exported: the records above do not pass their schemas; fix them first\n")
            return 1
        export = claimreview.build(result.records, pub)
        files = claimreview.write(args.out, export, pub)
    except (UsageError, corpus.SettingsError, claimreview.ExportError) as exc:
        err.write(f"factlint: error: {exc}; nothing exported\n")
        return 2
    except OSError as exc:
        err.write(f"factlint: error: cannot write to {exc.filename or args.out}: {exc.strerror or exc}\n")
        return 2
    skipped = ", ".join(f"{n} {state}" for state, n in sorted(export.not_published.items()))
    out.write(
        f"factlint: exported {len(export.reviews)} published claim(s) as ClaimReview to "
        f"{', '.join(p.as_posix() for p in files)}\n"
    )
    out.write(
        f"factlint: not exported (not published): {skipped}\n"
        if skipped
        else "factlint: every claim is published; drafts and claims in review are never exported\n"
    )
    for note in export.notes:
        out.write(f"factlint: note: {note}\n")
    return 0
