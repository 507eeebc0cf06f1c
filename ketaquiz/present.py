"""Workshop mode: statements shown to a room one at a time, votes tallied, results saved as they happen."""

from __future__ import annotations

import contextlib
import enum
import functools
import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from rich.console import Console, RenderableType
from rich.text import Text

from ketaquiz import render
from ketaquiz.bank import Question, Resource
from ketaquiz.files import os_reason, write_atomically
from ketaquiz.quiz import Reveal, Room, Step, Tally, means_quit, most_misunderstood_first, read_reveal_reply
from ketaquiz.terminal import ReadKeys, ReadLine, TypedLine

Clock = Callable[[], str]
Save = Callable[[Sequence[Reveal]], None]

SAVE_FORMAT = "ketaquiz-present"
SAVE_VERSION = 1


def session_record(started: str, bank_path: str, reveals: Sequence[Reveal]) -> dict[str, Any]:
    return {
        "started": started,
        "bank": bank_path,
        "results": [
            {
                "id": reveal.question.id,
                "verdict": reveal.question.answer.value,
                "myth_votes": reveal.tally.myths if reveal.tally else None,
                "fact_votes": reveal.tally.facts if reveal.tally else None,
                "share_right": None if reveal.share_right is None else round(reveal.share_right, 4),
                "revealed_at": reveal.revealed_at,
            }
            for reveal in reveals
        ],
    }


class SaveFileError(Exception):
    """A --save file that ketaquiz will not touch."""


class SessionFile:
    """The --save file: earlier sessions kept, this one rewritten atomically after every reveal."""

    def __init__(self, path: str, started: str, bank_path: str) -> None:
        self.path = path
        self.started = started
        self.bank_path = bank_path
        self.earlier = _earlier_sessions(path)

    def save(self, reveals: Sequence[Reveal]) -> None:
        document = {
            "format": SAVE_FORMAT,
            "version": SAVE_VERSION,
            "sessions": [*self.earlier, session_record(self.started, self.bank_path, reveals)],
        }
        data = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        try:
            write_atomically(self.path, data)
        except OSError as error:
            raise SaveFileError(f"{self.path}: cannot be written: {os_reason(error)}") from None


def saver(path: str, *, bank_path: str, warn: Callable[[str], None], started: str | None = None) -> Save:
    """Save after every reveal. The file is written once at the start, so a bad path stops the
    workshop before it begins (SaveFileError); a failure later is warned of and the workshop goes on."""
    session_file = SessionFile(path, started or now(), bank_path)
    session_file.save([])

    def save(reveals: Sequence[Reveal]) -> None:
        try:
            session_file.save(reveals)
        except SaveFileError as error:
            warn(f"{error} (the workshop goes on)")

    return save


def _earlier_sessions(path: str) -> list[Any]:
    """Sessions already in the file; a file that is not a ketaquiz save is never overwritten."""
    if os.path.isdir(path):
        raise SaveFileError(f"{path}: this is a folder; give a file name for the results")
    try:
        with open(path, "rb") as file:
            data = file.read()
    except FileNotFoundError:
        return []
    except OSError as error:
        raise SaveFileError(f"{path}: cannot be read: {os_reason(error)}") from None
    refusal = f"{path}: exists and is not a ketaquiz present save file; choose another file name"
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise SaveFileError(refusal) from None
    if not isinstance(document, dict) or document.get("format") != SAVE_FORMAT:
        raise SaveFileError(refusal)
    sessions = document.get("sessions")
    if not isinstance(sessions, list):
        raise SaveFileError(refusal)
    return sessions


@dataclass(frozen=True)
class Settings:
    tallying: bool = False
    timer: float | None = None


@dataclass(frozen=True)
class Workshop:
    reveals: tuple[Reveal, ...]
    interrupted: bool


def now() -> str:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def run_workshop(
    console: Console,
    questions: Sequence[Question],
    *,
    source_title: str,
    read_line: ReadLine,
    read_keys: ReadKeys | None,
    settings: Settings,
    resources: Sequence[Resource] = (),
    clock: Clock = now,
    save: Save | None = None,
    room: Room | None = None,
) -> Workshop:
    """Run a workshop to its end, to quit or to Ctrl-C, then show the summary.

    With `read_keys` (a terminal read key by key) every screen is painted to the terminal's
    size, repainted when it is resized, and the discussion timer runs; without it, screens
    are printed one after another and replies are read a line at a time.

    With a `room`, the room votes on their phones: each statement is opened to it, the
    count of votes shows while waiting, typed votes are added to the phone votes, and the
    room sees each reveal and the end.
    """
    screens: Screens = (
        PaintedScreens(console, read_keys) if read_keys and console.is_terminal else PrintedScreens(console, read_line)
    )
    total = len(questions)
    reveals: list[Reveal] = []
    interrupted = False
    try:
        for position, question in enumerate(questions, 1):
            if room is not None:
                room.open(position, question, total)
            reply = _discuss(screens, question, position, total, settings, room=room)
            if reply is Step.QUIT:
                break
            reveal = Reveal(position, question, reply if isinstance(reply, Tally) else None, clock())
            reveals.append(reveal)
            if save is not None:
                save(reveals)
            if room is not None:
                room.reveal(reveal)
            if not _show_reveal(screens, reveal, total, source_title, last=position == total):
                break
    except KeyboardInterrupt:
        interrupted = True
    if room is not None:
        room.end(reveals)
    _show_summary(screens, most_misunderstood_first(reveals), total, resources)
    return Workshop(tuple(reveals), interrupted)


