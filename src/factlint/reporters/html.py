"""A single self-contained HTML report: readable offline, no network resources.

Rendered with Jinja2 with autoescaping on, so every piece of record text is
HTML-escaped data; control and bidi-override characters are also shown as
``\\uXXXX`` so a file name or statement cannot reorder what a reader sees. The
CSS and JavaScript are inline and allowed by a strict Content-Security-Policy
that names their SHA-256 hashes (nothing else may load or run; no inline
event handlers). Links to sources are made only from http(s) URLs.

What it shows, top to bottom (the view model is built in
:mod:`factlint.reporters.factcheck`):
one section per article with its verdict overview (an inline SVG bar whose
segments carry a pattern and a symbol as well as a colour, and a legend with
the counts); the status timeline per body; the board overlaps as two member
lists with the shared members marked; the findings, each linked to its claim;
every claim as a card addressed by its id (``#claim-<id>``); the checks that
ran; the waived findings.

Claims and findings can be filtered by article, verdict, review state, rule,
severity and file; the filter state lives in the URL fragment
(``report.html#verdict=disputed&review=draft``), so a filtered view can be
shared. Without JavaScript everything is shown.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from factlint.model import Result
from factlint.reporters.common import NO_CONTEXT, ReportContext, summary_line
from factlint.reporters.factcheck import articles, boards, cards, view
from factlint.reporters.factcheck.card_html import card_html, finding_row_html
from factlint.reporters.factcheck.view import text as _text
from factlint.reporters.overview import (
    RATINGS,
    arguments,
    checks_line,
    named_files,
    overview,
    unchecked_line,
    waived_by_rule,
)


@cache
def _asset(name: str) -> str:
    return resources.files("factlint.reporters").joinpath("templates", name).read_text("utf-8")


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


_DICT_NAMES = frozenset(dir(dict))
"""The attributes every dict has (``items``, ``get``, ...): for these Jinja's ``x.name`` means the attribute."""


