"""The ``factlint new ...`` and ``factlint fix archive`` commands: from parsed arguments to files written.

:func:`run` plans the files (:mod:`.new_claim`, :mod:`.new_entity`, article and source here),
checks each record against its schema, checks the ids it names against the corpus's entities
(:mod:`.known`: warnings that say what to use), and writes them all or nothing. The parsers are
in :mod:`.parsers`, ``fix archive`` in :mod:`.archive_fix`, what they share in :mod:`.common`.

Exit codes: 0 written; 2 nothing written (bad input, an existing file, no corpus found).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from pathlib import Path
from typing import TextIO

from factlint import corpus
from factlint.scaffold import records
from factlint.scaffold.common import EXIT_ERROR, EXIT_OK, ScaffoldError, find_root, shown, slug_ok
from factlint.scaffold.files import WriteError, replace_text, write_new
from factlint.scaffold.parsers import add_parsers

__all__ = ["EXIT_ERROR", "EXIT_OK", "ScaffoldError", "add_parsers", "run"]


def run(args: argparse.Namespace, out: TextIO, err: TextIO, today: dt.date) -> int:
    """Run ``new KIND ...`` or ``fix archive ID``: write the files, then print them, the warnings and next steps."""
    from factlint.discover import UsageError
    from factlint.scaffold.textin import TextError

    try:
        root = find_root(args.root)
        if args.command == "fix" and args.fix_kind == "coverage":
            from factlint.scaffold.coverage_edit import fix_coverage

            return fix_coverage(root, args.article, args.not_a_claim, args.why, out)
        if args.command == "fix":
            from factlint.scaffold.archive_fix import fix_archive

            return fix_archive(root, args.source_id, out)
        plan = _plan(root, args, today)
        _check_records(plan)
        warnings = _check_ids(root, args, plan)
        write_new(root, {root / f.rel: f.data for f in plan.files})
    except (ScaffoldError, TextError, WriteError, UsageError) as exc:
        err.write(f"factlint: error: {exc}\n")
        return EXIT_ERROR
    for f in plan.files:
        out.write(f"factlint: wrote {shown(root / f.rel)}: {f.what}\n")
    for f in plan.edits:
        replace_text(root / f.rel, f.data.decode("utf-8"))
        out.write(f"factlint: updated {shown(root / f.rel)}: {f.what}\n")
    for warning in warnings:
        err.write(f"factlint: warning: {warning}\n")
    for step in plan.next_steps:
        out.write(f"next: {_named(step, root)}\n")
    return EXIT_OK


_IN_CORPUS = re.compile(r"(?<![\w./-])((?:articles|coverage|sources|entities)/[\w./-]*[\w-]\.(?:yaml|txt))")
"""A file of the corpus as a next step names it: relative to the corpus root."""


def _named(step: str, root: Path) -> str:
    """``step`` with each corpus file it names written as the lines above it name files (``wrote claims/...``):
    a path relative to the corpus root, read from the folder the command ran in, names no file."""
    return _IN_CORPUS.sub(lambda m: shown(root / m.group(1)), step)


def _plan(root: Path, args: argparse.Namespace, today: dt.date) -> records.Plan:
    from factlint.scaffold import textin

    kind = args.new_kind
    if kind == "article":
        outlet = slug_ok(args.outlet, "--outlet")
        sid = slug_ok(args.id, "--id") if args.id else records.article_id(outlet, args.url)
        raw, text = textin.read_text(args.text)
        return records.article(
            sid=sid, raw=raw, sentences=textin.sentences(text, args.language), outlet=outlet, url=args.url,
            language=args.language, published=args.date.isoformat(),
            retrieved=(args.retrieved or today).isoformat(), retrieved_basis=args.retrieved_basis, title=args.title,
            copy_url=args.copy_url, author=args.author, notes=args.notes,
        )  # fmt: skip
    if kind == "source":
        outlet = slug_ok(args.outlet, "--outlet")
        sid = slug_ok(args.id, "--id") if args.id else records.article_id(outlet, args.url)
        return records.source(
            sid=sid, outlet=outlet, url=args.url, copy_url=args.copy_url or args.url, language=args.language,
            published=args.published.isoformat() if args.published else None,
            retrieved=(args.retrieved or today).isoformat(), retrieved_basis=args.retrieved_basis, title=args.title,
            kind=args.kind, author=args.author, notes=args.notes,
        )  # fmt: skip
    if kind == "coverage":
        return _coverage_plan(root, slug_ok(args.source_id, "SOURCE-ID"))
    if kind == "claim":
        from factlint.scaffold.new_claim import claim_plan

        return claim_plan(root, args)
    from factlint.scaffold.new_entity import entity_plan

    return entity_plan(args)


def _coverage_plan(root: Path, sid: str) -> records.Plan:
    """``new coverage SOURCE-ID``: the map of an archived article, its sentences split from the archived text."""
    import os

    from factlint.scaffold import textin
    from factlint.scaffold.common import load, source_path

    path = source_path(root, sid)
    data = load(path)
    archive = data.get("archive") if isinstance(data, dict) else None
    if not isinstance(archive, dict) or not isinstance(archive.get("path"), str):
        raise ScaffoldError(
            f"{shown(path)} has no archive.path: a coverage map maps an archived text; archive the article first "
            f"(factlint new article TEXT ... writes the text, its record and the map)"
        )
    target = path.parent / archive["path"]
    if Path(os.path.realpath(path.parent)) not in Path(os.path.realpath(target)).parents:
        raise ScaffoldError(f"{archive['path']} leads outside {shown(path.parent)}; not followed")
    _, text = textin.read_text(str(target))
    return records.coverage(sid, textin.sentences(text, str(data.get("language", "en"))))


def _check_ids(root: Path, args: argparse.Namespace, plan: records.Plan) -> list[str]:
    """Warnings about the entity ids the new records name (or are); unknown ids also get a next step."""
    from factlint.scaffold.known import Entities

    if args.new_kind == "coverage":
        return []  # names no entity
    entities = Entities(root)
    record = next(f for f in plan.files if f.rel.endswith(".yaml"))
    written = shown(root / record.rel)
    kind = args.new_kind
    if kind == "entity":
        return entities.duplicates(args.id, [args.name, *args.alias], written)
    option, eid, eid_kind = (
        ("--speaker", args.speaker, "KIND") if kind == "claim" else ("--outlet", args.outlet, "outlet")
    )
    warning, step = entities.unknown(option, eid, eid_kind, written)
    if step is not None:
        plan.next_steps.append(step)
    return [warning] if warning else []


def _check_records(plan: records.Plan) -> None:
    """Every record of the plan must pass its schema (placeholders do); else nothing is written."""
    from factlint import loader, schema_errors, schemas

    for f in plan.files:
        if not f.rel.endswith(".yaml"):
            continue
        kind = corpus.kind_of_relative(f.rel)
        doc = loader.load_bytes(f.data)
        errors = schemas.errors(kind, doc.data)
        if errors:
            found = schema_errors.translate(errors, file=f.rel, kind=kind, data=doc.data, positions=doc.positions)
            raise ScaffoldError(
                f"the new {kind} record would be invalid, so nothing was written: "
                + "; ".join(x.message for x in found)
            )
