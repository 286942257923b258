"""Every message template that says the fix, asserted word for word."""

from __future__ import annotations

from pathlib import Path

import pytest

from factlint import loader, schema_errors, schemas

YAML_CASES = [
    ("a tab", "id: x\nverdict:\n\trating: verified\n", 3, 1,
     "invalid YAML: a tab character; YAML indents with spaces only, so replace the tab with spaces"),
    ("an unquoted ': ' in a value", "id: x\nstatement: He said: yes\n", 2, 19,
     "invalid YAML: the value of 'statement' holds ': ' (a colon and a space), which YAML reads as the start of "
     "another key; put the whole value in quotes: statement: 'He said: yes'"),
    ("an unquoted ': ' in a list item's value", "id: x\nsources:\n- span: Photo credit: Akorda\n", 3, 21,
     "invalid YAML: the value of 'span' holds ': ' (a colon and a space), which YAML reads as the start of "
     "another key; put the whole value in quotes: span: 'Photo credit: Akorda'"),
    ("an unclosed double quote", 'id: x\nstatement: "He said\nas_of: 2026-01-01\n', 4, 1,
     'invalid YAML: the quotation mark " opened at line 2, column 12 is never closed; end the value with " '
     '(to put a " inside the value, write it as \\")'),
    ("an unclosed single quote", "id: x\nstatement: 'He said\nas_of: 2026-01-01\n", 4, 1,
     "invalid YAML: the quotation mark ' opened at line 2, column 12 is never closed; end the value with ' "
     "(to put a ' inside the value, write it twice (''))"),
    ("an unclosed bracket", "id: x\nclaims: [a, b\nas_of: 2026-01-01\n", 3, 6,
     "invalid YAML: the [ opened at line 2, column 9 is never closed with ]; "
     "close it, or write the items one per line as '- item'"),
    ("an unclosed brace", "id: x\nq: {a: b\nas_of: 2026-01-01\n", 3, 6,
     "invalid YAML: the { opened at line 2, column 4 is never closed with }; "
     "close it, or write the items one per line as 'key: value'"),
    ("a key indented too deep", "id: x\nverdict:\n  rating: verified\n   explanation: y\n", 4, 15,
     "invalid YAML: this key is indented deeper than the line above it, which already has a value; start the "
     "keys of one mapping in the same column (spaces only)"),
    ("a key dedented to no column", "id: x\nverdict:\n    rating: verified\n  explanation: y\n", 4, 3,
     "invalid YAML: the indentation of this line fits no key above it; indent it like the other keys of its "
     "mapping (the same number of spaces)"),
    ("a value starting with @", "id: @x\n", 1, 5,
     "invalid YAML: a plain value cannot start with '@'; put the whole value in quotes"),
    ("text after a closing quote", 'statement: "He said" and more\n', 1, 22,
     "invalid YAML: text after the closing quotation mark of 'statement'; quote the whole value, "
     "e.g. statement: '\"He said\" and more'"),
    ("a quote left open, ended by the next value's opening quote",
     "id: x\nattribution:\n  date: '2026-01-22\nsources:\n- span: a\nas_of: '2026-01-22'\n", 6, 9,
     "invalid YAML: the quotation mark ' opened at line 3, column 9 is not closed on its line, so the value runs "
     "on to the ' at line 6, column 8; end the value on line 3 with '"),
    ("a double quote left open, ended by the next value's opening quote",
     'id: x\nstatement: "He said\nas_of: "2026-01-01"\n', 3, 9,
     'invalid YAML: the quotation mark " opened at line 2, column 12 is not closed on its line, so the value runs '
     'on to the " at line 3, column 8; end the value on line 2 with "'),
    ("a list item among keys", "id: x\n- a\n", 2, 1,
     "invalid YAML: a list item ('- ') where a key was expected; a mapping cannot also hold list items: put "
     "the list under its own key, indented below it"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "line", "column", "message"), [c[1:] for c in YAML_CASES], ids=[c[0] for c in YAML_CASES]
)
def test_yaml_syntax_errors_in_plain_words(text: str, line: int, column: int, message: str) -> None:
    with pytest.raises(loader.LoadError) as caught:
        loader.loads(text)
    assert (caught.value.code, caught.value.line, caught.value.column, caught.value.message) == (
        "FC001", line, column, message,
    )  # fmt: skip


