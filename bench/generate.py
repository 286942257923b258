"""A deterministic synthetic corpus for benchmarks and for testing the rules at scale.

``generate(root, claims=N, seed=S, rate=R)`` writes a corpus laid out like
``claims/`` into ``root`` (which must be empty or missing; never point it at
``claims/``):

* ``entities/``: countries (real ISO 3166-1 codes from pycountry), people,
  bodies with fixed member lists, outlets;
* ``sources/``: one archived article per ~10-20 claims (``<id>.yaml`` and
  ``<id>.txt`` with its SHA-256) and unarchived wire reports used as evidence;
* ``coverage/``: one coverage map per article, every sentence in order;
* ``articles/<article>/<claim>.yaml``: claims of every type (quote, status,
  composition, overlap, event, statement), consistent with the schemas and
  every rule of ``checks/`` for ``--today`` :data:`TODAY`.

With ``rate`` > 0, each rule is broken ``max(1, round(rate * N))`` times
(each time in its own claim or article, so plants do not interact), and the
same number of files get each of three schema errors (FC001 invalid YAML,
FC101 unknown key, FC105 bad date). :class:`Manifest` records the planted
counts as *expected findings per rule code*: every plant gives one finding,
except FC301 (a claim id used twice gives a finding on both files), so
``expected["FC301"] == 2 * plants``. With ``rate`` 0 the corpus has no
finding at all.

The corpus before any plant is :mod:`bench.synthetic`'s (and its writing), the plants are
:mod:`bench.plants`'.

Run ``python bench/generate.py DIR --claims 1000`` to write one by hand.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # (run as a script: bench/ is a package of ROOT)

from bench.plants import plant
from bench.synthetic import TODAY, Corpus

__all__ = ["TODAY", "Manifest", "generate"]


@dataclass
class Manifest:
    """What was generated and which findings the planted errors must give."""

    claims: int
    articles: int
    files: int
    seed: int
    rate: float
    plants: int
    expected: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "claims": self.claims,
            "articles": self.articles,
            "files": self.files,
            "seed": self.seed,
            "rate": self.rate,
            "plants_per_rule": self.plants,
            "expected_findings": dict(sorted(self.expected.items())),
            "today": TODAY.isoformat(),
        }


def generate(root: str | Path, *, claims: int = 1000, seed: int = 1, rate: float = 0.0) -> Manifest:
    """Write a corpus of ``claims`` claims into ``root`` (missing or empty); return its manifest."""
    root = Path(root)
    if root.exists() and any(root.iterdir()):
        raise FileExistsError(f"{root} is not empty; the generator writes only into a new folder")
    gen = Corpus(claims, seed)
    gen.build()
    plants = max(1, round(rate * claims)) if rate > 0 else 0
    expected = plant(gen, plants) if plants else Counter()
    root.mkdir(parents=True, exist_ok=True)
    files = gen.write(root)
    manifest = Manifest(claims, len(gen.coverage), files, seed, rate, plants, dict(expected))
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("root", help="a new (missing or empty) folder to write into")
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rate", type=float, default=0.0, help="planted violations per rule, as a share of claims")
    args = parser.parse_args()
    root = Path(args.root)
    print(json.dumps(generate(root, claims=args.claims, seed=args.seed, rate=args.rate).as_dict(), indent=2))


if __name__ == "__main__":
    main()
