"""The opt-in phase timer behind ``validate --timings FILE`` (used by ``nox -s bench``).

Its own module so that every stage (``validate``, the rule stage) can time its
phases without importing the pipeline that calls it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Timings:
    """Seconds spent per phase of one run; ``read``/``parse``/``schema`` are summed over files (and workers)."""

    phases: dict[str, float] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)

    def add(self, name: str, seconds: float) -> None:
        self.phases[name] = self.phases.get(name, 0.0) + seconds

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - start)
            # Peak memory of this process so far, at the end of each phase: shows which phase raised it.
            self.info.setdefault("maxrss_kib_after", {})[name] = _maxrss_kib()


def _maxrss_kib() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


@contextmanager
def phase(timings: Timings | None, name: str) -> Iterator[None]:
    """Time the block as ``name`` when ``timings`` is given; otherwise do nothing."""
    if timings is None:
        yield
    else:
        with timings.phase(name):
            yield
