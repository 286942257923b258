"""Cross-record rules report once per group: the output grows with the claims, not with their pairs."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from pathlib import Path

import pytest

from factlint import validate

from .conftest import ROOT

pytestmark = pytest.mark.slow

ARTICLE = Path("articles") / "astana-times-111122"
VALUES = ("confirmed", "unannounced", "declined", "member")


def _corpus(tmp_path: Path, copies: int) -> Path:
    root = tmp_path / f"claims-{copies}"
    shutil.copytree(ROOT / "claims", root)
    original = (root / ARTICLE / "italy-confirmed-participation.yaml").read_text(encoding="utf-8")
    for i in range(copies):
        claim_id = f"italy-copy-{i:04}"
        text = original.replace("id: italy-confirmed-participation", f"id: {claim_id}", 1)
        text = text.replace("  value: confirmed", f"  value: {VALUES[i % len(VALUES)]}", 1)
        (root / ARTICLE / f"{claim_id}.yaml").write_text(text, encoding="utf-8")
    return root


def test_conflicting_claims_give_one_finding_per_group_however_many(tmp_path: Path) -> None:
    counts = {}
    for copies in (30, 300):
        result = validate.run([str(_corpus(tmp_path, copies))], today=dt.date(2026, 11, 29))
        by_rule = Counter(f.rule for f in result.findings)
        (fc211,) = [f for f in result.findings if f.rule == "FC211"]
        assert fc211.claim_id == "italy-confirmed-participation"  # the group's first claim in file order
        assert f"italy has conflicting statuses towards board-of-peace as of 2026-01-19 in {copies + 1} claims" in (
            fc211.message
        )
        assert fc211.message.count(" (") <= 21 + 1  # at most 20 claims named, the rest counted
        assert f"and {copies + 1 - 20} more" in fc211.message
        counts[copies] = len(result.findings)
        assert by_rule["FC211"] == 1
    # Every other finding is per claim (the copies are not in the coverage map): linear, not quadratic.
    assert counts[300] - counts[30] <= 270 * 2
