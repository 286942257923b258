"""Where factlint's data folders (``schemas/``, ``checks/``) are found.

The top-level folders of the source repository are the source of truth; the
wheel ships copies of them inside the package (``factlint/schemas``,
``factlint/checks``), so ``pip install factlint`` works on another newsroom's
claims. An installed copy is preferred; a source checkout falls back to the
repository's folders.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_REPO_ROOT = _PACKAGE_DIR.parent.parent


def data_dir(name: str) -> Path:
    """The folder ``name`` (``schemas`` or ``checks``) that this factlint uses."""
    packaged = _PACKAGE_DIR / name
    if packaged.is_dir():
        return packaged
    repo = _REPO_ROOT / name
    if repo.is_dir():
        return repo
    raise FileNotFoundError(f"factlint's {name}/ folder is missing from {_PACKAGE_DIR} and {_REPO_ROOT}")
