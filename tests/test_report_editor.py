"""The editor's HTML report and the checks every format shows, on a Result built in memory.

The Result is made by hand (no Great Expectations, fast): an article, status
claims of three subjects (one draft, one in review, one with a finding), two
board compositions and their overlap, a waiver and a waived finding, and the
rule runs. What an editor must see is asserted on the parsed HTML: the
article's section and verdict overview, cards addressed by claim id, the
review state in words, evidence with its relation, the timeline, the shared
board members, findings linked to their claims, and the checks.
"""

from __future__ import annotations

import html.parser
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factlint.loader import Positions
from factlint.model import Finding, Result, RuleRun, Severity, Waiver, WaiverState
from factlint.record import Record
from factlint.reporters import render
from factlint.reporters.common import ReportContext
from factlint.reporters.factcheck import cards, view

ARTICLE = "daily-example-1"


def claim(cid: str, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": cid,
        "type": "statement",
        "article": ARTICLE,
        "statement": f"Statement of {cid}.",
        "attribution": {"speaker": "daily-example", "date": "2026-01-19"},
        "sources": [{"source": ARTICLE, "span": f"span of {cid}"}],
        "as_of": "2026-01-19",
        "verdict": {
            "rating": "verified",
            "explanation": f"Why {cid} holds.",
            "evidence": [{"source": "wire-1", "excerpt": f"excerpt for {cid}", "relation": "supports"}],
        },
        "review": {"state": "published", "reviewer": "desk", "date": "2026-02-01"},
    }
    data.update(extra)
    return data


def status(cid: str, subject: str, value: str, as_of: str = "2026-01-19", **extra: Any) -> dict[str, Any]:
    return claim(
        cid, type="status", as_of=as_of, status={"subject": subject, "body": "peace-board", "value": value}, **extra
    )


def records() -> list[Record]:
    entities = [
        {"id": "daily-example", "kind": "outlet", "name": "Daily Example"},
        {"id": "wire", "kind": "outlet", "name": "Wire Agency"},
        {"id": "peace-board", "kind": "body", "name": "Peace Board"},
        {"id": "exec-board", "kind": "body", "name": "Executive Board"},
        {"id": "norway", "kind": "country", "name": "Norway"},
        {"id": "chile", "kind": "country", "name": "Chile"},
        {"id": "ghana", "kind": "country", "name": "Ghana"},
        *(
            {"id": p, "kind": "person", "name": p.replace("-", " ").title()}
            for p in ("ann-a", "bob-b", "cat-c", "dan-d")
        ),
    ]
    sources = [
        {
            "id": ARTICLE, "kind": "article", "outlet": "daily-example", "title": "Boards and countries",
            "url": "https://example.org/a/1", "language": "en", "published": "2026-01-19",
            "archive": {"path": f"{ARTICLE}.txt", "sha256": "ab" * 32},
        },
        {
            "id": "wire-1", "kind": "article", "outlet": "wire", "title": "Wire report",
            "url": "javascript:alert(1)", "language": "en", "published": "2026-01-20",
        },
    ]  # fmt: skip
    disputed = {
        "rating": "disputed",
        "explanation": "Norway said it had only been invited.",
        "evidence": [{"source": "wire-1", "excerpt": "only invited", "relation": "contradicts", "note": "a note"}],
    }
    claims = [
        status("norway-confirmed", "norway", "confirmed", verdict=disputed),
        status("norway-unannounced", "norway", "unannounced"),
        status("norway-member-later", "norway", "member", as_of="2026-01-28"),
        status("chile-invited", "chile", "invited", review={"state": "draft"}),
        status("ghana-confirmed", "ghana", "confirmed", review={"state": "in-review"}),
        claim(
            "exec-members", type="composition",
            composition={"body": "exec-board", "seats": 3, "members": ["ann-a", "bob-b", "cat-c"]},
        ),
        claim(
            "peace-members", type="composition",
            composition={"body": "peace-board", "seats": 3, "members": ["bob-b", "cat-c", "dan-d"]},
        ),
        claim(
            "boards-share-two", type="overlap",
            overlap={"bodies": ["exec-board", "peace-board"], "count": 2, "members": ["bob-b", "cat-c"]},
            waivers=[{"rule": "FC204", "reason": "Lists disagree; checked by hand.", "granted": "2026-06-01",
                      "expires": "2027-01-01"}],
        ),
    ]  # fmt: skip
    out = [Record("entity", f"c/entities/{e['id']}.yaml", e, Positions()) for e in entities]
    out += [Record("source", f"c/sources/{s['id']}.yaml", s, Positions()) for s in sources]
    out += [Record("claim", f"c/articles/{ARTICLE}/{c['id']}.yaml", c, Positions()) for c in claims]
    return out


