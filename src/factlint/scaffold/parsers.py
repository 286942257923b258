"""The command line of ``factlint new article|source|claim|entity`` and ``factlint fix archive``."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from factlint.scaffold import records


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
    a.add_argument("--copy-url", help="the exact address of the copy archived, when it is not --url (a stored copy)")
    _described(a)
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
    _described(s)
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
    c.add_argument(
        "--number", type=int, metavar="N", help="composition: its seats; overlap: its shared members (required there)"
    )
    _root_option(c)

    e = kinds.add_parser("entity", help="write an entity record (person, country, organization, body, outlet)")
    e.add_argument("id", metavar="ID", help="the entity id, e.g. sherzod-asadov")
    e.add_argument("--kind", required=True, choices=("person", "country", "organization", "body", "outlet"))
    e.add_argument("--name", required=True, help="the name most sources use")
    e.add_argument("--alias", action="append", default=[], help="another name it is reported under (repeatable)")
    e.add_argument("--code", help="for a country: its ISO 3166-1 alpha-2 code (default: looked up from --name)")
    _root_option(e)

    m = kinds.add_parser(
        "coverage", help="write the coverage map of an archived article that has none, from its archived text"
    )
    m.add_argument("source_id", metavar="SOURCE-ID", help="the archived article's source id")
    _root_option(m)

    fix = sub.add_parser(
        "fix", help="deliberate edits: re-record an archive's sha256, mark sentences of a coverage map not_a_claim"
    )
    what = fix.add_subparsers(dest="fix_kind", metavar="WHAT", parser_class=parser_class)
    what.required = True
    f = what.add_parser("archive", help="re-record the sha256 of one named source's archived text")
    f.add_argument("source_id", metavar="SOURCE-ID", help="the source whose archive.sha256 to re-record")
    _root_option(f)
    m = what.add_parser("coverage", help="mark a run of an article's sentences not_a_claim (page furniture)")
    m.add_argument("article", metavar="ARTICLE", help="the source id of the article whose coverage map to edit")
    m.add_argument("--not-a-claim", required=True, metavar="N-M,...", help="the sentence numbers, e.g. 1-15,30")
    m.add_argument("--why", required=True, help="why they assert nothing to check, e.g. 'site menu'")
    _root_option(m)


def _described(p: argparse.ArgumentParser) -> None:
    p.add_argument("--author", help="the byline, where there is one")
    p.add_argument("--notes", help="remarks on the source, e.g. how the stored copy was obtained")


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
