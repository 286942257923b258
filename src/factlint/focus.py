"""Results across scopes: narrow a corpus's result to the named files, join the results of several corpora."""

from __future__ import annotations

from dataclasses import fields, replace

from factlint.model import Finding, Result

__all__ = ["merged", "narrow"]


def narrow(result: Result, named: set[str]) -> None:
    """Keep the findings in the ``named`` files and those elsewhere that involve them.

    A finding in another file involves a named file when that file is among the files the finding
    carries as involved (``Finding.involves``: a status conflict with a named claim, a reference to a
    named entity of the wrong kind, the coverage map a claim is missing from); its message then says so.
    What the message merely mentions (an article's id, say) does not count.
    """

    def keep(found: list[Finding]) -> list[Finding]:
        out = []
        for f in found:
            if f.file in named:
                out.append(f)
                continue
            hits = sorted(set(f.involves) & named)
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
