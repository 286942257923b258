"""What ``factlint new`` checks against the corpus's entities before it writes: warnings that say what to use.

* an id option (``--speaker``, ``--outlet``) naming no entity: the nearest existing one by
  spelling or by name/alias (:mod:`factlint.nearest`, the same as ``validate``'s FC303 hint),
  else how to add it;
* a new entity whose id is spelled like an existing one (``kazinform`` / ``qazinform``), or
  whose name or an alias is already another entity's name, alias or id.

They are warnings, not errors: two entities may share a name, and a new entity may be new.
The files are written all the same; each warning says which file to correct or delete.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from factlint import corpus
from factlint.nearest import Index


def _entities(root: Path) -> dict[str, Any]:
    """id -> data of every entity record of the corpus that can be read (the rest are left to validate)."""
    from factlint import loader

    out: dict[str, Any] = {}
    for path in sorted((root / corpus.FOLDER_OF_KIND["entity"]).rglob("*.yaml")):
        try:
            data = loader.load_path(path).data
        except (loader.LoadError, OSError):
            continue
        rid = data.get("id") if isinstance(data, dict) else None
        out.setdefault(rid if isinstance(rid, str) else path.stem, data)
    return out


class Entities:
    """The corpus's entities, read once per command."""

    def __init__(self, root: Path) -> None:
        self.records = _entities(root)
        self.index = Index(self.records)

    def __contains__(self, eid: object) -> bool:
        return eid in self.records

    def _label(self, eid: str) -> str:
        name = self.index.label.get(eid)
        return f"'{eid}' ({name})" if name else f"'{eid}'"

    def unknown(self, option: str, eid: str, kind: str, written: str) -> tuple[str | None, str | None]:
        """(warning, next step) for an id option naming ``eid``: both None when it exists or is a placeholder."""
        if eid in self.records or eid.startswith("todo-"):
            return None, None
        add = f"factlint new entity {eid} --kind {kind} --name 'NAME'"
        hint = self.index.did_you_mean(eid)
        if hint:
            return (
                f"{option} '{eid}' names no entity; {hint} Write that id in {written}, "
                f"or, if it is another entity, add it: {add}",
                None,
            )
        return None, f"there is no entity '{eid}' yet: {add}"

    def duplicates(self, eid: str, names: list[str], written: str) -> list[str]:
        """Warnings for a new entity ``eid`` (with these names) that may be an existing one."""
        out: list[str] = []
        seen: set[str] = set()
        for name in names:
            other = self.index.named(name)
            if other is not None and other != eid and other not in seen:
                seen.add(other)
                out.append(
                    f"'{name}' already names the entity {self._label(other)}: if it is the same one, "
                    f"delete {written} and use the id '{other}'"
                )
        near = self.index.nearest(eid)
        if near is not None and near not in seen:
            out.append(
                f"the new id '{eid}' is close to the entity {self._label(near)}: if it is the same one, "
                f"delete {written} and use the id '{near}'"
            )
        return out
