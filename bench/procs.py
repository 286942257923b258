"""What one measured run uses beyond what ``os.wait4`` tells: the memory of every process of its tree alive at
once, and the CPU the rest of the machine used meanwhile (Linux ``/proc``; elsewhere nothing is sampled).

``os.wait4``'s ``ru_maxrss`` is the peak RSS of the largest single process of the tree (the kernel keeps the
largest of a process and of its waited-for children), never a sum: when factlint forks a child that works while
the parent goes on (the load workers, the cache's background save, the early table build, the report formats'
child), both hold memory at once. :class:`TreeSampler` lists the run's process tree every ``interval`` seconds
and, whenever two or more processes are alive, reads each one's ``/proc/<pid>/smaps_rollup`` and sums their PSS
(a page shared by n processes counts 1/n in each: a forked child's copy-on-write pages are not counted twice, its
own pages fully). The run's peak memory is the larger of that sum's peak and ``ru_maxrss`` (which is exact for
any moment only one process was alive). ``smaps_rollup`` walks the page tables (~15 ms for 800 MiB), so it is
read at most every ``MIN_GAP`` seconds and at most a tenth of the time (``COST_SHARE``): at 100k, ~0.3 s apart (listing
the tree is ~0.02 ms). The bench's own CPU time is measured and printed beside the peak.

The pure helpers (``parse_rollup``, ``descendants``, ``peak``, ``parse_cpu``, ``others_cores``) are tested as data.
"""

from __future__ import annotations

import os
import resource
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

PROC = Path("/proc")
INTERVAL = 0.05
"""Seconds between two listings of the tree."""
MIN_GAP = 0.1
"""Seconds at least between two reads of every process's ``smaps_rollup``."""
COST_SHARE = 0.1
"""At most this share of one CPU goes to those reads: the next waits 1 / COST_SHARE times the last one's cost."""

Sample = tuple[float, tuple[tuple[int, int, int], ...]]
"""(seconds since the start, ((pid, rss KiB, pss KiB), ...) of every process of the tree alive then, 2 or more)."""


def parse_rollup(text: str) -> dict[str, int]:
    """The KiB fields of a ``smaps_rollup`` (``Rss:   123 kB`` -> ``{"Rss": 123}``)."""
    out: dict[str, int] = {}
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        parts = rest.split()
        if len(parts) == 2 and parts[1] == "kB" and parts[0].isdigit():
            out[key.strip()] = int(parts[0])
    return out


def descendants(root: int, children: Callable[[int], Iterable[int]]) -> list[int]:
    """``root`` and every process below it, parents before their children (``children(pid)``: its direct ones)."""
    order: list[int] = []
    todo, seen = [root], set()
    while todo:
        pid = todo.pop(0)
        if pid in seen:
            continue
        seen.add(pid)
        order.append(pid)
        todo.extend(children(pid))
    return order


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        tasks = list((PROC / str(pid) / "task").iterdir())
    except OSError:
        return out
    for task in tasks:
        try:
            out.extend(int(p) for p in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return out


def _rollup(pid: int) -> tuple[int, int] | None:
    try:
        fields = parse_rollup((PROC / str(pid) / "smaps_rollup").read_text())
    except OSError:  # gone meanwhile
        return None
    if "Rss" not in fields or "Pss" not in fields:
        return None  # a zombie has no mappings left
    return fields["Rss"], fields["Pss"]


def peak(samples: list[Sample], maxrss_mib: float) -> dict[str, Any]:
    """The run's peak memory (MiB): the largest PSS sum of the samples (taken while 2+ processes were alive) or
    ``maxrss_mib`` (``ru_maxrss``: the largest single process) if that is larger; with the sample it came from."""
    out: dict[str, Any] = {"samples": len(samples), "largest_process_mib": maxrss_mib, "peak_mib": maxrss_mib}
    out.update(processes_at_peak=1, pss_sum_mib=None, at=None)
    if samples:
        best = max(samples, key=lambda s: sum(p[2] for p in s[1]))
        pss = sum(p[2] for p in best[1]) / 1024
        out["pss_sum_mib"] = pss
        out["rss_sum_then_mib"] = sum(p[1] for p in best[1]) / 1024
        out["processes_max"] = max(len(s[1]) for s in samples)
        if pss > maxrss_mib:
            out.update(peak_mib=pss, processes_at_peak=len(best[1]), at=best[0])
    return out


def available() -> bool:
    """Whether this system has what :class:`TreeSampler` reads (Linux's ``/proc/<pid>/smaps_rollup``)."""
    return (PROC / "self" / "smaps_rollup").exists()


class TreeSampler:
    """Samples the memory of ``pid``'s process tree in a thread of this process until :meth:`stop`."""

    def __init__(self, pid: int, interval: float = INTERVAL, min_gap: float = MIN_GAP) -> None:
        self.pid = pid
        self.interval = interval
        self.min_gap = min_gap
        self.samples: list[Sample] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="bench-tree-sampler", daemon=True)
        self._start = time.perf_counter()
        self.enabled = available()
        if self.enabled:
            self._thread.start()

    def _loop(self) -> None:
        ready = 0.0
        while not self._stop.wait(self.interval):
            now = time.perf_counter()
            if now < ready:
                continue
            pids = descendants(self.pid, _children)
            if len(pids) < 2:
                continue
            procs = []
            for pid in pids:
                got = _rollup(pid)
                if got is not None:
                    procs.append((pid, *got))
            cost = time.perf_counter() - now
            ready = now + max(self.min_gap, cost / COST_SHARE)
            if len(procs) >= 2:
                self.samples.append((now - self._start, tuple(procs)))

    def stop(self) -> None:
        """Stop sampling: call once the process has exited and before it is reaped (a reaped pid may be reused)."""
        self._stop.set()
        if self.enabled:
            self._thread.join()


