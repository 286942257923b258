"""The planted violations: each rule of ``checks/`` (:data:`RULES`) and three schema errors
(:data:`SCHEMA_ERRORS`) broken ``count`` times in a :class:`bench.synthetic.Corpus`, each time in its own claim or
article so that plants do not interact, and the findings they must give (see :mod:`bench.generate`)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from bench.synthetic import TODAY, WORDS, Corpus, day

RULES = (
    "FC201", "FC202", "FC203", "FC204", "FC211", "FC221", "FC222", "FC223", "FC224", "FC226", "FC227",
    "FC231", "FC232", "FC233", "FC241", "FC242", "FC251", "FC252", "FC253", "FC255", "FC261", "FC262",
    "FC301", "FC302", "FC303", "FC304", "FC305", "FC306", "FC307", "FC309",
)  # fmt: skip
"""Every rule of checks/, each planted at the same rate."""

SCHEMA_ERRORS = ("FC001", "FC101", "FC105")
"""The load and schema errors planted (invalid YAML, an unknown key, a bad date)."""

EXCLUSIVE = {"confirmed": "declined", "declined": "confirmed", "member": "declined", "unannounced": "confirmed"}


def plant(gen: Corpus, count: int) -> Counter[str]:
    """Plant ``count`` violations of every rule and schema error into ``gen``; the findings they must give."""
    rng = gen.rng
    expected: Counter[str] = Counter()
    used: set[str] = set()
    used_articles: dict[str, set[str]] = {}
    by_type: dict[str, list[str]] = {}
    for cid, c in gen.claims.items():
        by_type.setdefault(c["data"]["type"], []).append(cid)
    articles = sorted(gen.coverage)
    every = list(gen.claims)  # once: a copy per take() made planting quadratic

    def take(kind: str | None, ok: Any = None) -> dict[str, Any]:
        pool = by_type.get(kind, []) if kind else every
        for _ in range(50_000):
            cid = rng.choice(pool)
            c = gen.claims[cid]
            free = cid not in used and "waivers" not in c["data"]
            if free and c["board"] is None and not c["opts"].get("board") and (ok is None or ok(c)):
                used.add(cid)
                return c
        raise RuntimeError(f"corpus too small to plant into a {kind} claim")

    def take_article(group: str, ok: Any = None) -> str:
        # Plants of different groups may share an article: they touch different tables.
        taken = used_articles.setdefault(group, set())
        for _ in range(50_000):
            aid = rng.choice(articles)
            if aid not in taken and (ok is None or ok(aid)):
                taken.add(aid)
                return aid
        raise RuntimeError("corpus too small to plant into an article")

    boards = {c["article"]: cid for cid, c in gen.claims.items() if c["board"] is not None}

    def pub(c: dict[str, Any]) -> dt.date:
        return dt.date.fromisoformat(gen.sources[c["article"]]["published"])

    for _ in range(count):
        # Boards: one article each.
        for code in ("FC202", "FC203", "FC204"):
            aid = take_article("boards", lambda a: a in boards)
            ov = gen.claims[boards[aid]]
            o = ov["data"]["overlap"]
            comps = [gen.claims[x]["data"]["composition"] for x in ov["board"]]
            if code == "FC204":
                o["count"] += 1
            else:
                for comp in comps:
                    comp["members_complete"] = False
                o["count"] = min(comp["seats"] for comp in comps) + 1 if code == "FC202" else o["count"] - 1
            expected[code] += 1
        c = take("composition")
        c["data"]["composition"]["seats"] -= 1
        expected["FC201"] += 1
        # Statuses: make a claim repeat another one's key, with an exclusive value.
        for _attempt in range(50_000):
            p = take("status")
            st = p["data"]["status"]
            key = (st["subject"], st["body"], p["data"]["as_of"])
            if st["value"] in EXCLUSIVE and gen.status_keys[key] == 1:
                break
        q = take("status", lambda c, p=p: c["article"] == p["article"] or pub(c) >= pub(p))
        qs = q["data"]["status"]
        gen.status_keys[(qs["subject"], qs["body"], q["data"]["as_of"])] -= 1
        q["data"]["status"] = {**st, "value": EXCLUSIVE[st["value"]]}
        q["data"]["as_of"] = p["data"]["as_of"]
        q["data"]["attribution"]["date"] = p["data"]["as_of"]
        gen.status_keys[key] += 1
        expected["FC211"] += 1
        # Quotes.
        take("quote")["data"]["attribution"]["speaker"] = rng.choice(gen.countries)
        expected["FC221"] += 1
        take("quote")["data"]["quote"]["text"] = "Words nobody ever said in this article"
        expected["FC222"] += 1
        q = take("quote")["data"]["quote"]
        q["text"] = q["text"].replace(" the ", "  the ", 1)
        expected["FC223"] += 1
        take("statement")["data"]["sources"][0]["source"] = rng.choice(gen.wires)
        expected["FC224"] += 1
        # Evidence excerpts from the archived article (statement spans read "The <topic> programme was ...").
        c = take("statement")
        span = c["data"]["sources"][0]["span"]
        c["data"]["verdict"]["evidence"].append(
            {"source": c["article"], "excerpt": span.replace(" programme ", " project "), "relation": "context"}
        )
        expected["FC226"] += 1
        c = take("statement")
        span = c["data"]["sources"][0]["span"]
        c["data"]["verdict"]["evidence"].append(
            {"source": c["article"], "excerpt": span.replace(" programme ", "  programme "), "relation": "context"}
        )
        expected["FC227"] += 1
        # Dates.
        c = take("statement")
        c["data"]["as_of"] = day(pub(c) + dt.timedelta(days=3))
        expected["FC231"] += 1
        c = take("statement")
        c["data"]["attribution"]["date"] = day(pub(c) + dt.timedelta(days=3))
        expected["FC232"] += 1
        take(None)["data"]["review"]["date"] = day(TODAY + dt.timedelta(days=30))
        expected["FC233"] += 1
        # Verdicts.
        v = take(None)["data"]["verdict"]
        v["rating"], v["evidence"] = "unverified", []
        expected["FC241"] += 1
        c = take(None)
        c["data"]["verdict"]["rating"] = "verified"
        c["data"]["verdict"]["evidence"] = [  # the article's own words, verbatim (FC226)
            {"source": c["article"], "excerpt": c["data"]["sources"][0]["span"], "relation": "supports"}
        ]
        expected["FC242"] += 1
        # Waivers.
        take(None)["data"]["waivers"] = [
            {"rule": "FC223", "reason": "Old waiver.", "granted": "2024-12-01", "expires": "2025-01-01"}
        ]
        expected["FC251"] += 1
        take(None)["data"]["waivers"] = [
            {"rule": "FC999", "reason": "No such rule.", "granted": "2026-06-01", "expires": "2027-01-01"}
        ]
        expected["FC252"] += 1
        take(None)["data"]["waivers"] = [
            {"rule": "FC223", "reason": "For good.", "granted": "2026-06-01", "expires": "9999-12-31"}
        ]
        expected["FC253"] += 1
        take(None)["data"]["waivers"] = [
            {"rule": "FC223", "reason": "Granted later.", "granted": "2027-01-01", "expires": "2027-06-30"}
        ]
        expected["FC255"] += 1
        # Coverage.
        aid = take_article("FC261")
        gen.coverage[aid] = [s for s in gen.coverage[aid] if s.get("not_a_claim") != "Photo credit."]
        expected["FC261"] += 1
        c = take(None)
        c["sentence"].pop("claims")
        c["sentence"]["not_a_claim"] = "Left out on purpose."
        expected["FC262"] += 1
        aid = take_article("FC305")
        ghost_at = next(s for s in gen.coverage[aid] if "claims" in s)
        # Its claims are taken: a later FC262 plant would drop this sentence's claim list, ghost included.
        used.update(ghost_at["claims"])
        ghost_at["claims"].append(f"ghost-claim-{aid}")
        expected["FC305"] += 1
        # Identity.
        c = take("statement")
        other = take_article("FC301", lambda a, c=c: a != c["article"])
        c["copy_to"] = other
        expected["FC301"] += 2
        expected["FC309"] += 1  # the copy lies in another article's folder
        take(None)["file"] = f"{rng.choice(WORDS)}-renamed-{len(used)}.yaml"
        expected["FC302"] += 1
        take(None)["data"]["attribution"]["via"] = f"ghost-outlet-{len(used)}"
        expected["FC303"] += 1
        take(None)["data"]["verdict"]["evidence"].append(
            {"source": f"ghost-source-{len(used)}", "excerpt": "Lost.", "relation": "context"}
        )
        expected["FC304"] += 1
        take(None)["data"]["attribution"]["via"] = rng.choice(gen.countries)
        expected["FC306"] += 1
        aid = take_article("FC307")
        gen.sources[aid]["bad_sha"] = True
        expected["FC307"] += 1
        # Schema errors.
        c = take("statement")
        c["data"]["as_of"] = "2026-02-30"
        expected["FC105"] += 1
        c = take("statement")
        c["data"]["veridct"] = "typo"
        expected["FC101"] += 1
        aid = rng.choice(articles)
        gen.extra_files[f"articles/{aid}/broken-{len(gen.extra_files)}.yaml"] = "id: [unclosed\ntype: quote\n"
        expected["FC001"] += 1
    return expected
