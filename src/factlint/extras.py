"""The ``rules`` extra: whether the rule stage's libraries are installed, and what to say if not."""

from __future__ import annotations

from factlint.errors import UsageError

__all__ = ["RULES_EXTRA", "MissingExtra", "require_rules_extra"]


RULES_EXTRA = ("great_expectations", "pandas", "rapidfuzz")
"""The modules of the ``rules`` extra (``pip install 'factlint[rules]'``)."""


class MissingExtra(UsageError):
    """The rule stage's libraries are not installed (exit 2, with how to install them)."""


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def require_rules_extra() -> None:
    """Raise :class:`MissingExtra` unless the rule stage's libraries can be imported."""
    import importlib.util

    missing = [m for m in RULES_EXTRA if importlib.util.find_spec(m) is None]
    if missing:
        raise MissingExtra(
            f"the rule stage needs {_and(missing)}, which {'is' if len(missing) == 1 else 'are'} not "
            "installed: pip install 'factlint[rules]' (from a clone: pip install '.[rules]', or "
            "pipx install '.[rules]'), or check the schemas only with factlint validate --schema-only"
        )
