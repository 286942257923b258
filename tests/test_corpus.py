"""Tests of the real corpus under ``claims/`` (issue 3).

The corpus is checked by running factlint itself: every schema and every rule of
``checks/`` must pass on it (the rule files are the specification; nothing here
re-implements one with another policy). What remains below are facts of this
corpus that no rule states: the archived texts and their hashes, the order of
the coverage maps, where claims live, and the figures of the articles.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
from functools import cache
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from factlint import validate
from factlint.cli import main
from factlint.loader import load_path
from factlint.model import Result
from factlint.rules.catalog import load_rules

from .conftest import corpus_today

REPO = Path(__file__).parent.parent
CLAIMS = REPO / "claims"
ARTICLE = "astana-times-111122"  # the seed article (issue 3)
ARTICLE2 = "qazinform-a02059"  # the second fact-checked article (issue 13)
LAST_DATE = corpus_today().isoformat()  # the corpus's last re-check (latest retrieved/review date): its 'today'

KIND_BY_FOLDER = {"entities": "entity", "sources": "source", "coverage": "coverage"}


def _kind(path: Path) -> str:
    for part in path.relative_to(CLAIMS).parts[:-1]:
        if part in KIND_BY_FOLDER:
            return KIND_BY_FOLDER[part]
    return "claim"


@cache
def _records() -> dict[str, dict[str, tuple[Path, dict[str, Any]]]]:
    """Every record, by kind, then by id (duplicates fail loudly)."""
    out: dict[str, dict[str, tuple[Path, dict[str, Any]]]] = {k: {} for k in ("claim", "source", "entity", "coverage")}
    for path in sorted(CLAIMS.rglob("*.yaml")):
        data = load_path(path).data
        assert isinstance(data, dict), path
        kind = _kind(path)
        rid = data["id"]
        assert rid not in out[kind], f"duplicate {kind} id {rid!r}: {path} and {out[kind][rid][0]}"
        out[kind][rid] = (path, data)
    return out


def _all(kind: str) -> list[tuple[Path, dict[str, Any]]]:
    return list(_records()[kind].values())


def _ids(kind: str) -> dict[str, dict[str, Any]]:
    return {rid: data for rid, (_, data) in _records()[kind].items()}


def _claims() -> list[dict[str, Any]]:
    return [data for _, data in _all("claim")]


@cache
def _archived_text(source_id: str) -> str | None:
    path, data = _records()["source"][source_id]
    archive = data.get("archive")
    if archive is None:
        return None
    return str((path.parent / archive["path"]).read_bytes().decode("utf-8"))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _rel(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def _articles() -> list[str]:
    """The fact-checked articles: the sources whose full text is archived."""
    return sorted(sid for sid, s in _ids("source").items() if "archive" in s)


# --- the corpus exists and validates -----------------------------------------


def test_corpus_is_not_empty() -> None:
    recs = _records()
    assert len(recs["claim"]) >= 30
    assert ARTICLE in recs["source"]
    assert ARTICLE in recs["coverage"]
    assert len(recs["entity"]) >= 30
    # every archived (fact-checked) article has a coverage map and claims, and there are two of them
    assert ARTICLE2 in _articles()
    assert len(_articles()) >= 2
    for article in _articles():
        assert article in recs["coverage"], f"{article}: archived article without a coverage map"
        assert any(c["article"] == article for c in _claims()), f"{article}: archived article without claims"


@pytest.fixture(scope="module")
def corpus_result() -> Result:
    return validate.run([str(CLAIMS)], today=dt.date.fromisoformat(LAST_DATE))


def test_corpus_passes_every_schema_and_rule(corpus_result: Result) -> None:
    assert corpus_result.stages == ["schema", "rules"]
    assert [f"{f.location}: [{f.rule}] {f.message}" for f in corpus_result.sorted_findings()] == []
    assert corpus_result.waived == [], "the corpus waives nothing"
    assert corpus_result.invalid_ids == {}


def test_the_corpus_exercises_the_rules_that_replaced_its_checks(corpus_result: Result) -> None:
    """Each rule that replaced a hand-written corpus check judged rows of the corpus."""
    judged = {run.code: run.rows_evaluated for run in corpus_result.rule_runs}
    assert sorted(judged) == sorted(r.code for r in load_rules())
    for code in ("FC222", "FC231", "FC232", "FC233", "FC241", "FC242", "FC243", "FC244", "FC261", "FC262",
                 "FC302", "FC303", "FC304", "FC305", "FC306", "FC307"):  # fmt: skip
        assert judged[code] > 0, f"{code} judged no row of the corpus"


def test_the_corpus_last_re_check_is_not_in_the_future() -> None:
    # The corpus tests run as of LAST_DATE, its latest retrieved/review date; that day itself must have come.
    assert dt.date.fromisoformat(LAST_DATE) <= dt.date.today()


def test_corpus_json_report_has_no_findings() -> None:
    out, err = io.StringIO(), io.StringIO()
    code = main(["validate", "--today", LAST_DATE, "--format", "json", str(CLAIMS)], out=out, err=err)
    assert code == 0, err.getvalue()
    report = json.loads(out.getvalue())
    assert report["findings"] == []


# --- archived texts -----------------------------------------------------------


def test_article_archive_is_the_seed_text_with_its_hash() -> None:
    path, data = _records()["source"][ARTICLE]
    assert data["archive"]["path"] == f"{ARTICLE}.txt"
    raw = (path.parent / data["archive"]["path"]).read_bytes()
    assert not raw.endswith(b"\n"), "the archived article must be kept byte for byte (it has no trailing newline)"
    assert raw.startswith("ALMATY — Kassym-Jomart Tokayev".encode())


def test_second_article_archive_is_the_stored_page_text() -> None:
    path, data = _records()["source"][ARTICLE2]
    assert data["archive"]["path"] == f"{ARTICLE2}.txt"
    raw = (path.parent / data["archive"]["path"]).read_bytes()
    text = raw.decode("utf-8")
    # kept as the stored copy has it: page furniture included, no trailing newline,
    # and the non-breaking hyphen (U+2011) in the president's name
    assert text.startswith("EN\n  \u2022 kz\n"), text[:20]
    assert text.endswith("Most popular\n    See All")
    assert "Kassym\u2011Jomart Tokayev signed the Charter" in text


@pytest.mark.parametrize("source_id", sorted(sid for sid, s in _ids("source").items() if "archive" in s))
def test_archived_text_is_utf8_text(source_id: str) -> None:
    path, data = _records()["source"][source_id]
    raw = (path.parent / data["archive"]["path"]).read_bytes()
    assert raw.strip(), f"{source_id}: empty archive"
    assert b"\x00" not in raw, f"{source_id}: binary archive"
    raw.decode("utf-8")  # raises if not UTF-8


@pytest.mark.parametrize("source_id", sorted(sid for sid, s in _ids("source").items() if "archive" in s))
def test_archived_text_matches_its_sha256(source_id: str) -> None:
    path, data = _records()["source"][source_id]
    archive = data["archive"]
    file = path.parent / archive["path"]
    assert file.resolve().is_relative_to(REPO.resolve())
    assert hashlib.sha256(file.read_bytes()).hexdigest() == archive["sha256"]


# --- verbatim quotes, spans and excerpts --------------------------------------


def test_each_quote_lies_within_its_own_span() -> None:
    """That quotes and spans are verbatim in the archived text is FC222/FC223; this is the corpus's own layout."""
    quotes = [c for c in _claims() if c["type"] == "quote"]
    assert len(quotes) >= 3, "the article has three quoted passages of the press secretary"
    for claim in quotes:
        assert any(claim["quote"]["text"] in s["span"] for s in claim["sources"]), claim["id"]


