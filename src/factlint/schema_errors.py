"""Turn jsonschema's errors into findings a fact-checker can act on.

Each error becomes a finding with a stable code (FC101..FC110), the
``file:line:col`` of the key or value at fault, the JSON pointer, and a
message that says what to write instead ("did you mean ...?" for misspelled
keys and values).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Iterator
from typing import Any

import jsonschema
from jsonschema.exceptions import best_match

from factlint import schemas
from factlint.bounds import MAX_PER_FILE_CODE
from factlint.codes import finding
from factlint.loader import Positions
from factlint.messages import cut
from factlint.model import Finding
from factlint.schemas import FORMAT_HINTS

_JSON_TYPE = {
    bool: "a boolean (true/false)",
    int: "an integer",
    float: "a number",
    str: "a string",
    list: "a list",
    dict: "a mapping",
    type(None): "null (an empty value)",
}

_EXPECTED = {
    "object": "a mapping (key: value lines)",
    "array": "a list (lines starting with '- ')",
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}

_RANGE_KEYWORDS = {
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties",
}  # fmt: skip


PATTERN_HINTS = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": "a record identifier: lower-case ASCII letters, digits and single hyphens "
    "(a 'slug'), 2 to 80 characters",
    "^FC[0-9]{3}$": "a rule code: FC and three digits, e.g. FC211 (see factlint rules)",
    "^Q[1-9][0-9]*$": "a Wikidata item id: Q and a number without leading zeros, e.g. Q30",
    "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$": "a BCP 47 language tag in lower case, e.g. en, ru or kk-Cyrl",
    "^(?!/)(?!.*(^|/)\\.\\.(/|$))[A-Za-z0-9._/-]+$": "a path relative to the source's folder: letters, digits, "
    "'.', '_', '-' and '/', not starting with '/' and without '..'",
    "^[0-9a-f]{64}$": "a SHA-256 in lower-case hex, 64 digits (sha256sum prints it)",
}
"""What each pattern of the schemas asks for, in words, for FC106 (written for the finding, not cut
from the schema's description). A pattern without an entry is shown as it is."""


def pointer(path: Iterable[str | int]) -> str:
    """RFC 6901 JSON pointer of a path."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def _show(value: Any, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return cut(text, limit)


_VALUE_CUTOFF = 0.75
"""How alike (difflib's ratio) a listed value must be to be offered for an unknown one: a misspelling
('confirmd', 0.94) is, another word ('signed' for 'invited', 0.62) is not - the list is shown anyway."""


def _suggest(word: Any, options: Iterable[Any], cutoff: float = 0.6) -> str:
    if not isinstance(word, str):
        return ""
    names = [o for o in options if isinstance(o, str)]
    close = difflib.get_close_matches(word, names, n=1, cutoff=cutoff)
    if not close:
        close = [o for o in names if o.lower() == word.lower()]
    return f"; did you mean '{close[0]}'?" if close else ""


def country_of(value: Any) -> tuple[str, str] | None:
    """(alpha-2 code, name) of the country a name, an alpha-3 code or a lower-case code most likely means."""
    if not isinstance(value, str) or not value.strip():
        return None
    import pycountry

    text = value.strip()
    found = None
    if len(text) == 2:
        found = pycountry.countries.get(alpha_2=text.upper())
    elif len(text) == 3:
        found = pycountry.countries.get(alpha_3=text.upper())
    if found is None:
        try:
            matches = pycountry.countries.search_fuzzy(text)
        except LookupError:
            matches = []
        found = matches[0] if matches else None
    return None if found is None else (str(found.alpha_2), str(found.name))


def country_code_hint(value: Any) -> str:
    """ "; did you mean 'UZ' (Uzbekistan)?" for a country name, an alpha-3 code or a lower-case code."""
    found = country_of(value)
    return "" if found is None else f"; did you mean '{found[0]}' ({found[1]})?"


_EMPTY_FIX = {
    ("coverage", "claims"): "list the sentence's claim ids below it as '- id' lines, or, if it makes no claim, "
    "replace the key with not_a_claim: <why it asserts nothing to check>",
}
"""The fix of an empty key where the general one would mislead (a sentence needs claims or not_a_claim)."""


def _removable(kind: str, data: Any, path: tuple[str | int, ...]) -> bool:
    """True when removing the key at ``path`` leaves its mapping valid (the key is optional)."""
    trimmed = json.loads(json.dumps(data))
    parent = trimmed
    for step in path[:-1]:
        parent = parent[step]
    if not isinstance(parent, dict):
        return False
    del parent[path[-1]]
    return not any(tuple(e.absolute_path) == path[:-1] for e in schemas.errors(kind, trimmed))


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _field(path: tuple[str | int, ...]) -> str:
    return pointer(path) or "the record"


def _leaves(errors: Iterable[jsonschema.ValidationError]) -> Iterator[jsonschema.ValidationError]:
    for error in errors:
        if error.context and error.validator in ("anyOf", "oneOf"):
            # Report the branch that fits best, not "is not valid under any".
            best = best_match(error.context)
            if best is not None and best.validator not in ("anyOf", "oneOf"):
                yield best
                continue
        yield error


def translate(
    errors: Iterable[jsonschema.ValidationError],
    *,
    file: str,
    kind: str,
    data: Any,
    positions: Positions,
) -> list[Finding]:
    """Findings for the schema errors of one record."""
    claim_id = data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) else None
    out: list[Finding] = []
    empties = 0

    def add(code: str, path: tuple[str | int, ...], message: str, *, at_value: bool = False) -> None:
        line, col = positions.locate(path, prefer_value=at_value)
        out.append(finding(code, file, line, col, message, claim_id=claim_id, pointer=pointer(path)))

    for error in _leaves(errors):
        path = tuple(error.absolute_path)
        # jsonschema types these as possibly Unset; on a real error they are always set.
        keyword: Any = error.validator
        value: Any = error.validator_value
        instance: Any = error.instance
        schema: Any = error.schema
        if keyword == "additionalProperties" and isinstance(instance, dict):
            allowed = list(schema.get("properties", {}))
            unknown = sorted(k for k in instance if k not in allowed)
            # Past the listing limit only the count matters (bounds.cap): no did-you-mean for 100k keys.
            for key in unknown[: MAX_PER_FILE_CODE + 1]:
                keys = ", ".join(allowed)
                fix = _suggest(key, allowed) or f"; remove it (the keys allowed in {_field(path)}: {keys})"
                add("FC101", (*path, key), f"unknown key '{key}' in {_field(path)}{fix}")
            for key in unknown[MAX_PER_FILE_CODE + 1 :]:
                add("FC101", (*path, key), f"unknown key '{key}' in {_field(path)}")
        elif keyword == "required" and isinstance(instance, dict):
            for key in value:
                if key not in instance:
                    where = f" in {_field(path)}" if path else ""
                    add("FC102", path, f"missing required key '{key}'{where}; add '{key}: ...'")
        elif keyword == "not" and value == {}:
            # $defs/notForThisType in an if/then branch: the key does not fit the record's type.
            key = path[-1] if path else "?"
            owner = data.get("type", data.get("kind")) if isinstance(data, dict) and len(path) == 1 else None
            which = f" of type '{owner}'" if isinstance(owner, str) else ""
            add(
                "FC110",
                path,
                f"key '{key}' is not allowed in {_article(kind)} {kind}{which}; remove it or change the type",
            )
        elif keyword == "type":
            expected = value if isinstance(value, list) else [value]
            want = " or ".join(str(_EXPECTED.get(t, t)) for t in expected)
            got = _JSON_TYPE.get(type(instance), type(instance).__name__)
            if not path:
                add("FC103", path, f"{_article(kind)} {kind} record must be a mapping of keys to values, not {got}")
                continue
            if instance is None:
                # `key:` with nothing after it (e.g. the last claim id removed from a list).
                fill = _EMPTY_FIX.get((kind, str(path[-1])), "") or (
                    "write its items below it as '- item' lines (or [] for none)"
                    if expected == ["array"]
                    else f"write {want} after the colon"
                )
                empties += 1  # past the listing limit only the count matters: no re-validation for 100k empty keys
                if not _EMPTY_FIX.get((kind, str(path[-1]))) and empties <= MAX_PER_FILE_CODE:
                    fill += ", or remove the key" if _removable(kind, data, path) else ""
                add("FC103", path, f"{_field(path)} has no value (nothing after the colon); {fill}", at_value=True)
                continue
            hint = ""
            if "boolean" in expected and isinstance(instance, str):
                hint = "; YAML 1.2 reads only true/false as booleans, so write true or false"
            elif ("integer" in expected or "number" in expected) and isinstance(instance, str):
                hint = "; write the number without quotes"
            elif "string" in expected and isinstance(instance, (bool, int, float)):
                hint = "; put the value in quotes to keep it as text"
            add("FC103", path, f"{_field(path)} must be {want}, got {got} {_show(instance)}{hint}", at_value=True)
        elif keyword in ("enum", "const"):
            # The placeholder `factlint new` writes (TODO) is allowed but never offered as a choice.
            options = [o for o in (value if keyword == "enum" else [value]) if o != "TODO"]
            listed = ", ".join(str(o) for o in options)
            field_name = path[-1] if path else "value"
            hint = _suggest(instance, options, _VALUE_CUTOFF)
            add(
                "FC104", path, f"unknown {field_name} {_show(instance)}; expected one of: {listed}{hint}", at_value=True
            )
        elif keyword == "format":
            hint = FORMAT_HINTS.get(value, f"write a valid {value}")
            if value == "iso3166-alpha2":
                hint += country_code_hint(instance)
            add("FC105", path, f"{_show(instance)} is not a valid {value}: {hint}", at_value=True)
        elif keyword == "pattern":
            want = PATTERN_HINTS.get(value, f"a value matching the pattern {value}")
            add("FC106", path, f"{_show(instance)} does not fit {_field(path)}: expected {want}", at_value=True)
        elif keyword in _RANGE_KEYWORDS:
            add("FC107", path, f"{_field(path)}: {error.message}", at_value=True)
        elif keyword == "uniqueItems":
            add("FC108", path, f"{_field(path)} repeats an item; list each item once", at_value=True)
        else:
            add("FC109", path, f"{_field(path)}: {error.message}", at_value=True)
    return out
