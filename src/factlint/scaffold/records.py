"""The records ``factlint new`` writes: every required key present, placeholders where only a person can fill in.

Placeholders pass the schemas (so a new file validates) and are each reported by
rule FC271 as a value to fill in: strings start with ``TODO``, entity ids with ``todo-``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factlint.corpus import FOLDER_OF_KIND
from factlint.scaffold.emit import Path_, dump

RATINGS_HELP = (
    "rating: replace TODO with one of verified, attributed, partly-verified, unverified, disputed, false,\n"
    "not-checkable (docs/ratings.md)"
)
CLAIM_TYPES = ("quote", "status", "composition", "overlap", "event", "statement")


@dataclass
class NewFile:
    """One file to write: where (relative to the corpus root), what, and what it is in words."""

    rel: str
    data: bytes
    what: str


@dataclass
class Plan:
    """The files of one ``factlint new`` command and what to tell the contributor afterwards."""

    files: list[NewFile] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)
    edits: list[NewFile] = field(default_factory=list)
    """Existing files to rewrite (atomically, after the new files are written): the new text of each."""


def slug(text: str, limit: int = 60) -> str:
    """A record id from free text: lower-case ASCII words joined by single hyphens."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            break
        out = candidate
    return out


_DATE_IN_PATH = re.compile(r"/(?:19|20)[0-9]{2}([/-])[01]?[0-9](?:\1[0-3]?[0-9])?(?=[/-]|$)")


