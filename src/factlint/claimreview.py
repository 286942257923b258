"""schema.org ClaimReview for every published claim: what fact-checkers publish so search engines show it.

``factlint export claimreview [PATH] --out DIR`` writes two files:

* ``claimreview.jsonld``: ``{"@context": "https://schema.org", "@graph": [ClaimReview, ...]}``, one
  ClaimReview per claim whose ``review.state`` is ``published`` (drafts and claims in review are
  never exported). Its shape is ``schemas/export/claimreview.schema.json``.
* ``markup-pages.json``: the same reviews in the Fact Check Tools API's ``ClaimReviewMarkupPage``
  shape (one page per review page URL, flat fields such as ``claimAuthor`` and ``rating``
  ``textualRating``), for the markup tool's API, which takes this shape and not JSON-LD.

Settings come from ``factlint.toml`` at the corpus root (see :mod:`factlint.corpus`)::

    [publisher]                 # the organisation publishing the fact-checks (ClaimReview author)
    name = "Example Fact Check"
    url = "https://factcheck.example"
    logo = "https://factcheck.example/logo.png"          # optional
    same_as = ["https://www.wikidata.org/wiki/Q..."]     # optional

    [claimreview]
    url_template = "https://factcheck.example/{article}/#claim-{id}"   # the review page of a claim

The numeric scale of each rating is ``schemas/export/claimreview-scale.json``. Everything is
checked before anything is written (a missing setting or a rating off the scale file is an
:class:`ExportError`, exit 2) and each file is written atomically, so no half export is left.
The JSON is safe to embed in a ``<script type="application/ld+json">`` element: ``<``, ``>``
and ``&`` are written as ``\\u003c``/``\\u003e``/``\\u0026`` (so ``</script>`` cannot close it),
and line separators and bidi controls as ``\\uXXXX``; only http(s) URLs are emitted.
"""

from __future__ import annotations

import json
import string
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from factlint.record import Record
from factlint.reporters.common import BIDI_CONTROLS
from factlint.resources import data_dir

SCALE_FILE = "export/claimreview-scale.json"
TEMPLATE_FIELDS = ("id", "article")
"""The fields ``[claimreview] url_template`` may use: ``{id}`` (required) and ``{article}``."""

_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_ESCAPES.update({ch: f"\\u{ord(ch):04x}" for ch in BIDI_CONTROLS})


class ExportError(Exception):
    """The export cannot be made as configured (a missing setting, a rating off the scale): exit 2."""


@dataclass(frozen=True)
class Publisher:
    name: str
    url: str
    url_template: str
    logo: str = ""
    same_as: tuple[str, ...] = ()


@dataclass
class Export:
    reviews: list[dict[str, Any]] = field(default_factory=list)
    not_published: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)


def is_http(value: Any) -> bool:
    if not isinstance(value, str) or not value.lower().startswith(("https://", "http://")):
        return False
    return not any(ch.isspace() or ord(ch) < 0x20 or ch in '<>"' or ch in BIDI_CONTROLS for ch in value)


def _setting(table: dict[str, Any], name: str, where: str, section: str, what: str, *, url: bool = False) -> str:
    value = table.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ExportError(f"missing setting [{section}] {name} in {where}: {what}")
    if not isinstance(value, str):
        raise ExportError(f"setting [{section}] {name} in {where} must be a string: {what}")
    if url and not is_http(value):
        raise ExportError(f"setting [{section}] {name} in {where} must be an http(s) URL, not {value!r}: {what}")
    return value


