"""Every reporter on a fixed corpus (golden files), hostile text, and ``--report-dir``.

Golden files live in ``tests/goldens/``: ``<context>.<format file name>`` for the
corpus ``tests/fixtures/report-corpus`` checked with ``--schema-only`` from the
repository root, rendered without a diff (``plain``) and with a fixed semantic
diff (``diff``). After an intended change of output, regenerate them with

    FACTLINT_REGEN_GOLDEN=1 PYTHONPATH=src pytest tests/test_reporters.py

and review the ``git diff`` of ``tests/goldens/`` before committing.
"""

from __future__ import annotations

import html.parser
import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from factlint import validate
from factlint.diff import ADDED, CHANGED, Change, DiffSummary
from factlint.loader import Positions
from factlint.model import Finding, Result, Severity, Waiver, WaiverState
from factlint.output import MARKER
from factlint.record import Record
from factlint.reporters import REPORT_FILES, REPORTER_BY_NAME, render
from factlint.reporters.common import ReportContext, github_base_url

from .conftest import ROOT

GOLDENS = ROOT / "tests" / "goldens"
CORPUS = "tests/fixtures/report-corpus"
# The vendored schema file keeps the log's own schema under definitions/Root and
# has no top-level constraint: validating against the file as-is accepts anything.
# Point at the root definition explicitly (see tests/schemas/README.md).
SARIF_SCHEMA = {**json.loads((ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json").read_text())}
SARIF_SCHEMA["$ref"] = "#/definitions/Root"
REGEN = os.environ.get("FACTLINT_REGEN_GOLDEN") == "1"

CORPUS_DIFF = DiffSummary(
    base="origin/main",
    commit="0123456789abcdef0123456789abcdef01234567",
    changed_files=(f"{CORPUS}/claims/bad-date.yaml", f"{CORPUS}/claims/norway-confirmed.yaml"),
    changes=(
        Change(f"{CORPUS}/claims/bad-date.yaml", ADDED, "claim", "bad-date", "new statement claim bad-date: x"),
        Change(
            f"{CORPUS}/claims/norway-confirmed.yaml",
            CHANGED,
            "claim",
            "norway-confirmed",
            "Norway: invited → confirmed as of 2026-01-19",
        ),
    ),
)
CONTEXTS = {"plain": ReportContext(), "diff": ReportContext(diff=CORPUS_DIFF)}


@pytest.fixture(scope="module")
def corpus_result() -> Result:
    cwd = Path.cwd()
    os.chdir(ROOT)  # reported paths are relative to the working folder
    try:
        return validate.run([CORPUS], schema_only=True)
    finally:
        os.chdir(cwd)


def test_corpus_has_the_findings_the_goldens_show(corpus_result: Result) -> None:
    rules = sorted(f.rule for f in corpus_result.findings)
    assert rules == ["FC003", "FC101", "FC104", "FC105"]
    assert corpus_result.records_by_kind() == {"claim": 3, "entity": 4, "source": 1}


def test_every_format_is_registered_and_has_a_report_file() -> None:
    assert set(REPORTER_BY_NAME) == {"text", "json", "markdown", "html", "junit", "sarif", "github"}
    assert set(REPORT_FILES) == set(REPORTER_BY_NAME)
    assert len(set(REPORT_FILES.values())) == len(REPORT_FILES)


@pytest.mark.parametrize("context", sorted(CONTEXTS))
@pytest.mark.parametrize("fmt", sorted(REPORT_FILES))
def test_golden(corpus_result: Result, fmt: str, context: str) -> None:
    output = render(fmt, corpus_result, context=CONTEXTS[context])
    assert output == render(fmt, corpus_result, context=CONTEXTS[context]), "output must be deterministic"
    golden = GOLDENS / f"{context}.{REPORT_FILES[fmt]}"
    if REGEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(output.encode("utf-8"))
    assert golden.exists(), f"no golden file {golden}; run with FACTLINT_REGEN_GOLDEN=1 to create it"
    assert output.encode("utf-8") == golden.read_bytes(), f"{fmt} differs from {golden.name}"


def test_sarif_is_valid_and_locates_findings(corpus_result: Result) -> None:
    data = json.loads(render("sarif", corpus_result))
    jsonschema.validate(data, SARIF_SCHEMA)
    run = data["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert {"FC001", "FC101", "FC104", "FC105"} <= set(rule_ids)
    assert all(r["shortDescription"]["text"] and r["name"] for r in run["tool"]["driver"]["rules"])
    by_rule = {r["ruleId"]: r for r in run["results"]}
    loc = by_rule["FC104"]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == f"{CORPUS}/claims/unknown-status-value.yaml"
    assert loc["region"] == {"startLine": 22, "startColumn": 10}
    assert rule_ids[by_rule["FC104"]["ruleIndex"]] == "FC104"


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: d["runs"][0]["results"][0].pop("message"),
        lambda d: d.pop("version"),
        lambda d: d["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"].update(startLine=0),
    ],
)
def test_sarif_validator_rejects_a_broken_report(corpus_result: Result, breakage) -> None:
    """The schema check above can fail: broken reports are refused."""
    data = json.loads(render("sarif", corpus_result))
    breakage(data)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SARIF_SCHEMA)


def test_junit_parses_back_with_a_case_per_rule(corpus_result: Result) -> None:
    root = ET.fromstring(render("junit", corpus_result))
    cases = {c.get("name", "").split()[0]: c for c in root.iter("testcase")}
    assert {"FC001", "FC101", "FC110"} <= set(cases)
    failed = sorted(code for code, c in cases.items() if c.find("failure") is not None)
    assert failed == ["FC003", "FC101", "FC104", "FC105"]
    assert root.get("failures") == "4"
    assert root.get("tests") == str(len(cases))
    text = cases["FC104"].findtext("failure") or ""
    assert f"{CORPUS}/claims/unknown-status-value.yaml:22:10:" in text


def test_markdown_clean_run_says_what_was_checked() -> None:
    result = Result(paths=["claims"], files_checked=3, stages=["schema"])
    out = render("markdown", result)
    assert out.startswith("## ✅ factlint: passed")
    assert "### What was checked" in out
    assert "- **rules**: no consistency rule ran (schema stage only)" in out
    assert out.rstrip().endswith("OK: 0 errors, 0 warnings in 3 files (schema; valid records: none)")


def test_markdown_links_use_the_github_base_url(corpus_result: Result) -> None:
    env = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "o/r", "GITHUB_SHA": "abc123"}
    ctx = ReportContext(base_url=github_base_url(env))
    out = render("markdown", corpus_result, context=ctx)
    url = f"https://github.com/o/r/blob/abc123/{CORPUS}/claims/unknown-status-value.yaml#L22"
    assert f"]({url})" in out
    assert github_base_url({"GITHUB_SERVER_URL": "https://github.com"}) is None


