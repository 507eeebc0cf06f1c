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
from ketaquiz.i18n import _, ngettext
from ketaquiz.model import Bank, PassageRole, Question, Resource
from ketaquiz.quiz import Keys, Result, Score, keys_in_use
from ketaquiz.screens.console import (
    FLOW_AT_LEAST,
    Lines,
    boxed,
    explained,
    filled,
    fitting,
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
    if review:
        drawn = ngettext(
            "A review of the {count} statement you got wrong last time, from: {source}.",
            "A review of the {count} statements you got wrong last time, from: {source}.",
            count,
        )
    else:
        drawn = ngettext("{count} statement from: {source}.", "{count} statements from: {source}.", count)
    about = Text(drawn.format(count=count, source=bank.source.title))
    if any(question.passage_role is PassageRole.OVERCLAIM for question in bank.questions):
        about.append(" " + _("Where it claims more than the evidence supports, the statement corrects it."))
    keys = _keys()
    how = filled(_("Answer {m} (myth) or {f} (fact); {q} quits."), m=keys["m"], f=keys["f"], q=keys["q"])
    if asking is not None and asking.confidence:
        how.append(" ").append_text(
            filled(_("Then say how sure: {s} (sure) or {n} (not sure, or Enter)."), s=keys["s"], n=keys["n"])
        )
    body: list[RenderableType] = [about, how]
    if asking is not None and asking.marks:
        body.append(Text(wording.marks_scheme()))
    if last is not None:
        body.append(filled(_("Last time: {score}"), score=Text(wording.score(last), style="bold")))
    title = Text(wording.heading(bank), style="bold")
    if is_plain(console) or rows is None or not bank.resources:
        framed(console, body, title=title, style="blue", padding=0)
        help_resources(console, bank.resources, brief=True)
        return False
    panel = boxed(Group(*body), title=title, style="blue", padding=0, width=console.width)
    helped = help_block(bank.resources, brief=True)
    # The panel, a blank line, the help, and the blank line and prompt under them.
    tall = sum(len(lines_of(console, part, console.width)) for part in (panel, helped)) + 3
    console.print(panel)
    console.print()
    if tall <= rows:
        console.print(helped)
        return False
    help_key = _keys()["h"]
    console.print(filled(_("If you are struggling or in crisis, help is available — {h} shows where."), h=help_key))
    return True


def _keys() -> dict[str, Text]:
    """The one-letter replies of the language in use, in bold, to name in a prompt."""
    keys: Keys = keys_in_use()
    letters = {"m": keys.myth, "f": keys.fact, "q": keys.quit, "s": keys.sure, "n": keys.not_sure, "h": keys.help}
    return {name: Text(letter, style="bold") for name, letter in letters.items()}


def help_list(console: Console, resources: Sequence[Resource]) -> None:
    """Where to get help, asked for with h at the start."""
    help_resources(console, resources, brief=True)


def start_prompt(console: Console) -> None:
    console.print()
    console.print(filled(_("Press Enter to start, or {q} to quit."), "dim", q=keys_in_use().quit), " ", end="")


def statement(console: Console, question: Question, position: int, so_far: Score) -> int:
    """The statement to answer; the rows it takes on the screen."""
    where = wording.position(position, so_far.total)
    title = Text(where)
    if so_far.answered:
        scored = _("{position} — {right}/{answered} right").format(
            position=where, right=so_far.right, answered=so_far.answered
        )
        # On a narrow terminal, the position alone rather than a title cut off.
        title = Text(scored) if is_plain(console) else fitting([Text(scored), title], console.width)
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
    keys = keys_in_use()
    hint = _("[{m}/{f}, {q} to quit]").format(m=keys.myth, f=keys.fact, q=keys.quit)
    console.print(Text.assemble((_("Myth or fact?"), "bold"), " ", (hint, "dim"), " "), end="")


def next_prompt(console: Console, *, last: bool, page: tuple[int, int] | None = None) -> None:
    """Under the verdict's last page: Enter for the next statement, or after the last, for the score."""
    console.print(_next(last=last, page=page), end="")


def more_prompt(console: Console, page: tuple[int, int]) -> None:
    """Under a page of the verdict that has more after it."""
    console.print(_more(page), end="")


def prompt_rows(console: Console, *, last: bool) -> int:
    """The rows the prompts under the verdict's pages take on this console, with the widest page
    number they could have: one, or two where a language's words run long on a narrow terminal."""
    widest = (99, 99)
    return max(
        len(lines_of(console, prompt, console.width)) for prompt in (_more(widest), _next(last=last, page=widest))
    )


def _next(*, last: bool, page: tuple[int, int] | None) -> Text:
    if last:
        prompt = _("Press Enter for your score.")
    else:
        prompt = _("Press Enter for the next statement, or {q} to quit.").format(q=keys_in_use().quit)
    return _numbered(prompt + " ", page)


def _more(page: tuple[int, int]) -> Text:
    prompt = _("Enter shows the rest, or {q} to quit.").format(q=keys_in_use().quit)
    return _numbered(prompt + " ", page)


def _numbered(prompt: str, page: tuple[int, int] | None) -> Text:
    """A prompt in dim, after the page's number where the verdict has several pages."""
    numbered = Text() if page is None or page[1] == 1 else Text(f"{wording.page_number(*page)} ", style="bold")
    return numbered.append(prompt, style="dim")


def sure_prompt(console: Console) -> None:
    """After the answer: how sure the learner is of it."""
    keys = keys_in_use()
    hint = _("[{s} sure, {n} or Enter not sure]").format(s=keys.sure, n=keys.not_sure)
    console.print(Text.assemble((wording.how_sure(), "bold"), " ", (hint, "dim"), " "), end="")


def sure_hint(console: Console) -> None:
    keys = keys_in_use()
    hint = _("Type {s} if you are sure, or {n} (or just Enter) if you are not ({q} quits).")
    console.print(Text(hint.format(s=keys.sure, n=keys.not_sure, q=keys.quit), style="yellow"))


def confirm_prompt(console: Console, meant: str) -> None:
    """A near miss: offer the answer it most likely meant, as the word to type (myth, mythe)."""
    keys = keys_in_use()
    offer = _("Answer {answer}?").format(answer=meant)
    console.print(Text.assemble((offer, "bold"), " ", (_("[{y}/n]").format(y=keys.yes.upper()), "dim"), " "), end="")


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
        hint.append(_("Did you mean {word}?").format(word=suggestion) + " ")
    keys = keys_in_use()
    hint.append(_("Type {m} for myth or {f} for fact ({q} quits).").format(m=keys.myth, f=keys.fact, q=keys.quit))
    console.print(hint)


def _verdict_heading(result: Result, *, plain: bool) -> Text:
    """ "✔ Right — it is a FACT", the verdict in its colour; without the mark in plain text."""
    template = wording.verdict_heading(result.question.answer, right=result.correct)
    heading = filled(template, "bold " + _verdict_style(result), verdict=verdict(result.question.answer))
    return heading if plain else Text("✔ " if result.correct else "✘ ", style=heading.style).append_text(heading)


@dataclass(frozen=True)
class Asking:
    """What a quiz asks besides myth or fact: how sure (`confidence`), and whether it gives marks for it."""

    confidence: bool = False
    marks: bool = False


def _noted(result: Result, parts: list[RenderableType], *, marks: bool) -> list[RenderableType]:
    """The explanation's parts, after a kind word when the learner was sure and wrong, and the marks asked for."""
    notes = [Text(wording.sure_and_wrong(), style="yellow")] if result.sure_and_wrong else []
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
    if len(pages) > 1:  # each page's title says where it is, as its prompt does, where there is room for it
        titles = [
            fitting([heading.copy().append(f" · {wording.page_number(number, len(pages))}"), heading], console.width)
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
        console.print(Text(wording.labelled(_("Statements to look at again")), style="bold"))
        for text, answer in missed:
            console.print(filled(_("{statement} — verdict: {verdict}"), statement=text, verdict=verdict(answer)))
    elif missed:
        console.print(Text(_("Statements to look at again"), style="bold"))
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, expand=False)
        table.add_column(_("Statement"), overflow="fold")
        table.add_column(_("Verdict"), no_wrap=True)
        for text, answer in missed:
            table.add_row(Text(text), verdict(answer))
        console.print(table)
    help_resources(console, resources)
    console.print()
    line = Text(_("Score: {score}").format(score=wording.score(result)), style="bold")
    if not result.finished:
        line.append(" — " + _stopped(result, interrupted=interrupted), style="dim")
    elif result.answered and not missed:
        line.append(" — " + _("every answer right"), style="green")
    console.print(line)
    if marks:
        console.print(Text(wording.marks_line(result), style="bold"))
    if missed and review_command is not None:
        console.print(filled(_("Review them with: {command}"), command=Text(review_command, style="bold")))


def _stopped(result: Score, *, interrupted: bool) -> str:
    """How far a quiz that did not finish went: "stopped after 3 of 10 statements"."""
    if interrupted:
        said = ngettext(
            "interrupted after {answered} of {count} statement",
            "interrupted after {answered} of {count} statements",
            result.total,
        )
    else:
        said = ngettext(
            "stopped after {answered} of {count} statement",
            "stopped after {answered} of {count} statements",
            result.total,
        )
    return said.format(answered=result.answered, count=result.total)
