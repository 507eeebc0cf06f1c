"""The workshop's projector in `ketaquiz present`: each statement, its reveal in pages, the
prompts under them, and the summary.

Read from the back of a room, so big and plain. A projected terminal is zoomed until the
back row can read it, so it is small in cells (50×16 to 80×24): every screen is laid out
for a given height, and what does not fit goes to a next page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.align import Align
from rich.console import Console, Group, JustifyMethod, RenderableType
from rich.panel import Panel
from rich.segment import SegmentLines
from rich.table import Table
from rich.text import Text

from ketaquiz import wording
from ketaquiz.model import Answer, Question, Resource
from ketaquiz.quiz import Join, Presence, Reveal, Tally
from ketaquiz.screens.console import (
    FLOW_AT_LEAST,
    VERDICT_STYLE,
    explained,
    help_block,
    lines_of,
    paged,
    paragraphs,
    verdict,
)
from ketaquiz.screens.join import joining

# Characters of prose per line: what an eye can follow across a projected screen.
MEASURE = 70

# Below this no layout is readable, and the screen says so instead.
SMALLEST = (40, 12)

# Narrower than this, a summary table would squeeze its statements: each stands on its own lines.
STACKED_BELOW = 72

_BLOCK_LETTERS = {
    "M": ("█   █", "██ ██", "█ █ █", "█   █", "█   █"),
    "Y": ("█   █", " █ █ ", "  █  ", "  █  ", "  █  "),
    "T": ("█████", "  █  ", "  █  ", "  █  ", "  █  "),
    "H": ("█   █", "█   █", "█████", "█   █", "█   █"),
    "F": ("█████", "█    ", "████ ", "█    ", "█    "),
    "A": (" ███ ", "█   █", "█████", "█   █", "█   █"),
    "C": (" ████", "█    ", "█    ", "█    ", " ████"),
}


def too_small(console: Console) -> bool:
    return console.width < SMALLEST[0] or console.height < SMALLEST[1]


def too_small_notice(console: Console) -> Text:
    return Text(
        f"This terminal is {console.width}×{console.height}, too small for the workshop: make it "
        f"at least {SMALLEST[0]}×{SMALLEST[1]} (a smaller font or a larger window).",
        style="bold yellow",
    )


def block_letters(word: str) -> str:
    rows = zip(*(_BLOCK_LETTERS[letter] for letter in word), strict=True)
    return "\n".join("  ".join(row) for row in rows)


def box_width(console: Console) -> int:
    """One width for every box of a workshop: the measure with border and padding, or the screen."""
    return min(console.width, MEASURE + 6)


def text_width(console: Console) -> int:
    return box_width(console) - 6


def centred(console: Console, box: RenderableType) -> RenderableType:
    return Align.center(box, width=box_width(console))


def title_screen(
    console: Console,
    heading: str,
    total: int,
    *,
    height: int | None,
    join: Join | None = None,
    presence: Presence | None = None,
    about: str | None = None,
) -> RenderableType:
    """What the room sees first: the workshop's title and how many statements (or what `about`
    says); with `join`, how to join it on a phone and how many have, centred in the height it has."""
    justify: JustifyMethod = "center" if join is None else "left"
    top = Group(
        Text(heading, style="bold", justify=justify),
        Text(about or f"{wording.plural(total, 'statement')}: is each a myth or a fact?", justify=justify),
    )
    body: RenderableType
    if join is None:
        body = centred(console, Panel(top, border_style="blue", padding=(1, 2), width=box_width(console)))
    else:  # no box: every cell goes to the QR code and the words beside it
        body = centred(console, joining(console, top, join, presence, width=box_width(console), height=height))
    return body if height is None else Align.center(body, vertical="middle", height=height)


def statement(
    console: Console, question: Question, position: int, total: int, *, height: int | None, recap: bool = False
) -> RenderableType:
    """The statement alone, bold and centred in its box, the box centred in the height it has; in
    the recap round, titled so ("Recap 2 of 5")."""
    text = Text(question.statement, style="bold", justify="center")
    room = 1 if height is None else (height - len(lines_of(console, text, text_width(console))) - 2) // 2
    title = wording.recap_position(position, total) if recap else wording.position(position, total)
    panel = Panel(
        text,
        title=Text(title, style="bold"),
        border_style="blue",
        padding=(max(0, min(room, 3)), 2),
        width=box_width(console),
    )
    if height is None:
        return panel
    return Align.center(panel, vertical="middle", height=height)


def status(
    console: Console,
    prompt: Text,
    *,
    typed: str | None = None,
    hint: Text | None = None,
    note: Text | None = None,
    countdown: tuple[float, float] | None = None,
) -> RenderableType:
    """The lines under a screen: the countdown bar (seconds left of all), a note (such as the count
    of phone votes), a hint, the prompt and what is typed."""
    parts: list[RenderableType] = []
    if countdown is not None:
        from math import ceil

        from rich.progress_bar import ProgressBar

        left, seconds = countdown
        bar = Table.grid(expand=True, padding=(0, 1))
        bar.add_column(no_wrap=True)
        bar.add_column(ratio=1)
        bar.add_column(justify="right", no_wrap=True)
        bar.add_row(
            Text("Discussion", style="bold"), ProgressBar(total=seconds, completed=left), Text(f"{ceil(left)} s")
        )
        parts.append(bar)
    if note is not None:
        parts.append(note)
    if hint is not None:
        parts.append(hint)
    line = prompt.copy()
    if typed is not None:
        line.append(typed, style="bold").append("▌")
    parts.append(line)
    return Group(*parts)


def discussion_prompt(*, tallying: bool) -> Text:
    if tallying:
        return Text.assemble(("Votes", "bold"), (" (myths facts), Enter ends discussion: ", "dim"))
    return Text.assemble(("Enter ends the discussion", "bold"), (" (q quits) ", "dim"))


def reveal_prompt(*, tallying: bool) -> Text:
    if tallying:
        return Text.assemble(("Votes? ", "bold"), ("myths then facts (12 5) — Enter reveals, q quits: ", "dim"))
    return Text.assemble(("Enter reveals the verdict", "bold"), (" (q quits) ", "dim"))


def not_saving(reason: str) -> Text:
    """Above the prompt for as long as the results cannot be saved: the room's results are at stake."""
    return Text(f"Results are NOT being saved: {reason}", style="bold reverse red")


