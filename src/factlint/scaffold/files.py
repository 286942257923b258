"""Writing new files into a corpus: all or nothing, never over an existing file, never out of the corpus."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


class WriteError(Exception):
    """A file cannot be written where it should go (exit 2, nothing written)."""


def inside(root: Path, path: Path) -> bool:
    """True when ``path``, with every symbolic link of its folder followed, lies in the corpus at ``root``."""
    return _inside(root, path) and not path.is_symlink()


def _inside(root: Path, path: Path) -> bool:
    real_root = Path(os.path.realpath(root))
    # The folder the file goes into, with every symbolic link on the way followed.
    real = Path(os.path.realpath(path.parent)) / path.name
    return real_root == real or real_root in real.parents


def check_new(root: Path, files: dict[Path, bytes]) -> None:
    """Raise :class:`WriteError` unless every path of ``files`` is new and inside the corpus at ``root``."""
    for path, data in files.items():
        if os.path.lexists(path):
            if path.suffix == ".txt" and path.is_file() and not path.is_symlink() and path.read_bytes() == data:
                raise WriteError(
                    f"{path} already exists and holds exactly this text: the article is already archived; "
                    f"write its claims with factlint new claim --article {path.stem}"
                )
            raise WriteError(
                f"{path} already exists; factlint new never overwrites a file: if it is the record you meant, "
                "use it as it is, otherwise choose another id"
            )
        if not _inside(root, path):
            raise WriteError(f"{path} would be written through a symbolic link leading outside the corpus {root}")


def write_new(root: Path, files: dict[Path, bytes]) -> None:
    """Write every file, or none: checked first, each created exclusively, removed again on any failure."""
    check_new(root, files)
    written: list[Path] = []
    made: list[Path] = []
    try:
        for path, data in files.items():
            missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
            for folder in reversed(missing):
                folder.mkdir()
                made.append(folder)
            if not _inside(root, path):
                raise WriteError(f"{path} would be written outside the corpus {root}")
            with open(path, "xb") as fh:
                written.append(path)
                fh.write(data)
    except OSError as exc:
        _undo(written, made)
        raise WriteError(f"cannot write {exc.filename or ''}: {exc.strerror or exc}; nothing was written") from None
    except BaseException:
        _undo(written, made)
        raise


def _undo(written: list[Path], made: list[Path]) -> None:
    for path in reversed(written):
        path.unlink(missing_ok=True)
    for folder in reversed(made):
        with contextlib.suppress(OSError):
            folder.rmdir()


def replace_text(path: Path, text: str) -> None:
    """Replace an existing file's content atomically (``fix archive`` only)."""
    from factlint.atomic import write_text

    write_text(path, text)
