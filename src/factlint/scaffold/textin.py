"""An article's text for ``factlint new article``: read it, refuse what cannot be an article, split it.

Sentences come from ``sentencex`` (Wikimedia's rule-based segmenter for ~300
languages), run on each line of the text, so a line break always ends a
sentence (page furniture, photo credits and headings stay on their own). The
split gives back the whole text: the sentences, concatenated, equal the text up
to white space (what the coverage rule FC261 checks), or the split fails.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

MAX_TEXT_BYTES = 512 * 1024
"""Largest article text accepted (the coverage map written from it must stay under the loader's 1 MiB)."""

MAX_SENTENCE_CHARS = 5000
"""The coverage schema's limit on one sentence."""


class TextError(Exception):
    """The text cannot be archived as an article (exit 2, nothing written)."""


def read_text(path: str) -> tuple[bytes, str]:
    """The bytes of the article text at ``path`` and the text, or :class:`TextError` saying why not."""
    p = Path(path)
    if not p.exists():
        raise TextError(f"no such file: {path}")
    if not p.is_file():
        raise TextError(f"{path} is not a regular file; give the article's text as a UTF-8 .txt file")
    size = os.stat(p).st_size
    if size > MAX_TEXT_BYTES:
        raise TextError(
            f"{path} is {size:,} bytes, over the limit of {MAX_TEXT_BYTES:,} bytes for one article; give only the "
            "article's own text (not a saved web page, a page dump or a binary file)"
        )
    with open(p, "rb") as fh:
        raw = fh.read(MAX_TEXT_BYTES + 1)
    if len(raw) > MAX_TEXT_BYTES:
        raise TextError(f"{path} grew past {MAX_TEXT_BYTES} bytes while being read")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TextError(f"{path} is UTF-16 encoded; save it as UTF-8")
    if b"\x00" in raw:
        raise TextError(
            f"{path} contains NUL bytes: it is a binary or UTF-16 file, not UTF-8 text; give the article's text "
            "as a UTF-8 text file"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        raise TextError(
            f"{path} is not UTF-8 text: byte 0x{raw[exc.start]:02x} at line {line} is not valid UTF-8; "
            "save the file as UTF-8"
        ) from None
    if not text.strip():
        raise TextError(f"{path} is empty (or only white space); give the article's text")
    bad = next((ch for ch in text if ord(ch) < 32 and ch not in "\t\n\r"), None)
    if bad is not None:
        raise TextError(
            f"{path} contains the control character U+{ord(bad):04X}; give the article's text as plain UTF-8 text, "
            "without control characters"
        )
    return raw, text


_WS = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """``text`` without any white space (how FC261 compares a coverage map with its text)."""
    return _WS.sub("", text)


def sentences(text: str, language: str) -> list[str]:
    """The sentences of ``text`` in order, each stripped of surrounding white space.

    Raises :class:`TextError` when the sentences would not give back the whole text.
    """
    import sentencex

    lang = language.split("-", 1)[0].lower() or "en"
    out: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        pieces = list(sentencex.segment(lang, line))
        if "".join(pieces) != line:  # the segmenter must not drop or change a character
            pieces = [line]
        for piece in pieces:
            if piece.strip():
                out.extend(_fit(piece.strip()))
    if squeeze("".join(out)) != squeeze(text):
        raise TextError("the sentence split does not give back the whole text; report this as a bug")
    return out


def _fit(sentence: str) -> list[str]:
    """A sentence longer than the coverage schema allows, cut at spaces into parts that fit."""
    if len(sentence) <= MAX_SENTENCE_CHARS:
        return [sentence]
    parts: list[str] = []
    rest = sentence
    while len(rest) > MAX_SENTENCE_CHARS:
        cut = rest.rfind(" ", 0, MAX_SENTENCE_CHARS)
        cut = cut if cut > 0 else MAX_SENTENCE_CHARS
        parts.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    if rest:
        parts.append(rest)
    return parts
