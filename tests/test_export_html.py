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
from ketaquiz.export.outline import first_sentence
from ketaquiz.languages import shown_in
from tests.helpers import BANK, BILINGUAL, CHROMIUM, CHROMIUM_ARGS, HELPFUL, TWO

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
    """Each page's text in the order the page was written (the answer key's two columns one after
    the other, as a reader goes, where reading the page's lines across would mix them)."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=60).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", info, flags=re.M).group(1))  # type: ignore[union-attr]
    pages = []
    for number in range(1, count + 1):
        text = subprocess.run(
            ["pdftotext", "-raw", "-f", str(number), "-l", str(number), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
        footer = f"Page {number} of {count}\n"
        assert footer in text, "the page's own footer numbers it, in place of the browser's"
        pages.append(text.replace(footer, "", 1))
    return pages


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


def printed(html: str, folder: Path, *, name: str = "handout", browser_header_and_footer: bool = False) -> Path:
    """The page printed to PDF by Chromium (Letter, its default here), as a user's Print would."""
    page, pdf = folder / f"{name}.html", folder / f"{name}.pdf"
    page.write_text(html, encoding="utf-8")
    switches = [] if browser_header_and_footer else ["--no-pdf-header-footer"]
    subprocess.run(
        [
            str(CHROMIUM),
            *CHROMIUM_ARGS,
            *switches,
            f"--user-data-dir={folder / 'profile'}",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        capture_output=True,
        check=True,
        timeout=120,
    )
    return pdf


@needs_a_browser
def test_chromium_prints_a_two_part_handout(tmp_path: Path) -> None:
    bank = handout_bank()
    pdf = printed(to_html(bank, bank.questions), tmp_path)
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


@needs_a_browser
def test_the_learners_copy_is_at_most_three_pages_with_the_help_on_its_last(tmp_path: Path) -> None:
    """32 statements took 3 Letter pages and the help a 4th of its own."""
    bank = load_bank()
    assert len(bank.questions) >= 32
    pages = pages_of(printed(to_html(bank, bank.questions), tmp_path))
    key = next(number for number, text in enumerate(pages) if text.lstrip().startswith("Answer key"))
    assert key <= 3, f"the learners' copy is {key} pages"
    assert squeezed("Where to get help") in squeezed(pages[key - 1]), "the help box is on the last statements page"
    assert squeezed(bank.questions[-1].statement) in squeezed(pages[key - 1])


def content_bottoms(pdf: Path) -> list[float]:
    """How far down each page its text reaches, above the page's own footer, as a share of the page."""
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    bottoms = []
    for page in re.finditer(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', boxes, flags=re.S):
        height = float(page.group(1))
        ends = [float(y) for y in re.findall(r'yMax="([\d.]+)"', page.group(2))]
        text_ends = [end for end in ends if end < height - 16 / 25.4 * 72]  # above the bottom margin
        bottoms.append(max(text_ends) / height)
    return bottoms


@needs_a_browser
def test_the_answer_key_flows_from_answer_to_answer(tmp_path: Path) -> None:
    """The key took 16 pages at two statements a page, with white space at the foot of each."""
    bank = load_bank()
    pdf = printed(to_html(bank, bank.questions), tmp_path)
    pages = pages_of(pdf)
    key = next(number for number, text in enumerate(pages) if text.lstrip().startswith("Answer key"))
    answers_per_page = len(bank.questions) / (len(pages) - key)
    assert answers_per_page >= 3, f"{len(pages) - key} pages of answers"
    # Every page of the key but its last is filled to its foot: nothing forces a break.
    assert min(content_bottoms(pdf)[key:-1]) > 0.8


@needs_a_browser
def test_a_short_key_gives_each_verdict_with_a_one_line_reason(tmp_path: Path, runner: CliRunner) -> None:
    bank = load_bank()
    target = tmp_path / "short.html"
    assert runner.invoke(cli, ["export", "--key", "short", "-o", str(target)]).exit_code == 0
    pages = pages_of(printed(target.read_text(encoding="utf-8"), tmp_path, name="printed"))
    key = next(number for number, text in enumerate(pages) if text.lstrip().startswith("Answer key"))
    assert len(pages) - key <= 4
    answers = squeezed("".join(pages[key:]))
    for question in bank.questions:
        assert squeezed(first_sentence(question.explanation)) in answers, question.id
        assert squeezed(question.passage) not in answers, "no passage in a short key"


@needs_a_browser
def test_printed_with_the_browsers_header_and_footer_no_file_path_shows(tmp_path: Path) -> None:
    """Chromium's footer printed the file:// path, a facilitator's home folder, on every page."""
    bank = load_bank()
    pdf = printed(to_html(bank, bank.questions), tmp_path, browser_header_and_footer=True)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "file:" not in text and str(tmp_path) not in text
    assert "Page 1 of " in text


def test_each_phone_number_of_the_help_dials_and_the_spelled_ones_stay_whole() -> None:
    page = to_html(load_bank(), [])
    assert '<a href="tel:18006624357" class="tel">1-800-662-4357</a> (<span class="tel">1-800-662-HELP</span>)' in page
    assert '<a href="tel:988" class="tel">9-8-8</a>' in page and '<a href="tel:911" class="tel">911</a>' in page


@needs_a_browser
def test_no_phone_number_breaks_across_lines_even_on_a_narrow_page(browser_page) -> None:  # type: ignore[no-untyped-def]
    """On the printed handout "1-800-662-4357 (1-800-662- / HELP)" broke at a hyphen."""
    browser_page.set_viewport_size({"width": 240, "height": 800})
    bank = load_bank()
    browser_page.set_content(to_html(bank, bank.questions))
    lines_each = browser_page.evaluate("[...document.querySelectorAll('.tel')].map(e => e.getClientRects().length)")
    assert len(lines_each) >= 2 * 7 and set(lines_each) == {1}


# A handout in French, and in English and French side by side.


def test_a_handout_in_french_says_so_and_quotes_the_passage_then_its_translation() -> None:
    page = to_html(BILINGUAL, BILINGUAL.questions, languages=("fr",))
    parsed = outline(page)
    assert parsed.tags[0] == ("html", {"lang": "fr"})
    text = " ".join("".join(parsed.text).split())
    assert "La kétamine a d’abord été mise au point comme anesthésique." in text
    assert '<h2 id="answer-key">Corrigé</h2>' in page and "Énoncés tirés de\u00a0: <cite>" in page
    assert (
        "<blockquote><p>Tiré de l’article\u00a0: «\u00a0Originally developed as an anesthetic\u00a0»</p>"
        "<p>— <cite>Test article</cite></p>"
        '<p lang="fr">Traduction libre\u00a0: «\u00a0Mise au point à l’origine comme anesthésique\u00a0»</p>'
        "</blockquote>"
    ) in page
    assert "Ketamine was first developed" not in text and 'class="language"' not in page


def test_side_by_side_each_text_is_in_both_languages_each_marked_with_its_own() -> None:
    page = to_html(BILINGUAL, BILINGUAL.questions, languages=("en", "fr"))
    parsed = outline(page)
    assert parsed.tags[0] == ("html", {"lang": "en"})
    assert [tag for tag, _ in parsed.tags].count("h1") == 1
    assert '<h1>Test bank<br><span lang="fr">Banque d’essai</span></h1>' in page
    assert (
        '<div class="texts"><p lang="en"><span class="language">EN</span> Ketamine has no addiction risk.</p>'
        '<p lang="fr"><span class="language">FR</span> La kétamine ne présente aucun risque d’addiction.</p></div>'
    ) in page
    # Bank text stays text in every language.
    assert "avec &lt;b&gt;balises&lt;/b&gt; &amp; [red]markup" in page
    # The passage is quoted once, its translation after it; the sources are given once.
    assert page.count("“Originally developed as an anesthetic”") == 1
    assert page.count("DEA 1999") == 1
    french = [attributes for tag, attributes in parsed.tags if attributes.get("lang") == "fr"]
    assert len(french) == 1 + 2 + 3 + 3 + 3 + 1 + 1 + 2, (
        "title, where the statements come from and what to do with them, statements twice, explanations, note, "
        "translation, help twice"
    )
    assert '<h2 id="answer-key">Answer key / Corrigé</h2>' in page


@needs_a_browser
def test_side_by_side_the_bundled_bank_prints_short_enough_for_a_room(tmp_path: Path) -> None:
    """In two languages the learners' copy took 4 Letter pages (2 in English alone), the full key 26 and
    the short key 5."""
    bank = load_bank()
    french = shown_in(bank, "fr")
    pages = pages_of(printed(to_html(bank, bank.questions, languages=("en", "fr")), tmp_path))
    key = next(number for number, text in enumerate(pages) if text.lstrip().startswith("Answer key"))
    assert key <= 4, f"the learners' copy is {key} pages"
    assert squeezed("Where to get help") in squeezed(pages[key - 1])
    for english, translated in zip(bank.questions, french.questions, strict=True):
        both = [page for page in pages[:key] if squeezed(english.statement) in squeezed(page)]
        assert len(both) == 1 and squeezed(translated.statement) in squeezed(both[0]), english.id
    short = pages_of(printed(to_html(bank, bank.questions, languages=("en", "fr"), short_key=True), tmp_path, name="s"))
    assert len(short) - key <= 5, f"{len(short) - key} pages of short key"
    assert_nothing_cut_off(tmp_path / "s.pdf")


@pytest.mark.skipif(not AXE_CORE, reason="set KETAQUIZ_AXE to axe-core's axe.min.js (.ci/run does)")
def test_axe_finds_no_violation_side_by_side(browser_page) -> None:  # type: ignore[no-untyped-def]
    bank = load_bank()
    page = to_html(bank, bank.questions, languages=("en", "fr"))
    assert axe_violations(browser_page, page, "screen") == []
    assert axe_violations(browser_page, page, "print") == []


def test_export_side_by_side_from_the_command_line(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "handout.html"
    result = runner.invoke(cli, ["export", "--lang", "en,fr", "-o", str(target)])
    assert result.exit_code == 0, result.output
    bundled = load_bank()
    assert target.read_text(encoding="utf-8") == to_html(bundled, bundled.questions, languages=("en", "fr"))
