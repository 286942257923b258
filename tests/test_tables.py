"""Derived facts of the rule tables, on small in-memory corpora."""

from __future__ import annotations

from factlint import loader
from factlint.record import PositionIndex, Record
from factlint.rules.tables import build, locate


def record(kind: str, file: str, text: str) -> Record:
    doc = loader.loads(text)
    return Record(kind=kind, file=file, data=doc.data, positions=doc.positions)


def status(claim_id: str, subject: str, value: str, as_of: str, source: str) -> Record:
    return record(
        "claim",
        f"claims/a/{claim_id}.yaml",
        f"id: {claim_id}\ntype: status\narticle: {source}\nstatement: x\n"
        f"attribution: {{speaker: s, date: '{as_of}'}}\nsources: [{{source: {source}, span: x}}]\n"
        f"as_of: '{as_of}'\nstatus:\n  subject: {subject}\n  body: council\n  value: {value}\n"
        "verdict: {rating: unverified, explanation: x, evidence: []}\nreview: {state: draft}\n",
    )


def test_statuses_on_the_same_date_pair_up_and_name_two_sources() -> None:
    rows = build(
        [
            status("fr-unannounced", "france", "unannounced", "2026-01-19", "outlet-a"),
            status("fr-confirmed", "france", "confirmed", "2026-01-19", "outlet-b"),
            status("de-confirmed", "germany", "confirmed", "2026-01-19", "outlet-a"),
        ]
    )["status_pairs"]
    assert len(rows) == 1
    (row,) = rows
    assert row["pair"] == "confirmed|unannounced"
    assert row["claim_id"] == "fr-confirmed"  # the group's first claim in file order
    assert row["claims"] == 2
    assert row["listing"] == "fr-confirmed (confirmed), fr-unannounced (unannounced)"
    located = locate(row, PositionIndex())  # positions are looked up only for rows that are reported
    assert located["line"] == 11  # the status value of the anchor
    assert row["between"] == "a conflict between 2 sources, outlet-a, outlet-b"


def test_many_conflicting_claims_give_rows_per_pair_of_values_not_per_pair_of_claims() -> None:
    values = ["confirmed", "unannounced", "declined"]
    claims = [status(f"c{i:03}", "italy", values[i % 3], "2026-01-19", "outlet-a") for i in range(300)]
    rows = build(claims)["status_pairs"]
    assert sorted(r["pair"] for r in rows) == ["confirmed|declined", "confirmed|unannounced", "declined|unannounced"]
    assert {r["claim_id"] for r in rows} == {"c000"}
    assert {r["claims"] for r in rows} == {300}
    listing = rows[0]["listing"]
    assert listing.startswith("c000 (confirmed), c001 (unannounced), c002 (declined), ")
    assert listing.endswith(", and 280 more")
    assert rows[0]["between"] == "all come from the same source, outlet-a"


def test_one_status_given_twice_is_no_conflict() -> None:
    rows = build(
        [
            status("a", "france", "confirmed", "2026-01-19", "outlet-a"),
            status("b", "france", "confirmed", "2026-01-19", "outlet-b"),
        ]
    )["status_pairs"]
    assert len(rows) == 0


def test_a_status_that_changes_over_time_is_not_paired() -> None:
    rows = build(
        [
            status("fr-unannounced", "france", "unannounced", "2026-01-19", "outlet-a"),
            status("fr-confirmed", "france", "confirmed", "2026-01-22", "outlet-a"),
        ]
    )["status_pairs"]
    assert len(rows) == 0


def composition(claim_id: str, body: str, seats: int, members: list[str], complete: bool) -> Record:
    return record(
        "claim",
        f"claims/a/{claim_id}.yaml",
        f"id: {claim_id}\ntype: composition\narticle: art\nstatement: x\n"
        "attribution: {speaker: s, date: '2026-01-19'}\n"
        f"sources: [{{source: art, span: x}}]\nas_of: '2026-01-19'\n"
        f"composition: {{body: {body}, seats: {seats}, members: [{', '.join(members)}], "
        f"members_complete: {'true' if complete else 'false'}}}\n"
        "verdict: {rating: unverified, explanation: x, evidence: []}\nreview: {state: draft}\n",
    )


def overlap(count: int) -> Record:
    return record(
        "claim",
        "claims/a/shared.yaml",
        "id: shared\ntype: overlap\narticle: art\nstatement: x\nattribution: {speaker: s, date: '2026-01-19'}\n"
        "sources: [{source: art, span: x}]\nas_of: '2026-01-19'\n"
        f"overlap: {{bodies: [big, small], count: {count}}}\n"
        "verdict: {rating: unverified, explanation: x, evidence: []}\nreview: {state: draft}\n",
    )


