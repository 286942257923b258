"""Results across scopes: narrow a corpus's result to the named files, join the results of several corpora."""

from __future__ import annotations

import re
from dataclasses import fields, replace
from pathlib import Path

from factlint.model import Finding, Result

__all__ = ["merged", "narrow"]


def narrow(result: Result, named: set[str]) -> None:
    """Keep the findings in the ``named`` files and those elsewhere that involve them.

    A finding in another file involves a named file when its message names that
    file or the id of a record in it (a status conflict with a named claim, a
    reference to a named entity of the wrong kind); its message then says so.
    """
    ids = {rec.id for rec in result.records if rec.file in named and rec.id}
    ids |= {re.sub(r"\.ya?ml$", "", Path(n).name) for n in named}
    file_of = {re.sub(r"\.ya?ml$", "", Path(n).name): n for n in sorted(named)}
    file_of.update({rec.id: rec.file for rec in result.records if rec.file in named and rec.id})
    words = re.compile(
        "|".join(
            [rf"(?<![a-z0-9-]){re.escape(i)}(?![a-z0-9-])" for i in sorted(ids, key=len, reverse=True)]
            + [re.escape(n) for n in sorted(named, key=len, reverse=True)]
        )
    )

    def keep(found: list[Finding]) -> list[Finding]:
        out = []
        for f in found:
            if f.file in named:
                out.append(f)
                continue
            hits = sorted({file_of.get(m, m) for m in words.findall(f.message)} & named)
            if hits:
                out.append(replace(f, message=f"{f.message} (cross-record: involves {', '.join(hits)})"))
        return out

    result.findings = keep(result.findings)
    result.waived = keep(result.waived)


def merged(results: list[Result]) -> Result:
    """One result from the results of several corpora: lists joined, counts added, mappings merged."""
    merged = Result()
    for one in results:
        for f in fields(Result):
            mine, theirs = getattr(merged, f.name), getattr(one, f.name)
            if isinstance(mine, list):
                mine.extend(x for x in theirs if not (isinstance(x, str) and x in mine))
            elif isinstance(mine, int) and not isinstance(mine, bool):
                setattr(merged, f.name, mine + theirs)
            elif isinstance(mine, dict):
                for k, v in theirs.items():
                    if isinstance(v, set):
                        mine.setdefault(k, set()).update(v)
                    else:
                        mine.setdefault(k, v)
    return merged