def publisher(settings: dict[str, Any], where: str) -> Publisher:
    """The publishing settings of ``factlint.toml`` (``where`` names the file), checked."""
    pub = settings.get("publisher")
    pub = pub if isinstance(pub, dict) else {}
    cr = settings.get("claimreview")
    cr = cr if isinstance(cr, dict) else {}
    what = 'the organisation publishing the fact-checks, e.g. name = "Example"'
    name = _setting(pub, "name", where, "publisher", what)
    url = _setting(pub, "url", where, "publisher", "the publisher's home page", url=True)
    template = _setting(
        cr, "url_template", where, "claimreview",
        'the URL of a claim\'s review page, with {id} (and optionally {article}), e.g. "https://example.org/{article}/#claim-{id}"',
        url=True,
    )  # fmt: skip
    fields = {f for _, f, _, _ in string.Formatter().parse(template) if f is not None}
    if "id" not in fields or not fields <= set(TEMPLATE_FIELDS):
        raise ExportError(
            f"setting [claimreview] url_template in {where} must use {{id}} and may use {{article}}, "
            f"nothing else; it uses {', '.join(sorted(fields)) or 'no field'}"
        )
    logo = _setting(pub, "logo", where, "publisher", "the publisher's logo", url=True) if "logo" in pub else ""
    same_as = pub.get("same_as", [])
    if not isinstance(same_as, list) or not all(is_http(s) for s in same_as):
        raise ExportError(f"setting [publisher] same_as in {where} must be a list of http(s) URLs")
    return Publisher(name=name, url=url, url_template=template, logo=logo, same_as=tuple(same_as))


