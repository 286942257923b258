"""The ``factlint new ...`` and ``factlint fix archive`` commands (parsers and runners).

Exit codes: 0 written; 2 nothing written (bad input, an existing file, no corpus found).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path
from typing import Any, TextIO

from factlint import corpus
from factlint.scaffold import records
from factlint.scaffold.files import WriteError, write_new

EXIT_OK = 0
EXIT_ERROR = 2


class ScaffoldError(Exception):
    """Bad input to ``new``/``fix``: the message says what to do; nothing is written."""


def add_parsers(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Add ``new`` and ``fix`` to the ``factlint`` subcommands."""
    new = sub.add_parser("new", help="start a new record: an article to check, a source, a claim, an entity")
    kinds = new.add_subparsers(dest="new_kind", metavar="KIND", parser_class=parser_class)
    kinds.required = True

    a = kinds.add_parser(
        "article",
        help="archive an article's text; write its source record and the coverage map of every sentence",
    )
    a.add_argument("text", metavar="TEXT", help="the article's text as a UTF-8 file, exactly as published")
    a.add_argument("--url", required=True, help="where the article was published")
    a.add_argument("--outlet", required=True, help="the outlet's entity id, e.g. the-astana-times")
    a.add_argument("--language", required=True, help="the text's language as a BCP 47 tag, e.g. en, ru, kk")
    a.add_argument("--date", required=True, type=_date, metavar="YYYY-MM-DD", help="the publication date printed")
    a.add_argument("--id", help="the source id (default: the outlet id and the URL's number, e.g. tass-2073003)")
    a.add_argument("--title", help="the headline as published (default: a TODO placeholder)")
    a.add_argument("--retrieved", type=_date, metavar="YYYY-MM-DD", help="when the text was retrieved (default: today)")
    _basis_option(a)
    _root_option(a)

    s = kinds.add_parser("source", help="write the source record of a document evidence is drawn from (no archive)")
    s.add_argument("--url", required=True, help="where the document was published")
    s.add_argument("--outlet", required=True, help="the outlet's entity id")
    s.add_argument("--language", required=True, help="the document's language as a BCP 47 tag")
    s.add_argument(
        "--published", type=_date, metavar="YYYY-MM-DD", help="the publication date, where the copy shows one"
    )
    s.add_argument("--id", help="the source id (default: the outlet id and the URL's number)")
    s.add_argument("--title", help="the headline as published (default: a TODO placeholder)")
    s.add_argument(
        "--kind", default="article", help="article, press-release, official-statement, ... (default: article)"
    )
    s.add_argument("--retrieved", type=_date, metavar="YYYY-MM-DD", help="when it was retrieved (default: today)")
    s.add_argument("--copy-url", help="the exact address of the copy the excerpts quote (default: --url)")
    _basis_option(s)
    _root_option(s)

    c = kinds.add_parser(
        "claim", help="write a claim skeleton of one type, its span from a sentence of the coverage map"
    )
    c.add_argument("--article", required=True, help="the source id of the article the claim is from")
    c.add_argument("--type", required=True, dest="ctype", choices=records.CLAIM_TYPES, help="the claim type")
    c.add_argument("--sentence", type=int, metavar="N", help="the sentence number in the coverage map (from 1)")
    c.add_argument("--id", help="the claim id (default: from the sentence's first words)")
    c.add_argument("--speaker", default="todo-speaker", help="the speaker's entity id (default: a placeholder)")
    _root_option(c)

    e = kinds.add_parser("entity", help="write an entity record (person, country, organization, body, outlet)")
    e.add_argument("id", metavar="ID", help="the entity id, e.g. sherzod-asadov")
    e.add_argument("--kind", required=True, choices=("person", "country", "organization", "body", "outlet"))
    e.add_argument("--name", required=True, help="the name most sources use")
    e.add_argument("--alias", action="append", default=[], help="another name it is reported under (repeatable)")
    e.add_argument("--code", help="for a country: its ISO 3166-1 alpha-2 code (default: looked up from --name)")
    _root_option(e)

    fix = sub.add_parser("fix", help="deliberate repairs: re-record an archive's sha256 after an edit")
    what = fix.add_subparsers(dest="fix_kind", metavar="WHAT", parser_class=parser_class)
    what.required = True
    f = what.add_parser("archive", help="re-record the sha256 of one named source's archived text")
    f.add_argument("source_id", metavar="SOURCE-ID", help="the source whose archive.sha256 to re-record")
    _root_option(f)


def _basis_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--retrieved-basis",
        choices=("read-date", "capture-date"),
        default="read-date",
        help="read-date: --retrieved is the day you read it (default); capture-date: the copy's own capture date",
    )


def _root_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", metavar="DIR", help="the corpus root (default: found from the working folder)")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r}; write YYYY-MM-DD") from None


