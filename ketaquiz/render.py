"""Everything ketaquiz shows in a terminal. Every Rich call lives here.

Bank text is untrusted: it only ever reaches Rich inside `Text` objects, never
as a markup string, so `[bold]` in a statement prints as those characters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich import box
from rich.align import Align
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ketaquiz.bank import Answer, Bank, Question, passage_heading

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


# Workshop mode: read from the back of a room, so big and plain.

_BLOCK_LETTERS = {
    "M": ("█   █", "██ ██", "█ █ █", "█   █", "█   █"),
    "Y": ("█   █", " █ █ ", "  █  ", "  █  ", "  █  "),
    "T": ("█████", "  █  ", "  █  ", "  █  ", "  █  "),
    "H": ("█   █", "█   █", "█████", "█   █", "█   █"),
    "F": ("█████", "█    ", "████ ", "█    ", "█    "),
    "A": (" ███ ", "█   █", "█████", "█   █", "█   █"),
    "C": (" ████", "█    ", "█    ", "█    ", " ████"),
}


def block_letters(word: str) -> str:
    rows = zip(*(_BLOCK_LETTERS[letter] for letter in word), strict=True)
    return "\n".join("  ".join(row) for row in rows)


def present_statement(console: Console, question: Question, position: int, total: int) -> None:
    console.clear()
    panel = Panel(
        Text(question.statement, style="bold", justify="center"),
        title=Text(f"Statement {position} of {total}", style="bold"),
        border_style="blue",
        padding=(2, 4),
    )
    if console.is_terminal:
        # Centred in the free height, leaving room below for the prompt.
        console.print(Align.center(panel, vertical="middle", height=max(console.height - 8, 7)))
    else:
        console.print(panel)


@contextmanager
def countdown(console: Console, seconds: float) -> Iterator[Callable[[float], None]]:
    from rich.progress import BarColumn, Progress, TextColumn

    progress = Progress(
        TextColumn("Discussion"),
        BarColumn(bar_width=None),
        TextColumn("{task.fields[left]:>4.0f} s  (Enter to skip)"),
        console=console,
        transient=True,
    )
    with progress:
        steps = round(seconds * 10)  # tenths of a second: Rich counts whole steps
        task = progress.add_task("countdown", total=steps, completed=steps, left=seconds)

        def update(remaining: float) -> None:
            progress.update(task, completed=round(remaining * 10), left=remaining)

        yield update


def reveal_prompt(console: Console, *, tallying: bool) -> None:
    if tallying:
        prompt = Text.assemble(("Votes? ", "bold"), ("myths then facts, e.g. 12 5 — Enter reveals, q quits: ", "dim"))
    else:
        prompt = Text.assemble(("Enter reveals the verdict", "bold"), (" (q quits) ", "dim"))
    console.print(prompt, end="")


def tally_hint(console: Console) -> None:
    console.print(
        Text("Type two numbers, the votes for myth then for fact (like 12 5), or just Enter.", style="yellow")
    )


def next_statement_prompt(console: Console) -> None:
    console.print(Text("Enter for the next statement (q quits) ", style="dim"), end="")


def present_reveal(console: Console, reveal: Reveal, total: int, source_title: str) -> None:
    """A fresh screen: the statement again, the verdict in large type, the room's votes, the explanation."""
    question = reveal.question
    word = question.answer.value.upper()
    style = VERDICT_STYLE[question.answer]
    parts: list[RenderableType] = [
        Text(question.statement, style="bold", justify="center"),
        Text(""),
        Text(block_letters(word), style=style, justify="center"),
        Text(word, style=style, justify="center"),
    ]
    if reveal.tally is not None:
        parts.append(Text(_room_line(reveal.tally, reveal.share_right), style="bold", justify="center"))
    parts += [Text(""), *_explained(question, source_title)]
    console.clear()
    console.print(
        Panel(
            Group(*parts),
            title=Text(f"Statement {reveal.position} of {total}", style="bold"),
            border_style=style.split()[-1],
            padding=(1, 2),
        )
    )


def _room_line(tally: Tally, share_right: float | None) -> str:
    votes = f"The room: {tally.myths} myth, {tally.facts} fact"
    if share_right is None:
        return votes + " — no votes"
    return f"{votes} — {_percent(share_right)} right"


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{round(share * 100)}%"


def present_summary(console: Console, reveals: Sequence[Reveal], total: int) -> None:
    console.print()
    if not reveals:
        console.print(Text(f"No statement was revealed (of {_plural(total, 'statement')})."))
        return
    table = Table(
        title=Text("Most misunderstood first", style="bold"),
        caption=Text(f"{len(reveals)} of {_plural(total, 'statement')} revealed"),
        box=box.SIMPLE_HEAD,
        expand=True,
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Statement", overflow="fold", ratio=1)
    table.add_column("Verdict", no_wrap=True)
    table.add_column("Votes M/F", justify="right", no_wrap=True)
    table.add_column("Right", justify="right", no_wrap=True)
    for reveal in reveals:
        votes = f"{reveal.tally.myths}/{reveal.tally.facts}" if reveal.tally else "—"
        table.add_row(
            Text(str(reveal.position)),
            Text(reveal.question.statement),
            verdict(reveal.question.answer),
            Text(votes),
            Text(_percent(reveal.share_right)),
        )
    console.print(table)


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
