"""``factlint fix archive SOURCE-ID``: re-record the sha256 of one named source's archived text.

Only for the source the contributor names, after a deliberate edit of its text: the
archive-integrity rule (FC307) is never silenced in bulk. The old and the new hash are printed.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import TextIO

from factlint.scaffold.common import EXIT_OK, ScaffoldError, load, shown, slug_ok, source_path
from factlint.scaffold.files import replace_text


def fix_archive(root: Path, source_id: str, out: TextIO) -> int:
    """Rewrite the one ``sha256:`` line of ``source_id``'s record to its archive's hash; print both hashes."""
    sid = slug_ok(source_id, "SOURCE-ID")
    path = source_path(root, sid)
    data = load(path)
    archive = data.get("archive") if isinstance(data, dict) else None
    if not isinstance(archive, dict) or not isinstance(archive.get("path"), str):
        raise ScaffoldError(f"{shown(path)} has no archive.path: the source has no archived text to hash")
    target = path.parent / archive["path"]
    real_folder = Path(os.path.realpath(path.parent))
    real = Path(os.path.realpath(target))
    if real_folder not in real.parents:
        raise ScaffoldError(f"{archive['path']} leads outside {shown(path.parent)}; not followed")
    try:
        digest = hashlib.sha256(real.read_bytes()).hexdigest()
    except OSError as exc:
        raise ScaffoldError(f"cannot read {shown(target)}: {exc.strerror or exc}") from None
    old = archive.get("sha256")
    if old == digest:
        out.write(f"factlint: {shown(path)}: archive.sha256 already matches {shown(target)}: {digest}\n")
        return EXIT_OK
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(rf"^(\s*sha256:\s*['\"]?){re.escape(str(old))}(['\"]?\s*(#.*)?)$", re.M)
    if not isinstance(old, str) or len(pattern.findall(text)) != 1:
        raise ScaffoldError(f"cannot find the one 'sha256: {old}' line in {shown(path)}; edit it by hand to {digest}")
    replace_text(path, pattern.sub(lambda m: f"{m.group(1)}{digest}{m.group(2)}", text))
    out.write(f"factlint: {shown(path)}: archive.sha256 re-recorded for {shown(target)}\n")
    out.write(f"  old: {old}\n  new: {digest}\n")
    return EXIT_OK
