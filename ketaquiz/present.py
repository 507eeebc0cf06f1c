"""Workshop mode: statements shown to a room one at a time, votes tallied, results saved as they happen."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Console

from ketaquiz import render
from ketaquiz.bank import Question
from ketaquiz.files import os_reason, write_atomically
from ketaquiz.quiz import Reveal, Room, Step, Tally, most_misunderstood_first, read_reveal_reply
from ketaquiz.terminal import ReadLine, WaitForEnter, WaitForInput, wait_for_next

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
    wait_for_enter: WaitForEnter | None,
    settings: Settings,
    clock: Clock = now,
    save: Save | None = None,
    room: Room | None = None,
    input_ready: WaitForInput | None = None,
) -> Workshop:
    """Run a workshop to its end, to quit or to Ctrl-C, then show the summary.

    `wait_for_enter(seconds)` waits at most that long for Enter; without it (no
    terminal) the discussion timer is skipped and what is read is not echoed,
    so each reply is followed by a new line.

    With a `room`, the room votes on their phones: each statement is opened to it, the
    count of votes shows while waiting (checked whenever `input_ready` times out), typed
    votes are added to the phone votes, and the room sees each reveal and the end.
    """
    if wait_for_enter is None:
        read_line = _with_newline(console, read_line)
    reveals: list[Reveal] = []
    interrupted = False
    try:
        for position, question in enumerate(questions, 1):
            if room is not None:
                room.open(position, question, len(questions))
            join = room.join if room is not None and position == 1 else None
            render.present_statement(console, question, position, len(questions), join=join)
            if settings.timer and wait_for_enter is not None:
                _count_down(console, settings.timer, wait_for_enter)
            if room is None:
                reply = _ask_for_reveal(console, read_line, tallying=settings.tallying)
            else:
                reply = _ask_room_for_reveal(console, read_line, room, input_ready)
            if reply is Step.QUIT:
                break
            reveal = Reveal(position, question, reply if isinstance(reply, Tally) else None, clock())
            reveals.append(reveal)
            if save is not None:
                save(reveals)
            if room is not None:
                room.reveal(reveal)
            render.present_reveal(console, reveal, len(questions), source_title)
            if position < len(questions) and not wait_for_next(
                read_line, show_prompt=lambda: render.next_statement_prompt(console), end_line=console.print
            ):
                break
    except KeyboardInterrupt:
        interrupted = True
        console.print()
    if room is not None:
        room.end(reveals)
    render.present_summary(console, most_misunderstood_first(reveals), len(questions))
    return Workshop(tuple(reveals), interrupted)


def _with_newline(console: Console, read_line: ReadLine) -> ReadLine:
    def read_and_end_line() -> str | None:
        line = read_line()
        console.print()
        return line

    return read_and_end_line


def _count_down(console: Console, seconds: float, wait_for_enter: WaitForEnter) -> None:
    tick = 0.1
    with render.countdown(console, seconds) as update:
        remaining = seconds
        while remaining > 0:
            if wait_for_enter(min(tick, remaining)):
                return
            remaining -= tick
            update(max(remaining, 0.0))


def _ask_room_for_reveal(
    console: Console, read_line: ReadLine, room: Room, input_ready: WaitForInput | None
) -> Tally | Step:
    """The phone votes, plus any typed by hand; the count moves while the facilitator waits."""

    def read_counting() -> str | None:
        shown = room.vote_count()
        while input_ready is not None and not input_ready(0.2):
            if (count := room.vote_count()) != shown:
                render.update_phone_votes(console, count, room.join)
                shown = count
        return read_line()

    reply = _ask_for_reveal(console, read_counting, tallying=True, room=room)
    if reply is Step.QUIT:
        return reply
    return room.close_vote() + (reply if isinstance(reply, Tally) else Tally(0, 0))


def _ask_for_reveal(console: Console, read_line: ReadLine, *, tallying: bool, room: Room | None = None) -> Tally | Step:
    while True:
        votes = None if room is None else (room.vote_count(), room.join)
        render.reveal_prompt(console, tallying=tallying, phone_votes=votes)
        line = read_line()
        if line is None:
            return Step.QUIT
        reply = read_reveal_reply(line, tallying=tallying)
        if reply is not Step.INVALID:
            return reply
        render.tally_hint(console)