def tally_hint() -> Text:
    return Text("Type two numbers, the votes for myth then for fact (like 12 5), or just Enter.", style="yellow")


def start_prompt() -> Text:
    return Text.assemble(("Enter starts", "bold"), (" (q quits) ", "dim"))


def time_up() -> Text:
    """Under the statement when the discussion's countdown has run out."""
    return Text("Time's up.", style="bold yellow")


def more_prompt(page: tuple[int, int] | None = None) -> Text:
    return _numbered(Text.assemble((wording.MORE, "bold"), (" (q quits) ", "dim")), page)


def next_statement_prompt(page: tuple[int, int] | None = None, *, last: bool, recap: bool = False) -> Text:
    if last:
        return _numbered(Text(f"Enter for the {'recap' if recap else 'summary'} ", style="dim"), page)
    return _numbered(Text("Enter for the next statement (q quits) ", style="dim"), page)


def _numbered(prompt: Text, page: tuple[int, int] | None) -> Text:
    """A prompt after the number of the page it is under, where there are several (1/3)."""
    if page is None or page[1] == 1:
        return prompt
    return Text(f"{wording.page_number(*page)}  ", style="bold").append_text(prompt)


def reveal_pages(
    console: Console, reveal: Reveal, total: int, source_title: str, *, height: int | None
) -> list[RenderableType]:
    """The reveal's pages. The first leads with the statement and the verdict; the explanation,
    passage and evidence follow where they fit, on further pages where they do not."""
    question = reveal.question
    style = VERDICT_STYLE[question.answer]
    word = wording.verdict_word(question.answer)
    statement = Text(question.statement, style="bold", justify="center")
    named = Text(word, style=style, justify="center")
    room = [] if reveal.tally is None else room_lines(reveal.tally, question.answer, reveal.share_right)
    large = [statement, Text(""), Text(block_letters(word), style=style, justify="center"), named, *room]
    explanation = explained(question, source_title)

    def box(content: RenderableType, title: str) -> RenderableType:
        panel = Panel(
            content,
            title=Text(title, style="bold"),
            border_style=style.split()[-1],
            padding=(0, 2),
            width=box_width(console),
        )
        return centred(console, panel)

    title = wording.position(reveal.position, total)
    if height is None:
        return [box(Group(*large, Text(""), *explanation), title)]
    width = text_width(console)
    rows = height - 2  # inside the box's borders
    head = lines_of(console, Group(*large), width)
    # A short screen shows the verdict as a word, without the block letters, so that the
    # explanation can start under it rather than a page later.
    if len(head) + 1 + FLOW_AT_LEAST > rows:
        head = lines_of(console, Group(statement, named, *room), width)
    blocks = [lines_of(console, Group(*paragraph), width) for paragraph in paragraphs(explanation)]
    pages = paged(head, blocks, rows, gap=1, flow=True)
    return [
        box(SegmentLines(page, new_lines=True), title if number == 0 else f"{title} · {word} (continued)")
        for number, page in enumerate(pages)
    ]


def room_lines(tally: Tally, answer: Answer, share_right: float | None) -> list[Text]:
    """How the room voted, and, where the phones were asked how sure, how many were sure and wrong."""
    lines = [Text(wording.room_line(tally, share_right), style="bold", justify="center")]
    sure_wrong = wording.sure_wrong_line(tally, answer)
    if sure_wrong is not None:
        lines.append(Text(sure_wrong, justify="center"))
    return lines


