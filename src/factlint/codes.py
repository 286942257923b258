"""The catalog of built-in rule codes: loading (FC0xx) and schema (FC1xx).

Consistency rules (FC2xx and up) are data in ``checks/``; this module holds the
codes of the stages that run before them. Every code is stable: never reuse
or renumber one; retire it instead.
"""

from __future__ import annotations

from factlint.model import Finding, Rule

_CODES = [
    Rule("FC001", "yaml-syntax", "Invalid YAML", "The file is not well-formed YAML."),
    Rule("FC002", "empty-file", "Empty file", "The file holds no YAML document."),
    Rule(
        "FC003",
        "duplicate-key",
        "Duplicate key",
        "A mapping has the same key twice; YAML would silently keep the last.",
    ),
    Rule(
        "FC004",
        "anchor-alias",
        "Anchor or alias",
        "Anchors and aliases (&x, *x) are not allowed: they hide content and allow alias bombs.",
    ),
    Rule(
        "FC005",
        "yaml-tag",
        "YAML tag",
        "Explicit tags (!!python/object, !!str, !custom) are not allowed in claim files.",
    ),
    Rule(
        "FC006",
        "multiple-documents",
        "Several documents",
        "A file holds more than one YAML document; a record file holds exactly one.",
    ),
    Rule("FC007", "encoding", "Not UTF-8", "The file is not valid UTF-8 text (UTF-16, Latin-1, binary)."),
    Rule("FC008", "file-too-large", "File too large", "The file is larger than the size limit."),
    Rule("FC009", "too-deep", "Nesting too deep", "Mappings and lists are nested deeper than the depth limit."),
    Rule("FC010", "complex-key", "Non-string key", "A mapping key is a list or a mapping; keys must be plain strings."),
    Rule(
        "FC011",
        "unreadable-file",
        "Unreadable file",
        "The file could not be read (permissions, a broken link, a folder named *.yaml).",
    ),
    Rule(
        "FC012",
        "empty-corpus",
        "Empty corpus",
        "No record files were found where records were expected: an empty corpus is an error, not a pass.",
    ),
    Rule(
        "FC013",
        "not-a-regular-file",
        "Not a regular file",
        "A record path is a FIFO, a device, a socket or a symlink loop; only regular files are read.",
    ),
    Rule(
        "FC014",
        "file-name-encoding",
        "File name not UTF-8",
        "A record file's name is not valid UTF-8; it is shown with \\xNN escapes and its content is not read.",
    ),
    Rule(
        "FC015",
        "number-too-long",
        "Number too long",
        "A number is written with more digits than the loader accepts (no claim needs one; huge integers "
        "are a denial of service).",
    ),
    Rule(
        "FC016",
        "folder-not-walked",
        "Folder not walked",
        "A folder under a validated path could not be entered: unreadable, deeper than the folder-depth "
        "limit, or a symlink (not followed).",
    ),
    Rule(
        "FC017",
        "findings-capped",
        "More findings of this code",
        "A file has more findings of one code than a report lists; the last one says how many were left out.",
    ),
    Rule(
        "FC018",
        "run-incomplete",
        "Run did not finish",
        "factlint was interrupted or failed before it finished; the reports say so and are not a validation "
        "result (never a pass).",
    ),
    Rule(
        "FC101",
        "unknown-key",
        "Unknown key",
        "The record has a key its schema does not define (often a misspelling).",
        stage="schema",
    ),
    Rule("FC102", "missing-key", "Missing key", "A key the schema requires is absent.", stage="schema"),
    Rule(
        "FC103",
        "wrong-type",
        "Wrong type",
        "A value has the wrong type (a string where a number or true/false is expected, a list where a mapping is).",
        stage="schema",
    ),
    Rule(
        "FC104",
        "unknown-value",
        "Unknown value",
        "A value is not one of those the schema allows (an unknown claim type, rating, status).",
        stage="schema",
    ),
    Rule(
        "FC105",
        "bad-format",
        "Bad format",
        "A value does not have its format: a date that is not YYYY-MM-DD, a URL that is not http(s), "
        "an unknown ISO 3166 country code.",
        stage="schema",
    ),
    Rule(
        "FC106",
        "bad-pattern",
        "Bad pattern",
        "A value does not match its pattern (ids are lower-case slugs, hashes are 64 hex digits).",
        stage="schema",
    ),
    Rule(
        "FC107", "out-of-range", "Out of range", "A number, string or list is too small or too large.", stage="schema"
    ),
    Rule("FC108", "not-unique", "Repeated item", "A list that must hold distinct items repeats one.", stage="schema"),
    Rule("FC109", "schema", "Schema violation", "Any other violation of the record's schema.", stage="schema"),
    Rule(
        "FC110",
        "key-not-for-type",
        "Key not for this type",
        "A type-specific block (quote, status, ...) appears on a record of another type.",
        stage="schema",
    ),
]

CODES: dict[str, Rule] = {c.code: c for c in _CODES}


def finding(
    code: str,
    file: str,
    line: int,
    column: int,
    message: str,
    *,
    claim_id: str | None = None,
    pointer: str = "",
) -> Finding:
    """Make a finding for a built-in code, filling in its slug and severity."""
    c = CODES[code]
    return Finding(
        file=file,
        line=line,
        column=column,
        rule=code,
        message=message,
        slug=c.slug,
        severity=c.severity,
        claim_id=claim_id,
        pointer=pointer,
    )
