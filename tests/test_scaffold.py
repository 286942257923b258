"""``factlint new`` and ``factlint fix archive``: what they write, and what they refuse to write."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from factlint import loader, validate
from factlint.scaffold import emit, textin

from .conftest import ROOT, corpus_copy, snapshot

ARTICLE_TEXT = (
    "ALMATY — Tokayev said: “We are ready.” Then he left.\n"
    "Photo credit: Akorda\n\n"
    '"Quoted" opening. A #hash and a: colon.\n'
)
NEW = ("new", "article", "art.txt", "--url", "https://example.com/news/12345", "--outlet", "the-astana-times",
       "--language", "en", "--date", "2026-01-20", "--retrieved", "2026-11-29")  # fmt: skip
SID = "the-astana-times-12345"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the real corpus under tmp/claims, the working folder tmp/."""
    return corpus_copy(tmp_path, monkeypatch, ARTICLE_TEXT)


def test_the_splitter_reproduces_the_hand_made_coverage_map() -> None:
    text = (ROOT / "claims/sources/astana-times-111122.txt").read_text(encoding="utf-8")
    mapped = loader.load_path(ROOT / "claims/coverage/astana-times-111122.yaml").data["sentences"]
    assert textin.sentences(text, "en") == [s["text"] for s in mapped]


def test_new_article_writes_archive_source_and_coverage(cli, repo: Path) -> None:
    run = cli(*NEW)
    assert run.code == 0, run.err
    assert run.out.splitlines()[:3] == [
        f"factlint: wrote claims/sources/{SID}.txt: the archived text ({len(ARTICLE_TEXT.encode())} bytes, sha256 "
        f"{hashlib.sha256(ARTICLE_TEXT.encode()).hexdigest()[:12]}…)",
        f"factlint: wrote claims/sources/{SID}.yaml: the source record",
        f"factlint: wrote claims/coverage/{SID}.yaml: the coverage map (5 sentences, each with an empty claims list)",
    ]
    archived = repo / f"claims/sources/{SID}.txt"
    assert archived.read_bytes() == ARTICLE_TEXT.encode()
    source = loader.load_path(repo / f"claims/sources/{SID}.yaml").data
    assert source["archive"] == {"path": f"{SID}.txt", "sha256": hashlib.sha256(archived.read_bytes()).hexdigest()}
    assert (source["url"], source["published"], source["retrieved"]) == (
        "https://example.com/news/12345", "2026-01-20", "2026-11-29",
    )  # fmt: skip
    coverage = loader.load_path(repo / f"claims/coverage/{SID}.yaml").data
    assert coverage["sentences"] == [
        {"text": "ALMATY — Tokayev said: “We are ready.”", "claims": []},
        {"text": "Then he left.", "claims": []},
        {"text": "Photo credit: Akorda", "claims": []},
        {"text": '"Quoted" opening.', "claims": []},
        {"text": "A #hash and a: colon.", "claims": []},
    ]
    text = (repo / f"claims/coverage/{SID}.yaml").read_text(encoding="utf-8")
    assert "# or replace `claims: []` with `not_a_claim:" in text


def _codes(repo: Path, *paths: str) -> list[tuple[str, str]]:
    import datetime as dt

    result = validate.run(list(paths), today=dt.date(2026, 11, 29))
    return sorted({(f.file.rsplit("/", 1)[-1], f.rule) for f in result.findings})


def test_new_files_are_schema_clean(cli, repo: Path) -> None:
    assert cli(*NEW).code == 0
    for ctype in ("quote", "status", "composition", "overlap", "event", "statement"):
        number = ("--number", "3") if ctype in ("composition", "overlap") else ()
        run = cli("new", "claim", "--article", SID, "--type", ctype, "--sentence", "1", "--id", f"new-{ctype}", *number)
        assert run.code == 0, run.err
    assert cli("new", "entity", "sherzod-asadov", "--kind", "person", "--name", "Sherzod Asadov").code == 0
    run = cli("validate", "--schema-only", "claims")
    assert run.code == 0, run.out


