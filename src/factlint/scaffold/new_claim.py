"""``factlint new claim``: a claim skeleton of one type, its span from a sentence of the article's coverage map."""

from __future__ import annotations

import argparse
from pathlib import Path

from factlint import corpus
from factlint.scaffold import records
from factlint.scaffold.common import ScaffoldError, load, shown, slug_ok, source_path


def claim_plan(root: Path, args: argparse.Namespace) -> records.Plan:
    """The claim file of ``new claim`` (the speaker is checked against the corpus by the caller)."""
    article = slug_ok(args.article, "--article")
    src = load(source_path(root, article))
    published = src.get("published") if isinstance(src, dict) else None
    sentence = None
    if args.sentence is not None:
        cov_path = root / corpus.FOLDER_OF_KIND["coverage"] / f"{article}.yaml"
        if not cov_path.is_file():
            raise ScaffoldError(f"--sentence needs the coverage map {shown(cov_path)}, which does not exist")
        cov = load(cov_path)
        sentences = cov.get("sentences") if isinstance(cov, dict) else None
        if not isinstance(sentences, list) or not 1 <= args.sentence <= len(sentences):
            count = len(sentences) if isinstance(sentences, list) else 0
            raise ScaffoldError(f"--sentence {args.sentence}: the coverage map of {article} has sentences 1 to {count}")
        item = sentences[args.sentence - 1]
        sentence = item.get("text") if isinstance(item, dict) else None
        if not isinstance(sentence, str):
            raise ScaffoldError(f"sentence {args.sentence} of {shown(cov_path)} has no text")
    base = args.id or records.slug(sentence or f"{article} {args.ctype}", 50) or args.ctype
    cid = slug_ok(args.id, "--id") if args.id else _unique(root, base)
    speaker = slug_ok(args.speaker, "--speaker")
    plan = records.claim(
        cid=cid, ctype=args.ctype, article=article, published=published if isinstance(published, str) else None,
        speaker=speaker, sentence=sentence, sentence_no=args.sentence, number=_number(args),
    )  # fmt: skip
    if args.sentence is not None:
        _map_in_coverage(root, plan, article, args.sentence, cid)
    return plan


def _map_in_coverage(root: Path, plan: records.Plan, article: str, number: int, cid: str) -> None:
    """List the new claim under its sentence in the coverage map (instead of the next step that says to)."""
    from factlint.scaffold.coverage_edit import EditError, add_claim
    from factlint.scaffold.files import inside

    rel = f"{corpus.FOLDER_OF_KIND['coverage']}/{article}.yaml"
    if not inside(root, root / rel):
        return  # never written through a link out of the corpus: the next step says to add it by hand
    try:
        text = (root / rel).read_text(encoding="utf-8")
        new = add_claim(text, number - 1, cid)
    except (EditError, OSError, UnicodeDecodeError, KeyError, TypeError):
        return  # the next step says to add it by hand
    plan.edits.append(records.NewFile(rel, new.encode("utf-8"), f"{cid} listed under sentence {number}"))
    plan.next_steps = [s for s in plan.next_steps if not s.startswith(f"add {cid} to the claims of sentence")]


def _number(args: argparse.Namespace) -> int | None:
    """The number a composition (seats) or overlap (shared members) claim states: the contributor's, never a default."""
    what = {"composition": ("seats", 1), "overlap": ("shared members", 0)}.get(args.ctype)
    if what is None:
        if args.number is not None:
            raise ScaffoldError(f"--number is for composition and overlap claims, not {args.ctype}")
        return None
    if args.number is None or args.number < what[1]:
        raise ScaffoldError(
            f"--type {args.ctype} needs --number N: the number of {what[0]} the article states "
            f"({what[1]} or more; a skeleton never chooses a number for you)"
        )
    return int(args.number)


def _unique(root: Path, base: str) -> str:
    taken = {p.stem for p in root.rglob("*.y*ml")}
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
