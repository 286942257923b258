"""YAML 1.2 core-schema resolution of plain (unquoted, untagged) scalars: only ``true``/``false`` are
booleans (``NO`` stays the string ``"NO"``, Norway), dates stay strings, a leading zero is decimal (no
octal), no sexagesimal numbers; and a number longer than :data:`MAX_NUMBER_CHARS` is refused
(:class:`NumberTooLong`) before Python is asked to build it.
"""

from __future__ import annotations

import re
from typing import Any

MAX_NUMBER_CHARS = 100
"""Longest number accepted, in characters: no claim needs more, and Python refuses to print an
integer of more than 4300 digits (a huge integer would crash every report that quotes it)."""

_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_INT = re.compile(r"[-+]?[0-9]+\Z")
_INT_OCT = re.compile(r"0o[0-7]+\Z")
_INT_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(nan|NaN|NAN)\Z")


class NumberTooLong(ValueError):
    """A plain scalar that is a number of more than :data:`MAX_NUMBER_CHARS` characters."""


def resolve_plain(value: str) -> Any:
    """Resolve an untagged plain scalar the YAML 1.2 core-schema way.

    Raises :class:`NumberTooLong` for a number longer than :data:`MAX_NUMBER_CHARS`.
    """
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    first = value[0]
    if first.isdigit() or first in "+-.":
        if len(value) > MAX_NUMBER_CHARS and (
            _INT.match(value) or _INT_OCT.match(value) or _INT_HEX.match(value) or _FLOAT.match(value)
        ):
            raise NumberTooLong(value)
        if _INT.match(value):
            # YAML 1.2: a leading zero is still decimal, never octal.
            return int(value, 10)
        if _INT_OCT.match(value):
            return int(value[2:], 8)
        if _INT_HEX.match(value):
            return int(value[2:], 16)
        if _FLOAT.match(value):
            return float(value)
        if _INF.match(value):
            return float("-inf") if value.startswith("-") else float("inf")
        if _NAN.match(value):
            return float("nan")
    return value
