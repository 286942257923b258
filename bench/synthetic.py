"""The synthetic corpus before any plant (:mod:`bench.plants`): entities, archived and wire sources, articles with
claims of every type and their coverage maps, consistent with the schemas and every rule of ``checks/`` for
:data:`TODAY`; and writing it out as files laid out like ``claims/`` (:meth:`Corpus.write`). Deterministic: one
seeded ``random.Random`` draws everything, in a fixed order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

TODAY = dt.date(2026, 11, 28)
"""The run date the corpus is consistent for (pass ``--today 2026-11-28``)."""

STATUS_VALUES = ("invited", "proposed", "confirmed", "unannounced", "declined", "member")
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


def day(d: dt.date) -> str:
    return d.isoformat()


class Corpus:
    """The corpus of ``claims`` claims drawn with ``seed``: :meth:`build` draws it, :meth:`write` writes it."""

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
                "url": f"https://wire.example.org/{w}", "language": "en", "published": day(pub),
                "copy_url": f"https://wire.example.org/{w}", "retrieved": day(TODAY), "retrieved_basis": "read-date",
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
            "url": f"https://news.example.org/{aid}", "language": "en", "published": day(published),
            "retrieved": day(TODAY), "retrieved_basis": "read-date", "archive": {"path": f"{aid}.txt", "sha256": ""},
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
                    if e["as_of"] <= day(published):
                        subject, board, value = e["status"]["subject"], e["status"]["body"], e["status"]["value"]
                        as_of = dt.date.fromisoformat(e["as_of"])
                        said = as_of
            self.status_keys[(subject, board, day(as_of))] += 1
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
            body = {"event": {"kind": "phone-call", "actors": [speaker], "date": day(said)}}
            if other != speaker:
                body["event"]["counterparts"] = [other]
            statement = f"A phone call about the {topic} took place."
        else:
            text = f"The {topic} programme was expanded this year, the outlet wrote in {cid}."
            speaker = self.sources[aid]["outlet"]
            statement = f"The {topic} programme was expanded."
        data["statement"] = statement
        data["attribution"] = {"speaker": speaker, "date": day(said)}
        if kind == "quote" and rng.random() < 0.5:
            data["attribution"]["role"] = "Minister"
            data["attribution"]["via"] = rng.choice(self.outlets)
        data["sources"] = [{"source": aid, "span": text}]
        data["as_of"] = day(as_of)
        data.update(body)
        wires = rng.sample(self.wires, rng.randint(1, 2))
        data["verdict"] = {
            "rating": rng.choice(("verified", "verified", "attributed", "partly-verified", "unverified")),
            "explanation": f"Wire reports {', '.join(wires)} carry the same account of the {topic}.",
            "evidence": [{"source": w, "excerpt": f"Excerpt about the {topic}.", "relation": "supports"}
                         for w in wires],
        }  # fmt: skip
        review_day = min(published + dt.timedelta(days=rng.randint(0, 30)), TODAY)
        data["review"] = {"state": "published", "reviewer": "bench desk", "date": day(review_day)}
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
            if (subject, board, day(as_of)) not in self.status_keys:
                return subject, board
        raise RuntimeError("no free status key")

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
