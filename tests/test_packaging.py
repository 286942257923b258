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
    assert "factlint/cli/__init__.py" in names
    # the page template, its assets and the Python it compiles to (see factlint.reporters.html.COMPILED)
    folder = ROOT / "src" / "factlint" / "reporters" / "templates"
    templates = {f"factlint/reporters/templates/{p.name}" for p in folder.iterdir()}
    assert "factlint/reporters/templates/report.html.j2.py.txt" in templates
    assert templates <= names
    assert not any(n.startswith(("claims/", "tests/")) for n in names)


def test_sdist_has_no_tests_and_builds_a_complete_wheel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Decided: the sdist carries no tests (they need the whole repository); a wheel built from it is complete."""
    import tarfile

    from hatchling.build import build_sdist, build_wheel

    monkeypatch.chdir(ROOT)
    name = build_sdist(str(tmp_path / "dist"))
    with tarfile.open(tmp_path / "dist" / name) as sdist:
        members = [m.split("/", 1)[1] for m in sdist.getnames() if "/" in m]
        sdist.extractall(tmp_path / "unpacked", filter="data")
    assert not any(m.startswith(("tests/", "claims/", "bench/")) for m in members)
    assert {
        "pyproject.toml",
        "README.md",
        "src/factlint/cli/__init__.py",
        "checks/statuses/FC211-exclusive-statuses.yaml",
    } <= set(members)
    (root,) = (tmp_path / "unpacked").iterdir()
    monkeypatch.chdir(root)
    wheel = build_wheel(str(tmp_path / "wheel"))
    with zipfile.ZipFile(tmp_path / "wheel" / wheel) as built:
        names = set(built.namelist())
    checks = {f"factlint/checks/{p.relative_to(ROOT / 'checks').as_posix()}" for p in (ROOT / "checks").rglob("*.yaml")}
    schemas = {f"factlint/schemas/{p.name}" for p in (ROOT / "schemas").glob("*.json")}
    assert checks | schemas <= names