def test_overlap_takes_seats_from_compositions_and_computes_shared_members() -> None:
    rows = build(
        [
            composition("big-board", "big", 11, ["a", "b", "c", "d"], True),
            composition("small-board", "small", 7, ["c", "d", "e"], True),
            overlap(4),
        ]
    )["overlaps"]
    (row,) = rows
    assert (row["seats_a"], row["seats_b"], row["min_seats"], row["smaller_body"]) == (11, 7, 7, "small")
    assert row["computed_overlap"] == 2


def test_overlap_with_an_incomplete_list_computes_nothing() -> None:
    rows = build(
        [
            composition("big-board", "big", 11, ["a", "b"], False),
            composition("small-board", "small", 7, ["a"], True),
            overlap(1),
        ]
    )["overlaps"]
    assert rows[0]["computed_overlap"] is None


def test_positions_are_read_per_run_by_absolute_path_and_an_unreadable_file_is_reported(tmp_path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    (one / "x.yaml").write_text("id: x\nkind: person\n", encoding="utf-8")
    (two / "x.yaml").write_text("\n\nid: x\nkind: person\n", encoding="utf-8")
    index = PositionIndex()
    # The same display name in two corpora: each record is placed in its own file.
    first = Record("entity", "x.yaml", {"id": "x"}, None, str(one / "x.yaml"))
    second = Record("entity", "x.yaml", {"id": "x"}, None, str(two / "x.yaml"))
    assert index.locate(first, ("kind",)) == (2, 1)
    assert index.locate(second, ("kind",)) == (4, 1)
    gone = Record("entity", "gone.yaml", {"id": "g"}, None, str(tmp_path / "gone.yaml"))
    assert index.locate(gone, ("kind",)) == (1, 1)
    assert list(index.unreadable) == ["gone.yaml"]


def test_a_cut_list_of_failing_rows_is_an_error_never_a_pass() -> None:
    import pytest

    from factlint.model import Rule
    from factlint.rules.gx import RuleRunError, failing_rows

    rule = Rule("FC999", "x", "x", "x", file="checks/x/FC999-x.yaml")
    listed = {"unexpected_index_list": [{"row_id": 3}, {"row_id": 1}], "element_count": 10, "missing_count": 2}
    assert failing_rows(rule, False, {**listed, "unexpected_count": 2}, 10) == ([1, 3], 8)
    with pytest.raises(RuleRunError, match="counted 25 failing rows but named 2"):
        failing_rows(rule, False, {**listed, "unexpected_count": 25}, 10)
    with pytest.raises(RuleRunError, match="without naming a failing row"):
        failing_rows(rule, False, {"unexpected_count": 3}, 10)


def test_failing_rows_come_as_index_values_on_pandas_and_as_row_id_columns_on_spark() -> None:
    import numpy as np

    from factlint.model import Rule
    from factlint.rules.gx import failing_rows

    rule = Rule("FC999", "x", "x", "x", file="checks/x/FC999-x.yaml")
    counts = {"unexpected_count": 2, "element_count": 10}
    assert failing_rows(rule, False, {"unexpected_index_list": [np.int64(3), 1], **counts}, 10) == ([1, 3], 10)
    spark = [{"row_id": np.int64(3)}, {"row_id": 1}]
    assert failing_rows(rule, False, {"unexpected_index_list": spark, **counts}, 10) == ([1, 3], 10)


def test_a_frames_index_is_its_row_ids() -> None:
    # pandas reports failing rows by the frame's index (gx.PANDAS_RESULT_FORMAT): it must be the row ids.
    from factlint.rules.tables import frames

    data = frames(
        build(
            [
                status("fr-unannounced", "france", "unannounced", "2026-01-19", "outlet-a"),
                status("fr-confirmed", "france", "confirmed", "2026-01-19", "outlet-b"),
                status("de-confirmed", "germany", "confirmed", "2026-01-19", "outlet-a"),
            ]
        )
    )
    assert sum(len(frame) for frame in data.values()) > 10
    for name, frame in data.items():
        assert list(frame.index) == [int(i) for i in frame["row_id"]] == list(range(len(frame))), name


def test_references_carry_existence_and_kind_as_columns() -> None:
    council = record("entity", "claims/entities/council.yaml", "id: council\nkind: body\nname: C\n")
    rows = build(
        [council, status("fr", "france", "confirmed", "2026-01-19", "outlet-a")],
        {"entity": {"france"}},  # france's record failed its schema: it exists, without a kind
    )["references"]
    by_field = {row["field"]: row for row in rows}
    assert by_field["/status/subject"]["exists"] is True
    assert by_field["/status/subject"]["target_kind"] is None
    assert by_field["/status/subject"]["slot_kind"] is None
    assert by_field["/status/body"]["exists"] is True
    assert by_field["/status/body"]["slot_kind"] == "status/body:body"
    assert by_field["/attribution/speaker"]["exists"] is False  # 's' names nothing
    assert by_field["/article"]["exists"] is False


def test_no_suite_parameter_grows_with_the_corpus() -> None:
    from factlint.rules.tables import PARAMETERS

    assert set(PARAMETERS) == {"rule_codes", "unwaivable_codes", "today_day"}  # codes of rules: never the corpus


def test_an_empty_table_keeps_its_declared_column_types() -> None:
    from factlint.rules.tables import DTYPES, frames

    data = frames(build([]))
    for name, frame in data.items():
        assert len(frame) == 0
        for column in frame.columns:
            assert str(frame[column].dtype) == DTYPES[name][column], (name, column)
    assert str(data["waivers"]["rule"].dtype) == "string"
    assert str(data["coverage"]["complete"].dtype) == "boolean"
    assert str(data["overlaps"]["min_seats"].dtype) == "Int64"


def test_a_record_checked_in_a_worker_brings_its_marks_and_its_file_is_not_read_again(tmp_path, monkeypatch) -> None:
    from factlint import loader, loadstage
    from factlint.model import Result

    monkeypatch.setenv("FACTLINT_WORKERS", "2")
    files = []
    for i in range(4):
        path = tmp_path / f"p{i}.yaml"
        path.write_text("\n" * i + f"id: p{i}\nkind: person\nname: P {i}\n", encoding="utf-8")
        files.append(str(path))
    result = Result()
    loadstage.check_all(files, [f"p{i}.yaml" for i in range(4)], ["entity"] * 4, result, None, rules=False)
    assert [r.id for r in result.records] == ["p0", "p1", "p2", "p3"]
    assert all(isinstance(r.positions, loader.Marks) for r in result.records)

    def no_read(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("a file was read again for its positions")

    monkeypatch.setattr(loader, "read_path", no_read)
    for i, rec in enumerate(result.records):
        assert result.positions.locate(rec, ("kind",)) == (i + 2, 1)
        assert result.positions.locate(rec, ("name",), prefer_value=True) == (i + 3, 7)
    assert not result.positions.unreadable


def test_marks_that_no_longer_fit_the_record_are_not_used_the_file_is_read(tmp_path) -> None:
    from factlint import loader

    path = tmp_path / "x.yaml"
    path.write_text("id: x\n\nkind: person\n", encoding="utf-8")
    marks = loader.loads("id: x\nkind: person\nextra: 1\n").marks  # parsed from other bytes
    rec = Record("entity", "x.yaml", {"id": "x", "kind": "person"}, marks, str(path))
    assert PositionIndex().locate(rec, ("kind",)) == (3, 1)


def test_the_did_you_mean_indexes_go_once_every_records_rows_are_built(monkeypatch) -> None:
    """They are read only while the records' rows are built: kept, they stayed through the tables across records
    and the tables cache's write (at 100k claims ~50 MiB of the build's peak)."""
    from factlint.rules import tables
    from factlint.rules.tables.builder import Builder

    claims = [status("fr-confirmed", "frnace", "confirmed", "2026-01-19", "outlet-a")]
    claims.append(record("entity", "entities/france.yaml", "id: france\nkind: country\nname: France\n"))
    made: list[Builder] = []
    asked: list[int] = []
    original = Builder.fix

    def fix(self: Builder, namespace: str, target: object) -> str:
        made.append(self)
        found = original(self, namespace, target)
        asked.append(len(self._indexes))
        return found

    derived_saw: list[dict[str, object]] = []
    monkeypatch.setattr(Builder, "fix", fix)
    monkeypatch.setattr(tables, "DERIVED", (*tables.DERIVED, lambda b: derived_saw.append(dict(b._indexes))))
    rows = build(claims)["references"]
    assert any("did you mean 'france' (France)?" in (r["fix"] or "") for r in rows)
    assert asked
    assert min(asked) >= 1  # each dangling reference was looked up in an index
    assert derived_saw == [{}]  # gone before the tables across records are made
    assert made[0]._indexes == {}