def test_findings_in_changed_files_are_marked(corpus_result: Result) -> None:
    ctx = CONTEXTS["diff"]
    data = json.loads(render("json", corpus_result, context=ctx))
    changed = {Path(f["file"]).name for f in data["findings"] if f["changed"]}
    assert changed == {"bad-date.yaml"}
    md = render("markdown", corpus_result, context=ctx)
    section = md.split("### Changed in this pull request")[1].split("### Findings by rule")[0]
    assert "Norway: invited → confirmed as of 2026\\-01\\-19" not in section  # hyphens are not escaped
    assert "Norway: invited → confirmed as of 2026-01-19" in section
    assert "bad\\-date" not in section
    assert "bad-date.yaml:2:8" in section
    assert "unknown-status-value" not in section


# --- hostile text through every renderer -------------------------------------------

HOSTILE = (
    "<script>alert(1)</script> </textarea> a | b | c @octocat ](javascript:alert(1)) `x` "
    "\n::error::injected %0A \u202eevil\x1b[31m end " + "y" * 5000
)
HOSTILE_FILE = "claims/<img src=x onerror=alert(1)>|@team\u202e`.yaml"


def hostile_result() -> Result:
    result = Result(paths=["claims"], files_checked=2, stages=["schema", "rules"])
    result.add(Finding(HOSTILE_FILE, 3, 5, "FC101", HOSTILE, "unknown-key", Severity.ERROR, None, "/a|b"))
    result.add(Finding(HOSTILE_FILE, 4, 1, "FC299", HOSTILE, "<b>slug", Severity.WARNING, "c1"))
    claim = {
        "id": "c1",
        "type": "statement",
        "statement": HOSTILE,
        "sources": [{"source": "s1", "span": HOSTILE}],
        "verdict": {"rating": "false"},
        "waivers": [
            {"rule": "FC231", "reason": HOSTILE, "granted": "2026-01-20", "expires": "9999-12-31"},
            {"rule": "FC233", "reason": HOSTILE, "granted": "2026-01-20", "expires": "2026-12-31"},
        ],
    }
    result.waivers = [  # as the rule stage decided: FC253 rejected the first, the second holds
        WaiverState(HOSTILE_FILE, 0, "c1", Waiver("FC231", HOSTILE, "2026-01-20", "9999-12-31"), ("FC253",)),
        WaiverState(HOSTILE_FILE, 1, "c1", Waiver("FC233", HOSTILE, "2026-01-20", "2026-12-31")),
    ]
    source = {"id": "s1", "title": HOSTILE, "url": "javascript:alert(1)", "outlet": "@octocat"}
    result.records.append(Record("claim", HOSTILE_FILE, claim, Positions()))
    result.records.append(Record("source", "sources/s1.yaml", source, Positions()))
    return result


