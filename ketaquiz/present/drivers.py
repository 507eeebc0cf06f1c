"""The two ways a workshop's screens reach the room: painted over a whole terminal read key by
key, or printed one after another for a pipe or a plain console, with replies read as lines."""

from __future__ import annotations

import enum
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from rich.console import Console, Group, RenderableType
from rich.control import Control
from rich.screen import Screen
from rich.segment import SegmentLines
from rich.text import Text

from ketaquiz.quiz import means_quit
from ketaquiz.screens import workshop
from ketaquiz.screens.console import lines_of
from ketaquiz.terminal import ReadKeys, ReadLine, TypedLine

Body = Callable[[int | None], RenderableType]
"""A screen's content laid out for a height (None: as tall as it needs)."""

Alert = Callable[[], Text | None]
"""What must stay in sight while it lasts (results not being saved), above every prompt."""


class NoLine(enum.Enum):
    TIME_UP = "time up"
    ENDED = "input ended"


@dataclass(frozen=True)
class Countdown:
    ends: float
    seconds: float

    @classmethod
    def starting(cls, seconds: float) -> Countdown:
        return cls(time.monotonic() + seconds, seconds)

    def left(self) -> float:
        return max(0.0, self.ends - time.monotonic())


class Screens(Protocol):
    console: Console
    counts_down: bool

    @property
    def height(self) -> int | None:
        """Rows for a screen above a one-line prompt; None when screens are printed."""

    def ask(
        self,
        body: Body,
        prompt: Text,
        *,
        hint: Text | None = None,
        note: Callable[[], Text] | None = None,
        countdown: Countdown | None = None,
    ) -> str | NoLine:
        """Show the screen and the prompt, and read a reply."""

    def show(self, body: Body) -> None:
        """Show the screen without asking anything."""

    def finish(self) -> None:
        """Leave the last screen in place."""

    def leave(self, body: Body) -> None:
        """End with `body` printed whole under what is on the terminal: no pages, nothing asked."""


class PrintedScreens:
    """For a pipe or a plain console: each screen printed once, replies read a line at a time."""

    counts_down = False
    height = None

    def __init__(self, console: Console, read_line: ReadLine, *, alert: Alert | None = None) -> None:
        self.console = console
        self.read_line = read_line
        self.alert = alert
        self.shown: Body | None = None

    def show(self, body: Body) -> None:
        if body is not self.shown:
            self.console.print(body(None))
            self.shown = body

    def ask(
        self,
        body: Body,
        prompt: Text,
        *,
        hint: Text | None = None,
        note: Callable[[], Text] | None = None,
        countdown: Countdown | None = None,
    ) -> str | NoLine:
        self.show(body)
        for above in (None if self.alert is None else self.alert(), None if note is None else note(), hint):
            if above is not None:
                self.console.print(above)
        self.console.print(prompt, end="")
        line = self.read_line()
        self.console.print()  # what was read was not echoed, or was echoed with its own line
        return NoLine.ENDED if line is None else line

    def finish(self) -> None:
        pass

    def leave(self, body: Body) -> None:
        self.console.print(body(None))


class PaintedScreens:
    """For a terminal read key by key: each screen fills the terminal, painted again as time
    passes, as keys are typed and when the terminal is resized."""

    counts_down = True

    def __init__(self, console: Console, read_keys: ReadKeys, *, alert: Alert | None = None) -> None:
        self.console = console
        self.read_keys = read_keys
        self.alert = alert
        self.typed = TypedLine()
        self.shown: Body | None = None
        self.size: tuple[int, int] | None = None
        console.show_cursor(False)  # the prompt draws its own

    @property
    def height(self) -> int:
        return self.console.height - 1

    def show(self, body: Body) -> None:
        self._paint(body, workshop.status(self.console, Text("")))
        self.finish()

    def ask(
        self,
        body: Body,
        prompt: Text,
        *,
        hint: Text | None = None,
        note: Callable[[], Text] | None = None,
        countdown: Countdown | None = None,
    ) -> str | NoLine:
        while (line := self.typed.next_line()) is None:
            left = None if countdown is None else countdown.left()
            if left == 0.0:
                return NoLine.TIME_UP
            timing = None if countdown is None or left is None else (left, countdown.seconds)
            status = workshop.status(
                self.console,
                prompt,
                typed=self.typed.text,
                hint=hint,
                note=None if note is None else note(),
                countdown=timing,
            )
            self._paint(body, status)
            keys = self.read_keys(0.1 if countdown else 0.25)
            if keys is None:
                return NoLine.ENDED
            line = self.typed.feed(keys)
            if line is not None:
                return line
        return line

    def _paint(self, body: Body, status: RenderableType) -> None:
        size = (self.console.width, self.console.height)
        if body is not self.shown or size != self.size:
            self.console.clear()
            self.shown, self.size = body, size
        alert = None if self.alert is None else self.alert()
        paint(self.console, body, status if alert is None else Group(alert, status))

    def finish(self) -> None:
        """Leave the last screen as it is, the cursor at the start of its empty last line."""
        self.console.control(Control.move_to_column(0))
        self.console.show_cursor(True)

    def leave(self, body: Body) -> None:
        """A clear screen, then `body` printed from the top as a terminal scrolls, the cursor under it."""
        self.console.clear()
        self.console.print(body(None))
        self.console.show_cursor(True)