FC211 = Finding(
    f"c/articles/{ARTICLE}/norway-confirmed.yaml", 14, 10, "FC211", "norway is 'confirmed' here but 'unannounced'",
    "exclusive-statuses", Severity.ERROR, "norway-confirmed",
)  # fmt: skip
WAIVED = Finding(
    f"c/articles/{ARTICLE}/boards-share-two.yaml", 12, 3, "FC204", "count 2 but the lists share 2",
    "overlap-matches-member-lists", Severity.ERROR, "boards-share-two",
    waiver=Waiver("FC204", "Lists disagree; checked by hand.", "2026-06-01", "2027-01-01"),
)  # fmt: skip
RUNS = [
    RuleRun("FC211", "exclusive-statuses", "No exclusive statuses on one date", Severity.ERROR, "statuses",
            "status_pairs", "expect_column_values_to_not_be_in_set",
            {"column": "pair", "value_set": ["confirmed|unannounced"]}, 3, 1),
    RuleRun("FC241", "published-has-evidence", "Published claims have evidence", Severity.ERROR, "verdicts",
            "claims", "expect_column_values_to_be_between", {"column": "evidence_count", "min_value": 1}, 8, 0),
]  # fmt: skip


def editor_result() -> Result:
    result = Result(paths=["c"], files_checked=20, stages=["schema", "rules"], records=records())
    result.add(FC211)
    result.waived.append(WAIVED)
    assert WAIVED.waiver is not None
    result.waivers = [WaiverState(WAIVED.file, 0, "boards-share-two", WAIVED.waiver)]  # as the rule stage decided
    result.rule_runs = list(RUNS)
    result.rules_run = [r.code for r in RUNS]
    return result


