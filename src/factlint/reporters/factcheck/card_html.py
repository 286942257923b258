"""The markup of one claim card of the HTML page (its view model: :func:`factlint.reporters.factcheck.cards.card`)
and of one row of the page's findings table (:func:`finding_row_html`).

The cards and the findings are the page's longest sections (at 10k claims ~2,700 cards of ~120 pieces
each and ~3,400 rows of ~35), so they are written here as plain string building rather than in the Jinja
template, where every piece would be yielded and escaped on its own. Every value is escaped as the
template's autoescape escapes it (:func:`esc`: MarkupSafe's five replacements); the page template inserts
the markup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import escape

_escape_text: Callable[[str], str] | None
try:  # MarkupSafe's own escaper in C (MarkupSafe 3): its five replacements in one pass over the text
    from markupsafe._speedups import _escape_inner as _escape_text
except ImportError:  # pragma: no cover - MarkupSafe 2, or without its C speedups: the same replacements here
    _escape_text = None

_STATE = {
    "published": "✔ published",
    "in-review": "◔ in review — not published",
    "draft": "✎ draft — not published",
}


def esc(value: Any) -> str:
    """``value`` as the template's ``{{ value }}`` writes it (autoescape on)."""
    if type(value) is str:  # MarkupSafe's replacements, in its order (str.translate is ~10x slower here)
        if _escape_text is not None:
            return _escape_text(value)
        return (
            value.replace("&", "&amp;")
            .replace(">", "&gt;")
            .replace("<", "&lt;")
            .replace("'", "&#39;")
            .replace('"', "&#34;")
        )
    return str(escape(value))


def badge(key: Any, symbol: Any, rating: Any) -> str:
    """The template's ``badge`` macro."""
    return f'<span class="badge r-{esc(key)}">{esc(symbol)} {esc(rating or "no rating")}</span>'


