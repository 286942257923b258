"""Waivers are visible: every waived finding appears in every report, marked waived, with its reason and
expiry; and only the rules whose rule file says ``waivable: true`` can be waived at all."""

from __future__ import annotations

import json

import pytest

from factlint.rules.catalog import load_rules

from ._hostile import Corpus, corpus, finding_at

__all__ = ["corpus"]

pytestmark = [pytest.mark.hostile, pytest.mark.slow]

QUOTE = "claims/articles/example-article/quote-we-are-ready.yaml"
STATUS = "claims/articles/example-article/norway-confirmed.yaml"
REASON = "the outlet dated the status after its own publication"


def _waive(corpus: Corpus, rel: str, rule: str, reason: str = REASON, expires: str = "2026-12-31") -> None:
    path = corpus.root / rel
    path.write_text(path.read_text() + f"waivers:\n  - rule: {rule}\n    reason: {reason}\n    expires: '{expires}'\n")


def test_a_waived_finding_appears_in_every_report(corpus: Corpus) -> None:
    path = corpus.root / STATUS
    path.write_text(path.read_text().replace("as_of: 2026-01-19", "as_of: 2026-01-25"))  # after publication: FC231
    _waive(corpus, STATUS, "FC231")
    out = corpus.run("--today", "2026-02-01", schema_only=False)
    assert out.code == 0, out.out  # waived: not an error, but never out of sight
    assert "1 waived" in out.out
    text = out.report("factlint.txt")
    assert "Waived (1)" in text
    assert f"{STATUS}:11:" in text
    assert "waived until 2026-12-31" in text
    assert REASON in text
    data = json.loads(out.report("factlint.json"))
    assert data["summary"]["waived"] == 1
    (waived,) = data["waived"]
    assert waived["rule"] == "FC231"
    assert waived["file"] == STATUS
    assert waived["waiver"] == {"rule": "FC231", "reason": REASON, "expires": "2026-12-31"}
    assert data["findings"] == []
    summary = out.report("summary.md")
    assert "Waived findings (1)" in summary
    assert "waived until 2026-12-31" in summary
    junit = out.report("junit.xml")
    assert "waived until 2026-12-31" in junit
    sarif = json.loads(out.report("factlint.sarif"))
    (result,) = sarif["runs"][0]["results"]
    assert result["ruleId"] == "FC231"
    assert result["suppressions"] == [
        {"kind": "inSource", "status": "accepted", "justification": f"waived until 2026-12-31: {REASON}"}
    ]
    annotations = out.report("annotations.txt")
    assert annotations.startswith(f"::notice file={STATUS},line=11,")
    assert "waived until 2026-12-31" in annotations
    html = out.report("report.html")
    assert "waived until 2026-12-31" in html
    assert REASON in html


def test_the_verbatim_rule_cannot_be_waived(corpus: Corpus) -> None:
    """The issue's case: an invented quote plus a waiver of the verbatim rule until 9999 gave 'OK'."""
    path = corpus.root / QUOTE
    path.write_text(path.read_text().replace("  text: We are ready,", "  text: We are ready to win,"))
    _waive(corpus, QUOTE, "FC222", reason="trust me", expires="9999-12-31")
    out = corpus.run("--today", "2026-02-01", schema_only=False)
    assert out.code == 1
    assert "FC222" in out.codes()  # still reported
    hit = finding_at(out, "FC254", QUOTE)
    assert "FC222" in str(hit["message"])
    assert json.loads(out.report("factlint.json"))["waived"] == []


def test_every_rule_file_declares_whether_it_may_be_waived() -> None:
    rules = {r.code: r for r in load_rules()}
    not_waivable = {"FC222", "FC224", "FC251", "FC252", "FC254", *(c for c in rules if c.startswith("FC30"))}
    for code in not_waivable & set(rules):
        assert rules[code].waivable is False, code
    assert rules["FC211"].waivable is True
    assert rules["FC233"].waivable is True
