"""The workshop's projector in `ketaquiz present`: each statement, its reveal in pages, the
prompts under them, and the summary.

Read from the back of a room, so big and plain. A projected terminal is zoomed until the
back row can read it, so it is small in cells (50×16 to 80×24): every screen is laid out
for a given height, and what does not fit goes to a next page.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.align import Align
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.segment import SegmentLines
from rich.table import Table
from rich.text import Text

from ketaquiz import wording
from ketaquiz.model import Question, Resource
from ketaquiz.quiz import Join, Reveal
from ketaquiz.screens.console import (
    VERDICT_STYLE,
    explained,
    help_block,
    lines_of,
    paged,
    paragraphs,
    verdict,
)
from ketaquiz.screens.join import with_join

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


def statement(
    console: Console, question: Question, position: int, total: int, *, height: int | None, join: Join | None = None
) -> RenderableType:
    """The statement alone, bold and centred in its box, the box centred in the height it has;
    with `join`, how the room joins a live vote beside it."""
    text = Text(question.statement, style="bold", justify="center")
    room = 1 if height is None else (height - len(lines_of(console, text, text_width(console))) - 2) // 2
    panel: RenderableType = Panel(
        text,
        title=Text(wording.position(position, total), style="bold"),
        border_style="blue",
        # Beside the join details the statement gives up its spare rows to the QR code.
        padding=(max(0, min(room, 3 if join is None else 1)), 2),
        width=box_width(console),
    )
    if join is not None:
        panel = with_join(console, panel, join, height=height)
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


def tally_hint() -> Text:
    return Text("Type two numbers, the votes for myth then for fact (like 12 5), or just Enter.", style="yellow")


def more_prompt() -> Text:
    return Text.assemble(("Enter shows the rest", "bold"), (" (q quits) ", "dim"))


def next_statement_prompt(*, last: bool) -> Text:
    if last:
        return Text("Enter for the summary ", style="dim")
    return Text("Enter for the next statement (q quits) ", style="dim")


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
    room = (
        []
        if reveal.tally is None
        else [Text(wording.room_line(reveal.tally, reveal.share_right), style="bold", justify="center")]
    )
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
    if len(head) > rows:  # a short screen: the verdict as a word, without the block letters
        head = lines_of(console, Group(statement, named, *room), width)
    blocks = [lines_of(console, Group(*paragraph), width) for paragraph in paragraphs(explanation)]
    pages = paged(head, blocks, rows, gap=1)
    return [
        box(SegmentLines(page, new_lines=True), title if number == 0 else f"{title} · {word} (continued)")
        for number, page in enumerate(pages)
    ]


def summary_pages(
    console: Console, reveals: Sequence[Reveal], total: int, resources: Sequence[Resource], *, height: int | None
) -> list[RenderableType]:
    """The summary's pages: most misunderstood first, then where to get help. Below 72 columns
    each statement has its own lines with its figures under them, so the statement stays readable."""
    width = box_width(console)
    title = Text("Most misunderstood first", style="bold", justify="center")
    entries: list[RenderableType]
    if not reveals:
        entries = [Text(f"No statement was revealed (of {wording.plural(total, 'statement')}).")]
    elif console.width < STACKED_BELOW:
        entries = [_stacked_entry(reveal, len(str(total))) for reveal in reveals]
    else:
        entries = _summary_rows(reveals, width)
    caption = Text(f"{len(reveals)} of {wording.plural(total, 'statement')} revealed", style="dim", justify="center")
    blocks = [lines_of(console, entry, width) for entry in entries] + [lines_of(console, caption, width)]
    if resources:
        blocks.append(lines_of(console, help_block(resources), width))
    head = lines_of(console, title, width)
    gap = 1 if console.width < STACKED_BELOW else 0
    pages = paged(head, blocks, height or sum(map(len, [head, *blocks])) * 2, gap=gap)
    return [centred(console, SegmentLines(page, new_lines=True)) for page in pages]


def _stacked_entry(reveal: Reveal, digits: int) -> RenderableType:
    figures = Text.assemble(verdict(reveal.question.answer))
    if reveal.tally is not None:
        figures.append(f" · {wording.votes(reveal.tally)} — {wording.percent(reveal.share_right)} right")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", width=digits + 1, no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(Text(f"{reveal.position}."), Group(Text(reveal.question.statement), figures))
    return grid


def _summary_rows(reveals: Sequence[Reveal], width: int) -> list[RenderableType]:
    """A table as a heading and one grid per row, all with the same columns, so pages break between rows."""
    votes = [wording.votes(reveal.tally) if reveal.tally else "—" for reveal in reveals]
    digits = max(len(str(reveal.position)) for reveal in reveals)
    widths = [digits, 0, len("Verdict"), max(len("Votes"), *map(len, votes)), len("Right")]
    widths[1] = width - sum(widths) - 2 * (len(widths) - 1)

    def row(cells: Sequence[Text], style: str = "") -> Table:
        grid = Table.grid(padding=(0, 2))
        for index, column_width in enumerate(widths):
            right = index in (0, 3, 4)
            grid.add_column(width=column_width, justify="right" if right else "left", overflow="fold", style=style)
        grid.add_row(*cells)
        return grid

    heading = row([Text(name) for name in ("#", "Statement", "Verdict", "Votes", "Right")], style="bold")
    return [
        Group(heading, Text("─" * width, style="dim")),
        *(
            row(
                [
                    Text(str(reveal.position)),
                    Text(reveal.question.statement),
                    verdict(reveal.question.answer),
                    Text(vote),
                    Text(wording.percent(reveal.share_right)),
                ]
            )
            for reveal, vote in zip(reveals, votes, strict=True)
        ),
    ]
