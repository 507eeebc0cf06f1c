"""`ketaquiz report`: its figures against a save file built by hand, CSV read back as a spreadsheet
would, several workshops combined and side by side, a follow-up beside its workshop, and the HTML
page escaped, self-contained, accessible (axe-core) and printed by Chromium on Letter and A4.

The browser checks need Debian's `chromium`, poppler's `pdftotext`/`pdfinfo`/`pdftoppm` and, for
axe-core, KETAQUIZ_AXE (.ci/run provides them); without them they skip and say why. Pictures of
the printed pages are kept in KETAQUIZ_ARTIFACTS when it is set, else in the test's tmp folder.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ketaquiz.bank import load_bank, parse_bank
from ketaquiz.cli import cli
from tests.helpers import (
    AXE_CORE,
    CHROMIUM,
    SMALL_BANK,
    artifacts,
    save_document,
    saved_session,
    saved_votes,
)

BANK = parse_bank(SMALL_BANK, "bank.yaml")
ORIGIN, ADDICTION, MARKUP = BANK.questions  # fact, myth, fact
POPPLER = all(shutil.which(tool) for tool in ("pdftotext", "pdfinfo", "pdftoppm"))
needs_a_browser = pytest.mark.skipif(
    not (CHROMIUM and POPPLER), reason="needs Debian's chromium and poppler-utils (.ci/run installs them)"
)

# Two statements, each voted on in both rounds, with how sure; numbers chosen to check by hand.
ORIGIN_FIRST = saved_votes(1, ORIGIN, {"myth": 6, "fact": 4, "sure_myth": 3, "sure_fact": 2}, {"myth": 2, "fact": 0})
ORIGIN_AGAIN = {
    **saved_votes(1, ORIGIN, {"myth": 1, "fact": 9, "sure_myth": 0, "sure_fact": 5}),
    "changes": {"wrong_to_right": 5, "right_to_wrong": 0, "right_to_right": 4, "wrong_to_wrong": 1},
}
ADDICTION_FIRST = saved_votes(2, ADDICTION, {"myth": 7, "fact": 3, "sure_myth": 4, "sure_fact": 1})
ADDICTION_AGAIN = {
    **saved_votes(2, ADDICTION, {"myth": 8, "fact": 2, "sure_myth": 6, "sure_fact": 2}),
    "changes": {"wrong_to_right": 2, "right_to_wrong": 1, "right_to_right": 5, "wrong_to_wrong": 2},
}
WORKSHOP = saved_session([ORIGIN_FIRST, ADDICTION_FIRST], [ORIGIN_AGAIN, ADDICTION_AGAIN])


def write(folder: Path, sessions: list[dict[str, Any]], name: str = "s.json") -> str:
    path = folder / name
    path.write_text(save_document(sessions), encoding="utf-8")
    return str(path)


def report(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(cli, ["report", *args])
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return result.stdout


def test_the_figures_are_those_worked_out_by_hand(runner: CliRunner, tmp_path: Path) -> None:
    combined = json.loads(report(runner, write(tmp_path, [WORKSHOP]), "--format", "json"))["combined"]
    # Before: origin 4 of 12 right (6 + 2 said myth; 3 phones sure of it), addiction 7 of 10 (1 sure of fact).
    # After: origin 9 of 10 (none sure and wrong), addiction 8 of 10 (2 sure of fact).
    assert combined["before"] == {"right": 0.5, "sure_and_wrong": 0.2}  # 11 of 22; 4 of the 20 phones
    assert combined["after"] == {"right": 0.85, "sure_and_wrong": 0.1}  # 17 of 20; 2 of 20
    assert combined["voters"] == 12 and combined["recapped"] == 2
    assert combined["changes"] == {"wrong_to_right": 7, "right_to_wrong": 1, "right_to_right": 9, "wrong_to_wrong": 3}
    origin, addiction = combined["statements"]
    assert origin == {
        "number": 1,
        "id": "origin",
        "statement": ORIGIN.statement,
        "verdict": "fact",
        "before": {
            "myth": 8,
            "fact": 4,
            "sure_myth": 3,
            "sure_fact": 2,
            "asked_how_sure": 10,
            "phones": 10,
            "hands": 2,
        },
        "after": {
            "myth": 1,
            "fact": 9,
            "sure_myth": 0,
            "sure_fact": 5,
            "asked_how_sure": 10,
            "phones": 10,
            "hands": None,
        },
        "right_before": 0.3333,
        "right_after": 0.9,
        "change": 0.5667,
        "sure_and_wrong_before": 0.3,
        "sure_and_wrong_after": 0.0,
        "changes": {"wrong_to_right": 5, "right_to_wrong": 0, "right_to_right": 4, "wrong_to_wrong": 1},
    }
    assert (addiction["right_before"], addiction["right_after"], addiction["change"]) == (0.7, 0.8, 0.1)
    assert (addiction["sure_and_wrong_before"], addiction["sure_and_wrong_after"]) == (0.1, 0.2)


def test_the_csv_has_a_row_per_statement_per_workshop_and_opens_in_a_spreadsheet(
    runner: CliRunner, tmp_path: Path
) -> None:
    hostile = parse_bank(SMALL_BANK.replace("Ketamine has no addiction risk.", "=HYPERLINK(1)"), "b.yaml").questions[1]
    later = saved_session(
        [ORIGIN_FIRST, saved_votes(2, hostile, None, {"myth": 1, "fact": 1})], started="2026-04-01T09:00:00+00:00"
    )
    target = tmp_path / "report.csv"
    out = report(runner, write(tmp_path, [WORKSHOP, later]), "-o", str(target))
    assert out == f"2 workshops, 2 statements → {target}\n", "the hostile statement has addiction's id"
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "a byte-order mark, so a spreadsheet reads UTF-8"
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 4
    first = rows[0]
    assert (first["workshop_started"], first["number"], first["id"], first["verdict"]) == (
        "2026-03-04T09:00:00+00:00",
        "1",
        "origin",
        "fact",
    )
    assert (first["votes_before"], first["right_before_pct"], first["right_after_pct"]) == ("12", "33.3", "90.0")
    assert (first["change_points"], first["sure_and_wrong_before_pct"], first["wrong_to_right"]) == (
        "56.7",
        "30.0",
        "5",
    )
    assert (first["phone_votes_before"], first["hand_votes_before"], first["hand_votes_after"]) == ("10", "2", "")
    assert rows[3]["statement"] == "'=HYPERLINK(1)", "a statement is never a formula"
    assert (rows[3]["right_after_pct"], rows[3]["change_points"], rows[3]["cut_short"]) == ("", "", "")


def test_several_files_combine_and_a_follow_up_stands_beside_its_workshop(runner: CliRunner, tmp_path: Path) -> None:
    days_later = {
        **saved_session(
            [], [saved_votes(1, ORIGIN, None, {"myth": 0, "fact": 5})], started="2026-03-11T09:00:00+00:00"
        ),
        "kind": "follow-up",
        "follows": WORKSHOP["started"],
    }
    first = write(tmp_path, [WORKSHOP, days_later], "first.json")
    second = write(
        tmp_path,
        [saved_session([saved_votes(1, ORIGIN, None, {"myth": 4, "fact": 4})], started="2026-05-05T09:00:00+00:00")],
        "second.json",
    )
    reported = json.loads(report(runner, first, second, "--format", "json"))
    _, follow_up, other = reported["workshops"]
    assert (follow_up["kind"], follow_up["before"]["right"], follow_up["after"]["right"]) == ("follow-up", 0.3333, 1.0)
    assert other["file"] == second and other["after"]["right"] is None
    origin = reported["combined"]["statements"][0]
    assert origin["before"]["myth"] == 8 + 4 and origin["before"]["fact"] == 4 + 4, "both workshops' first rounds"
    assert origin["after"]["fact"] == 9, "the follow-up is beside its workshop, not added in"
    page = report(runner, first, second, "--format", "html")
    assert "Workshops side by side" in page and "Follow-up of 2026-03-11 09:00" in page
    assert '<td class="n">33% → 100%</td>' in page


def test_the_page_is_self_contained_and_every_text_from_a_save_file_is_escaped(
    runner: CliRunner, tmp_path: Path
) -> None:
    text = 'A <script>alert(1)</script> & "claim" <img src=x onerror=alert(2)>'
    hostile = parse_bank(SMALL_BANK.replace("Ketamine has no addiction risk.", json.dumps(text)), "b.yaml")
    session = saved_session([saved_votes(1, hostile.questions[1], {"myth": 1, "fact": 1})], title="<b>title</b>")
    page = report(runner, write(tmp_path, [session], "<odd>.json"), "--format", "html")
    assert "A &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;claim&quot;" in page
    parsed = Tags()
    parsed.feed(page)
    assert parsed.names.isdisjoint({"script", "img", "b", "link", "iframe", "object"}), parsed.names
    assert parsed.attributes.isdisjoint({"src", "href", "srcset", "xlink:href"}), "nothing fetched from anywhere"
    assert not re.search(r"@import|url\(", page)
    assert set(re.findall(r"https?://[^\"' ]*", page)) == {"http://www.w3.org/2000/svg"}, "the SVG's own namespace only"


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        ([], 2, "choose a format with --format html|csv|json, or -o FILE.html"),
        (["-o", "report.md"], 2, "choose a format with --format html|csv|json"),
        (["-o", "exists.html"], 2, "exists.html exists; add --force to replace it"),
    ],
    ids=["no-format", "another-format", "no-force"],
)
def test_report_usage(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], status: int, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "exists.html").write_text("mine")
    result = runner.invoke(cli, ["report", write(tmp_path, [WORKSHOP]), *args])
    assert result.exit_code == status and message in result.stderr
    assert (tmp_path / "exists.html").read_text() == "mine"


def test_a_format_that_does_not_match_the_extension_is_warned_of(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    result = runner.invoke(cli, ["report", write(tmp_path, [WORKSHOP]), "--format", "json", "-o", str(target)])
    assert result.exit_code == 0
    assert result.stderr == f"Warning: writing json to {target}, whose extension says html\n"
    assert json.loads(target.read_text())["format"] == "ketaquiz-report"


class Tags(HTMLParser):
    """Every element and attribute a page has."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.add(tag)
        self.attributes.update(name for name, _ in attrs)


