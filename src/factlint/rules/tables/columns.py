"""Every column of every rule table: its declared type and what it means.

``COLUMNS`` is the one declaration: the DataFrames are built with these types
(``string``, nullable ``Int64``, nullable ``boolean``), so a table keeps its
column types even when it has no row (pandas would make every column of an
empty table float64, which breaks string comparisons on other engines); the
rule loader refuses a rule naming a column that is not declared here; and
docs/rules.md is generated from it. ``TABLES`` is the same without the types.
"""

from __future__ import annotations

STRING = "string"
INT = "Int64"
BOOL = "boolean"

_COMMON = {
    "row_id": (INT, "Row number, unique in the table."),
    "claim_id": (STRING, "Id of the record the row comes from (a claim, source, entity or coverage map)."),
    "file": (STRING, "File of that record."),
    "line": (INT, "Line of the field the row is about."),
    "column": (INT, "Column of that field."),
}

INVOLVING: dict[str, frozenset[str]] = {
    "records": frozenset({"kind"}),  # FC301's kind and id: the other records of the same id
    "references": frozenset({"slot_kind"}),  # FC306: the entity the field names
    "status_pairs": frozenset({"pair"}),  # FC211: the other claims of the conflict
    "names": frozenset({"shared"}),  # FC308: the other entities of the name
    "claims": frozenset({"in_coverage"}),  # FC262: the coverage map of the claim's article
    "quotes": frozenset({"match"}),  # FC222-FC224: the source whose archived text is searched
    "excerpts": frozenset({"match"}),  # FC226, FC227: likewise
    "dates": frozenset({"published_day"}),  # FC231, FC232: the article's source and its publication date
    "coverage": frozenset({"complete"}),  # FC261: the source whose archived text the map covers
    "overlaps": frozenset({"min_seats", "computed_overlap"}),  # FC202, FC204: the composition claims
}
"""The columns that compare a row's record with other records (kept in the row's private ``_involves``):
a finding of a rule that checks one of them carries those records' files (``Finding.involves``), so
``factlint validate FILE`` shows it as a cross-record finding of each of them; other rules' findings
on the same rows involve no other file."""

