"""How a room joins a live workshop, on the projector's title screen: the address, the join code,
a QR code, and how many phones have joined."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from urllib.parse import urlsplit

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from ketaquiz.i18n import _
from ketaquiz.screens import stacked
from ketaquiz.screens.console import filled, lines_of
from ketaquiz.screens.stacked import Stack, said
from ketaquiz.votes import Join, Presence
from ketaquiz.wording import room as room_wording

# Beside a QR code, the join details need at least this many columns to stay readable.
_BESIDE_AT_LEAST = 22


def joining(
    console: Console,
    top: RenderableType,
    join: Join,
    presence: Presence | None,
    *,
    width: int,
    height: int | None,
    stack: Stack | None = None,
) -> RenderableType:
    """`top` (what the workshop is) with how to join it, in `width` columns: the QR code beside it
    or under it, whichever fits the screen; where neither does, the address and code alone, since
    a QR code cut short cannot be scanned. A server only this computer can reach gets no QR code."""
    how = _how_to_join(join, presence, stack)
    if this_computer_only(join):
        return Group(top, Text(""), *how)
    qr = qr_code(join.qr)
    qr_width = len(join.qr[0]) if join.qr else 0
    layouts: list[RenderableType] = []
    if width - qr_width - 2 >= _BESIDE_AT_LEAST:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(width=qr_width, vertical="middle", no_wrap=True)
        grid.add_column(width=width - qr_width - 2, vertical="middle")
        grid.add_row(qr, Group(top, Text(""), *how))
        layouts.append(grid)
    layouts.append(Group(top, Text(""), qr, *how))
    layouts.append(Group(qr, *how[1:]))  # on a small screen the code to scan matters more than the title
    no_code = said(stack, lambda: _("(a larger terminal shows a QR code to scan)"))
    layouts.append(Group(top, Text(""), *how, stacked.joined(no_code, "dim")))
    for layout in layouts:
        if height is None or len(lines_of(console, layout, width)) <= height:
            return layout
    return layouts[-1]


def _how_to_join(join: Join, presence: Presence | None, stack: Stack | None) -> list[RenderableType]:
    """How to join, in each of the `stack`'s languages: the room reads it; who could not join and
    why is for the facilitator, in the facilitator's."""
    if this_computer_only(join):

        def lead() -> str:
            return _("Phones cannot join: the server listens on this computer only. To try the page here, open")
    else:

        def lead() -> str:
            return _("Vote on your phone: scan the code, or open")

    how: list[RenderableType] = [stacked.joined(said(stack, lead), "bold")]
    how += [Text(url, overflow="fold") for url in join.urls]
    code = Text(join.code, style="bold")
    how += [filled(label, code=code) for label in said(stack, lambda: _("Join code: {code}"))]
    if presence is not None:
        how += [Text(""), stacked.joined(said(stack, lambda: room_wording.joined(presence)), "bold")]
        trouble = room_wording.turned_away(presence)
        if trouble is not None:
            how.append(Text(trouble, style="yellow"))
    return how


def this_computer_only(join: Join) -> bool:
    """Whether every address of the room is this computer's own (127.0.0.1, ::1), which no phone can reach."""
    hosts = [urlsplit(url).hostname or "" for url in join.urls]
    return all(host == "localhost" or _is_loopback(host) for host in hosts)


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


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
    line = Text(room_wording.presence(presence), style="bold")
    if not presence.closed:
        line.append("   " + _("join at {url}").format(url=join.urls[0]), style="dim")
    trouble = room_wording.turned_away(presence)
    if trouble is not None:
        line.append("\n").append(trouble, style="yellow")
    return line
