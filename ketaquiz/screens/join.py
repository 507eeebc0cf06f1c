"""How a room joins a live workshop, on the projector: the address, the join code and a QR code."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from ketaquiz import wording
from ketaquiz.quiz import Join, Presence


def with_join(console: Console, panel: RenderableType, join: Join, *, height: int | None) -> RenderableType:
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


def presence_line(presence: Presence, join: Join) -> Text:
    """The facilitator's status while phones vote: how many have joined and voted (never how), how
    latecomers join while they still can, and under it, who could not join and why."""
    line = Text(wording.presence(presence), style="bold")
    if not presence.closed:
        line.append(f"   join at {join.urls[0]}", style="dim")
    trouble = wording.turned_away(presence)
    if trouble is not None:
        line.append("\n").append(trouble, style="yellow")
    return line
