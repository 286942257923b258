"""Reports rendered two at a time (a forked child renders every format but the HTML page): the same bytes
as one at a time, and anything wrong with the child only means this process renders those formats itself;
no temporary file is ever left behind. ``FORK_MIN_RECORDS`` is lowered so the small report corpus forks.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from factlint import output, report_fork
from factlint.output import MARKER
from factlint.reporters import REPORT_FILES

CORPUS = "tests/fixtures/report-corpus"
PARENT = os.getpid()


def _count_forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Fork at any size; the list holds one item per fork."""
    forks: list[int] = []
    real_fork = os.fork

    def counting_fork() -> int:
        forks.append(1)
        return real_fork()

    monkeypatch.setattr(report_fork, "FORK_MIN_RECORDS", 0)
    monkeypatch.setattr(os, "fork", counting_fork)
    return forks


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    return _count_forks(monkeypatch)


def _reports(cli, folder: Path, *extra: str) -> dict[str, bytes]:
    run = cli("validate", "--schema-only", CORPUS, "--report-dir", str(folder), *extra)
    assert run.code == 1, run.err
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([*REPORT_FILES.values(), MARKER]), "no temporary file left"
    return {name: (folder / name).read_bytes() for name in names if name != MARKER}


def _serial(cli, tmp_path: Path) -> dict[str, bytes]:
    return _reports(cli, tmp_path / "serial")


def test_forked_reports_are_the_serial_bytes(cli, in_root: Path, tmp_path: Path, monkeypatch) -> None:
    serial = _serial(cli, tmp_path)
    forks = _count_forks(monkeypatch)
    timings = tmp_path / "t.json"
    assert _reports(cli, tmp_path / "forked", "--timings", str(timings)) == serial
    assert forks == [1]
    # the child's own format times reach the timings file
    import json

    phases = json.loads(timings.read_text())["phases"]
    assert {k for k in phases if k.startswith("report:")} == {f"report:{n}" for n in REPORT_FILES}


def _failing_in_child(monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    real = output._fill

    def fill(fd: int, tmp: str, chunks) -> None:
        if os.getpid() != PARENT:
            if how == "raise":
                raise RuntimeError("child broke")
            if how == "kill":
                os.kill(os.getpid(), signal.SIGKILL)
            if how == "half":  # writes part of its file, then dies
                os.write(fd, b"half a report")
                os._exit(0)
        real(fd, tmp, chunks)

    monkeypatch.setattr(output, "_fill", fill)


@pytest.mark.parametrize("how", ["raise", "kill", "half"])
def test_a_failing_child_changes_nothing(cli, in_root: Path, tmp_path: Path, monkeypatch, how: str) -> None:
    serial = _serial(cli, tmp_path)
    forks = _count_forks(monkeypatch)
    _failing_in_child(monkeypatch, how)
    assert _reports(cli, tmp_path / "forked") == serial
    assert forks == [1]


def test_no_fork_available_renders_in_this_process(cli, in_root: Path, tmp_path: Path, monkeypatch) -> None:
    serial = _serial(cli, tmp_path)
    monkeypatch.setattr(report_fork, "FORK_MIN_RECORDS", 0)

    def no_fork() -> int:
        raise OSError("no more processes")

    monkeypatch.setattr(os, "fork", no_fork)
    assert _reports(cli, tmp_path / "forked") == serial


def test_a_failure_in_this_process_leaves_no_file(forking: list[int], in_root: Path, tmp_path: Path) -> None:
    from factlint import validate
    from factlint.reporters import chunks

    result = validate.run([CORPUS], schema_only=True)
    folder = tmp_path / "r"
    plan = output.plan(str(folder), None, "text", [CORPUS], REPORT_FILES)
    output.prepare(plan)

    def broken(name: str, res):
        if name == "html" and os.getpid() == PARENT:
            raise KeyboardInterrupt
        return chunks(name, res)

    with pytest.raises(KeyboardInterrupt):
        plan.write(result, broken, complete=True, exit_code=1)
    assert list(folder.iterdir()) == [], "the child's files and this process's are all removed"
    assert forking == [1]


def test_the_terminal_gets_the_written_text_report_rendered_once(
    cli, in_root: Path, tmp_path: Path, monkeypatch
) -> None:
    from factlint.reporters import text

    calls = []
    real = text.render

    def counting(*args, **kwargs):
        calls.append(kwargs.get("color", False))
        return real(*args, **kwargs)

    monkeypatch.setattr(text, "render", counting)
    run = cli("validate", "--schema-only", CORPUS, "--report-dir", str(tmp_path / "r"))
    assert run.out == (tmp_path / "r" / "factlint.txt").read_text("utf-8")
    assert calls == [False]
    calls.clear()
    # in colour the terminal's text is another text: rendered again
    run = cli("validate", "--schema-only", CORPUS, "--report-dir", str(tmp_path / "r"), "--color", "always")
    assert calls == [False, True]
    assert "\x1b[" in run.out


def test_past_fork_max_records_every_format_renders_in_this_process(tmp_path: Path, monkeypatch) -> None:
    """A child's copy-on-write pages cost more than its time saves on a large result: no fork past the limit."""
    forks: list[int] = []
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or 0)  # would fork (and fail the test) if called
    jobs = [(tmp_path / "report.html", "html"), (tmp_path / "factlint.json", "json"), (tmp_path / "t.txt", "text")]
    written: list[str] = []

    def write(path: Path, name: str) -> str:
        written.append(name)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(name)
        return str(tmp)

    def not_called(*args: object) -> None:
        raise AssertionError("no temporary file for a child")

    temps = report_fork.render_all(
        jobs, write=write, new_temp=not_called, fill=not_called, records=report_fork.FORK_MAX_RECORDS + 1
    )
    assert forks == []
    assert written == ["html", "json", "text"]
    assert [Path(t).read_text() for t, _ in temps] == ["html", "json", "text"]
    assert report_fork.FORK_MIN_RECORDS < report_fork.FORK_MAX_RECORDS == 50_000
