"""The learner's screens in `ketaquiz play`: the opening, each statement, the verdict explained, the score."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.segment import SegmentLines
from rich.table import Table
from rich.text import Text

from ketaquiz import wording
from ketaquiz.model import Answer, Bank, PassageRole, Question, Resource
from ketaquiz.quiz import Result, Score
from ketaquiz.screens.console import (
    FLOW_AT_LEAST,
    Lines,
    boxed,
    explained,
    framed,
    help_block,
    help_resources,
    is_plain,
    lines_of,
    paged,
    paragraphs,
    verdict,
)


def opening(
    console: Console,
    bank: Bank,
    count: int,
    *,
    last: Score | None,
    review: bool,
    rows: int | None,
    asking: Asking | None = None,
) -> bool:
    """What the quiz is, where its statements come from, how to answer, how it went last time, and help.

    `review`: the statements are the learner's missed ones. With `rows`, a terminal's height, the
    list of where to get help becomes one line when the opening would not fit it (h shows the
    list); True when it did. `asking`: whether each answer is followed by how sure, and marked.
    """
    drawn = f"from: {bank.source.title}."
    if review:
        about = Text(f"A review of the {wording.plural(count, 'statement')} you got wrong last time, {drawn}")
    else:
        about = Text(f"{wording.plural(count, 'statement')} {drawn}")
    if any(question.passage_role is PassageRole.OVERCLAIM for question in bank.questions):
        about.append(" Where it claims more than the evidence supports, the statement corrects it.")
    how = Text.assemble("Answer ", ("m", "bold"), " (myth) or ", ("f", "bold"), " (fact); ", ("q", "bold"), " quits.")
    if asking is not None and asking.confidence:
        how.append_text(
            Text.assemble(" Then say how sure: ", ("s", "bold"), " (sure) or ", ("n", "bold"), " (not sure, or Enter).")
        )
    body: list[RenderableType] = [about, how]
    if asking is not None and asking.marks:
        body.append(Text(wording.MARKS_SCHEME))
    if last is not None:
        body.append(Text.assemble("Last time: ", (wording.score(last), "bold")))
    title = Text(wording.heading(bank), style="bold")
    if is_plain(console) or rows is None or not bank.resources:
        framed(console, body, title=title, style="blue", padding=0)
        help_resources(console, bank.resources, brief=True)
        return False
    panel = boxed(Group(*body), title=title, style="blue", padding=0)
    helped = help_block(bank.resources, brief=True)
    # The panel, a blank line, the help, and the blank line and prompt under them.
    tall = sum(len(lines_of(console, part, console.width)) for part in (panel, helped)) + 3
    console.print(panel)
    console.print()
    if tall <= rows:
        console.print(helped)
        return False
    console.print(Text.assemble((wording.HELP_HEADING.rstrip(":"), "bold"), " — ", ("h", "bold"), " shows where."))
    return True


def help_list(console: Console, resources: Sequence[Resource]) -> None:
    """Where to get help, asked for with h at the start."""
    help_resources(console, resources, brief=True)


def start_prompt(console: Console) -> None:
    console.print()
    console.print(Text("Press Enter to start, or q to quit. ", style="dim"), end="")


def statement(console: Console, question: Question, position: int, so_far: Score) -> int:
    """The statement to answer; the rows it takes on the screen."""
    title = Text(wording.position(position, so_far.total))
    if so_far.answered:
        title.append(f" — {so_far.right}/{so_far.answered} right")
    console.print()
    if is_plain(console):
        console.print(title)
        console.print(Text(question.statement))
        return 2
    panel = Panel(
        Text(question.statement, style="bold"),
        title=title,
        title_align="left",
        border_style="blue",
        padding=(1, 2),
    )
    console.print(panel)
    return 1 + len(lines_of(console, panel, console.width))


def answer_prompt(console: Console) -> None:
    console.print(Text.assemble(("Myth or fact?", "bold"), " ", ("[m/f, q to quit] ", "dim")), end="")


def next_prompt(console: Console, *, last: bool, page: tuple[int, int] | None = None) -> None:
    """Under the verdict's last page: Enter for the next statement, or after the last, for the score."""
    prompt = "Press Enter for your score. " if last else "Press Enter for the next statement, or q to quit. "
    console.print(_numbered(prompt, page), end="")


def more_prompt(console: Console, page: tuple[int, int]) -> None:
    """Under a page of the verdict that has more after it."""
    console.print(_numbered(f"{wording.MORE}, or q to quit. ", page), end="")


def _numbered(prompt: str, page: tuple[int, int] | None) -> Text:
    """A prompt in dim, after the page's number where the verdict has several pages."""
    numbered = Text() if page is None or page[1] == 1 else Text(f"{wording.page_number(*page)} ", style="bold")
    return numbered.append(prompt, style="dim")