COLUMNS: dict[str, dict[str, tuple[str, str]]] = {
    "records": {
        **_COMMON,
        "kind": (STRING, "Record kind: claim, source, entity or coverage."),
        "file_stem": (STRING, "The file name without .yaml/.yml."),
        "same_id_files": (
            STRING,
            "The files of the other records of this kind with this id, joined with ', '; null if none.",
        ),
    },
    "claims": {
        **_COMMON,
        "type": (STRING, "Claim type."),
        "article": (STRING, "Source id of the article the claim is from."),
        "review_state": (STRING, "review.state: draft, in-review or published."),
        "rating": (STRING, "verdict.rating."),
        "evidence_count": (INT, "Number of verdict.evidence items."),
        "independent_evidence_count": (INT, "Evidence items from a source other than the claim's own article."),
        "contradicting_evidence_count": (INT, "Evidence items with relation: contradicts."),
        "evidence_words": (
            STRING,
            "Where the evidence comes from, in words: 'it cites no evidence at all', 'all its evidence comes from "
            "its own article <id>', or 'N of its M evidence items come from other sources'.",
        ),
        "has_coverage": (BOOL, "True when the claim's article has a coverage map."),
        "folder": (STRING, "The name of the folder holding the claim's file."),
        "in_article_folder": (BOOL, "True when that folder is named after the claim's article."),
        "in_coverage": (BOOL, "True when the article's coverage map lists the claim."),
        "coverage_file": (
            STRING,
            "The file of the article's coverage map, as reports name files (several joined with ', '); null if none.",
        ),
        "verdict_line": (INT, "Line of the verdict key."),
        "verdict_column": (INT, "Column of the verdict key."),
    },
    "references": {
        **_COMMON,
        "field": (STRING, "JSON pointer of the referring field."),
        "namespace": (STRING, "What the id must name: entity, source or claim."),
        "target": (STRING, "The id referred to."),
        "exists": (
            BOOL,
            "True when a record of that namespace has the id (also when that record failed its schema, or when a "
            "file of that kind named after the id failed to load).",
        ),
        "slot": (STRING, "The referring field without list indices, e.g. status/body or overlap/members."),
        "target_kind": (STRING, "Kind of the entity found, if any (null for a record that failed its schema)."),
        "slot_kind": (STRING, "slot and target_kind joined by ':', e.g. status/body:body; null without a kind."),
        "fix": (
            STRING,
            "For an id that names nothing: \"did you mean '<id>' (<name>)?\" naming the nearest existing id by "
            "name, alias or spelling, else how to add the record; null when the id exists.",
        ),
    },
    "status_pairs": {
        **_COMMON,
        "subject": (STRING, "Country or person whose status it is."),
        "body": (STRING, "The body the status is towards."),
        "as_of": (STRING, "The date the statuses hold for."),
        "pair": (
            STRING,
            "Two different statuses claims give for the subject, body and date, sorted and joined with '|', "
            "e.g. confirmed|unannounced; one row per such pair, all anchored at the group's first claim.",
        ),
        "claims": (INT, "How many claims give a status for the subject, body and date."),
        "listing": (STRING, "Those claims with their statuses, in file order, e.g. a (confirmed), b (unannounced)."),
        "between": (STRING, "Whether the claims come from the same source or from several sources, named."),
    },
    "compositions": {
        **_COMMON,
        "body": (STRING, "The body."),
        "seats": (INT, "Seats the claim states."),
        "listed_members": (INT, "Number of members the claim lists."),
    },
    "overlaps": {
        **_COMMON,
        "body_a": (STRING, "First body."),
        "body_b": (STRING, "Second body."),
        "count": (INT, "Shared members the claim states."),
        "listed_shared": (INT, "Number of shared members the claim lists."),
        "seats_a": (
            INT,
            "Seats of body_a from its composition claim (same article preferred, else the latest), or null.",
        ),
        "seats_b": (INT, "Seats of body_b, likewise."),
        "min_seats": (INT, "The smaller of seats_a and seats_b, or null when neither is known."),
        "smaller_body": (STRING, "The body with min_seats."),
        "computed_overlap": (
            INT,
            "Members listed for both bodies, when both member lists are complete; else null.",
        ),
        "members_line": (INT, "Line of the overlap's members key (or of the overlap when it lists none)."),
        "members_column": (INT, "Column of that list."),
    },
    "quotes": {
        **_COMMON,
        "what": (STRING, "quote (a quote claim's text) or span (a claim's sources[].span)."),
        "source": (STRING, "Source id the text must be found in."),
        "speaker": (STRING, "attribution.speaker of the claim (on quote and span rows alike)."),
        "speaker_kind": (
            STRING,
            "The kind of the speaker's entity (on quote and span rows alike); null when no entity has that id, "
            "or only one that failed its schema.",
        ),
        "date": (STRING, "attribution.date of the claim (on quote and span rows alike)."),
        "match": (
            STRING,
            "exact, normalized or not-found; or why it could not be checked: not-archived, no-file, "
            "outside, unreadable, unknown-source.",
        ),
        "detail": (STRING, "How it matched, in words."),
        "excerpt": (STRING, "The first 80 characters of the text."),
        "placeholder": (
            BOOL,
            "True when the text begins with TODO, as the placeholders factlint new writes do (FC271 says to fill "
            "them in; FC222 does not also report it as a misquote).",
        ),
    },
    "excerpts": {
        **_COMMON,
        "source": (
            STRING,
            "Source id of a verdict.evidence item: its excerpt must be found in that source's archived text.",
        ),
        "match": (
            STRING,
            "exact, normalized or not-found, as for quotes; or why it could not be looked for: not-archived (the "
            "source has no archived text: the excerpt is checked against its copy_url by the editors), no-file, "
            "outside, unreadable, unknown-source.",
        ),
        "detail": (STRING, "How it matched, in words."),
        "excerpt": (STRING, "The first 80 characters of the excerpt."),
    },
    "dates": {
        **_COMMON,
        "field": (STRING, "Which date: as_of, attribution.date, event.date, review.date, published or retrieved."),
        "date": (STRING, "The date, YYYY-MM-DD."),
        "day": (INT, "The date as a day number (proleptic Gregorian ordinal)."),
        "source": (STRING, "For claims: the article's source id."),
        "published": (STRING, "For claims: the article's publication date, or null."),
        "published_day": (INT, "That date as a day number, or null."),
    },
    "archives": {
        **_COMMON,
        "path": (STRING, "archive.path as written."),
        "status": (STRING, "ok, sha256-mismatch, no-file, outside (leaves the source's folder) or unreadable."),
        "expected": (STRING, "archive.sha256 as written."),
        "actual": (STRING, "The SHA-256 of the file, when it could be read."),
        "fix": (
            STRING,
            "What to do, by status: restore the file or re-record its sha256 (factlint fix archive), put the text "
            "itself in the source's folder, put the text at archive.path, or save it as UTF-8; null when ok.",
        ),
        "has_claims": (BOOL, "True when some claim names this source as its article."),
        "has_coverage": (BOOL, "True when a coverage map maps this source's text."),
    },
    "waivers": {
        **_COMMON,
        "rule": (STRING, "The waived rule code."),
        "reason": (STRING, "Why."),
        "granted": (STRING, "The day the waiver was granted."),
        "granted_day": (INT, "That date as a day number."),
        "expires": (STRING, "The last day the waiver holds."),
        "expires_day": (INT, "That date as a day number."),
        "term_days": (
            INT,
            "Days from granted to expires (expires_day - granted_day): 0 for a waiver of one day, "
            "negative when it expires before it was granted.",
        ),
    },
    "names": {
        **_COMMON,
        "name_kind": (STRING, "name (the entity's name) or alias (one of its aliases)."),
        "name": (STRING, "The name or alias as written."),
        "key": (STRING, "The name compared: case-folded, white space collapsed (Unicode NFKC)."),
        "others": (STRING, "Ids of the other entities whose name or an alias has the same key, joined with ', '."),
        "other_files": (STRING, "The files of those entities, in the same order, joined with ', '."),
        "shared": (BOOL, "True when another entity has the same key as its name or as one of its aliases."),
    },
    "phrases": {
        **_COMMON,
        "claim_type": (STRING, "Type of the claim whose verdict explanation quotes the phrase."),
        "phrase": (STRING, "A phrase the explanation puts in quotation marks ('...', ‘...’, \"...\", “...”, «...»)."),
        "found": (
            BOOL,
            "True when the phrase appears in one of the claim's evidence excerpts or source spans "
            "(exactly, or after normalising typography and spacing).",
        ),
    },
    "coverage": {
        **_COMMON,
        "source": (STRING, "The mapped source."),
        "complete": (BOOL, "True when the sentences give back the whole archived text (white space aside)."),
        "detail": (
            STRING,
            "In words, after 'the coverage map of <source>': 'is complete', 'is incomplete: ' and where the map "
            "and the text part, or 'cannot be checked: ' and why the archived text cannot be read.",
        ),
        "fix": (STRING, "What to do about it (for a text that cannot be read, the same words as FC307's fix)."),
    },
    "sentences": {
        **_COMMON,
        "source": (STRING, "The source whose coverage map holds the sentence."),
        "number": (INT, "The sentence's number in the map, from 1."),
        "claims_count": (INT, "Number of claim ids the sentence lists."),
        "mapped": (BOOL, "True when the sentence lists a claim or gives a not_a_claim reason."),
    },
    "placeholders": {
        **_COMMON,
        "field": (STRING, "JSON pointer of a field that `factlint new` fills with a placeholder."),
        "value": (STRING, "Its value, when it begins with todo (any case): the rule's pattern decides."),
        "wanted": (
            STRING,
            "What to write instead: 'one of: ' and the values the field's schema lists (without TODO), or 'the real "
            "value' where it lists none.",
        ),
    },
}

