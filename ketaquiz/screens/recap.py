"""The recap round on the projector: its opening, the prompt under each statement asked again
(no reveal, the votes counted and on to the next), and the summary of before and after."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.align import Align
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from ketaquiz import wording
from ketaquiz.i18n import _, ngettext
from ketaquiz.model import Resource
from ketaquiz.quiz import keys_in_use
from ketaquiz.screens import stacked
from ketaquiz.screens.stacked import Stack, said
from ketaquiz.screens.summary import Listing, Row, listing_pages, share_right_heading, verdict_of
from ketaquiz.screens.workshop import box_width, centred, prompt
from ketaquiz.votes import BeforeAfter, overall_change
from ketaquiz.wording import room as room_wording


def opening(console: Console, count: int, *, height: int | None, stack: Stack | None = None) -> RenderableType:
    """Before the recap: what it is, so the room knows the verdicts will not be shown again."""

    def about() -> str:
        return ngettext(
            "{count} statement once more, quickly: vote again, with no reveal this time.",
            "{count} statements once more, quickly: vote again, with no reveal this time.",
            count,
        ).format(count=count)

    body = Group(
        stacked.joined(said(stack, lambda: _("Recap")), "bold", justify="center"),
        stacked.joined(said(stack, about), justify="center"),
    )
    panel = centred(console, Panel(body, border_style="blue", padding=(1, 2), width=box_width(console)))
    return panel if height is None else Align.center(panel, vertical="middle", height=height)


def start_prompt() -> Text:
    return prompt(_("Enter starts the recap"), _("({q} skips it)").format(q=keys_in_use().quit))


def count_prompt() -> Text:
    """Under a statement asked again: the votes are counted, and the next statement follows."""
    return prompt(_("Votes?"), _("myths then facts (12 5) — Enter counts, {q} ends:").format(q=keys_in_use().quit))


def summary_pages(
    console: Console,
    rows: Sequence[BeforeAfter],
    *,
    planned: int,
    first_round: Callable[[], str | None] | None,
    resources: Sequence[Resource],
    height: int | None,
    stack: Stack | None = None,
) -> list[RenderableType]:
    """Each statement asked again, right before → after and the change, most improved first; the
    room's overall change above them (and, `first_round`, how it did over every statement
    revealed), how the phones changed their minds, then where to get help; with a `stack`, in each
    of its languages."""
    head = stacked.lines(said(stack, lambda: _("Before → after, most improved first")), "bold", justify="center")
    change = room_wording.change_line(*overall_change(rows))
    if change is not None:
        changed = said(stack, lambda: wording.sentence(room_wording.change_line(*overall_change(rows)) or ""))
        head += stacked.lines(changed, justify="center")
    if first_round is not None and first_round() is not None:

        def first() -> str:
            overall = first_round() or ""
            # TRANSLATORS: {overall} is a sentence ("The room was right 70% of the time…"), its first letter lowercased.
            return _("First round: {overall}").format(overall=overall[:1].lower() + overall[1:])

        head += stacked.lines(said(stack, first), "dim", justify="center")
    changes = [row.changes for row in rows if row.changes is not None]
    total = sum(changes[1:], changes[0]) if changes else None
    if total is not None and room_wording.changes_line(total) is not None:
        head += stacked.lines(said(stack, lambda: room_wording.changes_line(total) or ""), "dim", justify="center")
    listed = [_row(row, stack) for row in rows]

    def caption() -> str:
        return ngettext(
            "{asked} of {count} statement asked again", "{asked} of {count} statements asked again", planned
        ).format(asked=len(rows), count=planned)

    return listing_pages(
        console,
        head,
        Listing((share_right_heading(), _("Change")), listed, number_width=len(str(planned))),
        caption=said(stack, caption),
        resources=resources,
        height=height,
        stack=stack,
    )


def _row(row: BeforeAfter, stack: Stack | None) -> Row:
    before_after = room_wording.before_after(row.right_before, row.right_after)

    def figures() -> str:
        return _("{before_after} right ({points})").format(before_after=before_after, points=points(row))

    if stack is None:
        statement = Text(row.statement)
    else:
        statement = stacked.joined([stack.questions[language][row.id].statement for language in stack.languages])
    return Row(
        statement,
        verdict_of(row.answer, stack),
        (before_after, points(row)),
        stacked.joined(said(stack, figures)),
    )


def points(row: BeforeAfter) -> str:
    return room_wording.points(row.change, row.right_before, row.right_after)
