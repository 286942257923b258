"""The benchmark's kept corpora (bench/kept.py): generated once, linked into each run, never changed by it; and
the pure helpers of its printed table (bench/report.py), as data."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from bench import kept as bench_kept
from bench import report as bench_report
from bench.generate import generate


def _files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _refuse(*args: object, **kwargs: object) -> None:
    raise AssertionError("generated again although the corpus is kept")


def test_a_kept_corpus_is_the_generated_one_and_is_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kept = tmp_path / "kept"
    fresh = generate(tmp_path / "fresh", claims=100, seed=9, rate=0.01)
    manifest = bench_kept.corpus(tmp_path / "a", 100, 9, 0.01, kept)
    assert manifest == fresh.as_dict()
    assert _files(tmp_path / "a") == _files(tmp_path / "fresh")
    monkeypatch.setattr(bench_kept, "generate", _refuse)
    assert bench_kept.corpus(tmp_path / "b", 100, 9, 0.01, kept) == manifest
    assert _files(tmp_path / "b") == _files(tmp_path / "fresh")


def test_the_bench_edits_never_reach_the_kept_corpus(tmp_path: Path) -> None:
    kept = tmp_path / "kept"
    bench_kept.corpus(tmp_path / "a", 100, 9, 0.01, kept)
    before = _files(tmp_path / "a")
    bench_kept.edit_one(tmp_path / "a", 0)
    bench_kept.edit_one(tmp_path / "a", 1)
    after = _files(tmp_path / "a")
    changed = sorted(k for k in before if before[k] != after[k])
    assert len(changed) == 2
    assert set(after) == set(before)
    (entry,) = [p for p in kept.iterdir() if not p.name.startswith(".")]
    assert _files(entry / "corpus") == before


def test_another_size_seed_rate_or_generator_is_another_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keys = {
        bench_kept.corpus_key(100, 9, 0.01),
        bench_kept.corpus_key(101, 9, 0.01),
        bench_kept.corpus_key(100, 10, 0.01),
    }
    keys.add(bench_kept.corpus_key(100, 9, 0.02))
    changed = tmp_path / "generate.py"
    changed.write_bytes(bench_kept.GENERATOR.read_bytes() + b"\n# changed\n")
    monkeypatch.setattr(bench_kept, "GENERATOR", changed)
    keys.add(bench_kept.corpus_key(100, 9, 0.01))
    assert len(keys) == 5


def test_a_kept_corpus_that_lost_a_file_is_generated_again(tmp_path: Path) -> None:
    kept = tmp_path / "kept"
    bench_kept.corpus(tmp_path / "a", 100, 9, 0.01, kept)
    (entry,) = list(kept.iterdir())
    victim = next((entry / "corpus" / "entities").iterdir())
    victim.unlink()
    bench_kept.corpus(tmp_path / "b", 100, 9, 0.01, kept)
    assert _files(tmp_path / "b") == _files(tmp_path / "a")


# The bench's pure helpers, as data: no time is measured or asserted here.


def test_the_edit_says_which_file_got_which_line(tmp_path: Path) -> None:
    generate(tmp_path / "c", claims=30, seed=9, rate=0.0)
    edit = bench_kept.edit_one(tmp_path / "c", 4)
    assert edit == {"file": edit["file"], "appended": "# bench edit 4"}
    assert edit["file"].startswith("articles/")
    assert edit["file"].endswith(".yaml")
    assert (tmp_path / "c" / edit["file"]).read_text("utf-8").endswith("\n# bench edit 4\n")


def test_rule_stats_best_median_worst_of_the_samples() -> None:
    stats = bench_report.rule_stats({"FC302": [0.009, 0.223, 0.008, 0.010, 0.011], "FC301": [0.02], "FC303": []})
    assert stats == {
        "FC301": {"best": 0.02, "median": 0.02, "worst": 0.02, "n": 1},
        "FC302": {"best": 0.008, "median": 0.010, "worst": 0.223, "n": 5},
    }


def test_rule_ratios_of_bests_and_medians_where_both_sizes_have_the_rule() -> None:
    small = bench_report.rule_stats(
        {"FC302": [0.008, 0.009, 0.2], "FC301": [0.01, 0.02, 0.03], "FC309": [0.0, 0.0, 0.0]}
    )
    large = bench_report.rule_stats({"FC302": [0.08, 0.09, 0.07], "FC301": [0.1, 0.4, 0.2], "FC304": [1.0]})
    ratios = bench_report.rule_ratios(small, large)
    assert set(ratios) == {"FC301", "FC302"}  # FC304 only at one size; FC309 0 s at the small one
    assert ratios["FC302"] == pytest.approx({"best": 0.07 / 0.008, "median": 0.08 / 0.009})
    assert ratios["FC301"] == pytest.approx({"best": 10.0, "median": 10.0})


def _size(wall: float, peak: float, maxrss: float, per_rule: dict[str, list[float]] | None = None) -> dict[str, object]:
    runs = {"full": wall, "warm": wall / 2, "schema_only": wall / 4, "schema_warm": wall / 10, "floor": wall / 4}
    out: dict[str, object] = {k: {"wall": v, "peak_mib": peak, "maxrss_mib": maxrss} for k, v in runs.items()}
    if per_rule is not None:
        out["per_rule"] = bench_report.rule_stats(per_rule)
    return out


def test_the_targets_use_the_whole_trees_peak_and_the_best_samples() -> None:
    noisy = [0.08, 0.09, 0.25, 0.07, 0.08]  # one disturbed sample of five: 0.25 / 0.008 would be 31x
    results = {
        "sizes": {
            "10000": _size(4.0, 250, 220, {"FC302": [0.008, 0.009, 0.010, 0.009, 0.012], "FC301": [0.01] * 5}),
            "100000": _size(30.0, 1150, 860, {"FC302": noisy, "FC301": [0.13] * 5}),
        }
    }
    lines = {name: (value, limit, unit) for name, value, limit, unit, _ in bench_report.targets(results)}
    memory = lines["100k peak memory (full, cold; all of its processes at once)"]
    assert memory == (1150, 700, " MiB")  # the tree's peak, not the largest process's 860
    assert lines["per rule 100k / 10k, best of 5 samples (worst rule: FC301)"] == (pytest.approx(13.0), 12, "")
    assert bench_report.target_line("x", 13.0, 12) == "  x: 13.000 (target <= 12) NOT met"
    assert bench_report.target_line("y", 1150, 700, " MiB") == "  y: 1150.000 MiB (target <= 700 MiB) NOT met"
    assert bench_report.target_line("z", 12.0, 12) == "  z: 12.000 (target <= 12) met"


def test_the_per_rule_table_prints_the_spread_and_both_ratios() -> None:
    sizes = {
        "10000": {"per_rule": bench_report.rule_stats({"FC302": [0.008, 0.009, 0.2]})},
        "100000": {"per_rule": bench_report.rule_stats({"FC302": [0.08, 0.09, 0.07]})},
    }
    head, columns, row = bench_report.per_rule_lines(sizes)
    assert "3 samples" in head
    assert "best" in head
    assert columns.split() == [
        "rule",
        "10k",
        "best",
        "median",
        "worst",
        "100k",
        "best",
        "median",
        "worst",
        "100k/10k",
        "best",
        "(median)",
    ]
    assert row.split() == ["FC302", "0.0080", "0.0090", "0.2000", "0.0700", "0.0800", "0.0900", "8.8", "(8.9)"]


def test_a_failed_run_is_printed_as_failed() -> None:
    sizes = {"1000": {**_size(4.0, 250, 220), "files": 10, "per_rule_run": {"code": 2}}}
    for run in ("full", "warm", "schema_only", "schema_warm", "floor"):
        sizes["1000"][run].update(codes=[1], others_cores=0.0, phases={})  # type: ignore[attr-defined]
    sizes["1000"]["warm"]["codes"] = [0, 3]  # type: ignore[index]
    text = bench_report.report({"machine": {"cpus": 2}, "sizes": sizes})
    assert "FAILED runs (exit codes): {'warm': [0, 3], 'per_rule': [2]}" in text


def test_a_target_line_names_the_other_load_of_the_runs_it_compares() -> None:
    sizes = {"10000": _size(4.0, 250, 220)}
    sizes["10000"]["full"]["others_cores"] = 1.7  # type: ignore[index]
    sizes["10000"]["floor"]["others_cores"] = 0.1  # type: ignore[index]
    sizes["10000"]["warm"]["others_cores"] = 0.2  # type: ignore[index]
    found = {t[0]: t for t in bench_report.targets({"sizes": sizes})}
    assert found["10k full / floor"][4] == 1.7  # the busier of the two runs
    assert bench_report.target_line(*found["10k full / floor"]).endswith(
        "(target <= 3.5) NOT met (others kept 1.7 CPUs busy in these runs)"
    )
    warm = found["10k warm (one file changed) / cold full"]
    assert warm[4] == 1.7
    assert bench_report.target_line(*warm).endswith("(target <= 0.9) met (others kept 1.7 CPUs busy in these runs)")
    quiet = ("10k schema-only / floor (warm)", 0.4, 0.5, "", 0.2)
    assert bench_report.target_line(*quiet) == "  10k schema-only / floor (warm): 0.400 (target <= 0.5) met"
