"""The fast paths of the reporters' text neutralisers agree with the per-character reference.

``visible`` and ``terminal_safe`` return the text untouched when a regex scan
finds nothing they could change; that shortcut must never let a character
through that the reference loop would have escaped. Checked for every code
point, alone and inside ordinary text, and with ``newlines`` on and off.
"""

from __future__ import annotations

import sys

import pytest

from factlint.reporters import common

pytestmark = pytest.mark.slow

EVERY_CODE_POINT = range(sys.maxunicode + 1)


@pytest.mark.parametrize("newlines", [True, False])
def test_visible_agrees_with_the_reference_on_every_code_point(newlines: bool) -> None:
    wrong = [
        cp
        for cp in EVERY_CODE_POINT
        if common.visible(f"a{chr(cp)}b", newlines=newlines) != common._visible(f"a{chr(cp)}b", newlines=newlines)
    ]
    assert wrong == []


def test_terminal_safe_agrees_with_the_reference_on_every_code_point() -> None:
    wrong = [cp for cp in EVERY_CODE_POINT if common.terminal_safe(chr(cp)) != common._terminal_safe(chr(cp))]
    assert wrong == []


def test_the_fast_paths_still_escape() -> None:
    assert common.visible("a\u202eb") == "a\\u202eb"
    assert common.visible("a\nb", newlines=False) == "a b"
    assert common.terminal_safe("a\x1b[31mb") == "a\\u001b[31mb"
    assert common.terminal_safe("plain ascii text") == "plain ascii text"
