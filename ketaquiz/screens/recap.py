"""The recap round on the projector: its opening, the prompt under each statement asked again
(no reveal, the votes counted and on to the next), and the summary of before and after."""

from __future__ import annotations

from collections.abc import Sequence

from rich.align import Align
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from ketaquiz import wording
from ketaquiz.model import Resource
from ketaquiz.quiz import BeforeAfter, overall_change
from ketaquiz.screens.console import verdict
from ketaquiz.screens.workshop import Listing, Row, box_width, centred, listing_pages


def opening(console: Console, count: int, *, height: int | None) -> RenderableType:
    """Before the recap: what it is, so the room knows the verdicts will not be shown again."""
    body = Group(
        Text("Recap", style="bold", justify="center"),
        Text(
            f"{wording.plural(count, 'statement')} once more, quickly: vote again, with no reveal this time.",
            justify="center",
        ),
    )
    panel = centred(console, Panel(body, border_style="blue", padding=(1, 2), width=box_width(console)))
    return panel if height is None else Align.center(panel, vertical="middle", height=height)


def start_prompt() -> Text:
    return Text.assemble(("Enter starts the recap", "bold"), (" (q skips it) ", "dim"))


def count_prompt() -> Text:
    """Under a statement asked again: the votes are counted, and the next statement follows."""
    return Text.assemble(("Votes? ", "bold"), ("myths then facts (12 5) — Enter counts, q ends: ", "dim"))


def summary_pages(
    console: Console,
    rows: Sequence[BeforeAfter],
    *,
    planned: int,
    first_round: str | None,
    resources: Sequence[Resource],
    height: int | None,
) -> list[RenderableType]:
    """Each statement asked again, right before → after and the change, most improved first; the
    room's overall change above them (and, `first_round`, how it did over every statement
    revealed), how the phones changed their minds, then where to get help."""
    head = [Text("Before → after, most improved first", style="bold", justify="center")]
    change = wording.change_line(*overall_change(rows))
    if change is not None:
        head.append(Text(change + ".", justify="center"))
    if first_round is not None:
        head.append(Text(f"First round: {first_round[0].lower()}{first_round[1:]}", style="dim", justify="center"))
    changes = [row.changes for row in rows if row.changes is not None]
    moved = wording.changes_line(sum(changes[1:], changes[0])) if changes else None
    if moved is not None:
        head.append(Text(moved, style="dim", justify="center"))
    listed = [
        Row(
            row.statement,
            verdict(row.answer),
            (wording.before_after(row.right_before, row.right_after), points(row)),
            f"{wording.before_after(row.right_before, row.right_after)} right ({points(row)})",
        )
        for row in rows
    ]
    return listing_pages(
        console,
        head,
        Listing(("Right", "Change"), listed, number_width=len(str(planned))),
        caption=f"{len(rows)} of {wording.plural(planned, 'statement')} asked again",
        resources=resources,
        height=height,
    )


def points(row: BeforeAfter) -> str:
    return wording.points(row.change, row.right_before, row.right_after)
