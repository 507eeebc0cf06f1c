"""The learner's screens in `ketaquiz play`: the opening, each statement, the verdict explained, the score."""

from __future__ import annotations

from rich import box
from rich.console import Console, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ketaquiz import wording
from ketaquiz.model import Bank, PassageRole, Question
from ketaquiz.quiz import Result, Score
from ketaquiz.screens.console import explained, framed, help_resources, is_plain, verdict


def opening(console: Console, bank: Bank, count: int, *, last: Score | None) -> None:
    """What the quiz is, where its statements come from, how to answer, how it went last time, and help."""
    about = Text(f"{wording.plural(count, 'statement')} from: {bank.source.title}.")
    if any(question.passage_role is PassageRole.OVERCLAIM for question in bank.questions):
        about.append(" Where it claims more than the evidence supports, the statement corrects it.")
    how = Text.assemble("Answer ", ("m", "bold"), " (myth) or ", ("f", "bold"), " (fact); ", ("q", "bold"), " quits.")
    body: list[RenderableType] = [about, how]
    if last is not None:
        body.append(Text.assemble("Last time: ", (wording.score(last), "bold")))
    framed(console, body, title=Text(wording.heading(bank), style="bold"), style="blue", padding=0)
    help_resources(console, bank.resources, brief=True)


def start_prompt(console: Console) -> None:
    console.print()
    console.print(Text("Press Enter to start, or q to quit. ", style="dim"), end="")


def statement(console: Console, question: Question, position: int, so_far: Score) -> None:
    title = Text(wording.position(position, so_far.total))
    if so_far.answered:
        title.append(f" — {so_far.right}/{so_far.answered} right")
    console.print()
    if is_plain(console):
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
    console.print(_verdict_heading(result, plain=is_plain(console)))
    console.print(Text("Press Enter for the next statement, or q to quit. ", style="dim"), end="")


def note(console: Console, message: str) -> None:
    """A line of its own, such as why there is nothing to review."""
    console.print(Text(message))


def input_ended(console: Console) -> None:
    """Input ended at a prompt: end its line, so what follows starts on a line of its own."""
    console.print()


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


def _verdict_heading(result: Result, *, plain: bool) -> Text:
    if result.correct:
        heading = Text.assemble(("Right" if plain else "✔ Right", "bold green"), " — it is a ")
    else:
        heading = Text.assemble(("Not quite" if plain else "✘ Not quite", "bold red"), " — it is a ")
    return heading.append_text(verdict(result.question.answer))


def feedback(console: Console, question: Question, result: Result, source_title: str) -> None:
    plain = is_plain(console)
    parts = explained(question, source_title, plain=plain)
    framed(
        console,
        parts,
        title=_verdict_heading(result, plain=plain),
        style="green" if result.correct else "red",
        padding=0,
    )


def summary(console: Console, result: Score, *, interrupted: bool = False, review_command: str | None = None) -> None:
    """The score, the statements missed, and how to come back to them."""
    console.print()
    line = Text.assemble(("Score: ", "bold"), (wording.score(result), "bold"))
    if not result.finished:
        stopped = "interrupted" if interrupted else "stopped"
        line.append(f" — {stopped} after {result.answered} of {wording.plural(result.total, 'statement')}", style="dim")
    console.print(line)
    if not result.missed:
        if result.answered:
            console.print(Text("Every answer right.", style="green"))
        return
    missed = [(missed.question.statement, missed.question.answer) for missed in result.missed]
    if is_plain(console):
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
