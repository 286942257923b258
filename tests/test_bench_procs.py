"""The benchmark's measures beyond ``os.wait4`` (bench/procs.py), as data: the memory of a process tree whose
processes run at once, and the CPUs the rest of the machine kept busy. No time is asserted."""

from __future__ import annotations

import os

import pytest
from bench import procs

ROLLUP = """55d4c0000000-7ffd1e9f5000 ---p 00000000 00:00 0                          [rollup]
Rss:              880024 kB
Pss:              431310 kB
Pss_Anon:         420001 kB
Private_Dirty:    301000 kB
Swap:                  0 kB
"""


def test_parse_rollup_reads_the_kib_fields() -> None:
    fields = procs.parse_rollup(ROLLUP)
    assert fields["Rss"] == 880024
    assert fields["Pss"] == 431310
    assert fields["Swap"] == 0
    assert "55d4c0000000-7ffd1e9f5000 ---p 00000000 00" not in fields


def test_descendants_lists_the_whole_tree_parents_first() -> None:
    tree = {1: [2, 3], 2: [4], 3: [], 4: [1]}  # a pid reused as a child of its own child: listed once
    assert procs.descendants(1, lambda pid: tree.get(pid, [])) == [1, 2, 3, 4]
    assert procs.descendants(9, lambda pid: []) == [9]


def test_the_peak_is_the_sum_of_the_processes_alive_at_once_when_that_is_more() -> None:
    # the parent (860 MiB RSS, 600 of it shared with its forked child) and the child (300 MiB of its own pages)
    mib = 1024
    samples = [
        (10.0, ((100, 500 * mib, 480 * mib), (101, 120 * mib, 100 * mib))),
        (30.0, ((100, 860 * mib, 560 * mib), (102, 900 * mib, 600 * mib))),
    ]
    peak = procs.peak(samples, 860.0)
    assert peak["peak_mib"] == 1160.0
    assert peak["largest_process_mib"] == 860.0
    assert peak["processes_at_peak"] == 2
    assert peak["at"] == 30.0
    assert peak["rss_sum_then_mib"] == 1760.0  # RSS counts the shared pages once per process: not the peak


def test_the_largest_process_is_the_peak_when_it_held_more_alone() -> None:
    peak = procs.peak([(1.0, ((100, 200 * 1024, 190 * 1024), (101, 50 * 1024, 40 * 1024)))], 860.0)
    assert peak["peak_mib"] == 860.0
    assert peak["processes_at_peak"] == 1
    assert peak["at"] is None
    assert peak["pss_sum_mib"] == 230.0
    assert procs.peak([], 12.5)["peak_mib"] == 12.5


def test_parse_cpu_reads_the_machines_line() -> None:
    text = "cpu  100 5 30 900 7 1 2 8 0 0\ncpu0 50 2 15 450 3 0 1 4 0 0\nintr 1 2 3\n"
    assert procs.parse_cpu(text) == {
        "user": 100, "nice": 5, "system": 30, "idle": 900, "iowait": 7, "irq": 1, "softirq": 2, "steal": 8,
    }  # fmt: skip
    assert procs.parse_cpu("intr 1 2\n") == {}


def test_others_cores_is_the_busy_time_the_run_did_not_use() -> None:
    tick = os.sysconf("SC_CLK_TCK")
    before = {"user": 0, "nice": 0, "system": 0, "idle": 0, "irq": 0, "softirq": 0, "iowait": 0, "steal": 0}
    # 10 s of wall on 2 CPUs: 15 s busy (12 user, 2 system, 1 softirq), 9 s of it the run's and the bench's own
    after = {**before, "user": 12 * tick, "system": 2 * tick, "softirq": 1 * tick, "idle": 5 * tick, "steal": tick}
    assert procs.others_cores(before, after, 9.0, 10.0) == pytest.approx(0.6)
    assert procs.others_cores(before, after, 20.0, 10.0) == 0.0  # never below nothing
    assert procs.others_cores({}, after, 9.0, 10.0) is None


def test_the_sampler_sees_a_forked_child_beside_its_parent() -> None:
    if not procs.available():
        pytest.skip("no /proc smaps_rollup here")
    import subprocess
    import sys

    code = "import os, time\npid = os.fork()\ntime.sleep(0.6)\nif pid: os.waitpid(pid, 0)\n"
    proc = subprocess.Popen([sys.executable, "-c", code])
    sampler = procs.TreeSampler(proc.pid, interval=0.02, min_gap=0.02)
    os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)
    sampler.stop()
    proc.wait()
    assert sampler.samples, "no sample with both processes alive"
    assert all(len(s[1]) == 2 for s in sampler.samples)
    assert procs.peak(sampler.samples, 0.0)["processes_at_peak"] == 2
