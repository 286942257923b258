"""Mutation tests: break exactly one rule in a copy of the real corpus.

Each case copies ``claims/``, applies one edit, runs the full ``validate``
(schemas and rules) and asserts that exactly the expected findings appear -
rule code, claim id, file and line - and nothing else.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from factlint import validate
from factlint.loader import load_path

from .conftest import ROOT, corpus_today

pytestmark = pytest.mark.slow

TODAY = corpus_today()  # the corpus's last re-check (latest retrieved/review date), as in test_corpus
ARTICLE = "articles/astana-times-111122"


@dataclass
class Corpus:
    root: Path

    def path(self, rel: str) -> Path:
        return self.root / rel

    def claim(self, claim_id: str) -> str:
        return f"{ARTICLE}/{claim_id}.yaml"

    def edit(self, rel: str, pattern: str, new: str, *, after: str | None = None) -> int:
        """Replace the first line matching ``pattern`` (after a line matching ``after``); return its number."""
        path = self.path(rel)
        lines = path.read_text(encoding="utf-8").split("\n")
        start = 0
        if after is not None:
            start = next(i for i, line in enumerate(lines) if re.search(after, line)) + 1
        for i in range(start, len(lines)):
            if re.search(pattern, lines[i]):
                lines[i] = re.sub(pattern, new, lines[i], count=1)
                path.write_text("\n".join(lines), encoding="utf-8")
                return i + 1
        raise AssertionError(f"{pattern!r} not in {rel}")

    def line_of(self, rel: str, pattern: str) -> int:
        lines = self.path(rel).read_text(encoding="utf-8").split("\n")
        return next(i + 1 for i, line in enumerate(lines) if re.search(pattern, line))

    def insert_after(self, rel: str, pattern: str, text: str) -> int:
        path = self.path(rel)
        lines = path.read_text(encoding="utf-8").split("\n")
        at = next(i for i, line in enumerate(lines) if re.search(pattern, line)) + 1
        lines[at:at] = text.split("\n")
        path.write_text("\n".join(lines), encoding="utf-8")
        return at + 1

    def append(self, rel: str, text: str) -> int:
        path = self.path(rel)
        body = path.read_text(encoding="utf-8").rstrip("\n")
        path.write_text(body + "\n" + text, encoding="utf-8")
        return body.count("\n") + 2

    def data(self, rel: str) -> dict:
        return load_path(self.path(rel)).data

    def of_type(self, kind: str) -> list[str]:
        return sorted(
            str(p.relative_to(self.root))
            for p in (self.root / ARTICLE).glob("*.yaml")
            if load_path(p).data.get("type") == kind
        )


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Corpus:
    shutil.copytree(ROOT / "claims", tmp_path / "claims")
    monkeypatch.chdir(tmp_path / "claims")
    return Corpus(tmp_path / "claims")


def test_real_corpus_passes_schema_and_rules(corpus: Corpus) -> None:
    result = validate.run(["."], today=TODAY)
    assert result.findings == []
    assert result.rules_run, "no rule ran"
    assert result.records_by_kind()["claim"] >= 30


def _composition(corpus: Corpus, body: str) -> str:
    return next(p for p in corpus.of_type("composition") if corpus.data(p)["composition"]["body"] == body)


def _overlap(corpus: Corpus) -> str:
    return corpus.of_type("overlap")[0]


def m_fc201(c: Corpus):
    rel = _composition(c, "founding-executive-board")
    line = c.edit(rel, r"seats: 7", "seats: 6")
    return {("FC201", c.data(rel)["id"], rel, line)}


def m_fc202(c: Corpus):
    rel = _overlap(c)
    line = c.edit(rel, r"count: 4", "count: 12")
    # Make the Gaza list incomplete so the computed overlap (FC204) has nothing to compare.
    c.edit(_composition(c, "gaza-executive-board"), r"members_complete: true", "members_complete: false")
    return {("FC202", c.data(rel)["id"], rel, line)}


def m_fc203(c: Corpus):
    rel = _overlap(c)
    c.insert_after(rel, r"^  - steve-witkoff", "  - ajay-banga")
    return {("FC203", c.data(rel)["id"], rel, c.line_of(rel, r"^  members:"))}


def m_fc204(c: Corpus):
    rel = _overlap(c)
    line = c.edit(rel, r"count: 4", "count: 5")
    return {("FC204", c.data(rel)["id"], rel, line)}


def m_fc211(c: Corpus):
    # Italy's claim now says France confirmed, on the date another claim says France's confirmation is unannounced.
    italy = c.claim("italy-confirmed-participation")
    france = c.claim("france-invited-no-confirmation")
    assert c.data(france)["status"]["value"] == "unannounced"
    c.edit(italy, r"subject: italy", "subject: france")
    # One finding for the group, at its first claim in file order (france-... before italy-...).
    return {("FC211", "france-invited-no-confirmation", france, c.line_of(france, r"^  value: unannounced"))}


def m_fc221(c: Corpus):
    rel = c.of_type("quote")[0]
    c.edit(rel, r"speaker: ruslan-zheldibay", "speaker: tengrinews")
    return {("FC221", c.data(rel)["id"], rel, c.line_of(rel, r"^  text: "))}


def m_fc222(c: Corpus):
    rel = next(p for p in c.of_type("quote") if "inappropriate" in c.data(p)["quote"]["text"])
    line = c.edit(rel, r"(text: .*?)inappropriate", r"\1wrong")
    return {("FC222", c.data(rel)["id"], rel, line)}


def m_fc223(c: Corpus):
    rel = c.claim("kazakhstan-consented")
    line = c.edit(rel, r"(span: .*?)’", r"\1'")
    return {("FC223", "kazakhstan-consented", rel, line)}


def m_fc224(c: Corpus):
    rel = c.claim("zheldibay-told-tengrinews-on-jan-19")
    tass = next(s for s in c.path("sources").glob("tass*.yaml"))
    line = c.edit(rel, r"- source: astana-times-111122", f"- source: {tass.stem}", after=r"^sources:")
    return {("FC224", "zheldibay-told-tengrinews-on-jan-19", rel, line + 1)}


def m_fc225(c: Corpus):
    # The explanation claims a wording ("his consent to join") that no excerpt of the claim shows.
    rel = c.claim("quote-letter-gratitude-and-consent")
    assert c.path(rel).read_text(encoding="utf-8").count("\n  explanation: '") == 1  # a single-quoted scalar
    line = c.edit(rel, r"^  explanation: '", "  explanation: 'The original says ''his consent to join''. ")
    return {("FC225", "quote-letter-gratitude-and-consent", rel, line)}


def _cite_article(c: Corpus, excerpt: str) -> tuple[str, int]:
    # One more evidence item, from the claim's own archived article (as context: no count changes).
    rel = c.claim("tokayev-letter-to-trump")
    at = c.insert_after(
        rel, r"^  evidence:$", f"  - source: astana-times-111122\n    excerpt: {excerpt}\n    relation: context"
    )
    return rel, at + 1


def m_fc226(c: Corpus):
    # The article says "sent a letter to the President of the U.S."; the excerpt retells it.
    rel, line = _cite_article(c, "Tokayev sent a letter to President Trump")
    return {("FC226", "tokayev-letter-to-trump", rel, line)}


def m_fc227(c: Corpus):
    # The article prints Kazakhstan’s (U+2019); the excerpt has a straight apostrophe.
    rel, line = _cite_article(c, "confirming Kazakhstan's consent to participate in this new body")
    return {("FC227", "tokayev-letter-to-trump", rel, line)}


def m_fc231(c: Corpus):
    rel = c.claim("hungary-confirmed-participation")
    line = c.edit(rel, r"^as_of: .*", "as_of: '2026-01-20'")
    return {("FC231", "hungary-confirmed-participation", rel, line)}


def m_fc232(c: Corpus):
    rel = c.claim("tokayev-letter-to-trump")
    line = c.edit(rel, r"^  date: .*", "  date: '2026-01-21'", after=r"^attribution:")
    return {("FC232", "tokayev-letter-to-trump", rel, line)}


def m_fc233(c: Corpus):
    rel = "sources/astana-times-111122.yaml"
    line = c.edit(rel, r"^retrieved: .*", "retrieved: '2027-01-01'")
    return {("FC233", "astana-times-111122", rel, line)}


def _not_verified(c: Corpus) -> str:
    return next(p for p in c.of_type("statement") if c.data(p)["verdict"]["rating"] != "verified")


def m_fc241(c: Corpus):
    rel = _not_verified(c)
    text = c.path(rel).read_text(encoding="utf-8")
    start = text.index("  evidence:")
    end = text.index("\nreview:")
    c.path(rel).write_text(text[:start] + "  evidence: []" + text[end:], encoding="utf-8")
    return {("FC241", c.data(rel)["id"], rel, c.line_of(rel, r"^verdict:"))}


def m_fc242(c: Corpus):
    # A claim rated verified whose only evidence is its own article.
    rel = _not_verified(c)
    text = c.path(rel).read_text(encoding="utf-8")
    start, end = text.index("  evidence:"), text.index("\nreview:")
    span = c.data(rel)["sources"][0]["span"].replace("'", "''")
    own = f"  evidence:\n  - source: astana-times-111122\n    excerpt: '{span}'\n    relation: supports"
    c.path(rel).write_text(text[:start] + own + text[end:], encoding="utf-8")
    c.edit(rel, r"^  rating: .*", "  rating: verified")
    return {("FC242", c.data(rel)["id"], rel, c.line_of(rel, r"^verdict:"))}


def m_fc243(c: Corpus):
    # A claim rated disputed whose only evidence is its own article (it does contradict, so FC244 is quiet).
    rel = _not_verified(c)
    text = c.path(rel).read_text(encoding="utf-8")
    start, end = text.index("  evidence:"), text.index("\nreview:")
    span = c.data(rel)["sources"][0]["span"].replace("'", "''")
    own = f"  evidence:\n  - source: astana-times-111122\n    excerpt: '{span}'\n    relation: contradicts"
    c.path(rel).write_text(text[:start] + own + text[end:], encoding="utf-8")
    c.edit(rel, r"^  rating: .*", "  rating: disputed")
    return {("FC243", c.data(rel)["id"], rel, c.line_of(rel, r"^verdict:"))}


def m_fc244(c: Corpus):
    # A claim rated false whose evidence only gives context.
    rel = next(p for p in c.of_type("status") if c.data(p)["verdict"]["rating"] == "false")
    text = c.path(rel).read_text(encoding="utf-8").replace("relation: contradicts", "relation: context")
    c.path(rel).write_text(text, encoding="utf-8")
    return {("FC244", c.data(rel)["id"], rel, c.line_of(rel, r"^verdict:"))}


def m_fc251(c: Corpus):
    rel = c.claim("kazakhstan-consented")
    line = c.append(
        rel,
        "waivers:\n- rule: FC211\n  reason: waiting for the outlet's correction\n"
        "  granted: '2025-12-01'\n  expires: '2026-01-31'\n",
    )
    return {("FC251", "kazakhstan-consented", rel, line + 1)}


def m_fc253(c: Corpus):
    # A waivable rule waived until 9999: past the horizon (366 days from granted).
    rel = c.claim("kazakhstan-consented")
    line = c.append(
        rel, "waivers:\n- rule: FC223\n  reason: print typography\n  granted: '2026-06-01'\n  expires: '9999-12-31'\n"
    )
    return {("FC253", "kazakhstan-consented", rel, line + 1)}


def m_fc255(c: Corpus):
    rel = c.claim("kazakhstan-consented")
    line = c.append(
        rel, "waivers:\n- rule: FC223\n  reason: print typography\n  granted: '2026-11-30'\n  expires: '2026-12-31'\n"
    )
    return {("FC255", "kazakhstan-consented", rel, line + 1)}


def m_fc254(c: Corpus):
    # The verbatim rule guards what a fact-check cannot do without: no waiver may name it.
    rel = c.claim("kazakhstan-consented")
    line = c.append(
        rel,
        "waivers:\n- rule: FC222\n  reason: the quote reads better\n  granted: '2026-06-01'\n  expires: '2026-12-31'\n",
    )
    return {("FC254", "kazakhstan-consented", rel, line + 1)}


def m_fc252(c: Corpus):
    rel = c.claim("kazakhstan-consented")
    line = c.append(
        rel, "waivers:\n- rule: FC922\n  reason: a typo in the code\n  granted: '2026-06-01'\n  expires: '2026-12-31'\n"
    )
    return {("FC252", "kazakhstan-consented", rel, line + 1)}


def m_fc261(c: Corpus):
    rel = "coverage/astana-times-111122.yaml"
    text = c.path(rel).read_text(encoding="utf-8")
    match = re.search(r"\n- text: The U\.S\. President Donald Trump and Kazakh President.*?(?=\n- text: )", text, re.S)
    assert match, "photo caption sentence not found"
    c.path(rel).write_text(text[: match.start()] + text[match.end() :], encoding="utf-8")
    # The finding points at the sentence that now stands where the caption stood.
    line = text[: match.start()].count("\n") + 2
    return {("FC261", "astana-times-111122", rel, line)}


def m_fc262(c: Corpus):
    src = c.path(c.claim("council-newly-established"))
    copy = src.with_name("council-newly-established-again.yaml")
    copy.write_text(
        src.read_text(encoding="utf-8").replace("id: council-newly-established", "id: council-newly-established-again"),
        encoding="utf-8",
    )
    rel = c.claim("council-newly-established-again")
    return {("FC262", "council-newly-established-again", rel, c.line_of(rel, r"^id: "))}


def m_fc263(c: Corpus):
    rel = "coverage/astana-times-111122.yaml"
    line = c.edit(rel, r"^  not_a_claim: Photo credit\.$", "  claims: []")
    return {("FC263", "astana-times-111122", rel, line)}


def m_fc264(c: Corpus):
    # The article's coverage map is gone: only FC264 reports it (FC261-263 check a map that exists).
    c.path("coverage/astana-times-111122.yaml").unlink()
    rel = "sources/astana-times-111122.yaml"
    return {("FC264", "astana-times-111122", rel, c.line_of(rel, r"^  sha256: "))}


def m_fc309(c: Corpus):
    # Filed under another article's folder; near miss: the other article's own claims stay put.
    src = c.path(c.claim("council-newly-established"))
    other = c.path("articles/qazinform-a02059")
    shutil.move(src, other / src.name)
    rel = "articles/qazinform-a02059/council-newly-established.yaml"
    return {("FC309", "council-newly-established", rel, c.line_of(rel, r"^id: "))}


def m_fc271(c: Corpus):
    rel = c.claim("council-newly-established")
    line = c.edit(rel, r"^statement: .*", "statement: 'TODO: the claim in one plain sentence'")
    # Near misses: text that merely starts with "todo" in another case or without the hyphen is not a placeholder.
    c.edit(c.claim("tokayev-letter-to-trump"), r"^statement: ", "statement: Todo list aside, ")
    return {("FC271", "council-newly-established", rel, line)}


def m_fc308(c: Corpus):
    # "Executive Board" as an alias of both boards (outlets use it for either): both entities are told.
    gaza, founding = "entities/gaza-executive-board.yaml", "entities/founding-executive-board.yaml"
    gaza_line = c.insert_after(gaza, r"^aliases:$", "- Executive Board")
    founding_line = c.insert_after(founding, r"^aliases:$", "- Executive board")
    return {("FC308", "gaza-executive-board", gaza, gaza_line),
            ("FC308", "founding-executive-board", founding, founding_line)}  # fmt: skip


def m_fc301(c: Corpus):
    # The same entity id in two files (a claim copied to another folder would also break FC309).
    src = c.path("entities/tony-blair.yaml")
    c.path("entities/people").mkdir()
    shutil.copy(src, c.path("entities/people/tony-blair.yaml"))
    line = c.line_of("entities/tony-blair.yaml", r"^id: ")
    return {
        ("FC301", "tony-blair", "entities/people/tony-blair.yaml", line),
        ("FC301", "tony-blair", "entities/tony-blair.yaml", line),
    }


def m_fc302(c: Corpus):
    c.path("entities/tony-blair.yaml").rename(c.path("entities/anthony-blair.yaml"))
    return {("FC302", "tony-blair", "entities/anthony-blair.yaml", c.line_of("entities/anthony-blair.yaml", r"^id: "))}


def m_fc303(c: Corpus):
    rel = c.claim("tokayev-letter-to-trump")
    line = c.edit(rel, r"speaker: ruslan-zheldibay", "speaker: ruslan-zheldibai")
    return {("FC303", "tokayev-letter-to-trump", rel, line)}


def m_fc304(c: Corpus):
    rel = c.claim("kazakhstan-consented")
    line = c.edit(rel, r"- source: (?!astana-times-111122)([a-z0-9-]+)", r"- source: \1-typo", after=r"^  evidence:")
    return {("FC304", "kazakhstan-consented", rel, line)}


def m_fc305(c: Corpus):
    rel = "coverage/astana-times-111122.yaml"
    line = c.insert_after(rel, r"^  - kazakhstan-consented$", "  - kazakhstan-consentd")
    return {("FC305", "astana-times-111122", rel, line)}


def m_fc306(c: Corpus):
    rel = c.claim("hungary-confirmed-participation")
    line = c.edit(rel, r"^  body: .*", "  body: kazakhstan", after=r"^status:")
    return {("FC306", "hungary-confirmed-participation", rel, line)}


def m_fc307(c: Corpus):
    with c.path("sources/astana-times-111122.txt").open("ab") as fh:
        fh.write(b"\n")  # white space only: quotes and coverage still match, the hash does not
    rel = "sources/astana-times-111122.yaml"
    return {("FC307", "astana-times-111122", rel, c.line_of(rel, r"^  sha256: "))}


MUTATIONS: dict[str, Callable[[Corpus], set[tuple[str, str | None, str, int]]]] = {
    name.removeprefix("m_").upper(): fn for name, fn in sorted(globals().items()) if name.startswith("m_fc")
}


@pytest.mark.parametrize("code", sorted(MUTATIONS))
def test_mutation_breaks_exactly_one_rule(corpus: Corpus, code: str) -> None:
    expected = MUTATIONS[code](corpus)
    assert {e[0] for e in expected} == {code}
    result = validate.run(["."], today=TODAY)
    assert {(f.rule, f.claim_id, f.file, f.line) for f in result.findings} == expected
    for f in result.findings:
        # Every field of the message template was filled from the failing row.
        assert "{" not in f.message
        assert "'—'" not in f.message
        assert " ? " not in f.message


def test_exclusive_status_message_names_both_claims_and_values(corpus: Corpus) -> None:
    m_fc211(corpus)
    (finding,) = validate.run(["."], today=TODAY).findings
    assert finding.message.startswith(
        "france has conflicting statuses towards board-of-peace as of 2026-01-19 in 2 claims: "
        "france-invited-no-confirmation (unannounced), italy-confirmed-participation (confirmed); "
    )
    assert "both come from the same source, astana-times-111122" in finding.message


def test_every_rule_has_a_mutation() -> None:
    from factlint.rules.catalog import load_rules

    assert {r.code for r in load_rules()} == set(MUTATIONS)


def test_an_active_waiver_moves_its_finding_to_waived_with_its_reason(corpus: Corpus) -> None:
    expected = m_fc231(corpus)
    ((_, claim_id, rel, _),) = expected
    corpus.append(
        rel,
        "waivers:\n- rule: FC231\n  reason: the outlet dated it later\n  granted: '2026-06-01'\n"
        "  expires: '2026-12-31'\n",
    )
    result = validate.run(["."], today=TODAY)
    assert result.findings == []
    assert [(f.rule, f.claim_id) for f in result.waived] == [("FC231", claim_id)]
    (waived,) = result.waived
    assert waived.waiver is not None
    assert waived.waiver.describe() == "waived until 2026-12-31 (granted 2026-06-01): the outlet dated it later"


def test_schema_errors_do_not_cascade_into_dangling_references(corpus: Corpus) -> None:
    corpus.edit("entities/tony-blair.yaml", r"^name: .*", "nmae: Tony Blair")
    result = validate.run(["."], today=TODAY)
    assert {f.rule for f in result.findings} == {"FC101", "FC102"}
