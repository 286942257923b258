"""The benchmark behind ``nox -s bench``: factlint against its floor and check-jsonschema.

For each size (claims) it generates a corpus with bench/generate.py into a
temporary folder (removed afterwards; never ``claims/``), then runs, each as
a separate process and ``--repeat`` times (``--repeat-large`` for 100k and
more):

* ``full``: ``factlint validate DIR --report-dir R --timings T`` (schema, all
  rules, all seven reports), with the phase times it writes to ``T``;
* ``schema_only``: the same with ``--schema-only``;
* ``floor``: a Python process that only reads every record file and parses it
  with ``yaml.load(..., yaml.CSafeLoader)``: the floor for YAML in Python;
* ``check_jsonschema``: ``check-jsonschema --schemafile`` with the claim schema
  (bundled into one file: the common ``$defs`` inlined) on the claim files.

(``floor`` and ``check_jsonschema``: bench/rivals.py; each process is run and
measured by bench/procs.py.)

A generated corpus is kept for the next run (bench/kept.py; ``--no-corpus-cache``
generates afresh). Before each warm run one claim file gets a comment line
appended; the output names the file and the line.

It prints (bench/report.py) the median wall time of each; the peak memory of
each factlint run: every process of its tree alive at once (bench/procs.py:
PSS summed while factlint's forked children run beside it), and the peak RSS
of its largest process (``ru_maxrss`` from ``os.wait4``); the CPUs the rest
of the machine kept busy during each run; the median of each phase; each
rule's best, median and worst of ``--rule-samples`` samples per size; and the
target ratios. All results go to a JSON file (``--out``, default
``bench/results/bench-<time>.json``). The seed corpus (``claims/``) is
measured in place, read-only. No time is asserted anywhere.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench.generate import TODAY  # noqa: E402
from bench.kept import corpus, edit_one  # noqa: E402
from bench.procs import timed_wait4  # noqa: E402
from bench.report import fmt_size, report, rule_stats  # noqa: E402
from bench.rivals import CJ_MAX, FLOOR, bundled_claim_schema, check_jsonschema  # noqa: E402
from factlint.cache import RACY_SECONDS  # noqa: E402


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def median_run(runs: list[dict[str, Any]], key: str) -> dict[str, Any]:
    """The run whose ``key`` is the median of ``runs`` (the lower of the middle two for an even count)."""
    ordered = sorted(runs, key=lambda r: r[key])
    return ordered[(len(ordered) - 1) // 2]


RULE_SAMPLES = 5
"""Samples per rule at each size (``--rule-samples``): each rule's time is the best of them."""


def _phases(r: dict[str, Any]) -> dict[str, float]:
    return dict(r["phases"]["phases"])