def card_html(c: dict[str, Any]) -> str:
    """The ``<article>`` of one claim card, ending with a newline."""
    state = c["state"]
    state_key = esc(c["state_key"])
    anchor = esc(c["anchor"])
    out = [
        f'<article class="claim s-{state_key}" id="{anchor}" data-article="{esc(c["article"])}" '
        f'data-verdict="{esc(c["rating"])}" data-review="{esc(state)}" data-rule="{esc(c["rules"])}" '
        f'data-severity="{esc(c["severities"])}" data-file="{esc(c["file"])}">\n',
        f'<div class="head">{badge(c["rating_key"], c["symbol"], c["rating"])} <span class="state s-{state_key}">'
        f"{_STATE.get(state) or esc(state)}</span> "
        f'<span class="type">{esc(c["type"])}</span> <a class="permalink" href="#{anchor}">#{esc(c["id"])}</a></div>\n',
        f'<p class="statement">{esc(c["statement"])}</p>\n',
    ]
    if c["quote"]:
        out.append(f'<blockquote class="quote">{esc(c["quote"])}</blockquote>')
    out.append(f'\n<p class="meta">Said by {esc(c["speaker"])}')
    if c["role"]:
        out.append(f" ({esc(c['role'])})")
    if c["via"]:
        out.append(f" via {esc(c['via'])}")
    if c["said"]:
        out.append(f" on {esc(c['said'])}")
    evidence = c["evidence"]
    out.append(
        f" · holds as of {esc(c['as_of'])}</p>\n"
        f"<h4>Why “{esc(c['rating'])}”</h4>\n"
        f'<p class="explanation">{esc(c["explanation"])}</p>\n'
        f"<h4>Evidence ({len(evidence)})</h4>\n"
        '<ol class="evidence">\n'
    )
    for e in evidence:
        key = esc(e["relation_key"])
        out.append(
            f'<li class="rel-{key}"><span class="relation rel-{key}">{esc(e["relation_symbol"])} '
            f"{esc(e['relation'])}</span> "
        )
        if e["url"]:
            out.append(f'<a href="{esc(e["url"])}" rel="noopener noreferrer nofollow">{esc(e["title"] or e["id"])}</a>')
        else:
            out.append(esc(e["title"] or e["id"]))
            if e["url_text"]:
                out.append(f' <span class="meta">(link not shown: <code>{esc(e["url_text"])}</code>)</span>')
        out.append(f' <span class="meta">{esc(e["outlet"])}')
        if e["published"]:
            out.append(f", {esc(e['published'])}")
        out.append(f"</span>\n<blockquote>{esc(e['excerpt'])}</blockquote>")
        if e["note"]:
            out.append(f'<p class="note">{esc(e["note"])}</p>')
        out.append("</li>\n")
    if not evidence:
        out.append('<li class="meta">No evidence.</li>\n')
    sources = c["sources"]
    out.append(f"</ol>\n<details><summary>Where the claim appears ({len(sources)})</summary><ul>\n")
    for s in sources:
        if s["url"]:
            out.append(
                f'<li><a href="{esc(s["url"])}" rel="noopener noreferrer nofollow">{esc(s["title"] or s["id"])}</a>'
            )
        else:
            out.append(f"<li>{esc(s['title'] or s['id'])}")
        out.append(f' <span class="meta">{esc(s["outlet"])}')
        if s["published"]:
            out.append(f", {esc(s['published'])}")
        out.append(f"</span><blockquote>{esc(s['span'])}</blockquote></li>\n")
    out.append("</ul></details>\n")
    if c["findings"]:
        out.append('<div class="on-claim"><strong>Findings</strong><ul>')
        for f in c["findings"]:
            sev = esc(f["severity"])
            out.append(
                f'<li><a href="#{esc(f["anchor"])}"><code>{esc(f["rule"])}</code></a> '
                f'<span class="{sev}">{sev}</span> {esc(f["message"])}</li>'
            )
        out.append("</ul></div>")
    out.append("\n")
    if c["waivers"] or c["waived"]:
        out.append('<div class="waivers"><strong>Waivers</strong><ul>')
        for w in c["waivers"]:
            if w["in_effect"]:
                out.append(f"<li><code>{esc(w['rule'])}</code> {esc(w['text'])}</li>")
            else:
                out.append(f'<li class="void">{esc(w["text"])}</li>')
        for f in c["waived"]:
            out.append(f"<li>waived finding <code>{esc(f['rule'])}</code>: {esc(f['message'])}</li>")
        out.append("</ul></div>")
    out.append('\n<p class="meta">')
    if c["reviewer"]:
        out.append(f"Reviewed by {esc(c['reviewer'])}")
        if c["reviewed"]:
            out.append(f" on {esc(c['reviewed'])}")
        out.append(" · ")
    out.append(f'<span class="mono">{esc(c["file"])}</span></p>\n</article>\n')
    return "".join(out)


def finding_row_html(f: dict[str, Any]) -> str:
    """The ``<tr>`` of one finding (the view model is ``html._finding_row``), ending with a newline."""
    sev = esc(f["severity"])
    out = [
        f'<tr class="finding" id="{esc(f["anchor"])}" data-rule="{esc(f["rule"])}" data-severity="{sev}" '
        f'data-file="{esc(f["file_key"])}" data-article="{esc(f["article"])}" data-verdict="{esc(f["verdict"])}" '
        f'data-review="{esc(f["review"])}">\n<td class="{sev}">{sev}</td><td><code>{esc(f["rule"])}</code> '
        f'{esc(f["slug"])}</td><td class="mono">{esc(f["location"])}'
    ]
    if f["changed"]:
        out.append(' <span class="changed">changed</span>')
    out.append(f"</td><td>{esc(f['message'])}")
    if f["pointer"]:
        out.append(f' <span class="meta">(at <code>{esc(f["pointer"])}</code>)</span>')
    if f["claim"]:
        claim = esc(f["claim"])
        out.append(f' <a class="to-claim" href="#{esc(f["claim_anchor"])}">→ claim {claim}</a>')
    out.append("</td>\n</tr>\n")
    return "".join(out)
