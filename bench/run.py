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

It prints the median wall time and peak RSS (``ru_maxrss`` of the process,
from ``os.wait4``) of each, the median of each phase of ``full``, and the
target ratios; all results go to a JSON file (``--out``, default
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
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench.generate import TODAY, generate  # noqa: E402

FLOOR = """
import os, sys, time, yaml
t = time.perf_counter()
n = 0
for dirpath, dirnames, filenames in os.walk(sys.argv[1]):
    dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
    for name in sorted(filenames):
        if name.endswith((".yaml", ".yml")):
            with open(os.path.join(dirpath, name), "rb") as fh:
                raw = fh.read()
            try:
                yaml.load(raw, Loader=yaml.CSafeLoader)
            except yaml.YAMLError:  # the planted broken files
                pass
            n += 1
print(n, time.perf_counter() - t)
"""

PHASES = ("discover", "read", "parse", "schema", "load_schema", "gx_import", "tables", "rules", "reports")
ARG_LIMIT = 100_000  # bytes of file names per check-jsonschema call (ARG_MAX is larger; stay well below)


def bundled_claim_schema() -> dict[str, Any]:
    """The claim schema with the common definitions inlined: one file, no external $ref."""
    from factlint.schemas import load_schemas

    schemas = load_schemas()
    common = schemas["common"]
    prefix = common["$id"] + "#"

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                k: "#" + v[len(prefix) :] if k == "$ref" and isinstance(v, str) and v.startswith(prefix) else walk(v)
                for k, v in node.items()
            }
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    claim = walk(schemas["claim"])
    claim.setdefault("$defs", {}).update(common["$defs"])
    return claim