HOSTILE_CONTEXT = ReportContext(
    diff=DiffSummary("main", "f" * 40, (HOSTILE_FILE,), (Change(HOSTILE_FILE, CHANGED, "claim", "c1", HOSTILE),))
)


def _waived_result() -> Result:
    """The hostile result with one finding set aside by its waiver (the JSON's ``waived``, SARIF's suppressions)."""
    from dataclasses import replace

    result = hostile_result()
    kept = result.findings[1]
    result.waived.append(replace(kept, line=9, waiver=Waiver(kept.rule, HOSTILE, "2026-01-20", "2026-12-31")))
    return result


@pytest.mark.parametrize("fmt", ["json", "sarif"])
@pytest.mark.parametrize("case", ["corpus-plain", "corpus-diff", "hostile", "waived", "empty"])
def test_a_streamed_report_is_byte_for_byte_the_whole_one(corpus_result: Result, fmt: str, case: str) -> None:
    """JSON and SARIF go to files in pieces, each finding made and written in turn: the same bytes as the report
    written from its whole data as one string (json.dumps' text)."""
    from factlint.reporters import chunks, json_report, sarif
    from factlint.reporters.jsontext import dumps

    result, ctx = {
        "corpus-plain": (corpus_result, CONTEXTS["plain"]),
        "corpus-diff": (corpus_result, CONTEXTS["diff"]),
        "hostile": (hostile_result(), HOSTILE_CONTEXT),
        "waived": (_waived_result(), HOSTILE_CONTEXT),
        "empty": (Result(paths=["claims"], stages=["schema", "rules"]), ReportContext()),
    }[case]
    if fmt == "json":
        whole = dumps(json_report.as_data(result, ctx), sort_keys=True, default=str) + "\n"
    else:
        whole = dumps(sarif.as_data(result, ctx), sort_keys=True) + "\n"
    pieces = list(chunks(fmt, result, context=ctx))
    assert "".join(pieces).encode("utf-8") == whole.encode("utf-8")
    assert render(fmt, result, context=ctx) == whole
    if result.findings:
        assert len(pieces) > len(result.findings)  # in pieces, not one string