def find_root(given: str | None) -> Path:
    """The corpus to write into: ``--root``, else found from the working folder (or its claims/)."""
    if given is not None:
        root = Path(given)
        if not root.is_dir() or not corpus.is_root(root):
            raise corpus.RootNotFound(f"--root {given} is not a corpus root: expected {corpus.LOOKED_FOR}")
        return root
    found = corpus.find_root(".")
    if found is None and corpus.is_root(Path("claims")):
        found = Path(os.path.abspath("claims"))
    if found is None:
        raise corpus.RootNotFound(
            f"no corpus found from {Path.cwd().as_posix()}: looked for {corpus.LOOKED_FOR}, in this folder, "
            "every folder above it and ./claims; run from inside the corpus or pass --root DIR"
        )
    return found


def run(args: argparse.Namespace, out: TextIO, err: TextIO, today: dt.date) -> int:
    from factlint.discover import UsageError
    from factlint.scaffold.textin import TextError

    try:
        root = find_root(args.root)
        if args.command == "fix":
            return _fix_archive(root, args.source_id, out)
        plan = _plan(root, args, today)
        _check_records(root, plan)
        write_new(root, {root / f.rel: f.data for f in plan.files})
    except (ScaffoldError, TextError, WriteError, UsageError) as exc:
        err.write(f"factlint: error: {exc}\n")
        return EXIT_ERROR
    for f in plan.files:
        out.write(f"factlint: wrote {_shown(root / f.rel)}: {f.what}\n")
    for step in plan.next_steps:
        out.write(f"next: {step}\n")
    return EXIT_OK


def _shown(path: Path) -> str:
    from factlint.discover import display

    return display(path)


def _slug_ok(value: str, what: str) -> str:
    if not value or records.slug(value, 80) != value:
        hint = records.slug(value, 80)
        did = f"; did you mean '{hint}'?" if hint else ""
        raise ScaffoldError(f"{what} {value!r} is not an id: write lower-case letters, digits and single hyphens{did}")
    return value


def _plan(root: Path, args: argparse.Namespace, today: dt.date) -> records.Plan:
    from factlint.scaffold import textin

    kind = args.new_kind
    if kind == "article":
        outlet = _slug_ok(args.outlet, "--outlet")
        sid = _slug_ok(args.id, "--id") if args.id else records.article_id(outlet, args.url)
        raw, text = textin.read_text(args.text)
        plan = records.article(
            sid=sid, raw=raw, sentences=textin.sentences(text, args.language), outlet=outlet, url=args.url,
            language=args.language, published=args.date.isoformat(),
            retrieved=(args.retrieved or today).isoformat(), retrieved_basis=args.retrieved_basis, title=args.title,
        )  # fmt: skip
        _outlet_step(root, outlet, plan)
        return plan
    if kind == "source":
        outlet = _slug_ok(args.outlet, "--outlet")
        sid = _slug_ok(args.id, "--id") if args.id else records.article_id(outlet, args.url)
        plan = records.source(
            sid=sid, outlet=outlet, url=args.url, copy_url=args.copy_url or args.url, language=args.language,
            published=args.published.isoformat() if args.published else None,
            retrieved=(args.retrieved or today).isoformat(), retrieved_basis=args.retrieved_basis, title=args.title,
            kind=args.kind,
        )  # fmt: skip
        _outlet_step(root, outlet, plan)
        return plan
    if kind == "claim":
        return _claim(root, args)
    return _entity(args)


def _outlet_step(root: Path, outlet: str, plan: records.Plan) -> None:
    if not (root / corpus.FOLDER_OF_KIND["entity"] / f"{outlet}.yaml").exists():
        plan.next_steps.append(
            f"there is no entity '{outlet}' yet: factlint new entity {outlet} --kind outlet --name 'NAME'"
        )


def _load(path: Path) -> Any:
    from factlint import loader

    try:
        return loader.load_path(path).data
    except (loader.LoadError, OSError) as exc:
        raise ScaffoldError(f"cannot read {_shown(path)}: {exc}") from None


