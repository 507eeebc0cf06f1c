"""Everything ketaquiz shows in a terminal. Every Rich call lives here.

Bank text is untrusted: it only ever reaches Rich inside `Text` objects, never
as a markup string, so `[bold]` in a statement prints as those characters.

The learner's screens have a plain variant, drawn on a `PlainConsole`: linear
text in reading order, with no boxes, colour, cursor movement or hard line
breaks, for screen readers and braille displays.
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

from ketaquiz.bank import Answer, Bank, PassageRole, Question, Resource, passage_heading

if TYPE_CHECKING:
    from ketaquiz.history import Session, Stats
    from ketaquiz.quiz import Join, Result, Reveal, Score, Tally

VERDICT_STYLE = {Answer.MYTH: "bold magenta", Answer.FACT: "bold cyan"}


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # Rich exits with status 1 when the reader of a pipe goes away; for ketaquiz a reader
        # that stops early (`| head`) has all it wanted, which the command line ends with 0.
        raise BrokenPipeError


class PlainConsole(_Console):
    """A console for screen readers and braille: no styles, no cursor movement, no boxes."""

    def __init__(self, **options: object) -> None:
        super().__init__(color_system=None, highlight=False, emoji=False, **options)  # type: ignore[arg-type]
        # On a terminal, lines break between words as the screen shows them; elsewhere (a file,
        # a pipe to a reader) each paragraph stays one line, for the reader to wrap.
        self.soft_wrap = not self.is_terminal


def make_console(*, plain: bool = False) -> Console:
    if plain:
        return PlainConsole()
    # Highlighting would colour numbers and quotes inside bank text at random.
    return _Console(highlight=False, emoji=False)


def _is_plain(console: Console) -> bool:
    return isinstance(console, PlainConsole)


def verdict(answer: Answer) -> Text:
    return Text(answer.value.upper(), style=VERDICT_STYLE[answer])


def _framed(console: Console, body: Sequence[RenderableType], *, title: Text, style: str, padding: int = 1) -> None:
    """A titled panel; in plain text, the title as a line of its own above the body."""
    if _is_plain(console):
        console.print(title)
        console.print(*body, sep="\n")
        return
    console.print(
        Panel(Group(*body), title=title, title_align="left", border_style=style, padding=(padding, padding + 1))
    )


# The learner's session.


def opening(console: Console, bank: Bank, count: int, *, last: Score | None) -> None:
    """What the quiz is, where its statements come from, how to answer, how it went last time, and help."""
    about = Text(f"{_plural(count, 'statement')} from: {bank.source.title}.")
    if any(question.passage_role is PassageRole.OVERCLAIM for question in bank.questions):
        about.append(" Where it claims more than the evidence supports, the statement corrects it.")
    how = Text.assemble("Answer ", ("m", "bold"), " (myth) or ", ("f", "bold"), " (fact); ", ("q", "bold"), " quits.")
    body: list[RenderableType] = [about, how]
    if last is not None:
        body.append(Text.assemble("Last time: ", (_score_text(last), "bold")))
    _framed(console, body, title=Text(bank.title or bank.source.title, style="bold"), style="blue", padding=0)
    help_resources(console, bank.resources, brief=True)


def help_resources(console: Console, resources: Sequence[Resource], *, brief: bool = False) -> None:
    """Where to get help now: a quiz about a treatment for suicidal depression must say.

    `brief` leaves out each resource's details, so the opening fits a small screen.
    """
    if not resources:
        return
    console.print()
    console.print(Text("If you are struggling or in crisis, help is available:", style="bold"))
    lines = [_resource_line(resource, brief=brief) for resource in resources]
    if _is_plain(console):
        console.print(*lines, sep="\n")
    else:
        console.print(_bullets(lines, style=""))


def _resource_line(resource: Resource, *, brief: bool) -> Text:
    return Text.assemble((resource.named(), "bold"), ": ", resource.how_to_reach(brief=brief))


def start_prompt(console: Console) -> None:
    console.print()
    console.print(Text("Press Enter to start, or q to quit. ", style="dim"), end="")


def statement(console: Console, question: Question, position: int, so_far: Score) -> None:
    title = Text(f"Statement {position} of {so_far.total}")
    if so_far.answered:
        title.append(f" — {so_far.right}/{so_far.answered} right")
    console.print()
    if _is_plain(console):
        console.print(title)
        console.print(Text(question.statement))
        return
    console.print(
        Panel(
            Text(question.statement, style="bold"),
            title=title,
            title_align="left",
            border_style="blue",
            padding=(1, 2),
        )
    )


def answer_prompt(console: Console) -> None:
    console.print(Text.assemble(("Myth or fact?", "bold"), " ", ("[m/f, q to quit] ", "dim")), end="")


def next_prompt(console: Console, result: Result) -> None:
    """Ends with the verdict again: a long explanation can scroll the top of its box off a small screen."""
    console.print(_verdict_heading(result, plain=_is_plain(console)))
    console.print(Text("Press Enter for the next statement, or q to quit. ", style="dim"), end="")


def echo_reply(console: Console, reply: str) -> None:
    """Show the reply read from a pipe, where the terminal did not echo it."""
    console.print(Text(reply, style="bold"))


def reply_hint(console: Console, suggestion: str | None = None) -> None:
    """After a reply that is not an answer: what it may have meant, and what to type."""
    hint = Text(style="yellow")
    if suggestion is not None:
        hint.append(f"Did you mean {suggestion}? ")
    hint.append("Type m for myth or f for fact (q quits).")
    console.print(hint)


def _explained(question: Question, source_title: str, *, plain: bool = False) -> list[RenderableType]:
    """The explanation, the quoted passage and the evidence: what every verdict comes with."""
    quote = Text(f"“{question.passage}”", style="italic")
    cited = Text(f"— {source_title}", style="dim")
    parts: list[RenderableType] = [
        Text(question.explanation),
        Text(""),
        Text(passage_heading(question.passage_role) + ":", style="bold"),
        quote if plain else Padding(quote, (0, 0, 0, 2)),
        cited if plain else Padding(cited, (0, 0, 0, 4)),
    ]
    if question.evidence is not None:
        parts += [Text(""), Text.assemble(("What the wider evidence says: ", "bold"), question.evidence.note)]
        sources = [Text(source) for source in question.evidence.sources]
        parts += [Text.assemble("Source: ", source) for source in sources] if plain else [_bullets(sources)]
    return parts


def _verdict_heading(result: Result, *, plain: bool) -> Text:
    if result.correct:
        heading = Text.assemble(("Right" if plain else "✔ Right", "bold green"), " — it is a ")
    else:
        heading = Text.assemble(("Not quite" if plain else "✘ Not quite", "bold red"), " — it is a ")
    return heading.append_text(verdict(result.question.answer))


def feedback(console: Console, question: Question, result: Result, source_title: str) -> None:
    plain = _is_plain(console)
    parts = _explained(question, source_title, plain=plain)
    _framed(
        console,
        parts,
        title=_verdict_heading(result, plain=plain),
        style="green" if result.correct else "red",
        padding=0,
    )


def _bullets(items: Sequence[Text], style: str = "dim") -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style=style, no_wrap=True)
    grid.add_column(style=style, overflow="fold")
    for item in items:
        grid.add_row("  •", item)
    return grid


def summary(console: Console, result: Score, *, interrupted: bool = False, review_command: str | None = None) -> None:
    """The score, the statements missed, and how to come back to them."""
    console.print()
    line = Text.assemble(("Score: ", "bold"), (_score_text(result), "bold"))
    if not result.finished:
        stopped = "interrupted" if interrupted else "stopped"
        line.append(f" — {stopped} after {result.answered} of {_plural(result.total, 'statement')}", style="dim")
    console.print(line)
    if not result.missed:
        if result.answered:
            console.print(Text("Every answer right.", style="green"))
        return
    missed = [(missed.question.statement, missed.question.answer) for missed in result.missed]
    if _is_plain(console):
        console.print(Text("Statements to look at again:", style="bold"))
        for text, answer in missed:
            console.print(Text.assemble(text, " — verdict: ", verdict(answer)))
    else:
        table = Table(
            title=Text("Statements to look at again", style="bold"),
            title_justify="left",
            box=box.SIMPLE_HEAD,
            expand=False,
            show_lines=False,
        )
        table.add_column("Statement", overflow="fold")
        table.add_column("Verdict", no_wrap=True)
        for text, answer in missed:
            table.add_row(Text(text), verdict(answer))
        console.print(table)
    if review_command is not None:
        console.print(Text.assemble("Review them with: ", (review_command, "bold")))


def _score_text(result: Score) -> str:
    """7/10 (70%): right of answered, and the share."""
    if not result.answered:
        return "0/0"
    return f"{result.right}/{result.answered} ({_percent(result.right / result.answered)})"


def _caption(bank: Bank, count: int) -> str:
    reviewed = f" · reviewed {bank.reviewed}" if bank.reviewed else ""
    return f"{_plural(count, 'statement')}, drawn from: {bank.source.title}{reviewed}"


def question_table(console: Console, bank: Bank, questions: Sequence[Question], *, hide_answers: bool) -> None:
    title = Text(bank.title or bank.source.title, style="bold")
    table = Table(
        title=title, caption=Text(_caption(bank, len(questions))), box=box.SQUARE, show_lines=True, expand=True
    )
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


def question_lines(bank: Bank, questions: Sequence[Question], *, hide_answers: bool, width: int) -> list[str]:
    """The list for a pipe or a file: plain lines, the id and tags labelled apart from the statement."""
    import textwrap

    lines = [bank.title or bank.source.title, _caption(bank, len(questions))]
    for number, question in enumerate(questions, 1):
        lead = f"{number}. "
        about = [] if hide_answers else [question.answer.value.upper()]
        about.append(f"id: {question.id}")
        if question.tags:
            about.append(f"tags: {', '.join(question.tags)}")
        indent = " " * len(lead)
        lines.append("")
        for text, first in ((question.statement, lead), ("  ·  ".join(about), indent)):
            lines += textwrap.wrap(text, max(width, 20), initial_indent=first, subsequent_indent=indent)
    return lines


def question_details(console: Console, bank: Bank, questions: Sequence[Question]) -> None:
    """Everything about each statement, as an educator reads it before a workshop."""
    console.print(Text(bank.title or bank.source.title, style="bold"))
    console.print(Text(_caption(bank, len(questions)), style="dim"))
    for number, question in enumerate(questions, 1):
        heading = Text.assemble((f"{number}. ", "bold"), verdict(question.answer), ("  id: ", "dim"), question.id)
        if question.tags:
            heading.append(f"  tags: {', '.join(question.tags)}", style="dim")
        console.print()
        console.print(heading)
        console.print(
            Padding(
                Group(Text(question.statement, style="bold"), Text(""), *_explained(question, bank.source.title)),
                (0, 0, 0, 3),
            )
        )


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
    from rich.segment import SegmentLines

    # Laid out at the full width, and padded to the full height so the status keeps the bottom rows.
    laid_out = console.render_lines(body(height), console.options.update_height(height), pad=True)
    frame: RenderableType = Group(SegmentLines(laid_out, new_lines=True), status)
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


def printed_screen(console: Console, screen: RenderableType) -> None:
    """A workshop screen printed once, for a pipe or a plain console."""
    console.print(screen)


def printed_prompt(console: Console, prompt: Text, *, note: Text | None, hint: Text | None) -> None:
    for line in (note, hint):
        if line is not None:
            console.print(line)
    console.print(prompt, end="")


def end_line(console: Console) -> None:
    console.print()


def hide_cursor(console: Console) -> None:
    console.show_cursor(False)


def present_statement(
    console: Console, question: Question, position: int, total: int, *, height: int | None, join: Join | None = None
) -> RenderableType:
    """The statement alone, bold and centred in its box, the box centred in the height it has;
    with `join`, how the room joins a live vote beside it."""
    text = Text(question.statement, style="bold", justify="center")
    room = 1 if height is None else (height - len(_lines(console, text, _text_width(console))) - 2) // 2
    panel: RenderableType = Panel(
        text,
        title=Text(f"Statement {position} of {total}", style="bold"),
        border_style="blue",
        # Beside the join details the statement gives up its spare rows to the QR code.
        padding=(max(0, min(room, 3 if join is None else 1)), 2),
        width=_box_width(console),
    )
    if join is not None:
        panel = _with_join(console, panel, join, height=height)
    if height is None:
        return panel
    return Align.center(panel, vertical="middle", height=height)


def present_status(
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


# Live voting: how the room joins, and the count of phone votes (never the split, which would herd the room).


def _with_join(console: Console, panel: RenderableType, join: Join, *, height: int | None) -> RenderableType:
    """The statement with how to join: the QR code beside it, or below it, whichever fits the
    screen; where neither does, the address and code alone, since a QR code cut short cannot be
    scanned."""
    qr = qr_code(join.qr)
    qr_width = len(join.qr[0]) if join.qr else 0
    how = [Text(url, overflow="fold") for url in join.urls] + [Text.assemble("Join code: ", (join.code, "bold"))]
    with_qr = Group(qr, Text("Vote on your phone: scan, or open", style="bold"), *how)
    layouts: list[RenderableType] = []
    if console.width >= qr_width + 40:
        grid = Table.grid(padding=(0, 2), expand=True)
        grid.add_column(ratio=1, vertical="middle")
        grid.add_column(width=max(qr_width, *(len(url) for url in join.urls)))
        grid.add_row(panel, with_qr)
        layouts.append(grid)
    layouts.append(Group(panel, with_qr))
    without_qr = Group(
        Text("Vote on your phone: open", style="bold"),
        *how,
        Text("(a taller terminal shows a QR code to scan)", style="dim"),
    )
    layouts.append(Group(panel, without_qr))
    for layout in layouts:
        if (
            height is None
            or len(console.render_lines(layout, console.options.update(height=None), pad=False)) <= height
        ):
            return layout
    return layouts[-1]


def qr_code(rows: Sequence[Sequence[bool]]) -> Text:
    """A QR code in half-height blocks, dark on light whatever the terminal's colours."""
    blocks = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}
    padded = [*rows, [False] * len(rows[0])] if len(rows) % 2 else list(rows)
    lines = (
        "".join(blocks[top, bottom] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(padded[::2], padded[1::2], strict=True)
    )
    return Text("\n".join(lines), style="black on white", no_wrap=True)


def phone_votes_line(count: int, join: Join) -> Text:
    return Text.assemble((f"Phone votes: {count}", "bold"), (f"   (join at {join.urls[0]}  code {join.code})", "dim"))


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
    each statement has its own lines with its figures under them, so the statement stays readable."""
    width = _box_width(console)
    title = Text("Most misunderstood first", style="bold", justify="center")
    entries: list[RenderableType]
    if not reveals:
        entries = [Text(f"No statement was revealed (of {_plural(total, 'statement')}).")]
    elif console.width < STACKED_BELOW:
        entries = [_stacked_entry(reveal, len(str(total))) for reveal in reveals]
    else:
        entries = _summary_rows(reveals, width)
    caption = Text(f"{len(reveals)} of {_plural(total, 'statement')} revealed", style="dim", justify="center")
    blocks = [_lines(console, entry, width) for entry in entries] + [_lines(console, caption, width)]
    if resources:
        blocks.append(_lines(console, _help(resources), width))
    head = _lines(console, title, width)
    gap = 1 if console.width < STACKED_BELOW else 0
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
    heading = Text("If you are struggling or in crisis, help is available:", style="bold")
    return Group(heading, _bullets([_resource_line(resource, brief=False) for resource in resources], style=""))


# Progress across sessions.


def stats(console: Console, bank: Bank, progress: Stats, *, limit: int | None = None) -> None:
    """Scores, coverage, the statements most often missed (the first `limit` of them) and accuracy per tag."""
    plain = _is_plain(console)
    console.print(Text(f"Your progress: {bank.title or bank.source.title}", style="bold"))
    if progress.last is None:
        console.print(Text("No sessions recorded for this bank yet: play it, and your results will show here."))
        return
    console.print(Text(f"Seen {progress.seen} of {_plural(progress.statements, 'statement')}"))
    rows = [
        ("Sessions played", Text(f"{progress.sessions} ({_plural(progress.full_runs, 'full run')})")),
        ("Last session", _session_score(progress.last)),
        (
            "Best full run",
            _session_score(progress.best, labelled=False) if progress.best else Text("none finished yet"),
        ),
    ]
    if plain:
        for label, value in rows:
            console.print(Text.assemble(f"{label}: ", value))
    else:
        scores = Table.grid(padding=(0, 2))
        scores.add_column(style="dim", no_wrap=True)
        scores.add_column()
        for label, value in rows:
            scores.add_row(label, value)
        console.print(scores)
    if progress.most_missed:
        shown = progress.most_missed[:limit]
        cut = len(shown) < len(progress.most_missed)
        note = f"{len(shown)} of {len(progress.most_missed)} shown; ketaquiz stats --all" if cut else None
        _listing(
            console,
            title="Most often missed",
            note=note,
            headers=("Statement", "Verdict", "Missed"),
            rows=[
                (
                    Text(question.statement),
                    verdict(question.answer),
                    Text(f"{tally.seen - tally.right} of {tally.seen}"),
                )
                for question, tally in shown
            ],
        )
    if progress.by_tag:
        _listing(
            console,
            title="Accuracy by tag",
            note=None,
            headers=("Tag", "Right", "Accuracy"),
            rows=[
                (
                    Text(tag),
                    Text(f"{tally.right}/{tally.seen}"),
                    Text(_percent(tally.share)) if plain else _bar(tally.share),
                )
                for tag, tally in progress.by_tag
            ],
        )


def _listing(
    console: Console, *, title: str, note: str | None, headers: Sequence[str], rows: Sequence[Sequence[Text]]
) -> None:
    """A table; in plain text, a titled list with each row on one line, its cells named."""
    console.print()
    if _is_plain(console):
        console.print(Text(f"{title}{f' ({note})' if note else ''}:", style="bold"))
        for first, *rest in rows:
            line = first.copy()
            for header, cell in zip(headers[1:], rest, strict=True):
                line.append(f" — {header.lower()}: ").append_text(cell)
            console.print(line)
        return
    table = Table(
        title=Text(title, style="bold"),
        title_justify="left",
        caption=Text(note) if note else None,
        caption_justify="left",
        box=box.SIMPLE_HEAD,
    )
    table.add_column(headers[0], overflow="fold", ratio=1)
    for header in headers[1:]:
        table.add_column(header, no_wrap=True)
    for row in rows:
        table.add_row(*row)
    console.print(table)


def _session_score(session: Session, *, labelled: bool = True) -> Text:
    day = session.time[:10]
    text = Text.assemble((_score_text(session.score()), "bold"), f" on {day}")
    label = _session_label(session) if labelled else ""
    if label:
        text.append(f", {label}", style="dim")
    return text


def _session_label(session: Session) -> str:
    """What a session was: a full run, or which kind of review; nothing for old records that did not say."""
    label = _kind_label(session)
    if len(session.answers) < session.total:
        stopped = f"stopped after {len(session.answers)} of {session.total}"
        label = f"{label}, {stopped}" if label else stopped
    return label


def _kind_label(session: Session) -> str:
    kind = session.kind.value if session.kind is not None else None
    if kind == "full":
        return "full run"
    if kind == "missed":
        return "review of missed statements"
    if kind == "tags":
        return f"review of statements tagged {', '.join(session.tags)}"
    if kind == "sample":
        return f"a selection of {_plural(session.total, 'statement')}"
    return ""


def _bar(share: float, width: int = 10) -> Text:
    filled = round(share * width)
    return Text.assemble(("█" * filled, "green"), ("░" * (width - filled), "dim"), f" {_percent(share)}")