def test_evidence_from_archived_sources_is_verbatim() -> None:
    for claim in _claims():
        for item in claim["verdict"]["evidence"]:
            text = _archived_text(item["source"])
            if text is not None:
                assert item["excerpt"] in text, f"{claim['id']}: excerpt not verbatim in {item['source']}"


# --- coverage -------------------------------------------------------------------


@pytest.mark.parametrize("article", sorted(_ids("coverage")))
def test_coverage_reproduces_the_article(article: str) -> None:
    cov = _ids("coverage")[article]
    assert cov["source"] == article
    text = _archived_text(article)
    assert text is not None
    joined = "".join(s["text"] for s in cov["sentences"])
    assert _squash(joined) == _squash(text)
    # each sentence is verbatim and they come in order
    pos = 0
    for s in cov["sentences"]:
        found = text.find(s["text"], pos)
        assert found >= 0, f"sentence not found in order: {s['text']!r}"
        pos = found + len(s["text"])


@pytest.mark.parametrize("article", sorted(_ids("coverage")))
def test_coverage_names_only_claims_of_its_article(article: str) -> None:
    """That every claim is mapped and every mapped id exists is FC262/FC305; this is the article split."""
    claims = _ids("claim")
    mapped = [cid for s in _ids("coverage")[article]["sentences"] for cid in s.get("claims", [])]
    foreign = sorted(cid for cid in set(mapped) if cid in claims and claims[cid]["article"] != article)
    assert foreign == [], f"coverage of {article} names claims of another article: {foreign}"


