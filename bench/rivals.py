"""What the bench measures factlint against: the floor (reading and parsing every record file with PyYAML's
CSafeLoader, nothing else) and check-jsonschema on the claim files with the claim schema bundled into one file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.procs import timed_wait4

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


def check_jsonschema(py: str, schema_file: Path, claim_files: list[str], env: dict[str, str]) -> dict[str, Any]:
    """``check-jsonschema --schemafile`` on the claim files, in calls of at most :data:`ARG_LIMIT` bytes of file
    names: the calls' wall times summed, their largest memory, exit code and the CPUs others kept busy meanwhile."""
    total: dict[str, Any] = {"wall": 0.0, "maxrss_mib": 0.0, "peak_mib": 0.0, "code": 0, "calls": 0}
    busy = 0.0
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
        total["peak_mib"] = max(total["peak_mib"], r["peak_mib"])
        busy += (r["others_cores"] or 0.0) * r["wall"]
        total["code"] = max(total["code"], r["code"])
        total["calls"] += 1
    total["others_cores"] = busy / total["wall"] if total["wall"] else None
    return total