def sure_prompt(console: Console) -> None:
    """After the answer: how sure the learner is of it."""
    console.print(Text.assemble((wording.HOW_SURE, "bold"), " ", ("[s sure, n or Enter not sure] ", "dim")), end="")


def sure_hint(console: Console) -> None:
    console.print(Text("Type s if you are sure, or n (or just Enter) if you are not (q quits).", style="yellow"))


def confirm_prompt(console: Console, meant: Answer) -> None:
    """A near miss: offer the answer it most likely meant."""
    console.print(Text.assemble(("Answer ", "bold"), (meant.value, "bold"), ("? ", "bold"), ("[Y/n] ", "dim")), end="")


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


@dataclass(frozen=True)
class Asking:
    """What a quiz asks besides myth or fact: how sure (`confidence`), and whether it gives marks for it."""

    confidence: bool = False
    marks: bool = False


def _noted(result: Result, parts: list[RenderableType], *, marks: bool) -> list[RenderableType]:
    """The explanation's parts, after a kind word when the learner was sure and wrong, and the marks asked for."""
    notes = [Text(wording.SURE_AND_WRONG, style="yellow")] if result.sure_and_wrong else []
    if marks:
        notes.append(Text(wording.marks_for(result), style="bold"))
    return [*notes, Text(""), *parts] if notes else parts


def feedback(console: Console, question: Question, result: Result, source_title: str, *, marks: bool = False) -> None:
    plain = is_plain(console)
    parts = _noted(result, explained(question, source_title, plain=plain), marks=marks)
    framed(console, parts, title=_verdict_heading(result, plain=plain), style=_verdict_style(result), padding=0)


def feedback_pages(
    console: Console, result: Result, source_title: str, *, first: int, rows: int, marks: bool = False
) -> list[Panel]:
    """The verdict explained in pages of `rows` for a terminal, the first in the `first` rows left
    under the statement, each titled with the verdict. Where so few are left that the explanation
    could not start there, the first page says the statement again and takes the whole screen."""
    question = result.question
    width = console.width - 4  # inside the box's borders and padding
    parts = _noted(result, explained(question, source_title), marks=marks)
    blocks = [lines_of(console, Group(*part), width) for part in paragraphs(parts)]
    head: Lines = []
    if first - 2 < FLOW_AT_LEAST + 1:
        head = lines_of(console, Text(question.statement, style="bold"), width)
        first = rows
    pages = paged(head, blocks, rows - 2, gap=1, first=first - 2, flow=True)
    heading = _verdict_heading(result, plain=False)
    if len(pages) > 1:  # each page's title says where it is, as its prompt does
        titles = [
            heading.copy().append(f" · {wording.page_number(number, len(pages))}")
            for number in range(1, len(pages) + 1)
        ]
    else:
        titles = [heading]
    return [
        boxed(SegmentLines(page, new_lines=True), title=title, style=_verdict_style(result), padding=0)
        for page, title in zip(pages, titles, strict=True)
    ]


def _verdict_style(result: Result) -> str:
    return "green" if result.correct else "red"


def summary(
    console: Console,
    result: Score,
    *,
    resources: Sequence[Resource] = (),
    interrupted: bool = False,
    review_command: str | None = None,
    marks: bool = False,
) -> None:
    """The statements missed, where to get help, then the score last (and the marks, if asked
    for), so that it is what stays on screen, with how to come back to what was missed."""
    missed = [(missed.question.statement, missed.question.answer) for missed in result.missed]
    if missed:
        console.print()
    if missed and is_plain(console):
        console.print(Text("Statements to look at again:", style="bold"))
        for text, answer in missed:
            console.print(Text.assemble(text, " — verdict: ", verdict(answer)))
    elif missed:
        console.print(Text("Statements to look at again", style="bold"))
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, expand=False)
        table.add_column("Statement", overflow="fold")
        table.add_column("Verdict", no_wrap=True)
        for text, answer in missed:
            table.add_row(Text(text), verdict(answer))
        console.print(table)
    help_resources(console, resources)
    console.print()
    line = Text.assemble(("Score: ", "bold"), (wording.score(result), "bold"))
    if not result.finished:
        stopped = "interrupted" if interrupted else "stopped"
        line.append(f" — {stopped} after {result.answered} of {wording.plural(result.total, 'statement')}", style="dim")
    elif result.answered and not missed:
        line.append(" — every answer right", style="green")
    console.print(line)
    if marks:
        console.print(Text(wording.marks_line(result), style="bold"))
    if missed and review_command is not None:
        console.print(Text.assemble("Review them with: ", (review_command, "bold")))
