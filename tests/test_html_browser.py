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
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CORPUS = "tests/fixtures/report-corpus"

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