@pytest.mark.slow
def test_placeholders_are_findings_that_say_fill_this_in(cli, repo: Path) -> None:
    assert cli(*NEW).code == 0
    assert cli("new", "claim", "--article", SID, "--type", "status", "--sentence", "1", "--id", "st").code == 0
    result = validate.run(["claims"], today=__import__("datetime").date(2026, 11, 29))
    mine = [f for f in result.findings if SID in f.file]
    assert {f.rule for f in mine} == {"FC263", "FC271"}  # the claim is listed under sentence 1 (no FC262)
    assert all(f.message.startswith("fill this in: ") for f in mine if f.rule in ("FC263", "FC271"))
    fields = sorted(f.message.split(" ")[3] for f in mine if f.rule == "FC271")
    assert fields == [
        "/attribution/speaker", "/statement", "/status/body", "/status/subject", "/status/value", "/title",
        "/verdict/explanation", "/verdict/rating",
    ]  # fmt: skip
    assert not [f for f in result.findings if f.rule in ("FC303", "FC306")], "placeholders are not dangling ids"
    assert len([f for f in mine if f.rule == "FC263"]) == 4


@pytest.mark.slow
def test_a_claim_without_its_sentence_gets_fill_this_in_for_its_span_and_quote_not_a_misquote(cli, repo: Path) -> None:
    assert cli(*NEW).code == 0
    assert cli("new", "claim", "--article", SID, "--type", "quote", "--id", "qt").code == 0
    result = validate.run(["claims"], today=__import__("datetime").date(2026, 11, 29))
    mine = sorted((f.rule, f.message) for f in result.findings if f.file.endswith("/qt.yaml"))
    assert [m for m in mine if m[0] != "FC271"] == [
        (
            "FC262",
            f"the claim is not listed in the coverage map of {SID} (claims/coverage/{SID}.yaml); "
            "add its id to the claims of the sentence that carries it",
        )
    ]
    assert (
        "FC271",
        "fill this in: /sources/0/span still holds the placeholder 'TODO: the passage of the article that "
        "carries the claim' written by factlint new; replace it with the real value",
    ) in mine
    assert (
        "FC271",
        "fill this in: /quote/text still holds the placeholder 'TODO: the quoted words, verbatim' written "
        "by factlint new; replace it with the real value",
    ) in mine


def test_new_claim_takes_its_span_and_quote_from_the_sentence(cli, repo: Path) -> None:
    assert cli(*NEW).code == 0
    run = cli("new", "claim", "--article", SID, "--type", "quote", "--sentence", "1")
    assert run.code == 0, run.err
    cid = "almaty-tokayev-said-we-are-ready"
    assert run.out.splitlines() == [
        f"factlint: wrote claims/articles/{SID}/{cid}.yaml: the quote claim",
        f"factlint: updated claims/coverage/{SID}.yaml: {cid} listed under sentence 1",
        f"next: replace every TODO value in claims/articles/{SID}/{cid}.yaml",  # named as the lines above name it
    ]
    data = loader.load_path(repo / f"claims/articles/{SID}/{cid}.yaml").data
    assert data["sources"] == [{"source": SID, "span": "ALMATY — Tokayev said: “We are ready.”"}]
    assert data["quote"] == {"text": "We are ready."}
    assert data["as_of"] == data["attribution"]["date"] == "2026-01-20"
    assert (data["verdict"]["rating"], data["review"]["state"]) == ("TODO", "draft")  # never a rating not chosen
    assert "role" not in data["attribution"]  # optional: the comment above says when to add it
    # The same sentence again: a new id, never the old file.
    again = cli("new", "claim", "--article", SID, "--type", "quote", "--sentence", "1")
    assert f"{cid}-2.yaml" in again.out
    coverage = loader.load_path(repo / f"claims/coverage/{SID}.yaml").data
    assert coverage["sentences"][0]["claims"] == [cid, f"{cid}-2"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--sentence", "9"), "--sentence 9: the coverage map of the-astana-times-12345 has sentences 1 to 5"),
        (("--sentence", "0"), "--sentence 0: the coverage map of the-astana-times-12345 has sentences 1 to 5"),
        (("--id", "Bad Id"), "--id 'Bad Id' is not an id: write lower-case letters, digits and single hyphens; "
                             "did you mean 'bad-id'?"),
    ],
)  # fmt: skip
def test_new_claim_refuses_bad_input(cli, repo: Path, argv: tuple[str, ...], message: str) -> None:
    assert cli(*NEW).code == 0
    before = snapshot(repo / "claims")
    run = cli("new", "claim", "--article", SID, "--type", "statement", *argv)
    assert (run.code, run.out, run.err) == (2, "", f"factlint: error: {message}\n")
    assert snapshot(repo / "claims") == before