class _Environment(jinja2.Environment):
    """Jinja's environment, with ``x.name`` on a plain dict looked up as an item first.

    Jinja tries the attribute first and falls back to the item: on a dict (every view model of the page)
    that is a failed attribute lookup, an exception caught, per access (~290,000 of them at 10k claims).
    A name that is not an attribute of dict gives the same answer either way, so only those take the
    short path; anything else goes the way Jinja goes.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_NAMES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


def _environment() -> _Environment:
    env = _Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["n"] = lambda value: f"{value:,}" if isinstance(value, int) else value  # 99,950 claims
    return env


@cache
def _template() -> jinja2.Template:
    env = _environment()
    source = _asset("report.html.j2")
    code = compiled(source)
    if code is None:
        return env.from_string(source)
    return env.template_class.from_code(env, compile(code, "<template>", "exec"), env.make_globals(None))


COMPILED = "report.html.j2.py.txt"
"""The page template as Jinja compiles it to Python, shipped beside it (Jinja's own compiler takes ~0.1-0.2 s
per run). Its first two lines name the Jinja version and the SHA-256 of the template it was made from; it
is used only when both match, else the template is compiled as before. ``FACTLINT_REGEN_GOLDEN=1 pytest
tests/test_reporters.py`` writes it anew."""


def compiled(source: str) -> str | None:
    """The shipped Python of the template ``source``, if it was made from exactly it by this Jinja version."""
    try:
        text = _asset(COMPILED)
    except OSError:
        return None
    head = text.split("\n", 2)
    if len(head) < 3 or head[0] != f"# jinja2 {jinja2.__version__}" or head[1] != f"# sha256 {_digest(source)}":
        return None
    return head[2]


def compile_source(source: str) -> str:
    """What :data:`COMPILED` holds for the template ``source``."""
    env = _environment()
    return f"# jinja2 {jinja2.__version__}\n# sha256 {_digest(source)}\n" + env.compile(source, raw=True)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _str(value: object) -> str:
    """Record text as the page shows it: visible, and no line that could be read as a workflow command
    (:func:`~factlint.reporters.factcheck.view.text` does both)."""
    return _text(value)


def render(result: Result, *, color: bool = False, context: ReportContext | None = None) -> str:
    return "".join(stream(result, context=context))


def stream(result: Result, *, context: ReportContext | None = None) -> Iterator[str]:
    """The report in pieces, as the template produces them: written to a file as they come,
    the whole page is never held in memory at once."""
    ctx = context or NO_CONTEXT
    css, js = _asset("report.css"), _asset("report.js")
    csp = (
        f"default-src 'none'; style-src {_sha(css)}; script-src {_sha(js)}; img-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )
    findings = result.sorted_findings()
    look = view.lookup(result)
    recs = view.claims(result)
    later = look.anchors = cards.anchors(recs, look)
    claim_files = {f.file for f in findings}  # the claim records some finding is in (not a map of every claim)
    claim_of = {r.file: r for r in recs if r.file in claim_files}
    rows = [_finding_row(f, claim_of, later, look, ctx) for f in findings]
    for row in rows:
        row["html"] = Markup(finding_row_html(row))  # the row's markup is built in card_html (escaped there)
    sections, more_articles = articles.sections(result, look, recs)
    timelines, more_bodies = boards.timelines(recs, look)
    board_views, more_boards = boards.boards(recs, look)
    ov = overview(result)
    shown = cards.all_cards(recs)
    waived = waived_by_rule(result)
    return _template().generate(
        csp=csp,
        css=Markup(css),  # our own constant stylesheet, allowed by its hash in the CSP
        js=Markup(js),  # our own constant script, allowed by its hash in the CSP
        state="failed" if result.errors else "passed",
        summary=summary_line(result),
        scope=_scope(result),
        diff=None
        if ctx.diff is None
        else {
            "base": _str(ctx.diff.base),
            "commit": ctx.diff.commit[:12],
            "files": len(ctx.diff.changed_files),
            "changes": [{"text": _str(c.text), "file": _str(c.file)} for c in ctx.diff.changes],
        },
        findings=rows,
        unchecked=unchecked_line(result),
        scale=[(r, view.RATING_SYMBOL[r]) for r in RATINGS],
        total_bar=articles.bar(Counter(dict(ov.ratings))),
        overview={"claims": ov.claims, "ratings": ov.ratings, "states": ov.review_states, "articles": len(ov.articles)},
        articles=sections,
        more_articles=more_articles,
        compact_after=articles.ARTICLE_FULL,
        timelines=timelines,
        more_bodies=more_bodies,
        boards=board_views,
        more_boards=more_boards,
        options=_options(rows, sections, ov.ratings, ov.review_states),
        cards=(
            {"article": c["article"], "article_title": c["article_title"], "html": Markup(card_html(c))}
            for c in cards.cards(recs, look, later)
        ),  # the card's markup is built in card_html (escaped there)
        claim_count=len(recs),
        all_cards=shown,
        card_limit=cards.CARD_LIMIT,
        checks=[
            {
                "code": _str(r.code),
                "slug": _str(r.slug),
                "title": _str(r.title),
                "severity": r.severity.value,
                "table": _str(r.table),
                "type": _str(r.expectation_type),
                "args": _str(arguments(r)),
                "rows": r.rows_evaluated,
                "failed": r.rows_failed,
                "passed": r.passed,
                "waived": waived[r.code],
            }
            for r in result.rule_runs
        ],
        checks_line=checks_line(result),
        waived=[
            {
                **view.finding_ref(f),
                "claim": _str(f.claim_id),
                "anchor": later.get(f.file) or f"claim-{_str(f.claim_id)}",  # the card of the finding's own file
                **_waiver(f),
            }
            for f in sorted(set(result.waived))
        ],
    )


_WHOLE_CORPUS = dict.fromkeys(("note", "in_corpus", "of_corpus", "on_corpus", "on_corpus_nav", "named", "checks"), "")
"""A run of every file of its corpus: every count of the page is the corpus's and the findings are all of it."""


