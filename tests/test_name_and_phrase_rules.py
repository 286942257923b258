"""FC308 (an alias names one entity) and FC225 (a quote's explanation quotes only its evidence).

The violations are in the mutation tests on the real corpus; here are the tables
the two rules read, their near misses, and the quotation-mark finder, as data.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from factlint import loader, validate
from factlint.record import Record
from factlint.rules.catalog import load_rules, table_parameters
from factlint.rules.tables import build as build_tables
from factlint.rules.textmatch import marks_of, quoted_phrases

from .conftest import ROOT, corpus_today

# The policy of both tables is in their rule files (table_parameters of FC225 and FC308).
PARAMETERS = table_parameters(load_rules())
MARKS = marks_of(PARAMETERS["quotation_marks"])


def build(records: list[Record]) -> dict:
    return build_tables(records, parameters=PARAMETERS)


# -- the quotation-mark finder (FC225's quotation_marks): {description, text, phrases} -----------------------

PHRASE_CASES = [
    {"description": "straight single marks", "text": "it says 'studying' now", "phrases": ["studying"]},
    {
        "description": "curly double and guillemets",
        "text": "“curly” and «Но процесс»",
        "phrases": ["curly", "Но процесс"],
    },
    {"description": "typographic single marks", "text": "the ‘head of state’ wording", "phrases": ["head of state"]},
    {"description": "straight double marks", "text": 'he was "studying" it', "phrases": ["studying"]},
    {"description": "German low-high marks", "text": "„Friedensrat“ heißt es", "phrases": ["Friedensrat"]},
    {
        "description": "an apostrophe inside a quoted phrase stays in it",
        "text": "the article's 'Kazakhstan’s consent to participate' adds",
        "phrases": ["Kazakhstan’s consent to participate"],
    },
    {
        "description": "possessive apostrophes open nothing (near miss)",
        "text": "Reuters' translation and TASS's have none",
        "phrases": [],
    },
    {"description": "contractions open nothing (near miss)", "text": "don't and isn't", "phrases": []},
    {"description": "a quote after a parenthesis", "text": "('неправильно', wrong)", "phrases": ["неправильно"]},
    {"description": "no marks at all (near miss)", "text": "Rated verified on 19 Jan.", "phrases": []},
]


@pytest.mark.parametrize("case", PHRASE_CASES, ids=[c["description"] for c in PHRASE_CASES])
def test_quoted_phrases(case: dict) -> None:
    assert quoted_phrases(case["text"], MARKS) == case["phrases"]


# -- the tables ------------------------------------------------------------------------------------------------


def record(kind: str, file: str, text: str) -> Record:
    doc = loader.loads(text)
    return Record(kind=kind, file=file, data=doc.data, positions=doc.positions)


def entity(eid: str, name: str, aliases: list[str]) -> Record:
    data = {"id": eid, "kind": "body", "name": name, **({"aliases": aliases} if aliases else {})}
    return record("entity", f"entities/{eid}.yaml", yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def shared(rows, name_kind: str = "alias") -> dict[tuple[str, str], str]:
    return {(r["claim_id"], r["name"]): r["others"] for r in rows if r["name_kind"] == name_kind and r["shared"]}


def test_an_alias_equal_to_another_entitys_name_is_shared_ignoring_case_and_spacing() -> None:
    rows = build([entity("founding", "Founding Executive Board", []),
                  entity("gaza", "Gaza Executive Board", ["founding  executive BOARD"])])["names"]  # fmt: skip
    assert shared(rows) == {("gaza", "founding  executive BOARD"): "founding"}


def test_an_alias_of_two_entities_is_shared_by_both() -> None:
    rows = build([entity("a", "A Board", ["Executive Board"]), entity("b", "B Board", ["Executive Board"])])["names"]
    assert shared(rows) == {("a", "Executive Board"): "b", ("b", "Executive Board"): "a"}


def test_near_misses_an_alias_like_its_own_name_and_distinct_aliases_share_nothing() -> None:
    own = ["founding executive board", "founding Executive Board"]
    rows = build([entity("founding", "Founding Executive Board", own),
                  entity("gaza", "Gaza Executive Board", ["Gaza executive board"])])["names"]  # fmt: skip
    assert shared(rows) == {}
    assert len(rows) == 5  # every name and alias has its row


def claim(ctype: str, explanation: str, excerpt: str, span: str) -> Record:
    data = {
        "id": "c", "type": ctype, "article": "art", "statement": "x",
        "attribution": {"speaker": "s", "date": "2026-01-19"}, "sources": [{"source": "art", "span": span}],
        "as_of": "2026-01-19",
        "verdict": {"rating": "verified", "explanation": explanation,
                    "evidence": [{"source": "other", "excerpt": excerpt, "relation": "supports"}]},
        "review": {"state": "draft"},
        **({"quote": {"text": span}} if ctype == "quote" else {}),
    }  # fmt: skip
    return record("claim", "claims/a/c.yaml", yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


EXCERPT = "с выражением искренней благодарности и подтверждением согласия войти в состав этого нового объединения"
SPAN = "confirming Kazakhstan’s consent to participate in this new body"


@pytest.mark.parametrize(
    ("explanation", "found"),
    [
        ("The original says 'подтверждением согласия войти в состав'.", [True]),  # in the excerpt
        ("The article says 'Kazakhstan’s consent'.", [True]),  # in the span
        ('The article says "Kazakhstan\'s consent".', [True]),  # near miss: a straight apostrophe for a curly one
        ("The original says 'his consent to join'.", [False]),  # a wording no excerpt shows
        ("'благодарности' fits, 'his consent' does not.", [True, False]),
        ("No quotation marks: the original has no possessive.", []),
    ],
)
def test_phrases_are_looked_up_in_the_claims_own_excerpts_and_spans(explanation: str, found: list[bool]) -> None:
    rows = build([claim("quote", explanation, EXCERPT, SPAN)])["phrases"]
    assert [r["found"] for r in rows] == found
    assert {r["claim_type"] for r in rows} <= {"quote"}


# -- end to end on a copy of the real corpus: near misses give no finding ----------------------------------------

TODAY = corpus_today()  # the corpus's last re-check (latest retrieved/review date), as in test_corpus


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "claims", tmp_path / "claims")
    monkeypatch.chdir(tmp_path / "claims")
    return tmp_path / "claims"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _explain(path: Path, prefix: str) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["verdict"]["explanation"] = prefix + data["verdict"]["explanation"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")


@pytest.mark.slow
def test_near_misses_give_no_finding_on_the_real_corpus(corpus: Path) -> None:
    # An alias that is the entity's own name in other case.
    _replace(corpus / "entities/founding-executive-board.yaml", "- founding executive board\n",
             "- founding executive board\n- FOUNDING EXECUTIVE BOARD\n")  # fmt: skip
    # A status claim's explanation quoting words its excerpts do not have: FC225 checks quote claims only.
    _explain(corpus / "articles/astana-times-111122/egypt-confirmed-participation.yaml", "'Not in any excerpt'. ")
    # A quote claim's explanation with straight quotes and apostrophe for the span's curly ones.
    _explain(corpus / "articles/astana-times-111122/quote-letter-gratitude-and-consent.yaml",
             "\"Kazakhstan's consent to participate\". ")  # fmt: skip
    result = validate.run(["."], today=TODAY)
    assert [f.rule for f in result.findings] == []
    assert {"FC225", "FC308"} <= set(result.rules_run)