def _discuss(
    screens: Screens, question: Question, position: int, total: int, settings: Settings, *, room: Room | None
) -> Tally | Step:
    """The statement on screen until the facilitator reveals it. During the countdown a tally
    typed is the reply and reveals; a bare Enter ends the discussion early. With a room voting
    on phones, the count of their votes shows, and what is typed is added to them."""
    console = screens.console
    join = room.join if room is not None and position == 1 else None
    tallying = settings.tallying or room is not None

    def body(height: int | None) -> RenderableType:
        return render.present_statement(console, question, position, total, height=height, join=join)

    def phone_votes() -> Text:
        assert room is not None
        return render.phone_votes_line(room.vote_count(), room.join)

    note = None if room is None else phone_votes
    countdown = Countdown.starting(settings.timer) if settings.timer and screens.counts_down else None
    hint = None
    while True:
        if countdown is None:
            line = screens.ask(body, render.reveal_prompt(tallying=tallying), hint=hint, note=note)
        else:
            prompt = render.discussion_prompt(tallying=tallying)
            line = screens.ask(body, prompt, hint=hint, note=note, countdown=countdown)
        if line is NoLine.TIME_UP:
            countdown = None
            continue
        if line is NoLine.ENDED:
            return Step.QUIT
        reply = read_reveal_reply(line, tallying=tallying)
        if reply is Step.INVALID:
            hint = render.tally_hint()
        elif reply is Step.REVEAL and countdown is not None:
            countdown, hint = None, None
        elif room is not None and reply is not Step.QUIT:
            return room.close_vote() + (reply if isinstance(reply, Tally) else Tally(0, 0))
        else:
            return reply


def _show_reveal(screens: Screens, reveal: Reveal, total: int, source_title: str, *, last: bool) -> bool:
    """The reveal, a page at a time; False when the facilitator quits or input ends."""
    pages = functools.cache(
        lambda height: render.present_reveal(screens.console, reveal, total, source_title, height=height)
    )
    return _page_through(screens, pages, final=render.next_statement_prompt(last=last))


def _show_summary(screens: Screens, reveals: Sequence[Reveal], total: int, resources: Sequence[Resource]) -> None:
    pages = functools.cache(
        lambda height: render.present_summary(screens.console, reveals, total, resources, height=height)
    )
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C while paging the summary: what is shown stays
        _page_through(screens, pages, final=None)
    screens.finish()


def _page_through(screens: Screens, pages: Callable[[int | None], list[RenderableType]], *, final: Text | None) -> bool:
    """Each page until the last, Enter between them; `final` is asked after the last page.
    False when the facilitator quits or input ends."""
    number = 0
    while True:
        count = len(pages(screens.height))
        number = min(number, count - 1)
        body = _page(pages, number)
        if number == count - 1 and final is None:
            screens.show(body)
            return True
        line = screens.ask(body, final if number == count - 1 and final is not None else render.more_prompt())
        if line is NoLine.ENDED or (isinstance(line, str) and means_quit(line)):
            return False
        if number == count - 1:
            return True
        number += 1


def _page(pages: Callable[[int | None], list[RenderableType]], number: int) -> Body:
    def body(height: int | None) -> RenderableType:
        laid_out = pages(height)
        return laid_out[min(number, len(laid_out) - 1)]

    return body


# The screens of a workshop: painted to a terminal, or printed one after another.

Body = Callable[[int | None], RenderableType]
"""A screen's content laid out for a height (None: as tall as it needs)."""


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


class PrintedScreens:
    """For a pipe or a plain console: each screen printed once, replies read a line at a time."""

    counts_down = False
    height = None

    def __init__(self, console: Console, read_line: ReadLine) -> None:
        self.console = console
        self.read_line = read_line
        self.shown: Body | None = None

    def show(self, body: Body) -> None:
        if body is not self.shown:
            render.printed_screen(self.console, body(None))
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
        render.printed_prompt(self.console, prompt, note=None if note is None else note(), hint=hint)
        line = self.read_line()
        render.end_line(self.console)  # what was read was not echoed, or was echoed with its own line
        return NoLine.ENDED if line is None else line

    def finish(self) -> None:
        pass


class PaintedScreens:
    """For a terminal read key by key: each screen fills the terminal, painted again as time
    passes, as keys are typed and when the terminal is resized."""

    counts_down = True

    def __init__(self, console: Console, read_keys: ReadKeys) -> None:
        self.console = console
        self.read_keys = read_keys
        self.typed = TypedLine()
        self.shown: Body | None = None
        self.size: tuple[int, int] | None = None
        render.hide_cursor(console)  # the prompt draws its own

    @property
    def height(self) -> int:
        return self.console.height - 1

    def show(self, body: Body) -> None:
        self._paint(body, render.present_status(self.console, Text("")))
        render.present_end(self.console)

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
            status = render.present_status(
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
            render.present_clear(self.console)
            self.shown, self.size = body, size
        render.present_frame(self.console, body, status)

    def finish(self) -> None:
        render.present_end(self.console)
