"""A deterministic synthetic corpus for benchmarks and for testing the rules at scale.

``generate(root, claims=N, seed=S, rate=R)`` writes a corpus laid out like
``claims/`` into ``root`` (which must be empty or missing; never point it at
``claims/``):

* ``entities/``: countries (real ISO 3166-1 codes from pycountry), people,
  bodies with fixed member lists, outlets;
* ``sources/``: one archived article per ~10-20 claims (``<id>.yaml`` and
  ``<id>.txt`` with its SHA-256) and unarchived wire reports used as evidence;
* ``coverage/``: one coverage map per article, every sentence in order;
* ``articles/<article>/<claim>.yaml``: claims of every type (quote, status,
  composition, overlap, event, statement), consistent with the schemas and
  every rule of ``checks/`` for ``--today`` :data:`TODAY`.

With ``rate`` > 0, each rule is broken ``max(1, round(rate * N))`` times
(each time in its own claim or article, so plants do not interact), and the
same number of files get each of three schema errors (FC001 invalid YAML,
FC101 unknown key, FC105 bad date). :class:`Manifest` records the planted
counts as *expected findings per rule code*: every plant gives one finding,
except FC301 (a claim id used twice gives a finding on both files), so
``expected["FC301"] == 2 * plants``. With ``rate`` 0 the corpus has no
finding at all.

Run ``python bench/generate.py DIR --claims 1000`` to write one by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

TODAY = dt.date(2026, 11, 28)
"""The run date the corpus is consistent for (pass ``--today 2026-11-28``)."""

RULES = (
    "FC201", "FC202", "FC203", "FC204", "FC211", "FC221", "FC222", "FC223", "FC224", "FC226", "FC227",
    "FC231", "FC232", "FC233", "FC241", "FC242", "FC251", "FC252", "FC253", "FC255", "FC261", "FC262",
    "FC301", "FC302", "FC303", "FC304", "FC305", "FC306", "FC307", "FC309",
)  # fmt: skip
"""Every rule of checks/, each planted at the same rate."""

SCHEMA_ERRORS = ("FC001", "FC101", "FC105")
"""The load and schema errors planted (invalid YAML, an unknown key, a bad date)."""

STATUS_VALUES = ("invited", "proposed", "confirmed", "unannounced", "declined", "member")
EXCLUSIVE = {"confirmed": "declined", "declined": "confirmed", "member": "declined", "unannounced": "confirmed"}
WORDS = [
    "council",
    "budget",
    "reform",
    "harbour",
    "railway",
    "treaty",
    "border",
    "water",
    "energy",
    "grain",
    "census",
    "election",
    "tariff",
    "bridge",
    "hospital",
    "school",
    "drought",
    "pipeline",
    "vaccine",
    "satellite",
    "fishery",
    "archive",
    "museum",
]


@dataclass
class Manifest:
    """What was generated and which findings the planted errors must give."""

    claims: int
    articles: int
    files: int
    seed: int
    rate: float
    plants: int
    expected: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "claims": self.claims,
            "articles": self.articles,
            "files": self.files,
            "seed": self.seed,
            "rate": self.rate,
            "plants_per_rule": self.plants,
            "expected_findings": dict(sorted(self.expected.items())),
            "today": TODAY.isoformat(),
        }


def _day(d: dt.date) -> str:
    return d.isoformat()


class _Gen:
    def __init__(self, claims: int, seed: int) -> None:
        import pycountry

        self.rng = random.Random(seed)
        self.n = claims
        rng = self.rng
        countries = sorted(pycountry.countries, key=lambda c: c.alpha_2)
        self.entities: dict[str, dict[str, Any]] = {}
        self.countries = []
        for c in countries[:80]:
            cid = f"country-{c.alpha_2.lower()}"
            self.countries.append(cid)
            self.entities[cid] = {"id": cid, "kind": "country", "name": c.name, "iso3166_alpha2": c.alpha_2}
        codes = [c.alpha_2 for c in countries[:80]]
        self.outlets = []
        for i in range(20):
            oid = f"outlet-{i:03d}"
            self.outlets.append(oid)
            self.entities[oid] = {"id": oid, "kind": "outlet", "name": f"Outlet {i}", "country": rng.choice(codes)}
        self.people = []
        for i in range(max(60, claims // 20)):
            pid = f"person-{i:05d}"
            self.people.append(pid)
            self.entities[pid] = {
                "id": pid,
                "kind": "person",
                "name": f"Person {i}",
                "country": rng.choice(codes),
                "roles": [{"title": "Minister", "of": rng.choice(self.countries)}],
            }
        # Bodies come in overlapping pairs: shared members plus at least two of their own each.
        self.bodies: list[str] = []
        self.members: dict[str, list[str]] = {}
        self.pairs: list[tuple[str, str, list[str]]] = []
        for p in range(max(5, claims // 400)):
            pool = rng.sample(self.people, 12)
            shared = pool[: rng.randint(1, 3)]
            a_only, b_only = pool[4:8][: rng.randint(2, 4)], pool[8:12][: rng.randint(2, 4)]
            a, b = f"body-{2 * p:04d}", f"body-{2 * p + 1:04d}"
            for bid, own in ((a, a_only), (b, b_only)):
                self.bodies.append(bid)
                self.members[bid] = shared + own
                self.entities[bid] = {"id": bid, "kind": "body", "name": f"Board {bid[5:]}"}
            self.pairs.append((a, b, shared))
        self.wires = [f"wire-{i:05d}" for i in range(max(20, claims // 50))]
        self.sources: dict[str, dict[str, Any]] = {}
        for w in self.wires:
            pub = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 650))
            self.sources[w] = {
                "id": w, "kind": "article", "outlet": rng.choice(self.outlets), "title": f"Wire report {w}",
                "url": f"https://wire.example.org/{w}", "language": "en", "published": _day(pub),
                "copy_url": f"https://wire.example.org/{w}", "retrieved": _day(TODAY), "retrieved_basis": "read-date",
            }  # fmt: skip
        self.texts: dict[str, str] = {}
        self.coverage: dict[str, list[dict[str, Any]]] = {}
        self.claims: dict[str, dict[str, Any]] = {}  # id -> {"data", "article", "sentence", "file", "extra"}
        self.status_keys: Counter[tuple[str, str, str]] = Counter()
        self.statuses: list[str] = []  # ids of the status claims, in order (not a scan of every claim per claim)
        self.extra_files: dict[str, str] = {}

    # -- clean corpus ------------------------------------------------------------------

    def build(self) -> None:
        rng = self.rng
        made, a = 0, 0
        while made < self.n:
            size = min(rng.randint(10, 20), self.n - made)
            self.article(f"art-{a:06d}", size)
            made += size
            a += 1
        # The archived texts are the sentences as first written; plants may change the maps later.
        self._original = {a: [dict(s) for s in ss] for a, ss in self.coverage.items()}

    def article(self, aid: str, size: int) -> None:
        rng = self.rng
        published = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(30, 660))
        outlet = rng.choice(self.outlets)
        self.sources[aid] = {
            "id": aid, "kind": "article", "outlet": outlet, "title": f"Report {aid}",
            "url": f"https://news.example.org/{aid}", "language": "en", "published": _day(published),
            "retrieved": _day(TODAY), "retrieved_basis": "read-date", "archive": {"path": f"{aid}.txt", "sha256": ""},
        }  # fmt: skip
        sentences: list[dict[str, Any]] = [{"text": f"{outlet.replace('-', ' ').title()} reports from the desk.",
                                            "not_a_claim": "Dateline."}]  # fmt: skip
        kinds: list[str] = []
        self.avoid: tuple[str, ...] = ()
        if size >= 12 and rng.random() < 0.8:
            kinds += ["board"]
            pair = rng.choice(self.pairs)
            self.avoid = pair[:2]
        while len(kinds) + (2 if "board" in kinds else 0) < size:
            kinds.append(rng.choice(("quote", "quote", "status", "status", "status", "composition", "event",
                                     "statement", "statement")))  # fmt: skip
        j = 0
        for kind in kinds:
            if kind == "board":
                body_a, body_b, shared = pair
                ids = []
                for body in (body_a, body_b):
                    ids.append(self.claim(aid, j, "composition", published, sentences, body=body, board=True))
                    j += 1
                ov = self.claim(aid, j, "overlap", published, sentences, bodies=[body_a, body_b], shared=shared)
                self.claims[ov]["board"] = ids
                j += 1
            else:
                self.claim(aid, j, kind, published, sentences)
                j += 1
            if rng.random() < 0.1:
                sentences.append({"text": f"Photo: {rng.choice(WORDS)} {j} ({aid}).", "not_a_claim": "Caption."})
        sentences.append({"text": f"Photo credit: {outlet}.", "not_a_claim": "Photo credit."})
        self.coverage[aid] = sentences

    def claim(self, aid: str, j: int, kind: str, published: dt.date, sentences: list[dict[str, Any]],
              **opts: Any) -> str:  # fmt: skip
        rng = self.rng
        cid = f"{aid}-c{j:02d}"
        as_of = published - dt.timedelta(days=rng.randint(0, 20))
        said = as_of - dt.timedelta(days=rng.randint(0, 3))
        speaker = rng.choice(self.people)
        topic = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {j}"
        data: dict[str, Any] = {"id": cid, "type": kind, "article": aid}
        body: dict[str, Any] = {}
        if kind == "quote":
            words = f"We will finish the {topic} work before the winter session of {aid}"
            text = f"“{words},” {self.entities[speaker]['name']} said."
            body = {"quote": {"text": words}}
            statement = f"{self.entities[speaker]['name']} said the {topic} work would finish before winter."
        elif kind == "status":
            subject, board = self.status_key(as_of)
            value = rng.choice(STATUS_VALUES)
            if rng.random() < 0.1:  # corroborate an earlier claim: same key, same value
                earlier = [self.claims[c] for c in self.statuses[-5:]]
                if earlier:
                    e = rng.choice(earlier)["data"]
                    if e["as_of"] <= _day(published):
                        subject, board, value = e["status"]["subject"], e["status"]["body"], e["status"]["value"]
                        as_of = dt.date.fromisoformat(e["as_of"])
                        said = as_of
            self.status_keys[(subject, board, _day(as_of))] += 1
            text = f"{self.entities[subject]['name']} is {value} towards {self.entities[board]['name']} ({cid})."
            body = {"status": {"subject": subject, "body": board, "value": value}}
            statement = f"As of that date the status of {subject} towards {board} was {value}."
        elif kind == "composition":
            board = opts.get("body") or rng.choice([b for b in self.bodies if b not in self.avoid])
            members = self.members[board]
            text = f"{self.entities[board]['name']} has {len(members)} members, as listed in {cid}."
            body = {"composition": {"body": board, "seats": len(members), "members": list(members),
                                    "members_complete": True}}  # fmt: skip
            statement = f"The body {board} has {len(members)} seats."
        elif kind == "overlap":
            shared = opts["shared"]
            text = f"{len(shared)} members of one board also sit on the other ({cid})."
            body = {"overlap": {"bodies": opts["bodies"], "count": len(shared), "members": list(shared),
                                "members_complete": True}}  # fmt: skip
            statement = f"The two boards share {len(shared)} members."
        elif kind == "event":
            other = rng.choice(self.people)
            text = f"{self.entities[speaker]['name']} called {self.entities[other]['name']} about the {topic}."
            body = {"event": {"kind": "phone-call", "actors": [speaker], "date": _day(said)}}
            if other != speaker:
                body["event"]["counterparts"] = [other]
            statement = f"A phone call about the {topic} took place."
        else:
            text = f"The {topic} programme was expanded this year, the outlet wrote in {cid}."
            speaker = self.sources[aid]["outlet"]
            statement = f"The {topic} programme was expanded."
        data["statement"] = statement
        data["attribution"] = {"speaker": speaker, "date": _day(said)}
        if kind == "quote" and rng.random() < 0.5:
            data["attribution"]["role"] = "Minister"
            data["attribution"]["via"] = rng.choice(self.outlets)
        data["sources"] = [{"source": aid, "span": text}]
        data["as_of"] = _day(as_of)
        data.update(body)
        wires = rng.sample(self.wires, rng.randint(1, 2))
        data["verdict"] = {
            "rating": rng.choice(("verified", "verified", "attributed", "partly-verified", "unverified")),
            "explanation": f"Wire reports {', '.join(wires)} carry the same account of the {topic}.",
            "evidence": [{"source": w, "excerpt": f"Excerpt about the {topic}.", "relation": "supports"}
                         for w in wires],
        }  # fmt: skip
        review_day = min(published + dt.timedelta(days=rng.randint(0, 30)), TODAY)
        data["review"] = {"state": "published", "reviewer": "bench desk", "date": _day(review_day)}
        if rng.random() < 0.02:
            data["waivers"] = [
                {
                    "rule": "FC223",
                    "reason": "Typography under review.",
                    "granted": "2026-07-01",
                    "expires": "2027-06-30",
                }
            ]
        sentences.append({"text": text, "claims": [cid]})
        if kind == "status":
            self.statuses.append(cid)
        self.claims[cid] = {"data": data, "article": aid, "sentence": sentences[-1], "file": f"{cid}.yaml",
                            "board": None, "opts": opts}  # fmt: skip
        return cid

    def status_key(self, as_of: dt.date) -> tuple[str, str]:
        for _ in range(1000):
            subject, board = self.rng.choice(self.countries), self.rng.choice(self.bodies)
            if (subject, board, _day(as_of)) not in self.status_keys:
                return subject, board
        raise RuntimeError("no free status key")

    # -- planted violations ----------------------------------------------------------------

    def plant(self, count: int) -> Counter[str]:
        rng = self.rng
        expected: Counter[str] = Counter()
        used: set[str] = set()
        used_articles: dict[str, set[str]] = {}
        by_type: dict[str, list[str]] = {}
        for cid, c in self.claims.items():
            by_type.setdefault(c["data"]["type"], []).append(cid)
        articles = sorted(self.coverage)
        every = list(self.claims)  # once: a copy per take() made planting quadratic

        def take(kind: str | None, ok: Any = None) -> dict[str, Any]:
            pool = by_type.get(kind, []) if kind else every
            for _ in range(50_000):
                cid = rng.choice(pool)
                c = self.claims[cid]
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

        boards = {c["article"]: cid for cid, c in self.claims.items() if c["board"] is not None}

        def pub(c: dict[str, Any]) -> dt.date:
            return dt.date.fromisoformat(self.sources[c["article"]]["published"])

        for _ in range(count):
            # Boards: one article each.
            for code in ("FC202", "FC203", "FC204"):
                aid = take_article("boards", lambda a: a in boards)
                ov = self.claims[boards[aid]]
                o = ov["data"]["overlap"]
                comps = [self.claims[x]["data"]["composition"] for x in ov["board"]]
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
                if st["value"] in EXCLUSIVE and self.status_keys[key] == 1:
                    break
            q = take("status", lambda c, p=p: c["article"] == p["article"] or pub(c) >= pub(p))
            qs = q["data"]["status"]
            self.status_keys[(qs["subject"], qs["body"], q["data"]["as_of"])] -= 1
            q["data"]["status"] = {**st, "value": EXCLUSIVE[st["value"]]}
            q["data"]["as_of"] = p["data"]["as_of"]
            q["data"]["attribution"]["date"] = p["data"]["as_of"]
            self.status_keys[key] += 1
            expected["FC211"] += 1
            # Quotes.
            take("quote")["data"]["attribution"]["speaker"] = rng.choice(self.countries)
            expected["FC221"] += 1
            take("quote")["data"]["quote"]["text"] = "Words nobody ever said in this article"
            expected["FC222"] += 1
            q = take("quote")["data"]["quote"]
            q["text"] = q["text"].replace(" the ", "  the ", 1)
            expected["FC223"] += 1
            take("statement")["data"]["sources"][0]["source"] = rng.choice(self.wires)
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
            c["data"]["as_of"] = _day(pub(c) + dt.timedelta(days=3))
            expected["FC231"] += 1
            c = take("statement")
            c["data"]["attribution"]["date"] = _day(pub(c) + dt.timedelta(days=3))
            expected["FC232"] += 1
            take(None)["data"]["review"]["date"] = _day(TODAY + dt.timedelta(days=30))
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
            self.coverage[aid] = [s for s in self.coverage[aid] if s.get("not_a_claim") != "Photo credit."]
            expected["FC261"] += 1
            c = take(None)
            c["sentence"].pop("claims")
            c["sentence"]["not_a_claim"] = "Left out on purpose."
            expected["FC262"] += 1
            aid = take_article("FC305")
            ghost_at = next(s for s in self.coverage[aid] if "claims" in s)
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
            take(None)["data"]["attribution"]["via"] = rng.choice(self.countries)
            expected["FC306"] += 1
            aid = take_article("FC307")
            self.sources[aid]["bad_sha"] = True
            expected["FC307"] += 1
            # Schema errors.
            c = take("statement")
            c["data"]["as_of"] = "2026-02-30"
            expected["FC105"] += 1
            c = take("statement")
            c["data"]["veridct"] = "typo"
            expected["FC101"] += 1
            aid = rng.choice(articles)
            self.extra_files[f"articles/{aid}/broken-{len(self.extra_files)}.yaml"] = "id: [unclosed\ntype: quote\n"
            expected["FC001"] += 1
        return expected

    # -- writing -------------------------------------------------------------------------

    def write(self, root: Path) -> int:
        files = 0

        def dump(rel: str, data: Any) -> None:
            nonlocal files
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000),
                            encoding="utf-8")  # fmt: skip
            files += 1

        for eid, ent in sorted(self.entities.items()):
            dump(f"entities/{eid}.yaml", ent)
        for aid, sentences in sorted(self.coverage.items()):
            text = " ".join(s["text"] for s in self._original[aid])
            raw = text.encode("utf-8")
            (root / "sources").mkdir(parents=True, exist_ok=True)
            (root / "sources" / f"{aid}.txt").write_bytes(raw)
            src = self.sources[aid]
            digest = hashlib.sha256(raw).hexdigest()
            src["archive"]["sha256"] = ("0" * 64 if digest != "0" * 64 else "1" * 64) if src.get("bad_sha") else digest
            dump(f"coverage/{aid}.yaml", {"id": aid, "source": aid, "sentences": sentences})
        for sid, src in sorted(self.sources.items()):
            dump(f"sources/{sid}.yaml", {k: v for k, v in src.items() if k != "bad_sha"})
        for c in self.claims.values():
            dump(f"articles/{c['article']}/{c['file']}", c["data"])
            if "copy_to" in c:
                dump(f"articles/{c['copy_to']}/{c['file']}", c["data"])
        for rel, text in sorted(self.extra_files.items()):
            (root / rel).write_text(text, encoding="utf-8")
            files += 1
        return files


class _Dumper(yaml.CSafeDumper):
    pass


def generate(root: str | Path, *, claims: int = 1000, seed: int = 1, rate: float = 0.0) -> Manifest:
    """Write a corpus of ``claims`` claims into ``root`` (missing or empty); return its manifest."""
    root = Path(root)
    if root.exists() and any(root.iterdir()):
        raise FileExistsError(f"{root} is not empty; the generator writes only into a new folder")
    gen = _Gen(claims, seed)
    gen.build()
    plants = max(1, round(rate * claims)) if rate > 0 else 0
    expected = gen.plant(plants) if plants else Counter()
    root.mkdir(parents=True, exist_ok=True)
    files = gen.write(root)
    manifest = Manifest(claims, len(gen.coverage), files, seed, rate, plants, dict(expected))
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("root", help="a new (missing or empty) folder to write into")
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rate", type=float, default=0.0, help="planted violations per rule, as a share of claims")
    args = parser.parse_args()
    root = Path(args.root)
    print(json.dumps(generate(root, claims=args.claims, seed=args.seed, rate=args.rate).as_dict(), indent=2))


if __name__ == "__main__":
    main()
