"""Great Expectations' import leaves out what factlint's rules never use, and the rules still run.

GX 1.x imports ``scipy.stats`` and ``altair`` for its KL-divergence and Kolmogorov-Smirnov
expectations; the rule stage puts stand-ins for them in ``sys.modules`` (``gx_import.DEFERRED``), so they are
imported on their first use only. Each check runs in a fresh interpreter: this one has GX already.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow


def _python(code: str, *argv: str) -> str:
    run = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_the_rules_run_without_importing_scipy_stats_or_altair() -> None:
    out = _python(
        """
        import sys
        from factlint.cli import main
        code = main(["validate", "tests/fixtures/valid", "--today", "2026-11-28", "-q", "--no-cache"])
        loaded = sorted(m for m in ("scipy.stats._stats_py", "altair.vegalite") if m in sys.modules)
        print(code, loaded, "great_expectations.expectations.core" in sys.modules)
        """
    )
    assert out.split("\n")[-2] == "0 [] True"


def test_a_deferred_module_is_the_real_one_on_first_use() -> None:
    out = _python(
        """
        import sys
        from factlint.rules import gx_import
        gx_import.import_gx()
        from great_expectations.expectations.core import expect_column_kl_divergence_to_be_less_than as kl
        print(kl.stats.entropy([0.5, 0.5]) > 0.69, "scipy.stats._stats_py" in sys.modules)
        import scipy.stats, altair
        print(type(sys.modules["scipy.stats"]).__name__, scipy.stats.entropy is kl.stats.entropy, altair.Chart.__name__)
        """
    )
    assert out.splitlines() == ["True True", "module True Chart"]


_FREEZE_PROBE = """
import gc, sys
from factlint.rules import gx_import
from factlint.validate import long_lived
if sys.argv[1] == "inside":
    with long_lived():
        gc.disable()
        before = gc.get_freeze_count()
        gx_import.import_gx()
        print(gc.isenabled(), gc.get_freeze_count() - before > 100000, gc.get_count()[0] < 1000)
        gc.enable()
else:
    gx_import.import_gx()
    print(gc.isenabled(), gc.get_freeze_count())
"""


def test_gx_joins_what_the_run_keeps_frozen_and_the_collector_is_left_as_it_was() -> None:
    # Inside long_lived (the rule stage): GX's objects (numpy's, scipy's) join the frozen ones, so no later
    # collection walks them; the collector is left as it was (off here).
    assert _python(_FREEZE_PROBE, "inside").split("\n")[-2] == "False True True"
    # Nothing frozen before (GX imported during the load): nothing frozen after.
    assert _python(_FREEZE_PROBE, "plain").split("\n")[-2] == "True 0"


def test_a_run_leaves_nothing_frozen_and_collects_its_tables() -> None:
    """The records are kept out of the collector's passes only from the end of the load stage through the rules
    and reports."""
    out = _python(
        """
        import gc, os, tempfile
        from factlint.cli import main
        seen = []
        real = gc.freeze
        gc.freeze = lambda: (real(), seen.append(gc.get_freeze_count()))[0]
        with tempfile.TemporaryDirectory() as reports:
            code = main(["validate", "tests/fixtures/valid", "--today", "2026-11-28", "-q", "--no-cache",
                         "--report-dir", os.path.join(reports, "r")])
        print(code, len(seen), all(n > 10000 for n in seen), gc.get_freeze_count(), gc.isenabled())
        """
    )
    # frozen five times (the load stage: what it made before the first file it parses itself, and at its end, its
    # records; GX's import: its modules; the rule stage, the reports: with all of them); released after
    assert out.split("\n")[-2] == "0 5 True 0 True"
