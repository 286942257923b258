"""Waivers are visible: every waived finding appears in every report, marked waived, with its reason,
granted date and expiry; only the rules whose rule file says ``waivable: true`` can be waived at all; and
no waiver runs longer than the horizon of FC253 from the day it was granted."""

from __future__ import annotations

import html as _html
import json
import re

import pytest

from factlint.rules.catalog import load_rules

from ._hostile import Corpus, corpus, finding_at

__all__ = ["corpus"]

pytestmark = [pytest.mark.hostile, pytest.mark.slow]

QUOTE = "claims/articles/example-article/quote-we-are-ready.yaml"
STATUS = "claims/articles/example-article/norway-confirmed.yaml"
REASON = "the outlet dated the status after its own publication"


def _waive(
    corpus: Corpus, rel: str, rule: str, reason: str = REASON, granted: str = "2026-01-20", expires: str = "2026-12-31"
) -> None:
    path = corpus.root / rel
    path.write_text(
        path.read_text()
        + f"waivers:\n  - rule: {rule}\n    reason: {reason}\n    granted: '{granted}'\n    expires: '{expires}'\n"
    )


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
    assert waived["waiver"] == {"rule": "FC231", "reason": REASON, "granted": "2026-01-20", "expires": "2026-12-31"}
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
        {
            "kind": "inSource",
            "status": "accepted",
            "justification": f"waived until 2026-12-31 (granted 2026-01-20): {REASON}",
        }
    ]
    annotations = out.report("annotations.txt")
    assert annotations.startswith(f"::notice file={STATUS},line=11,")
    assert "waived until 2026-12-31" in annotations
    html = out.report("report.html")
    assert "waived until 2026-12-31 (granted 2026-01-20)" in html
    assert REASON in html
    for name in ("factlint.txt", "summary.md", "junit.xml", "annotations.txt"):
        assert "(granted 2026-01-20)" in out.report(name), name


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


def test_a_waivable_rule_cannot_be_waived_until_9999(corpus: Corpus) -> None:
    """The issue's horizon: a waiver of a waivable rule until 9999 waives nothing and is FC253."""
    path = corpus.root / STATUS
    path.write_text(path.read_text().replace("as_of: 2026-01-19", "as_of: 2026-01-25"))  # after publication: FC231
    _waive(corpus, STATUS, "FC231", expires="9999-12-31")
    out = corpus.run("--today", "2026-02-01", schema_only=False)
    assert out.code == 1
    assert "FC231" in out.codes()  # not waived
    hit = finding_at(out, "FC253", STATUS)
    assert "runs 2912423 days, from 2026-01-20 (granted) to 9999-12-31" in str(hit["message"])
    assert json.loads(out.report("factlint.json"))["waived"] == []


def _card_text(page: str, claim: str) -> str:
    """The text an editor reads on the claim card of ``claim`` (tags dropped, entities decoded)."""
    found = re.search(rf'<article class="claim[^"]*" id="claim-{re.escape(claim)}".*?</article>', page, re.S)
    assert found is not None, claim
    return " ".join(_html.unescape(re.sub(r"<[^>]+>", "", found.group(0))).split())


def test_a_waiver_that_waives_nothing_is_not_shown_as_in_effect(corpus: Corpus) -> None:
    """#9 "every waived finding is visible" and no report may mislead: the claim card's Waivers list
    marks a waiver FC253 rejected as not in effect, naming the rule, and never reads "waived until"."""
    path = corpus.root / STATUS
    path.write_text(path.read_text().replace("as_of: 2026-01-19", "as_of: 2026-01-25"))  # after publication: FC231
    _waive(corpus, STATUS, "FC231", expires="9999-12-31")
    _waive_also(corpus, STATUS, "FC233", reason="<b>held</b> & kept", expires="2026-12-31")  # one that holds
    out = corpus.run("--today", "2026-02-01", schema_only=False)
    assert out.code == 1
    card = _card_text(out.report("report.html"), "norway-confirmed")
    assert "waived until 9999-12-31" not in card, card
    assert "not in effect (rejected by FC253): FC231 until 9999-12-31 (granted 2026-01-20)" in card, card
    assert "FC233 waived until 2026-12-31 (granted 2026-01-20): <b>held</b> & kept" in card, card  # escaped, shown
    assert "<b>held</b>" not in out.report("report.html")
    data = json.loads(out.report("factlint.json"))
    assert data["waived"] == []
    assert [(w["waiver"]["rule"], w["in_effect"], w["rejected_by"]) for w in data["waivers"]] == [
        ("FC231", False, ["FC253"]),
        ("FC233", True, []),
    ]


def _waive_also(corpus: Corpus, rel: str, rule: str, reason: str, expires: str) -> None:
    path = corpus.root / rel
    path.write_text(
        path.read_text()
        + f"  - rule: {rule}\n    reason: '{reason}'\n    granted: '2026-01-20'\n    expires: '{expires}'\n"
    )


def test_a_waiver_without_a_granted_date_is_a_schema_error(corpus: Corpus) -> None:
    path = corpus.root / STATUS
    path.write_text(path.read_text().replace("as_of: 2026-01-19", "as_of: 2026-01-25"))
    path.write_text(path.read_text() + f"waivers:\n  - rule: FC231\n    reason: {REASON}\n    expires: '2026-12-31'\n")
    out = corpus.run("--today", "2026-02-01", schema_only=False)
    assert out.code == 1
    hit = finding_at(out, "FC102", STATUS)
    assert "granted" in str(hit["message"])
    assert json.loads(out.report("factlint.json"))["waived"] == []


def test_every_rule_file_declares_whether_it_may_be_waived() -> None:
    rules = {r.code: r for r in load_rules()}
    not_waivable = {
        "FC222",
        "FC224",
        "FC251",
        "FC252",
        "FC253",
        "FC254",
        "FC255",
        *(c for c in rules if c.startswith("FC30")),
    }
    for code in not_waivable & set(rules):
        assert rules[code].waivable is False, code
    assert rules["FC211"].waivable is True
    assert rules["FC233"].waivable is True
