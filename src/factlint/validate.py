"""The ``validate`` pipeline: collect the files, judge them, fill a Result.

Stages, in order: load (hardened YAML, FC0xx), schema (FC1xx), rules (FC2xx+,
Great Expectations; imported only when the rule stage runs). Nothing here
renders or writes anything; nothing is ever written to the files read.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from factlint import loader, schema_errors, schemas
from factlint.codes import finding
from factlint.discover import display, record_files
from factlint.model import Record, Result


def check_file(path: Path, result: Result) -> None:
    """Load and schema-check one file, adding findings or a record to ``result``."""
    name = display(path)
    kind = schemas.record_kind(name)
    try:
        doc = loader.load_path(path)
    except loader.LoadError as exc:
        result.add(finding(exc.code, name, exc.line, exc.column, exc.message))
        return
    except OSError as exc:
        result.add(finding("FC011", name, 1, 1, f"cannot read the file: {exc.strerror or exc}"))
        return
    errors = list(schemas.validator(kind).iter_errors(doc.data))
    if errors:
        if isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str):
            # Known but invalid: references to it are not dangling, only the record is broken.
            result.invalid_ids.setdefault(kind, set()).add(doc.data["id"])
        for f in schema_errors.translate(errors, file=name, kind=kind, data=doc.data, positions=doc.positions):
            result.add(f)
        return
    result.records.append(Record(kind=kind, file=name, data=doc.data, positions=doc.positions))


def run(paths: list[str], *, schema_only: bool = False, today: _dt.date | None = None) -> Result:
    """Validate every record under ``paths``. Raises UsageError for a bad path."""
    result = Result(paths=list(paths))
    files = record_files(paths)
    result.files_checked = len(files)
    result.stages.append("schema")
    if not files:
        for p in paths:
            result.add(
                finding(
                    "FC012",
                    display(Path(p)),
                    1,
                    1,
                    "no record files (*.yaml, *.yml) found here; an empty corpus is an error, "
                    "add claim files or name the right folder",
                )
            )
        return result
    for path in files:
        check_file(path, result)
    if not schema_only:
        from factlint import rules  # the rule stage imports Great Expectations lazily

        result.stages.append("rules")
        rules.run(result, today=today)
    return result
