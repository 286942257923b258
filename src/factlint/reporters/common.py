"""Helpers shared by reporters: the summary line, and neutralising hostile text."""

from __future__ import annotations

import unicodedata

from factlint.model import Result


def terminal_safe(text: str) -> str:
    """Replace control and bidi-override characters so record text cannot drive a terminal."""
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append(" ")
        elif cat in ("Cc", "Cf", "Cs", "Co") or (cat.startswith("Z") and ch not in " \u00a0"):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(result: Result) -> str:
    kinds = result.records_by_kind()
    valid = ", ".join(f"{n} {k}" for k, n in kinds.items()) or "none"
    stages = " + ".join(result.stages)
    state = "FAILED" if result.errors else "OK"
    return (
        f"factlint: {state}: {plural(result.errors, 'error')}, {plural(result.warnings, 'warning')} "
        f"in {plural(result.files_checked, 'file')} ({stages}; valid records: {valid})"
    )
