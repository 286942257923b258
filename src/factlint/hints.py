"""Hints added to schema findings once the whole corpus is known.

The schema stage judges one file at a time, so a reference written as a name
(``speaker: Sherzod Asadov``) or with capitals fails the id pattern (FC106)
without knowing which ids exist. After loading, this step adds the nearest
existing id (:mod:`factlint.nearest`) to such findings.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

from factlint.model import Result
from factlint.nearest import Index
from factlint.record import Record

SLOTS = {
    "attribution/speaker": "entity", "attribution/via": "entity", "status/subject": "entity",
    "status/body": "entity", "composition/body": "entity", "composition/members": "entity",
    "overlap/bodies": "entity", "overlap/members": "entity", "event/actors": "entity",
    "event/counterparts": "entity", "outlet": "entity", "parent": "entity", "roles/of": "entity",
    "article": "source", "sources/source": "source", "verdict/evidence/source": "source", "source": "source",
    "sentences/claims": "claim",
}  # fmt: skip
"""The fields that hold a reference, by their JSON pointer without list indices, and what they name."""

_INDEX = re.compile(r"/[0-9]+(?=/|$)")


def apply(result: Result, records: list[Record] | None = None) -> None:
    """Add "did you mean ...?" to the FC106 findings of reference fields whose value is near an existing id.

    The ids are those of ``records`` (default: the result's own, i.e. the corpus that was loaded).
    """
    known = result.records if records is None else records
    indexes: dict[str, Index] = {}
    out = []
    for found in result.findings:
        f = found
        namespace = SLOTS.get(_INDEX.sub("", f.pointer).lstrip("/")) if f.rule == "FC106" else None
        if namespace is not None:
            try:
                value, _ = json.JSONDecoder().raw_decode(f.message)
            except ValueError:
                value = None
            if isinstance(value, str):
                if namespace not in indexes:
                    # A claim has no name or alias (its schema allows none): its id only, no claim decoded.
                    ids = {
                        r.id: None if namespace == "claim" else r.data for r in known if r.kind == namespace and r.id
                    }
                    indexes[namespace] = Index(ids)
                hint = indexes[namespace].did_you_mean(value)
                if hint:
                    f = replace(f, message=f"{f.message}; {hint}")
        out.append(f)
    result.findings = out
