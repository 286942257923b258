"""The semantic diff behind ``validate --base REF``: what a pull request changes, in claim terms.

This module only *describes* changes; reporters render the :class:`DiffSummary`.

* The comparison point is the merge base of ``REF`` and ``HEAD`` (what GitHub
  shows as a pull request's diff), so commits that landed on the base branch
  after the pull request forked are not counted as its changes.
* Changed files are those that differ between the merge base and the working
  tree (committed, staged or not), plus untracked files not ignored by git.
  Only record files (``*.yaml``, ``*.yml``) under the validated paths count.
* Old versions are read with ``git show COMMIT:path`` (a subprocess with an
  argument list, never a shell) and parsed with the hardened
  :mod:`factlint.loader`, never with ``yaml.load``.
* Records are matched by file path: a renamed claim reads as one removed and
  one added.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factlint import corpus, loader, schemas
from factlint.discover import display, is_record_name
from factlint.errors import UsageError
from factlint.messages import cut
from factlint.model import Result

MAX_VALUE_CHARS = 200
"""Longest quoted value (a statement, a quote) in a change description."""

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"


class DiffError(UsageError):
    """``--base`` cannot be used: not a git repository, or an unknown revision (exit 2)."""


@dataclass(frozen=True, order=True)
class Change:
    """One change a pull request makes to one record, described in words."""

    file: str
    action: str  # added, removed or changed
    kind: str  # record kind: claim, source, entity, coverage
    record_id: str
    text: str


@dataclass(frozen=True)
class DiffSummary:
    """What changed since ``base`` (the revision as given) at merge-base ``commit``."""

    base: str
    commit: str
    changed_files: tuple[str, ...]
    changes: tuple[Change, ...]

    def is_changed(self, file: str) -> bool:
        return file in self.changed_files


def _git(args: list[str], cwd: Path | None = None) -> bytes:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise DiffError("--base needs git, and no git program was found") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DiffError(message[-1] if message else f"git {args[0]} failed")
    return proc.stdout


def resolve(base: str) -> tuple[Path, str]:
    """The repository top folder and the merge-base commit of ``base`` and HEAD.

    Raises DiffError with a message fit for users for a bad revision.
    """
    if not base or base.startswith("-"):
        raise DiffError(f"--base: {base!r} is not a git revision")
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"]).decode().strip())
    except DiffError:
        raise DiffError("--base needs a git repository, and this folder is not in one") from None
    try:
        commit = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{base}^{{commit}}"], top)
    except DiffError:
        raise DiffError(
            f"--base: unknown git revision {base!r} (in CI, fetch it first: actions/checkout with fetch-depth: 0)"
        ) from None
    sha = commit.decode().strip()
    # No HEAD yet, or unrelated histories: compare with the revision itself.
    with contextlib.suppress(DiffError):
        sha = _git(["merge-base", sha, "HEAD"], top).decode().strip()
    return top, sha


def _split(raw: bytes) -> list[str]:
    return [p for p in raw.decode("utf-8", "surrogateescape").split("\0") if p]


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: where it stands
        return Path(os.path.abspath(path))


def _sizes(raw: bytes) -> dict[str, int | None]:
    """``git ls-tree -r -l -z`` output as {path: size} (None for what has no size, e.g. a submodule)."""
    sizes: dict[str, int | None] = {}
    for entry in raw.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        size = meta.split()[-1]
        sizes[path.decode("utf-8", "surrogateescape")] = int(size) if size.isdigit() else None
    return sizes


def _old(top: Path, commit: str, name: str, sizes: Mapping[str, int | None]) -> bytes | object | None:
    """The bytes of ``name`` at ``commit``; a blob over the loader's limit is never read (unloadable)."""
    if name not in sizes:
        return None
    size = sizes[name]
    if size is None or size > loader.MAX_BYTES:
        return _UNLOADABLE
    return _git(["show", f"{commit}:{name}"], top)


def _new(path: Path) -> bytes | object | None:
    """The bytes of the working-tree file, read the loader's way (regular files, bounded); None if absent."""
    try:
        return loader.read_regular(path, loader.MAX_BYTES)
    except FileNotFoundError:
        return None
    except OSError:  # over the limit, a FIFO, a device, a loop: not a loadable record
        return _UNLOADABLE


def _under(path: Path, roots: Iterable[Path]) -> bool:
    return any(path == r or r in path.parents for r in roots)


def _load(raw: bytes | object | None) -> Any:
    if raw is None or raw is _UNLOADABLE:
        return raw
    assert isinstance(raw, bytes)
    try:
        return loader.load_bytes(raw).data
    except loader.LoadError:
        return _UNLOADABLE


_UNLOADABLE = object()


def compute(base: str, paths: list[str], result: Result) -> DiffSummary:
    """Compare the record files under ``paths`` with their versions at the merge base of ``base``."""
    top, commit = resolve(base)
    roots = [Path(p).resolve() for p in paths]
    names = set(_split(_git(["diff", "--name-only", "-z", "--no-renames", commit, "--"], top)))
    names |= set(_split(_git(["ls-files", "--others", "--exclude-standard", "--full-name", "-z"], top)))
    at_base = _sizes(_git(["ls-tree", "-r", "-l", "-z", commit], top))
    entity_names = {
        r.id: r.data["name"] for r in result.records if r.kind == "entity" and isinstance(r.data.get("name"), str)
    }
    changed: list[str] = []
    changes: list[Change] = []
    for name in sorted(names):
        absolute = top / name
        if not is_record_name(Path(name).name) or not _under(_real(absolute), roots):
            continue
        shown = display(absolute)
        changed.append(shown)
        old_raw = _old(top, commit, name, at_base)
        new_raw = _new(absolute)
        root = corpus.find_root(absolute)
        kind = corpus.kind_in(root, absolute) if root is not None else schemas.record_kind(shown)
        changes.extend(describe(shown, kind, _load(old_raw), _load(new_raw), entity_names))
    return DiffSummary(base=base, commit=commit, changed_files=tuple(sorted(changed)), changes=tuple(sorted(changes)))