def started(screens: Screens, body: Body, prompt: Text) -> bool:
    """An opening screen: on a terminal it waits for Enter; False when the facilitator quits there."""
    if not screens.counts_down:  # printed for a pipe: nobody there to press Enter
        screens.show(body)
        return True
    return not quits(screens.ask(body, prompt))


def page_through(
    screens: Screens,
    pages: Callable[[int | None], list[RenderableType]],
    *,
    final: Callable[[tuple[int, int]], Text] | None,
) -> bool:
    """Each page until the last, Enter between them, each prompt numbered (1/3); `final` is the
    prompt under the last page. False when the facilitator quits or input ends."""
    number = 0
    while True:
        prompts, spare = _prompts(screens, pages, final)
        count = len(prompts)
        number = min(number, count - 1)
        body = page_of(pages, number, spare[number])
        prompt = prompts[number]
        if prompt is None:
            screens.show(body)
            return True
        if quits(screens.ask(body, prompt)):
            return False
        if number == count - 1:
            return True
        number += 1


def _prompts(
    screens: Screens,
    pages: Callable[[int | None], list[RenderableType]],
    final: Callable[[tuple[int, int]], Text] | None,
) -> tuple[list[Text | None], list[int]]:
    """The prompt under each page (None under the last, without `final`), and the rows to leave empty
    under each page, so that every page is laid out for the rows the tallest prompt leaves: a prompt
    that runs onto a second line (French is longer) would otherwise lay its page out anew, repeating
    lines of the page before it or leaving some out."""
    spare = 0
    while True:
        height = screens.height
        count = len(pages(None if height is None else height - spare))
        prompts: list[Text | None] = [workshop.more_prompt((number, count)) for number in range(1, count)]
        prompts.append(None if final is None else final((count, count)))
        if height is None:
            return prompts, [0] * count
        rows = [_status_rows(screens.console, prompt) for prompt in prompts]
        if max(rows) - 1 <= spare:
            return prompts, [spare + 1 - taken for taken in rows]
        spare = max(rows) - 1


def _status_rows(console: Console, prompt: Text | None) -> int:
    """The rows a prompt takes under a painted screen, as `PaintedScreens` draws it (the cursor after it)."""
    status = workshop.status(console, prompt or Text(""), typed=None if prompt is None else "")
    return len(lines_of(console, status, console.width))


def quits(line: str | NoLine) -> bool:
    """Whether what the facilitator typed ends the workshop: q, or the end of input."""
    return line is NoLine.ENDED or (isinstance(line, str) and means_quit(line))


def page_of(pages: Callable[[int | None], list[RenderableType]], number: int, spare: int = 0) -> Body:
    """The page `number` of `pages`, laid out again for each height less `spare` rows (the last
    page, if there are fewer)."""

    def body(height: int | None) -> RenderableType:
        laid_out = pages(None if height is None else height - spare)
        return laid_out[min(number, len(laid_out) - 1)]

    return body


def paint(console: Console, body: Body, status: RenderableType) -> None:
    """Paint a whole terminal screen over the last one, from the top-left corner and to the exact
    size, so nothing scrolls away and a countdown does not flicker. `body` is laid out for the rows
    the status leaves above it."""
    height = max(console.height - len(lines_of(console, status, console.width)), 0)
    # Laid out at the full width, and padded to the full height so the status keeps the bottom rows.
    laid_out = console.render_lines(body(height), console.options.update_height(height), pad=True)
    frame: RenderableType = Group(SegmentLines(laid_out, new_lines=True), status)
    if workshop.too_small(console):
        frame = workshop.too_small_notice(console)
    with console:  # one write, so the frame appears whole
        console.control(Control.home())
        console.print(Screen(frame), end="")