class _Elements(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_hostile_html_is_inert() -> None:
    out = render("html", hostile_result(), context=HOSTILE_CONTEXT)
    parser = _Elements()
    parser.feed(out)
    tags = [t for t, _ in parser.tags]
    assert tags.count("script") == 1
    assert "img" not in tags
    assert "textarea" not in tags
    assert "b" not in tags
    assert all(not k.startswith("on") for _, attrs in parser.tags for k in attrs)
    assert not any(a.get("href", "").startswith("javascript") for _, a in parser.tags if a.get("href"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "\u202e" not in out
    assert "\x1b" not in out
    assert "\\u202e" in out
    csp = [a["content"] for t, a in parser.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp
    assert "default-src 'none'" in (csp[0] or "")
    assert "unsafe-inline" not in (csp[0] or "")


def test_the_claim_card_shows_which_waivers_took_effect_as_the_result_says() -> None:
    """A waiver the rule stage rejected reads "not in effect", naming the rule, never "waived until"; the
    card reads the result, not the record (a waiver the result does not hold is not shown as one)."""
    result = hostile_result()
    out = render("html", result)
    assert "waived until 9999-12-31" not in out
    assert '<li class="void">not in effect (rejected by FC253): FC231 until 9999-12-31 (granted 2026-01-20): ' in out
    assert "<li><code>FC233</code> waived until 2026-12-31 (granted 2026-01-20): &lt;script&gt;" in out
    result.waivers = []  # e.g. --schema-only: no waiver took effect
    out = render("html", result)
    assert "FC231" not in out
    assert "waived until" not in out
    data = json.loads(render("json", hostile_result()))
    assert [(w["waiver"]["rule"], w["in_effect"], w["rejected_by"]) for w in data["waivers"]] == [
        ("FC231", False, ["FC253"]),
        ("FC233", True, []),
    ]
    assert data["waivers"][0]["waiver"]["reason"] == HOSTILE


def test_hostile_markdown_is_inert() -> None:
    out = render("markdown", hostile_result(), context=HOSTILE_CONTEXT)
    assert not re.search(r"(?<!\\)<", out), "an unescaped < could open HTML"
    assert not re.search(r"@[A-Za-z]", out), "an @mention survived"
    assert not re.search(r"(?<!\\)\]\(javascript", out), "a javascript: link survived"
    assert "\\](javascript" in out
    assert "\u202e" not in out
    assert "\x1b" not in out
    assert not any(line.startswith("::") for line in out.splitlines())
    for line in out.splitlines():
        if "alert" in line:  # a finding line: no unescaped pipe or backtick may remain
            assert not re.search(r"(?<!\\)[|`]", line.split("](", 1)[-1].split(")", 1)[-1]), line
            assert len(line) < 1500, "long text must be cut"


def test_hostile_annotations_cannot_inject_commands() -> None:
    out = render("github", hostile_result(), context=HOSTILE_CONTEXT)
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("::error file=claims/<img src=x onerror=alert(1)>|@team\\u202e`.yaml,line=3,col=5,")
    assert lines[1].startswith("::warning ")
    assert "%0A::error::injected %250A" in lines[0]
    assert "\u202e" not in out
    assert "\x1b" not in out
    assert "\r" not in out
    props = lines[0].split("::")[1]
    assert props.count(",") == 3, "property values must not add properties"


def test_hostile_data_formats_keep_the_text_as_data() -> None:
    result = hostile_result()
    data = json.loads(render("json", result, context=HOSTILE_CONTEXT))
    assert {f["message"] for f in data["findings"]} == {HOSTILE}
    assert data["findings"][0]["file"] == HOSTILE_FILE
    sarif = json.loads(render("sarif", result, context=HOSTILE_CONTEXT))
    jsonschema.validate(sarif, SARIF_SCHEMA)
    first = sarif["runs"][0]["results"][0]
    assert first["message"]["text"].startswith(HOSTILE)
    assert "%3C" in first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    root = ET.fromstring(render("junit", result, context=HOSTILE_CONTEXT))
    failure = root.find(".//failure")
    assert failure is not None
    assert "<script>alert(1)</script>" in (failure.text or "")
    assert "\\u001b[31m" in (failure.text or ""), "XML-illegal ESC is shown, not dropped"
    text = render("text", result, context=HOSTILE_CONTEXT)
    assert "\x1b" not in text
    assert "\u202e" not in text
    assert not any(line.startswith("::") for line in text.splitlines())


# --- validate --report-dir -------------------------------------------------------------


def test_report_dir_writes_every_format_byte_identically(cli, in_root: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    run1 = cli("validate", "--schema-only", CORPUS, "--report-dir", str(first))
    run2 = cli("validate", "--schema-only", CORPUS, "--report-dir", str(second))
    assert run1.code == run2.code == 1
    written = sorted(p.name for p in first.iterdir())
    assert written == sorted([*REPORT_FILES.values(), MARKER]), "no temporary files left"
    for name in REPORT_FILES.values():
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert run1.out == (first / "factlint.txt").read_text()
    assert "FC104" in run1.out


def test_report_dir_and_output_together(cli, in_root: Path, tmp_path: Path) -> None:
    run = cli(
        "validate", "--schema-only", CORPUS, "--format", "sarif", "--output", str(tmp_path / "x.sarif"),
        "--report-dir", str(tmp_path / "r"),
    )  # fmt: skip
    assert run.code == 1
    assert (tmp_path / "x.sarif").read_bytes() == (tmp_path / "r" / "factlint.sarif").read_bytes()


def test_report_dir_on_a_clean_corpus(cli, in_root: Path, tmp_path: Path) -> None:
    run = cli("validate", "--schema-only", "tests/fixtures/valid", "--report-dir", str(tmp_path))
    assert run.code == 0
    assert (tmp_path / "annotations.txt").read_text() == ""
    summary = (tmp_path / "summary.md").read_text()
    assert summary.startswith("## ✅ factlint: passed")
    assert "### What was checked" in summary


def test_unwritable_report_dir_is_a_clear_error(cli, in_root: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    run = cli("validate", "--schema-only", CORPUS, "--report-dir", str(blocker))
    assert run.code == 2
    assert run.err.startswith("factlint: error: --report-dir ")
    assert run.err.endswith("exists and is not a folder\n")
    assert "Traceback" not in run.err


def test_html_template_looks_up_names_as_jinja_does() -> None:
    # The page's environment reads x.name on a plain dict as an item first (speed); every answer must be
    # Jinja's own, including names that are attributes of dict and names that are missing.
    import jinja2

    from factlint.reporters import html

    ours = html._template().environment
    theirs = jinja2.Environment(undefined=jinja2.StrictUndefined)

    class Sub(dict):  # type: ignore[type-arg]
        count = "attribute"

    cases = [
        ({"id": "x"}, "id"),
        ({"items": "value"}, "items"),
        ({"get": 1}, "get"),
        ({}, "missing"),
        ({}, "__class__"),
        (Sub(count="item"), "count"),
        (("a", "b"), "count"),
        ([], "missing"),
    ]
    for obj, name in cases:
        a, b = ours.getattr(obj, name), theirs.getattr(obj, name)
        if isinstance(b, jinja2.Undefined):
            assert isinstance(a, jinja2.StrictUndefined)
            assert a._undefined_name == b._undefined_name
            assert a._undefined_obj is b._undefined_obj
        else:
            assert a == b, (obj, name)


@pytest.mark.parametrize(
    "text",
    ["::error::x", "a\n  ::warning::x", "a\r\t##[group]x", "##[x", "#[x", ":x:", "a::b", "\n\v::x", "plain", ""],
)
def test_defuse_commands_fast_path_answers_as_the_full_search(text: str) -> None:
    from factlint.reporters.common import _COMMAND_START, defuse_commands

    assert defuse_commands(text) == _COMMAND_START.sub(lambda m: f"{m.group(1)}\\u{ord(m.group(2)):04x}", text)


def test_a_text_only_run_does_not_import_the_other_reporters(tmp_path: Path) -> None:
    # Each format's module is imported when it is first rendered (the HTML one brings Jinja2); fresh interpreter.
    import subprocess
    import sys
    import textwrap

    code = """
        import sys
        from factlint.cli import main
        args = ["validate", "tests/fixtures/report-corpus", "--schema-only", "-q", "--no-cache"]
        names = ("jinja2", "factlint.reporters.html", "factlint.reporters.sarif")
        main(args)
        print(sorted(m for m in names if m in sys.modules))
        main([*args, "--report-dir", sys.argv[1]])
        print(sorted(m for m in names if m in sys.modules))
        """
    run = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), str(tmp_path / "r")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert run.returncode == 0, run.stderr
    lines = [line for line in run.stdout.splitlines() if line.startswith("[")]
    assert lines[0] == "[]"
    assert lines[-1] == "['factlint.reporters.html', 'factlint.reporters.sarif', 'jinja2']"
    assert (tmp_path / "r" / "report.html").read_bytes() == (GOLDENS / "plain.report.html").read_bytes()


def test_the_escapers_fast_paths_select_what_their_loops_select() -> None:
    # terminal_safe keeps a printable string as is, junit's xml_text a string its regex finds nothing in:
    # right only if no such character would be changed by the loop. Every code point, one at a time.
    from factlint.reporters import common, junit
    from factlint.reporters.factcheck import view

    for cp in range(0x110000):
        ch = chr(cp)
        assert bool(view._CONTROL.search(ch)) == (cp < 0x20 or cp == 0x7F), hex(cp)  # http_url's control test
        assert view.text(f"x{ch}y") == common.defuse_commands(common.visible(f"x{ch}y")), hex(cp)
        if ch.isprintable():
            assert common._terminal_safe(ch) == ch, hex(cp)
        assert bool(junit._XML_FORBIDDEN.search(ch)) == (junit.show_chars(ch, junit._xml_forbidden) != ch), hex(cp)
    for s in ("::x", "a\n ::x", "##[x", "a\r##[x", "#[x", ":x", "a::", "\u2028::x", "plain"):
        assert view.text(s) == common.defuse_commands(common.visible(s)), s
    mixed = "a\u00a0b\tc\nd\u200be\u202ef\U000f0000g\x85h"
    assert common.terminal_safe(mixed) == common._terminal_safe(mixed) != mixed
    assert junit.xml_text("a\x01\rb\n\tc\ufffe") == "a\\u0001\rb\n\tc\\ufffe"


@pytest.mark.parametrize("escaper", ["markupsafe", "replacements"])
def test_card_escaping_is_markupsafes_for_every_code_point(escaper: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # card_html.esc (MarkupSafe's C escaper when it has one, else the same five replacements) against
    # MarkupSafe's public escape: every code point between two letters, and strings mixing them.
    from markupsafe import escape

    from factlint.reporters.factcheck import card_html

    if escaper == "replacements":
        monkeypatch.setattr(card_html, "_escape_text", None)
    else:
        assert card_html._escape_text is not None  # MarkupSafe 3 with its speedups, as installed here
    for cp in range(0x110000):
        text = f"a{chr(cp)}b"
        assert card_html.esc(text) == str(escape(text)), hex(cp)
    for text in ["", "<&>\"'", "\ud83d<\ude00&", "é & ü < \U0001f600 > 'x' \"y\"", "&amp;" * 1000, *HOSTILE_TEXTS]:
        assert card_html.esc(text) == str(escape(text)), text
    assert card_html.esc(3) == "3"


HOSTILE_TEXTS = ["", "plain", "<script>alert(1)</script>", "a & b \"q\" 'r' > <", "\u202eevil\u2066", "::error::x"]


def _reference_cards() -> list[dict]:
    """Card view models covering every branch of the card markup, with hostile text in every field."""
    import itertools

    cards = []
    states = ["published", "in-review", "draft", "retracted", ""]
    for i, (text, state) in enumerate(itertools.product(HOSTILE_TEXTS, states)):
        flip = i % 2 == 0
        source = {
            "id": text,
            "title": "" if flip else text,
            "url": "https://example.org/?a=1&b=<2>" if flip else "",
            "url_text": text if not flip else "",
            "outlet": text,
            "published": "" if flip else "2026-01-02",
        }
        cards.append(
            {
                "anchor": f"claim-{text}",
                "id": text,
                "file": text,
                "article": text,
                "article_title": text,
                "type": text,
                "statement": text,
                "quote": text if flip else "",
                "as_of": text,
                "speaker": text,
                "role": "" if flip else text,
                "via": text if flip else "",
                "said": "" if flip else text,
                "rating": "" if i % 3 == 0 else text,
                "rating_key": "other",
                "symbol": "·",
                "explanation": text,
                "evidence": []
                if i % 4 == 0
                else [
                    {
                        **source,
                        "excerpt": text,
                        "relation": text,
                        "relation_key": "other",
                        "relation_symbol": "○",
                        "note": text if flip else "",
                    }
                ]
                * (1 + i % 2),
                "sources": [] if i % 5 == 0 else [{**source, "span": text}],
                "state": state,
                "state_key": state or "other",
                "reviewer": text if i % 3 else "",
                "reviewed": text if i % 2 else "",
                "waivers": [{"rule": text, "in_effect": flip, "text": text}] if i % 3 == 1 else [],
                "findings": [{"anchor": "f-1", "rule": text, "severity": "error", "message": text}] if flip else [],
                "waived": [{"rule": text, "message": text, "anchor": "", "severity": "", "location": ""}]
                if i % 7 == 0
                else [],
                "rules": text,
                "severities": text,
                "notes": text,
            }
        )
    return cards


def test_card_markup_is_the_former_template_output() -> None:
    # The claim card's markup moved from the page template into Python (speed); the template it had is kept
    # as tests/fixtures/card-reference.html.j2, rendered with the page's own autoescaping environment.
    from factlint.reporters import html
    from factlint.reporters.factcheck.card_html import card_html

    env = html._template().environment
    reference = env.from_string((ROOT / "tests" / "fixtures" / "card-reference.html.j2").read_text("utf-8"))
    cards = _reference_cards()
    assert len(cards) == 30
    for c in cards:
        assert card_html(c) == reference.render(c=c), c


def test_a_report_written_in_batches_has_the_bytes_of_its_pieces(tmp_path: Path) -> None:
    """Streamed pieces are encoded in batches: the file holds exactly the pieces, each encoded alone
    (lone surrogates split across pieces included), with byte pieces in their place."""
    from factlint import output

    pieces: list[str | bytes] = ["<p>", "\ud83d", "\ude00", b"\xff raw ", "é" * 70_000, "\x00end\u2028"]
    pieces += [f"row {i}\n" for i in range(20_000)] + [b"", "", "tail"]
    expected = b"".join(p if isinstance(p, bytes) else p.encode("utf-8", "backslashreplace") for p in pieces)
    tmp = output._write_temp(tmp_path / "report.html", iter(pieces))
    assert Path(tmp).read_bytes() == expected


def test_sorted_findings_follows_every_change_of_the_findings() -> None:
    # Result.sorted_findings is worked out once per state of result.findings (every report asks for it).
    from dataclasses import asdict

    a = Finding("b.yaml", 2, 1, "FC101", "x")
    b = Finding("a.yaml", 1, 1, "FC101", "y")
    waiver = Waiver(rule="FC101", reason="r", granted="2026-01-01", expires="2026-02-01")
    same_as_b = Finding("a.yaml", 1, 1, "FC101", "y", waiver=waiver)
    result = Result()
    assert result.sorted_findings() == []
    result.add(a)
    assert result.sorted_findings() == [a]
    result.add(b)
    result.add(b)
    got = result.sorted_findings()
    assert got == [b, a]
    got.clear()  # a copy each time
    assert result.sorted_findings() == [b, a]
    assert (result.errors, result.warnings) == (2, 0)
    result.findings[1] = same_as_b  # equal (the waiver is not compared), but another object: worked out again
    assert result.sorted_findings()[0] is same_as_b
    result.findings = [a]
    assert result.sorted_findings() == [a]
    result.findings = [Finding("a.yaml", 1, 1, "FC201", "w", severity=Severity.WARNING)]
    assert (result.errors, result.warnings) == (0, 1)
    # as_dict is asdict without the copies
    for f in (a, same_as_b):
        expected = asdict(f)
        del expected["involves"]  # what one-file validation selects by, not part of a report
        expected["severity"] = f.severity.value
        if f.waiver is None:
            del expected["waiver"]
        assert f.as_dict() == expected
        assert list(f.as_dict()) == list(expected)


def test_finding_row_markup_is_the_former_template_output() -> None:
    # As the cards: the findings table's row markup moved into Python; the former row template is the reference.
    import itertools

    from factlint.reporters import html
    from factlint.reporters.factcheck.card_html import finding_row_html

    env = html._template().environment
    reference = env.from_string((ROOT / "tests" / "fixtures" / "row-reference.html.j2").read_text("utf-8"))
    keys = ("anchor", "rule", "slug", "severity", "file_key", "location", "message", "article", "verdict", "review")
    count = 0
    for i, (text, changed, pointer, claim) in enumerate(
        itertools.product(HOSTILE_TEXTS, (True, False), ("", "/a/0"), ("", "claim-<1>"))
    ):
        row = {k: text if (i + n) % 3 else f"{k}-{i}" for n, k in enumerate(keys)}
        row.update(changed=changed, pointer=pointer and pointer + text, claim=claim and claim + text)
        row["claim_anchor"] = f"claim-{row['claim']}-2" if i % 2 else f"claim-{row['claim']}"  # the card's anchor
        assert finding_row_html(row) == reference.render(f=row), row
        count += 1
    assert count == 48


def test_the_shipped_compiled_page_template_is_current() -> None:
    # The page template ships with the Python Jinja compiles it to (compiling costs ~0.1-0.2 s a run).
    import jinja2

    from factlint.reporters import html

    source = html._asset("report.html.j2")
    shipped = ROOT / "src" / "factlint" / "reporters" / "templates" / html.COMPILED
    if REGEN:
        shipped.write_text(html.compile_source(source), encoding="utf-8", newline="")
    recorded = shipped.read_text("utf-8").split("\n", 1)[0]
    if recorded != f"# jinja2 {jinja2.__version__}":
        pytest.skip(f"{html.COMPILED} was made by {recorded[2:]}: regenerate it with FACTLINT_REGEN_GOLDEN=1")
    assert shipped.read_text("utf-8") == html.compile_source(source), "regenerate it with FACTLINT_REGEN_GOLDEN=1"
    assert html.compiled(source) is not None


def test_a_compiled_template_of_another_source_or_jinja_is_not_used(monkeypatch, corpus_result: Result) -> None:
    import jinja2

    from factlint.reporters import html

    source = html._asset("report.html.j2")
    assert html.compiled(source + " ") is None
    assert html.compiled(source.replace("Fact-check report", "Fact check report")) is None
    monkeypatch.setattr(jinja2, "__version__", "0.0.0")
    assert html.compiled(source) is None
    # then the template is compiled as before: the same page
    html._template.cache_clear()
    try:
        page = html.render(corpus_result)
    finally:
        html._template.cache_clear()
    assert page.encode("utf-8") == (GOLDENS / "plain.report.html").read_bytes()


def test_the_overview_is_worked_out_once_per_state_of_the_records() -> None:
    """JSON, Markdown and HTML each ask for the corpus in numbers: the same answer, counted once."""
    from factlint.reporters.overview import overview

    claim = {"id": "c1", "article": "a1", "verdict": {"rating": "false"}, "review": {"state": "draft"}}
    result = Result(records=[Record("claim", "c1.yaml", claim), Record("source", "a1.yaml", {"id": "a1"})])
    first = overview(result)
    assert (first.claims, first.articles, first.ratings, first.review_states) == (
        1, [("a1", 1)], [("false", 1)], [("draft", 1)],
    )  # fmt: skip
    assert overview(result) is first
    result.records = [*result.records, Record("claim", "c2.yaml", {**claim, "id": "c2", "article": "a2"})]
    again = overview(result)
    assert again is not first
    assert (again.claims, again.articles) == (2, [("a1", 1), ("a2", 1)])
