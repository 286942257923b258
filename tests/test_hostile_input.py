"""Hostile inputs a pull request can bring: values, file names, file types and folders that must be
findings (file, line, code) with every report written - never a crash, a hang or a silent skip."""

from __future__ import annotations

import json
import os
import socket
import stat
import threading
from pathlib import Path

import pytest

from factlint import discover, loader

from ._hostile import Corpus, corpus, finding_at

__all__ = ["corpus"]

pytestmark = pytest.mark.hostile

CLAIM = "claims/articles/example-article/norway-confirmed.yaml"


def _with_watchdog(corpus: Corpus, *argv: str, **kw: object):  # type: ignore[no-untyped-def]
    """Run, but unblock a FIFO after 20 s so a regression fails the test instead of hanging it."""
    fifos = [p for p in corpus.path.rglob("*") if p.is_fifo()]
    done = threading.Event()

    def unblock() -> None:
        if not done.wait(20):
            for f in fifos:
                fd = os.open(f, os.O_WRONLY | os.O_NONBLOCK)
                os.close(fd)

    t = threading.Thread(target=unblock, daemon=True)
    t.start()
    try:
        return corpus.run(*argv, **kw)  # type: ignore[arg-type]
    finally:
        done.set()


# --- values -----------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["9" * 5000, "-" + "1" * 4400, "0x" + "f" * 5000, "1" * 300 + ".5"])
def test_a_number_with_thousands_of_digits_is_a_finding(corpus: Corpus, number: str) -> None:
    path = corpus.root / CLAIM
    path.write_text(path.read_text() + f"seats_note: {number}\n")
    out = corpus.run()
    assert out.code == 1
    hit = finding_at(out, "FC015", CLAIM)
    assert hit["line"] == path.read_text().count("\n")
    assert "digits" in str(hit["message"])


def test_a_long_number_in_quotes_is_just_text(corpus: Corpus) -> None:
    path = corpus.root / CLAIM
    path.write_text(path.read_text() + f'seats_note: "{"9" * 5000}"\n')
    out = corpus.run()
    assert "FC015" not in out.codes()
    assert "FC101" in out.codes()  # the unknown key is still reported


# --- file types ---------------------------------------------------------------------------


def test_a_symlink_loop_among_record_files_is_a_finding(corpus: Corpus) -> None:
    folder = corpus.path / "articles" / "example-article"
    (folder / "loop-a.yaml").symlink_to("loop-b.yaml")
    (folder / "loop-b.yaml").symlink_to("loop-a.yaml")
    out = corpus.run()
    assert out.code == 1
    for name in ("loop-a", "loop-b"):
        hit = finding_at(out, "FC013", f"claims/articles/example-article/{name}.yaml")
        assert "symlink loop" in str(hit["message"])


def test_a_symlink_loop_named_on_the_command_line_is_a_finding(corpus: Corpus) -> None:
    (corpus.path / "self.yaml").symlink_to("self.yaml")
    out = corpus.run(paths=("claims/self.yaml",), schema_only=False)
    assert out.code == 1
    assert finding_at(out, "FC013", "claims/self.yaml")["line"] == 1


def test_a_fifo_named_yaml_is_a_finding_not_a_hang(corpus: Corpus) -> None:
    os.mkfifo(corpus.path / "articles" / "example-article" / "pipe.yaml")
    out = _with_watchdog(corpus)
    assert out.code == 1
    assert "FIFO" in str(finding_at(out, "FC013", "claims/articles/example-article/pipe.yaml")["message"])


def test_a_fifo_named_on_the_command_line_is_a_finding(corpus: Corpus) -> None:
    os.mkfifo(corpus.path / "pipe.yml")
    out = _with_watchdog(corpus, paths=("claims/pipe.yml",))
    assert out.code == 1
    finding_at(out, "FC013", "claims/pipe.yml")


def test_a_device_named_yaml_is_a_finding(corpus: Corpus) -> None:
    if os.geteuid() != 0:
        pytest.skip("creating a device node needs root")
    os.mknod(corpus.path / "entities" / "zero.yaml", 0o644 | stat.S_IFCHR, os.makedev(1, 5))  # like /dev/zero
    (corpus.path / "entities" / "null.yaml").symlink_to("/dev/null")  # outside the corpus: not followed
    out = corpus.run()
    assert out.code == 1
    assert "device" in str(finding_at(out, "FC013", "claims/entities/zero.yaml")["message"])
    assert {f["rule"] for f in out.findings() if f["file"] == "claims/entities/null.yaml"} <= {"FC011", "FC013"}
    assert [f for f in out.findings() if f["file"] == "claims/entities/null.yaml"]


