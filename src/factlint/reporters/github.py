"""GitHub Actions workflow commands: one ``::error``/``::warning`` annotation per finding.

``::error file=F,line=L,col=C,title=T::MESSAGE``, escaped the way the Actions
runner unescapes (actions/toolkit ``command.ts``): in the message ``%`` →
``%25``, CR → ``%0D``, LF → ``%0A``; in property values also ``:`` → ``%3A``
and ``,`` → ``%2C``. So record text can never end the command, start a new
line, or begin another workflow command. Bidi-override and control
characters are shown as ``\\uXXXX`` first; messages are cut at
:data:`MAX_MESSAGE` characters. A clean run prints nothing.
"""

from __future__ import annotations

from factlint.messages import cut
from factlint.model import Result, Severity
from factlint.reporters.common import NO_CONTEXT, ReportContext, visible

MAX_MESSAGE = 2000
"""Longest annotation message, in characters (GitHub shows a few lines of it)."""


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(result: Result, *, color: bool = False, context: ReportContext | None = None) -> str:
    ctx = context or NO_CONTEXT
    lines = []
    for f in [*result.sorted_findings(), *sorted(set(result.waived))]:
        command = "error" if f.severity is Severity.ERROR else "warning"
        title = f"factlint {f.rule} {f.slug}".strip()
        if f.waiver is not None:  # waived: a notice, never silent
            command = "notice"
            title += f" ({f.waiver.describe()})"
        if ctx.is_changed(f):
            title += " (changed in this pull request)"
        props = ",".join(
            f"{key}={escape_property(value)}"
            for key, value in (
                ("file", visible(f.file)),
                ("line", str(f.line)),
                ("col", str(f.column)),
                ("title", visible(title)),
            )
        )
        message = cut(visible(f.message), MAX_MESSAGE)
        if f.pointer:
            message += f" (at {visible(f.pointer)})"
        lines.append(f"::{command} {props}::{escape_data(message)}")
    return "".join(line + "\n" for line in lines)