def _scope(result: Result) -> dict[str, str]:
    """What the counts of the page count, in words to append to them. In a one-file run (:attr:`Result.context_files`)
    the records, and so the verdicts, articles, timelines, boards, claims and the rules' rows, are those of the whole
    corpus the named files were checked in, while the findings are only those in or involving the named files:
    each count says which it is, and a note says why a claim of another file shows no findings."""
    if not result.context_files:
        return _WHOLE_CORPUS
    named = named_files(result)
    one = result.files_checked == 1
    who = "The named file was" if one else f"The {result.files_checked:,} named files were"
    return {
        "note": (
            f"{who} checked in the context of {'its' if one else 'their'} corpus of {result.context_files:,} files: "
            "the verdicts, articles, status timeline, boards, claims and checks below count that whole corpus; the "
            f"findings and waived findings are only those in {named} and those in other files that involve "
            f"{'it' if one else 'them'}, so a claim of another file shows none of its own findings here (validate "
            "the whole corpus to see them)."
        ),
        "in_corpus": " in the corpus",
        "of_corpus": " of the corpus",
        "on_corpus": " on the corpus",
        "on_corpus_nav": ", on the corpus",
        "named": f" in or involving {named}",
        "checks": (
            " Each rule ran on the whole corpus: a rule fails here when any row of the corpus fails it, also where "
            f"no finding in or involving {named} shows."
        ),
    }


def _waiver(f: Any) -> dict[str, str]:
    """The reason, granted date and expiry of the waiver that accepted the waived finding ``f``."""
    w = f.waiver
    if w is None:
        return {"reason": "", "granted": "", "expires": ""}
    return {"reason": _str(w.reason), "granted": _str(w.granted), "expires": _str(w.expires)}


def _finding_row(
    f: Any, claim_of: dict[str, Any], later: dict[str, str], look: view.Lookup, ctx: ReportContext
) -> dict[str, Any]:
    rec = claim_of.get(f.file)  # the claim of the finding's own file (two files may share an id: FC301)
    facts = look.of(rec) if rec is not None else None
    return {
        "anchor": view.finding_anchor(f),
        "rule": _str(f.rule),
        "slug": _str(f.slug),
        "severity": f.severity.value,
        "file_key": _str(f.file),  # the filter compares this with the option value
        "location": _str(f.location),
        "message": _str(f.message),
        "pointer": _str(f.pointer),
        "changed": ctx.is_changed(f),
        "claim": _str(rec.id) if rec is not None else "",
        "claim_anchor": cards.anchor(rec, later) if rec is not None else "",
        "article": _str(facts.article) if facts is not None else "",
        "verdict": _str(facts.rating) if facts is not None else "",
        "review": _str(facts.state) if facts is not None else "",
    }


def _options(
    rows: list[dict[str, Any]],
    sections: list[dict[str, Any]],
    ratings: Iterable[tuple[str, int]],
    states: Iterable[tuple[str, int]],
) -> dict[str, list[dict[str, Any]]]:
    """The choices of each filter, with counts (of claims for article/verdict/review, of findings otherwise)."""
    rules = Counter((r["rule"], r["slug"]) for r in rows)
    return {
        "article": [{"value": a["id"], "label": a["title"], "count": a["claims"]} for a in sections],
        "verdict": [{"value": _str(r), "label": _str(r), "count": n} for r, n in ratings],
        "review": [{"value": _str(s), "label": _str(s), "count": n} for s, n in states],
        "rule": [{"value": c, "label": f"{c} {slug}", "count": n} for (c, slug), n in sorted(rules.items())],
        "severity": [
            {"value": s, "label": s, "count": n} for s, n in sorted(Counter(r["severity"] for r in rows).items())
        ],
        "file": [{"value": f, "label": f, "count": n} for f, n in sorted(Counter(r["file_key"] for r in rows).items())],
    }