def measure(
    corpus: Path,
    repeat: int,
    work: Path,
    *,
    with_cj: bool = True,
    per_rule: bool = True,
    edit: bool = True,
    rule_samples: int = RULE_SAMPLES,
) -> dict[str, Any]:
    """Every run of one size, ``repeat`` times each; cold runs start from an empty cache folder."""
    base_env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    base_env.pop("FACTLINT_RULE_TIMINGS", None)
    py = sys.executable
    factlint = [py, "-m", "factlint", "validate", str(corpus), "--today", TODAY.isoformat()]
    names = ("full", "warm", "schema_only", "schema_warm", "floor", "check_jsonschema")
    runs: dict[str, list[dict[str, Any]]] = {k: [] for k in names}
    schema_file = work / "claim.bundled.json"
    schema_file.write_text(json.dumps(bundled_claim_schema()), encoding="utf-8")
    claim_files = sorted(
        str(p) for p in corpus.rglob("*.y*ml") if not {"sources", "entities", "coverage"} & set(p.parts)
    )
    edits: list[dict[str, str]] = []

    def factlint_run(name: str, cache: Path, *extra: str, env_extra: dict[str, str] | None = None) -> dict[str, Any]:
        timings = work / f"timings-{name}-{len(runs.get(name, []))}.json"
        env = {**base_env, "FACTLINT_CACHE_DIR": str(cache), **(env_extra or {})}
        r = timed_wait4([*factlint, *extra, "--timings", str(timings)], env=env)
        r["phases"] = json.loads(timings.read_text(encoding="utf-8"))
        return r

    for i in range(repeat):
        cache_full, cache_schema = work / f"cache-full-{i}", work / f"cache-schema-{i}"
        reports = ["--report-dir", str(work / "reports")]
        runs["full"].append(factlint_run("full", cache_full, *reports))
        if edit:
            edits.append({"before": "warm", **edit_one(corpus, len(edits))})
        runs["warm"].append(factlint_run("warm", cache_full, *reports))
        runs["schema_only"].append(factlint_run("schema_only", cache_schema, "--schema-only"))
        if edit:
            edits.append({"before": "schema_warm", **edit_one(corpus, len(edits))})
        runs["schema_warm"].append(factlint_run("schema_warm", cache_schema, "--schema-only"))
        runs["floor"].append(timed_wait4([py, "-c", FLOOR, str(corpus)], env=base_env))
        if with_cj:
            runs["check_jsonschema"].append(check_jsonschema(py, schema_file, claim_files, base_env))
    summary: dict[str, Any] = {"files": runs["full"][0]["phases"]["files"], "claim_files": len(claim_files)}
    summary["edits"] = edits
    for name, rs in runs.items():
        if rs:
            summary[name] = {
                "wall": _median([r["wall"] for r in rs]),
                "maxrss_mib": _median([r["maxrss_mib"] for r in rs]),
                "peak_mib": _median([r["peak_mib"] for r in rs]),
                "bench_cpu": _median([r.get("bench_cpu", 0.0) for r in rs]),
                "others_cores": _median([r["others_cores"] for r in rs if r.get("others_cores") is not None]),
                "codes": sorted({r["code"] for r in rs}),
            }
            if "memory" in rs[0]:
                summary[name]["memory"] = median_run(rs, "peak_mib")["memory"]
            if "phases" in rs[0]:
                keys = sorted({k for r in rs for k in _phases(r)})
                summary[name]["phases"] = {k: _median([_phases(r).get(k, 0.0) for r in rs]) for k in keys}
                summary[name]["cache"] = rs[0]["phases"].get("cache")
    summary["full"]["workers"] = runs["full"][0]["phases"].get("workers")
    summary["full"]["workers_maxrss_mib"] = _median([r["phases"]["workers_maxrss_kib"] / 1024 for r in runs["full"]])
    summary["full"]["findings"] = runs["full"][0]["phases"]["findings"]
    if per_rule:
        # Each rule validated on its own (FACTLINT_RULE_TIMINGS=N): one suite per rule, every table's rules
        # validated N times round after round, each time timed; a separate run, so the full runs above are timed
        # as users run them. Warm cache: the load stage does not matter here.
        env_extra = {"FACTLINT_RULE_TIMINGS": str(rule_samples)}
        r = factlint_run("per_rule", work / "cache-full-0", env_extra=env_extra)
        samples = r["phases"].get("rule_samples") or {k: [v] for k, v in r["phases"].get("rule_seconds", {}).items()}
        summary["per_rule"] = rule_stats(samples)
        summary["per_rule_samples"] = samples
        summary["per_rule_run"] = {
            "wall": r["wall"],
            "code": r["code"],
            "findings": r["phases"]["findings"],
            "others_cores": r["others_cores"],
        }
    summary["runs"] = {k: [{x: y for x, y in r.items() if x not in ("out",)} for r in v] for k, v in runs.items()}
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="factlint benchmark (see bench/run.py)")
    parser.add_argument("--sizes", default="1000,10000,100000", help="claim counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (median reported)")
    parser.add_argument("--repeat-large", type=int, default=1, help="runs for sizes of 100k claims and more")
    parser.add_argument("--rate", type=float, default=0.01, help="planted violations per rule (bench/generate.py)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-seed-corpus", action="store_true", help="skip the measurement of claims/")
    parser.add_argument("--out", help="results JSON (default: bench/results/bench-<time>.json)")
    parser.add_argument("--cj-max", type=int, default=CJ_MAX, help="largest size check-jsonschema is run on")
    parser.add_argument("--no-per-rule", action="store_true", help="skip the run that times each rule alone")
    parser.add_argument(
        "--rule-samples", type=int, default=RULE_SAMPLES, help="samples per rule at each size (default: %(default)s)"
    )
    parser.add_argument(
        "--corpus-cache",
        default=str(Path(tempfile.gettempdir()) / "factlint-bench-corpus"),
        help="folder the generated corpora are kept in for the next run (default: %(default)s)",
    )
    parser.add_argument("--no-corpus-cache", action="store_true", help="generate every corpus afresh")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = Path(args.out) if args.out else HERE / "results" / f"bench-{stamp}.json"
    load_before = _load()
    results: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "rate": args.rate,
        "seed": args.seed,
        "sizes": {},
    }
    kept = Path(args.corpus_cache)
    for size in sizes:
        repeat = args.repeat_large if size >= 100_000 else args.repeat
        with tempfile.TemporaryDirectory(prefix=f"factlint-bench-{size}-") as tmp:
            target, work = Path(tmp) / "corpus", Path(tmp) / "work"
            work.mkdir()
            t = time.perf_counter()
            manifest = corpus(target, size, args.seed, args.rate, None if args.no_corpus_cache else kept)
            print(f"[{fmt_size(size)}] {manifest['files']} files ready in {time.perf_counter() - t:.1f} s", flush=True)
            # Files changed less than RACY_SECONDS before a run get no stat row in its cache: let them age first,
            # so the warm run is measured with a row for every file, as after any real checkout.
            time.sleep(RACY_SECONDS + 0.5)
            res = measure(
                target,
                repeat,
                work,
                with_cj=size <= args.cj_max,
                per_rule=not args.no_per_rule,
                rule_samples=args.rule_samples,
            )
            res["manifest"] = manifest
            res["repeat"] = repeat
            results["sizes"][str(size)] = res
            walls = ", ".join(
                f"{k} {res[k]['wall']:.2f} s"
                for k in ("full", "warm", "schema_only", "schema_warm", "floor", "check_jsonschema")
                if k in res
            )
            print(f"[{fmt_size(size)}] {walls}", flush=True)
    if not args.no_seed_corpus and (ROOT / "claims").is_dir():
        with tempfile.TemporaryDirectory(prefix="factlint-bench-seed-") as tmp:
            res = measure(ROOT / "claims", args.repeat, Path(tmp), with_cj=False, per_rule=False, edit=False)
            results["seed_corpus"] = res
    results["load_before"], results["load_after"] = load_before, _load()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(report(results))
    print(f"results: {out}")
    return 0


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover - not on every platform
        return "?"


if __name__ == "__main__":
    sys.exit(main())
