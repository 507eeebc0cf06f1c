"""Workshop mode: statements shown to a room one at a time, votes tallied, results saved as they happen."""

from __future__ import annotations

import enum
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Console

from ketaquiz import render
from ketaquiz.bank import Answer, Question
from ketaquiz.files import write_atomically
from ketaquiz.play import ReadLine, wait_for_next

SAVE_FORMAT = "ketaquiz-present"
SAVE_VERSION = 1
# The largest vote count a facilitator could mean; more digits are a typing slip.
MAX_VOTES = 100_000


class Step(enum.Enum):
    REVEAL = "reveal"
    QUIT = "quit"
    INVALID = "invalid"


@dataclass(frozen=True)
class Tally:
    myths: int
    facts: int

    @property
    def total(self) -> int:
        return self.myths + self.facts

    def right(self, answer: Answer) -> int:
        return self.myths if answer is Answer.MYTH else self.facts


@dataclass(frozen=True)
class Outcome:
    """One revealed statement, with the room's votes when they were counted."""

    position: int
    question: Question
    tally: Tally | None
    revealed_at: str

    @property
    def share_right(self) -> float | None:
        if self.tally is None or self.tally.total == 0:
            return None
        return self.tally.right(self.question.answer) / self.tally.total


def read_reveal_reply(text: str, tallying: bool) -> Tally | Step:
    """What the facilitator typed at the reveal prompt."""
    reply = text.strip().lower()
    if reply in ("q", "quit"):
        return Step.QUIT
    if not reply or not tallying:
        return Step.REVEAL
    parts = reply.replace(",", " ").split()
    if len(parts) != 2 or not all(part.isascii() and part.isdigit() for part in parts):
        return Step.INVALID
    myths, facts = (int(part) for part in parts)
    if max(myths, facts) > MAX_VOTES:
        return Step.INVALID
    return Tally(myths, facts)


def most_misunderstood_first(outcomes: Sequence[Outcome]) -> list[Outcome]:
    """Lowest share right first; statements revealed without votes last, in the order shown."""
    return sorted(outcomes, key=lambda outcome: (outcome.share_right is None, outcome.share_right or 0.0))


def session_record(started: str, bank_path: str, outcomes: Sequence[Outcome]) -> dict[str, Any]:
    return {
        "started": started,
        "bank": bank_path,
        "results": [
            {
                "id": outcome.question.id,
                "verdict": outcome.question.answer.value,
                "myth_votes": outcome.tally.myths if outcome.tally else None,
                "fact_votes": outcome.tally.facts if outcome.tally else None,
                "share_right": None if outcome.share_right is None else round(outcome.share_right, 4),
                "revealed_at": outcome.revealed_at,
            }
            for outcome in outcomes
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

    def save(self, outcomes: Sequence[Outcome]) -> None:
        document = {
            "format": SAVE_FORMAT,
            "version": SAVE_VERSION,
            "sessions": [*self.earlier, session_record(self.started, self.bank_path, outcomes)],
        }
        data = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        try:
            write_atomically(self.path, data)
        except OSError as error:
            raise SaveFileError(f"{self.path}: cannot be written: {error.strerror or error}") from None


def saver(path: str, started: str, bank_path: str, warn: Callable[[str], None]) -> Callable[[Sequence[Outcome]], None]:
    """Save after every reveal. The file is written once at the start, so a bad path stops the
    workshop before it begins (SaveFileError); a failure later is warned of and the workshop goes on."""
    session_file = SessionFile(path, started, bank_path)
    session_file.save([])

    def save(outcomes: Sequence[Outcome]) -> None:
        try:
            session_file.save(outcomes)
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
        raise SaveFileError(f"{path}: cannot be read: {error.strerror or error}") from None
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
    outcomes: tuple[Outcome, ...]
    interrupted: bool


WaitForEnter = Callable[[float], bool]
Clock = Callable[[], str]


def present(
    console: Console,
    questions: Sequence[Question],
    source_title: str,
    read_line: ReadLine,
    wait_for_enter: WaitForEnter | None,
    settings: Settings,
    clock: Clock,
    save: Callable[[Sequence[Outcome]], None] | None = None,
) -> Workshop:
    """Run a workshop to its end, to quit or to Ctrl-C, then show the summary.

    `wait_for_enter(seconds)` waits at most that long for Enter; without it (no
    terminal) the discussion timer is skipped and what is read is not echoed,
    so each reply is followed by a new line.
    """
    if wait_for_enter is None:
        read_line = _with_newline(console, read_line)
    outcomes: list[Outcome] = []
    interrupted = False
    try:
        for position, question in enumerate(questions, 1):
            render.present_statement(console, question, position, len(questions))
            if settings.timer and wait_for_enter is not None:
                _count_down(console, settings.timer, wait_for_enter)
            reply = _ask_for_reveal(console, read_line, settings.tallying)
            if reply is Step.QUIT:
                break
            outcome = Outcome(position, question, reply if isinstance(reply, Tally) else None, clock())
            outcomes.append(outcome)
            if save is not None:
                save(outcomes)
            render.present_reveal(console, outcome, len(questions), source_title)
            if position < len(questions) and not wait_for_next(console, read_line, render.next_statement_prompt):
                break
    except KeyboardInterrupt:
        interrupted = True
        console.print()
    render.present_summary(console, most_misunderstood_first(outcomes), len(questions))
    return Workshop(tuple(outcomes), interrupted)


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


def _ask_for_reveal(console: Console, read_line: ReadLine, tallying: bool) -> Tally | Step:
    while True:
        render.reveal_prompt(console, tallying)
        line = read_line()
        if line is None:
            return Step.QUIT
        reply = read_reveal_reply(line, tallying)
        if reply is not Step.INVALID:
            return reply
        render.tally_hint(console)
