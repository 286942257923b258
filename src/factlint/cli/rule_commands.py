"""The ``factlint rules`` and ``factlint explain CODE`` commands: list every rule (the built-in codes and
the rule files of ``checks/``) with its code, slug, severity, scope and description, or print one rule
with its expectation, an example violation and its fix, suggesting the nearest code for a typo.
"""

from __future__ import annotations

from typing import TextIO

from factlint.errors import EXIT_OK, EXIT_USAGE


def list_rules(out: TextIO) -> int:
    from factlint.codes import CODES
    from factlint.rules.catalog import load_rules

    rows = [(c.code, c.slug, c.severity.value, c.stage, c.description) for c in CODES.values()]
    rows += [(r.code, r.slug, r.severity.value, r.scope, r.description) for r in load_rules()]
    width = max(len(r[1]) for r in rows)
    out.write(f"{'CODE':<6} {'SLUG':<{width}} {'SEVERITY':<8} {'SCOPE':<9} DESCRIPTION\n")
    for code, slug, severity, scope, description in rows:
        out.write(f"{code:<6} {slug:<{width}} {severity:<8} {scope:<9} {description}\n")
    return EXIT_OK


def explain(code: str, out: TextIO, err: TextIO) -> int:
    import difflib

    from factlint.codes import CODES
    from factlint.rules.catalog import load_rules

    wanted = code.upper()
    rules = {r.code: r for r in load_rules()}
    if wanted in CODES:
        c = CODES[wanted]
        out.write(f"{c.code} {c.slug} ({c.severity.value}, {c.stage} stage)\n{c.title}\n\n{c.description}\n")
        return EXIT_OK
    if wanted in rules:
        r = rules[wanted]
        reads = ""
        if r.table_parameters:
            reads = f"The table's builder reads from this rule file:\n{_indent(_yaml(r.table_parameters))}\n"
        out.write(
            f"{r.code} {r.slug} ({r.severity.value}; {r.file})\n{r.title}\n\n{r.description}\n\n"
            f"Why: {r.rationale}\n\nRuns {r.expectation['type']} on the table '{r.table}' with:\n"
            f"{_indent(_yaml(r.expectation['kwargs']))}\n{reads}"
            f"Violation:\n{_indent(r.example['violation'])}\nFix:\n{_indent(r.example['fix'])}"
        )
        return EXIT_OK
    close = difflib.get_close_matches(wanted, [*CODES, *rules], n=1)
    hint = f"; did you mean {close[0]}?" if close else "; see 'factlint rules'"
    err.write(f"factlint: error: unknown rule code {code!r}{hint}\n")
    return EXIT_USAGE


def _yaml(data: object) -> str:
    import yaml

    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" for line in text.rstrip("\n").split("\n"))
