"""Progress on long runs: per stage on a terminal's stderr; nothing otherwise; reports unchanged."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from factlint import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(cli_main, *argv: str, err: io.StringIO) -> tuple[int, str]:
    out = io.StringIO()
    code = cli_main(list(argv), out=out, err=err)
    return code, out.getvalue()


@pytest.fixture
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "MIN_FILES", 10)


def test_progress_per_stage_on_a_terminal(in_root: Path, small_threshold: None) -> None:
    from factlint.cli import main

    err = Terminal()
    code, _ = _run(main, "validate", "--schema-only", "--no-cache", "claims", err=err)
    assert code == 0
    lines = err.getvalue().split("\n")
    final = [line.rsplit("\r\033[K", 1)[-1] for line in lines if line]
    assert len(final) == 1
    assert final[0].startswith("factlint: load and schema: ")
    done, total = final[0].removeprefix("factlint: load and schema: ").removesuffix(" files").split("/")
    assert done == total
    assert int(total) > 100


@pytest.mark.slow
def test_rules_stage_shows_too(in_root: Path, small_threshold: None) -> None:
    from factlint.cli import main

    err = Terminal()
    _run(main, "validate", "--no-cache", "--today", "2026-11-29", "claims", err=err)
    final = [line.rsplit("\r\033[K", 1)[-1] for line in err.getvalue().split("\n") if line]
    assert [f.split(":")[1].strip() for f in final] == ["load and schema", "rules"]
    assert final[1] == "factlint: rules: 1/1 stage"


@pytest.mark.parametrize(
    ("stream", "argv"),
    [(io.StringIO(), ()), (Terminal(), ("--quiet",)), (Terminal(), ("-q",))],
    ids=["not-a-tty", "quiet", "q"],
)
def test_nothing_when_not_a_tty_or_quiet(in_root: Path, small_threshold: None, stream, argv) -> None:
    from factlint.cli import main

    code, _ = _run(main, "validate", "--schema-only", "--no-cache", *argv, "claims", err=stream)
    assert code == 0
    assert stream.getvalue() == ""


def test_nothing_below_the_threshold(in_root: Path) -> None:
    from factlint.cli import main

    err = Terminal()
    _run(main, "validate", "--schema-only", "--no-cache", "claims", err=err)
    assert err.getvalue() == ""


def test_progress_changes_no_report_byte(in_root: Path, small_threshold: None, tmp_path: Path) -> None:
    from factlint.cli import main

    outs = []
    for name, err in (("plain", io.StringIO()), ("tty", Terminal())):
        code, out = _run(main, "validate", "--schema-only", "--no-cache", "--today", "2026-11-29", "claims",
                         "--report-dir", str(tmp_path / name), err=err)  # fmt: skip
        assert code == 0
        outs.append(out)
    assert outs[0] == outs[1]
    plain = {p.name: p.read_bytes() for p in (tmp_path / "plain").iterdir()}
    tty = {p.name: p.read_bytes() for p in (tmp_path / "tty").iterdir()}
    assert plain
    assert plain == tty
