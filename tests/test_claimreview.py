"""``factlint export claimreview``: schema.org ClaimReview JSON-LD for every published claim.

The output is checked against ``schemas/export/claimreview.schema.json``, read back
through a JSON-LD processor (pyld, offline: the schema.org context is served from
here) to the triples it must mean, and run with hostile text: ``</script>`` in a
statement cannot close an embedding script element, bidi overrides are escaped,
``javascript:`` URLs are never emitted, long statements stay whole. Missing
settings and ratings off the scale are errors that name what to fix, with
nothing written.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from factlint import claimreview
from factlint.loader import Positions
from factlint.record import Record

from .conftest import ROOT
from .test_report_editor import records

SCHEMA = json.loads((ROOT / "schemas" / "export" / "claimreview.schema.json").read_text())
PUB = claimreview.Publisher(
    name="Example Checks", url="https://checks.example/", url_template="https://checks.example/{article}/#claim-{id}"
)
SETTINGS = """
[publisher]
name = "Example Checks"
url = "https://checks.example/"

[claimreview]
url_template = "https://checks.example/{article}/#claim-{id}"
"""


def graph(export: claimreview.Export) -> dict[str, Any]:
    return {"@context": "https://schema.org", "@graph": export.reviews}


def test_only_published_claims_are_exported() -> None:
    export = claimreview.build(records(), PUB)
    ids = [r["identifier"] for r in export.reviews]
    assert "chile-invited" not in ids  # draft
    assert "ghana-confirmed" not in ids  # in review
    assert len(ids) == 6
    assert export.not_published == {"draft": 1, "in-review": 1}
    jsonschema.validate(graph(export), SCHEMA)


def test_a_review_has_the_fields_a_fact_check_needs() -> None:
    data = [r.data for r in records()]
    for d in data:
        if d.get("id") == "norway":
            d["wikidata"] = "Q20"
    recs = [Record(r.kind, r.file, d, Positions()) for r, d in zip(records(), data, strict=True)]
    for r in recs:
        if r.id == "norway-confirmed":
            r.data["attribution"]["speaker"] = "norway"
    (review,) = [r for r in claimreview.build(recs, PUB).reviews if r["identifier"] == "norway-confirmed"]
    assert review["url"] == "https://checks.example/daily-example-1/#claim-norway-confirmed"
    assert review["claimReviewed"] == "Statement of norway-confirmed."
    assert review["datePublished"] == "2026-02-01"
    assert review["author"] == {"@type": "Organization", "name": "Example Checks", "url": "https://checks.example/"}
    assert review["reviewRating"] == {
        "@type": "Rating", "alternateName": "disputed", "ratingValue": 2, "bestRating": 5, "worstRating": 1,
    }  # fmt: skip
    claim = review["itemReviewed"]
    assert claim["author"] == {
        "@type": "Organization",
        "name": "Norway",
        "sameAs": ["https://www.wikidata.org/wiki/Q20"],
    }
    assert claim["datePublished"] == "2026-01-19"
    assert claim["firstAppearance"]["url"] == "https://example.org/a/1"
    assert claim["appearance"] == [claim["firstAppearance"]]


def test_ratings_off_the_scale_carry_only_their_name() -> None:
    recs = records()
    for r in recs:
        if r.id == "exec-members":
            r.data["verdict"]["rating"] = "not-checkable"
    (review,) = [r for r in claimreview.build(recs, PUB).reviews if r["identifier"] == "exec-members"]
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "not-checkable"}


def test_the_scale_covers_every_rating_of_the_schema() -> None:
    common = json.loads((ROOT / "schemas" / "common.schema.json").read_text())
    # TODO is the placeholder of `factlint new` (FC271), not a rating: the scale must not rate it.
    assert set(claimreview.scale()["ratings"]) == set(common["$defs"]["rating"]["enum"]) - {"TODO"}


def test_a_rating_off_the_scale_file_is_an_error_naming_the_file() -> None:
    scale = {**claimreview.scale(), "ratings": {"verified": 5}}
    with pytest.raises(claimreview.ExportError, match=r"rating 'disputed' has no entry in schemas/export/"):
        claimreview.build(records(), PUB, scale)


HOSTILE = "</script><script>alert(1)</script> \u202eevil\u2028 & <b> " + "x" * 5000


def test_hostile_text_stays_data_and_cannot_close_a_script_element() -> None:
    recs = records()
    for r in recs:
        if r.kind == "claim":
            r.data["statement"] = HOSTILE
            r.data["verdict"]["explanation"] = HOSTILE
        if r.id == "daily-example-1":
            r.data["url"] = "javascript:alert(1)"
    export = claimreview.build(recs, PUB)
    text = claimreview.dumps(graph(export))
    assert "<" not in text
    assert ">" not in text
    assert "\u202e" not in text
    assert "\u2028" not in text
    assert "javascript:" not in text
    back = json.loads(text)
    assert back["@graph"][0]["claimReviewed"] == HOSTILE, "escaped, not changed: the same data when parsed"
    assert "appearance" not in back["@graph"][0]["itemReviewed"]
    assert any("not http(s)" in note for note in export.notes)
    jsonschema.validate(back, SCHEMA)
    pages = claimreview.dumps(claimreview.markup_pages(export, PUB))
    assert "<" not in pages
    assert "javascript:" not in pages


def test_markup_pages_group_reviews_by_page() -> None:
    export = claimreview.build(records(), PUB)
    (page,) = claimreview.markup_pages(export, PUB)
    assert page["pageUrl"] == "https://checks.example/daily-example-1/"
    assert page["claimReviewAuthor"] == {"name": "Example Checks"}
    first = page["claimReviewMarkups"][0]
    assert set(first) >= {"url", "claimReviewed", "claimDate", "claimAuthor", "rating", "claimFirstAppearance"}
    assert first["rating"]["textualRating"] in claimreview.scale()["ratings"]


# --- JSON-LD round trip -------------------------------------------------------------

SCHEMA_ORG = "http://schema.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
# The parts of schema.org's JSON-LD context the export relies on (served offline to the processor).
LOCAL_CONTEXT = {"@context": {"@vocab": SCHEMA_ORG, "url": {"@type": "@id"}, "sameAs": {"@type": "@id"}}}


def _loader(url: str, options: Any = None) -> dict[str, Any]:
    assert url.rstrip("/") == "https://schema.org", f"unexpected remote document {url}"
    return {"contextUrl": None, "documentUrl": url, "document": LOCAL_CONTEXT}


def test_json_ld_round_trips_to_the_expected_triples() -> None:
    jsonld = pytest.importorskip("pyld.jsonld")
    export = claimreview.build(records(), PUB)
    doc = json.loads(claimreview.dumps(graph(export)))
    quads = jsonld.to_rdf(doc, {"documentLoader": _loader, "format": "application/n-quads"})
    lines = set(quads.splitlines())
    review = "<https://checks.example/daily-example-1/#claim-norway-confirmed>"
    assert f"{review} <{RDF_TYPE}> <{SCHEMA_ORG}ClaimReview> ." in lines
    assert f'{review} <{SCHEMA_ORG}claimReviewed> "Statement of norway-confirmed." .' in lines
    assert f"{review} <{SCHEMA_ORG}url> {review} ." in lines
    nodes = jsonld.to_rdf(doc, {"documentLoader": _loader})["@default"]

    def objects(subject: str, predicate: str) -> list[dict[str, Any]]:
        return [t["object"] for t in nodes if t["subject"]["value"] == subject and t["predicate"]["value"] == predicate]

    rating = objects(review[1:-1], SCHEMA_ORG + "reviewRating")[0]["value"]
    assert objects(rating, SCHEMA_ORG + "alternateName")[0]["value"] == "disputed"
    value = objects(rating, SCHEMA_ORG + "ratingValue")[0]
    assert (value["value"], value["datatype"]) == ("2", "http://www.w3.org/2001/XMLSchema#integer")
    claim = objects(review[1:-1], SCHEMA_ORG + "itemReviewed")[0]["value"]
    assert objects(claim, RDF_TYPE)[0]["value"] == SCHEMA_ORG + "Claim"
    first = objects(claim, SCHEMA_ORG + "firstAppearance")[0]["value"]
    assert objects(first, SCHEMA_ORG + "url")[0]["value"] == "https://example.org/a/1"
    reviews = {t["subject"]["value"] for t in nodes if t["object"]["value"] == SCHEMA_ORG + "ClaimReview"}
    assert len(reviews) == 6


# --- the command ----------------------------------------------------------------------


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(ROOT / "tests" / "fixtures" / "valid", root)
    (root / "factlint.toml").write_text(SETTINGS)
    return root


def test_export_writes_valid_claimreview_for_published_claims(cli, corpus: Path, tmp_path: Path) -> None:
    run = cli("export", "claimreview", str(corpus), "--out", str(tmp_path / "out"))
    assert run.code == 0, run.err
    assert "exported 2 published claim(s)" in run.out
    assert "not exported (not published): 1 draft" in run.out
    data = json.loads((tmp_path / "out" / "claimreview.jsonld").read_text())
    jsonschema.validate(data, SCHEMA)
    assert len(data["@graph"]) == 2
    pages = json.loads((tmp_path / "out" / "markup-pages.json").read_text())
    assert sum(len(p["claimReviewMarkups"]) for p in pages) == 2


def test_the_real_corpus_exports_every_published_claim(cli, in_root: Path, tmp_path: Path) -> None:
    run = cli("export", "claimreview", "claims", "--out", str(tmp_path))
    assert run.code == 0, run.err
    data = json.loads((tmp_path / "claimreview.jsonld").read_text())
    jsonschema.validate(data, SCHEMA)
    published = sum(1 for p in (ROOT / "claims").rglob("*.yaml") if "\n  state: published" in p.read_text("utf-8"))
    assert len(data["@graph"]) == published > 0


@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ("", "missing setting [publisher] name"),
        ('[publisher]\nname = "X"\n', "missing setting [publisher] url"),
        ('[publisher]\nname = "X"\nurl = "https://x.example/"\n', "missing setting [claimreview] url_template"),
        (
            '[publisher]\nname = "X"\nurl = "javascript:alert(1)"\n[claimreview]\nurl_template = "https://x/{id}"\n',
            "setting [publisher] url in",
        ),
        (
            '[publisher]\nname = "X"\nurl = "https://x.example/"\n[claimreview]\nurl_template = "https://x/{slug}"\n',
            "must use {id}",
        ),
        ("[publisher\n", "is not valid TOML"),
    ],
)
def test_bad_settings_are_a_clear_error_and_nothing_is_written(
    cli, corpus: Path, tmp_path: Path, settings: str, named: str
) -> None:
    (corpus / "factlint.toml").write_text(settings)
    out = tmp_path / "out"
    run = cli("export", "claimreview", str(corpus), "--out", str(out))
    assert run.code == 2
    assert named in run.err
    assert "nothing exported" in run.err
    assert "Traceback" not in run.err
    assert not out.exists()


def test_schema_errors_stop_the_export(cli, corpus: Path, tmp_path: Path) -> None:
    (corpus / "articles" / "example-article" / "broken.yaml").write_text("id: broken\ntype: nonsense\n")
    run = cli("export", "claimreview", str(corpus), "--out", str(tmp_path / "out"))
    assert run.code == 1
    assert "nothing exported" in run.err
    assert not (tmp_path / "out").exists()


def test_a_published_claim_without_a_review_date_is_an_error() -> None:
    recs = records()
    for r in recs:
        if r.id == "exec-members":
            del r.data["review"]["date"]
    with pytest.raises(claimreview.ExportError, match=r"claim exec-members .* has no review.date"):
        claimreview.build(recs, PUB)
