"""``factlint new entity``: an entity record; a country's ISO 3166-1 code looked up from its name."""

from __future__ import annotations

import argparse

from factlint.scaffold import records
from factlint.scaffold.common import ScaffoldError, slug_ok


def entity_plan(args: argparse.Namespace) -> records.Plan:
    """The entity file of ``new entity`` (near-duplicates are checked against the corpus by the caller)."""
    eid = slug_ok(args.id, "the id")
    code = args.code
    if args.kind == "country":
        code = code or _country_code(args.name)
        import pycountry

        if pycountry.countries.get(alpha_2=code.upper()) is None:
            raise ScaffoldError(f"--code {code!r} is not an ISO 3166-1 alpha-2 code; {_which_code(code)}")
        code = code.upper()
    elif code:
        raise ScaffoldError("--code is for countries only")
    return records.entity(eid=eid, kind=args.kind, name=args.name, code=code, aliases=args.alias)


def _which_code(code: str) -> str:
    """The fix of a --code that is no alpha-2 code: the code it most likely means (validate's lookup)."""
    from factlint.schema_errors import country_of

    found = country_of(code)
    if found is None:
        return (
            "give the country's two-letter ISO 3166-1 alpha-2 code (e.g. UZ), "
            "or leave --code out to look it up from --name"
        )
    return f"did you mean --code {found[0]} ({found[1]})?"


def _country_code(name: str) -> str:
    import pycountry

    try:
        found = pycountry.countries.search_fuzzy(name)
    except LookupError:
        found = []
    if len(found) == 1 or (found and getattr(found[0], "name", "").lower() == name.lower()):
        return str(found[0].alpha_2)
    names = ", ".join(f"{c.alpha_2} ({c.name})" for c in found[:3])
    hint = f"; candidates: {names}" if names else ""
    raise ScaffoldError(f"cannot tell the ISO code of {name!r}: pass --code XX{hint}")
