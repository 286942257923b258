"""Terminal text: ``path:line:col: CODE message``, grouped by file, then a summary line."""

from __future__ import annotations

from factlint.model import Result, Severity
from factlint.reporters.common import summary_line, terminal_safe

_RED = "\033[31m"
_YELLOW = "\033[33m"
_BOLD = "\033[1m"
_GREEN = "\033[32m"
_RESET = "\033[0m"


def render(result: Result, *, color: bool = False) -> str:
    def paint(code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    lines: list[str] = []
    current = None
    for f in result.sorted_findings():
        if f.file != current:
            if current is not None:
                lines.append("")
            current = f.file
        sev = paint(_RED if f.severity is Severity.ERROR else _YELLOW, f"[{f.rule}]")
        where = paint(_BOLD, terminal_safe(f.location))
        extra = f" (at {terminal_safe(f.pointer)})" if f.pointer else ""
        label = "" if f.severity is Severity.ERROR else "warning: "
        lines.append(f"{where}: {sev} {label}{terminal_safe(f.message)}{extra}")
    if lines:
        lines.append("")
    summary = summary_line(result)
    lines.append(paint(_RED if result.errors else _GREEN, summary))
    return "\n".join(lines) + "\n"
