"""Workshops: the facilitator's replies, the room's votes, and what a session changed.

Like the quiz engine below it, no I/O here: a room voting on phones is a `Room` the live server provides.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ketaquiz.bank import Answer, Question
from ketaquiz.quiz import means_quit

# The largest vote count a facilitator could mean; more digits are a typing slip.
MAX_VOTES = 100_000


class Step(enum.Enum):
    REVEAL = "reveal"
    QUIT = "quit"
    INVALID = "invalid"


@dataclass(frozen=True)
class Tally:
    """Votes on a statement; where the voters were asked how sure they were (phones with
    --confidence), how many of them were, and how many were asked."""

    myths: int
    facts: int
    sure_myths: int = 0
    sure_facts: int = 0
    asked_sure: int = 0  # the votes that came with how sure (a hand vote never does)

    @property
    def total(self) -> int:
        return self.myths + self.facts

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.myths + other.myths,
            self.facts + other.facts,
            self.sure_myths + other.sure_myths,
            self.sure_facts + other.sure_facts,
            self.asked_sure + other.asked_sure,
        )

    def right(self, answer: Answer) -> int:
        return self.myths if answer is Answer.MYTH else self.facts

    def share_right(self, answer: Answer) -> float | None:
        return self.right(answer) / self.total if self.total else None

    def sure_wrong(self, answer: Answer) -> int:
        """Those who were sure of the other verdict: the belief a workshop exists to correct."""
        return self.sure_facts if answer is Answer.MYTH else self.sure_myths

    def share_sure_wrong(self, answer: Answer) -> float | None:
        """Of the votes asked how sure, the share sure and wrong; None when none were asked."""
        return self.sure_wrong(answer) / self.asked_sure if self.asked_sure else None


Languages = tuple[tuple[str, int], ...]
"""How many phones voted in each language ((en, 12), (fr, 7)), in the room's order of its languages."""


@dataclass(frozen=True)
class Reveal:
    """One revealed statement, with the room's votes when they were counted."""

    position: int
    question: Question
    tally: Tally | None  # every vote: the phones' and those typed by hand
    revealed_at: str
    phones: Tally | None = None  # of those, the phones' votes, when the room voted on phones
    languages: Languages = ()  # how many phones voted in each language

    @property
    def share_right(self) -> float | None:
        return None if self.tally is None else self.tally.share_right(self.question.answer)

    @property
    def hands(self) -> Tally | None:
        return hands_of(self.tally, self.phones)


def hands_of(tally: Tally | None, phones: Tally | None) -> Tally | None:
    """The votes typed by hand: all of them less the phones'; None when none were typed beside phones."""
    if tally is None or phones is None:
        return tally
    hands = Tally(tally.myths - phones.myths, tally.facts - phones.facts)
    return hands if hands.total else None


@dataclass(frozen=True)
class Changes:
    """How the phones that voted on a statement in both rounds of a workshop changed: counts only,
    never who. A phone keeps its anonymous id for the whole workshop, so its two votes pair up."""

    wrong_to_right: int = 0
    right_to_wrong: int = 0
    right_to_right: int = 0
    wrong_to_wrong: int = 0

    def __add__(self, other: Changes) -> Changes:
        return Changes(
            self.wrong_to_right + other.wrong_to_right,
            self.right_to_wrong + other.right_to_wrong,
            self.right_to_right + other.right_to_right,
            self.wrong_to_wrong + other.wrong_to_wrong,
        )


@dataclass(frozen=True)
class Recall:
    """A statement asked again in the recap round, with no reveal: the room's votes the second time."""

    position: int  # in the recap
    question: Question
    tally: Tally | None
    counted_at: str
    phones: Tally | None = None
    changes: Changes | None = None  # the phones that voted in both rounds; None without phones
    languages: Languages = ()  # how many phones voted in each language

    @property
    def hands(self) -> Tally | None:
        return hands_of(self.tally, self.phones)


def read_reveal_reply(text: str, *, tallying: bool) -> Tally | Step:
    """What the facilitator typed at the reveal prompt."""
    if means_quit(text):
        return Step.QUIT
    reply = text.strip().lower()
    if not reply or not tallying:
        return Step.REVEAL
    parts = reply.replace(",", " ").split()
    if len(parts) != 2 or not all(part.isascii() and part.isdigit() for part in parts):
        return Step.INVALID
    myths, facts = (int(part) for part in parts)
    if max(myths, facts) > MAX_VOTES:
        return Step.INVALID
    return Tally(myths, facts)


def most_misunderstood_first(reveals: Sequence[Reveal]) -> list[Reveal]:
    """Lowest share right first; statements revealed without votes last, in the order shown."""
    return sorted(reveals, key=lambda reveal: (reveal.share_right is None, reveal.share_right or 0.0))


