"""Everything ketaquiz shows in a terminal. Every Rich call lives here.

Bank text is untrusted: it only ever reaches Rich inside `Text` objects, never
as a markup string, so `[bold]` in a statement prints as those characters.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.align import Align
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from ketaquiz.bank import Answer, Bank, Question, Resource, passage_heading

if TYPE_CHECKING:
    from ketaquiz.history import Session, Stats
    from ketaquiz.quiz import Result, Reveal, Score, Tally

VERDICT_STYLE = {Answer.MYTH: "bold magenta", Answer.FACT: "bold cyan"}


def make_console() -> Console:
    # Highlighting would colour numbers and quotes inside bank text at random.
    return Console(highlight=False, emoji=False)


def verdict(answer: Answer) -> Text:
    return Text(answer.value.upper(), style=VERDICT_STYLE[answer])


def statement(console: Console, question: Question, position: int, total: int) -> None:
    console.print()
    console.print(
        Panel(
            Text(question.statement, style="bold"),
            title=Text(f"Statement {position} of {total}"),
            title_align="left",
            border_style="blue",
            padding=(1, 2),
        )
    )


def answer_prompt(console: Console) -> None:
    console.print(Text.assemble(("Myth or fact?", "bold"), " ", ("[m/f, q to quit] ", "dim")), end="")


def next_prompt(console: Console) -> None:
    console.print(Text("Press Enter for the next statement, or q to quit. ", style="dim"), end="")


def echo_reply(console: Console, reply: str) -> None:
    """Show the reply read from a pipe, where the terminal did not echo it."""
    console.print(Text(reply, style="bold"))


def reply_hint(console: Console) -> None:
    console.print(Text("Type m for myth or f for fact (q quits).", style="yellow"))


def _explained(question: Question, source_title: str) -> list[RenderableType]:
    """The explanation, the quoted passage and the evidence: what every verdict comes with."""
    parts: list[RenderableType] = [
        Text(question.explanation),
        Text(""),
        Text(passage_heading(question.passage_role) + ":", style="bold"),
        Padding(Text(f"“{question.passage}”", style="italic"), (0, 0, 0, 2)),
        Padding(Text(f"— {source_title}", style="dim"), (0, 0, 0, 4)),
    ]
    if question.evidence is not None:
        parts += [Text(""), Text.assemble(("What the wider evidence says: ", "bold"), question.evidence.note)]
        parts.append(_bullets(question.evidence.sources))
    return parts


def feedback(console: Console, question: Question, result: Result, source_title: str) -> None:
    if result.correct:
        heading = Text.assemble(("✔ Right", "bold green"), " — it is a ", verdict(question.answer))
    else:
        heading = Text.assemble(("✘ Not quite", "bold red"), " — it is a ", verdict(question.answer))
    parts = _explained(question, source_title)
    console.print(
        Panel(
            Group(*parts),
            title=heading,
            title_align="left",
            border_style="green" if result.correct else "red",
            padding=(0, 1),
        )
    )


def _bullets(items: Sequence[str]) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(style="dim", overflow="fold")
    for item in items:
        grid.add_row("  •", Text(item))
    return grid


def summary(console: Console, result: Score, *, interrupted: bool = False) -> None:
    console.print()
    line = Text.assemble(("Score: ", "bold"), (f"{result.right}/{result.answered}", "bold"))
    if not result.finished:
        stopped = "interrupted" if interrupted else "stopped"
        line.append(f" — {stopped} after {result.answered} of {_plural(result.total, 'statement')}", style="dim")
    console.print(line)
    if not result.missed:
        if result.answered:
            console.print(Text("Every answer right.", style="green"))
        return
    table = Table(
        title=Text("Statements to look at again", style="bold"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        expand=False,
        show_lines=False,
    )
    table.add_column("Statement", overflow="fold")
    table.add_column("Verdict", no_wrap=True)
    for missed in result.missed:
        table.add_row(Text(missed.question.statement), verdict(missed.question.answer))
    console.print(table)


def question_table(console: Console, bank: Bank, questions: Sequence[Question], *, hide_answers: bool) -> None:
    title = Text(bank.title or bank.source.title, style="bold")
    caption = Text(f"{_plural(len(questions), 'statement')}, drawn from: {bank.source.title}")
    table = Table(title=title, caption=caption, box=box.SQUARE, show_lines=True, expand=True)
    # Below 60 columns the verdict and tags go under the statement, which keeps the width.
    narrow = console.width < 60
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Statement", overflow="fold", ratio=4)
    if not narrow:
        if not hide_answers:
            table.add_column("Verdict", no_wrap=True)
        longest_tag = max((len(tag) for question in questions for tag in question.tags), default=4)
        table.add_column("Tags", overflow="fold", min_width=min(longest_tag, 16))
    for number, question in enumerate(questions, 1):
        about = Text.assemble(question.statement, "\n")
        cells: list[RenderableType] = [Text(str(number)), about]
        if narrow and not hide_answers:
            about.append_text(verdict(question.answer)).append("  ")
        about.append(question.id, style="dim")
        if narrow:
            if question.tags:
                about.append(f"  tags: {', '.join(question.tags)}", style="dim")
        else:
            if not hide_answers:
                cells.append(verdict(question.answer))
            cells.append(Text("\n".join(question.tags)))
        table.add_row(*cells)
    console.print(table)


def validation_summary(console: Console, bank: Bank) -> None:
    myths = sum(question.answer is Answer.MYTH for question in bank.questions)
    facts = len(bank.questions) - myths
    counts = f"{_plural(len(bank.questions), 'statement')} ({_plural(myths, 'myth')}, {_plural(facts, 'fact')})"
    console.print(Text(f"{bank.path}: valid — {counts}"), soft_wrap=True)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def warning(console: Console, message: str) -> None:
    console.print(Text(f"Warning: {message}", style="yellow"))


# Workshop mode: read from the back of a room, so big and plain. A projected terminal is
# zoomed until the back row can read it, so it is small in cells (50×16 to 80×24): every
# screen is laid out for a given height, and what does not fit goes to a next page.

# Characters of prose per line: what an eye can follow across a projected screen.
MEASURE = 70
# Below this no layout is readable, and the screen says so instead.
SMALLEST = (40, 12)

_BLOCK_LETTERS = {
    "M": ("█   █", "██ ██", "█ █ █", "█   █", "█   █"),
    "Y": ("█   █", " █ █ ", "  █  ", "  █  ", "  █  "),
    "T": ("█████", "  █  ", "  █  ", "  █  ", "  █  "),
    "H": ("█   █", "█   █", "█████", "█   █", "█   █"),
    "F": ("█████", "█    ", "████ ", "█    ", "█    "),
    "A": (" ███ ", "█   █", "█████", "█   █", "█   █"),
    "C": (" ████", "█    ", "█    ", "█    ", " ████"),
}

Lines = list[list[Segment]]


def block_letters(word: str) -> str:
    rows = zip(*(_BLOCK_LETTERS[letter] for letter in word), strict=True)
    return "\n".join("  ".join(row) for row in rows)


def _box_width(console: Console) -> int:
    """One width for every box of a workshop: the measure with border and padding, or the screen."""
    return min(console.width, MEASURE + 6)


def _text_width(console: Console) -> int:
    return _box_width(console) - 6


def _lines(console: Console, renderable: RenderableType, width: int) -> Lines:
    return console.render_lines(renderable, console.options.update_width(width), pad=False)


def _centred(console: Console, box: RenderableType) -> RenderableType:
    return Align.center(box, width=_box_width(console))


def present_frame(console: Console, body: Callable[[int], RenderableType], status: RenderableType) -> None:
    """Paint a whole terminal screen over the last one, from the top-left corner and to the exact
    size, so nothing scrolls away and a countdown does not flicker. `body` is laid out for the rows
    the status leaves above it."""
    from rich.control import Control
    from rich.screen import Screen

    height = max(console.height - len(_lines(console, status, console.width)), 0)
    frame: RenderableType = Group(Align.left(body(height), height=height), status)
    if console.width < SMALLEST[0] or console.height < SMALLEST[1]:
        frame = Text(
            f"This terminal is {console.width}×{console.height}, too small for the workshop: make it "
            f"at least {SMALLEST[0]}×{SMALLEST[1]} (a smaller font or a larger window).",
            style="bold yellow",
        )
    with console:  # one write, so the frame appears whole
        console.control(Control.home())
        console.print(Screen(frame), end="")


def present_clear(console: Console) -> None:
    console.clear()


def present_end(console: Console) -> None:
    """Leave the last screen as it is, the cursor at the start of its empty last line."""
    from rich.control import Control

    console.control(Control.move_to_column(0))
    console.show_cursor(True)


def present_statement(
    console: Console, question: Question, position: int, total: int, *, height: int | None
) -> RenderableType:
    """The statement alone, bold and centred in its box, the box centred in the height it has."""
    text = Text(question.statement, style="bold", justify="center")
    room = 1 if height is None else (height - len(_lines(console, text, _text_width(console))) - 2) // 2
    panel = Panel(
        text,
        title=Text(f"Statement {position} of {total}", style="bold"),
        border_style="blue",
        padding=(max(0, min(room, 3)), 2),
        width=_box_width(console),
    )
    if height is None:
        return panel
    return Align.center(panel, vertical="middle", height=height)


def present_status(
    console: Console,
    prompt: Text,
    *,
    typed: str | None = None,
    hint: Text | None = None,
    countdown: tuple[float, float] | None = None,
) -> RenderableType:
    """The lines under a screen: the countdown bar (seconds left of all), a hint, the prompt and what is typed."""
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


def present_reveal(
    console: Console, reveal: Reveal, total: int, source_title: str, *, height: int | None
) -> list[RenderableType]:
    """The reveal's pages. The first leads with the statement and the verdict; the explanation,
    passage and evidence follow where they fit, on further pages where they do not."""
    question = reveal.question
    style = VERDICT_STYLE[question.answer]
    word = question.answer.value.upper()
    statement = Text(question.statement, style="bold", justify="center")
    named = Text(word, style=style, justify="center")
    room = (
        []
        if reveal.tally is None
        else [Text(_room_line(reveal.tally, reveal.share_right), style="bold", justify="center")]
    )
    large = [statement, Text(""), Text(block_letters(word), style=style, justify="center"), named, *room]
    explained = _explained(question, source_title)

    def box(content: RenderableType, title: str) -> RenderableType:
        panel = Panel(
            content,
            title=Text(title, style="bold"),
            border_style=style.split()[-1],
            padding=(0, 2),
            width=_box_width(console),
        )
        return _centred(console, panel)

    title = f"Statement {reveal.position} of {total}"
    if height is None:
        return [box(Group(*large, Text(""), *explained), title)]
    width = _text_width(console)
    rows = height - 2  # inside the box's borders
    head = _lines(console, Group(*large), width)
    if len(head) > rows:  # a short screen: the verdict as a word, without the block letters
        head = _lines(console, Group(statement, named, *room), width)
    blocks = [_lines(console, Group(*paragraph), width) for paragraph in _paragraphs(explained)]
    pages = _paged(head, blocks, rows, gap=1)
    from rich.segment import SegmentLines

    return [
        box(SegmentLines(page, new_lines=True), title if number == 0 else f"{title} · {word} (continued)")
        for number, page in enumerate(pages)
    ]


def _paragraphs(parts: Sequence[RenderableType]) -> list[list[RenderableType]]:
    """Parts split at their empty lines, so a heading stays on the page of what it introduces."""
    paragraphs: list[list[RenderableType]] = [[]]
    for part in parts:
        if isinstance(part, Text) and not part.plain:
            paragraphs.append([])
        else:
            paragraphs[-1].append(part)
    return [paragraph for paragraph in paragraphs if paragraph]


def _paged(head: Lines, blocks: Sequence[Lines], rows: int, *, gap: int) -> list[Lines]:
    """Lines in pages of `rows`: each block whole on a page where it fits, else flowing over."""
    pages: list[Lines] = [list(head)]
    for block in blocks:
        page = pages[-1]
        spaced: Lines = [[] for _ in range(gap if page else 0)]
        spaced += block
        if len(page) + len(spaced) <= rows:
            page += spaced
        elif len(block) <= rows:
            pages.append(list(block))
        else:
            for line in spaced:
                if len(pages[-1]) >= rows:
                    pages.append([])
                pages[-1].append(line)
    return pages


def _votes(tally: Tally) -> str:
    return f"{tally.myths} myth · {tally.facts} fact"


def _room_line(tally: Tally, share_right: float | None) -> str:
    if share_right is None:
        return f"The room: {_votes(tally)} — no votes"
    return f"The room: {_votes(tally)} — {_percent(share_right)} right"


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{round(share * 100)}%"


def present_summary(
    console: Console, reveals: Sequence[Reveal], total: int, resources: Sequence[Resource], *, height: int | None
) -> list[RenderableType]:
    """The summary's pages: most misunderstood first, then where to get help. Below 72 columns
    each statement has its own line with its figures under it, so the statement stays readable."""
    width = _box_width(console)
    title = Text("Most misunderstood first", style="bold", justify="center")
    entries: list[RenderableType]
    if not reveals:
        entries = [Text(f"No statement was revealed (of {_plural(total, 'statement')}).")]
    elif console.width < 72:
        entries = [_stacked_entry(reveal, len(str(total))) for reveal in reveals]
    else:
        entries = _summary_rows(reveals, width)
    caption = Text(f"{len(reveals)} of {_plural(total, 'statement')} revealed", style="dim", justify="center")
    blocks = [_lines(console, entry, width) for entry in entries] + [_lines(console, caption, width)]
    if resources:
        blocks.append(_lines(console, _help(resources), width))
    head = _lines(console, title, width)
    gap = 1 if console.width < 72 else 0
    pages = _paged(head, blocks, height or sum(map(len, [head, *blocks])) * 2, gap=gap)
    from rich.segment import SegmentLines

    return [_centred(console, SegmentLines(page, new_lines=True)) for page in pages]


def _stacked_entry(reveal: Reveal, digits: int) -> RenderableType:
    figures = Text.assemble(verdict(reveal.question.answer))
    if reveal.tally is not None:
        figures.append(f" · {_votes(reveal.tally)} — {_percent(reveal.share_right)} right")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", width=digits + 1, no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(Text(f"{reveal.position}."), Group(Text(reveal.question.statement), figures))
    return grid


def _summary_rows(reveals: Sequence[Reveal], width: int) -> list[RenderableType]:
    """A table as a heading and one grid per row, all with the same columns, so pages break between rows."""
    votes = [_votes(reveal.tally) if reveal.tally else "—" for reveal in reveals]
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
                    Text(_percent(reveal.share_right)),
                ]
            )
            for reveal, vote in zip(reveals, votes, strict=True)
        ),
    ]


def _help(resources: Sequence[Resource]) -> RenderableType:
    parts: list[RenderableType] = [Text("Where to get help", style="bold")]
    for resource in resources:
        line = Text.assemble(("• ", "dim"), (resource.name, "bold"))
        if resource.region:
            line.append(f" ({resource.region})")
        line.append(f": {resource.contact}")
        parts.append(line)
        if resource.details:
            parts.append(Padding(Text(resource.details, style="dim"), (0, 0, 0, 2)))
    return Group(*parts)


# Progress across sessions.


def stats(console: Console, bank: Bank, progress: Stats) -> None:
    console.print(Text(f"Your progress: {bank.title or bank.source.title}", style="bold"))
    if progress.last is None:
        console.print(Text("No sessions recorded for this bank yet: play it, and your results will show here."))
        return
    scores = Table.grid(padding=(0, 2))
    scores.add_column(style="dim")
    scores.add_column()
    scores.add_row("Sessions played", Text(str(progress.sessions)))
    scores.add_row("Last score", _session_score(progress.last))
    if progress.best is not None:
        scores.add_row("Best score", _session_score(progress.best))
    console.print(scores)
    if progress.most_missed:
        table = Table(title=Text("Most often missed", style="bold"), title_justify="left", box=box.SIMPLE_HEAD)
        table.add_column("Statement", overflow="fold", ratio=1)
        table.add_column("Verdict", no_wrap=True)
        table.add_column("Missed", justify="right", no_wrap=True)
        for question, tally in progress.most_missed:
            missed = Text(f"{tally.seen - tally.right} of {tally.seen}")
            table.add_row(Text(question.statement), verdict(question.answer), missed)
        console.print(table)
    if progress.by_tag:
        table = Table(title=Text("Accuracy by tag", style="bold"), title_justify="left", box=box.SIMPLE_HEAD)
        table.add_column("Tag", no_wrap=True)
        table.add_column("Right", justify="right", no_wrap=True)
        table.add_column("Accuracy", no_wrap=True)
        for tag, tally in progress.by_tag:
            table.add_row(Text(tag), Text(f"{tally.right}/{tally.seen}"), _bar(tally.share))
        console.print(table)


def _session_score(session: Session) -> Text:
    day = session.time[:10]
    return Text.assemble((f"{session.right}/{len(session.answers)}", "bold"), (f"  {day}", "dim"))


def _bar(share: float, width: int = 10) -> Text:
    filled = round(share * width)
    return Text.assemble(("█" * filled, "green"), ("░" * (width - filled), "dim"), f" {_percent(share)}")