CPU_BUSY = ("user", "nice", "system", "irq", "softirq")
CPU_FIELDS = ("user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal")


def parse_cpu(text: str) -> dict[str, int]:
    """The machine's ``cpu`` line of ``/proc/stat`` (clock ticks since boot, summed over CPUs)."""
    for line in text.splitlines():
        parts = line.split()
        if parts and parts[0] == "cpu":
            return dict(zip(CPU_FIELDS, (int(x) for x in parts[1:]), strict=False))
    return {}


def cpu_now() -> dict[str, int]:
    """:func:`parse_cpu` of this machine now (empty where there is no ``/proc/stat``)."""
    try:
        return parse_cpu((PROC / "stat").read_text())
    except OSError:
        return {}


def others_cores(before: dict[str, int], after: dict[str, int], ours: float, wall: float) -> float | None:
    """The CPUs the rest of the machine kept busy during a run, on average: busy time of every CPU between
    ``before`` and ``after`` (:func:`cpu_now`) less ``ours`` (CPU seconds of the run and of the bench itself),
    over ``wall`` seconds. None without both readings."""
    if not before or not after or wall <= 0:
        return None
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    busy = sum(after.get(k, 0) - before.get(k, 0) for k in CPU_BUSY) / tick
    return max(0.0, busy - ours) / wall


def timed_wait4(
    cmd: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None, sample: bool = True
) -> dict[str, Any]:
    """Run ``cmd``: its wall time, exit code, the peak RSS of its largest process (``os.wait4``), the peak memory
    of its whole process tree (:class:`TreeSampler`, with ``sample``) and the CPUs the rest of the machine kept busy
    meanwhile; output kept in temporary files."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        cpu_before, self_before = cpu_now(), resource.getrusage(resource.RUSAGE_SELF)
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err)
        sampler = TreeSampler(proc.pid) if sample else None
        if sampler is not None:
            if hasattr(os, "waitid"):  # exited, not yet reaped: its pid stays its own while the sampler stops
                os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)
            sampler.stop()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        cpu_after, self_after = cpu_now(), resource.getrusage(resource.RUSAGE_SELF)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        cpu = usage.ru_utime + usage.ru_stime
        bench_cpu = self_after.ru_utime + self_after.ru_stime - self_before.ru_utime - self_before.ru_stime
        memory = peak(sampler.samples if sampler is not None else [], usage.ru_maxrss / 1024)
        return {
            "wall": wall,
            "code": proc.returncode,
            "maxrss_mib": usage.ru_maxrss / 1024,
            "peak_mib": memory["peak_mib"],
            "memory": memory,
            "cpu": cpu,
            "bench_cpu": bench_cpu,
            "others_cores": others_cores(cpu_before, cpu_after, cpu + bench_cpu, wall),
            "out": out.read().decode(errors="replace")[-2000:],
            "err": err.read().decode(errors="replace")[-2000:],
        }
