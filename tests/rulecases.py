"""Rule cases as data: materialise a case of ``tests/rules/<CODE>.yaml`` as a corpus and compare findings.

A case names only the records it needs; they are written on top of the base
corpus in ``tests/rules/base/`` (see tests/README.md for what it holds). Each
entry of a case's ``records`` is one of:

* ``claim: ID`` - a claim built from :data:`CLAIM` (plus the block of its
  ``type`` from :data:`TYPE_BLOCKS`), with the entry's other keys merged in;
  written to ``articles/<article>/<ID>.yaml`` unless ``file:`` says where;
* ``entity: ID`` (default ``kind: person``), ``source: ID`` (from :data:`SOURCE`;
  ``text:`` archives that text and records its path and SHA-256),
  ``coverage: ID`` (``source`` defaults to the id);
* ``file: PATH`` with ``text:`` (a raw file) or ``symlink:`` (a link to that target);
* ``remove: PATH`` - delete a file of the base corpus.

The base corpus maps every archived article that claims come from (FC264), so
``wire-report`` (the default article of case claims) and ``agency-report`` (the
"other article" of many cases) have coverage maps too: every case claim of one
of them is listed under the first sentence of its map, unless the case writes or
removes that map itself (see :func:`map_case_claims`).

An entry whose kind and id are those of a base record is merged into that
record instead. Merging: mappings merge key by key, anything else (lists
included) replaces, and ``null`` deletes the key.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from factlint import loader
from factlint.model import Finding, Result

HERE = Path(__file__).resolve().parent
CASES = HERE / "rules"
BASE = CASES / "base"
CASE_SCHEMA = CASES / "case.schema.json"
TODAY = dt.date(2026, 11, 28)
"""The run's date of every case unless the case file or the case says ``today``."""

CLAIM: dict[str, Any] = {
    "type": "statement",
    "article": "wire-report",
    "statement": "A claim written for a rule case.",
    "attribution": {"speaker": "alice-example", "date": "2026-01-19"},
    "sources": [{"source": "wire-report", "span": "The Example Council met on Monday."}],
    "as_of": "2026-01-19",
    "verdict": {"rating": "unverified", "explanation": "Written for a rule case.", "evidence": []},
    "review": {"state": "draft"},
}
"""What every case claim starts from: a draft statement of wire-report (listed in its coverage map)."""

MAPPED = ("wire-report", "agency-report")
"""The articles whose base coverage maps list the case's claims (:func:`map_case_claims`)."""

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # common.schema.json's id pattern

TYPE_BLOCKS: dict[str, dict[str, Any]] = {
    "quote": {"quote": {"text": "We are ready to serve,"}},
    "status": {"status": {"subject": "norway", "body": "example-council", "value": "invited"}},
    "composition": {"composition": {"body": "example-council", "seats": 3}},
    "overlap": {"overlap": {"bodies": ["example-council", "example-board"], "count": 1}},
    "event": {"event": {"kind": "meeting", "actors": ["example-council"]}},
    "statement": {},
}

SOURCE: dict[str, Any] = {
    "kind": "article",
    "outlet": "example-news",
    "title": "A source written for a rule case",
    "language": "en",
    "published": "2026-01-19",
    "retrieved": "2026-01-20",
    "retrieved_basis": "read-date",
}

ENTITY: dict[str, Any] = {"kind": "person"}

FOLDERS = {"entity": "entities", "source": "sources", "coverage": "coverage"}

KINDS = ("coverage", "claim", "entity", "source")
"""The keys that name an entry's record kind, in the order they are looked for (a coverage map has a
``source`` field, so ``coverage`` is looked for first)."""


class CaseError(ValueError):
    """A case file that cannot be materialised: a mistake in the case, not in factlint."""


def merge(base: Any, patch: Any) -> Any:
    """``patch`` merged into a copy of ``base``: mappings key by key, ``None`` deletes, the rest replaces."""
    if not isinstance(base, dict) or not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = copy.deepcopy(base)
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge(out.get(key), value)
    return out


def merge_at(base: dict[str, Any], path: list[str | int], patch: Any) -> dict[str, Any]:
    """``patch`` merged into the part of a copy of ``base`` at ``path`` (keys and list indices)."""
    if not path:
        return merge(base, patch)
    out = copy.deepcopy(base)
    node: Any = out
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = merge(node[path[-1]], patch)
    return out


@cache
def _base_index() -> dict[tuple[str, str], str]:
    """(kind, id) of every base record -> its path relative to the base folder."""
    from factlint.schemas import record_kind

    index: dict[tuple[str, str], str] = {}
    for path in sorted(BASE.rglob("*.yaml")):
        rel = path.relative_to(BASE).as_posix()
        index[(record_kind(rel), loader.load_path(path).data["id"])] = rel
    return index


def entry_kind(entry: dict[str, Any]) -> str:
    for kind in (*KINDS, "file", "remove"):
        if kind in entry:
            return kind
    raise CaseError(f"a record entry needs one of {', '.join((*KINDS, 'file', 'remove'))}: {entry!r}")


def _dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def materialise(root: Path, entries: Iterable[dict[str, Any]]) -> None:
    """Write the base corpus and then ``entries`` into the empty folder ``root``."""
    shutil.copytree(BASE, root, dirs_exist_ok=True)
    claims: list[tuple[Any, Any]] = []
    touched: set[str] = set()
    for entry in entries:
        _write(root, dict(entry), claims, touched)
    map_case_claims(root, claims, touched)


