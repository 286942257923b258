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

A generated corpus is kept for the next run in ``--corpus-cache`` (default
``<temp folder>/factlint-bench-corpus``), keyed by the generator's own bytes,
the size, the seed and the rate; each run works on hard links to it (a copy
where links cannot be made), and the one-file edits replace a file rather
than write into it, so the kept corpus never changes. ``--no-corpus-cache``
generates afresh.

It prints the median wall time and peak RSS (``ru_maxrss`` of the process,
from ``os.wait4``) of each, the median of each phase of ``full``, and the
target ratios; all results go to a JSON file (``--out``, default
``bench/results/bench-<time>.json``). The seed corpus (``claims/``) is
measured in place, read-only. No time is asserted anywhere.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
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
from factlint.cache import RACY_SECONDS  # noqa: E402

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
CJ_MAX = 10_000
"""check-jsonschema is run up to this size (at 100k it alone would take minutes; its ratio is a 10k target)."""
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


def _edit(corpus: Path, n: int) -> None:
    """Change one claim file (a comment line: same record, new bytes), as a pull request would.

    The file is replaced, never written into: it may be a hard link to the kept corpus (see :func:`corpus`)."""
    claims = sorted((corpus / "articles").rglob("*.yaml"))
    target = claims[(n * 7919) % len(claims)]
    new = target.with_name(target.name + ".bench-edit")
    new.write_bytes(target.read_bytes() + f"# bench edit {n}\n".encode())
    os.replace(new, target)


GENERATOR = HERE / "generate.py"


def corpus_key(size: int, seed: int, rate: float) -> str:
    """What a kept corpus is made from: the generator's bytes (and the versions of the libraries it
    writes with), the size, the seed and the rate."""
    from importlib.metadata import version as installed

    made_by = GENERATOR.read_bytes() + f"|pycountry {installed('pycountry')}|pyyaml {installed('pyyaml')}".encode()
    version = hashlib.sha256(made_by).hexdigest()[:16]
    return f"{version}-{size}-{seed}-{rate!r}"


