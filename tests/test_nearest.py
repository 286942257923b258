"""The nearest-id search gives difflib's answer over all ids, with or without its prefilter."""

from __future__ import annotations

import difflib
import random

import pytest

from factlint import nearest
from factlint.nearest import CUTOFF, Index


def _reference(index: Index, target: str) -> str | None:
    """The search as written before the prefilter: difflib over every id, every name scanned."""
    if not target or target in index.ids:
        return None
    by_name = index.names.get(nearest._norm(target))
    if by_name is not None and by_name != target:
        return by_name
    close = difflib.get_close_matches(target, index.ids, n=1, cutoff=CUTOFF)
    if close and close[0] != target:
        return close[0]
    words = set(nearest._norm(target).split())
    if len(words) >= 2:
        hits = {rid for name, rid in index.names.items() if words <= set(name.split())}
        if len(hits) == 1:
            return hits.pop()
    return None


def _ids(rng: random.Random, n: int) -> list[str]:
    words = ["france", "norway", "council", "board", "peace", "member", "signed", "quote", "status", "x", "éa"]
    out = set()
    while len(out) < n:
        out.add("-".join(rng.choice(words) for _ in range(rng.randint(1, 4))) + f"-{rng.randint(0, 99)}")
    return sorted(out)


def _mutate(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(0, 4)):
        op = rng.randrange(4)
        pos = rng.randrange(len(chars) + 1)
        if op == 0 and chars:
            del chars[min(pos, len(chars) - 1)]
        elif op == 1:
            chars.insert(pos, rng.choice("abcz-0ü\u2028"))
        elif op == 2 and chars:
            chars[min(pos, len(chars) - 1)] = rng.choice("abq-9")
        else:
            chars = chars[::-1] if rng.random() < 0.1 else chars
    return "".join(chars)


@pytest.mark.parametrize("size", [nearest.PREFILTER_MIN_IDS - 1, nearest.PREFILTER_MIN_IDS, 1500])
def test_prefiltered_search_agrees_with_difflib_over_every_id(size: int) -> None:
    rng = random.Random(size)
    ids = _ids(rng, size)
    records = {rid: {"name": rid.replace("-", " ").title()} if i % 3 == 0 else "x" for i, rid in enumerate(ids)}
    index = Index(records)
    targets = [_mutate(rng, rng.choice(ids)) for _ in range(400)]
    targets += ["", "zzzz", "france", "board peace", "peace-board-7", "€", ids[0], ids[0] + ids[1]]
    answers = [index.nearest(target) for target in targets]
    assert answers == [_reference(index, target) for target in targets]
    assert sum(a is not None for a in answers) > 100  # the cases do reach the cutoff


def test_the_prefilter_leaves_out_ids_that_cannot_reach_the_cutoff() -> None:
    ids = [f"claim-{i:05d}" for i in range(nearest.PREFILTER_MIN_IDS * 2)] + ["france-signed-the-charter"]
    index = Index(dict.fromkeys(ids, "x"))
    assert index._candidates("france-signed-the-chartr") == ["france-signed-the-charter"]
    assert index.nearest("france-signed-the-chartr") == "france-signed-the-charter"


def test_ids_too_short_or_too_long_to_reach_the_cutoff_are_no_candidates() -> None:
    # A dangling reference is compared with the ids of its length band only (matches <= the shorter length),
    # so a corpus's many ids of another length cost nothing per reference (was every id, per reference).
    ids = [f"art-{i:06d}-c{j:02d}" for i in range(150) for j in range(3)] + ["ghost-claim-art-000017x"]
    index = Index(dict.fromkeys(ids, "x"))
    assert index._candidates("ghost-claim-art-000017") == ["ghost-claim-art-000017x"]
    assert index._candidates("a") == []
    assert "ghost-claim-art-000017x" not in index._candidates("art-000017-c0")
    assert "art-000017-c01" in index._candidates("art-000017-c0")


@pytest.mark.parametrize("seed", [1, 2])
def test_the_length_band_agrees_with_difflib_on_ids_of_every_length(seed: int) -> None:
    rng = random.Random(seed)
    letters = "abcdefghij-0123\u00e9\u2028\ud800"  # a lone surrogate too: ids are whatever the YAML held
    ids = sorted({"".join(rng.choice(letters) for _ in range(rng.randint(1, 40))) for _ in range(600)})
    index = Index(dict.fromkeys(ids, "x"))
    targets = [_mutate(rng, rng.choice(ids)) for _ in range(300)] + ["", "a", "\ud800" * 3, "z" * 60]
    answers = [index.nearest(target) for target in targets]
    assert answers == [_reference(index, target) for target in targets]
    assert sum(a is not None for a in answers) > 50