def map_case_claims(root: Path, claims: list[tuple[Any, Any]], touched: set[str]) -> None:
    """List the case's claims of each article of :data:`MAPPED` under sentence 1 of its base coverage map.

    ``claims`` are the (id, article) of every claim the case wrote, ``touched`` the files it wrote or
    removed. A case that writes or removes a map itself (FC261-FC264 cases) gets exactly what it wrote;
    ids a coverage map may not hold (not a slug) are left out.
    """
    for article in MAPPED:
        rel = f"coverage/{article}.yaml"
        ids = [
            cid for cid, of in claims
            if of == article and isinstance(cid, str) and _ID.fullmatch(cid) and 2 <= len(cid) <= 80
        ]  # fmt: skip
        if not ids or rel in touched:
            continue
        path = root / rel
        data = loader.load_path(path).data
        first = data["sentences"][0]
        first.pop("not_a_claim", None)
        first["claims"] = list(dict.fromkeys(ids))
        path.write_text(_dump(data), encoding="utf-8")


def _write(root: Path, entry: dict[str, Any], claims: list[tuple[Any, Any]], touched: set[str]) -> None:
    kind = entry_kind(entry)
    if kind == "remove":
        touched.add(entry["remove"])
        target = root / entry["remove"]
        if not target.is_file():
            raise CaseError(f"remove: {entry['remove']} is not a file of the base corpus")
        target.unlink()
        return
    if kind == "file":
        touched.add(entry["file"])
        target = root / entry["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        if "symlink" in entry:
            os.symlink(entry["symlink"], target)
        else:
            target.write_text(entry["text"], encoding="utf-8")
        return
    rid = entry.pop(kind)
    file = entry.pop("file", None)
    text = entry.pop("text", None) if kind == "source" else None
    base_rel = _base_index().get((kind, rid))
    if base_rel is not None:
        data = merge(loader.load_path(BASE / base_rel).data, entry)
        file = file or base_rel
    else:
        data = {"id": rid, **merge(_template(kind, rid, entry), entry)}
    name = data.get("id") if isinstance(data.get("id"), str) else rid  # an excerpt may rename the record
    if kind == "claim":
        file = file or f"articles/{data.get('article', 'no-article')}/{name}.yaml"
    else:
        file = file or f"{FOLDERS[kind]}/{name}.yaml"
    touched.add(file)
    if kind == "claim":
        claims.append((data.get("id"), data.get("article")))
    target = root / file
    target.parent.mkdir(parents=True, exist_ok=True)
    if text is not None:
        archive = dict(data.get("archive") or {})
        archive.setdefault("path", f"{rid}.txt")
        (target.parent / archive["path"]).write_text(text, encoding="utf-8")
        archive.setdefault("sha256", hashlib.sha256(text.encode("utf-8")).hexdigest())
        data["archive"] = archive
    target.write_text(_dump(data), encoding="utf-8")


def _template(kind: str, rid: str, entry: dict[str, Any]) -> dict[str, Any]:
    if kind == "claim":
        claim_type = entry.get("type", CLAIM["type"])
        if claim_type not in TYPE_BLOCKS:
            raise CaseError(f"claim {rid}: unknown type {claim_type!r}")
        return {**CLAIM, **TYPE_BLOCKS[claim_type]}
    if kind == "source":
        url = f"https://news.example.org/{rid}"
        return {**SOURCE, "url": url, "copy_url": url}  # copy_url: required of a source without archived text
    if kind == "entity":
        return {**ENTITY, "name": rid.replace("-", " ").title()}
    return {"source": rid}  # coverage


# -- expected findings --------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    """One expected finding: its rule code and whatever else the case pins down."""

    code: str
    id: str | None = None
    file: str | None = None
    line: int | None = None
    message: str | None = None

    def matches(self, finding: Finding) -> bool:
        return (
            finding.rule == self.code
            and (self.id is None or finding.claim_id == self.id)
            and (self.file is None or finding.file == self.file)
            and (self.line is None or finding.line == self.line)
            and (self.message is None or self.message in finding.message)
        )

    def __str__(self) -> str:
        parts = [self.code, *(f"{k}={v!r}" for k in ("id", "file", "line", "message") if (v := getattr(self, k)))]
        return " ".join(parts)


def expected(items: Iterable[dict[str, Any]] | None) -> list[Expected]:
    return [Expected(**item) for item in items or []]


def show(finding: Finding) -> str:
    return f"{finding.rule} id={finding.claim_id!r} {finding.location}: {finding.message}"


def mismatch(want: list[Expected], got: list[Finding]) -> list[str]:
    """What differs between the expected and the actual findings (empty: the same set, counted)."""
    left = sorted(set(got))  # as the reports count them: one finding per distinct file, place, rule and message
    problems: list[str] = []
    for item in want:
        hit = next((f for f in left if item.matches(f)), None)
        if hit is None:
            problems.append(f"missing: {item}")
        else:
            left.remove(hit)
    problems += [f"unexpected: {show(f)}" for f in left]
    return problems


def run(root: Path, today: dt.date) -> Result:
    """The real pipeline (load, schemas, rules) on the corpus in ``root``, from inside it."""
    from factlint import validate

    cwd = Path.cwd()
    os.chdir(root)
    try:
        return validate.run(["."], today=today)
    finally:
        os.chdir(cwd)


def load_case_file(path: Path) -> dict[str, Any]:
    """A case file, checked against tests/rules/case.schema.json."""
    import jsonschema

    try:
        data = loader.load_path(path).data
    except loader.LoadError as exc:
        raise CaseError(f"{path.name}:{exc.line}:{exc.column}: {exc.message}") from None
    schema = json.loads(CASE_SCHEMA.read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        where = "/".join(str(p) for p in errors[0].absolute_path)
        raise CaseError(f"{path.name}: /{where}: {errors[0].message}")
    return data


def case_date(value: Any, default: dt.date) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else default