def test_the_fixed_yaml_of_each_message_loads() -> None:
    # The fixes the messages propose are valid YAML.
    assert loader.loads("statement: 'He said: yes'\n").data == {"statement": "He said: yes"}
    assert loader.loads("span: 'Photo credit: Akorda'\n").data == {"span": "Photo credit: Akorda"}
    assert loader.loads("statement: '\"He said\" and more'\n").data == {"statement": '"He said" and more'}


def _messages(kind: str, text: str) -> list[str]:
    doc = loader.loads(text)
    errors = schemas.errors(kind, doc.data)
    return [f.message for f in schema_errors.translate(errors, file="f", kind=kind, data=doc.data,
                                                        positions=doc.positions)]  # fmt: skip


COUNTRY = "id: uzbekistan\nkind: country\nname: Uzbekistan\niso3166_alpha2: {}\n"
ISO = "is not a valid iso3166-alpha2: write the ISO 3166-1 alpha-2 code in capitals, e.g. KZ, TR, US"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Uzbekistan", f"\"Uzbekistan\" {ISO}; did you mean 'UZ' (Uzbekistan)?"),
        ("UZB", f"\"UZB\" {ISO}; did you mean 'UZ' (Uzbekistan)?"),
        ("uz", f"\"uz\" {ISO}; did you mean 'UZ' (Uzbekistan)?"),
        ("Türkiye", f"\"Türkiye\" {ISO}; did you mean 'TR' (Türkiye)?"),
        ("Narnia", f'"Narnia" {ISO}'),
    ],
)
def test_country_codes_are_suggested_from_names_and_alpha_3(value: str, message: str) -> None:
    assert _messages("entity", COUNTRY.format(value)) == [message]


def test_an_unknown_key_with_no_near_key_says_to_remove_it_and_which_keys_fit() -> None:
    assert _messages("entity", "id: xy\nkind: person\nname: X Y\nhometown: Oslo\n") == [
        "unknown key 'hometown' in the record; remove it (the keys allowed in the record: id, kind, name, "
        "aliases, wikidata, description, iso3166_alpha2, country, parent, roles)"
    ]


def test_an_unknown_key_in_a_list_item_names_the_item_and_its_keys() -> None:
    text = "id: am\nsource: am\nsentences:\n- text: A.\n  not_a_claim: a caption\n  note: x\n"
    assert _messages("coverage", text) == [
        "unknown key 'note' in /sentences/0; remove it (the keys allowed in /sentences/0: text, claims, not_a_claim)"
    ]


def test_an_unknown_key_near_a_known_one_says_did_you_mean() -> None:
    assert _messages("entity", "id: xy\nkind: person\nname: X Y\naliasses: [Z]\n") == [
        "unknown key 'aliasses' in the record; did you mean 'aliases'?"
    ]


STATUS = "; expected one of: invited, proposed, confirmed, unannounced, declined, member, withdrawn"
MEMBER = Path(__file__).parent.parent / "claims/articles/qazinform-a02059/kazakhstan-member-board-of-peace.yaml"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("confirmd", f"unknown value \"confirmd\"{STATUS}; did you mean 'confirmed'?"),
        ("Member", f"unknown value \"Member\"{STATUS}; did you mean 'member'?"),
        # another word, not a misspelling: no guess (the list says what may be written)
        ("signed", f'unknown value "signed"{STATUS}'),
    ],
)
def test_an_unknown_listed_value_suggests_only_a_misspelling(value: str, message: str) -> None:
    text = MEMBER.read_text(encoding="utf-8")
    assert "  value: member\n" in text
    assert _messages("claim", text.replace("  value: member\n", f"  value: {value}\n")) == [message]


