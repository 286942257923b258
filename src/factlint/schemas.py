"""JSON Schemas: finding them, resolving their ``$ref`` s, and validating records.

Each record kind (claim, source, entity, coverage) has one schema in
``schemas/``. Cross-file references are resolved through a ``referencing``
registry built from the files themselves (never the network). Validators are
built once per process, with a format checker that knows every ``format`` the
schemas use; a format nobody checks is an internal error, not a silent pass.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import referencing
from referencing.jsonschema import DRAFT202012

from factlint.corpus import kind_of_relative
from factlint.errors import ConfigError
from factlint.resources import data_dir

KINDS = ("claim", "source", "entity", "coverage")
"""Record kinds, each with a schema file ``schemas/<kind>.schema.json``."""


def record_kind(path: str | PurePath) -> str:
    """The record kind of the file at ``path``, a path relative to its corpus root (see factlint.corpus)."""
    return kind_of_relative(path)


# --- formats -------------------------------------------------------------------

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE.match(value):
        return False
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_http_url(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if any(ch.isspace() for ch in value) or any(ord(ch) < 32 for ch in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


@cache
def _alpha2_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries)


def _is_alpha2(value: object) -> bool:
    if not isinstance(value, str):
        return True
    return value in _alpha2_codes()


FORMAT_HINTS = {
    "date": "write a calendar date as YYYY-MM-DD, e.g. 2026-01-19",
    "uri": "write an absolute http:// or https:// URL",
    "iso3166-alpha2": "write the ISO 3166-1 alpha-2 code in capitals, e.g. KZ, TR, US",
}


def format_checker() -> jsonschema.FormatChecker:
    """A format checker with exactly the formats factlint's schemas use."""
    checker = jsonschema.FormatChecker(formats=())
    for name, check in FORMATS.items():
        checker.checks(name)(check)
    return checker


# --- loading and resolving -------------------------------------------------------


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


class SchemaSetupError(ConfigError):
    """factlint's own schemas are broken: a configuration error (exit 2)."""


@cache
def load_schemas(folder: str | None = None) -> dict[str, dict[str, Any]]:
    """All ``*.schema.json`` files of the schema folder, by file stem."""
    root = Path(folder) if folder else data_dir("schemas")
    schemas = {}
    for path in sorted(root.glob("*.schema.json")):
        with open(path, encoding="utf-8") as fh:
            schemas[path.name.removesuffix(".schema.json")] = json.load(fh)
    missing = [k for k in KINDS if k not in schemas]
    if missing:
        raise SchemaSetupError(f"no schema for {', '.join(missing)} in {root}")
    return schemas


@cache
def registry(folder: str | None = None) -> referencing.Registry:
    """A registry of every schema by ``$id``; unknown references fail, offline."""
    resources = []
    for name, schema in load_schemas(folder).items():
        if "$id" not in schema:
            raise SchemaSetupError(f"schema {name} has no $id")
        resources.append((schema["$id"], DRAFT202012.create_resource(schema)))
    return referencing.Registry().with_resources(resources)


# --- the regex dialect: ECMA-262 in both validators -----------------------------------------


@cache
def _ecma(pattern: str) -> Any:
    import regress

    return regress.Regex(pattern)