# Before and after: the recap round, in a workshop or days later, and the report.


def for_recap(voted: Sequence[tuple[Question, Tally | None]], count: int | None) -> list[Question]:
    """The statements a recap asks again, in the order first shown: all of them, or the `count`
    the room got most wrong (lowest share right; a statement without votes only after those with)."""
    if count is None or count >= len(voted):
        return [question for question, _ in voted]
    shares = [None if tally is None else tally.share_right(question.answer) for question, tally in voted]
    hardest = sorted(range(len(voted)), key=lambda index: (shares[index] is None, shares[index] or 0.0))[:count]
    return [voted[index][0] for index in sorted(hardest)]


@dataclass(frozen=True)
class BeforeAfter:
    """One statement's votes before (the first round) and after (the recap)."""

    id: str
    statement: str
    answer: Answer
    before: Tally | None
    after: Tally | None
    changes: Changes | None = None

    @property
    def right_before(self) -> float | None:
        return None if self.before is None else self.before.share_right(self.answer)

    @property
    def right_after(self) -> float | None:
        return None if self.after is None else self.after.share_right(self.answer)

    @property
    def change(self) -> float | None:
        """After less before, in shares right; None unless both were voted."""
        before, after = self.right_before, self.right_after
        return None if before is None or after is None else after - before


def most_improved_first(rows: Sequence[BeforeAfter]) -> list[BeforeAfter]:
    """The largest change first; between equals the lower before; rows without both votes last."""
    return sorted(rows, key=lambda row: (row.change is None, -(row.change or 0.0), row.right_before or 0.0))


@dataclass(frozen=True)
class Overall:
    """A room's votes added up over statements: the share right, and the share sure and wrong."""

    right: float | None
    sure_wrong: float | None


def overall(rows: Sequence[tuple[Answer, Tally | None]]) -> Overall:
    tallies = [(answer, tally) for answer, tally in rows if tally is not None]
    votes = sum(tally.total for _, tally in tallies)
    asked = sum(tally.asked_sure for _, tally in tallies)
    return Overall(
        sum(tally.right(answer) for answer, tally in tallies) / votes if votes else None,
        sum(tally.sure_wrong(answer) for answer, tally in tallies) / asked if asked else None,
    )


def overall_change(rows: Sequence[BeforeAfter]) -> tuple[Overall, Overall]:
    """The room before and after, over the statements voted on in both rounds, so like is compared with like."""
    both = [row for row in rows if row.before and row.before.total and row.after and row.after.total]
    return overall([(row.answer, row.before) for row in both]), overall([(row.answer, row.after) for row in both])


# Live voting: what a workshop needs from a room voting on its phones.


@dataclass(frozen=True)
class Join:
    """How a room joins a live workshop: the addresses to type, the code in them, and a QR code."""

    code: str
    urls: tuple[str, ...]
    qr: tuple[tuple[bool, ...], ...]  # rows of modules, True for dark, quiet zone included


@dataclass(frozen=True)
class Presence:
    """Who is in a live room, for the facilitator: never how anyone voted."""

    joined: int  # participants the room has given an id
    voted: int  # of those, how many have voted on the open statement
    turned_away: int = 0  # phones refused since the workshop began
    why_turned_away: str | None = None  # the latest reason, in words
    refused_connections: int = 0  # connections closed unread: a flood, or more devices than the computer holds
    closed: bool = False  # no new phone can join any more (--lock-after)


class Room(Protocol):
    """The room's phones, as the facilitator's side of a workshop sees them. Thread-safe."""

    join: Join

    def presence(self) -> Presence:
        """Who has joined and voted, and who could not join."""

    def time_up(self) -> None:
        """The discussion's countdown has ended: the phones say so."""

    def open(self, position: int, question: Question, total: int, *, recap: bool = False) -> None:
        """Show a statement and take votes on it; in the `recap` round, a statement asked again."""

    def vote_count(self) -> int:
        """How many have voted on the open statement (never the split, so the room is not herded)."""

    def close_vote(self) -> Tally:
        """Stop taking votes on the open statement (later ones are refused), and count them."""

    def changes(self) -> Changes | None:
        """In the recap, after `close_vote`: how the phones that voted on the statement both times changed."""

    def languages(self) -> Languages:
        """After `close_vote`: how many of the votes counted came from phones in each language."""

    def reveal(self, reveal: Reveal) -> None:
        """Close the vote and show the verdict, explanation and the room's tally."""

    def end(self, reveals: Sequence[Reveal], recap: Sequence[BeforeAfter] = ()) -> None:
        """The workshop is over: show the room's summary, and with a recap how each statement changed."""
