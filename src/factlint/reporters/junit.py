"""JUnit XML for CI test tabs: one test case per rule that ran.

A rule's test case fails when the rule reported an error; the failure names
every ``file:line:col`` and message. Warnings do not fail a test case; they
are listed in its ``system-out``. No timestamps or durations, so the output is
byte-identical across runs. Characters XML 1.0 cannot hold (most control
characters) are shown as ``\\uXXXX``; everything else is XML-escaped data.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from factlint.model import Finding, Result, Severity
from factlint.reporters.common import NO_CONTEXT, ReportContext, defuse_commands, rules_run, show_chars, waiver_text


def _xml_forbidden(ch: str) -> bool:
    o = ord(ch)
    return (o < 0x20 and ch != "\r") or 0xD800 <= o <= 0xDFFF or o in (0xFFFE, 0xFFFF)


_XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Exactly the characters :func:`_xml_forbidden` selects."""


def xml_text(text: str) -> str:
    """``text`` with the characters XML 1.0 forbids shown as ``\\uXXXX``."""
    if not _XML_FORBIDDEN.search(text):
        return text  # nothing to show: the loop would keep every character (newline and tab as they are)
    return show_chars(text, _xml_forbidden)


def _entry(f: Finding, ctx: ReportContext) -> str:
    mark = " (changed)" if ctx.is_changed(f) else ""
    pointer = f" (at {f.pointer})" if f.pointer else ""
    return xml_text(f"{f.file}:{f.line}:{f.column}: {f.message}{pointer}{mark}")


def render(result: Result, *, color: bool = False, context: ReportContext | None = None) -> str:
    ctx = context or NO_CONTEXT
    by_rule: dict[str, list[Finding]] = {}
    for f in result.sorted_findings():
        by_rule.setdefault(f.rule, []).append(f)
    rules = rules_run(result)
    failing = sum(1 for r in rules if any(f.severity is Severity.ERROR for f in by_rule.get(r.code, [])))
    root = ET.Element("testsuites", {"name": "factlint", "tests": str(len(rules)), "failures": str(failing)})
    suite = ET.SubElement(
        root,
        "testsuite",
        {"name": "factlint", "tests": str(len(rules)), "failures": str(failing), "errors": "0", "skipped": "0"},
    )
    for rule in rules:
        case = ET.SubElement(
            suite, "testcase", {"classname": f"factlint.{rule.stage}", "name": f"{rule.code} {rule.slug}"}
        )
        found = by_rule.get(rule.code, [])
        errors = [f for f in found if f.severity is Severity.ERROR]
        warnings = [f for f in found if f.severity is not Severity.ERROR]
        if errors:
            failure = ET.SubElement(
                case,
                "failure",
                {"type": rule.code, "message": f"{len(errors)} error(s); first: {_entry(errors[0], ctx)}"},
            )
            failure.text = "\n".join(_entry(f, ctx) for f in errors) + "\n"
        if warnings:
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join("warning: " + _entry(f, ctx) for f in warnings) + "\n"
    waived = sorted(set(result.waived))
    if waived:
        out = ET.SubElement(suite, "system-out")
        out.text = "".join(
            xml_text(f"waived: {f.location}: [{f.rule}] {waiver_text(f)}; {f.message}") + "\n" for f in waived
        )
    ET.indent(root)
    return defuse_commands('<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n")
