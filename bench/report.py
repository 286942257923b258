"""The printed table of one bench run (bench/run.py): times, memory, other load, ratios of that run, phases,
reports, per-rule times and the targets. Pure functions of the results (tested as data)."""

from __future__ import annotations

import statistics
from typing import Any

PHASES = ("discover", "read", "parse", "schema", "load_schema", "gx_import", "tables", "rules", "reports")


def fmt_size(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


def rule_stats(samples: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    """Per rule, from its samples (seconds): ``best`` (the least), ``median``, ``worst`` and their count ``n``.

    The rule's time is its best sample: on a shared machine whatever else runs (another process, a collector pass
    some other allocation started) only ever adds to a sample, so the least disturbed one is the least; the median
    and the worst are printed beside it, so a rule whose own cost varies shows a wide spread."""
    return {
        code: {"best": min(xs), "median": statistics.median(xs), "worst": max(xs), "n": len(xs)}
        for code, xs in sorted(samples.items())
        if xs
    }


def rule_ratios(small: dict[str, dict[str, float]], large: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """Per rule timed at both sizes (with a time above zero at the small one): large / small of the best samples
    (``best``) and of the medians (``median``)."""
    return {
        code: {
            "best": large[code]["best"] / small[code]["best"],
            "median": large[code]["median"] / small[code]["median"],
        }
        for code in sorted(set(small) & set(large))
        if small[code]["best"] > 0 and small[code]["median"] > 0
    }


RUNS = ("full", "warm", "schema_only", "schema_warm", "floor", "check_jsonschema")
SHORT = {"full": "full", "warm": "warm", "schema_only": "schema", "schema_warm": "s-warm", "floor": "floor"}
SHORT["check_jsonschema"] = "cj"


def _mib(x: float | None) -> str:
    return "-" if x is None else f"{x:.0f}"


BUSY = 0.25
"""A target line names the other load when the rest of the machine kept at least this many CPUs busy."""

Target = tuple[str, float, float, str, float | None]
"""(what, value, limit, unit, the most CPUs the rest of the machine kept busy in the runs compared, or None)."""


def _others(*runs: dict[str, Any]) -> float | None:
    known = [r["others_cores"] for r in runs if r.get("others_cores") is not None]
    return max(known) if known else None


def targets(results: dict[str, Any]) -> list[Target]:
    """Every target of one bench run; met when value <= limit. Only the sizes run."""
    sizes = results["sizes"]
    out: list[Target] = []

    def ratio(name: str, a: dict[str, Any], b: dict[str, Any], limit: float) -> None:
        out.append((name, a["wall"] / b["wall"], limit, "", _others(a, b)))

    if "10000" in sizes:
        r10 = sizes["10000"]
        if "check_jsonschema" in r10:
            ratio("10k full / check-jsonschema", r10["full"], r10["check_jsonschema"], 0.2)
        ratio("10k full / floor", r10["full"], r10["floor"], 3.5)
        ratio("10k warm (one file changed) / cold full", r10["warm"], r10["full"], 0.9)
    if "100000" in sizes:
        r100 = sizes["100000"]
        ratio("100k full / floor", r100["full"], r100["floor"], 2.5)
        name = "100k peak memory (full, cold; all of its processes at once)"
        out.append((name, r100["full"]["peak_mib"], 700, " MiB", None))
        ratio("100k warm (one file changed) / cold full", r100["warm"], r100["full"], 0.5)
    for size, r in sizes.items():
        if int(size) >= 10_000:
            s = fmt_size(int(size))
            ratio(f"{s} schema-only / floor (cold)", r["schema_only"], r["floor"], 1.2)
            ratio(f"{s} schema-only / floor (warm)", r["schema_warm"], r["floor"], 0.5)
    if "10000" in sizes and "100000" in sizes:
        ratios = rule_ratios(sizes["10000"].get("per_rule", {}), sizes["100000"].get("per_rule", {}))
        if ratios:
            value, code = max((v["best"], c) for c, v in ratios.items())
            n = min(int(sizes[k]["per_rule"][c]["n"]) for k in ("10000", "100000") for c in ratios)
            busy = _others(*(sizes[k].get("per_rule_run", {}) for k in ("10000", "100000")))
            out.append((f"per rule 100k / 10k, best of {n} samples (worst rule: {code})", value, 12, "", busy))
    seed = results.get("seed_corpus")
    if seed:
        out.append(("seed corpus schema-only", seed["schema_only"]["wall"], 0.5, " s", _others(seed["schema_only"])))
        out.append(("seed corpus full", seed["full"]["wall"], 5, " s", _others(seed["full"])))
    return out


def target_line(name: str, value: float, limit: float, unit: str = "", others: float | None = None) -> str:
    """One printed target: its value, its limit, whether it is met, and the other load if there was much."""
    ok = "met" if value <= limit else "NOT met"
    busy = f" (others kept {others:.1f} CPUs busy in these runs)" if others is not None and others >= BUSY else ""
    return f"  {name}: {value:.3f}{unit} (target <= {limit}{unit}) {ok}{busy}"


def report(results: dict[str, Any]) -> str:
    """The table of one bench run: times, memory, other load, ratios of that run, phases, reports, rules, targets."""
    lines = []
    sizes = results["sizes"]
    lines.append(f"machine: {results['machine']}")
    lines.append(
        f"load average (1, 5, 15 min) before the bench: {results.get('load_before', '?')}; after it: "
        f"{results.get('load_after', '?')} (this counts the bench's own processes; see 'other load' below)"
    )
    head = ("claims", "files", "full", "warm", "schema", "s-warm", "floor", "cj", "peak MiB", "warm")
    lines.append("wall (s, median) and peak memory (MiB, of the full and warm runs: see 'memory' below)")
    lines.append(" ".join(f"{c:>8}" for c in head))
    for size, r in sizes.items():
        walls = " ".join(f"{r[k]['wall']:>8.2f}" if k in r else f"{'-':>8}" for k in RUNS)
        rss = f"{_mib(r['full']['peak_mib']):>8} {_mib(r['warm']['peak_mib']):>8}"
        lines.append(f"{fmt_size(int(size)):>8} {r['files']:>8} {walls} {rss}")
        bad = {
            k: r[k]["codes"]
            for k in ("full", "warm", "schema_only", "schema_warm", "floor")
            if set(r[k]["codes"]) - {0, 1}
        }
        if r.get("per_rule_run", {}).get("code", 0) not in (0, 1):
            bad["per_rule"] = [r["per_rule_run"]["code"]]
        if bad:
            lines.append(f"         FAILED runs (exit codes): {bad}")
    lines.append(
        "memory (MiB, median run): peak = the most the run's processes held at once: PSS summed over every process"
    )
    lines.append(
        "  of its tree alive at the same moment (forked children included; sampled), or the peak RSS of its largest"
    )
    lines.append("  single process (os.wait4 ru_maxrss), whichever is more")
    for size, r in sizes.items():
        for run in ("full", "warm", "schema_only", "schema_warm"):
            m = r[run].get("memory") or {}
            where = ""
            if m.get("at") is not None:
                where = f", {m['processes_at_peak']} processes at {m['at']:.1f} s of {r[run]['wall']:.1f} s"
            cost = f"; the bench's CPU meanwhile {r[run]['bench_cpu']:.2f} s" if "bench_cpu" in r[run] else ""
            lines.append(
                f"  {fmt_size(int(size)):>5} {SHORT[run]:<7} peak {_mib(r[run]['peak_mib']):>5}, largest process "
                f"{_mib(r[run]['maxrss_mib']):>5}{where}{cost}"
            )
    lines.append("other load: CPUs the rest of the machine kept busy during each run (mean over the run, median run;")
    lines.append(
        f"  {results['machine'].get('cpus', '?')} CPUs): numbers of a run with much other load are not its own"
    )
    for size, r in sizes.items():
        parts = [
            f"{SHORT[k]} {r[k]['others_cores']:.2f}" for k in RUNS if k in r and r[k].get("others_cores") is not None
        ]
        lines.append(f"  {fmt_size(int(size)):>5} " + ", ".join(parts))
    lines.append("one file changed: before each warm run, one claim file got a comment line appended (same record,")
    lines.append("  new bytes; the file is replaced, never written into):")
    for size, r in sizes.items():
        for e in r.get("edits", []):
            lines.append(f"  {fmt_size(int(size)):>5} {SHORT[e['before']]:<7} {e['file']} + '{e['appended']}'")
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
        lines.append(f"  {fmt_size(int(size)):>5}: " + ", ".join(parts))
    lines.append("phases (s, median; read/parse/schema/cache summed over workers):")
    for size, r in sizes.items():
        for run in ("full", "warm", "schema_only", "schema_warm"):
            ph = r[run]["phases"]
            main = " ".join(f"{p}={ph[p]:.2f}" for p in (*PHASES, "cache_load", "cache", "cache_save") if p in ph)
            lines.append(f"  {fmt_size(int(size)):>5} {run:<11} {main}")
    lines.append("reports (s, full cold run, per format):")
    for size, r in sizes.items():
        ph = r["full"]["phases"]
        fmts = " ".join(f"{k[7:]}={v:.3f}" for k, v in sorted(ph.items()) if k.startswith("report:"))
        lines.append(f"  {fmt_size(int(size)):>5} {fmts}")
    lines.extend(per_rule_lines(sizes))
    lines.append("targets:")
    lines.extend(target_line(*t) for t in targets(results))
    return "\n".join(lines)


def per_rule_lines(sizes: dict[str, Any]) -> list[str]:
    """The per-rule table: each size's best / median / worst sample, and 100k / 10k of the bests and medians."""
    per_rule = {size: r["per_rule"] for size, r in sizes.items() if r.get("per_rule")}
    codes = sorted({c for v in per_rule.values() for c in v})
    if not codes:
        return []
    counts = sorted({int(v["n"]) for st in per_rule.values() for v in st.values()})
    lines = [
        f"per rule (s, each rule validated alone, {'/'.join(map(str, counts))} samples at each size: best / median / "
        "worst; a rule's time is its best sample, the least disturbed by whatever else runs)"
    ]
    head = "".join(f"{fmt_size(int(s)) + ' best':>11}{'median':>8}{'worst':>8}" for s in per_rule)
    ratios = rule_ratios(per_rule.get("10000", {}), per_rule.get("100000", {}))
    lines.append(f"  {'rule':<7}{head}" + ("   100k/10k best (median)" if ratios else ""))
    for c in codes:
        row = ""
        for stats in per_rule.values():
            st = stats.get(c)
            row += f"{st['best']:>11.4f}{st['median']:>8.4f}{st['worst']:>8.4f}" if st else f"{'-':>27}"
        if c in ratios:
            row += f"   {ratios[c]['best']:>8.1f} ({ratios[c]['median']:.1f})"
        lines.append(f"  {c:<7}{row}")
    return lines
