"""Everything ketaquiz shows in a terminal. Every Rich call lives here.

Bank text is untrusted: it only ever reaches Rich inside `Text` objects, never
as a markup string, so `[bold]` in a statement prints as those characters.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ketaquiz.bank import Answer, Bank, Question
from ketaquiz.quiz import Result, Score

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


def feedback(console: Console, question: Question, result: Result, source_title: str) -> None:
    if result.correct:
        heading = Text.assemble(("✔ Right", "bold green"), " — it is a ", verdict(question.answer))
    else:
        heading = Text.assemble(("✘ Not quite", "bold red"), " — it is a ", verdict(question.answer))
    parts: list[RenderableType] = [
        Text(question.explanation),
        Text(""),
        Padding(Text(f"“{question.passage}”", style="italic"), (0, 0, 0, 2)),
        Padding(Text(f"— {source_title}", style="dim"), (0, 0, 0, 4)),
    ]
    if question.evidence is not None:
        parts += [Text(""), Text.assemble(("What the wider evidence says: ", "bold"), question.evidence.note)]
        parts.append(_bullets(question.evidence.sources))
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


def summary(console: Console, result: Score, interrupted: bool = False) -> None:
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
    table = Table(title=Text("Statements to look at again", style="bold"), title_justify="left",
                  box=box.SIMPLE_HEAD, expand=False, show_lines=False)
    table.add_column("Statement", overflow="fold")
    table.add_column("Verdict", no_wrap=True)
    for missed in result.missed:
        table.add_row(Text(missed.question.statement), verdict(missed.question.answer))
    console.print(table)


def question_table(console: Console, bank: Bank, questions: Sequence[Question], hide_answers: bool) -> None:
    title = Text(bank.title or bank.source.title, style="bold")
    caption = Text(f"{_plural(len(questions), 'statement')}, drawn from: {bank.source.title}")
    table = Table(title=title, caption=caption, box=box.SQUARE, show_lines=True, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Statement", overflow="fold", ratio=4)
    if not hide_answers:
        table.add_column("Verdict", no_wrap=True)
    longest_tag = max((len(tag) for question in questions for tag in question.tags), default=4)
    table.add_column("Tags", overflow="fold", min_width=min(longest_tag, 16))
    for number, question in enumerate(questions, 1):
        cells: list[RenderableType] = [
            Text(str(number)),
            Text.assemble(question.statement, "\n", (question.id, "dim")),
        ]
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
