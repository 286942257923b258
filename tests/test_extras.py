"""The `rules` extra: without Great Expectations and pandas, the rule stage says how to install them."""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

import pytest

from .conftest import ROOT


def test_gx_and_pandas_are_the_rules_extra_not_base_dependencies() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    base = " ".join(project["dependencies"])
    assert "great-expectations" not in base
    assert "pandas" not in base
    assert sorted(d.split(">")[0] for d in project["optional-dependencies"]["rules"]) == [
        "great-expectations",
        "pandas",
        "rapidfuzz",
    ]


def _hide(monkeypatch: pytest.MonkeyPatch, *names: str) -> None:
    real = importlib.util.find_spec

    def find_spec(name: str, *args: object, **kwargs: object) -> object:
        return None if name in names else real(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)


@pytest.fixture
def no_gx(monkeypatch: pytest.MonkeyPatch) -> None:
    _hide(monkeypatch, "great_expectations", "pandas", "rapidfuzz")


def test_validate_without_the_extra_says_how_to_install_it(cli, in_root: Path, no_gx: None) -> None:
    run = cli("validate", "claims")
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        "factlint: error: the rule stage needs great_expectations, pandas and rapidfuzz, which are not installed: "
        "pip install 'factlint[rules]' (from a clone: pip install '.[rules]', or pipx install '.[rules]'), "
        "or check the schemas only with factlint validate --schema-only\n"
    )


def test_without_rapidfuzz_alone_the_rule_stage_says_so(cli, in_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _hide(monkeypatch, "rapidfuzz")
    run = cli("validate", "claims")
    assert (run.code, run.out) == (2, "")
    assert run.err.startswith("factlint: error: the rule stage needs rapidfuzz, which is not installed: pip install ")


def test_schema_only_needs_no_extra(cli, in_root: Path, no_gx: None) -> None:
    assert cli("validate", "--schema-only", "claims").code == 0


def test_the_rules_hook_installs_the_extra() -> None:
    from factlint.loader import load_path

    hooks = {h["id"]: h for h in load_path(ROOT / ".pre-commit-hooks.yaml").data}
    assert hooks["factlint-rules"]["additional_dependencies"] == [".[rules]"]
    assert "additional_dependencies" not in hooks["factlint"]