def typical_workshop() -> list[dict[str, Any]]:
    """Ten statements of the bundled bank, 24 phones and a few hands, asked again in a recap."""
    questions = load_bank().questions[:10]
    results, recap = [], []
    for number, question in enumerate(questions, 1):
        right_before, right_after = 6 + number, min(24, 12 + 2 * number)
        results.append(
            saved_votes(number, question, _phones(question, right_before, sure=number % 5), {"myth": 1, "fact": 2})
        )
        recap.append(saved_votes(number, question, _phones(question, right_after, sure=number % 3)))
    return [saved_session(results, recap, title="Ketamine therapy — myth or fact?")]


def _phones(question: Any, right: int, *, sure: int) -> dict[str, int]:
    wrong = 24 - right
    myth, fact = (right, wrong) if question.answer.value == "myth" else (wrong, right)
    return {"myth": myth, "fact": fact, "sure_myth": min(sure, myth), "sure_fact": min(sure, fact)}


def page_of(runner: CliRunner, folder: Path) -> Path:
    html = folder / "report.html"
    report(runner, write(folder, typical_workshop()), "-o", str(html))
    return html


def printed(browser: Any, html: Path, pdf: Path, paper: str) -> list[str]:
    """Chromium's print of the page on `paper`, as each page's text (pdftotext), every word inside its page."""
    page = browser.new_page()
    page.goto(html.as_uri())
    page.pdf(path=str(pdf), format=paper)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Page size:.*\(" + paper + r"\)", info, flags=re.M | re.I), info
    count = int(re.search(r"^Pages:\s+(\d+)", info, flags=re.M).group(1))  # type: ignore[union-attr]
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for found in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', boxes, flags=re.S):
        width, height = float(found.group(1)), float(found.group(2))
        for box in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', found.group(3)):
            x_min, y_min, x_max, y_max = map(float, box)
            assert x_min >= 0 and x_max <= width and y_min >= 0 and y_max <= height, "nothing cut off"
    return [
        subprocess.run(
            ["pdftotext", "-raw", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        for n in range(1, count + 1)
    ]


def squeezed(text: str) -> str:
    return "".join(text.split()).replace("-", "")


@needs_a_browser
@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_a_typical_workshop_prints_on_two_pages_with_every_statement_and_figure(
    runner: CliRunner, browser: Any, tmp_path: Path, paper: str
) -> None:
    html = page_of(runner, tmp_path)
    figures = json.loads(report(runner, str(tmp_path / "s.json"), "--format", "json"))["combined"]
    before, after = (f"{round(figures[when]['right'] * 100)}%" for when in ("before", "after"))
    folder = artifacts(tmp_path)
    pdf = folder / f"report-{paper.lower()}.pdf"
    pages = printed(browser, html, pdf, paper)
    assert len(pages) == 2, "two pages for a manager"
    first, second = (squeezed(page) for page in pages)
    assert squeezed("What changed") in first and squeezed("Statement by statement") in first
    assert squeezed(f"Right {before} → {after}; sure and wrong") in first
    assert squeezed("Every statement's figures") in second and squeezed("Sure and wrong") in second
    for question in load_bank().questions[:10]:
        assert squeezed(question.statement) in second, question.id
    for number in (1, 2):
        assert f"Page {number} of 2" in pages[number - 1]
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(folder / f"report-{paper.lower()}")], check=True)


@pytest.mark.skipif(not AXE_CORE, reason="set KETAQUIZ_AXE to axe-core's axe.min.js (.ci/run does)")
def test_axe_finds_no_wcag_a_or_aa_violation_on_screen_or_in_print(
    runner: CliRunner, browser: Any, tmp_path: Path
) -> None:
    page = browser.new_page()
    page.goto(page_of(runner, tmp_path).as_uri())
    found = {}
    for media in ("screen", "print"):
        page.emulate_media(media=media)
        page.add_script_tag(path=AXE_CORE)
        found[media] = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
            ".then(result => result.violations.map(v => `${v.id}: ${v.help} (${v.nodes.length})`))",
            ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
        )
    assert found == {"screen": [], "print": []}
    page.set_viewport_size({"width": 1024, "height": 800})
    page.screenshot(path=str(artifacts(tmp_path) / "report-screen.png"), full_page=True)
