"""Workshop screens at the sizes a projected terminal has: each fits, and the reveal leads with the verdict."""

from __future__ import annotations

import dataclasses
import functools
import io
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console, RenderableType

from ketaquiz.bank import Bank, Resource, load_bank, parse_bank
from ketaquiz.present import drivers
from ketaquiz.present.loop import Settings, run_workshop
from ketaquiz.screens import summary, workshop
from ketaquiz.votes import Join, Presence, Reveal, Tally, most_misunderstood_first
from tests.helpers import SMALL_BANK

BANK = load_bank()
SMALL = parse_bank(SMALL_BANK, "bank.yaml")
SIZES = [(50, 16), (60, 20), (80, 24), (120, 30), (200, 50)]
PROMPT_ROWS = 1


def console_of(width: int, height: int, *, terminal: bool = False) -> Console:
    return Console(
        file=io.StringIO(), width=width, height=height, color_system=None, force_terminal=terminal, highlight=False
    )


def shown(console: Console, renderable: RenderableType) -> list[str]:
    console.print(renderable)
    lines: list[str] = console.file.getvalue().splitlines()  # type: ignore[attr-defined]
    console.file = io.StringIO()
    return lines


def words(lines: list[str]) -> str:
    """The text of a screen without its box drawing, as one line of words."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", " ".join(lines)).split())


def reveals() -> Iterator[Reveal]:
    for position, question in enumerate(BANK.questions, 1):
        yield Reveal(position, question, Tally(7, 12), "2026-01-01T00:00:00+00:00")


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_reveal_leads_with_statement_and_verdict_and_loses_nothing(width: int, height: int) -> None:
    console = console_of(width, height)
    for reveal in reveals():
        question = reveal.question
        pages = [
            shown(console, page)
            for page in workshop.reveal_pages(
                console, reveal, len(BANK.questions), BANK.source.title, height=height - PROMPT_ROWS
            )
        ]
        for page in pages:
            assert len(page) <= height - PROMPT_ROWS, (question.id, len(page))
            assert max(cell_len(line) for line in page) <= width
        first = words(pages[0])
        assert question.statement.split()[0] in first and " ".join(question.statement.split()) in first
        assert question.answer.value.upper() in first
        assert "7 myth · 12 fact" in first
        # A paragraph may flow over to the next page: read on past the next page's title.
        everything = words([line for page in pages for line in page if "(continued)" not in line])
        for text in (question.explanation, question.passage, question.evidence.note if question.evidence else ""):
            assert " ".join(text.split()) in everything, (question.id, text[:40])


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_statement_screen_fits_with_one_box_width(width: int, height: int) -> None:
    console = console_of(width, height)
    box_widths = set()
    for position, question in enumerate(BANK.questions, 1):
        lines = shown(console, workshop.statement(console, question, position, 32, height=height - 2))
        assert len(lines) <= height - 2
        assert max(cell_len(line) for line in lines) <= width
        assert " ".join(question.statement.split()) in words(lines)
        box_widths.add(next(len(line.strip()) for line in lines if "╭" in line))
    assert box_widths == {min(width, workshop.MEASURE + 6)}


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_prose_keeps_a_readable_measure(width: int, height: int) -> None:
    console = console_of(width, height)
    reveal = max(reveals(), key=lambda reveal: len(reveal.question.explanation))
    for page in workshop.reveal_pages(console, reveal, 32, BANK.source.title, height=height - 1):
        for line in shown(console, page):
            if "│" in line:
                assert len(line.strip().strip("│").strip()) <= workshop.MEASURE
                left, right = len(line) - len(line.lstrip()), len(line) - len(line.rstrip())
                assert abs(left - right) <= 1, "the box is centred"


def summary_lines(width: int, height: int | None, bank: Bank = BANK) -> list[list[str]]:
    console = console_of(width, height or 25)
    chosen = list(reveals())[:8]
    pages = summary.summary_pages(console, chosen, 32, bank.resources, height=height)
    return [shown(console, page) for page in pages]


def test_the_summary_at_40_columns_keeps_every_statement_readable() -> None:
    (lines,) = summary_lines(40, None)
    assert max(cell_len(line) for line in lines) <= 40
    text = words(lines)
    for reveal in list(reveals())[:8]:
        assert f"{reveal.position}. {' '.join(reveal.question.statement.split())}" in text
    assert "7 myth · 12 fact" in text
    assert "8 of 32 statements revealed" in text


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_summary_pages_fit_the_screen(width: int, height: int) -> None:
    pages = summary_lines(width, height - 1)
    for page in pages:
        assert len(page) <= height - 1
        assert max(cell_len(line) for line in page) <= width
    text = words([line for page in pages for line in page])
    for reveal in list(reveals())[:8]:
        statement = reveal.question.statement.split()
        # A table wraps the statement inside its column; stacked, it reads whole.
        assert " ".join(statement if width < 72 else statement[:3]) in text


def test_a_wide_summary_is_a_table_with_votes_in_words() -> None:
    (lines,) = summary_lines(120, None)
    assert "#  Statement" in lines[2]
    assert re.search(r"FACT +7 myth · 12 fact +63%", "\n".join(lines))


def test_the_summary_ends_with_the_banks_help_resources_briefly_as_a_projector_has_room_for() -> None:
    helped = dataclasses.replace(
        BANK,
        resources=(
            Resource(name="Talk Suicide", contact="call or text 988", region="Canada", details="24 hours a day"),
            Resource(name="A local clinic", contact="ask at the front desk"),
        ),
    )
    text = words([line for page in summary_lines(60, 20, helped) for line in page])
    assert "If you are struggling or in crisis, help is available:" in text
    assert "• Talk Suicide (Canada): call or text 988." in text
    assert "24 hours a day" not in text  # the details are on the phones and the handouts
    assert "• A local clinic: ask at the front desk." in text


@pytest.mark.parametrize(("width", "height"), [(39, 24), (80, 11)])
def test_a_terminal_too_small_says_so(width: int, height: int) -> None:
    console = console_of(width, height, terminal=True)
    drivers.paint(
        console,
        lambda rows: workshop.statement(console, BANK.questions[0], 1, 1, height=rows),
        workshop.more_prompt(),
    )
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert "too small for the workshop" in words(output.splitlines())
    assert "Statement 1 of 1" not in output


def test_a_painted_frame_fills_the_screen_exactly_with_the_prompt_at_the_bottom() -> None:
    console = console_of(120, 20, terminal=True)
    drivers.paint(
        console,
        lambda rows: workshop.statement(console, BANK.questions[0], 1, 1, height=rows),
        workshop.more_prompt(),
    )
    output = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", console.file.getvalue())  # type: ignore[attr-defined]
    lines = output.split("\n")
    assert len(lines) == 20, "no newline after the last row, so the screen never scrolls"
    assert lines[-1].startswith("Enter shows the rest")
    top = next(line for line in lines if "╭" in line)
    assert top.index("╭") == 120 - 1 - top.index("╮") == (120 - 76) // 2, "the box is centred"


def test_the_prompt_keeps_the_bottom_row_under_a_short_page() -> None:
    console = console_of(60, 20, terminal=True)
    drivers.paint(console, lambda rows: workshop.more_prompt(), workshop.more_prompt())
    output = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", console.file.getvalue())  # type: ignore[attr-defined]
    lines = output.split("\n")
    assert len(lines) == 20 and lines[0].startswith("Enter shows") and lines[-1].startswith("Enter shows")


class Keys:
    """Keys as a terminal would give them: one chunk per read, and nothing once the script is done."""

    def __init__(self, *chunks: str) -> None:
        self.chunks = list(chunks)

    def __call__(self, seconds: float) -> str | None:
        if not self.chunks:
            return None
        chunk = self.chunks.pop(0)
        if not chunk:
            time.sleep(seconds)  # nothing typed: the wait runs its course
        return chunk


def painted_workshop(keys: Keys, *, timer: float | None, size: tuple[int, int] = (60, 20)) -> tuple[list[Reveal], str]:
    console = console_of(*size, terminal=True)
    workshop = run_workshop(
        console,
        SMALL.questions[:2],
        source_title=SMALL.source.title,
        read_line=lambda: None,
        read_keys=keys,
        settings=Settings(tallying=True, timer=timer),
    )
    return list(workshop.reveals), console.file.getvalue()  # type: ignore[attr-defined]


def test_votes_typed_during_the_countdown_are_the_reply() -> None:
    # statement 1: "3 9" and Enter while the bar runs, then Enter for the next; statement 2: a bare
    # Enter ends the discussion, then "1 1x", a backspace and Enter at the votes prompt.
    keys = Keys("\n", "3", " 9", "\r", "\n", "", "\n", "1 1x\x7f\n", "\n")
    revealed, output = painted_workshop(keys, timer=60)
    assert [reveal.tally for reveal in revealed] == [Tally(3, 9), Tally(1, 1)]
    assert "Discussion" in output
    assert "Votes (myths facts), Enter ends discussion: 3 9▌" in output
    assert "Votes? myths then facts (12 5)" in output


def test_when_the_countdown_runs_out_the_bar_gives_way_to_the_votes_prompt() -> None:
    keys = Keys("\n", "", "2 2\n", "q\n")
    revealed, output = painted_workshop(keys, timer=0.01)
    assert [reveal.tally for reveal in revealed] == [Tally(2, 2)]
    after = output[output.rindex("Discussion") :]
    assert "Votes? myths then facts" in after
    assert "Time's up." in after, "the room is told, not left to notice the bar has gone"


def test_a_resized_terminal_is_painted_again_at_its_new_size() -> None:
    console = console_of(80, 24, terminal=True)
    resized = False

    def keys(seconds: float) -> str | None:
        nonlocal resized
        if not resized:
            resized = True
            console.size = (50, 16)
            return ""
        return "q\n"

    run_workshop(
        console,
        BANK.questions[:1],
        source_title=BANK.source.title,
        read_line=lambda: None,
        read_keys=keys,
        settings=Settings(),
    )
    output = console.file.getvalue()  # type: ignore[attr-defined]
    before, after = output.split("\x1b[2J")[1:3]
    assert (
        "╭" + "─" * 20 in before and max(map(cell_len, re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", before).split("\n"))) == 80
    )
    assert max(map(cell_len, re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", after).split("\n"))) == 50


def _join(url: str = "http://192.168.100.200:8765/j/abcdefgh/") -> Join:
    """A room's join details as the live server makes them, for an address on the room's network."""
    serving = pytest.importorskip("ketaquiz.live.serving", reason="the live extra draws QR codes")
    return Join(code="abcdefgh", urls=(url,), qr=serving.qr_rows(url))


def painted_title(join: Join, width: int, height: int, presence: Presence | None = None) -> list[str]:
    """The title screen as a terminal of that size shows it, prompt and all, without colour codes."""
    console = console_of(width, height, terminal=True)
    title = functools.partial(workshop.title_screen, console, BANK.title or "", 32, join=join, presence=presence)
    drivers.paint(console, lambda rows: title(height=rows), workshop.start_prompt())
    painted = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", console.file.getvalue())  # type: ignore[attr-defined]
    return painted.split("\n")


TITLE_SIZES = [*SIZES, (70, 24), (40, 24)]


@pytest.mark.parametrize(("width", "height"), TITLE_SIZES, ids=[f"{w}x{h}" for w, h in TITLE_SIZES])
def test_the_title_screen_draws_the_join_qr_code_whole_or_not_at_all(width: int, height: int) -> None:
    join = _join()
    lines = painted_title(join, width, height, Presence(joined=3, voted=0))
    assert len(lines) == height and max(map(cell_len, lines)) <= width
    qr_rows = sum(1 for line in lines if re.search(r"[▀▄█]", line))
    pairs = [join.qr[row : row + 2] for row in range(0, len(join.qr), 2)]
    dark_rows = sum(any(any(modules) for modules in pair) for pair in pairs)
    assert qr_rows in (0, dark_rows), "a QR code cut short cannot be scanned"
    text = words(lines)
    assert join.urls[0] in re.sub(r"[▀▄█\s]", "", "".join(lines)), "the address, whole, even folded beside the code"
    assert "Join code: abcdefgh" in text and "3 phones joined" in text
    if qr_rows == 0:
        assert "a larger terminal shows a QR code" in text
    if (width, height) in ((60, 20), (70, 24), (80, 24)):
        assert qr_rows, "the projector sizes the README recommends have room for the QR code"


@pytest.mark.parametrize(("width", "height"), [(60, 20), (70, 24)])
def test_the_qr_code_drawn_on_the_title_screen_decodes_to_the_join_address(
    width: int, height: int, tmp_path: Path
) -> None:
    """No QR code showed at 60×20 or 70×24; scanned off the drawn cells, it must take a phone to the room."""
    zbarimg = shutil.which("zbarimg")
    if zbarimg is None:
        pytest.skip("needs zbarimg to read the QR code (Debian's zbar-tools; .ci/run installs it)")
    join = _join()
    image = tmp_path / "screen.pgm"
    image.write_bytes(pixels(painted_title(join, width, height), scale=6))
    done = subprocess.run([zbarimg, "--quiet", "--raw", str(image)], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == join.urls[0], done.stderr


def pixels(lines: list[str], *, scale: int) -> bytes:
    """Terminal cells drawn back as an image (binary PGM, white around): each cell one module wide and
    two high, its upper half dark for ▀ and █ and its lower half for ▄ and █; anything else light."""
    halves = {"█": (0, 0), "▀": (0, 255), "▄": (255, 0)}
    width = max(map(len, lines))
    rows = []
    for line in lines:
        cells = [halves.get(char, (255, 255)) for char in line.ljust(width)]
        for half in (0, 1):
            row = bytes(value for cell in cells for value in [cell[half]] * scale)
            rows += [row] * scale
    margin = 8 * scale
    blank = bytes([255]) * (width * scale + 2 * margin)
    side = bytes([255]) * margin
    body = [blank] * margin + [side + row + side for row in rows] + [blank] * margin
    return f"P5 {len(blank)} {len(body)} 255\n".encode() + b"".join(body)


def test_a_room_only_this_computer_can_reach_gets_no_qr_code() -> None:
    join = _join("http://127.0.0.1:8765/j/abcdefgh/")
    text = words(painted_title(join, 80, 24))
    assert "Phones cannot join: the server listens on this computer only." in text
    assert not re.search(r"[▀▄█]", text)


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_explanation_starts_on_the_reveals_first_page(width: int, height: int) -> None:
    """At 60×20 the first page was the verdict over 8 blank lines, and reading one statement took four Enters."""
    console = console_of(width, height)
    for reveal in reveals():
        first, *_ = workshop.reveal_pages(console, reveal, 32, BANK.source.title, height=height - PROMPT_ROWS)
        opening = " ".join(reveal.question.explanation.split()[:4])
        assert opening in words(shown(console, first)), (reveal.question.id, width, height)


def test_the_summary_gives_the_rooms_overall_figure_and_numbers_rows_as_shown() -> None:
    votes = [Tally(1, 9), Tally(7, 3), Tally(5, 5)]  # a fact right 90%, a fact right 30%, a fact right 50%
    facts = [question for question in BANK.questions if question.answer.value == "fact"][:3]
    pairs = enumerate(zip(facts, votes, strict=True), 1)
    ordered = most_misunderstood_first([Reveal(n, q, t, "2026-01-01T00:00:00+00:00") for n, (q, t) in pairs])
    for width in (120, 60):
        console = console_of(width, 40)
        (page,) = [shown(console, page) for page in summary.summary_pages(console, ordered, 3, (), height=None)]
        text = words(page)
        assert "The room was right 57% of the time over 3 statements." in text  # 17 of 30 votes
        rows = [line for line in page if "revealed" not in line]
        numbers = [int(found.group(1)) for line in rows if (found := re.match(r"\s*(\d+)\.?\s", line))]
        assert numbers == [1, 2, 3], page
        assert text.index(" ".join(facts[1].statement.split()[:4])) < text.index(
            " ".join(facts[2].statement.split()[:4])
        )


def test_the_summary_leaves_a_blank_line_before_the_help() -> None:
    (lines,) = summary_lines(120, None)
    at = next(number for number, line in enumerate(lines) if "If you are struggling" in line)
    assert lines[at - 1].strip() == "" and "statements revealed" in lines[at - 2]
