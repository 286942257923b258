"""A misquotation's message: the closest passage of the archived text and the first character that differs.

Cases as data: (description, quote, expected explanation), against one archived text.
"""

from __future__ import annotations

import pytest

from factlint.rules.closest import Closest, char

TEXT = (
    "ASTANA — Kazakhstan joins the Gaza Board of Peace today.\n"
    "Kazakhstan’s consent is given, the press service said.\n"
    "Photo credit: Akorda\n"
)

CASES = [
    ("one letter changed", "Gaza Board Of Peace",
     'the closest passage (line 1, column 31) is "Gaza Board of Peace"; they differ first at character 12 of the '
     'span: "O" where the archived text has "o"'),
    ("a straight apostrophe before the changed word: its code point", "Kazakhstan's consent was given",
     'the closest passage (line 2, column 1) is "Kazakhstan’s consent is given"; they differ first at character 11 '
     'of the span: "\'" (U+0027 APOSTROPHE) where the archived text has "’" (U+2019 RIGHT SINGLE QUOTATION MARK), '
     'and past typography at character 22: "w" where the archived text has "i"'),
    ("a Cyrillic letter that looks Latin", "Board of Pеace",
     'the closest passage (line 1, column 36) is "Board of Peace"; they differ first at character 11 of the span: '
     '"е" (U+0435 CYRILLIC SMALL LETTER IE) where the archived text has "e"'),
    ("a passage across a line break is shown on one line", "press service said. Photo credit",
     'the closest passage (line 2, column 36) is "press service said.\\nPhoto credit"; they differ first at '
     'character 20 of the span: " " (U+0020 SPACE) where the archived text has (U+000A LINE FEED)'),
    ("nothing close", "Entirely unrelated words here", "no passage of the archived text comes close to it"),
    ("a long passage is shown around the difference",
     "Kazakhstan joins the Gaza Board of Peace today. Kazakhstan’s consent is given, the press service said, and more",
     'the closest passage (line 1, column 10) is "…tan joins the Gaza Board of Peace today.\\nKazakhstan’s consent '
     'is given, the pr…"; they differ first at character 48 of the span: " " (U+0020 SPACE) where the archived '
     'text has (U+000A LINE FEED), and past typography at character 102: "," (U+002C COMMA) where the archived text '
     'has "." (U+002E FULL STOP)'),
]  # fmt: skip


@pytest.mark.parametrize(("quote", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_closest_passage_and_the_first_difference(quote: str, expected: str) -> None:
    assert Closest().explain("span", quote, TEXT) == expected


def test_the_text_ends_before_the_quote() -> None:
    assert Closest().explain("quote", "said the press service and more", "X said the press service") == (
        'the closest passage (line 1, column 3) is "said the press service"; the archived text ends where the quote '
        "goes on at its character 23"
    )


def test_a_part_found_out_of_order() -> None:
    assert Closest().explain("quote", "Photo credit", TEXT) == (
        'the closest passage (line 3, column 1) is "Photo credit", which it equals, but that comes before the part '
        "that precedes it"
    )


def test_an_empty_archive() -> None:
    assert Closest().explain("quote", "anything", "") == "the archived text is empty"


def test_the_search_budget_bounds_a_run() -> None:
    closest = Closest(budget=len(TEXT) + 10)
    assert "they differ first" in closest.explain("span", "Gaza Board Of Peace", TEXT)
    assert closest.explain("span", "Gaza Board Of Peace", TEXT).startswith("the closest passage")  # remembered
    assert closest.explain("span", "Board of Pеace", TEXT) == (
        "the closest passage was not searched for (this run's search budget is spent: fix the ones shown)"
    )


@pytest.mark.parametrize(
    ("c", "shown"),
    [("a", '"a"'), ("7", '"7"'), ("'", "\"'\" (U+0027 APOSTROPHE)"), ("\u00a0", '"\u00a0" (U+00A0 NO-BREAK SPACE)'),
     ("\t", "(U+0009 CHARACTER TABULATION)"), ("é", '"é" (U+00E9 LATIN SMALL LETTER E WITH ACUTE)'),
     ("\u200b", "(U+200B ZERO WIDTH SPACE)"), ('"', "'\"' (U+0022 QUOTATION MARK)")],
)  # fmt: skip
def test_a_character_with_its_code_point_unless_an_ascii_letter_or_digit(c: str, shown: str) -> None:
    assert char(c) == shown


DIFFERENCES = [
    ("a straight apostrophe for a curly one", "Kazakhstan's consent is given",
     "the first difference is at character 11 of the span: \"'\" (U+0027 APOSTROPHE) where the archived text has "
     '"’" (U+2019 RIGHT SINGLE QUOTATION MARK) (line 2, column 11)'),
    ("a hyphen for a dash", "ASTANA - Kazakhstan joins",
     'the first difference is at character 8 of the span: "-" (U+002D HYPHEN-MINUS) where the archived text has '
     '"—" (U+2014 EM DASH) (line 1, column 8)'),
    ("a double space", "the Gaza  Board",
     'the first difference is at character 10 of the span: " " (U+0020 SPACE) where the archived text has "B" '
     "(line 1, column 36)"),
]  # fmt: skip


@pytest.mark.parametrize(("quote", "expected"), [c[1:] for c in DIFFERENCES], ids=[c[0] for c in DIFFERENCES])
def test_the_first_typographic_difference(quote: str, expected: str) -> None:
    assert Closest().difference("span", quote, TEXT) == expected
