"""Did you mean ...? The nearest existing id for a reference that names nothing.

An entity is found by its name or an alias (``Sherzod Asadov`` ->
``sherzod-asadov``; a country also by its ISO alpha-2 or alpha-3 code, ``UZB`` ->
``uzbekistan``), or by the id its text would slug to; any id by edit
distance (``sherzod-asadow`` -> ``sherzod-asadov``, difflib's ratio >= 0.8,
the closest first); or when every word of it is in one entity's name or alias
(``tokayev-kassym`` -> ``kassym-jomart-tokayev``). Suggestions only ever name records that exist.

Speed (a corpus of 100k claims has as many ids, and at 1% planted errors a thousand references that name
none): difflib is only asked about the ids that can reach the cutoff at all. The shorter length bounds the
characters two strings share, so only ids of lengths within a band around the target's can (one slice
of ids sorted by length); for those, difflib's own first test, ``quick_ratio`` (twice the characters
two strings share, counted with repetition, over their summed length), bounds the ratio from above:
with numpy it is computed for the slice at once from a matrix of character counts, and the ids below
the cutoff are left out.
The answer is the same as ``difflib.get_close_matches`` over all ids (tested), only sooner.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

CUTOFF = 0.8
"""How close an id must be (difflib ratio) to be suggested."""

PREFILTER_MIN_IDS = 200
"""From this many ids on, the ids that cannot reach :data:`CUTOFF` are left out before difflib runs."""


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").casefold()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def _codes(data: Mapping[str, Any]) -> list[str]:
    """A country entity's ISO 3166-1 codes, alpha-2 and alpha-3 (``UZ``, ``UZB``), as further names of it."""
    code = data.get("iso3166_alpha2")
    if not isinstance(code, str):
        return []
    import pycountry

    found = pycountry.countries.get(alpha_2=code.upper())
    return [code, found.alpha_3] if found is not None else [code]


class Index:
    """The ids of one namespace and, for entities, their names and aliases."""

    def __init__(self, records: Mapping[str, Any]) -> None:
        """``records``: id -> record data (a dict, or anything without names)."""
        self.ids = sorted(records)
        self._known = frozenset(self.ids)
        self.names: dict[str, str] = {}
        self.label: dict[str, str] = {}
        for rid in self.ids:
            data = records[rid]
            names: Iterable[Any] = []
            if isinstance(data, Mapping):
                names = [data.get("name"), *(data.get("aliases") or []), *_codes(data)]
                if isinstance(data.get("name"), str):
                    self.label[rid] = data["name"]
            for name in names:
                if isinstance(name, str) and _norm(name):
                    self.names.setdefault(_norm(name), rid)
            self.names.setdefault(_norm(rid), rid)
        self._by_word: dict[str, set[str]] | None = None
        self._counts: Any = None

    def _close(self, target: str) -> str | None:
        """``difflib.get_close_matches(target, self.ids, n=1, cutoff=CUTOFF)``, on the ids that can reach it."""
        ids = self.ids
        if len(ids) >= PREFILTER_MIN_IDS:
            ids = self._candidates(target)
        close = difflib.get_close_matches(target, ids, n=1, cutoff=CUTOFF)
        return close[0] if close else None

    def _candidates(self, target: str) -> list[str]:
        """The ids whose difflib ``quick_ratio`` with ``target`` reaches the cutoff (all ids without numpy)."""
        try:
            import numpy as np
        except ImportError:  # the schema-only install: no numpy, plain difflib
            return self.ids
        if self._counts is None:
            alphabet = {ch: i for i, ch in enumerate(sorted({ch for rid in self.ids for ch in rid}))}
            # Rows in order of length, so the ids of the lengths that can reach the cutoff are one slice.
            order = sorted(range(len(self.ids)), key=lambda i: len(self.ids[i]))
            lengths = np.array([len(self.ids[i]) for i in order], dtype=np.int64)
            # Every character of every id (in row order) as its place in the alphabet, counted per row at once.
            joined = "".join(self.ids[i] for i in order).encode("utf-32-le", "surrogatepass")
            points = np.frombuffer(joined, dtype=np.uint32)
            letters = np.searchsorted(np.array([ord(ch) for ch in alphabet], dtype=np.uint32), points)
            rows = np.repeat(np.arange(len(order), dtype=np.int64), lengths)
            cells = np.bincount(rows * len(alphabet) + letters, minlength=len(order) * len(alphabet))
            counts = cells.astype(np.int32).reshape(len(order), len(alphabet))
            self._counts = (alphabet, counts, lengths, order)
        alphabet, counts, lengths, order = self._counts
        cutoff = CUTOFF - 1e-9  # the margin only keeps more
        size = len(target)
        # matches <= the shorter length, so 2 * min(len(a), len(b)) / (len(a) + len(b)) >= cutoff bounds the
        # lengths: one slice of rows, not every id (a corpus's ids are compared with each reference that names none).
        lo = int(np.searchsorted(lengths, cutoff * size / (2 - cutoff), side="left"))
        hi = int(np.searchsorted(lengths, size * (2 - cutoff) / cutoff, side="right"))
        wanted: dict[int, int] = {}
        for ch in target:
            if ch in alphabet:  # a character no id has matches nothing
                wanted[alphabet[ch]] = wanted.get(alphabet[ch], 0) + 1
        if lo >= hi or not wanted:
            return []
        columns = list(wanted)  # characters the target lacks add nothing to min(count, wanted)
        matches = np.minimum(counts[lo:hi, columns], np.array([wanted[c] for c in columns], dtype=np.int32)).sum(axis=1)
        # difflib keeps an id when 2.0 * matches / (len(a) + len(b)) >= cutoff.
        keep = 2.0 * matches / (lengths[lo:hi] + size) >= cutoff
        return [self.ids[order[lo + i]] for i in np.flatnonzero(keep)]

    def _holding(self, words: set[str]) -> set[str]:
        """The names (normalised) that hold every one of ``words``."""
        if self._by_word is None:
            self._by_word = {}
            for name in self.names:
                for word in set(name.split()):
                    self._by_word.setdefault(word, set()).add(name)
        holding: list[set[str]] = []
        for word in words:
            names = self._by_word.get(word)
            if names is None:
                return set()
            holding.append(names)
        if not holding:
            return set()
        holding.sort(key=len)  # from the fewest names on (a word of every id's name, as "art", holds them all)
        return holding[0].intersection(*holding[1:])

    def named(self, text: str) -> str | None:
        """The id whose name, alias or id is ``text`` (ignoring case, accents and punctuation), or None."""
        return self.names.get(_norm(text)) if isinstance(text, str) else None

    def nearest(self, target: str) -> str | None:
        """The existing id ``target`` most likely means, or None."""
        if not isinstance(target, str) or not target or target in self._known:
            return None
        by_name = self.names.get(_norm(target))
        if by_name is not None and by_name != target:
            return by_name
        close = self._close(target)
        if close is not None and close != target:
            return close
        # Every word of the target in one entity's name or alias, in any order: tokayev-kassym.
        words = set(_norm(target).split())
        if len(words) >= 2:
            hits = {self.names[name] for name in self._holding(words)}
            if len(hits) == 1:
                return hits.pop()
        return None

    def did_you_mean(self, target: str) -> str:
        """The hint for ``target``, e.g. "did you mean 'sherzod-asadov' (Sherzod Asadov)?", or ""."""
        rid = self.nearest(target)
        if rid is None:
            return ""
        label = self.label.get(rid)
        return f"did you mean '{rid}'" + (f" ({label})" if label else "") + "?"