def summary_pages(
    console: Console, reveals: Sequence[Reveal], total: int, resources: Sequence[Resource], *, height: int | None
) -> list[RenderableType]:
    """The summary's pages: how the room did overall, the statements most misunderstood first,
    numbered as shown, then where to get help. Below 72 columns each statement has its own lines
    with its figures under them, so the statement stays readable."""
    overall = wording.room_overall(reveals)
    head = [Text("Most misunderstood first", style="bold", justify="center")]
    if overall is not None:
        head.append(Text(overall, justify="center"))
    votes = [wording.votes(reveal.tally) if reveal.tally else "—" for reveal in reveals]
    rows = [
        Row(
            reveal.question.statement,
            verdict(reveal.question.answer),
            (vote, wording.percent(reveal.share_right)),
            "" if reveal.tally is None else f"{vote} — {wording.percent(reveal.share_right)} right",
        )
        for reveal, vote in zip(reveals, votes, strict=True)
    ]
    caption = f"{len(reveals)} of {wording.plural(total, 'statement')} revealed"
    return listing_pages(
        console,
        head,
        Listing(("Votes", "Right"), rows, number_width=len(str(total))),
        caption=caption,
        resources=resources,
        height=height,
    )


@dataclass(frozen=True)
class Row:
    """A statement in a summary: its text, its verdict, its figures as columns, and as a line under it."""

    statement: str
    verdict: Text
    figures: tuple[str, ...]
    figures_line: str


@dataclass(frozen=True)
class Listing:
    """Statements with figures: the figures' column headings, the rows, the digits a number takes."""

    headings: tuple[str, ...]
    rows: Sequence[Row]
    number_width: int


def listing_pages(
    console: Console,
    head: Sequence[Text],
    listing: Listing,
    *,
    caption: str,
    resources: Sequence[Resource],
    height: int | None,
) -> list[RenderableType]:
    """A summary's pages: its head, the statements numbered in the order given (a table on a wide
    screen, each statement on its own lines below 72 columns), a caption, then where to get help."""
    width = box_width(console)
    entries: list[RenderableType]
    if console.width < STACKED_BELOW:
        entries = [_stacked_entry(number, row, listing.number_width) for number, row in enumerate(listing.rows, 1)]
    else:
        entries = _summary_rows(listing, width)
    captioned = Text(caption, style="dim", justify="center")
    blocks = [lines_of(console, entry, width) for entry in entries] + [lines_of(console, captioned, width)]
    if resources:  # set off by a blank line, however tightly the rows above are packed
        blocks.append([[], *lines_of(console, help_block(resources, brief=True), width)])
    lines = lines_of(console, Group(*head), width)
    gap = 1 if console.width < STACKED_BELOW else 0
    pages = paged(lines, blocks, height or sum(map(len, [lines, *blocks])) * 2, gap=gap)
    return [centred(console, SegmentLines(page, new_lines=True)) for page in pages]


def nothing_revealed(resources: Sequence[Resource], *, counted: bool = False) -> RenderableType:
    """After quitting before any reveal (or, in a follow-up, any count): one line, and where to get help."""
    done = "counted" if counted else "revealed"
    parts: list[RenderableType] = [Text(f"The workshop ended before any statement was {done}.")]
    if resources:
        parts += [Text(""), help_block(resources, brief=True)]
    return Group(*parts)


def _stacked_entry(number: int, row: Row, digits: int) -> RenderableType:
    figures = Text.assemble(row.verdict)
    if row.figures_line:
        figures.append(f" · {row.figures_line}")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", width=digits + 1, no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(Text(f"{number}."), Group(Text(row.statement), figures))
    return grid


def _summary_rows(listing: Listing, width: int) -> list[RenderableType]:
    """A table as a heading and one grid per row, all with the same columns, so pages break between rows."""
    rows = listing.rows
    digits = len(str(len(rows)))
    figures = [
        max(len(heading), *(len(row.figures[index]) for row in rows)) for index, heading in enumerate(listing.headings)
    ]
    widths = [digits, 0, len("Verdict"), *figures]
    widths[1] = width - sum(widths) - 2 * (len(widths) - 1)

    def row(cells: Sequence[Text], style: str = "") -> Table:
        grid = Table.grid(padding=(0, 2))
        for index, column_width in enumerate(widths):
            right = index == 0 or index > 2
            grid.add_column(width=column_width, justify="right" if right else "left", overflow="fold", style=style)
        grid.add_row(*cells)
        return grid

    heading = row([Text(name) for name in ("#", "Statement", "Verdict", *listing.headings)], style="bold")
    return [
        Group(heading, Text("─" * width, style="dim")),
        *(
            row([Text(str(number)), Text(entry.statement), entry.verdict, *(Text(cell) for cell in entry.figures)])
            for number, entry in enumerate(rows, 1)
        ),
    ]
