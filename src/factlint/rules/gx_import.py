"""Importing Great Expectations (GX 1.x) once per process, with its import-time side effects handled.

``import great_expectations`` costs seconds, so only the rule stage asks for it (:func:`import_gx`, or
:func:`gx_module` for the module). GX turns on ``logging.captureWarnings`` at import (undone here) and
its loggers are chatty (set to WARNING unless the caller chose a level).

GX 1.x imports, for expectations no rule of factlint's kind uses (the KL-divergence and
Kolmogorov-Smirnov ones and their charts), ``scipy.stats`` and ``altair`` at import time: about
half of its import. Stand-ins for those two are put in ``sys.modules`` before GX is imported (:data:`DEFERRED`): the
real module is imported on its first use, should a rule ever need it, and never otherwise.
"""

from __future__ import annotations

import gc
import importlib
import importlib.util
import logging
import sys
import types
import warnings
from functools import cache
from typing import Any

__all__ = ["DEFERRED", "gx_module", "import_gx"]


DEFERRED = ("scipy.stats", "altair")
"""Modules GX imports at import time but uses only inside expectations factlint's rules do not run."""


class _Deferred(types.ModuleType):
    """Stands in for a module in ``sys.modules`` until something reads one of its names."""

    def __getattr__(self, attr: str) -> Any:
        # Only names the stand-in lacks get here (its __name__, __spec__ and the like are its own).
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        real = importlib.import_module(self.__name__)  # the real module, from now on in sys.modules
        return getattr(real, attr)


def _defer(name: str) -> None:
    """Put a stand-in for ``name`` in ``sys.modules``: the real module is imported on its first use."""
    if name in sys.modules:
        return
    try:
        spec = importlib.util.find_spec(name)
    except ImportError:  # its package is missing: GX's own import then says so
        return
    if spec is None:
        return
    stand_in = _Deferred(name)
    stand_in.__spec__ = spec
    sys.modules[name] = stand_in


@cache
def gx_module() -> Any:
    """The ``great_expectations`` module, imported on the first call.

    GX's import (numpy, pandas and the rest) makes ~200,000 objects that live as long as the process:
    collections while it runs find no garbage and only cost time (about a tenth of the import), so the
    collector is off meanwhile. When the caller already keeps its long-lived objects out of the collector's
    passes (something is frozen: :func:`factlint.validate.long_lived`, around the rule stage), GX's objects
    are frozen with them (``gc.freeze``), so no later collection walks them either: without that, the first
    collections after the import each walked all of them, and every full one in the rule stage did again
    (~0.35 s of CPU at 10k claims). That block unfreezes everything when it ends. The import's own garbage
    is frozen too (~10 MiB, freed at exit): collecting it first would walk every object again. Imported with
    nothing frozen (during the load, while the workers run), nothing is frozen here.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        for name in DEFERRED:
            _defer(name)  # finding scipy.stats imports scipy and numpy
        logger = logging.getLogger("great_expectations")
        if logger.level == logging.NOTSET:
            logger.setLevel(logging.WARNING)  # GX logs hundreds of INFO lines at import
        with warnings.catch_warnings():
            # GX 1.x imports the deprecated stdlib modules sre_constants/sre_parse; scoped to the import only.
            warnings.filterwarnings(
                "ignore", message=r"module 'sre_(constants|parse)' is deprecated", category=DeprecationWarning
            )
            import great_expectations as gx
        if gc.get_freeze_count():
            gc.freeze()
    finally:
        if enabled:
            gc.enable()
    logging.captureWarnings(False)  # GX turns it on at import, which would swallow every later warning
    return gx


def import_gx() -> None:
    """Import Great Expectations now (once per process), so its cost can be timed on its own."""
    gx_module()
