"""Did you mean ...? The nearest existing id for a reference that names nothing.

An entity is found by its name or an alias (``Sherzod Asadov`` ->
``sherzod-asadov``), or by the id its text would slug to; any id by edit
distance (``sherzod-asadow`` -> ``sherzod-asadov``, difflib's ratio >= 0.8,
the closest first); or when every word of it is in one entity's name or alias
(``tokayev-kassym`` -> ``kassym-jomart-tokayev``). Suggestions only ever name records that exist.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

CUTOFF = 0.8
"""How close an id must be (difflib ratio) to be suggested."""


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").casefold()
    return " ".join(re.findall(r"[a-z0-9]+", text))


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
                names = [data.get("name"), *(data.get("aliases") or [])]
                if isinstance(data.get("name"), str):
                    self.label[rid] = data["name"]
            for name in names:
                if isinstance(name, str) and _norm(name):
                    self.names.setdefault(_norm(name), rid)
            self.names.setdefault(_norm(rid), rid)

    def nearest(self, target: str) -> str | None:
        """The existing id ``target`` most likely means, or None."""
        if not isinstance(target, str) or not target or target in self._known:
            return None
        by_name = self.names.get(_norm(target))
        if by_name is not None and by_name != target:
            return by_name
        close = difflib.get_close_matches(target, self.ids, n=1, cutoff=CUTOFF)
        if close and close[0] != target:
            return close[0]
        # Every word of the target in one entity's name or alias, in any order: tokayev-kassym.
        words = set(_norm(target).split())
        if len(words) >= 2:
            hits = {rid for name, rid in self.names.items() if words <= set(name.split())}
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
