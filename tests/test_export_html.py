"""The HTML handout: escaped and self-contained, printed by a real Chromium and read back from the PDF.

The browser checks need Debian's `chromium` and poppler's `pdftotext`/`pdfinfo`/`pdftoppm`
(`.ci/run` installs them) and are skipped with a message without them. The accessibility
check runs axe-core (from npm, named by KETAQUIZ_AXE) in the same Chromium through
Playwright, which drives the system browser and never downloads one of its own.
Set KETAQUIZ_KEEP_PNG to a folder to keep PNGs of the printed first and answer-key pages.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ketaquiz.bank import Bank, load_bank
from ketaquiz.cli import cli
from ketaquiz.export.html import export as to_html
from tests.helpers import BANK, CHROMIUM, CHROMIUM_ARGS, HELPFUL, TWO

POPPLER = all(shutil.which(tool) for tool in ("pdftotext", "pdfinfo", "pdftoppm"))
AXE_CORE = os.environ.get("KETAQUIZ_AXE")
HOSTILE = "A <b>bold</b> & <script>alert(1)</script> claim: " + "unbroken" * 20
needs_a_browser = pytest.mark.skipif(
    not (CHROMIUM and POPPLER), reason="needs Debian's chromium and poppler-utils (.ci/run installs them)"
)


class Outline(HTMLParser):
    """The elements of a page, in order, with what a reader would need: tags, attributes, text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def outline(page: str) -> Outline:
    parser = Outline()
    parser.feed(page)
    parser.close()
    return parser


def handout_bank() -> Bank:
    """The bundled bank with a hostile first statement, help resources and a review date."""
    bundled = load_bank()
    first = replace(bundled.questions[0], statement=HOSTILE)
    return replace(
        bundled, questions=(first, *bundled.questions[1:]), reviewed=HELPFUL.reviewed, resources=HELPFUL.resources
    )


def test_bank_text_is_escaped_and_the_page_is_self_contained() -> None:
    page = to_html(BANK, [replace(BANK.questions[0], statement=HOSTILE)])
    parsed = outline(page)
    assert [tag for tag, _ in parsed.tags if tag in ("script", "b", "img", "link", "iframe")] == []
    assert HOSTILE in "".join(parsed.text)
    assert not re.search(r"\b(src|srcset)=|@import|url\(", page), "no external assets"


def test_the_handout_has_a_language_real_headings_and_lists() -> None:
    parsed = outline(to_html(HELPFUL, TWO))
    tags = [tag for tag, _ in parsed.tags]
    assert parsed.tags[0] == ("html", {"lang": "en"})
    # Where to get help after the statements and again at the end, around the answer key.
    assert tags.count("h1") == 1 and tags.count("h2") == 3
    assert [attributes.get("class") for tag, attributes in parsed.tags if tag in ("ol", "ul")] == [
        "statements",
        None,
        "answers",
        None,
    ]
    assert tags.count("li") == 2 + 2 + 2 + 2


def test_the_answer_key_introduces_each_passage_by_how_it_bears_on_the_verdict() -> None:
    text = " ".join("".join(outline(to_html(HELPFUL, TWO)).text).split())
    assert 'The article claims (more than the evidence supports): “It is "not considered addictive"' in text
    assert "From the article: “ketamine has been used for decades”" in text
    assert text.endswith(
        "Where to get help 9-8-8 Suicide Crisis Helpline (Canada): Call or text 9-8-8. "
        "Emergency services: 911. When a life is in danger. "
        "The evidence in these answers was last reviewed on 2026-11-28."
    )


def test_only_a_web_address_becomes_a_link() -> None:
    hostile = replace(BANK, source=replace(BANK.source, url="javascript:alert(1)"))
    assert "href" not in to_html(hostile, TWO)
    safe = replace(BANK, source=replace(BANK.source, url="https://example.org/a?b=1&c=2"))
    assert '<a href="https://example.org/a?b=1&amp;c=2">' in to_html(safe, TWO)