def test_an_emptied_claims_list_says_to_list_claims_or_write_not_a_claim() -> None:
    # Removing a sentence's only claim leaves `claims:`; removing the key would leave the sentence unmapped.
    text = "id: am\nsource: am\nsentences:\n- text: A.\n  claims:\n"
    assert _messages("coverage", text) == [
        "/sentences/0/claims has no value (nothing after the colon); list the sentence's claim ids below it as "
        "'- id' lines, or, if it makes no claim, replace the key with not_a_claim: <why it asserts nothing to check>"
    ]


def test_an_emptied_optional_list_says_to_write_items_or_remove_it() -> None:
    text = "id: xy\nkind: person\nname: X Y\naliases:\n"
    assert _messages("entity", text) == [
        "/aliases has no value (nothing after the colon); write its items below it as '- item' lines "
        "(or [] for none), or remove the key"
    ]


def test_an_empty_required_scalar_says_to_write_a_value_not_to_remove_it() -> None:
    assert _messages("entity", "id: xy\nkind: person\nname:\n") == [
        "/name has no value (nothing after the colon); write a string after the colon"
    ]


def test_an_empty_optional_scalar_says_to_write_a_value_or_remove_it() -> None:
    assert _messages("entity", "id: xy\nkind: person\nname: X Y\ndescription:\n") == [
        "/description has no value (nothing after the colon); write a string after the colon, or remove the key"
    ]


# --- did you mean, for references ---------------------------------------------------------------

from factlint.nearest import Index  # noqa: E402

PEOPLE = Index(
    {
        "sherzod-asadov": {"kind": "person", "name": "Sherzod Asadov"},
        "kassym-jomart-tokayev": {"kind": "person", "name": "Kassym-Jomart Tokayev", "aliases": ["Tokayev"]},
        "board-of-peace": {"kind": "body", "name": "Board of Peace", "aliases": ["Gaza Peace Council"]},
    }
)


@pytest.mark.parametrize(
    ("target", "hint"),
    [
        ("sherzod-asadow", "did you mean 'sherzod-asadov' (Sherzod Asadov)?"),
        ("Sherzod Asadov", "did you mean 'sherzod-asadov' (Sherzod Asadov)?"),
        ("tokayev", "did you mean 'kassym-jomart-tokayev' (Kassym-Jomart Tokayev)?"),
        ("tokayev-kassym", "did you mean 'kassym-jomart-tokayev' (Kassym-Jomart Tokayev)?"),
        ("gaza-peace-council", "did you mean 'board-of-peace' (Board of Peace)?"),
        ("donald-trump", ""),
        ("sherzod-asadov", ""),
    ],
)
def test_nearest_id_by_spelling_name_and_alias(target: str, hint: str) -> None:
    assert PEOPLE.did_you_mean(target) == hint


COUNTRIES = Index(
    {
        "uzbekistan": {"kind": "country", "name": "Uzbekistan", "iso3166_alpha2": "UZ"},
        "united-states": {"kind": "country", "name": "United States", "iso3166_alpha2": "US"},
        "us-news": {"kind": "outlet", "name": "US News"},
    }
)


@pytest.mark.parametrize(
    ("target", "hint"),
    [
        ("UZB", "did you mean 'uzbekistan' (Uzbekistan)?"),  # the ISO alpha-3 code of a country entity
        ("UZ", "did you mean 'uzbekistan' (Uzbekistan)?"),  # its alpha-2 code
        ("usa", "did you mean 'united-states' (United States)?"),
        ("US", "did you mean 'united-states' (United States)?"),
        ("KAZ", ""),  # a code of no country entity: nothing to suggest
    ],
)
def test_a_country_code_where_an_entity_id_belongs_names_the_country(target: str, hint: str) -> None:
    assert COUNTRIES.did_you_mean(target) == hint