def ecma_search(pattern: str, text: str) -> bool:
    """True when the ECMA-262 regular expression ``pattern`` matches somewhere in ``text`` (JSON Schema's
    ``pattern``). Text the engine cannot read (a lone surrogate) never matches: fail closed."""
    try:
        return _ecma(pattern).find(text) is not None
    except UnicodeEncodeError:
        return False


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[jsonschema.ValidationError]:
    if validator.is_type(instance, "string") and not ecma_search(pattern, instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


def ecma_validator_class(cls: Any) -> Any:
    """``cls`` (a python-jsonschema validator class) with ``pattern`` judged by ECMA-262 (``regress``), as
    JSON Schema intends and as jsonschema-rs does: Python's ``re`` would let ``$`` match before a
    trailing newline (``"Q20\\n"`` would pass ``^Q[1-9][0-9]*$``)."""
    return jsonschema.validators.extend(cls, {"pattern": _pattern})  # type: ignore[no-untyped-call]


_UNSUPPORTED = ("patternProperties", "propertyNames", "$dynamicRef")
"""Keywords factlint's schemas may not use: their regexes or semantics are not judged the same way by
both validators here (fail closed instead of a silent dialect difference)."""


@cache
def validator(kind: str, folder: str | None = None) -> jsonschema.protocols.Validator:
    """The validator for one record kind, built once (schema checked first)."""
    schemas = load_schemas(folder)
    schema = schemas[kind]
    cls = jsonschema.validators.validator_for(schema)
    try:
        cls.check_schema(schema)
    except jsonschema.SchemaError as exc:
        raise SchemaSetupError(f"schema {kind} is not a valid JSON Schema: {exc.message}") from None
    for name, each in schemas.items():
        for node in _walk(each):
            for keyword in _UNSUPPORTED:
                if keyword in node:
                    raise SchemaSetupError(f"schema {name} uses {keyword}, which factlint does not support")
    for each in schemas.values():
        for node in _walk(each):
            if isinstance(node.get("pattern"), str):
                try:
                    _ecma(node["pattern"])
                except ImportError:  # a broken installation, not a broken schema
                    raise
                except Exception as exc:  # regress raises its own error type
                    raise SchemaSetupError(f"pattern {node['pattern']!r} is not ECMA-262: {exc}") from exc
    checker = format_checker()
    used = {n["format"] for s in schemas.values() for n in _walk(s) if isinstance(n.get("format"), str)}
    unchecked = sorted(used - set(checker.checkers))
    if unchecked:
        # Fail closed: jsonschema would silently accept any value for these.
        raise SchemaSetupError(f"no format checker for format(s) {', '.join(unchecked)}")
    made: jsonschema.protocols.Validator = ecma_validator_class(cls)(
        schema, registry=registry(folder), format_checker=checker
    )
    return made


@cache
def listed_values(kind: str, path: tuple[str, ...], folder: str | None = None) -> tuple[Any, ...]:
    """The values the schema of ``kind`` lists (``enum``) for the field at ``path`` (``*``: an item of a list),
    without the placeholder ``TODO``; () where it lists none. Only ``properties``, ``items`` and ``$ref`` are
    followed (the fields ``factlint new`` leaves a placeholder in are declared there)."""
    resolver = registry(folder).resolver()
    node: Any = load_schemas(folder)[kind]
    for head in (*path, None):
        while isinstance(node, dict) and "$ref" in node:
            resolved = resolver.lookup(node["$ref"])
            node, resolver = resolved.contents, resolved.resolver
        if head is None or not isinstance(node, dict):
            break
        node = node.get("items") if head == "*" else node.get("properties", {}).get(head)
    listed = node.get("enum") if isinstance(node, dict) else None
    return tuple(v for v in listed if v != "TODO") if isinstance(listed, list) else ()


# --- the fast gate ---------------------------------------------------------------

FORMATS = {"date": _is_date, "uri": _is_http_url, "iso3166-alpha2": _is_alpha2}
"""The format checks, shared by both validators (the same functions, so they cannot disagree)."""


@cache
def fast_validator(kind: str, folder: str | None = None) -> Any | None:
    """A jsonschema-rs validator for ``kind`` (built once), or None where jsonschema-rs is not installed.

    It only answers valid/invalid, ~100x faster than python-jsonschema; the
    messages of an invalid record still come from :func:`validator`. It gets
    factlint's own format checks and fails on any other format.
    """
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - a declared dependency; fall back to python-jsonschema
        return None
    validator(kind, folder)  # the schema and its formats are checked there first (fail closed)
    schemas = load_schemas(folder)
    registry = jsonschema_rs.Registry([(s["$id"], s) for s in schemas.values()])
    return jsonschema_rs.validator_for(
        schemas[kind],
        registry=registry,
        formats=FORMATS,
        validate_formats=True,
        ignore_unknown_formats=False,
    )


def is_valid_fast(kind: str, data: Any) -> bool | None:
    """True/False from the fast validator; None when it cannot tell (not installed, or data it cannot convert)."""
    fast = fast_validator(kind)
    if fast is None:
        return None
    try:
        return bool(fast.is_valid(data))
    except (ValueError, TypeError, OverflowError):  # e.g. NaN, huge integers, lone surrogates
        return None


def errors(kind: str, data: Any) -> list[jsonschema.ValidationError]:
    """Every schema error of ``data`` as a ``kind`` record (empty when it is valid).

    The fast validator is a gate: a record it accepts has no errors (both validators judge patterns
    the ECMA-262 way and the same format functions; a property-based test holds them to agreeing).
    Every other record is judged, with messages, by python-jsonschema. A record is never clean when
    either validator rejects it: should python-jsonschema find nothing where jsonschema-rs rejected,
    or jsonschema-rs be unable to read the record at all, that is an error (FC109), not a pass.
    """
    fast = is_valid_fast(kind, data)
    if fast:
        return []
    found = list(validator(kind).iter_errors(data))
    if found or not _have_fast(kind):
        return found
    why = "rejects" if fast is False else "cannot read (a lone surrogate, NaN or a number out of range)"
    return [
        jsonschema.ValidationError(
            f"jsonschema-rs {why} this record, though python-jsonschema finds no error; the two schema "
            "validators disagree, so it is not reported clean: correct the unusual value, and report it",
            validator="fast-gate",
            validator_value=None,
            instance=data,
            schema={},
        )
    ]


def _have_fast(kind: str) -> bool:
    return fast_validator(kind) is not None