def _claim(root: Path, args: argparse.Namespace) -> records.Plan:
    article = _slug_ok(args.article, "--article")
    src_path = root / corpus.FOLDER_OF_KIND["source"] / f"{article}.yaml"
    if not src_path.is_file():
        known = sorted(p.stem for p in (root / corpus.FOLDER_OF_KIND["source"]).glob("*.yaml"))
        raise ScaffoldError(f"no source record {_shown(src_path)}{_did_you_mean(article, known)}")
    src = _load(src_path)
    published = src.get("published") if isinstance(src, dict) else None
    sentence = None
    if args.sentence is not None:
        cov_path = root / corpus.FOLDER_OF_KIND["coverage"] / f"{article}.yaml"
        if not cov_path.is_file():
            raise ScaffoldError(f"--sentence needs the coverage map {_shown(cov_path)}, which does not exist")
        cov = _load(cov_path)
        sentences = cov.get("sentences") if isinstance(cov, dict) else None
        if not isinstance(sentences, list) or not 1 <= args.sentence <= len(sentences):
            count = len(sentences) if isinstance(sentences, list) else 0
            raise ScaffoldError(f"--sentence {args.sentence}: the coverage map of {article} has sentences 1 to {count}")
        item = sentences[args.sentence - 1]
        sentence = item.get("text") if isinstance(item, dict) else None
        if not isinstance(sentence, str):
            raise ScaffoldError(f"sentence {args.sentence} of {_shown(cov_path)} has no text")
    base = args.id or records.slug(sentence or f"{article} {args.ctype}", 50) or args.ctype
    cid = _slug_ok(args.id, "--id") if args.id else _unique(root, base)
    speaker = _slug_ok(args.speaker, "--speaker")
    return records.claim(
        cid=cid, ctype=args.ctype, article=article, published=published if isinstance(published, str) else None,
        speaker=speaker, sentence=sentence, sentence_no=args.sentence,
    )  # fmt: skip


def _unique(root: Path, base: str) -> str:
    taken = {p.stem for p in root.rglob("*.y*ml")}
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _did_you_mean(word: str, options: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, options, n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def _entity(args: argparse.Namespace) -> records.Plan:
    eid = _slug_ok(args.id, "the id")
    code = args.code
    if args.kind == "country":
        code = code or _country_code(args.name)
        import pycountry

        if pycountry.countries.get(alpha_2=code.upper()) is None:
            raise ScaffoldError(f"--code {code!r} is not an ISO 3166-1 alpha-2 code")
        code = code.upper()
    elif code:
        raise ScaffoldError("--code is for countries only")
    return records.entity(eid=eid, kind=args.kind, name=args.name, code=code, aliases=args.alias)


def _country_code(name: str) -> str:
    import pycountry

    try:
        found = pycountry.countries.search_fuzzy(name)
    except LookupError:
        found = []
    if len(found) == 1 or (found and getattr(found[0], "name", "").lower() == name.lower()):
        return str(found[0].alpha_2)
    names = ", ".join(f"{c.alpha_2} ({c.name})" for c in found[:3])
    hint = f"; candidates: {names}" if names else ""
    raise ScaffoldError(f"cannot tell the ISO code of {name!r}: pass --code XX{hint}")


def _check_records(root: Path, plan: records.Plan) -> None:
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


def _fix_archive(root: Path, source_id: str, out: TextIO) -> int:
    import hashlib
    import re

    from factlint.scaffold.files import replace_text

    sid = _slug_ok(source_id, "SOURCE-ID")
    folder = root / corpus.FOLDER_OF_KIND["source"]
    path = folder / f"{sid}.yaml"
    if not path.is_file():
        known = sorted(p.stem for p in folder.glob("*.yaml"))
        raise ScaffoldError(f"no source record {_shown(path)}{_did_you_mean(sid, known)}")
    data = _load(path)
    archive = data.get("archive") if isinstance(data, dict) else None
    if not isinstance(archive, dict) or not isinstance(archive.get("path"), str):
        raise ScaffoldError(f"{_shown(path)} has no archive.path: the source has no archived text to hash")
    target = path.parent / archive["path"]
    real_folder = Path(os.path.realpath(path.parent))
    real = Path(os.path.realpath(target))
    if real_folder not in real.parents:
        raise ScaffoldError(f"{archive['path']} leads outside {_shown(path.parent)}; not followed")
    try:
        digest = hashlib.sha256(real.read_bytes()).hexdigest()
    except OSError as exc:
        raise ScaffoldError(f"cannot read {_shown(target)}: {exc.strerror or exc}") from None
    old = archive.get("sha256")
    if old == digest:
        out.write(f"factlint: {_shown(path)}: archive.sha256 already matches {_shown(target)}: {digest}\n")
        return EXIT_OK
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(rf"^(\s*sha256:\s*['\"]?){re.escape(str(old))}(['\"]?\s*(#.*)?)$", re.M)
    if not isinstance(old, str) or len(pattern.findall(text)) != 1:
        raise ScaffoldError(f"cannot find the one 'sha256: {old}' line in {_shown(path)}; edit it by hand to {digest}")
    replace_text(path, pattern.sub(lambda m: f"{m.group(1)}{digest}{m.group(2)}", text))
    out.write(f"factlint: {_shown(path)}: archive.sha256 re-recorded for {_shown(target)}\n")
    out.write(f"  old: {old}\n  new: {digest}\n")
    return EXIT_OK
