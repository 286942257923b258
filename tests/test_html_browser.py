"""The HTML report in a real browser: headless Chromium (Debian's ``chromium``).

``--dump-dom`` gives the document after the report's script ran (under its
Content-Security-Policy), so it shows what a person sees: which finding rows
are hidden and the "N of M findings shown" line. The filter reads its state
from the URL fragment, so ``report.html#rule=FC104`` is the filter set to
FC104. A screenshot is written next to the report. Skipped, with the reason,
only where no Chromium is installed (``.ci/run`` installs it).
"""

from __future__ import annotations

import html.parser
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CORPUS = "tests/fixtures/report-corpus"
ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (Debian: apt-get install chromium)"),
]


def chromium(tmp_path: Path, *args: str) -> str:
    assert CHROMIUM is not None
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
    ]
    proc = subprocess.run([CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


class Rows(html.parser.HTMLParser):
    """The finding rows (rule, hidden?) and the text of the "shown" counter."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, bool]] = []
        self.shown = ""
        self._in_shown = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "tr" and "finding" in (a.get("class") or ""):
            self.rows.append((a.get("data-rule") or "", "hidden" in a))
        self._in_shown = tag == "output" and a.get("id") == "shown"

    def handle_data(self, data: str) -> None:
        if self._in_shown:
            self.shown += data

    def handle_endtag(self, tag: str) -> None:
        self._in_shown = False


def dom(tmp_path: Path, url: str) -> Rows:
    rows = Rows()
    rows.feed(chromium(tmp_path, "--dump-dom", url))
    return rows


@pytest.fixture
def report(cli, in_root: Path, tmp_path: Path) -> Path:
    out = tmp_path / "reports"
    assert cli("validate", "--schema-only", CORPUS, "--report-dir", str(out)).code == 1
    return out / "report.html"


def test_findings_are_visible_and_the_filter_works(report: Path, tmp_path: Path) -> None:
    url = report.as_uri()
    everything = dom(tmp_path, url)
    assert sorted(rule for rule, _ in everything.rows) == ["FC003", "FC101", "FC104", "FC105"]
    assert not any(hidden for _, hidden in everything.rows)
    shown = "4 of 4 findings shown, 3 of 3 claims shown"
    assert everything.shown == shown, "the report's script did not run under its CSP"

    by_rule = dom(tmp_path, url + "#rule=FC104")
    assert [rule for rule, hidden in by_rule.rows if not hidden] == ["FC104"]
    # FC104's record failed its schema: no claim card carries it
    assert by_rule.shown == "1 of 4 findings shown, 0 of 3 claims shown"

    bad_date = f"{CORPUS}/claims/bad-date.yaml"
    by_file = dom(tmp_path, url + "#" + urlencode({"severity": "error", "file": bad_date}, quote_via=quote))
    assert [rule for rule, hidden in by_file.rows if not hidden] == ["FC105"]

    # A value the report has no option for (no warnings here) is ignored, not an empty page.
    unknown = dom(tmp_path, url + "#severity=warning&rule=FC101")
    assert [rule for rule, hidden in unknown.rows if not hidden] == ["FC101"]

    shot = report.with_name("report.png")
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,1400", url + "#rule=FC104")
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 10_000, "the screenshot looks empty"


# --- the editor's report, as a person sees it ------------------------------------------------

SCREENSHOTS = os.environ.get("FACTLINT_SCREENSHOT_DIR")
"""Where to keep the screenshots (e.g. a CI artifact folder); by default the test's temporary folder."""

WIDTHS = {"desktop": 1280, "phone": 390}


class Page(html.parser.HTMLParser):
    """What the editor sees in the DOM after the script ran: headings, legend counts, badges, cards."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.article_titles: list[str] = []
        self.legend: dict[str, str] = {}
        self.cards: dict[str, dict[str, str | bool]] = {}
        self.timeline_rows: list[str] = []
        self.shown = ""
        self.captured: list[str] | None = None
        self.what: tuple[str, str] = ("", "")

    def _classes(self) -> list[str]:
        return [c for _, a in self.stack for c in (a.get("class") or "").split()]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("meta", "br", "col", "rect", "circle", "path", "input"):
            return
        self.stack.append((tag, a))
        classes = (a.get("class") or "").split()
        if tag == "article" and "claim" in classes:
            ident = a.get("id") or ""
            self.cards[ident] = {"hidden": "hidden" in a, "verdict": a.get("data-verdict") or "", "badge": ""}
        if self.captured is None:
            if tag == "h3" and "article" in self._classes():
                self.captured, self.what = [], ("title", "")
            elif tag == "span" and "badge" in classes and "claim" in self._classes() and "head" in self._classes():
                self.captured, self.what = [], ("badge", self._card())
            elif (
                tag == "li" and "legend" in self._classes() and self._in_section("verdicts") and not self._in("details")
            ):
                self.captured, self.what = [], ("legend", "")
            elif tag == "th" and a.get("scope") == "row" and "timeline" in self._classes():
                self.captured, self.what = [], ("row", "")
            elif tag == "output" and a.get("id") == "shown":
                self.captured, self.what = [], ("shown", "")
            self.depth = len(self.stack)

    def _card(self) -> str:
        return next((a.get("id") or "" for t, a in reversed(self.stack) if t == "article"), "")

    def _in(self, tag: str) -> bool:
        return any(t == tag for t, _ in self.stack)

    def _in_section(self, ident: str) -> bool:
        return any(t == "section" and a.get("id") == ident for t, a in self.stack)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("meta", "br", "col", "rect", "circle", "path", "input"):
            return
        if self.captured is not None and len(self.stack) == self.depth:
            text = " ".join("".join(self.captured).split())
            kind, key = self.what
            if kind == "title":
                self.article_titles.append(text)
            elif kind == "badge":
                self.cards[key]["badge"] = text
            elif kind == "legend":
                *name, count = text.split()
                self.legend[" ".join(name[1:])] = count  # drop the symbol
            elif kind == "row":
                self.timeline_rows.append(text)
            elif kind == "shown":
                self.shown = text
            self.captured = None
        if self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.captured is not None:
            self.captured.append(data)


def see(tmp_path: Path, url: str) -> Page:
    page = Page()
    page.feed(chromium(tmp_path, "--dump-dom", url))
    return page


def screenshots(tmp_path: Path, report: Path, name: str, height: int = 2400) -> list[Path]:
    folder = Path(SCREENSHOTS) if SCREENSHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    shots = []
    for width, pixels in WIDTHS.items():
        shot = folder / f"{name}-{width}.png"
        chromium(
            tmp_path, f"--screenshot={shot}", f"--window-size={pixels},{height}", "--hide-scrollbars", report.as_uri()
        )
        data = shot.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        assert int.from_bytes(data[16:20], "big") == pixels, "rendered at the asked width"
        assert len(data) > 30_000, f"the {width} screenshot looks empty"
        shots.append(shot)
    return shots


def _claims(root: Path) -> dict[str, dict]:
    from factlint.loader import load_path

    out = {}
    for path in sorted((root / "articles").rglob("*.yaml")):
        data = load_path(path).data
        out[data["id"]] = data
    return out


def test_the_real_corpus_reads_as_a_fact_check(cli, in_root: Path, tmp_path: Path) -> None:
    from collections import Counter

    from factlint.loader import load_path

    out = tmp_path / "reports"
    assert cli("validate", "claims", "--report-dir", str(out)).code == 0
    report = out / "report.html"
    page = see(tmp_path, report.as_uri())
    claims = _claims(ROOT / "claims")
    articles = sorted({c["article"] for c in claims.values()})
    titles = [load_path(ROOT / "claims" / "sources" / f"{a}.yaml").data["title"] for a in articles]
    supplied = " (title supplied by the fact-checkers)"
    assert sorted(t.removesuffix(supplied) for t in page.article_titles) == sorted(titles)
    ratings = Counter(c["verdict"]["rating"] for c in claims.values())
    assert page.legend == {r: str(n) for r, n in ratings.items()}
    assert set(page.cards) == {f"claim-{cid}" for cid in claims}
    for cid, c in claims.items():
        card = page.cards[f"claim-{cid}"]
        assert not card["hidden"]
        assert str(card["badge"]).endswith(c["verdict"]["rating"])
    subjects = {c["status"]["subject"] for c in claims.values() if c["type"] == "status"}
    assert len(page.timeline_rows) >= len(subjects) > 0
    assert "Italy" in page.timeline_rows

    filtered = see(tmp_path, report.as_uri() + "#verdict=disputed")
    shown = sorted(k for k, v in filtered.cards.items() if not v["hidden"])
    assert shown == sorted(f"claim-{cid}" for cid, c in claims.items() if c["verdict"]["rating"] == "disputed")
    assert filtered.shown == f"0 of 0 findings shown, {len(shown)} of {len(claims)} claims shown"
    screenshots(tmp_path, report, "real-corpus")


def test_a_generated_corpus_with_findings(cli, tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(ROOT))
    from bench.generate import TODAY, generate

    manifest = generate(tmp_path / "corpus", claims=300, seed=3, rate=0.01)
    out = tmp_path / "reports"
    run = cli("validate", str(tmp_path / "corpus"), "--today", TODAY.isoformat(), "--report-dir", str(out))
    assert run.code == 1
    report = out / "report.html"
    page = see(tmp_path, report.as_uri() + "#rule=FC211")
    everything = Rows()
    everything.feed(chromium(tmp_path, "--dump-dom", report.as_uri() + "#rule=FC211"))
    visible = [rule for rule, hidden in everything.rows if not hidden]
    assert visible == ["FC211"] * manifest.expected["FC211"]
    flagged = [k for k, v in page.cards.items() if not v["hidden"]]
    assert flagged, "the claims of the FC211 findings are shown with them"
    assert page.shown.startswith(f"{len(visible)} of {len(everything.rows)} findings shown")
    assert len(page.article_titles) == min(manifest.articles, 100)
    assert page.timeline_rows, "the generated corpus has status claims: a timeline is drawn"
    screenshots(tmp_path, report, "generated-corpus", height=4000)