def timed_wait4(cmd: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``cmd``: its wall time, exit code and its own peak RSS (``os.wait4``; output kept in temporary files)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {
            "wall": wall,
            "code": proc.returncode,
            "maxrss_mib": usage.ru_maxrss / 1024,
            "out": out.read().decode(errors="replace")[-2000:],
            "err": err.read().decode(errors="replace")[-2000:],
        }


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def measure(corpus: Path, repeat: int, work: Path, *, with_cj: bool = True) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    py = sys.executable
    factlint = [py, "-m", "factlint", "validate", str(corpus), "--today", TODAY.isoformat()]
    runs: dict[str, list[dict[str, Any]]] = {"full": [], "schema_only": [], "floor": [], "check_jsonschema": []}
    schema_file = work / "claim.bundled.json"
    schema_file.write_text(json.dumps(bundled_claim_schema()), encoding="utf-8")
    claim_files = sorted(
        str(p) for p in corpus.rglob("*.y*ml") if not {"sources", "entities", "coverage"} & set(p.parts)
    )
    for i in range(repeat):
        timings = work / f"timings-{i}.json"
        r = timed_wait4([*factlint, "--report-dir", str(work / "reports"), "--timings", str(timings)], env=env)
        r["phases"] = json.loads(timings.read_text(encoding="utf-8"))
        runs["full"].append(r)
        timings_s = work / f"timings-s{i}.json"
        r = timed_wait4([*factlint, "--schema-only", "--timings", str(timings_s)], env=env)
        r["phases"] = json.loads(timings_s.read_text(encoding="utf-8"))
        runs["schema_only"].append(r)
        runs["floor"].append(timed_wait4([py, "-c", FLOOR, str(corpus)], env=env))
        if with_cj:
            total: dict[str, Any] = {"wall": 0.0, "maxrss_mib": 0.0, "code": 0, "calls": 0}
            batch: list[str] = []
            batches = []
            for f in claim_files:
                batch.append(f)
                if sum(len(b) + 1 for b in batch) > ARG_LIMIT:
                    batches.append(batch)
                    batch = []
            if batch:
                batches.append(batch)
            cj = str(Path(py).with_name("check-jsonschema"))
            for b in batches:
                r = timed_wait4([cj, "--schemafile", str(schema_file), *b], env=env)
                total["wall"] += r["wall"]
                total["maxrss_mib"] = max(total["maxrss_mib"], r["maxrss_mib"])
                total["code"] = max(total["code"], r["code"])
                total["calls"] += 1
            runs["check_jsonschema"].append(total)
    summary: dict[str, Any] = {"files": runs["full"][0]["phases"]["files"], "claim_files": len(claim_files)}
    for name, rs in runs.items():
        if rs:
            summary[name] = {
                "wall": _median([r["wall"] for r in rs]),
                "maxrss_mib": _median([r["maxrss_mib"] for r in rs]),
                "codes": sorted({r["code"] for r in rs}),
            }
    summary["full"]["phases"] = {p: _median([r["phases"]["phases"].get(p, 0.0) for r in runs["full"]]) for p in PHASES}
    summary["full"]["workers"] = runs["full"][0]["phases"].get("workers")
    summary["full"]["workers_maxrss_mib"] = _median([r["phases"]["workers_maxrss_kib"] / 1024 for r in runs["full"]])
    summary["full"]["findings"] = runs["full"][0]["phases"]["findings"]
    summary["schema_only"]["phases"] = {
        p: _median([r["phases"]["phases"].get(p, 0.0) for r in runs["schema_only"]]) for p in PHASES
    }
    summary["runs"] = {k: [{x: y for x, y in r.items() if x not in ("out",)} for r in v] for k, v in runs.items()}
    return summary


def _fmt_size(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="factlint benchmark (see bench/run.py)")
    parser.add_argument("--sizes", default="1000,10000,100000", help="claim counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (median reported)")
    parser.add_argument("--repeat-large", type=int, default=1, help="runs for sizes of 100k claims and more")
    parser.add_argument("--rate", type=float, default=0.01, help="planted violations per rule (bench/generate.py)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-seed-corpus", action="store_true", help="skip the measurement of claims/")
    parser.add_argument("--out", help="results JSON (default: bench/results/bench-<time>.json)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = Path(args.out) if args.out else HERE / "results" / f"bench-{stamp}.json"
    results: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "rate": args.rate,
        "seed": args.seed,
        "sizes": {},
    }
    for size in sizes:
        repeat = args.repeat_large if size >= 100_000 else args.repeat
        with tempfile.TemporaryDirectory(prefix=f"factlint-bench-{size}-") as tmp:
            corpus, work = Path(tmp) / "corpus", Path(tmp) / "work"
            work.mkdir()
            t = time.perf_counter()
            manifest = generate(corpus, claims=size, seed=args.seed, rate=args.rate)
            print(
                f"[{_fmt_size(size)}] generated {manifest.files} files in {time.perf_counter() - t:.1f} s", flush=True
            )
            res = measure(corpus, repeat, work)
            res["manifest"] = manifest.as_dict()
            res["repeat"] = repeat
            results["sizes"][str(size)] = res
            walls = ", ".join(
                f"{k} {res[k]['wall']:.2f} s" for k in ("full", "schema_only", "floor", "check_jsonschema")
            )
            print(f"[{_fmt_size(size)}] {walls}", flush=True)
    if not args.no_seed_corpus and (ROOT / "claims").is_dir():
        with tempfile.TemporaryDirectory(prefix="factlint-bench-seed-") as tmp:
            res = measure(ROOT / "claims", args.repeat, Path(tmp), with_cj=False)
            results["seed_corpus"] = res
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(report(results))
    print(f"results: {out}")
    return 0


def report(results: dict[str, Any]) -> str:
    lines = []
    sizes = results["sizes"]
    cols = ("claims", "files", "full", "schema", "floor", "cj")
    lines.append(" ".join(f"{c:>7}" for c in cols) + f" {'RSS MiB':>8}  phases of full (s)")
    for size, r in sizes.items():
        ph = r["full"]["phases"]
        phases = " ".join(f"{p}={ph[p]:.2f}" for p in PHASES)
        walls = " ".join(f"{r[k]['wall']:>7.2f}" for k in ("full", "schema_only", "floor", "check_jsonschema"))
        rss = r["full"]["maxrss_mib"]
        lines.append(f"{_fmt_size(int(size)):>7} {r['files']:>7} {walls} {rss:>8.0f}  {phases}")
        bad = {k: r[k]["codes"] for k in ("full", "schema_only", "floor") if set(r[k]["codes"]) - {0, 1}}
        if bad:
            lines.append(f"        FAILED runs (exit codes): {bad}")
    lines.append("targets:")

    def target(name: str, value: float, limit: float, unit: str = "") -> None:
        ok = "met" if value <= limit else "NOT met"
        lines.append(f"  {name}: {value:.3f}{unit} (target <= {limit}{unit}) {ok}")

    if "10000" in sizes:
        r10 = sizes["10000"]
        target("10k full / check-jsonschema", r10["full"]["wall"] / r10["check_jsonschema"]["wall"], 0.4)
        target("10k schema-only / read+CSafeLoader floor", r10["schema_only"]["wall"] / r10["floor"]["wall"], 1.3)
        if "100000" in sizes:
            r100 = sizes["100000"]
            target("100k full / 10k full", r100["full"]["wall"] / r10["full"]["wall"], 11)
            target("100k peak RSS", r100["full"]["maxrss_mib"], 1024, " MiB")
    seed = results.get("seed_corpus")
    if seed:
        target("seed corpus schema-only", seed["schema_only"]["wall"], 0.5, " s")
        target("seed corpus full", seed["full"]["wall"], 5, " s")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
