"""The rows about quoted text: how a quote, a span or an evidence excerpt is found in the archived text of its
source (:meth:`QuoteRows.found`: the tiers of :func:`factlint.rules.textmatch.find`, or why it could not be looked
for), and the ``quotes`` rows (:meth:`QuoteRows.match`), with where a quote not found, or found only after
normalising, differs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from factlint.messages import cut
from factlint.record import Record
from factlint.rules.tables.store import Path_, layout
from factlint.rules.textmatch import find, first_inexact, first_missing, normalize

if TYPE_CHECKING:
    from factlint.rules.closest import Closest
    from factlint.rules.tables.archives import Archives

QUOTES = layout("quotes", "claim_id", "file", "what", "source", "speaker", "speaker_kind", "date", "match", "detail",
                "excerpt", "placeholder", "_rec", "_involves", "_at")  # fmt: skip
"""The layout of the rows added as tuples here (:func:`.store.layout`)."""


class QuoteRows:
    """The quotation matches of a :class:`.builder.Builder` (its base)."""

    if TYPE_CHECKING:  # (what the builder gives: :class:`.builder.Builder`)
        archives: Archives
        closest: Closest
        _normalized: dict[str, str]
        _add_quote: Callable[[tuple[Any, ...]], None]

        def where(self, path: Path_, at_value: bool) -> tuple[Path_, bool]: ...

        def source(self, sid: Any) -> Record | None: ...

    def found(self, text: str, source: str | None) -> tuple[str, str]:
        """How ``text`` occurs in the archived text of ``source``: (match, detail), the tiers of
        :func:`factlint.rules.textmatch.find`, or why it could not be looked for (the archive's status)."""
        if source is None:
            return "unknown-source", "no source given"
        status, archived, info = self.archives.get(source)
        if archived is None:
            return status, info
        m = find(text, archived, lambda: self.normalized(source, archived))
        return m.how, m.detail

    def normalized(self, source: str, archived: str) -> str:
        """``normalize(archived)``, once per source (most quotes are found as they are, without it)."""
        norm = self._normalized.get(source)
        if norm is None:
            norm = self._normalized[source] = normalize(archived)
        return norm

    def _where_it_differs(self, how: str, detail: str, what: str, text: str, archived: str, norm: str) -> str:
        """``detail`` with where a quote not found (FC222) or found only after normalising (FC223) differs."""
        if how == "not-found":
            part = first_missing(text, norm)
            if part is None:
                return detail
            whole = part == text.strip()
            whose = "" if whole else f'its part "{cut(part, 40)}" is not found in order: '
            return f"{detail}; {whose}{self.closest.explain(what if whole else 'part', part, archived)}"
        if how == "normalized":
            part = first_inexact(text, archived)
            if part is None:
                return detail
            whole = part == text.strip()
            whose = "" if whole else f'in its part "{cut(part, 40)}" '
            return f"{detail}; {whose}{self.closest.difference(what if whole else 'part', part, archived)}"
        return detail

    def match(
        self, rec: Record, path: Path_, what: str, text: str, source: str | None, said: tuple[Any, Any, Any]
    ) -> None:
        """A ``quotes`` row: how ``text`` was found in the archived text of ``source``; ``said``: the claim's
        (speaker, speaker_kind, date)."""
        how, detail = self.found(text, source)
        placeholder = text.startswith("TODO")  # of `factlint new`: FC271 says to fill it in, FC222 skips it
        if source is not None and how in ("not-found", "normalized") and not placeholder:
            archived = self.archives.get(source)[1]
            if archived is not None:
                detail = self._where_it_differs(how, detail, what, text, archived, self.normalized(source, archived))
        excerpt = cut(text, 80)
        self._add_quote(
            (rec.id, rec.file, what, source, *said, how, detail, excerpt, placeholder, rec, self.source(source),
             self.where(path, True))
        )  # fmt: skip