@pytest.mark.parametrize("article", sorted(_ids("coverage")))
def test_each_claim_span_lies_in_a_sentence_that_lists_it(article: str) -> None:
    cov = _ids("coverage")[article]
    for claim in _claims():
        for item in claim["sources"]:
            if item["source"] != article:
                continue
            holders = [s for s in cov["sentences"] if item["span"] in s["text"]]
            assert holders, f"{claim['id']}: span crosses a sentence boundary of the coverage map"
            assert any(claim["id"] in s.get("claims", []) for s in holders), (
                f"{claim['id']}: the sentence holding its span does not list it"
            )


def test_claims_live_under_their_article_folder() -> None:
    for path, data in _all("claim"):
        assert path.parent.name == data["article"], _rel(path)


# --- dates, verdicts and the figures of the article ------------------------------


def test_event_dates_and_source_dates_are_in_order() -> None:
    """as_of and attribution.date against publication are FC231/FC232, dates after the re-check FC233
    (run as of LAST_DATE above); these two orders have no rule."""
    sources = _ids("source")
    for c in _claims():
        if c["type"] == "event" and "date" in c["event"]:
            assert c["event"]["date"] <= sources[c["article"]]["published"], c["id"]
    for sid, s in sources.items():
        # published is optional: a stored copy that shows no date leaves it out (never a guessed date)
        assert s.get("published", s["retrieved"]) <= s["retrieved"], sid


def test_country_statuses_cover_the_eleven_countries() -> None:
    statuses = {
        c["status"]["subject"]: c
        for c in _claims()
        if c["type"] == "status" and c["status"]["body"] == "board-of-peace" and c["article"] == ARTICLE
    }
    confirmed = {"argentina", "hungary", "turkiye", "pakistan", "egypt", "jordan", "qatar", "italy"}
    unannounced = {"france", "germany", "united-arab-emirates"}
    for subject in confirmed:
        assert statuses[subject]["status"]["value"] == "confirmed", subject
    for subject in unannounced:
        assert statuses[subject]["status"]["value"] == "unannounced", subject
    for subject in confirmed | unannounced:
        assert statuses[subject]["as_of"] == "2026-01-19", subject
        assert _ids("entity")[subject]["kind"] == "country"


# how far along a status is; declined and withdrawn end the sequence and are left out
_STATUS_STAGE = {"invited": 0, "proposed": 0, "unannounced": 0, "confirmed": 1, "member": 2}


def test_statuses_agree_across_articles() -> None:
    """A subject's status towards a body never goes back a stage over time, whichever article states it
    (FC211 checks exclusive statuses on one date; this checks the order of dates across articles)."""
    by_pair: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for c in _claims():
        if c["type"] == "status" and c["status"]["value"] in _STATUS_STAGE:
            key = (c["status"]["subject"], c["status"]["body"])
            by_pair.setdefault(key, []).append((c["as_of"], c["status"]["value"], c["id"]))
    for (subject, body), items in by_pair.items():
        for (d1, v1, c1), (d2, v2, c2) in combinations(sorted(items), 2):
            if d1 < d2:
                assert _STATUS_STAGE[v1] <= _STATUS_STAGE[v2], (
                    f"{subject} towards {body}: {v1} ({d1}, {c1}) but {v2} later ({d2}, {c2})"
                )
    # the case the two articles share: Kazakhstan consented on 19 Jan (seed) and was a member on 23 Jan (second)
    kz = {(d, v) for d, v, _ in by_pair[("kazakhstan", "board-of-peace")]}
    assert {("2026-01-19", "confirmed"), ("2026-01-23", "member")} <= kz


def test_board_figures_are_consistent() -> None:
    seed = [c for c in _claims() if c["article"] == ARTICLE]
    comps = {c["composition"]["body"]: c["composition"] for c in seed if c["type"] == "composition"}
    founding, gaza = comps["founding-executive-board"], comps["gaza-executive-board"]
    assert founding["seats"] == 7
    assert gaza["seats"] == 11
    for comp in (founding, gaza):
        if comp.get("members_complete"):
            assert len(comp["members"]) == comp["seats"]
    overlaps = [c["overlap"] for c in seed if c["type"] == "overlap"]
    assert len(overlaps) == 1
    overlap = overlaps[0]
    assert set(overlap["bodies"]) == {"founding-executive-board", "gaza-executive-board"}
    assert overlap["count"] == 4
    shared = set(founding["members"]) & set(gaza["members"])
    assert set(overlap["members"]) == shared
    if overlap.get("members_complete"):
        assert len(overlap["members"]) == overlap["count"]


def test_ratings_doc_describes_every_rating() -> None:
    common = json.loads((REPO / "schemas" / "common.schema.json").read_text(encoding="utf-8"))
    doc = (REPO / "docs" / "ratings.md").read_text(encoding="utf-8")
    for code in common["$defs"]["rating"]["enum"]:
        assert f"`{code}`" in doc, code
