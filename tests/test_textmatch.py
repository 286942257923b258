"""How quotations are matched against archived texts."""

from __future__ import annotations

import pytest

from factlint.rules.textmatch import find, normalize

TEXT = (
    "“Concealing the fact that such an official appeal was received from Trump, following public "
    "statements by other world leaders, would have been inappropriate,” Zheldibay said.\n"
    "“We considered it inappropriate to make a public statement before an official announcement.”"
)


@pytest.mark.parametrize(
    ("quote", "how"),
    [
        ("We considered it inappropriate to make a public statement", "exact"),
        ("Concealing the fact … would have been inappropriate", "exact"),
        ("Concealing the fact ... would have been inappropriate", "exact"),
        ("We considered it [the Kazakh side] inappropriate", "exact"),
        ("We  considered it inappropriate", "normalized"),  # double space
        ("“We considered it inappropriate", "exact"),
        ('"We considered it inappropriate', "normalized"),  # straight quote for a curly one
        ("We considered it wrong to make a public statement", "not-found"),
        ("would have been inappropriate … Concealing the fact", "not-found"),  # parts out of order
        ("…", "not-found"),
    ],
)
def test_find(quote: str, how: str) -> None:
    assert find(quote, TEXT).how == how


@pytest.mark.parametrize(
    ("quote", "how", "detail"),
    [
        ("We considered it", "exact", "as a whole"),
        ("", "not-found", "the quotation is empty once omissions and insertions are removed"),
        (" We considered it", "exact", "in 1 parts around the marked omissions or insertions"),
        ("We [the side] considered", "exact", "in 2 parts around the marked omissions or insertions"),
        ("Zheldibay [said]", "exact", "in 1 parts around the marked omissions or insertions"),  # [said] is marked
        ("We [the side] wrong", "not-found", "not even after normalising typography and spacing"),
    ],
)
def test_find_says_how_it_matched(quote: str, how: str, detail: str) -> None:
    """A plain quote found as it is (the common case, found without splitting) and the edges beside it: an
    empty quote, one with white space around it, a marked insertion (the quote is split at it, even where the text
    has the very characters)."""
    found = find(quote, TEXT + " Zheldibay [said]")
    assert (found.how, found.detail) == (how, detail)


def test_normalize_folds_typography_and_space() -> None:
    assert normalize("“It’s — done”\u00a0 now") == '"It\'s - done" now'
