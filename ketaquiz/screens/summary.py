"""The workshop's summaries on the projector: the statements with the room's figures, most
misunderstood (or, after a recap, most improved) first, as a table on a wide screen and a
statement's own lines on a narrow one, then where to get help."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Console, Group, RenderableType
from rich.segment import SegmentLines
from rich.table import Table
from rich.text import Text

from ketaquiz import wording
from ketaquiz.i18n import _, ngettext, pgettext
from ketaquiz.model import Answer, Question, Resource
from ketaquiz.screens import stacked
from ketaquiz.screens.console import help_block, lines_of, paged, verdict
from ketaquiz.screens.stacked import Stack, said
from ketaquiz.screens.workshop import box_width, centred
from ketaquiz.votes import Reveal
from ketaquiz.wording import room as room_wording

# Narrower than this, a summary table would squeeze its statements: each stands on its own lines.
STACKED_BELOW = 72


def summary_pages(
    console: Console,
    reveals: Sequence[Reveal],
    total: int,
    resources: Sequence[Resource],
    *,
    height: int | None,
    stack: Stack | None = None,
) -> list[RenderableType]:
    """The summary's pages: how the room did overall, the statements most misunderstood first,
    numbered as shown, then where to get help. Below 72 columns, or in a `stack`'s languages, each
    statement has its own lines with its figures under them, so the statement stays readable."""
    head = stacked.lines(said(stack, lambda: _("Most misunderstood first")), "bold", justify="center")
    if room_wording.room_overall(reveals) is not None:
        head += stacked.lines(said(stack, lambda: room_wording.room_overall(reveals) or ""), justify="center")
    rows = [_revealed_row(reveal, stack) for reveal in reveals]

    def caption() -> str:
        return ngettext(
            "{shown} of {count} statement revealed", "{shown} of {count} statements revealed", total
        ).format(shown=len(reveals), count=total)

    return listing_pages(
        console,
        head,
        Listing((_("Votes"), share_right_heading()), rows, number_width=len(str(total))),
        caption=said(stack, caption),
        resources=resources,
        height=height,
        stack=stack,
    )


def _revealed_row(reveal: Reveal, stack: Stack | None) -> Row:
    vote = room_wording.votes(reveal.tally) if reveal.tally else "—"

    def figures() -> str:
        if reveal.tally is None:
            return ""
        votes = room_wording.votes(reveal.tally)
        return _("{votes} — {percent} right").format(votes=votes, percent=wording.percent(reveal.share_right))

    return Row(
        statement_of(reveal.question, stack),
        verdict_of(reveal.question.answer, stack),
        (vote, wording.percent(reveal.share_right)),
        stacked.joined(said(stack, figures)),
    )


def statement_of(question: Question, stack: Stack | None) -> Text:
    """A statement, in each of the `stack`'s languages."""
    if stack is None:
        return Text(question.statement)
    return stacked.joined([version.statement for _, version in stack.versions(question)])


def verdict_of(answer: Answer, stack: Stack | None) -> Text:
    return verdict(answer) if stack is None else stacked.verdict_words(stack, answer)


def share_right_heading() -> str:
    # TRANSLATORS: a column's heading: the share of the room's votes that were right (70%).
    return pgettext("a column: the share of votes right", "Right")


@dataclass(frozen=True)
class Row:
    """A statement in a summary: its text, its verdict, its figures as columns, and as a line under it."""

    statement: Text
    verdict: Text
    figures: tuple[str, ...]
    figures_line: Text


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
    caption: Sequence[str],
    resources: Sequence[Resource],
    height: int | None,
    stack: Stack | None = None,
) -> list[RenderableType]:
    """A summary's pages: its head, the statements numbered in the order given (a table on a wide
    screen, each statement on its own lines below 72 columns or in a `stack`'s languages), a
    caption, then where to get help (in each of the stack's languages)."""
    width = box_width(console)
    entries: list[RenderableType]
    one_by_one = console.width < STACKED_BELOW or stack is not None
    if one_by_one:
        entries = [_stacked_entry(number, row, listing.number_width) for number, row in enumerate(listing.rows, 1)]
    else:
        entries = _summary_rows(listing, width)
    captioned = stacked.joined(caption, "dim", justify="center")
    blocks = [lines_of(console, entry, width) for entry in entries] + [lines_of(console, captioned, width)]
    helps = [help_block(resources, brief=True)] if stack is None else stacked.help_blocks(stack)
    for helped in helps if resources else []:  # set off by a blank line, however tightly the rows above are packed
        blocks.append([[], *lines_of(console, helped, width)])
    lines = lines_of(console, Group(*head), width)
    gap = 1 if one_by_one else 0
    pages = paged(lines, blocks, height or sum(map(len, [lines, *blocks])) * 2, gap=gap)
    return [centred(console, SegmentLines(page, new_lines=True)) for page in pages]


def nothing_revealed(
    resources: Sequence[Resource], *, counted: bool = False, stack: Stack | None = None
) -> RenderableType:
    """After quitting before any reveal (or, in a follow-up, any count): one line, and where to get help."""

    def ended() -> str:
        if counted:
            return _("The workshop ended before any statement was counted.")
        return _("The workshop ended before any statement was revealed.")

    parts: list[RenderableType] = [*stacked.lines(said(stack, ended))]
    if resources:
        helps = [help_block(resources, brief=True)] if stack is None else stacked.help_blocks(stack)
        for helped in helps:
            parts += [Text(""), helped]
    return Group(*parts)


def _stacked_entry(number: int, row: Row, digits: int) -> RenderableType:
    figures = Text.assemble(row.verdict)
    if row.figures_line:
        figures.append(" · ").append_text(row.figures_line)
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", width=digits + 1, no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(Text(f"{number}."), Group(row.statement, figures))
    return grid


def _summary_rows(listing: Listing, width: int) -> list[RenderableType]:
    """A table as a heading and one grid per row, all with the same columns, so pages break between rows."""
    rows = listing.rows
    digits = len(str(len(rows)))
    figures = [
        max(len(heading), *(len(row.figures[index]) for row in rows)) for index, heading in enumerate(listing.headings)
    ]
    widths = [digits, 0, max([len(_("Verdict")), *(len(row.verdict) for row in rows)]), *figures]
    widths[1] = width - sum(widths) - 2 * (len(widths) - 1)

    def row(cells: Sequence[Text], style: str = "") -> Table:
        grid = Table.grid(padding=(0, 2))
        for index, column_width in enumerate(widths):
            right = index == 0 or index > 2
            grid.add_column(width=column_width, justify="right" if right else "left", overflow="fold", style=style)
        grid.add_row(*cells)
        return grid

    heading = row([Text(name) for name in ("#", _("Statement"), _("Verdict"), *listing.headings)], style="bold")
    return [
        Group(heading, Text("─" * width, style="dim")),
        *(
            row([Text(str(number)), entry.statement, entry.verdict, *(Text(cell) for cell in entry.figures)])
            for number, entry in enumerate(rows, 1)
        ),
    ]
