"""What a record's own rows depend on in other records (its lookups), and their values in a build.

A record's own rows (every table but :data:`.fileformat.DERIVED_TABLES`) are a function of its kind, file, path and
bytes (the content cache's key: the loader and schema code are part of the namespace) and of what the build
looked up in other records for it. Those lookups show in the rows themselves, so they are found again from
the previous run's rows, never guessed:

* ``references``: the record of that id in the namespace (``entity``, ``source``, ``claim``) and whether an
  id failed its schema; for an id that names nothing, every id and name of the namespace (the did-you-mean);
* ``quotes``, ``excerpts``, ``coverage``, ``sentences``: the source record and its archived text (status and
  SHA-256 of the bytes, or why it cannot be read); ``quotes`` also the speaker's entity;
* ``dates``: the article's source record (its publication date, the record the row involves);
* ``claims``: the coverage maps of the claim's article; ``archives``: the first source of the id, its archived
  text and the coverage maps of it.

Each lookup is a :data:`Key` (namespace, id) whose value (:func:`value`) the previous run stored. A record is
taken over when its own identity is unchanged and none of its lookups' values changed (:mod:`.takeover`); every
other record is built again, and the tables that gather facts across records (:data:`.fileformat.DERIVED_TABLES`,
and the ``has_claims`` column) are always computed again. The rule stage's rule files' ``table_parameters`` must
be equal, else nothing is taken over.
"""

from __future__ import annotations

import hashlib
from typing import Any

from factlint.record import Record
from factlint.rules.tables.builder import Builder

Key = tuple[str, Any]
"""A lookup: (``entity``/``source``/``claim``: the record of an id; ``archive``: a source's archived text;
``cov``: the coverage maps of a source, id)."""

LOOKUPS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "quotes": (("source", ("source", "archive")), ("speaker", ("entity",))),
    "excerpts": (("source", ("source", "archive")),),
    "dates": (("source", ("source",)),),
    "claims": (("article", ("cov",)),),
    "archives": (("claim_id", ("source", "archive", "cov")),),
    "coverage": (("source", ("source", "archive")),),
    "sentences": (("source", ("source", "archive")),),
}
"""Per table: a column holding an id, and the lookups of that id its rows depend on (``references`` aside)."""

NAMESPACES = ("entity", "source", "claim")


def identity(rec: Record | None) -> tuple[str, str, str] | None:
    """What makes a record the same in another run: its file, path and content key (kind and bytes)."""
    return None if rec is None else (rec.file, rec.path, rec.key)


class Index:
    """Records as indices into a run's records list: a build's own (``of``: id(record) -> its index) or, on the
    next run, the previous run's (``of``: id(record) -> the previous record of the same file, kind and path;
    ``edited``: those whose content key changed)."""

    def __init__(self, of: dict[int, int], edited: set[int] | None = None) -> None:
        self.of = of
        self.edited = edited or set()

    def __call__(self, rec: Record | None, *, content: bool = True) -> int:
        """-1 for none, -2 for a record with no previous index (or, with ``content``, whose bytes changed)."""
        if rec is None:
            return -1
        j = self.of.get(id(rec), -2)
        return -2 if content and j in self.edited else j


def value(b: Builder, key: Key, index: Index, *, read: bool = True) -> Any:
    """The value of the lookup ``key`` in the build ``b`` (records as ``index`` numbers them). ``read``: read an
    archived text not read yet (else such an archive's value is None, which no run's value equals)."""
    ns, x = key
    if ns in NAMESPACES:  # a reference to a claim reads only that it exists, and its file
        return (index(b.by_kind[ns].get(x), content=ns != "claim"), x in b.invalid_ids.get(ns, ()))
    if ns == "archive":
        if read:
            status, _, info = b.archives.get(x)
            return (status, info)
        seen = b.archives.seen(x)
        return None if seen is None else (seen[0], seen[2])
    if ns == "cov":
        return tuple(index(r) for r in b.coverage_maps.get(x, ()))
    raise ValueError(f"unknown lookup {ns!r}")


def names(b: Builder, ns: str) -> str:
    """A digest of every id of the namespace ``ns`` and the record that has it (what a did-you-mean reads: of a
    claim only its id)."""
    found = b.by_kind[ns]
    if ns == "claim":
        text = "\0".join(found)
    else:
        text = "\0".join(f"{rid}\0{r.file}\0{r.path}\0{r.key}" for rid, r in found.items())
    return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


Vouched = dict[str, tuple[Any, Any]]
"""Source id -> (the value of its archive lookup, its :func:`text_entry`) of an archived text whose stat vouched
for it in this run (not read again): kept for the next run as it was."""


def text_entry(b: Builder, x: str) -> Any:
    """What vouches for the archived text of the source ``x`` read in the build ``b`` next time: (the source's
    identity, the file, its stat taken before the read), or None (not read fine, or changed too close to the read
    for its stat to vouch for it: :func:`factlint.cache.is_racy`)."""
    from factlint.cache import is_racy

    seen, found = b.archives.seen(x), b.archives.stats.get(x)
    if seen is None or seen[0] != "ok" or found is None or found[1] is None:
        return None
    path, st = found
    if st is None or is_racy(st, b.archives.started_ns):
        return None
    return (identity(b.by_kind["source"].get(x)), path, (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino,
                                                          st.st_dev))  # fmt: skip


def kept_values(b: Builder, index: dict[int, int], vouched: Vouched) -> tuple[dict[str, Any], Any]:
    """The values to keep for the next run of every archive and coverage lookup of the build (id -> value), and the
    :func:`text_entry` of each archived text. (Those of the record namespaces need none: the records' kinds and ids
    are kept.)"""
    own = Index(index)
    texts: dict[str, Any] = {}
    archives: dict[Any, Any] = {}
    for x in {*b.archives.looked_up(), *vouched}:
        archives[x], entry = kept_value(b, ("archive", x), own, vouched)
        if entry is not None:
            texts[x] = entry
    covered = {x: value(b, ("cov", x), own) for x in b.coverage_maps}
    return {"archive": archives, "cov": covered}, texts


def kept_value(b: Builder, key: Key, index: Index, vouched: Vouched) -> tuple[Any, Any]:
    """The value of ``key`` to keep for the next run, and for an archive lookup its :func:`text_entry`."""
    ns, x = key
    if ns == "archive":
        if b.archives.seen(x) is None and x in vouched:
            return vouched[x]
        return value(b, key, index, read=False), text_entry(b, x)
    return value(b, key, index, read=False), None
