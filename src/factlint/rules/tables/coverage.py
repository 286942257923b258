"""The coverage walk: does an article's coverage map give back its whole archived text, in order?

Each sentence of the map must be the next piece of the archived text (white
space aside); the first sentence that is not, or text left after the last one,
is the row's ``detail``. One ``coverage`` row per map (FC261).
"""

from __future__ import annotations

from sys import intern
from typing import Any

from factlint.record import Record
from factlint.rules.tables.archives import fix as archive_fix
from factlint.rules.tables.builder import Builder
from factlint.rules.tables.store import layout

SENTENCES = layout("sentences", "claim_id", "file", "source", "number", "claims_count", "mapped", "_rec", "_at")


def _squeeze(text: str) -> str:
    """``text`` without its white space (``str.split`` splits at the very characters ``\\s`` matches)."""
    return "".join(text.split())


def _from_visible(text: str, count: int, width: int = 60) -> str:
    """The original text (white space kept) from its ``count``-th non-space character on."""
    seen = 0
    for i, ch in enumerate(text):
        if not ch.isspace():
            if seen == count:
                snippet = " ".join(text[i : i + width].split())
                return snippet + ("…" if len(text) > i + width else "")
            seen += 1
    return ""


def coverage(b: Builder, rec: Record, data: dict[str, Any]) -> None:
    source = intern(data["source"])  # (kept by every sentence row: see Builder)
    b.ref(rec, ("source",), "source", source)
    sentences = data["sentences"]
    add_sentence = b.add["sentences"]
    for i, sentence in enumerate(sentences):
        claims = sentence.get("claims", [])
        for j, claim in enumerate(claims):
            b.ref(rec, ("sentences", i, "claims", j), "claim", claim)
        at = b.where(("sentences", i, "claims") if "claims" in sentence else ("sentences", i), False)
        add_sentence((rec.id, rec.file, source, i + 1, len(claims), bool(claims) or "not_a_claim" in sentence, rec, at))
    status, text, info = b.archives.get(source)
    if text is None:
        if status != "unknown-source":  # a dangling source id is the reference rule's finding
            why = f"its archived text is missing ({info})" if status == "no-file" else info
            record = b.by_kind["source"][source]
            b.row("coverage", rec, ("source",), source=source, complete=False, detail=f"cannot be checked: {why}",
                  fix=archive_fix(status, record, b.data_of(record)), _involves=record)  # fmt: skip
        return
    src = b.source(source)
    rest = _squeeze(text)
    pos = 0
    for i, sentence in enumerate(sentences):
        piece = _squeeze(sentence["text"])
        if not rest.startswith(piece, pos):
            b.row("coverage", rec, ("sentences", i, "text"), source=source, complete=False,
                  detail=f"is incomplete: sentence {i + 1} is not the next text of the article, which goes on "
                         f"'{_from_visible(text, pos)}'",
                  fix=f"copy sentence {i + 1} from the article word for word, or add the missing sentence before "
                      "it with its claims or a not_a_claim reason", _involves=src)  # fmt: skip
            return
        pos += len(piece)
    if pos < len(rest):
        b.row("coverage", rec, ("sentences",), at_value=False, source=source, complete=False,
              detail=f"is incomplete: the article goes on after the last sentence: '{_from_visible(text, pos)}'",
              fix="add the missing sentence with its claims or a not_a_claim reason", _involves=src)  # fmt: skip
        return
    b.row("coverage", rec, ("sentences",), at_value=False, source=source, complete=True, detail="is complete")
