"""YAML syntax errors in plain words, with the fix.

libyaml's messages name the parser's state ("found character that cannot start
any token", "mapping values are not allowed in this context"). :func:`explain`
turns the common ones into what a contributor did and what to write instead:
a tab, an unquoted ``: `` inside a value, a quotation mark or bracket never
closed (or closed only by the next value's opening one), text after a closing
quotation mark, a list item where a key belongs,
indentation that fits no key above. The line and column stay the parser's,
and the message says where an unclosed quotation mark or bracket opened.
Anything else keeps the parser's own words.
"""

from __future__ import annotations

from typing import Any

Located = tuple[int, int, str]


def _mark(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def _char_at(lines: list[str], line: int, col: int) -> str:
    if 1 <= line <= len(lines) and 1 <= col <= len(lines[line - 1]):
        return lines[line - 1][col - 1]
    return ""


def _quoted(value: str) -> str:
    """``value`` in single quotes, YAML style (a ' inside doubled)."""
    return "'" + value.replace("'", "''") + "'"


def _quotes(text: str, quote: str) -> list[int]:
    """Where ``quote`` occurs in ``text`` (0-based), leaving out a double quote escaped with a backslash."""
    return [i for i, c in enumerate(text) if c == quote and not (quote == '"' and text[i - 1 : i] == "\\")]


def _opened_above(lines: list[str], line: int, prefix: str) -> tuple[int, int] | None:
    """Where a quoted value opened when the quotation mark ending ``prefix`` (line ``line``) closes it.

    A line holding an odd number of quotation marks up to the error closes a value
    opened on an earlier line: the nearest line above with an odd number of them
    (the lines between are inside the value, so theirs are even). None otherwise.
    """
    if not prefix.endswith(("'", '"')) or len(_quotes(prefix, prefix[-1])) % 2 == 0:
        return None
    quote = prefix[-1]
    for above in range(line - 1, 0, -1):
        found = _quotes(lines[above - 1], quote)
        if len(found) % 2:
            return above, found[0] + 1
    return None


def explain(problem: str, context: str, problem_mark: Any, context_mark: Any, text: str) -> Located:
    """(line, column, message) for a libyaml error; the message starts with 'invalid YAML: '."""
    lines = text.split("\n")
    mark = problem_mark or context_mark
    line, col = _mark(mark) if mark is not None else (1, 1)
    ch = _char_at(lines, line, col)
    here = lines[line - 1] if 1 <= line <= len(lines) else ""
    if "tab" in problem or (problem.startswith("found character that cannot start any token") and ch == "\t"):
        return line, col, "invalid YAML: a tab character; YAML indents with spaces only, so replace the tab with spaces"
    if problem.startswith("found character that cannot start any token"):
        return line, col, (f"invalid YAML: a plain value cannot start with '{ch}'; put the whole value in quotes")
    if "while scanning a quoted scalar" in context and context_mark is not None:
        qline, qcol = _mark(context_mark)
        quote = _char_at(lines, qline, qcol) or '"'
        inside = 'write it as \\"' if quote == '"' else "write it twice ('')"
        return (
            line,
            col,
            (
                f"invalid YAML: the quotation mark {quote} opened at line {qline}, column {qcol} is never closed; end "
                f"the value with {quote} (to put a {quote} inside the value, {inside})"
            ),
        )
    if "while parsing a flow sequence" in context or "while parsing a flow mapping" in context:
        opener, closer = ("[", "]") if "sequence" in context else ("{", "}")
        oline, ocol = _mark(context_mark) if context_mark is not None else (line, col)
        return (
            line,
            col,
            (
                f"invalid YAML: the {opener} opened at line {oline}, column {ocol} is never closed with {closer}; "
                "close it, or write the items one per line" + (" as '- item'" if opener == "[" else " as 'key: value'")
            ),
        )
    if problem.startswith("mapping values are not allowed"):
        before = here[: col - 1]
        key, sep, value = before.strip().lstrip("- ").partition(": ")
        if sep and key and value:
            rest = here[col - 1 :].strip()
            whole = f"{value}{rest}".strip()
            return (
                line,
                col,
                (
                    f"invalid YAML: the value of '{key}' holds ': ' (a colon and a space), which YAML reads as "
                    "the start "
                    f"of another key; put the whole value in quotes: {key}: {_quoted(whole)}"
                ),
            )
        return (
            line,
            col,
            (
                "invalid YAML: this key is indented deeper than the line above it, which already has a value; "
                "start the keys of one mapping in the same column (spaces only)"
            ),
        )
    if problem.startswith("did not find expected key") or problem.startswith("expected <block end>"):
        stripped = here.strip()
        if ch == "-" or (not ch and stripped.startswith("- ")):
            return (
                line,
                col,
                (
                    "invalid YAML: a list item ('- ') where a key was expected; a mapping cannot also hold list "
                    "items: put the list under its own key, indented below it"
                ),
            )
        prefix = here[: col - 1].rstrip()
        opened = _opened_above(lines, line, prefix)
        if opened is not None:
            quote, (oline, ocol) = prefix[-1], opened
            return (
                line,
                col,
                (
                    f"invalid YAML: the quotation mark {quote} opened at line {oline}, column {ocol} is not closed "
                    f"on its line, so the value runs on to the {quote} at line {line}, column {len(prefix)}; end "
                    f"the value on line {oline} with {quote}"
                ),
            )
        if prefix.endswith(("'", '"')) and ": " in prefix:
            key = prefix.strip().lstrip("- ").split(": ", 1)[0]
            value = here.strip().lstrip("- ").split(": ", 1)[1]
            return (
                line,
                col,
                (
                    f"invalid YAML: text after the closing quotation mark of '{key}'; quote the whole value, "
                    f"e.g. {key}: {_quoted(value)}"
                ),
            )
        return (
            line,
            col,
            (
                "invalid YAML: the indentation of this line fits no key above it; indent it like the other keys "
                "of its mapping (the same number of spaces)"
            ),
        )
    words = f"{problem} ({context})" if context else problem
    return line, col, f"invalid YAML: {words or 'not well-formed YAML'}"