@cache
def scale() -> dict[str, Any]:
    with open(data_dir("schemas") / SCALE_FILE, encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def _rating(code: str, claim_id: str, scale_data: dict[str, Any]) -> dict[str, Any]:
    ratings = scale_data["ratings"]
    if code not in ratings:
        raise ExportError(
            f"claim {claim_id}: rating {code!r} has no entry in schemas/{SCALE_FILE}; "
            "add it (a number, or null for no place on the scale) before exporting"
        )
    out: dict[str, Any] = {"@type": "Rating", "alternateName": code}
    if ratings[code] is not None:
        out["ratingValue"] = ratings[code]
        out["bestRating"], out["worstRating"] = scale_data["bestRating"], scale_data["worstRating"]
    return out


def _entity(entity: dict[str, Any]) -> dict[str, Any]:
    kind = entity.get("kind")
    out: dict[str, Any] = {
        "@type": "Person" if kind == "person" else "NewsMediaOrganization" if kind == "outlet" else "Organization",
        "name": entity.get("name") or entity.get("id"),
    }
    if isinstance(entity.get("wikidata"), str):
        out["sameAs"] = [f"https://www.wikidata.org/wiki/{entity['wikidata']}"]
    return out


def _work(source: dict[str, Any], entities: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    if not is_http(source.get("url")):
        return None
    work: dict[str, Any] = {"@type": "CreativeWork", "url": source["url"]}
    if isinstance(source.get("title"), str) and not source.get("title_supplied"):
        work["headline"] = source["title"]
    if isinstance(source.get("published"), str):
        work["datePublished"] = source["published"]
    outlet = entities.get(source.get("outlet") or "")
    if outlet:
        work["publisher"] = _entity(outlet)
    return work


def build(records: list[Record], pub: Publisher, scale_data: dict[str, Any] | None = None) -> Export:
    """A ClaimReview per published claim of ``records``, in file order; raises ExportError."""
    scale_data = scale_data or scale()
    entities = {r.id: r.data for r in records if r.kind == "entity" and r.id}
    sources = {r.id: r.data for r in records if r.kind == "source" and r.id}
    export = Export()
    for rec in sorted((r for r in records if r.kind == "claim"), key=lambda r: (r.file, r.id or "")):
        data, cid = rec.data, rec.id or "?"
        review = data.get("review") or {}
        state = review.get("state")
        if state != "published":
            export.not_published[str(state)] += 1
            continue
        if not isinstance(review.get("date"), str):
            raise ExportError(f"claim {cid} ({rec.file}) is published but has no review.date (its datePublished)")
        attribution = data.get("attribution") or {}
        speaker = entities.get(attribution.get("speaker") or "")
        author = _entity(speaker) if speaker else {"@type": "Organization", "name": attribution.get("speaker")}
        if author["@type"] == "Person" and isinstance(attribution.get("role"), str):
            author["jobTitle"] = attribution["role"]
        claim: dict[str, Any] = {"@type": "Claim", "author": author, "datePublished": attribution.get("date")}
        article = sources.get(data.get("article") or "", {})
        work = _work(article, entities)
        if work is not None:
            claim["appearance"] = [work]
            claim["firstAppearance"] = work
        elif article.get("url"):
            export.notes.append(f"claim {cid}: the article URL is not http(s); left out of appearance")
        url = pub.url_template.format(id=cid, article=data.get("article") or "")
        item: dict[str, Any] = {
            "@type": "ClaimReview",
            "@id": url,
            "url": url,
            "identifier": cid,
            "claimReviewed": data.get("statement"),
            "reviewBody": (data.get("verdict") or {}).get("explanation"),
            "datePublished": review["date"],
            "author": _organization(pub),
            "reviewRating": _rating(str((data.get("verdict") or {}).get("rating")), cid, scale_data),
            "itemReviewed": claim,
        }
        if isinstance(article.get("language"), str):
            item["inLanguage"] = article["language"]
        export.reviews.append({k: v for k, v in item.items() if v is not None})
    return export


def _organization(pub: Publisher) -> dict[str, Any]:
    org: dict[str, Any] = {"@type": "Organization", "name": pub.name, "url": pub.url}
    if pub.logo:
        org["logo"] = pub.logo
    if pub.same_as:
        org["sameAs"] = list(pub.same_as)
    return org


def markup_pages(export: Export, pub: Publisher) -> list[dict[str, Any]]:
    """The reviews as Fact Check Tools ``ClaimReviewMarkupPage`` objects, one per review page URL."""
    pages: dict[str, dict[str, Any]] = {}
    for r in export.reviews:
        page_url = r["url"].split("#", 1)[0]
        page = pages.setdefault(
            page_url,
            {"pageUrl": page_url, "publishDate": r["datePublished"], "claimReviewAuthor": {"name": pub.name},
             "claimReviewMarkups": []},
        )  # fmt: skip
        if pub.logo:
            page["claimReviewAuthor"]["imageUrl"] = pub.logo
        page["publishDate"] = max(page["publishDate"], r["datePublished"])
        claim, rating = r["itemReviewed"], r["reviewRating"]
        author = {k: claim["author"][k] for k in ("name", "jobTitle") if claim["author"].get(k)}
        if claim["author"].get("sameAs"):
            author["sameAs"] = claim["author"]["sameAs"][0]
        markup: dict[str, Any] = {
            "url": r["url"],
            "claimReviewed": r["claimReviewed"],
            "claimDate": claim.get("datePublished"),
            "claimAuthor": author,
            "rating": {"textualRating": rating["alternateName"]},
        }
        if "ratingValue" in rating:
            markup["rating"].update(
                ratingValue=rating["ratingValue"], bestRating=rating["bestRating"], worstRating=rating["worstRating"]
            )
        if r.get("reviewBody"):
            markup["rating"]["ratingExplanation"] = r["reviewBody"]
        if "firstAppearance" in claim:
            markup["claimFirstAppearance"] = claim["firstAppearance"]["url"]
            markup["claimAppearances"] = [w["url"] for w in claim["appearance"]]
        page["claimReviewMarkups"].append({k: v for k, v in markup.items() if v is not None})
    return [pages[k] for k in sorted(pages)]


def dumps(data: Any) -> str:
    """JSON that cannot close a ``<script>`` element or reorder text when embedded (same data when parsed)."""
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
    return "".join(_ESCAPES.get(ch, ch) for ch in text) + "\n"


def write(out: str | Path, export: Export, pub: Publisher) -> list[Path]:
    """Write both files to ``out`` (created if missing), each atomically; returns their paths."""
    from factlint.atomic import write_text

    folder = Path(out)
    files = {
        folder / "claimreview.jsonld": dumps({"@context": "https://schema.org", "@graph": export.reviews}),
        folder / "markup-pages.json": dumps(markup_pages(export, pub)),
    }  # both rendered before either is written
    for path, text in files.items():
        write_text(path, text)
    return list(files)