def test_new_claim_for_an_unknown_article_says_did_you_mean(cli, repo: Path) -> None:
    run = cli("new", "claim", "--article", "astana-times-11112", "--type", "statement")
    assert run.code == 2
    assert run.err == (
        "factlint: error: no source record claims/sources/astana-times-11112.yaml; "
        "did you mean 'astana-times-111122'?\n"
    )


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "art.txt is empty (or only white space); give the article's text"),
        (b" \n\t\n", "art.txt is empty (or only white space); give the article's text"),
        (b"PK\x03\x04\x00\x00binary", "art.txt contains NUL bytes: it is a binary or UTF-16 file, not UTF-8 text; "
                                      "give the article's text as a UTF-8 text file"),
        ("caf\xe9\n".encode("latin-1"), "art.txt is not UTF-8 text: byte 0xe9 at line 1 is not valid UTF-8; "
                                        "save the file as UTF-8"),
        ("text\n".encode("utf-16"), "art.txt is UTF-16 encoded; save it as UTF-8"),
    ],
)  # fmt: skip
def test_bad_text_is_a_clear_error_and_nothing_is_written(cli, repo: Path, raw: bytes, message: str) -> None:
    (repo / "art.txt").write_bytes(raw)
    before = snapshot(repo / "claims")
    run = cli(*NEW)
    assert (run.code, run.out, run.err) == (2, "", f"factlint: error: {message}\n")
    assert snapshot(repo / "claims") == before