# --- describing changes ---------------------------------------------------------


def _s(value: Any) -> str:
    text = value if isinstance(value, str) else "" if value is None else str(value)
    return cut(text, MAX_VALUE_CHARS)


def _get(data: Mapping[str, Any], *path: str) -> Any:
    value: Any = data
    for key in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def describe(
    file: str, kind: str, old: Any, new: Any, entity_names: Mapping[str | None, str] | None = None
) -> list[Change]:
    """The changes from ``old`` to ``new`` (loaded record data; None when the file is absent)."""
    names = entity_names or {}

    def entity(ref: Any) -> str:
        return names.get(ref, _s(ref)) if isinstance(ref, str) else _s(ref)

    def rid(data: Any) -> str:
        return _s(data.get("id")) if isinstance(data, Mapping) and data.get("id") else Path(file).stem

    if old is None and new is None:
        return []
    if old is None and isinstance(new, Mapping):
        return [Change(file, ADDED, kind, rid(new), _added(kind, new, entity))]
    if new is None and isinstance(old, Mapping):
        return [Change(file, REMOVED, kind, rid(old), _removed(kind, old))]
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        if old == new:
            return []
        return [Change(file, CHANGED, kind, rid(new), text) for text in _changed(kind, old, new, rid(new), entity)]
    action = ADDED if old is None else REMOVED if new is None else CHANGED
    record = rid(new if new is not None else old)
    return [Change(file, action, kind, record, f"{kind} {record} {action} (the file is not a loadable record)")]


def _added(kind: str, data: Mapping[str, Any], entity: Any) -> str:
    record = _s(data.get("id"))
    if kind != "claim":
        label = _s(data.get("name") or data.get("title") or "")
        return f"new {kind} {record}" + (f": {label}" if label else "")
    ctype = data.get("type")
    speaker = entity(_get(data, "attribution", "speaker"))
    if ctype == "quote":
        return f"new quote by {speaker}: “{_s(_get(data, 'quote', 'text'))}” ({record})"
    if ctype == "status":
        subject = entity(_get(data, "status", "subject"))
        value = _s(_get(data, "status", "value"))
        return f"new claim: {subject}: {value} as of {_s(data.get('as_of'))} ({record})"
    return f"new {_s(ctype) or 'claim'} claim {record}: {_s(data.get('statement'))}"


def _removed(kind: str, data: Mapping[str, Any]) -> str:
    record = _s(data.get("id"))
    if kind != "claim":
        return f"{kind} {record} removed"
    return f"claim {record} removed: {_s(data.get('statement'))}"


def _changed(kind: str, old: Mapping[str, Any], new: Mapping[str, Any], record: str, entity: Any) -> list[str]:
    texts: list[str] = []
    handled: set[str] = set()
    if kind == "claim":
        old_status, new_status = _get(old, "status", "value"), _get(new, "status", "value")
        if old_status != new_status and old_status is not None and new_status is not None:
            subject = entity(_get(new, "status", "subject"))
            texts.append(f"{subject}: {_s(old_status)} → {_s(new_status)} as of {_s(new.get('as_of'))}")
            handled |= {"status", "as_of"}
        old_seats, new_seats = _get(old, "composition", "seats"), _get(new, "composition", "seats")
        if old_seats != new_seats and old_seats is not None and new_seats is not None:
            body = entity(_get(new, "composition", "body"))
            texts.append(f"{body}: {_s(old_seats)} → {_s(new_seats)} seats as of {_s(new.get('as_of'))}")
            handled |= {"composition", "as_of"}
        old_rating, new_rating = _get(old, "verdict", "rating"), _get(new, "verdict", "rating")
        if old_rating != new_rating:
            texts.append(f"verdict of {record} changed from {_s(old_rating)} to {_s(new_rating)}")
            handled.add("verdict")
        if _get(old, "quote", "text") != _get(new, "quote", "text") and new.get("type") == "quote":
            speaker = entity(_get(new, "attribution", "speaker"))
            texts.append(f"quote by {speaker} in {record} now reads “{_s(_get(new, 'quote', 'text'))}”")
            handled.add("quote")
        if old.get("statement") != new.get("statement"):
            texts.append(f"statement of {record} reworded: {_s(new.get('statement'))}")
            handled.add("statement")
        old_state, new_state = _get(old, "review", "state"), _get(new, "review", "state")
        if old_state != new_state:
            texts.append(f"review of {record}: {_s(old_state)} → {_s(new_state)}")
            handled.add("review")
    rest = sorted(k for k in set(old) | set(new) if k not in handled and old.get(k) != new.get(k))
    if rest:
        texts.append(f"{kind} {record}: {', '.join(_s(k) for k in rest)} changed")
    return texts
