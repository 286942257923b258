"""Helpers shared by reporters: the summary line, and neutralising hostile text."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import quote

from factlint.diff import DiffSummary
from factlint.model import Finding, Result, Rule, RuleRun

_ASCII_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def terminal_safe(text: str) -> str:
    """Replace control and bidi-override characters so record text cannot drive a terminal."""
    if text.isascii() and not _ASCII_CONTROL.search(text):
        return text  # fast path: printable ASCII is never replaced (the loop below would return it unchanged)
    if text.isprintable():
        # Also unchanged: a printable string holds no character of Cc, Cf, Cs, Co or Z* but the space
        # (str.isprintable), so none that _terminal_hidden selects, and no newline or tab.
        return text
    return _terminal_safe(text)


def show_chars(text: str, hidden: Callable[[str], bool], *, newline: str = "\n", tab: str = "\t") -> str:
    """The one character escaper of the reporters: newline and tab become ``newline`` and ``tab``,
    every character ``hidden`` selects is shown as ``\\uXXXX``, the rest is kept. Each output format
    calls it once, with its own selection (:func:`terminal_safe`, :func:`visible`, junit's ``xml_text``);
    the format's own syntax (HTML, Markdown, XML, JSON, workflow commands) is escaped after it."""
    out = []
    for ch in text:
        if ch == "\n":
            out.append(newline)
        elif ch == "\t":
            out.append(tab)
        elif hidden(ch):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def _terminal_hidden(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return cat in ("Cc", "Cf", "Cs", "Co") or (cat.startswith("Z") and ch not in " \u00a0")


def _terminal_safe(text: str) -> str:
    return show_chars(text, _terminal_hidden, newline="\\n", tab=" ")


_COMMAND_START = re.compile(r"(?:^|(?<=\r))([ \t\f\v]*)(:(?=:)|#(?=#\[))", re.MULTILINE)
"""A line start (after LF or a lone CR: the runner reads lines as .NET does) with a command prefix."""


def defuse_commands(text: str) -> str:
    """``text`` with no line that starts (after blanks) with ``::`` or ``##[``: the GitHub Actions runner
    reads such a line of a job's output as a workflow command. The first character is shown as ``\\u003a``
    (``\\u0023``), as other unsafe characters are. Only the annotations file writes commands."""
    if "::" not in text and "##[" not in text:
        return text  # every command prefix holds one of these: nothing to change
    return _COMMAND_START.sub(lambda m: f"{m.group(1)}\\u{ord(m.group(2)):04x}", text)


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(result: Result) -> str:
    kinds = result.records_by_kind()
    valid = ", ".join(f"{n} {k}" for k, n in kinds.items()) or "none"
    stages = " + ".join(result.stages)
    state = "FAILED" if result.errors else "OK"
    waived = len(set(result.waived))
    shown = f", {waived} waived" if waived else ""
    records = f"valid records: {valid}"
    if result.context_files:  # one-file mode: the records counted are those of the corpus the files were checked in
        whose = "its" if result.files_checked == 1 else "their"
        records = (
            f"checked in the context of {whose} corpus of {plural(result.context_files, 'file')}, whose valid "
            f"records are: {valid}"
        )
    return (
        f"factlint: {state}: {plural(result.errors, 'error')}, {plural(result.warnings, 'warning')}{shown} "
        f"in {plural(result.files_checked, 'file')} ({stages}; {records})"
    )


def waiver_text(f: Finding) -> str:
    """Why a waived finding is waived: 'waived until DATE: reason'."""
    return f.waiver.describe() if f.waiver is not None else "waived"


# --- what every reporter may be given besides the result ----------------------

BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Characters that reorder the text around them (Trojan-Source style spoofing)."""


_VISIBLE_CHANGES = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff" + "".join(sorted(BIDI_CONTROLS)) + "]")
"""Every character :func:`visible` may change: categories Cc (U+0000-001F, U+007F-009F) and Cs
(surrogates), the line/paragraph separators, the bidi controls, and tab and newline."""


def visible(text: str, *, newlines: bool = True) -> str:
    """Show control and bidi-override characters as ``\\uXXXX``; keep other text as is.

    Narrower than :func:`terminal_safe`: joiners (U+200C/U+200D) that Persian or
    emoji text needs are kept. With ``newlines=False`` a newline becomes a space.
    """
    if not _VISIBLE_CHANGES.search(text):
        return text  # fast path: nothing to change (one regex scan instead of a loop per character)
    return _visible(text, newlines=newlines)


def _visible_hidden(ch: str) -> bool:
    return ch in BIDI_CONTROLS or ch in "\u2028\u2029" or unicodedata.category(ch) in ("Cc", "Cs")


def _visible(text: str, *, newlines: bool) -> str:
    return show_chars(text, _visible_hidden, newline="\n" if newlines else " ", tab="\t" if newlines else " ")


@dataclass(frozen=True)
class ReportContext:
    """What a run knows besides its result: the semantic diff and where files are browsable.

    ``diff`` is set by ``validate --base``; a finding is "changed" when its file
    changed since the base. ``base_url`` (e.g.
    ``https://github.com/OWNER/REPO/blob/SHA/``) turns locations into links.
    """

    diff: DiffSummary | None = None
    base_url: str | None = None
    verbose: bool = False
    """``validate --verbose``: the text report also lists what was checked (every rule that ran)."""

    def is_changed(self, finding: Finding) -> bool:
        return self.diff is not None and self.diff.is_changed(finding.file)

    def link(self, file: str, line: int) -> str:
        """A URL for ``file`` at ``line``: relative, or under ``base_url``; always percent-encoded."""
        path = quote(file, safe="/")
        return f"{self.base_url or ''}{path}#L{line}"


NO_CONTEXT = ReportContext()


def github_base_url(env: Mapping[str, str]) -> str | None:
    """``$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/blob/$GITHUB_SHA/`` when all three are set."""
    parts = [env.get(k, "").strip().strip("/") for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA")]
    if not all(parts):
        return None
    server, repo, sha = parts
    if not server.startswith(("https://", "http://")):
        return None
    return f"{server}/{quote(repo, safe='/')}/blob/{quote(sha, safe='')}/"


def rules_run(result: Result) -> list[RuleRun]:
    """The rules that ran, by code: the built-in codes of the stages that ran, the consistency
    rules of the rule stage (``result.rule_runs``), and every rule that reported.

    The load stage runs whenever any stage does. Built-in codes are described from the static
    table of ``factlint.codes`` (never from rule files); a rule known only from its findings is
    described by its slug.
    """
    from factlint.codes import CODES

    stages = {"load", *result.stages} if result.stages else set()
    counts = Counter(f.rule for f in result.findings)
    runs: dict[str, RuleRun] = {
        c.code: _builtin(c, result, counts) for c in CODES.values() if c.stage in stages or c.code in counts
    }
    runs.update((r.code, r) for r in result.rule_runs)
    for f in result.findings:
        if f.rule not in runs:
            name = f.slug or f.rule
            runs[f.rule] = RuleRun(
                f.rule, f.slug, name, f.severity, "rules", "", "", {}, 0, counts[f.rule], description=name
            )
    return [runs[k] for k in sorted(runs)]


def _builtin(c: Rule, result: Result, counts: Counter[str]) -> RuleRun:
    return RuleRun(
        code=c.code,
        slug=c.slug,
        title=c.title,
        severity=c.severity,
        scope=c.stage,
        table="",
        expectation_type="",
        kwargs={},
        rows_evaluated=result.files_checked,
        rows_failed=counts[c.code],
        waivable=False,
        description=c.description,
        stage=c.stage,
    )