def test_a_50_mb_text_is_refused_unread(cli, repo: Path) -> None:
    with open(repo / "art.txt", "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: costs no disk
    before = snapshot(repo / "claims")
    run = cli(*NEW)
    assert run.code == 2
    assert run.err == (
        f"factlint: error: art.txt is {50 * 1024 * 1024:,} bytes, over the limit of {textin.MAX_TEXT_BYTES:,} bytes "
        "for one article; give only the article's own text (not a saved web page, a page dump or a binary file)\n"
    )
    assert snapshot(repo / "claims") == before


def test_new_never_overwrites(cli, repo: Path) -> None:
    assert cli(*NEW).code == 0
    (repo / f"claims/coverage/{SID}.yaml").write_text("# my edits\n", encoding="utf-8")
    before = snapshot(repo / "claims")
    run = cli(*NEW)
    assert run.code == 2
    assert "already exists and holds exactly this text: the article is already archived" in run.err
    assert snapshot(repo / "claims") == before


def test_no_corpus_is_exit_2_naming_what_was_looked_for(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "art.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    run = cli(*NEW)
    assert run.code == 2
    assert run.err == (
        f"factlint: error: no corpus found from {tmp_path.as_posix()}: looked for a folder holding factlint.toml, "
        "or holding both sources/ and entities/, in this folder, every folder above it and ./claims; run from "
        "inside the corpus or pass --root DIR\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["art.txt"]


def test_a_symlink_out_of_the_corpus_is_not_followed(cli, repo: Path, tmp_path_factory) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (repo / "claims/coverage").rename(repo / "moved")
    (repo / "claims/coverage").symlink_to(elsewhere, target_is_directory=True)
    before = snapshot(repo / "claims")
    run = cli(*NEW)
    assert run.code == 2
    assert "would be written through a symbolic link leading outside the corpus" in run.err
    assert snapshot(repo / "claims") == before
    assert list(elsewhere.iterdir()) == []


def test_new_entity_finds_a_country_code(cli, repo: Path) -> None:
    assert cli("new", "entity", "uzbekistan", "--kind", "country", "--name", "Uzbekistan").code == 0
    data = loader.load_path(repo / "claims/entities/uzbekistan.yaml").data
    assert data["iso3166_alpha2"] == "UZ"
    run = cli("new", "entity", "atlantis", "--kind", "country", "--name", "Atlantis")
    assert (run.code, run.err) == (2, "factlint: error: cannot tell the ISO code of 'Atlantis': pass --code XX\n")


@pytest.mark.parametrize(
    ("url", "sid"),
    [
        ("https://tass.com/world/2073999", "tass-2073999"),
        ("https://en.inform.kz/news/kazakhstan-joins-a02059/", "tass-a02059"),
        ("https://astanatimes.com/?p=111122", "tass-111122"),
        # a date in the path is no article number: the last path segment names the article
        ("https://www.gazeta.uz/en/2026/01/22/board-of-peace/", "tass-board-of-peace"),
        ("https://example.com/2026/01/22/news/12345", "tass-12345"),
        ("https://example.com/news/2026-01-22-board", "tass-2026-01-22-board"),
    ],
)
def test_default_source_id_keeps_the_url_number_whole(url: str, sid: str) -> None:
    from factlint.scaffold.records import article_id

    assert article_id("tass", url) == sid


def test_event_claim_header_reads_an_event(cli, repo: Path) -> None:
    assert cli(*NEW).code == 0
    assert cli("new", "claim", "--article", SID, "--type", "event", "--id", "ev").code == 0
    text = (repo / f"claims/articles/{SID}/ev.yaml").read_text(encoding="utf-8")
    assert text.startswith(f"# An event claim of {SID} (written by factlint new claim).\n")


def test_new_source_without_archive(cli, repo: Path) -> None:
    run = cli("new", "source", "--url", "https://tass.com/world/2073999", "--outlet", "tass", "--language", "en",
              "--published", "2026-01-19", "--title", "A title", "--retrieved", "2026-11-29")  # fmt: skip
    assert run.code == 0, run.err
    data = loader.load_path(repo / "claims/sources/tass-2073999.yaml").data
    assert data == {"id": "tass-2073999", "kind": "article", "outlet": "tass", "title": "A title",
                    "url": "https://tass.com/world/2073999", "language": "en", "published": "2026-01-19",
                    "retrieved": "2026-11-29", "retrieved_basis": "read-date",
                    "copy_url": "https://tass.com/world/2073999"}  # fmt: skip


def test_fix_archive_re_records_one_named_source(cli, repo: Path) -> None:
    source = repo / "claims/sources/astana-times-111122.yaml"
    text = source.read_text(encoding="utf-8")
    archived = repo / "claims/sources/astana-times-111122.txt"
    old = hashlib.sha256(archived.read_bytes()).hexdigest()
    archived.write_bytes(archived.read_bytes() + b" Edited.")
    new = hashlib.sha256(archived.read_bytes()).hexdigest()
    run = cli("fix", "archive", "astana-times-111122")
    assert run.code == 0, run.err
    assert run.out == (
        "factlint: claims/sources/astana-times-111122.yaml: archive.sha256 re-recorded for "
        "claims/sources/astana-times-111122.txt\n"
        f"  old: {old}\n  new: {new}\n"
    )
    assert source.read_text(encoding="utf-8") == text.replace(old, new)
    again = cli("fix", "archive", "astana-times-111122")
    assert again.out.endswith(f"archive.sha256 already matches claims/sources/astana-times-111122.txt: {new}\n")


def test_fix_archive_needs_a_real_source(cli, repo: Path) -> None:
    run = cli("fix", "archive", "astana-times-11122")
    assert (run.code, run.err) == (
        2,
        "factlint: error: no source record claims/sources/astana-times-11122.yaml; "
        "did you mean 'astana-times-111122'?\n",
    )
    run = cli("fix", "archive", "tass-2073003")
    assert run.code == 2
    assert "has no archive.path" in run.err


@pytest.mark.parametrize(
    "value",
    ["plain", "a: b", "“Quote” said", "NO", "0o17", "x\ny  z", "line\u2028sep", "- dash", "#hash", "tab\there",
     " lead", "EN\n  • kz", "'single'", '"double"', "null", "~", "2026-01-19", "1e3", "[x]", "{a: b}", "*alias",
     "&anchor", "!tag", "%", "@", "`", "|", ">", "\u0085", "\ufeff", "key: value # comment"],
)  # fmt: skip
def test_scalars_read_back_exactly(value: str) -> None:
    text = emit.dump({"text": value, "list": [value], "items": [{"text": value, "claims": []}]})
    assert loader.loads(text).data == {"text": value, "list": [value], "items": [{"text": value, "claims": []}]}
