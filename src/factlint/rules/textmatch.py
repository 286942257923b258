"""Finding a quotation in an archived text, and saying how it matched.

* ``exact``: the text (or, where it marks omissions with ``...``/``…`` or
  editorial insertions with ``[...]``, each of its parts, in order) appears
  character for character;
* ``normalized``: it appears only after typography and white space are
  normalised (curly vs straight quotes and apostrophes, dashes, non-breaking
  and repeated spaces, Unicode compatibility forms) - a warning;
* ``not-found``: not found at all - an error.

:func:`quoted_phrases` finds the phrases a text puts in quotation marks (for
FC225: a quote claim's explanation may only quote words its evidence shows); which
marks count, and how, is FC225's ``quotation_marks`` parameter, in its rule file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

_GAP = re.compile(r"\s*(?:\.\.\.|…|\[[^\]]*\])\s*")
_TYPO = str.maketrans(
    {
        "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"',
        "‘": "'", "’": "'", "‚": "'", "‛": "'", "`": "'", "´": "'",
        "–": "-", "—": "-", "‒": "-", "―": "-", "−": "-", "‐": "-", "‑": "-",
    }
)  # fmt: skip
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Match:
    how: str  # "exact" | "normalized" | "not-found"
    detail: str


def normalize(text: str) -> str:
    """Typography- and white-space-insensitive form of ``text``: Unicode NFKC, with the typography table
    applied before it (NFKC would make ´ a space and a combining accent, which the table never saw) and after
    it (NFKC makes some characters ones of the table: U+2011 becomes U+2010)."""
    text = unicodedata.normalize("NFKC", text.translate(_TYPO)).translate(_TYPO)
    return _SPACE.sub(" ", text).strip()


def _parts(quote: str) -> list[str]:
    return [p for p in _GAP.split(quote) if p.strip()]


def _in_order(parts: list[str], haystack: str) -> bool:
    pos = 0
    for part in parts:
        found = haystack.find(part, pos)
        if found < 0:
            return False
        pos = found + len(part)
    return True


_WHOLE = Match("exact", "as a whole")


def find(quote: str, text: str, normalized_text: str | Callable[[], str] | None = None) -> Match:
    """How ``quote`` occurs in ``text`` (pass ``normalize(text)`` to reuse it, or a function giving it: called only
    when the quote is not found as it is)."""
    plain = "..." not in quote and "…" not in quote and "[" not in quote  # no omission or insertion marked
    if plain and quote and quote == quote.strip() and quote in text:
        return _WHOLE  # the common case, found as it is without splitting
    parts = _parts(quote)
    gaps = len(parts) > 1 or parts != [quote.strip()]
    if not parts:
        return Match("not-found", "the quotation is empty once omissions and insertions are removed")
    what = f"in {len(parts)} parts around the marked omissions or insertions" if gaps else "as a whole"
    if _in_order([p.strip() for p in parts], text):
        return Match("exact", what)
    norm = normalize(text) if normalized_text is None else normalized_text
    if callable(norm):
        norm = norm()
    if _in_order([normalize(p) for p in parts], norm):
        return Match("normalized", what)
    return Match("not-found", "not even after normalising typography and spacing")


def first_inexact(quote: str, text: str) -> str | None:
    """The first part of ``quote`` not found character for character, in order, in ``text``; None when all are."""
    parts = [p.strip() for p in _parts(quote)]
    return next((parts[n - 1] for n in range(1, len(parts) + 1) if not _in_order(parts[:n], text)), None)


def first_missing(quote: str, normalized_text: str) -> str | None:
    """The first part of ``quote`` (split at its marked omissions and insertions) not found in order in
    ``normalized_text`` (``normalize(text)``) even after normalising; None when every part is."""
    pos = 0
    for part in _parts(quote):
        found = normalized_text.find(normalize(part), pos)
        if found < 0:
            return part.strip()
        pos = found + len(normalize(part))
    return None


Marks = tuple[tuple[str, str, bool, bool], ...]
"""Quotation marks as (open, close, apart_from_words, apostrophes_inside), from FC225's rule file."""


def marks_of(pairs: list[dict[str, Any]]) -> Marks:
    """The ``quotation_marks`` parameter of a rule file (a list of mappings) as :data:`Marks`."""
    return tuple(
        (p["open"], p["close"], bool(p.get("apart_from_words", False)), bool(p.get("apostrophes_inside", False)))
        for p in pairs
    )


@cache
def _quoted(marks: Marks) -> re.Pattern[str]:
    """One pattern finding a phrase between any of ``marks``, tried in their order.

    A phrase runs from an opening mark to the nearest closing mark on the same line. With
    ``apart_from_words`` the opening mark may not follow a letter or digit, nor the closing mark
    precede one (so the apostrophes of Reuters' or don't open nothing); with ``apostrophes_inside``
    a closing mark between two letters or digits (Kazakhstan’s, it's) belongs to the phrase.
    """
    alternatives = []
    for opening, closing, apart, inside in marks:
        o, c = re.escape(opening), re.escape(closing)
        body = rf"(?:[^{c}\n]|(?<=\w){c}(?=\w))+?" if inside else rf"[^{c}\n]+?"
        before, after = (r"(?<![^\W_])", r"(?![^\W_])") if apart else ("", "")
        alternatives.append(f"{before}{o}({body}){c}{after}")
    return re.compile("|".join(alternatives))


def quoted_phrases(text: str, marks: Marks) -> list[str]:
    """The phrases ``text`` puts between the quotation ``marks``, in order, white space stripped."""
    if not marks:
        return []
    out: list[str] = []
    for m in _quoted(marks).finditer(text):
        phrase = next(g for g in m.groups() if g is not None).strip()
        if phrase:
            out.append(phrase)
    return out


def appears_in(phrase: str, texts: list[str]) -> bool:
    """True when ``phrase`` is found (exactly, or after normalising typography and spacing) in one of ``texts``."""
    return any(find(phrase, t).how != "not-found" for t in texts)
