"""The wheel ships the schemas and rules, so factlint works on another newsroom's claims."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow


def test_wheel_ships_schemas_and_checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from hatchling.build import build_wheel

    monkeypatch.chdir(ROOT)
    name = build_wheel(str(tmp_path))
    with zipfile.ZipFile(tmp_path / name) as wheel:
        names = set(wheel.namelist())
    schemas = {f"factlint/schemas/{p.name}" for p in (ROOT / "schemas").glob("*.json")}
    checks = {f"factlint/checks/{p.relative_to(ROOT / 'checks').as_posix()}" for p in (ROOT / "checks").rglob("*.yaml")}
    assert schemas <= names
    assert checks <= names
    assert "factlint/cli.py" in names
    assert not any(n.startswith(("claims/", "tests/")) for n in names)
