"""Where a misquotation went wrong: the closest passage of the archived text and the first character that differs.

For a quote or span that is not in its source (FC222), the message shows the passage of the
archived text that comes closest (rapidfuzz's ``partial_ratio_alignment``, the best-scoring
window of the text as long as the quote) with its line and column, and the first character in
which the quote departs from it. Where either of the two characters is not a plain ASCII
letter or digit (a curly quote, a dash, a non-breaking space, a Cyrillic letter that looks
Latin), both are shown with their code points and Unicode names: ``'’' (U+2019 RIGHT SINGLE
QUOTATION MARK)``.

Cost is bounded: a search costs about the length of the text times the quote's length in
64-character words, so only the first :data:`SEARCHED` characters of a quote are searched for
(the comparison then runs on), and one run searches at most :data:`BUDGET` characters of
archived text in all; after that a message says the search was skipped. The rows are built in
the same order whatever files a run names, so the same finding gets the same message.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable

from factlint.messages import cut

SEARCHED = 256
"""Most characters of a quote searched for (rapidfuzz compares 64 at a time)."""

BUDGET = 50_000_000
"""Most characters of archived text one run searches (about 4 s at worst)."""

MIN_SCORE = 60.0
"""A passage that scores lower (rapidfuzz's 0-100 ratio) is not shown as close."""

SHOWN = 80
"""Most characters of the passage shown."""


_CONTROL = {"\n": "LINE FEED", "\r": "CARRIAGE RETURN", "\t": "CHARACTER TABULATION"}
_SHOWN_AS = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t"})


def char(c: str) -> str:
    """One character as a message shows it: quoted, with its code point unless it is an ASCII letter or digit."""
    mark = "'" if c == '"' else '"'
    if c.isascii() and c.isalnum():
        return f"{mark}{c}{mark}"
    name = _CONTROL.get(c) or unicodedata.name(c, "")
    glyph = "" if unicodedata.category(c).startswith("C") else f"{mark}{c}{mark} "
    return f"{glyph}(U+{ord(c):04X}{' ' + name if name else ''})"


def shown(text: str) -> str:
    """``text`` on one line: line breaks and tabs written as \\n, \\r, \\t."""
    return text.translate(_SHOWN_AS)


def _align(part: str, probe: str, text: str, begin: int, end: int) -> tuple[int, int]:
    """Where ``part`` (``probe`` is its searched head) lines up in ``text`` around the window ``begin:end``:
    from its first matching block to its last, each stretched by the characters of the quote outside it."""
    lo = max(0, begin - len(probe))
    window = text[lo : end + len(probe)]
    blocks = [b for b in difflib.SequenceMatcher(None, probe, window, autojunk=False).get_matching_blocks() if b.size]
    if not blocks:
        return begin, end
    first, last = blocks[0], blocks[-1]
    start = max(0, lo + first.b - first.a)
    stop = lo + last.b + last.size + (len(part) - last.a - last.size)
    return start, min(len(text), max(stop, start))


def _line_column(text: str, at: int) -> tuple[int, int]:
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


class Closest:
    """The closest passages of one run, within the run's search budget (each searched once)."""

    def __init__(self, budget: int = BUDGET) -> None:
        self.budget = budget
        self._found: dict[tuple[str, str], tuple[int, int] | str] = {}

    def _search(self, part: str, text: str) -> tuple[int, int] | str:
        """(start, stop) of the passage of ``text`` closest to ``part``, or why there is none, in words."""
        key = (part, text)
        hit = self._found.get(key)
        if hit is None:
            hit = self._found[key] = self._search_once(part, text)
        return hit

    def _search_once(self, part: str, text: str) -> tuple[int, int] | str:
        if not text:
            return "the archived text is empty"
        if len(text) > self.budget:
            return "the closest passage was not searched for (this run's search budget is spent: fix the ones shown)"
        self.budget -= len(text)
        from rapidfuzz import fuzz

        probe = part[:SEARCHED]
        found = fuzz.partial_ratio_alignment(probe, text)
        if found is None or found.score < MIN_SCORE:
            return "no passage of the archived text comes close to it"
        return _align(part, probe, text, found.dest_start, found.dest_end)

    def explain(self, what: str, part: str, text: str) -> str:
        """Where ``part`` (of the {what}) departs from the passage of ``text`` closest to it, in words (FC222)."""
        found = self._search(part, text)
        if isinstance(found, str):
            return found
        start, stop = found
        k = _first_difference(part, text, start)
        line, column = _line_column(text, start)
        passage = text[start:stop]
        if len(passage) > SHOWN:  # show the part of it around the difference
            lo = max(0, min(k - SHOWN // 2, len(passage) - SHOWN))
            passage = ("…" if lo else "") + cut(passage[lo:], SHOWN - (1 if lo else 0))
        where = f'the closest passage (line {line}, column {column}) is "{shown(passage)}"'
        if k == len(part):
            return f"{where}, which it equals, but that comes before the part that precedes it"
        if start + k >= len(text):
            return f"{where}; the archived text ends where the {what} goes on at its character {k + 1}"
        said = (
            f"{where}; they differ first at character {k + 1} of the {what}: {char(part[k])} "
            f"where the archived text has {char(text[start + k])}"
        )
        past = _first_difference(part, text, start, k, fold=_fold)
        if k < past < len(part) and start + past < len(text):  # the first one is only typography: name the next
            said += (
                f", and past typography at character {past + 1}: {char(part[past])} where the archived text "
                f"has {char(text[start + past])}"
            )
        return said

    def difference(self, what: str, part: str, text: str) -> str:
        """The first character in which ``part`` differs from its passage of ``text`` (FC223: it matches only
        after normalising, so the passage is the same words), or why it was not found, in words."""
        found = self._search(part, text)
        if isinstance(found, str):
            return found
        start, _ = found
        k = _first_difference(part, text, start)
        if k == len(part) or start + k >= len(text):
            return "the first difference was not found"
        line, column = _line_column(text, start + k)
        return (
            f"the first difference is at character {k + 1} of the {what}: {char(part[k])} where the archived "
            f"text has {char(text[start + k])} (line {line}, column {column})"
        )


def _first_difference(part: str, text: str, start: int, k: int = 0, fold: Callable[[str], str] = str) -> int:
    """The first index from ``k`` where ``part`` and ``text[start:]`` differ (after ``fold`` of each character)."""
    while k < len(part) and start + k < len(text) and fold(part[k]) == fold(text[start + k]):
        k += 1
    return k


def _fold(c: str) -> str:
    """One character as the typography-blind match sees it (curly and straight quotes, dashes, spaces alike)."""
    from factlint.rules.textmatch import normalize

    return normalize(c) or " "