def _generate_kept(cache: Path, key: str, size: int, seed: int, rate: float) -> Path:
    """The kept corpus of ``key`` in ``cache``, generated first if missing (complete ones only: the
    manifest is written last, and the folder appears whole through a rename)."""
    entry = cache / key
    if (entry / "manifest.json").is_file():
        return entry
    cache.mkdir(parents=True, exist_ok=True)
    part = cache / f".{key}.{os.getpid()}.part"
    shutil.rmtree(part, ignore_errors=True)
    manifest = generate(part / "corpus", claims=size, seed=seed, rate=rate)
    files = sum(1 for p in (part / "corpus").rglob("*") if p.is_file())
    meta = {"manifest": manifest.as_dict(), "files": files}
    (part / "manifest.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    try:
        os.rename(part, entry)
    except OSError:  # another bench kept the same corpus meanwhile: use that one
        shutil.rmtree(part, ignore_errors=True)
    return entry


def _link_tree(source: Path, target: Path) -> int:
    """Hard links in ``target`` to every file under ``source`` (copies where links cannot be made)."""
    linked = 0
    for dirpath, _dirnames, filenames in os.walk(source):
        out = target / Path(dirpath).relative_to(source)
        out.mkdir(parents=True, exist_ok=True)
        for name in filenames:
            try:
                os.link(os.path.join(dirpath, name), out / name)
            except OSError:  # another file system, or links not allowed
                shutil.copy2(os.path.join(dirpath, name), out / name)
            linked += 1
    return linked


def corpus(target: Path, size: int, seed: int, rate: float, cache: Path | None) -> dict[str, Any]:
    """Put the corpus of ``size`` claims into ``target`` (missing); return its manifest.

    With ``cache``, the corpus is generated once into it and linked from there; a kept corpus that
    lost or gained a file since it was generated is generated again."""
    if cache is None:
        return generate(target, claims=size, seed=seed, rate=rate).as_dict()
    key = corpus_key(size, seed, rate)
    for _attempt in range(2):
        entry = _generate_kept(cache, key, size, seed, rate)
        meta = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
        if _link_tree(entry / "corpus", target) == meta["files"]:
            return dict(meta["manifest"])
        shutil.rmtree(target)
        shutil.rmtree(entry, ignore_errors=True)
    raise RuntimeError(f"the kept corpus {entry} keeps changing; run with --no-corpus-cache")


def _phases(r: dict[str, Any]) -> dict[str, float]:
    return dict(r["phases"]["phases"])


def measure(
    corpus: Path, repeat: int, work: Path, *, with_cj: bool = True, per_rule: bool = True, edit: bool = True
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
    edits = 0

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
            _edit(corpus, edits)
            edits += 1
        runs["warm"].append(factlint_run("warm", cache_full, *reports))
        runs["schema_only"].append(factlint_run("schema_only", cache_schema, "--schema-only"))
        if edit:
            _edit(corpus, edits)
            edits += 1
        runs["schema_warm"].append(factlint_run("schema_warm", cache_schema, "--schema-only"))
        runs["floor"].append(timed_wait4([py, "-c", FLOOR, str(corpus)], env=base_env))
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
                r = timed_wait4([cj, "--schemafile", str(schema_file), *b], env=base_env)
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
            if "phases" in rs[0]:
                keys = sorted({k for r in rs for k in _phases(r)})
                summary[name]["phases"] = {k: _median([_phases(r).get(k, 0.0) for r in rs]) for k in keys}
                summary[name]["cache"] = rs[0]["phases"].get("cache")
    summary["full"]["workers"] = runs["full"][0]["phases"].get("workers")
    summary["full"]["workers_maxrss_mib"] = _median([r["phases"]["workers_maxrss_kib"] / 1024 for r in runs["full"]])
    summary["full"]["findings"] = runs["full"][0]["phases"]["findings"]
    if per_rule:
        # Each rule validated on its own (FACTLINT_RULE_TIMINGS=1): its own time, at the cost of one suite
        # per rule; a separate run, so the full runs above are timed as users run them. Warm cache: the
        # load stage does not matter here.
        r = factlint_run("per_rule", work / "cache-full-0", env_extra={"FACTLINT_RULE_TIMINGS": "1"})
        summary["per_rule"] = r["phases"].get("rule_seconds", {})
        summary["per_rule_run"] = {"wall": r["wall"], "code": r["code"], "findings": r["phases"]["findings"]}
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
    parser.add_argument("--cj-max", type=int, default=CJ_MAX, help="largest size check-jsonschema is run on")
    parser.add_argument("--no-per-rule", action="store_true", help="skip the run that times each rule alone")
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
            print(f"[{_fmt_size(size)}] {manifest['files']} files ready in {time.perf_counter() - t:.1f} s", flush=True)
            # Files changed less than RACY_SECONDS before a run get no stat row in its cache: let them age first,
            # so the warm run is measured with a row for every file, as after any real checkout.
            time.sleep(RACY_SECONDS + 0.5)
            res = measure(target, repeat, work, with_cj=size <= args.cj_max, per_rule=not args.no_per_rule)
            res["manifest"] = manifest
            res["repeat"] = repeat
            results["sizes"][str(size)] = res
            walls = ", ".join(
                f"{k} {res[k]['wall']:.2f} s"
                for k in ("full", "warm", "schema_only", "schema_warm", "floor", "check_jsonschema")
                if k in res
            )
            print(f"[{_fmt_size(size)}] {walls}", flush=True)
    if not args.no_seed_corpus and (ROOT / "claims").is_dir():
        with tempfile.TemporaryDirectory(prefix="factlint-bench-seed-") as tmp:
            res = measure(ROOT / "claims", args.repeat, Path(tmp), with_cj=False, per_rule=False, edit=False)
            results["seed_corpus"] = res
    results["load"] = f"{load_before} / {_load()}"
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


def report(results: dict[str, Any]) -> str:
    """The table of one bench run: times, ratios of that run, phases, reports, rules, targets."""
    lines = []
    sizes = results["sizes"]
    lines.append(f"machine: {results['machine']}; load average before/after: {results.get('load', '?')}")
    head = ("claims", "files", "full", "warm", "schema", "s-warm", "floor", "cj", "RSS MiB", "warm RSS")
    lines.append(" ".join(f"{c:>8}" for c in head))
    for size, r in sizes.items():
        walls = " ".join(
            f"{r[k]['wall']:>8.2f}" if k in r else f"{'-':>8}"
            for k in ("full", "warm", "schema_only", "schema_warm", "floor", "check_jsonschema")
        )
        rss = f"{r['full']['maxrss_mib']:>8.0f} {r['warm']['maxrss_mib']:>8.0f}"
        lines.append(f"{_fmt_size(int(size)):>8} {r['files']:>8} {walls} {rss}")
        bad = {
            k: r[k]["codes"]
            for k in ("full", "warm", "schema_only", "schema_warm", "floor")
            if set(r[k]["codes"]) - {0, 1}
        }
        if bad:
            lines.append(f"         FAILED runs (exit codes): {bad}")
    lines.append("ratios (same run):")
    for size, r in sizes.items():
        f = r["floor"]["wall"]
        parts = [
            f"full/floor {r['full']['wall'] / f:.2f}",
            f"warm/cold {r['warm']['wall'] / r['full']['wall']:.2f}",
            f"schema/floor {r['schema_only']['wall'] / f:.2f}",
            f"schema-warm/floor {r['schema_warm']['wall'] / f:.2f}",
        ]
        if "check_jsonschema" in r:
            parts.insert(0, f"full/check-jsonschema {r['full']['wall'] / r['check_jsonschema']['wall']:.3f}")
        lines.append(f"  {_fmt_size(int(size)):>5}: " + ", ".join(parts))
    lines.append("phases (s, median; read/parse/schema/cache summed over workers):")
    for size, r in sizes.items():
        for run in ("full", "warm", "schema_only", "schema_warm"):
            ph = r[run]["phases"]
            main = " ".join(f"{p}={ph[p]:.2f}" for p in (*PHASES, "cache_load", "cache", "cache_save") if p in ph)
            lines.append(f"  {_fmt_size(int(size)):>5} {run:<11} {main}")
    lines.append("reports (s, full cold run, per format):")
    for size, r in sizes.items():
        ph = r["full"]["phases"]
        fmts = " ".join(f"{k[7:]}={v:.3f}" for k, v in sorted(ph.items()) if k.startswith("report:"))
        lines.append(f"  {_fmt_size(int(size)):>5} {fmts}")
    per_rule = {size: r.get("per_rule", {}) for size, r in sizes.items()}
    codes = sorted({c for v in per_rule.values() for c in v})
    if codes:
        lines.append("per rule (s, each rule validated alone):")
        lines.append("  " + f"{'rule':<7}" + "".join(f"{_fmt_size(int(s)):>9}" for s in per_rule) + "   100k/10k")
        for c in codes:
            row = "".join(f"{per_rule[s].get(c, float('nan')):>9.3f}" for s in per_rule)
            ratio = ""
            if "10000" in per_rule and "100000" in per_rule and per_rule["10000"].get(c):
                ratio = f"{per_rule['100000'][c] / per_rule['10000'][c]:>9.1f}"
            lines.append(f"  {c:<7}{row}   {ratio}")
    lines.append("targets:")

    def target(name: str, value: float, limit: float, unit: str = "") -> None:
        ok = "met" if value <= limit else "NOT met"
        lines.append(f"  {name}: {value:.3f}{unit} (target <= {limit}{unit}) {ok}")

    if "10000" in sizes:
        r10 = sizes["10000"]
        if "check_jsonschema" in r10:
            target("10k full / check-jsonschema", r10["full"]["wall"] / r10["check_jsonschema"]["wall"], 0.2)
        target("10k full / floor", r10["full"]["wall"] / r10["floor"]["wall"], 3.5)
        target("10k warm (one file changed) / cold full", r10["warm"]["wall"] / r10["full"]["wall"], 0.9)
    if "100000" in sizes:
        r100 = sizes["100000"]
        target("100k full / floor", r100["full"]["wall"] / r100["floor"]["wall"], 2.5)
        target("100k peak RSS (full, cold)", r100["full"]["maxrss_mib"], 700, " MiB")
        target("100k warm (one file changed) / cold full", r100["warm"]["wall"] / r100["full"]["wall"], 0.5)
    for size, r in sizes.items():
        if int(size) >= 10_000:
            s = _fmt_size(int(size))
            target(f"{s} schema-only / floor (cold)", r["schema_only"]["wall"] / r["floor"]["wall"], 1.2)
            target(f"{s} schema-only / floor (warm)", r["schema_warm"]["wall"] / r["floor"]["wall"], 0.5)
    if "10000" in per_rule and "100000" in per_rule and per_rule["10000"]:
        worst = max((per_rule["100000"][c] / per_rule["10000"][c], c) for c in codes if per_rule["10000"].get(c))
        target(f"per rule 100k / 10k (worst: {worst[1]})", worst[0], 12)
    seed = results.get("seed_corpus")
    if seed:
        target("seed corpus schema-only", seed["schema_only"]["wall"], 0.5, " s")
        target("seed corpus full", seed["full"]["wall"], 5, " s")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