@pytest.fixture(scope="module")
def mistaken(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[str, str]]]:
    """Messages per file of a corpus copy with reference mistakes (one GX run for all the cases)."""
    import datetime as dt
    import os
    import shutil

    from factlint import validate

    from .conftest import ROOT

    top = tmp_path_factory.mktemp("mistaken")
    shutil.copytree(ROOT / "claims", top / "claims")
    art = top / "claims/articles/astana-times-111122"

    def edit(name: str, old: str, new: str) -> None:
        path = art / f"{name}.yaml"
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    edit("tokayev-letter-to-trump", "speaker: ruslan-zheldibay", "speaker: ruslan-zheldibai")
    edit("tokayev-letter-to-trump", "- kassym-jomart-tokayev", "- tokayev-kassym")
    edit("kazakhstan-proposed-founding-member", "- source: tass-2073003", "- source: tass-2073033")
    edit("council-newly-established", "speaker: ", "speaker: Ruslan Zheldibay\n  x_was: ")
    text = (art / "council-formed-at-us-initiative.yaml").read_text(encoding="utf-8")
    start = text.index("  evidence:\n")
    end = text.index("review:")
    (art / "council-formed-at-us-initiative.yaml").write_text(text[:start] + "  evidence: []\n" + text[end:])
    old = os.getcwd()
    os.chdir(top)
    try:
        result = validate.run(["claims"], today=dt.date(2026, 11, 29))
    finally:
        os.chdir(old)
    out: dict[str, list[tuple[str, str]]] = {}
    for f in result.sorted_findings():
        out.setdefault(f.file.rsplit("/", 1)[-1].removesuffix(".yaml"), []).append((f.rule, f.message))
    return out


@pytest.mark.slow
def test_dangling_references_say_did_you_mean(mistaken: dict[str, list[tuple[str, str]]]) -> None:
    assert mistaken["tokayev-letter-to-trump"] == [
        ("FC303", "/attribution/speaker names the entity 'ruslan-zheldibai', which does not exist; did you mean "
                  "'ruslan-zheldibay' (Ruslan Zheldibay)? Correct the id, or if it is a new entity, add it: "
                  "factlint new entity ruslan-zheldibai --kind KIND --name NAME"),
        ("FC303", "/event/actors/0 names the entity 'tokayev-kassym', which does not exist; did you mean "
                  "'kassym-jomart-tokayev' (Kassym-Jomart Tokayev)? Correct the id, or if it is a new entity, add "
                  "it: factlint new entity tokayev-kassym --kind KIND --name NAME"),
    ]  # fmt: skip
    (_rule, message), *_ = [m for m in mistaken["kazakhstan-proposed-founding-member"] if m[0] == "FC304"]
    assert message.endswith(
        "names the source 'tass-2073033', which does not exist; did you mean 'tass-2073003'? Correct the id, "
        "or if it is a new source, add it: factlint new source --id tass-2073033 --url URL --outlet OUTLET "
        "--language LANG"
    )


@pytest.mark.slow
def test_a_name_where_an_id_belongs_says_which_id(mistaken: dict[str, list[tuple[str, str]]]) -> None:
    messages = [m for r, m in mistaken["council-newly-established"] if r == "FC106"]
    assert messages == [
        '"Ruslan Zheldibay" does not fit /attribution/speaker: expected a record identifier: lower-case ASCII '
        "letters, digits and single hyphens (a 'slug'), 2 to 80 characters; did you mean 'ruslan-zheldibay' "
        "(Ruslan Zheldibay)?"
    ]


@pytest.mark.slow
def test_verified_without_any_evidence_says_so(mistaken: dict[str, list[tuple[str, str]]]) -> None:
    assert ("FC242", "the claim is rated verified but it cites no evidence at all; cite another source or rate it "
                     "attributed or unverified") in mistaken["council-formed-at-us-initiative"]  # fmt: skip


def test_an_unknown_listed_value_is_never_offered_the_placeholder() -> None:
    # TODO is allowed (the placeholder `factlint new` writes, FC271's finding), but it is no choice to offer.
    from .conftest import ROOT

    path = ROOT / "claims/articles/qazinform-a02059/tokayev-signed-charter-jan-22.yaml"
    text = path.read_text(encoding="utf-8").replace("  kind: signing\n", "  kind: signin\n")
    assert [m for m in _messages("claim", text) if "unknown" in m] == [
        'unknown kind "signin"; expected one of: invitation, letter, phone-call, meeting, announcement, '
        "appointment, signing, other; did you mean 'signing'?"
    ]