def test_a_socket_named_yaml_is_a_finding(corpus: Corpus) -> None:
    path = corpus.path / "entities" / "sock.yaml"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        out = corpus.run()
    assert out.code == 1
    assert "socket" in str(finding_at(out, "FC013", "claims/entities/sock.yaml")["message"])


def test_a_symlink_to_a_regular_file_is_still_read(corpus: Corpus) -> None:
    (corpus.path / "entities" / "alias.yaml").symlink_to("norway.yaml")
    out = corpus.run()
    assert "FC013" not in out.codes()
    assert "FC301" not in out.codes()  # schema-only: no duplicate-id rule runs


def test_the_size_limit_is_checked_before_reading(corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sparse 2 GiB file is refused by its size, without reading it."""
    path = corpus.path / "entities" / "huge.yaml"
    with open(path, "wb") as fh:
        fh.truncate(2 * 1024**3)
    reads: list[int] = []
    real_read = os.read

    def counting_read(fd: int, n: int) -> bytes:
        data = real_read(fd, n)
        reads.append(len(data))
        return data

    monkeypatch.setattr(os, "read", counting_read)
    out = corpus.run()
    assert out.code == 1
    assert "2147483648 bytes" in str(finding_at(out, "FC008", "claims/entities/huge.yaml")["message"])
    assert sum(reads) <= 10 * (loader.MAX_BYTES + 1)  # the other files, never the huge one


# --- file names ---------------------------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_a_finding(corpus: Corpus) -> None:
    folder = os.fsencode(corpus.path / "entities")
    with open(os.path.join(folder, b"caf\xe9.yaml"), "wb") as fh:
        fh.write(b"id: cafe\n")
    out = corpus.run()
    assert out.code == 1
    hit = finding_at(out, "FC014", "claims/entities/caf\\xe9.yaml")
    assert "UTF-8" in str(hit["message"])


@pytest.mark.parametrize("suffix", [".YAML", ".Yml", ".yAmL"])
def test_record_files_with_an_upper_case_extension_are_checked(corpus: Corpus, suffix: str) -> None:
    (corpus.path / "entities" / f"shouting{suffix}").write_text("id: shouting\nkind: nonsense\n")
    out = corpus.run()
    assert out.code == 1
    assert any(f["file"] == f"claims/entities/shouting{suffix}" for f in out.findings())


# --- folders --------------------------------------------------------------------------------


def test_a_folder_the_walk_cannot_enter_is_a_finding(corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = corpus.path / "entities" / "locked"
    locked.mkdir()
    (locked / "x.yaml").write_text("id: x\n")
    real_scandir = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]
        if os.fsdecode(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)  # root may enter a chmod 000 folder: simulate the refusal
    out = corpus.run()
    assert out.code == 1
    assert "Permission denied" in str(finding_at(out, "FC016", "claims/entities/locked")["message"])


def test_a_folder_too_deep_is_a_finding(corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(discover, "MAX_FOLDER_DEPTH", 3)
    deep = corpus.path / "a" / "b" / "c" / "d"
    deep.mkdir(parents=True)
    (deep / "x.yaml").write_text("id: x\n")
    out = corpus.run()
    assert out.code == 1
    assert "deeper than 3" in str(finding_at(out, "FC016", "claims/a/b/c")["message"])


def test_a_symlinked_folder_is_a_finding_not_a_silent_skip(corpus: Corpus) -> None:
    (corpus.path / "mirror").symlink_to(corpus.path / "entities")
    out = corpus.run()
    assert out.code == 1
    assert "symlink" in str(finding_at(out, "FC016", "claims/mirror")["message"])


def test_a_symlink_loop_as_a_folder_is_a_finding(corpus: Corpus) -> None:
    (corpus.path / "loop").symlink_to("loop")
    out = corpus.run()
    assert out.code == 1
    finding_at(out, "FC016", "claims/loop")


def test_the_clean_copy_is_clean(corpus: Corpus) -> None:
    """The near miss of every test above: the same corpus untouched passes."""
    out = corpus.run()
    assert out.code == 0, out.out
    assert out.findings() == []


# --- --base: old and new versions ------------------------------------------------------------


def _git(repo: Path, *args: str) -> None:
    import subprocess

    cmd = ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false", *args]
    subprocess.run(cmd, cwd=repo, check=True, capture_output=True)


def test_base_never_reads_what_the_loader_would_refuse(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from factlint import diff

    monkeypatch.setenv("HOME", str(tmp_path))
    big_old = corpus.path / "entities" / "big.yaml"
    big_old.write_bytes(b"id: big\nnotes: " + b"x" * (loader.MAX_BYTES + 10) + b"\n")
    _git(corpus.root, "init", "-q", "-b", "main")
    _git(corpus.root, "add", "-A")
    _git(corpus.root, "commit", "-q", "-m", "base")
    big_old.write_text("id: big\n")  # changed: the old version is over the limit
    with open(corpus.path / "entities" / "huge-new.yaml", "wb") as fh:  # untracked, sparse 2 GiB
        fh.truncate(2 * 1024**3)
    os.mkfifo(corpus.path / "entities" / "pipe.yaml")
    (corpus.path / "entities" / "loop.yaml").symlink_to("loop.yaml")
    shown: list[list[str]] = []
    real_git = diff._git

    def spy(args: list[str], cwd: Path | None = None) -> bytes:
        shown.append(args)
        return real_git(args, cwd)

    monkeypatch.setattr(diff, "_git", spy)
    out = _with_watchdog(corpus, "--base", "HEAD")
    assert out.code == 1
    assert not [a for a in shown if a[0] == "show"], "the over-size old blob must not be read"
    finding_at(out, "FC008", "claims/entities/huge-new.yaml")
    finding_at(out, "FC013", "claims/entities/pipe.yaml")
    finding_at(out, "FC013", "claims/entities/loop.yaml")
    changes = json.loads(out.report("factlint.json"))["diff"]["changes"]
    assert {c["file"] for c in changes} >= {"claims/entities/huge-new.yaml", "claims/entities/big.yaml"}


# --- bounded output --------------------------------------------------------------------------


def test_one_file_with_thousands_of_unknown_keys_gives_a_bounded_report(corpus: Corpus) -> None:
    from factlint import bounds

    path = corpus.path / "entities" / "norway.yaml"
    path.write_text(path.read_text() + "".join(f"k{i:05d}: 1\n" for i in range(20_000)))
    out = corpus.run()
    assert out.code == 1
    listed = [f for f in out.findings() if f["rule"] == "FC101"]
    assert len(listed) == bounds.MAX_PER_FILE_CODE
    more = finding_at(out, "FC017", "claims/entities/norway.yaml")
    assert f"and {20_000 - bounds.MAX_PER_FILE_CODE} more FC101 finding(s)" in str(more["message"])
    assert more["severity"] == "error"
    for name in ("factlint.json", "factlint.sarif", "report.html", "annotations.txt", "summary.md"):
        assert (out.reports / name).stat().st_size < 2_000_000, name  # was 100s of MB at 100k keys


def test_the_total_number_of_findings_is_bounded(corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    from factlint import bounds

    monkeypatch.setattr(bounds, "MAX_FINDINGS", 5)
    for i in range(12):
        (corpus.path / "entities" / f"bad-{i:02d}.yaml").write_text(f"id: bad-{i:02d}\n")
    out = corpus.run()
    assert out.code == 1
    findings = out.findings()
    assert len(findings) == 6
    (summary,) = [f for f in findings if f["rule"] == "FC017"]
    assert "more finding(s) in this and later files" in str(summary["message"])


def test_warnings_left_out_do_not_become_errors() -> None:
    from factlint import bounds
    from factlint.model import Finding, Severity

    many = [Finding("a.yaml", i, 1, "FC223", "typography", severity=Severity.WARNING) for i in range(1, 150)]
    kept = bounds.cap(many)
    assert len(kept) == bounds.MAX_PER_FILE_CODE + 1
    assert [f.rule for f in kept].count("FC017") == 1
    assert all(f.severity is Severity.WARNING for f in kept)