TABLES: dict[str, dict[str, str]] = {t: {c: doc for c, (_, doc) in cols.items()} for t, cols in COLUMNS.items()}
"""Every table's columns and what they mean (``COLUMNS`` without the types)."""

DTYPES: dict[str, dict[str, str]] = {t: {c: dtype for c, (dtype, _) in cols.items()} for t, cols in COLUMNS.items()}
"""Every table's columns and their pandas dtypes."""

PARAMETERS = {  # none may grow with the corpus (a list of every id costs seconds, and is quadratic on SQL)
    "rule_codes": "Codes of every rule, built-in and in checks/.",
    "unwaivable_codes": "Codes of the rules no waiver may name: every built-in code, and the rules of checks/ "
    "with waivable: false.",
    "today_day": "The run's date as a day number (see --today).",
}

TABLE_PARAMETERS: dict[str, dict[str, str]] = {
    "phrases": {"quotation_marks": "The marks a quote claim's verdict explanation quotes a phrase between."},
    "names": {"name_comparison": "The steps that turn a name or alias into its key (column key), in order."},
}
"""What each table's builder reads from the rule files on it (``table_parameters``, see schemas/rule.schema.json):
each is set by exactly one rule on the table; a table no loaded rule reads gets no parameter and no rows."""

POSITIONS = {"line": "", "column": "", "verdict_line": "verdict", "verdict_column": "verdict",
             "members_line": "members", "members_column": "members"}  # fmt: skip
"""Position columns: not in the DataFrames (no rule checks them); filled in for failing rows only,
from the row's ``_at`` (or ``_at_<name>``) entry, so no position of a passing row is ever looked up."""


def frame_columns(table: str) -> list[str]:
    """The columns of a table's DataFrame: every documented column but the positions."""
    return [c for c in TABLES[table] if c not in POSITIONS]
