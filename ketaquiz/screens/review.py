"""What an educator reviews before a workshop: `list`, `show` and `validate`."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ketaquiz import wording
from ketaquiz.i18n import _
from ketaquiz.model import Bank, Question
from ketaquiz.screens.console import explained, verdict


def listing(console: Console, bank: Bank, questions: Sequence[Question], *, hide_answers: bool) -> None:
    """A table on a terminal; plain lines in a pipe or a file, to search and cut."""
    if console.is_terminal:
        question_table(console, bank, questions, hide_answers=hide_answers)
    else:
        lines = question_lines(bank, questions, hide_answers=hide_answers, width=console.width)
        console.out("\n".join(lines), highlight=False)


def details_text(console: Console, bank: Bank, questions: Sequence[Question]) -> str:
    """Everything about each statement, drawn for the console's width, to page through or print."""
    with console.capture() as captured:
        question_details(console, bank, questions)
    return captured.get()


def question_table(console: Console, bank: Bank, questions: Sequence[Question], *, hide_answers: bool) -> None:
    title = Text(wording.heading(bank), style="bold")
    table = Table(
        title=title, caption=Text(wording.caption(bank, len(questions))), box=box.SQUARE, show_lines=True, expand=True
    )
    # Below 60 columns the verdict and tags go under the statement, which keeps the width.
    narrow = console.width < 60
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(_("Statement"), overflow="fold", ratio=4)
    if not narrow:
        if not hide_answers:
            table.add_column(_("Verdict"), no_wrap=True)
        longest_tag = max((len(tag) for question in questions for tag in question.tags), default=4)
        table.add_column(_("Tags"), overflow="fold", min_width=min(longest_tag, 16))
    for number, question in enumerate(questions, 1):
        about = Text(question.statement)
        cells: list[RenderableType] = [Text(str(number)), about]
        # An id can give its verdict away ("no-addiction-under-supervision"): hidden with the answers.
        below: list[Text] = []
        if not hide_answers:
            below += (
                [verdict(question.answer), Text(question.id, style="dim")]
                if narrow
                else [Text(question.id, style="dim")]
            )
        if narrow and question.tags:
            below.append(Text(_tags(question.tags), style="dim"))
        if below:
            about.append("\n").append_text(Text("  ").join(below))
        if not narrow:
            if not hide_answers:
                cells.append(verdict(question.answer))
            cells.append(Text("\n".join(question.tags)))
        table.add_row(*cells)
    console.print(table)


def question_lines(bank: Bank, questions: Sequence[Question], *, hide_answers: bool, width: int) -> list[str]:
    """The list for a pipe or a file: plain lines, the id and tags labelled apart from the statement."""
    lines = [wording.heading(bank), wording.caption(bank, len(questions))]
    for number, question in enumerate(questions, 1):
        lead = f"{number}. "
        # An id can give its verdict away: hidden with the answers.
        about = [] if hide_answers else [wording.verdict_word(question.answer), _("id: {id}").format(id=question.id)]
        if question.tags:
            about.append(_tags(question.tags))
        indent = " " * len(lead)
        lines.append("")
        for text, first in ((question.statement, lead), ("  ·  ".join(about), indent)):
            lines += textwrap.wrap(text, max(width, 20), initial_indent=first, subsequent_indent=indent)
    return lines


def question_details(console: Console, bank: Bank, questions: Sequence[Question]) -> None:
    """Everything about each statement, as an educator reads it before a workshop."""
    console.print(Text(wording.heading(bank), style="bold"))
    console.print(Text(wording.caption(bank, len(questions)), style="dim"))
    for number, question in enumerate(questions, 1):
        # The label dim, the id itself not: the label is worded around it in the interface's language.
        label_before, _id, label_after = _("id: {id}").partition("{id}")
        heading = Text.assemble(
            (f"{number}. ", "bold"),
            verdict(question.answer),
            (f"  {label_before}", "dim"),
            question.id,
            (label_after, "dim"),
        )
        if question.tags:
            heading.append(f"  {_tags(question.tags)}", style="dim")
        console.print()
        console.print(heading)
        console.print(
            Padding(
                Group(Text(question.statement, style="bold"), Text(""), *explained(question, bank.source.title)),
                (0, 0, 0, 3),
            )
        )


def validation_summary(console: Console, bank: Bank) -> None:
    summary = _("{path}: valid — {counts}").format(path=bank.path, counts=wording.statement_counts(bank))
    console.print(Text(summary), soft_wrap=True)


def _tags(tags: Sequence[str]) -> str:
    return _("tags: {tags}").format(tags=", ".join(tags))