def test_export_infers_html_from_the_file_name(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "handout.html"
    assert runner.invoke(cli, ["export", "-o", str(target)]).exit_code == 0
    bundled = load_bank()
    assert target.read_text(encoding="utf-8") == to_html(bundled, bundled.questions)


def pages_of(pdf: Path) -> list[str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=60).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", info, flags=re.M).group(1))  # type: ignore[union-attr]
    return [
        subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
        for number in range(1, count + 1)
    ]


def squeezed(text: str) -> str:
    """Text without whitespace or hyphens: lines wrap, a long word breaks anywhere, and pdftotext
    joins a word hyphenated at the end of a line (mirror-image reads back as mirrorimage)."""
    return "".join(text.split()).replace("-", "")


def check_printed(pdf: Path, bank: Bank) -> int:
    """Every statement whole on one page before the key, the key on a new page, nothing past a page's edge."""
    pages = pages_of(pdf)
    key = next(number for number, text in enumerate(pages) if "Answer key" in text)
    assert key > 0 and pages[key].lstrip().startswith("Answer key"), "the answer key starts a new page"
    statements, answers = pages[:key], squeezed("".join(pages[key:]))
    for question in bank.questions:
        wanted = squeezed(question.statement)
        assert sum(wanted in squeezed(page) for page in statements) == 1, f"{question.id} whole on one page"
        assert wanted in answers and squeezed(question.explanation) in answers, question.id
    assert sum(squeezed(page).count("Myth/Fact") for page in statements) == len(bank.questions)
    assert squeezed("Where to get help") in squeezed("".join(statements)), "learners' pages carry the help too"
    last = squeezed(pages[-1])
    assert squeezed("Where to get help") in last and squeezed(f"last reviewed on {bank.reviewed}") in last
    assert_nothing_cut_off(pdf)
    return key + 1


def assert_nothing_cut_off(pdf: Path) -> None:
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', boxes, flags=re.S):
        width, height = float(page.group(1)), float(page.group(2))
        words = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', page.group(3))
        for x_min, y_min, x_max, y_max in words:
            assert float(x_min) >= 0 and float(x_max) <= width and float(y_min) >= 0 and float(y_max) <= height


def keep_png(pdf: Path, page: int, name: str, folder: Path) -> Path:
    kept = Path(os.environ.get("KETAQUIZ_KEEP_PNG") or folder)
    kept.mkdir(parents=True, exist_ok=True)
    prefix = kept / name
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-singlefile", "-f", str(page), "-l", str(page), str(pdf), str(prefix)],
        check=True,
        timeout=60,
    )
    png = prefix.with_suffix(".png")
    assert png.stat().st_size > 10_000, "a page with text on it"
    return png


@needs_a_browser
def test_chromium_prints_a_two_part_handout(tmp_path: Path) -> None:
    bank = handout_bank()
    page, pdf = tmp_path / "handout.html", tmp_path / "handout.pdf"
    page.write_text(to_html(bank, bank.questions), encoding="utf-8")
    subprocess.run(
        [
            str(CHROMIUM),
            *CHROMIUM_ARGS,
            "--no-pdf-header-footer",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        capture_output=True,
        check=True,
        timeout=120,
    )
    key = check_printed(pdf, bank)
    keep_png(pdf, 1, "handout-first-page", tmp_path)
    keep_png(pdf, key, "handout-answer-key", tmp_path)


@pytest.fixture
def browser_page(browser: Any) -> Any:
    return browser.new_page()


def axe_violations(page, html: str, media: str) -> list[str]:  # type: ignore[no-untyped-def]
    page.set_content(html)
    page.emulate_media(media=media)
    page.add_script_tag(path=AXE_CORE)
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
    return page.evaluate(  # type: ignore[no-any-return]
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(result => result.violations.map(v => `${v.id}: ${v.help} (${v.nodes.length})`))",
        tags,
    )


@pytest.mark.skipif(not AXE_CORE, reason="set KETAQUIZ_AXE to axe-core's axe.min.js (.ci/run does)")
def test_axe_finds_no_wcag_a_or_aa_violation_on_screen_or_in_print(browser_page) -> None:  # type: ignore[no-untyped-def]
    bank = handout_bank()
    page = to_html(bank, bank.questions)
    assert axe_violations(browser_page, page, "screen") == []
    assert axe_violations(browser_page, page, "print") == []
    # The check can fail: the same page without its language, and with pale text, is caught.
    broken = page.replace('<html lang="en">', "<html>").replace("color: #333", "color: #bbb")
    found = axe_violations(browser_page, broken, "screen")
    assert [violation.split(":")[0] for violation in found] == ["color-contrast", "html-has-lang"]


@needs_a_browser
def test_the_handout_prints_on_a4_too(browser_page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bank = handout_bank()
    browser_page.set_content(to_html(bank, bank.questions))
    pdf = tmp_path / "a4.pdf"
    browser_page.pdf(path=str(pdf), format="A4")
    assert "(A4)" in subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    check_printed(pdf, bank)
