"""The rule tables kept in the content cache (src/factlint/rules/tables/cached/) never change a result.

A warm build takes over the rows of the records that did not change and builds the rest: its tables are the
tables a build from scratch gives, value for value and type for type, and every row's records are this run's
record objects; after each kind of edit a pull request makes (cases as data below) only the records it touches
are built again. A torn, foreign or mismatched tables file is ignored. Cold and warm CLI runs write
byte-identical reports.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from bench.generate import TODAY, generate

from factlint import cache, validate
from factlint.model import Result
from factlint.rules.catalog import load_rules, table_parameters
from factlint.rules.tables import TABLES, Table, build, cached
from factlint.rules.tables.cached.fileformat import HEADER
from factlint.rules.tables.cells import Coded

from .conftest import REPORT_FILES, run_cli


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tables") / "corpus"
    generate(root, claims=300, seed=5, rate=0.01)
    return root


@pytest.fixture
def corpus(generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the generated corpus this test may edit."""
    monkeypatch.setattr(cache, "RACY_SECONDS", 0)  # the files were just written: let their stat vouch for them
    root = tmp_path / "corpus"
    shutil.copytree(generated, root)
    return root


def _load(root: Path, folder: Path) -> Result:
    return validate.run([str(root)], schema_only=True, cache=cache.Cache(folder))


def _cells(column: list[Any]) -> list[Any]:
    """A column's values with their types; a record as its identity (the object itself, not an equal copy)."""
    out: list[Any] = []
    for v in column:
        if isinstance(v, tuple) and v and all(hasattr(x, "kind") for x in v):
            out.append(("records", tuple(id(x) for x in v)))
        elif hasattr(v, "kind") and hasattr(v, "key"):
            out.append(("record", id(v)))
        else:
            out.append((type(v).__name__, v))
    return out


def assert_same(got: dict[str, Table], want: dict[str, Table]) -> None:
    assert set(got) == set(want) == set(TABLES)
    for name in TABLES:
        g, w = got[name].columns, want[name].columns
        assert list(g) == list(w), name
        for column in g:
            assert _cells(g[column]) == _cells(w[column]), (name, column)


def _build(root: Path, folder: Path, parameters: dict[str, Any] | None = None) -> tuple[Result, cached.TableStore]:
    """Load ``root`` through the content cache, build its tables through the table cache, and check them against
    a build from scratch of the same records."""
    result = _load(root, folder)
    parameters = table_parameters(load_rules()) if parameters is None else parameters
    store = cached.TableStore(folder, str(root))
    got = build(result.records, result.invalid_ids, parameters, store)
    store.wait()
    assert store.error is None
    assert_same(got, build(result.records, result.invalid_ids, parameters))
    return result, store


def _claim(root: Path, kind: str) -> Path:
    for path in sorted((root / "articles").rglob("*.yaml")):
        text = path.read_text("utf-8")
        if f"\ntype: {kind}\n" in text and "\nwaivers:" not in text:
            return path
    raise AssertionError(f"no {kind} claim")


