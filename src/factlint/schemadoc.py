"""Generate the Markdown reference of factlint's JSON Schemas (docs/schemas.md).

Run ``python -m factlint.schemadoc docs/schemas.md`` after
changing a schema; a test fails while the committed file is stale.
"""

from __future__ import annotations

import sys
from typing import Any

from factlint.schemas import load_schemas

ORDER = ("claim", "source", "entity", "coverage", "common")


def cell(text: str) -> str:
    """Text for one Markdown table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def _type(node: dict[str, Any]) -> str:
    if "$ref" in node:
        ref = node["$ref"]
        return f"[{ref.rsplit('/', 1)[-1]}](#{ref.rsplit('/', 1)[-1].lower()})" if "#/$defs/" in ref else ref
    if "enum" in node:
        return "one of " + ", ".join(f"`{v}`" for v in node["enum"])
    if "const" in node:
        return f"`{node['const']}`"
    kind = node.get("type", "any")
    if kind == "array":
        items = node.get("items", {})
        return f"list of {_type(items) if isinstance(items, dict) else 'any'}"
    if "format" in node:
        return f"{kind} (format {node['format']})"
    if "pattern" in node:
        return f"{kind} (pattern `{node['pattern']}`)"
    return str(kind)


def _properties(lines: list[str], node: dict[str, Any], prefix: str = "") -> None:
    props = node.get("properties", {})
    required = set(node.get("required", []))
    for name, sub in props.items():
        if not isinstance(sub, dict) or sub.get("$ref", "").endswith("notForThisType"):
            continue
        desc = sub.get("description", "")
        if not desc and "$ref" in sub:
            desc = "See the definition."
        req = "yes" if name in required else ""
        lines.append(f"| `{prefix}{name}` | {req} | {cell(_type(sub))} | {cell(desc)} |")
        target = sub.get("items") if sub.get("type") == "array" and isinstance(sub.get("items"), dict) else sub
        if isinstance(target, dict) and "properties" in target:
            _properties(lines, target, f"{prefix}{name}{'[]' if target is not sub else ''}.")


def generate() -> str:
    schemas = load_schemas()
    lines = [
        "# Schema reference",
        "",
        "Generated from `schemas/*.schema.json` by `python -m factlint.schemadoc docs/schemas.md`;",
        "do not edit by hand.",
        "",
        "Patterns (`pattern`) are ECMA-262 regular expressions, JSON Schema's dialect: both validators",
        "judge them that way (python-jsonschema through `regress`, jsonschema-rs natively), so `$` never",
        "matches before a trailing newline and `[0-9]` means ASCII digits. A record that either validator",
        "rejects is never reported clean.",
        "",
    ]
    for name in [n for n in ORDER if n in schemas] + sorted(set(schemas) - set(ORDER)):
        schema = schemas[name]
        lines += [f"## {schema.get('title', name)} (`{schema['$id']}`)", "", cell(schema.get("description", "")), ""]
        if "properties" in schema:
            lines += ["| key | required | type | description |", "| --- | --- | --- | --- |"]
            _properties(lines, schema)
            lines.append("")
        for def_name, sub in schema.get("$defs", {}).items():
            lines += [f"### {def_name}", "", cell(sub.get("description", "")), ""]
            if "properties" in sub:
                lines += ["| key | required | type | description |", "| --- | --- | --- | --- |"]
                _properties(lines, sub)
                lines.append("")
            else:
                lines += [f"Type: {cell(_type(sub))}", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def emit(text: str, argv: list[str] | None) -> int:
    """Write a generated document to the file named in ``argv`` (atomically), or to stdout."""
    args = sys.argv[1:] if argv is None else argv
    if args:
        from factlint.atomic import write_text

        write_text(args[0], text)
    else:
        sys.stdout.write(text)
    return 0


def main(argv: list[str] | None = None) -> int:
    return emit(generate(), argv)


if __name__ == "__main__":
    sys.exit(main())
