"""Finding a quotation in an archived text, and saying how it matched.

* ``exact``: the text (or, where it marks omissions with ``...``/``…`` or
  editorial insertions with ``[...]``, each of its parts, in order) appears
  character for character;
* ``normalized``: it appears only after typography and white space are
  normalised (curly vs straight quotes and apostrophes, dashes, non-breaking
  and repeated spaces, Unicode compatibility forms) - a warning;
* ``not-found``: not found at all - an error.

:func:`quoted_phrases` finds the phrases a text puts in quotation marks (for
FC225: a quote claim's explanation may only quote words its evidence shows).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

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
    """Typography- and white-space-insensitive form of ``text``."""
    text = unicodedata.normalize("NFKC", text).translate(_TYPO)
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


def find(quote: str, text: str, normalized_text: str | None = None) -> Match:
    """How ``quote`` occurs in ``text`` (pass ``normalize(text)`` to reuse it)."""
    parts = _parts(quote)
    gaps = len(parts) > 1 or parts != [quote.strip()]
    if not parts:
        return Match("not-found", "the quotation is empty once omissions and insertions are removed")
    what = f"in {len(parts)} parts around the marked omissions or insertions" if gaps else "as a whole"
    if _in_order([p.strip() for p in parts], text):
        return Match("exact", what)
    norm = normalized_text if normalized_text is not None else normalize(text)
    if _in_order([normalize(p) for p in parts], norm):
        return Match("normalized", what)
    return Match("not-found", "not even after normalising typography and spacing")


# A phrase in quotation marks: an opening mark at the start or after a character that is not a letter or digit,
# a closing mark at the end or before one. Inside single marks an apostrophe between two letters (Kazakhstan’s,
# don't) belongs to the phrase; after a letter it is not an opening mark (Reuters' translation).
_QUOTED = re.compile(
    r"""(?<![^\W_])'((?:[^'\n]|(?<=\w)'(?=\w))+?)'(?![^\W_])"""
    r"""|(?<![^\W_])‘((?:[^’\n]|(?<=\w)’(?=\w))+?)’(?![^\W_])"""
    r"""|(?<![^\W_])"([^"\n]+?)"(?![^\W_])"""
    r"""|“([^”\n]+?)”|«([^»\n]+?)»|„([^“\n]+?)“"""
)


def quoted_phrases(text: str) -> list[str]:
    """The phrases ``text`` puts in quotation marks ('...', ‘...’, "...", “...”, «...», „...“), in order.

    An apostrophe is not a quotation mark: 'Kazakhstan’s consent' is one phrase, and the apostrophes of
    Reuters' or TASS's open none.
    """
    out: list[str] = []
    for m in _QUOTED.finditer(text):
        phrase = next(g for g in m.groups() if g is not None).strip()
        if phrase:
            out.append(phrase)
    return out


def appears_in(phrase: str, texts: list[str]) -> bool:
    """True when ``phrase`` is found (exactly, or after normalising typography and spacing) in one of ``texts``."""
    return any(find(phrase, t).how != "not-found" for t in texts)