def _edit(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")


def comment(root: Path) -> None:
    with _claim(root, "status").open("a", encoding="utf-8") as fh:
        fh.write("# a comment: the same record, new bytes\n")


def quote_text(root: Path) -> None:
    _edit(_claim(root, "quote"), lambda d: d["quote"].update(text=d["quote"]["text"] + " and more"))


def new_claim(root: Path) -> None:
    template = _claim(root, "status")
    data = yaml.safe_load(template.read_text("utf-8"))
    data["id"] = data["id"] + "-new"
    (template.parent / f"{data['id']}.yaml").write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")

    def listed(cov: dict[str, Any]) -> None:
        cov["sentences"][-1].setdefault("claims", []).append(data["id"])

    _edit(root / "coverage" / f"{data['article']}.yaml", listed)


def removed_claim(root: Path) -> None:
    _claim(root, "composition").unlink()


def removed_source(root: Path) -> None:
    (root / "sources" / "wire-00001.yaml").unlink()


def archived_text(root: Path) -> None:
    text = sorted((root / "sources").glob("*.txt"))[3]
    text.write_text(text.read_text("utf-8").replace(" ", "  ", 1), "utf-8")


def new_entity(root: Path) -> None:
    (root / "entities" / "person-99999.yaml").write_text(
        "id: person-99999\nkind: person\nname: Person Ninety\ndescription: A new person.\n", "utf-8"
    )


def coverage_map(root: Path) -> None:
    path = sorted((root / "coverage").glob("*.yaml"))[2]
    _edit(path, lambda d: d["sentences"][1].update(claims=[]))


EDITS: list[dict[str, Any]] = [
    {"description": "a comment appended to a claim (the bench's edit)", "edit": comment, "rebuilt": (1, 1)},
    {"description": "a quote's text changed", "edit": quote_text, "rebuilt": (1, 1)},
    {"description": "a new claim listed in its coverage map", "edit": new_claim, "rebuilt": (2, 20)},
    {"description": "a claim removed", "edit": removed_claim, "rebuilt": (1, 20)},
    {"description": "a source cited as evidence removed", "edit": removed_source, "rebuilt": (1, 60)},
    {"description": "an archived text changed", "edit": archived_text, "rebuilt": (1, 40)},
    {"description": "a new entity", "edit": new_entity, "rebuilt": (1, 60)},
    {"description": "a coverage map edited", "edit": coverage_map, "rebuilt": (1, 40)},
]


@pytest.mark.parametrize("case", EDITS, ids=[c["description"] for c in EDITS])
def test_after_an_edit_only_what_it_touches_is_built_again(case: dict[str, Any], corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    result, cold = _build(corpus, folder)
    assert cold.stats["tables_written"] == 1
    assert cold.stats["records_reused"] == 0
    case["edit"](corpus)
    result, warm = _build(corpus, folder)
    assert warm.stats["tables_read"] == 1
    low, high = case["rebuilt"]
    assert low <= warm.stats["records_rebuilt"] <= high, warm.stats
    assert warm.stats["records_reused"] == len(result.records) - warm.stats["records_rebuilt"]
    wrote = warm.stats["tables_written"]
    assert wrote == (warm.stats["records_rebuilt"] > cached.REWRITE_SHARE * len(result.records))
    _, third = _build(corpus, folder)  # from the warm run's tables if it wrote them, else from the cold run's again
    assert third.stats["tables_ignored"] == 0
    assert third.stats["records_rebuilt"] == (0 if wrote else warm.stats["records_rebuilt"])
    assert third.stats["tables_written"] == 0


def test_a_warm_build_that_rebuilt_more_than_a_few_records_writes_its_tables(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cached, "REWRITE_SHARE", 0)
    folder = tmp_path / "cache"
    _build(corpus, folder)
    quote_text(corpus)
    _, warm = _build(corpus, folder)
    assert warm.stats["records_rebuilt"] == 1
    assert warm.stats["tables_written"] == 1
    _, third = _build(corpus, folder)
    assert third.stats["records_rebuilt"] == 0
    assert third.stats["tables_written"] == 0  # nothing rebuilt: not written again


def test_an_archived_text_changed_in_place_with_its_size_and_mtime_kept_is_read_again(
    corpus: Path, tmp_path: Path
) -> None:
    """The stat that vouches for an archived text includes its ctime, which a write moves and no program sets back."""
    folder = tmp_path / "cache"
    _build(corpus, folder)
    text = sorted((corpus / "sources").glob("*.txt"))[3]
    before = text.stat()
    raw = bytearray(text.read_bytes())
    raw[0] = ord("X") if raw[0] != ord("X") else ord("Y")  # same size
    text.write_bytes(bytes(raw))
    os.utime(text, ns=(before.st_atime_ns, before.st_mtime_ns))  # same mtime
    _, warm = _build(corpus, folder)
    assert 1 <= warm.stats["records_rebuilt"] <= 40  # the article's source, its coverage map and its claims
    assert warm.stats["texts_vouched"] < _texts(corpus)


def _texts(root: Path) -> int:
    return len(list((root / "sources").glob("*.txt")))


def test_unchanged_corpus_takes_over_every_record(corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    _build(corpus, folder)
    result, warm = _build(corpus, folder)
    assert warm.stats["records_reused"] == len(result.records) > 300
    assert warm.stats["records_rebuilt"] == 0
    assert warm.stats["texts_vouched"] == _texts(corpus)  # no archived text read again


def test_a_changed_rule_parameter_rebuilds_everything(corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    _build(corpus, folder)
    parameters = table_parameters(load_rules())
    parameters["name_comparison"] = ["casefold"]
    result, warm = _build(corpus, folder, parameters)
    assert warm.stats["records_reused"] == 0
    assert warm.stats["records_rebuilt"] == len(result.records)


def _spoil(path: Path, how: str) -> None:
    raw = bytearray(path.read_bytes())
    if how == "a flipped byte":
        raw[-100] ^= 0x20
    elif how == "cut short":
        raw = raw[: len(raw) // 2]
    elif how == "another namespace":
        head = json.loads(raw[:HEADER])
        head["namespace"] = "0" * 32
        raw[:HEADER] = json.dumps(head).encode().ljust(HEADER)
    elif how == "not a tables file":
        raw = bytearray(b"{}")
    path.write_bytes(bytes(raw))


@pytest.mark.parametrize("how", ["a flipped byte", "cut short", "another namespace", "not a tables file"])
def test_a_spoiled_or_foreign_tables_file_is_ignored(how: str, corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    _, cold = _build(corpus, folder)
    _spoil(cold.path, how)
    result, warm = _build(corpus, folder)
    assert warm.stats["tables_ignored"] == 1
    assert warm.stats["records_reused"] == 0
    assert warm.stats["tables_written"] == 1  # built from scratch and written again
    _, third = _build(corpus, folder)
    assert third.stats["records_reused"] == len(result.records)


def test_a_warm_build_keeps_the_columns_as_compact_as_a_cold_one(corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    _build(corpus, folder)
    quote_text(corpus)  # one record built again, its rows coded into the pools the others' rows come with
    result = _load(corpus, folder)
    parameters = table_parameters(load_rules())
    store = cached.TableStore(folder, str(corpus))
    warm = build(result.records, result.invalid_ids, parameters, store)
    assert store.stats["records_rebuilt"] == 1
    cold = build(result.records, result.invalid_ids, parameters)
    coded = 0
    for name in TABLES:
        for column, cells in cold[name].stored().items():
            if isinstance(cells, Coded) or cells is None:
                assert type(warm[name].stored()[column]) is type(cells), (name, column)
                coded += 1
    assert coded > 50
    assert_same(warm, cold)


def _reports(corpus: Path, out: Path) -> tuple[dict[str, bytes], dict[str, Any]]:
    timings = out / "timings.json"
    run = run_cli(
        "validate", str(corpus), "--today", TODAY.isoformat(), "--report-dir", str(out), "--timings", str(timings)
    )  # fmt: skip
    assert run.code == 1, run.err
    stats = json.loads(timings.read_text("utf-8"))["table_cache"]
    return {name: (out / name).read_bytes() for name in REPORT_FILES}, stats


@pytest.mark.slow
def test_cold_and_warm_runs_write_byte_identical_reports(corpus: Path, tmp_path: Path) -> None:
    _, cold = _reports(corpus, tmp_path / "cold")
    assert cold["tables_written"] == 1
    for i, edit in enumerate((comment, quote_text, new_claim, archived_text)):
        edit(corpus)
        warm, stats = _reports(corpus, tmp_path / f"warm{i}")
        assert stats["records_reused"] > 300, stats
        assert stats["error"] is None
        run_cli("validate", str(corpus), "--no-cache", "--today", TODAY.isoformat(), "--report-dir",
                str(tmp_path / f"nocache{i}"))  # fmt: skip
        assert warm == {name: (tmp_path / f"nocache{i}" / name).read_bytes() for name in REPORT_FILES}
