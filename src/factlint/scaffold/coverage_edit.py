"""Edits of a coverage map in place: a claim's id added to its sentence, runs of sentences marked not_a_claim.

Only the lines of the sentences named change; comments and every other byte stay as they were.
An edit is made on the text (the loader's line and column of each ``claims`` key), then the new
text is loaded back and must be the old record with exactly that change, else nothing is written
and the message says to edit the file by hand.

* ``factlint new claim --sentence N`` adds the new claim's id to sentence N's ``claims``
  (``claims: []`` -> ``claims: [new-id]``; a block list gets a new ``- new-id`` line);
* ``factlint fix coverage ARTICLE --not-a-claim 1-15,30 --why 'site menu'`` replaces
  ``claims: []`` of each of those sentences with ``not_a_claim: site menu`` (page furniture: a
  stored web page's menus, tags and bylines come one per line).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any, TextIO

from factlint.scaffold.common import EXIT_OK, ScaffoldError, shown

_FLOW = re.compile(r"claims:[ \t]*\[(?P<items>[^\]\n#]*)\](?P<rest>[ \t]*(?:#.*)?)$")
_RANGE = re.compile(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?")


class EditError(ScaffoldError):
    """The coverage map cannot be edited safely: the message says what to do by hand."""


def numbers(spec: str, count: int) -> list[int]:
    """Sentence numbers (from 1) of ``spec`` such as ``1-15,30``, each within 1..``count``."""
    out: list[int] = []
    for piece in spec.split(","):
        m = _RANGE.fullmatch(piece)
        if m is None:
            raise EditError(f"--not-a-claim {spec!r}: write sentence numbers and ranges, e.g. 1-15,30")
        first, last = int(m[1]), int(m[2] or m[1])
        if not 1 <= first <= last <= count:
            raise EditError(f"--not-a-claim {spec!r}: the coverage map has sentences 1 to {count}")
        out.extend(n for n in range(first, last + 1) if n not in out)
    return out


def _load(text: str) -> Any:
    from factlint import loader

    return loader.loads(text)


def _claims_line(doc: Any, index: int) -> tuple[int, int]:
    """(line index, column index) of sentence ``index``'s ``claims`` key."""
    at = doc.positions.key.get(("sentences", index, "claims"))
    if at is None:
        raise EditError(f"sentence {index + 1} has no claims list")
    return at[0] - 1, at[1] - 1


def add_claim(text: str, index: int, cid: str) -> str:
    """``text`` with ``cid`` added to the claims of sentence ``index`` (from 0)."""
    doc = _load(text)
    lines = text.splitlines(keepends=True)
    row, col = _claims_line(doc, index)
    items = doc.data["sentences"][index]["claims"]
    m = _FLOW.match(lines[row].rstrip("\r\n"), col)
    if m is not None:
        listed = [*items, cid]
        end = lines[row][len(lines[row].rstrip("\r\n")) :]
        lines[row] = lines[row][:col] + f"claims: [{', '.join(listed)}]{m['rest']}{end}"
    elif items:
        item_row, item_col = doc.positions.key[("sentences", index, "claims", len(items) - 1)]
        prefix = lines[item_row - 1][: item_col - 1]
        if not re.fullmatch(r"[ \t]*-[ \t]+", prefix):
            raise EditError("its claims list is not written one '- id' per line")
        lines.insert(item_row, f"{prefix}{cid}\n")
    else:
        raise EditError("its claims list is written in a way factlint does not edit")
    new = "".join(lines)
    want = copy.deepcopy(doc.data)
    want["sentences"][index]["claims"] = [*items, cid]
    _check(new, want)
    return new


def mark_not_a_claim(text: str, indexes: list[int], why: str) -> str:
    """``text`` with ``claims: []`` of each sentence in ``indexes`` (from 0) replaced by ``not_a_claim: why``."""
    from factlint.scaffold.emit import scalar

    doc = _load(text)
    lines = text.splitlines(keepends=True)
    want = copy.deepcopy(doc.data)
    for index in indexes:
        sentence = doc.data["sentences"][index]
        if sentence.get("claims") != [] or "not_a_claim" in sentence:
            has = f"lists the claims {', '.join(sentence['claims'])}" if sentence.get("claims") else "is mapped"
            raise EditError(f"sentence {index + 1} {has} already; nothing was changed")
        row, col = _claims_line(doc, index)
        m = _FLOW.match(lines[row].rstrip("\r\n"), col)
        if m is None or m["items"].strip():
            raise EditError(f"sentence {index + 1}'s 'claims: []' is written in a way factlint does not edit")
        end = lines[row][len(lines[row].rstrip("\r\n")) :]
        lines[row] = lines[row][:col] + f"not_a_claim: {scalar(why)}{m['rest']}{end}"
        del want["sentences"][index]["claims"]
        want["sentences"][index]["not_a_claim"] = why
    new = "".join(lines)
    _check(new, want)
    return new


def _check(new: str, want: Any) -> None:
    from factlint import loader

    try:
        back = loader.loads(new).data
    except loader.LoadError:
        back = None
    if back != want:
        raise EditError("the edited map would not read back as intended; edit it by hand")


def fix_coverage(root: Path, article: str, spec: str, why: str, out: TextIO) -> int:
    """``fix coverage ARTICLE --not-a-claim SPEC --why WHY``: mark those sentences, write the map atomically."""
    from factlint import corpus
    from factlint.scaffold.common import load, slug_ok
    from factlint.scaffold.files import inside, replace_text

    sid = slug_ok(article, "ARTICLE")
    path = root / corpus.FOLDER_OF_KIND["coverage"] / f"{sid}.yaml"
    if not path.is_file():
        raise ScaffoldError(f"no coverage map {shown(path)}")
    if not inside(root, path):
        raise ScaffoldError(f"{shown(path)} leads outside the corpus through a symbolic link; not followed")
    data = load(path)
    sentences = data.get("sentences") if isinstance(data, dict) else None
    if not isinstance(sentences, list):
        raise ScaffoldError(f"{shown(path)} has no sentences list")
    if not why.strip():
        raise ScaffoldError("--why must say why these sentences assert nothing to check, e.g. 'site menu'")
    chosen = numbers(spec, len(sentences))
    try:
        new = mark_not_a_claim(path.read_text(encoding="utf-8"), [n - 1 for n in chosen], why)
    except EditError as exc:
        raise ScaffoldError(f"{shown(path)}: {exc}") from None
    replace_text(path, new)
    out.write(f"factlint: {shown(path)}: {len(chosen)} sentence(s) marked not_a_claim: {why}\n")
    return EXIT_OK