def article_id(outlet: str, url: str) -> str:
    """A default source id: the outlet id and the last number or word of the URL, e.g. the-astana-times-111122."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    undated = _DATE_IN_PATH.sub("/", parts.path)  # /2026/01/22/, /2026-01-22: a date, not the article's number
    tail = re.findall(r"[A-Za-z]*[0-9]{3,}[A-Za-z0-9]*", undated + "?" + parts.query)
    last = tail[-1] if tail else slug(Path(parts.path.rstrip("/")).name or parts.hostname or "", 30)
    return slug(f"{outlet} {last}", 80)


def _optional(**fields: str | None) -> dict[str, str]:
    """The fields given a value (an option not used writes no key)."""
    return {k: v for k, v in fields.items() if v}


def _source_head(sid: str, kind: str, outlet: str, title: str | None, url: str, language: str) -> dict[str, Any]:
    """The first keys of a new source record, in their order (a title not given is a placeholder)."""
    return {
        "id": sid,
        "kind": kind,
        "outlet": outlet,
        "title": title or "TODO: the headline exactly as published",
        "url": url,
        "language": language,
    }


def article(
    *, sid: str, raw: bytes, sentences: list[str], outlet: str, url: str, language: str, published: str,
    retrieved: str, retrieved_basis: str, title: str | None, kind: str = "article", copy_url: str | None = None,
    author: str | None = None, notes: str | None = None,
) -> Plan:  # fmt: skip
    """The archived text, its source record and the coverage skeleton of a new article."""
    digest = hashlib.sha256(raw).hexdigest()
    source: dict[str, Any] = {
        **_source_head(sid, kind, outlet, title, url, language),
        "published": published,
        "retrieved": retrieved,
        "retrieved_basis": retrieved_basis,
        **_optional(copy_url=copy_url, author=author),
        "archive": {"path": f"{sid}.txt", "sha256": digest},
        **_optional(notes=notes),
    }
    comments: dict[Path_, str] = {
        ("retrieved_basis",): "read-date: `retrieved` is the day you read the copy; capture-date: the copy shows its\n"
        "capture date and `retrieved` is that date",
        ("archive",): f"The archived text beside this file, byte for byte. After a deliberate edit of it,\n"
        f"record its new hash with: factlint fix archive {sid}",
    }
    if not title:
        comments[("title",)] = (
            "TODO: the headline as published; if the copy shows none, write a descriptive title\n"
            "and add `title_supplied: true`"
        )
    src_text = dump(source, comments, header=f"Source record of the article {sid} (written by factlint new article).")
    sources = FOLDER_OF_KIND["source"]
    cov = coverage(sid, sentences, "article")
    return Plan(
        files=[
            NewFile(f"{sources}/{sid}.txt", raw, f"the archived text ({len(raw)} bytes, sha256 {digest[:12]}…)"),
            NewFile(f"{sources}/{sid}.yaml", src_text.encode("utf-8"), "the source record"),
            *cov.files,
        ],
        next_steps=[*([] if title else [f"write the headline into {sources}/{sid}.yaml (title)"]), *cov.next_steps],
    )


def coverage(sid: str, sentences: list[str], by: str = "coverage") -> Plan:
    """The coverage skeleton of the archived article ``sid``: every sentence, in order, with no claims yet."""
    coverage = {"id": sid, "source": sid, "sentences": [{"text": s, "claims": []} for s in sentences]}
    cov_notes: dict[Path_, str] = {("sentences", i): f"sentence {i + 1}" for i in range(len(sentences))}
    header = (
        f"Coverage map of {sid}: every sentence of the archived text, in order (written by factlint new {by}).\n"
        "For each sentence, either list the ids of the claims it makes under `claims:`\n"
        f"  (write each claim with: factlint new claim --article {sid} --type TYPE --sentence N),\n"
        "or replace `claims: []` with `not_a_claim: <why it asserts nothing to check>` (a caption, a credit;\n"
        f"  a run of lines at once: factlint fix coverage {sid} --not-a-claim 1-15,30 --why 'site menu').\n"
        "Keep the sentence texts as they are: together they give back the whole archived text (rule FC261)."
    )
    cov_text = dump(coverage, cov_notes, header=header)
    return Plan(
        files=[
            NewFile(
                f"{FOLDER_OF_KIND['coverage']}/{sid}.yaml",
                cov_text.encode("utf-8"),
                f"the coverage map ({len(sentences)} sentences, each with an empty claims list)",
            ),
        ],
        next_steps=[
            f"for each sentence that makes a claim: factlint new claim --article {sid} --type TYPE --sentence N",
            f"map every other sentence with not_a_claim in {FOLDER_OF_KIND['coverage']}/{sid}.yaml "
            f"(a run of them at once: factlint fix coverage {sid} --not-a-claim N-M --why 'WHY')",
        ],
    )


def source(
    *, sid: str, outlet: str, url: str, copy_url: str, language: str, published: str | None, retrieved: str,
    retrieved_basis: str, title: str | None, kind: str = "article", author: str | None = None,
    notes: str | None = None,
) -> Plan:  # fmt: skip
    """A source record without an archived text (a document evidence is drawn from)."""
    data = _source_head(sid, kind, outlet, title, url, language)
    if published:
        data["published"] = published
    data["retrieved"] = retrieved
    data["retrieved_basis"] = retrieved_basis
    data["copy_url"] = copy_url
    data.update(_optional(author=author, notes=notes))
    comments: dict[Path_, str] = {
        ("copy_url",): "The exact address of the copy your excerpts quote (the url itself when you read the\n"
        "publication; another outlet's copy or an archive snapshot otherwise).",
    }
    if not published:
        comments[("retrieved",)] = "published: YYYY-MM-DD where the copy shows the date (never guess one)"
    text = dump(data, comments, header=f"Source record {sid} (written by factlint new source).")
    rel = f"{FOLDER_OF_KIND['source']}/{sid}.yaml"
    return Plan(files=[NewFile(rel, text.encode("utf-8"), "the source record")])


_QUOTED = re.compile(r"[“\"«„](.+?)[”\"»“]")


def _quoted(sentence: str) -> str | None:
    m = _QUOTED.search(sentence)
    return m.group(1).strip(" ,") if m else None


def claim(
    *, cid: str, ctype: str, article: str, published: str | None, speaker: str, sentence: str | None,
    sentence_no: int | None, number: int | None = None,
) -> Plan:  # fmt: skip
    """A claim skeleton of type ``ctype``: every required key, its span from the sentence when given
    (``number``: a composition's seats or an overlap's count, which the contributor gives)."""
    date = published or "TODO"
    data: dict[str, Any] = {
        "id": cid,
        "type": ctype,
        "article": article,
        "statement": "TODO: the claim in one plain sentence, in your words",
        "attribution": {
            "speaker": speaker,
            "date": date,
        },
        "sources": [{"source": article, "span": sentence or "TODO: the passage of the article that carries the claim"}],
        "as_of": date,
    }
    notes: dict[Path_, str] = {
        ("attribution",): "Who asserted the claim: an entity id (entities/); the outlet itself when it speaks in\n"
        "its own voice. Add `via: <entity id>` when the speaker said it through another outlet, and\n"
        "`role: <the speaker's role exactly as the article writes it>` when the article gives one.",
        ("attribution", "date"): "when it was said, as far as the article tells (default: the article's date)",
        ("sources",): "The span must be copied verbatim from the archived text: cut it down to the claim's words.",
        ("as_of",): "the date the claim holds for (default: the article's date)",
    }
    if ctype == "quote":
        data["quote"] = {"text": (_quoted(sentence) if sentence else None) or "TODO: the quoted words, verbatim"}
        notes[("quote",)] = "The quotation exactly as printed, without its quotation marks; … for an omission."
    elif ctype == "status":
        data["status"] = {"subject": "todo-subject", "body": "todo-body", "value": "TODO"}
        notes[("status", "value")] = (
            "replace TODO with invited, proposed, confirmed, unannounced, declined, member or withdrawn"
        )
    elif ctype == "composition":
        data["composition"] = {"body": "todo-body", "seats": number, "members": []}
        notes[("composition", "seats")] = "the number of seats the article states (from --number)"
    elif ctype == "overlap":
        data["overlap"] = {"bodies": ["todo-body-a", "todo-body-b"], "count": number}
        notes[("overlap", "count")] = "the number of shared members the article states (from --number)"
    elif ctype == "event":
        data["event"] = {"kind": "TODO", "actors": ["todo-actor"]}
        notes[("event", "kind")] = (
            "replace TODO with invitation, letter, phone-call, meeting, announcement, appointment, signing or other"
        )
    data["verdict"] = {
        "rating": "TODO",
        "explanation": "TODO: why this rating, in one to three sentences a reader can follow",
        "evidence": [],
    }
    notes[("verdict", "rating")] = RATINGS_HELP
    notes[("verdict", "evidence")] = (
        "Each item: - source: <source id>\n"
        "            excerpt: <a verbatim sentence of that source>\n"
        "            relation: supports | contradicts | context"
    )
    data["review"] = {"state": "draft"}
    where = f" from sentence {sentence_no} of the coverage map" if sentence_no else ""
    article_word = "An" if ctype[:1] in "aeiou" else "A"
    text = dump(
        data, notes, header=f"{article_word} {ctype} claim of {article}{where} (written by factlint new claim)."
    )
    rel = f"{FOLDER_OF_KIND['claim']}/{article}/{cid}.yaml"
    steps = [f"replace every TODO value in {rel}"]
    if sentence_no:
        steps.append(
            f"add {cid} to the claims of sentence {sentence_no} in {FOLDER_OF_KIND['coverage']}/{article}.yaml"
        )
    return Plan(files=[NewFile(rel, text.encode("utf-8"), f"the {ctype} claim")], next_steps=steps)


def entity(*, eid: str, kind: str, name: str, code: str | None, aliases: list[str]) -> Plan:
    """An entity record: id, kind, name (and a country's ISO code), a description to fill in."""
    data: dict[str, Any] = {"id": eid, "kind": kind, "name": name}
    if aliases:
        data["aliases"] = aliases
    if kind == "country":
        data["iso3166_alpha2"] = code or "TODO"
    data["description"] = "TODO: one line saying who or what this is, as of the sources"
    notes: dict[Path_, str] = {("description",): "wikidata: Q... (the Wikidata item id) where you have checked it"}
    text = dump(data, notes, header=f"Entity {eid} (written by factlint new entity).")
    rel = f"{FOLDER_OF_KIND['entity']}/{eid}.yaml"
    return Plan(files=[NewFile(rel, text.encode("utf-8"), f"the {kind} entity")])
