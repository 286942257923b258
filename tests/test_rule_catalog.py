"""Rule files are data: loaded fail-closed, listed, explained."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from factlint.rules import catalog
from factlint.rules.catalog import RuleSetupError, load_rules

from .conftest import FIXTURES, ROOT

CHECKS = ROOT / "checks"


def test_every_rule_file_loads_with_a_unique_code() -> None:
    rules = load_rules(str(CHECKS))
    assert len(rules) == len(list(CHECKS.rglob("*.yaml")))
    assert len({r.code for r in rules}) == len(rules)
    for rule in rules:
        assert Path(rule.file).name == f"{rule.code}-{rule.slug}.yaml"
        assert rule.scope == Path(rule.file).parent.name


@pytest.mark.slow
def test_every_rule_builds_a_gx_expectation() -> None:
    from factlint.rules.gx import build_expectation

    rules = load_rules(str(CHECKS))
    built = [build_expectation(rule) for rule in rules]
    assert [e.meta["rule"] for e in built] == [r.code for r in rules]


def _copy_checks(tmp_path: Path) -> Path:
    target = tmp_path / "checks"
    shutil.copytree(CHECKS, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("column: speaker_kind\n", "column: speaker_kin\n", "has no column 'speaker_kin'; did you mean 'speaker_kind'"),
        ("column: {name: what}", "column: {name: whut}", "has no column 'whut'"),
        ("kind {speaker_kind}", "kind {speakr_kind}", "the message names '{speakr_kind}'"),
        ("severity: error", "severity: fatal", "'fatal' is not one of"),
        ("table: quotes", "table: quote", "'quote' is not one of"),
    ],
)
def test_broken_rule_file_is_a_setup_error_naming_the_file(tmp_path: Path, old: str, new: str, message: str) -> None:
    checks = _copy_checks(tmp_path)
    path = checks / "quotes" / "FC221-quote-attributed.yaml"
    _edit(path, old, new)
    with pytest.raises(RuleSetupError, match=r"FC221-quote-attributed\.yaml") as info:
        load_rules(str(checks))
    assert message in str(info.value)


def test_table_parameters_are_read_from_the_rule_files() -> None:
    params = catalog.table_parameters(load_rules(str(CHECKS)))
    assert params["name_comparison"] == ["nfkc", "casefold", "collapse_white_space"]
    assert {"open": "«", "close": "»"} in params["quotation_marks"]


@pytest.mark.parametrize(
    ("rule", "old", "new", "message"),
    [
        # a table's builder reads only its own parameters
        (
            "quotes/FC221-quote-attributed.yaml",
            "table: quotes\n",
            "table: quotes\ntable_parameters:\n  name_comparison: [casefold]\n",
            "table 'quotes' reads no parameter 'name_comparison' (it reads: none)",
        ),
        # a parameter no rule on the table sets is refused, never defaulted in Python
        (
            "identity/FC308-alias-names-one-entity.yaml",
            "  name_comparison: [nfkc, casefold, collapse_white_space]\n",
            "  name_comparisons: [nfkc]\n",
            "Additional properties are not allowed",
        ),
        (
            "identity/FC308-alias-names-one-entity.yaml",
            "table_parameters:\n",
            "unused_parameters:\n",
            "Additional properties are not allowed",
        ),
        (
            "quotes/FC225-quoted-phrase-in-evidence.yaml",
            '{open: "«", close: "»"}',
            '{open: "«»", close: "»"}',
            "is too long",
        ),
        ("identity/FC308-alias-names-one-entity.yaml", "casefold, collapse", "lowercase, collapse", "is not one of"),
    ],
)
def test_broken_table_parameters_are_a_setup_error(tmp_path: Path, rule: str, old: str, new: str, message: str) -> None:
    checks = _copy_checks(tmp_path)
    _edit(checks / rule, old, new)
    with pytest.raises(RuleSetupError, match=Path(rule).name.replace(".", r"\.")) as info:
        load_rules(str(checks))
    assert message in str(info.value)


def test_a_table_parameter_no_rule_sets_or_two_rules_set_is_a_setup_error(tmp_path: Path) -> None:
    checks = _copy_checks(tmp_path)
    fc308 = checks / "identity" / "FC308-alias-names-one-entity.yaml"
    text = fc308.read_text(encoding="utf-8")
    start, end = text.index("table_parameters:"), text.index("expectation:")
    fc308.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(RuleSetupError, match=r"table 'names' needs table_parameters\.name_comparison, which none of"):
        load_rules(str(checks))
    fc308.write_text(text, encoding="utf-8")
    twin = checks / "identity" / "FC399-alias-twin.yaml"
    twin_text = text.replace("code: FC308", "code: FC399").replace("slug: alias-names-one-entity", "slug: alias-twin")
    twin.write_text(twin_text, encoding="utf-8")
    with pytest.raises(RuleSetupError, match=r"table_parameters\.name_comparison is set by FC308 too"):
        load_rules(str(checks))


def test_file_name_must_match_code_and_slug(tmp_path: Path) -> None:
    checks = _copy_checks(tmp_path)
    (checks / "quotes" / "FC221-quote-attributed.yaml").rename(checks / "quotes" / "FC221-quotes.yaml")
    with pytest.raises(RuleSetupError, match=r"must be named FC221-quote-attributed\.yaml"):
        load_rules(str(checks))


def test_duplicate_codes_are_refused(tmp_path: Path) -> None:
    checks = _copy_checks(tmp_path)
    path = checks / "quotes" / "FC223-quote-typography.yaml"
    _edit(path, "code: FC223", "code: FC222")
    path.rename(checks / "quotes" / "FC222-quote-typography.yaml")
    with pytest.raises(RuleSetupError, match="rule code FC222 is also used by"):
        load_rules(str(checks))


def test_no_rule_files_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RuleSetupError, match="no rule files"):
        load_rules(str(tmp_path))


def test_string_row_condition_is_refused(tmp_path: Path) -> None:
    checks = _copy_checks(tmp_path)
    path = checks / "quotes" / "FC221-quote-attributed.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    row_condition:")
    end = text.index("message:")
    path.write_text(text[:start] + "    row_condition: 'what==\"quote\"'\n" + text[end:], encoding="utf-8")
    with pytest.raises(RuleSetupError, match="dict form"):
        load_rules(str(checks))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("type: expect_column_values_to_be_in_set", "type: expect_column_values_to_be_in_sett", "did you mean"),
        ("type: expect_column_values_to_be_in_set", "type: expect_nothing_at_all", "unknown expectation type"),
        ("    column: speaker_kind\n", "    column: speaker_kind\n    mostly: 7\n", "bad expectation arguments"),
    ],
)
def test_unknown_expectation_or_bad_argument_exits_2_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli, old: str, new: str, message: str
) -> None:
    checks = _copy_checks(tmp_path)
    _edit(checks / "quotes" / "FC221-quote-attributed.yaml", old, new)
    monkeypatch.setattr(catalog, "data_dir", lambda name: checks)
    load_rules.cache_clear()
    try:
        run = cli("validate", "--today", "2026-11-28", str(FIXTURES / "valid"))
    finally:
        load_rules.cache_clear()
    assert run.code == 2
    assert "FC221-quote-attributed.yaml" in run.err
    assert message in run.err
    assert "Traceback" not in run.err


def test_rules_and_explain(cli) -> None:
    listed = {tuple(line.split()[:3]) for line in cli("rules").out.splitlines()}
    for rule in load_rules(str(CHECKS)):
        assert (rule.code, rule.slug, rule.severity.value) in listed
    run = cli("explain", "FC211")
    assert run.code == 0
    assert "exclusive-statuses" in run.out
    assert "Violation:" in run.out
    assert "Fix:" in run.out
    assert "reads from this rule file" not in run.out
    run = cli("explain", "FC308")
    assert "The table's builder reads from this rule file:\n    name_comparison:\n    - nfkc\n" in run.out


def test_rules_reference_is_up_to_date() -> None:
    from factlint.rules import doc

    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == doc.generate(), "docs/rules.md is stale: run `python -m factlint.rules.doc docs/rules.md`"


@pytest.mark.slow
def test_every_rule_that_ran_travels_on_the_result() -> None:
    import datetime as dt

    from factlint import validate

    result = validate.run([str(ROOT / "claims")], today=dt.date(2026, 11, 29))
    rules = load_rules()
    assert [r.code for r in result.rule_runs] == [r.code for r in rules]
    by_code = {r.code: r for r in result.rule_runs}
    for rule in rules:
        run = by_code[rule.code]
        assert (run.slug, run.title, run.table) == (rule.slug, rule.title, rule.table)
        assert run.description == rule.description
        assert run.expectation_type == rule.expectation["type"]
        assert run.kwargs == rule.expectation["kwargs"]
        assert run.passed
        assert run.rows_failed == 0
        assert run.waivable is rule.waivable
    assert by_code["FC302"].rows_evaluated == sum(result.records_by_kind().values())
    assert by_code["FC241"].rows_evaluated < by_code["FC302"].rows_evaluated  # after its row condition


def test_reporters_never_load_the_rule_files() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from factlint.model import Finding, Result\n"
        "from factlint.reporters import REPORTER_BY_NAME, render\n"
        "r = Result(paths=['c'], files_checked=1, stages=['schema', 'rules'], rules_run=['FC211'])\n"
        "r.add(Finding('c/x.yaml', 1, 1, 'FC211', 'm', 'exclusive-statuses'))\n"
        "for name in REPORTER_BY_NAME: render(name, r)\n"
        "assert 'factlint.rules.catalog' not in sys.modules, 'a reporter loaded the rule catalogue'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_the_waiver_horizon_is_documented_as_its_rule_file_sets_it() -> None:
    """The horizon is policy in checks/ (FC253's max_value); every text that names it says the same number."""
    import json

    rule = next(r for r in load_rules(str(CHECKS)) if r.code == "FC253")
    assert rule.waivable is False  # a waiver cannot extend itself
    kwargs = rule.expectation["kwargs"]
    horizon = kwargs["max_value"]
    assert isinstance(horizon, int)
    assert kwargs["min_value"] == 0
    waiver = json.loads((ROOT / "schemas" / "common.schema.json").read_text(encoding="utf-8"))["$defs"]["waiver"]
    texts = {
        "FC253 description": rule.description,
        "FC253 message": rule.message,
        "schema waiver": waiver["description"],
        "schema granted": waiver["properties"]["granted"]["description"],
        "schema expires": waiver["properties"]["expires"]["description"],
        "README.md": (ROOT / "README.md").read_text(encoding="utf-8"),
        "docs/reports.md": (ROOT / "docs" / "reports.md").read_text(encoding="utf-8"),
    }
    for where, text in texts.items():
        assert f"{horizon} days" in text, where
    assert waiver["required"] == ["rule", "reason", "granted", "expires"]


def _rule_text(code: str) -> str:
    return next(CHECKS.rglob(f"{code}-*.yaml")).read_text(encoding="utf-8")


def test_what_the_rule_files_say_python_computes_is_what_it_computes() -> None:
    """Where a builder computes a column by a fixed list, the rule files state the list: keep them equal."""
    from factlint.rules.tables.placeholders import FILLED
    from factlint.rules.textmatch import _TYPO

    for code in ("FC222", "FC223", "FC224", "FC225"):
        text = _rule_text(code)
        for char, reads_as in _TYPO.items():
            assert f"{chr(char)} " in text or f"{chr(char)}\n" in text, (code, chr(char))
            assert f" as {reads_as}" in text or f"read as {reads_as}" in text, (code, reads_as)
    fc271 = " ".join(line.strip(" #") for line in _rule_text("FC271").splitlines())
    for kind, paths in FILLED.items():
        for path in paths:
            dotted = ".".join(str(p) for p in path).replace(".*", "[]")
            assert dotted in fc271, (kind, dotted)


def test_a_placeholder_in_a_listed_field_is_told_the_values_the_schema_lists() -> None:
    """FC271's 'replace it with ...' (the placeholders table's wanted column) lists what schemas/ lists for the
    field, TODO left out, and names no values for a free-text field."""
    import json

    from factlint.rules.tables.placeholders import FILLED, wanted

    claim = json.loads((ROOT / "schemas" / "claim.schema.json").read_text(encoding="utf-8"))
    common = json.loads((ROOT / "schemas" / "common.schema.json").read_text(encoding="utf-8"))
    listed = {
        ("status", "value"): claim["properties"]["status"]["properties"]["value"]["enum"],
        ("event", "kind"): claim["properties"]["event"]["properties"]["kind"]["enum"],
        ("verdict", "rating"): common["$defs"]["rating"]["enum"],
    }
    for field, values in listed.items():
        assert "TODO" in values
        assert wanted("claim", field) == "one of: " + ", ".join(v for v in values if v != "TODO")
    for kind, fields in FILLED.items():
        for field in fields:
            if field not in listed:
                assert wanted(kind, field) == "the real value", (kind, field)


def test_the_evidence_excerpt_rules_match_as_the_quote_rules_they_point_to(tmp_path: Path) -> None:
    """FC226 and FC227 state their normalisation by pointing at FC223 (whose table the test above keeps equal
    to Python's): an evidence excerpt must get exactly the match a span of the same text gets, for every
    character of that table, white space, omissions, and a text that is not there."""
    from factlint.record import Record
    from factlint.rules.tables import build
    from factlint.rules.textmatch import _TYPO

    for code in ("FC226", "FC227"):
        assert "FC223" in _rule_text(code), f"{code} no longer says whose normalisation its match uses"
    ascii_forms = sorted(set(_TYPO.values()))
    (tmp_path / "s.txt").write_text(" ".join(f"alpha{c}beta" for c in ascii_forms), encoding="utf-8")
    texts = [f"alpha{chr(c)}beta" for c in _TYPO]  # each typographic character: normalized
    texts += [f"alpha{ascii_forms[0]}beta", f"alpha{ascii_forms[0]}beta \u2026 alpha{ascii_forms[-1]}beta"]  # exact
    texts += [f"alpha{ascii_forms[0]}beta  \n alpha{ascii_forms[1]}beta", "\uff41lpha-beta", "alpha beta gamma"]
    source = Record(
        "source", str(tmp_path / "s.yaml"), {"id": "s", "outlet": "o", "archive": {"path": "s.txt", "sha256": "0"}}
    )
    claim = Record(
        "claim",
        str(tmp_path / "c.yaml"),
        {
            "id": "c", "type": "statement", "article": "s", "as_of": "2026-01-19",
            "attribution": {"speaker": "nobody", "date": "2026-01-19"},
            "sources": [{"source": "s", "span": t} for t in texts],
            "verdict": {"rating": "unverified", "explanation": "x",
                        "evidence": [{"source": "s", "excerpt": t} for t in texts]},
            "review": {"state": "draft"},
        },
    )  # fmt: skip
    tables = build([source, claim])
    spans = [m for m, what in zip(tables["quotes"].columns["match"], tables["quotes"].columns["what"], strict=True)
             if what == "span"]  # fmt: skip
    excerpts = tables["excerpts"].columns["match"]
    assert spans == excerpts
    assert spans == ["normalized"] * len(_TYPO) + ["exact", "exact", "normalized", "normalized", "not-found"]