class Page(html.parser.HTMLParser):
    """Elements by id, their classes and text; anchors' hrefs."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.by_id: dict[str, str] = {}
        self.attrs_by_id: dict[str, dict[str, str | None]] = {}
        self.hrefs: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._open: list[tuple[str, int]] = []  # (id, depth)
        self._text: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        for ident, _ in self._open:
            self._text[ident].append(" ")  # a new element separates words (table cells, list items)
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"] or "")
        if tag in ("meta", "br", "input", "col", "rect", "circle", "path"):
            return
        self.stack.append((tag, a))
        if a.get("id"):
            self._open.append((a["id"] or "", len(self.stack)))
            self._text[a["id"] or ""] = []
            self.attrs_by_id[a["id"] or ""] = a

    def handle_endtag(self, tag: str) -> None:
        if tag in ("meta", "br", "input", "col", "rect", "circle", "path"):
            return
        depth = len(self.stack)
        while self._open and self._open[-1][1] >= depth:
            ident, _ = self._open.pop()
            self.by_id[ident] = " ".join("".join(self._text[ident]).split())
        if self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        for ident, _ in self._open:
            self._text[ident].append(data)


def page(result: Result | None = None) -> tuple[str, Page]:
    out = render("html", result or editor_result())
    parsed = Page()
    parsed.feed(out)
    return out, parsed


def test_article_section_has_its_metadata_and_verdict_overview() -> None:
    _, p = page()
    text = p.by_id[f"article-{ARTICLE}"]
    assert "Boards and countries" in text
    assert "Daily Example" in text
    assert "published 2026-01-19" in text
    assert "https://example.org/a/1" in text
    assert f"Archived text: {ARTICLE}.txt" in text
    assert "✓ verified 7" in text  # legend: symbol, name, count
    assert "! disputed 1" in text
    assert "8 claim(s)" in text
    assert "1 finding(s)" in text
    bar = [a for t, a in p.tags if t == "svg" and a.get("class") == "bar"]
    assert bar
    assert all((a.get("aria-label") or "").count("verified") for a in bar)


def test_claim_cards_are_addressed_by_id_and_show_verdict_review_and_evidence() -> None:
    _, p = page()
    card = p.by_id["claim-norway-confirmed"]
    assert "! disputed" in card
    assert "✔ published" in card
    assert "Norway said it had only been invited." in card
    assert "✗ contradicts Wire report (link not shown: javascript:alert(1)) Wire Agency, 2026-01-20" in card
    assert "only invited" in card
    assert "a note" in card
    assert "FC211" in card
    assert "✎ draft — not published" in p.by_id["claim-chile-invited"]
    assert "◔ in review — not published" in p.by_id["claim-ghana-confirmed"]
    assert "claim-1" not in p.by_id, "anchors are ids, not positions"
    classes = p.attrs_by_id["claim-chile-invited"].get("class") or ""
    assert "s-draft" in classes


def test_javascript_urls_are_never_links() -> None:
    _out, p = page()
    assert not any(h.lower().lstrip().startswith("javascript") for h in p.hrefs)
    assert "link not shown: javascript:alert(1)" in p.by_id["claim-norway-confirmed"]
    assert "https://example.org/a/1" in p.hrefs


def test_timeline_shows_what_each_claim_said_when() -> None:
    _, p = page()
    timeline = p.by_id["timeline-peace-board"]
    assert "2026-01-19 2026-01-28" in timeline
    norway = timeline.split("Norway", 1)[1]
    assert norway.startswith(" 2 different statuses: confirmed per Daily Example ! disputed ⚠ FC211")
    assert "member per Daily Example ✓ verified" in norway
    assert "Chile invited" in timeline
    assert "#claim-norway-confirmed" in p.hrefs


def test_boards_mark_the_shared_members() -> None:
    out, _ = page()
    section = out.split('id="boards"', 1)[1].split("</section>", 1)[0]
    assert section.count('<li class="shared">') == 4  # Bob and Cat on both lists
    assert "Ann A</li>" in section
    assert 'Bob B <span class="mark">★ shared</span>' in section
    assert "The claim states <strong>2</strong> shared member(s): Bob B, Cat C" in section


def test_findings_link_to_their_claim_and_back() -> None:
    _out, p = page()
    anchor = view.finding_anchor(FC211)
    assert "→ claim norway-confirmed" in p.by_id[anchor]
    assert f"#{anchor}" in p.hrefs
    row = p.attrs_by_id[anchor]
    assert row.get("data-article") == ARTICLE
    assert row.get("data-verdict") == "disputed"
    assert row.get("data-review") == "published"


def test_filters_cover_article_verdict_review_rule_severity_file() -> None:
    _, p = page()
    for key in ("article", "verdict", "review", "rule", "severity", "file"):
        assert f"filter-{key}" in p.by_id
    assert "draft (1)" in p.by_id["filter-review"]
    assert "disputed (1)" in p.by_id["filter-verdict"]


def test_checks_section_shows_every_rule_that_ran() -> None:
    _, p = page()
    row = p.by_id["check-FC211"]
    assert "expect_column_values_to_not_be_in_set" in row
    assert '"value_set": ["confirmed|unannounced"]' in row
    assert "status_pairs 3 1 ✗ fail" in row
    assert "claims 8 0 ✓ pass" in p.by_id["check-FC241"]


def test_waivers_and_waived_findings_are_shown() -> None:
    _, p = page()
    card = p.by_id["claim-boards-share-two"]
    assert "FC204 waived until 2027-01-01 (granted 2026-06-01): Lists disagree; checked by hand." in card
    assert "waived finding FC204" in card
    assert "FC204" in p.by_id["waived"]
    assert "waived until 2027-01-01 (granted 2026-06-01): Lists disagree; checked by hand." in p.by_id["waived"]


def test_above_the_card_limit_only_claims_needing_an_editor_get_cards(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cards, "CARD_LIMIT", 3)
    _, p = page()
    carded = sorted(i.removeprefix("claim-") for i in p.by_id if i.startswith("claim-"))
    assert carded == ["boards-share-two", "chile-invited", "ghana-confirmed", "norway-confirmed"]
    assert "only the claims that need an editor" in p.by_id["claims"]
    assert "✓ verified 7" in p.by_id[f"article-{ARTICLE}"], "the counts still cover every claim"


def test_duplicate_ids_get_distinct_anchors() -> None:
    result = editor_result()
    twin = next(r for r in result.records if r.id == "chile-invited")
    result.records.append(Record("claim", "c/other/chile-invited.yaml", twin.data, Positions()))
    _, p = page(result)
    assert "claim-chile-invited" in p.by_id
    assert "claim-chile-invited-2" in p.by_id


def test_json_markdown_and_text_show_the_checks() -> None:
    result = editor_result()
    data = json.loads(render("json", result))
    assert data["schema_version"] == 2
    assert data["checks"][0] == {
        "code": "FC211", "slug": "exclusive-statuses", "title": "No exclusive statuses on one date",
        "severity": "error", "scope": "statuses", "table": "status_pairs",
        "expectation": {"type": "expect_column_values_to_not_be_in_set",
                        "kwargs": {"column": "pair", "value_set": ["confirmed|unannounced"]}},
        "rows_evaluated": 3, "rows_failed": 1, "passed": False, "waivable": True,
    }  # fmt: skip
    assert data["corpus"]["ratings"] == {"verified": 7, "disputed": 1}
    assert data["summary"]["rules"] == {"ran": 2, "failed": 1}
    md = render("markdown", result)
    assert "- **1 article**: daily\\-example\\-1 (8 claims)" not in md  # hyphens stay unescaped
    assert "- **1 article**: daily-example-1 (8 claims)" in md
    assert "by verdict: 7 verified, 1 disputed; by review state: 6 published, 1 in-review, 1 draft" in md
    assert "| FC211 exclusive-statuses | expect\\_column\\_values\\_to\\_not\\_be\\_in\\_set" in md
    assert "| status\\_pairs | 3 | 1 | ❌ fail |" in md
    quiet = render("text", result)
    assert "Checked:" not in quiet
    loud = render("text", result, context=ReportContext(verbose=True))
    assert "    FAIL FC211 exclusive-statuses: expect_column_values_to_not_be_in_set on status_pairs: " in loud
    assert "3 rows evaluated, 1 failed" in loud
    assert "  rules: 2 rules ran (1 passed, 1 failed); 11 rows evaluated in all" in loud


HOSTILE = "<script>x</script></script> \u202eevil javascript:alert(1) " + "z" * 5000


def test_hostile_text_in_every_new_view_is_inert() -> None:
    result = editor_result()
    for rec in result.records:
        if rec.kind == "entity":
            rec.data["name"] = HOSTILE
        if rec.kind == "claim":
            rec.data["statement"] = HOSTILE
            rec.data["verdict"]["explanation"] = HOSTILE
            rec.data["verdict"]["evidence"][0]["excerpt"] = HOSTILE
        if rec.kind == "source":
            rec.data["title"] = HOSTILE
    out, p = page(result)
    tags = [t for t, _ in p.tags]
    assert tags.count("script") == 1
    assert "\u202e" not in out
    assert "&lt;/script&gt;" in out
    assert not any(h.lower().lstrip().startswith("javascript") for h in p.hrefs)
    assert "timeline-peace-board" in p.by_id


@pytest.mark.slow
def test_verbose_run_lists_every_rule_with_rows(cli, in_root, tmp_path) -> None:
    run = cli("validate", "tests/fixtures/valid", "-v", "--today", "2026-11-28", "--report-dir", str(tmp_path))
    assert run.code == 0, run.out
    lines = run.out.splitlines()
    ran = [line for line in lines if line.startswith("    pass ") or line.startswith("    FAIL ")]
    data = json.loads((tmp_path / "factlint.json").read_text())
    assert len(ran) == len(data["checks"]) >= 20
    assert all(c["passed"] and c["rows_evaluated"] >= 0 for c in data["checks"])
    assert any(c["rows_evaluated"] > 0 for c in data["checks"])
    assert "Checked:" in run.out
    summary = (tmp_path / "summary.md").read_text()
    assert f"- **rules**: {len(ran)} rules ran ({len(ran)} passed, 0 failed)" in summary
    assert summary.count("| ✅ pass |") == len(ran)


def test_large_counts_have_thousands_separators() -> None:
    from dataclasses import replace

    result = editor_result()
    result.rule_runs = [replace(RUNS[1], rows_evaluated=123456)]
    _, p = page(result)
    assert "claims 123,456 0 ✓ pass" in p.by_id["check-FC241"]


def test_timelines_past_their_limits_count_every_claim_and_draw_the_first() -> None:
    # Entries are built only for the cells drawn; the counts still cover every status claim.
    from factlint.reporters.factcheck import boards
    from factlint.reporters.factcheck.view import Lookup

    recs = []
    for b in range(boards.TIMELINE_BODIES + 3):
        for s in range(2):
            for d in range(boards.TIMELINE_DATES + 2):
                recs.append(
                    Record(
                        kind="claim",
                        file=f"c/{b}-{s}-{d}.yaml",
                        data={
                            "id": f"c-{b}-{s}-{d}",
                            "as_of": f"2026-01-{d + 1:02d}",
                            "status": {"body": f"body-{b:02d}", "subject": f"s{s}", "value": "member"},
                            "attribution": {"speaker": "x", "via": "y" if d % 2 else None},
                            "verdict": {"rating": "verified"},
                        },
                    )
                )
    out, more = boards.timelines(recs, Lookup(names={"x": "X <1>"}))
    assert more == 3
    assert [t["id"] for t in out] == [f"body-{b:02d}" for b in range(boards.TIMELINE_BODIES)]
    first = out[0]
    assert first["claims"] == 2 * (boards.TIMELINE_DATES + 2)
    assert first["more_dates"] == 2
    assert len(first["dates"]) == boards.TIMELINE_DATES
    cell = first["rows"][0]["cells"][1]
    assert cell["entries"] == [
        {
            "value": "member",
            "claim": "c-0-0-1",
            "anchor": "claim-c-0-0-1",
            "said_by": "X <1> via y",
            "rating": "verified",
            "rating_key": "verified",
            "symbol": "✓",
            "findings": [],
        }
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            ["a", " ", ":", "#", "[", "\t", "\n", "\x00", "\x7f", "\x85", "é", "\u2028", "\u202e", "\ud800", "\u200d"]
        ),
        max_size=12,
    )
)
def test_display_text_is_visible_and_defused_for_any_text(value: str) -> None:
    from factlint.reporters.common import defuse_commands, visible
    from factlint.reporters.factcheck.view import text

    assert text(value) == defuse_commands(visible(value))


def _one_file(files_checked: int = 1) -> Result:
    """The editor's result as a one-file run gives it: the named file(s) checked in the context of a corpus of 20
    files (the records, the overview and the rules' rows are the corpus's; the findings those in or involving the
    named file)."""
    result = editor_result()
    result.files_checked, result.context_files = files_checked, 20
    return result


def test_one_file_run_every_count_of_the_page_says_what_it_counts() -> None:
    out, p = page(_one_file())
    nav = out.split('<nav class="toc">', 1)[1].split("</nav>", 1)[0]
    assert ">Articles (1 in the corpus)</a>" in nav
    assert ">Findings (1 in or involving the named file)</a>" in nav
    assert ">Claims (8 in the corpus)</a>" in nav
    assert ">Checks (2, on the corpus)</a>" in nav
    assert ">Waived (1 in or involving the named file)</a>" in nav
    note = p.by_id["scope"]
    assert "The named file was checked in the context of its corpus of 20 files" in note
    assert "a claim of another file shows none of its own findings here" in note
    assert "8 claim(s) in 1 article(s) in the corpus." in p.by_id["verdicts"]
    assert p.by_id["articles"].startswith("Articles in the corpus ")
    assert "1 finding(s) in or involving the named file" in p.by_id[f"article-{ARTICLE}"]
    assert p.by_id["timeline"].startswith("Status timeline of the corpus ")
    assert p.by_id["boards"].startswith("Boards of the corpus: composition and overlap ")
    assert p.by_id["findings"].startswith("Findings in or involving the named file (1) ")
    assert p.by_id["claims"].startswith("Claims in the corpus (8) ")
    assert p.by_id["checks"].startswith("Checks on the corpus (2) ")
    assert "a rule fails here when any row of the corpus fails it" in p.by_id["checks"]
    assert p.by_id["waived"].startswith("Waived findings in or involving the named file (1) ")
    _, several = page(_one_file(3))
    assert "The 3 named files were checked in the context of their corpus of 20 files" in several.by_id["scope"]
    assert several.by_id["findings"].startswith("Findings in or involving the named files (1) ")


def test_one_file_run_without_findings_says_where_there_are_none() -> None:
    result = _one_file()
    result.findings, result.waived = [], []
    _, p = page(result)
    assert "No findings in or involving the named file." in p.by_id["findings"]
    assert "No finding in or involving the named file was waived." in p.by_id["waived"]


def test_whole_corpus_page_says_nothing_of_a_scope() -> None:
    out, p = page()
    assert "scope" not in p.by_id
    assert "in the corpus" not in out
    assert "named file" not in out
    assert p.by_id["findings"].startswith("Findings (1) ")


def test_one_file_verbose_text_says_what_its_checked_block_counts() -> None:
    loud = render("text", _one_file(), context=ReportContext(verbose=True))
    assert "Checked (the whole corpus the named file was checked in):\n" in loud
    assert "Checked (the whole corpus the named files were checked in):\n" in render(
        "text", _one_file(2), context=ReportContext(verbose=True)
    )
    assert "Checked:\n" in render("text", editor_result(), context=ReportContext(verbose=True))


def _schema_failed(*names: str) -> Result:
    """The editor's result with a schema finding in each of ``names`` (files whose record never reached the
    rules) and a load finding in the first."""
    result = editor_result()
    for name in names:
        result.add(Finding(name, 4, 1, "FC101", "unknown key 'statment'", "unknown-key", Severity.ERROR))
    result.add(Finding(names[0], 9, 1, "FC017", "12 more FC101 findings", "findings-capped", Severity.ERROR))
    return result


def test_files_whose_record_did_not_reach_the_rules_are_named_in_every_summary() -> None:
    # A file that fails to load or fails its schema has no record: no rule checks it, and the next run (after
    # the schema fix) brings the rules' findings on it. A contributor who fixes the findings shown must know so.
    one = _schema_failed(f"c/articles/{ARTICLE}/new-claim.yaml")
    line = (
        "1 file did not reach the rules: it failed to load or failed its schema, so no consistency rule checked "
        "its record; fix its findings above and run again to see what the rules say of it"
    )
    assert line + ".\n" in render("text", one)
    assert line in render("markdown", one)
    _, p = page(one)
    assert p.by_id["unchecked"] == line + "."
    two = _schema_failed("c/entities/x.yaml", "c/sources/y.yaml")
    assert (
        "2 files did not reach the rules: they failed to load or failed their schema, so no consistency rule "
        "checked their records; fix their findings above and run again to see what the rules say of them"
    ) in render("text", two)


def test_no_word_of_files_not_reaching_the_rules_where_all_did_or_no_rule_ran() -> None:
    assert "did not reach the rules" not in render("text", editor_result())  # a rule finding only
    _, p = page()
    assert "unchecked" not in p.by_id
    schema_only = _schema_failed("c/entities/x.yaml")
    schema_only.stages = ["schema"]
    assert "did not reach the rules" not in render("text", schema_only)
    assert "did not reach the rules" not in render("markdown", schema_only)


def test_a_copied_claim_file_with_the_id_left_unchanged_keeps_each_file_s_findings_on_its_own_card() -> None:
    # A contributor copies a claim file and forgets to change its id: two claims share it (FC301), and the copy's
    # id differs from its file name (FC302). Each finding belongs to the card of its own file, and its row links
    # there (the second card is claim-<id>-2), with the verdict and review of that file's claim.
    result = editor_result()
    twin = next(r for r in result.records if r.id == "chile-invited")
    copy = {**twin.data, "verdict": {**twin.data["verdict"], "rating": "disputed"}, "review": {"state": "draft"}}
    result.records.append(Record("claim", f"c/articles/{ARTICLE}/egypt-invited.yaml", copy, Positions()))
    result.add(Finding(f"c/articles/{ARTICLE}/egypt-invited.yaml", 1, 5, "FC302",
                       "the id 'chile-invited' differs from the file name 'egypt-invited'", "id-matches-file-name",
                       Severity.ERROR, "chile-invited"))  # fmt: skip
    out, p = page(result)
    first, second = p.by_id["claim-chile-invited"], p.by_id["claim-chile-invited-2"]
    assert "chile-invited.yaml" in first
    assert "egypt-invited.yaml" in second
    assert "FC302" in second
    assert "FC302" not in first
    row = next(r for r in out.split("<tr ") if "egypt-invited.yaml:1:5" in r)
    assert 'href="#claim-chile-invited-2"' in row
    assert 'data-verdict="disputed"' in row
    assert 'data-review="draft"' in row


def test_the_job_summary_folds_the_table_of_every_rule_so_the_findings_are_not_below_it() -> None:
    # 38 rules make a 40-line table; the reviewer of a pull request reads the findings first. The table folds
    # into a <details> block (GitHub renders it in a job summary), its summary line giving the counts.
    md = render("markdown", editor_result())
    fold = "<details><summary>The 2 rules that ran, each with its expectation: 1 passed, 1 failed</summary>\n\n"
    assert fold in md
    table = md.split(fold, 1)[1]
    assert table.startswith("| rule | expectation (arguments) | table | rows | failed | |\n")
    assert "\n\n</details>\n" in table
    assert table.index("</details>") < table.index("### Findings by rule")
    assert "<details>" not in render("markdown", Result(stages=["schema"]))  # no rule ran: no table to fold


def test_a_rule_that_failed_only_where_a_waiver_accepts_it_says_so_beside_fail() -> None:
    # FC204 failed on one row, and the claim's waiver accepts that finding: the findings table has none of it, so
    # the checks say where it went (the waived findings).
    result = editor_result()
    result.rule_runs.append(
        RuleRun("FC204", "overlap-matches-member-lists", "Overlap matches the lists", Severity.ERROR, "boards",
                "overlaps", "expect_column_pair_values_to_be_equal", {"column_A": "count"}, 1, 1)
    )  # fmt: skip
    out, p = page(result)
    assert "overlaps 1 1 ✗ fail (1 waived)" in p.by_id["check-FC204"]
    assert 'href="#waived">(1 waived)</a>' in out
    assert "(1 waived)" not in p.by_id["check-FC211"]
    md = render("markdown", result)
    assert "| overlaps | 1 | 1 | ❌ fail (1 waived) |" in md
    assert "| status\\_pairs | 3 | 1 | ❌ fail |" in md
    loud = render("text", result, context=ReportContext(verbose=True))
    assert "on overlaps: 1 rows evaluated, 1 failed (1 waived)\n" in loud
    assert "on status_pairs: 3 rows evaluated, 1 failed\n" in loud


def test_every_link_to_a_claim_of_a_duplicated_id_goes_to_the_card_of_its_own_file() -> None:
    # The status timeline, the boards and the waived findings link to a claim's card as the findings do: the
    # second file holding an id has the card claim-<id>-2.
    from dataclasses import replace

    result = editor_result()
    base = next(r for r in result.records if r.id == "norway-confirmed")
    copy = {**base.data, "status": {**base.data["status"], "value": "declined"}}
    other = f"c/articles/{ARTICLE}/zz-norway.yaml"
    result.records.append(Record("claim", other, copy, Positions()))
    result.waived.append(replace(WAIVED, file=other, claim_id="norway-confirmed"))
    out, p = page(result)
    assert "claim-norway-confirmed-2" in p.by_id
    timeline = out.split('<section id="timeline">', 1)[1].split("</section>", 1)[0]
    assert 'href="#claim-norway-confirmed-2">declined</a>' in timeline
    assert 'href="#claim-norway-confirmed">confirmed</a>' in timeline
    waived = out.split('<section id="waived">', 1)[1].split("</section>", 1)[0]
    assert 'href="#claim-norway-confirmed-2">→ claim norway-confirmed</a>' in waived
