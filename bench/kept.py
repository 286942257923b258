"""The bench's corpora (bench/run.py): generated once, kept for the next run, linked into each run, and the
one-file edits before a warm run, which never reach the kept corpus.

A generated corpus is kept in ``--corpus-cache`` (default ``<temp folder>/factlint-bench-corpus``), keyed by the
generator's own bytes, the size, the seed and the rate; each run works on hard links to it (a copy where links
cannot be made), and the one-file edits replace a file rather than write into it, so the kept corpus never changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from bench.generate import generate

EDIT_LINE = "# bench edit {n}"


def edit_one(corpus: Path, n: int) -> dict[str, str]:
    """Change one claim file (a comment line appended: same record, new bytes), as a pull request would; what
    was changed (the file, relative to ``corpus``, and the line appended), for the output to say.

    The file is replaced, never written into: it may be a hard link to the kept corpus (see :func:`corpus`)."""
    claims = sorted((corpus / "articles").rglob("*.yaml"))
    target = claims[(n * 7919) % len(claims)]
    line = EDIT_LINE.format(n=n)
    new = target.with_name(target.name + ".bench-edit")
    new.write_bytes(target.read_bytes() + f"{line}\n".encode())
    os.replace(new, target)
    return {"file": target.relative_to(corpus).as_posix(), "appended": line}


GENERATOR = Path(__file__).resolve().parent / "generate.py"
GENERATOR_PARTS = tuple(GENERATOR.with_name(name) for name in ("synthetic.py", "plants.py"))
"""The modules :data:`GENERATOR` draws and plants the corpus with."""


def corpus_key(size: int, seed: int, rate: float) -> str:
    """What a kept corpus is made from: the generator's bytes (its own and its parts', and the versions of the
    libraries it writes with), the size, the seed and the rate."""
    from importlib.metadata import version as installed

    made_by = b"".join(p.read_bytes() for p in (GENERATOR, *GENERATOR_PARTS))
    made_by += f"|pycountry {installed('pycountry')}|pyyaml {installed('pyyaml')}".encode()
    version = hashlib.sha256(made_by).hexdigest()[:16]
    return f"{version}-{size}-{seed}-{rate!r}"


def _generate_kept(cache: Path, key: str, size: int, seed: int, rate: float) -> Path:
    """The kept corpus of ``key`` in ``cache``, generated first if missing (complete ones only: the
    manifest is written last, and the folder appears whole through a rename)."""
    entry = cache / key
    if (entry / "manifest.json").is_file():
        return entry
    cache.mkdir(parents=True, exist_ok=True)
    part = cache / f".{key}.{os.getpid()}.part"
    shutil.rmtree(part, ignore_errors=True)
    manifest = generate(part / "corpus", claims=size, seed=seed, rate=rate)
    files = sum(1 for p in (part / "corpus").rglob("*") if p.is_file())
    meta = {"manifest": manifest.as_dict(), "files": files}
    (part / "manifest.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    try:
        os.rename(part, entry)
    except OSError:  # another bench kept the same corpus meanwhile: use that one
        shutil.rmtree(part, ignore_errors=True)
    return entry


def _link_tree(source: Path, target: Path) -> int:
    """Hard links in ``target`` to every file under ``source`` (copies where links cannot be made)."""
    linked = 0
    for dirpath, _dirnames, filenames in os.walk(source):
        out = target / Path(dirpath).relative_to(source)
        out.mkdir(parents=True, exist_ok=True)
        for name in filenames:
            try:
                os.link(os.path.join(dirpath, name), out / name)
            except OSError:  # another file system, or links not allowed
                shutil.copy2(os.path.join(dirpath, name), out / name)
            linked += 1
    return linked


def corpus(target: Path, size: int, seed: int, rate: float, cache: Path | None) -> dict[str, Any]:
    """Put the corpus of ``size`` claims into ``target`` (missing); return its manifest.

    With ``cache``, the corpus is generated once into it and linked from there; a kept corpus that
    lost or gained a file since it was generated is generated again."""
    if cache is None:
        return generate(target, claims=size, seed=seed, rate=rate).as_dict()
    key = corpus_key(size, seed, rate)
    for _attempt in range(2):
        entry = _generate_kept(cache, key, size, seed, rate)
        meta = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
        if _link_tree(entry / "corpus", target) == meta["files"]:
            return dict(meta["manifest"])
        shutil.rmtree(target)
        shutil.rmtree(entry, ignore_errors=True)
    raise RuntimeError(f"the kept corpus {entry} keeps changing; run with --no-corpus-cache")
