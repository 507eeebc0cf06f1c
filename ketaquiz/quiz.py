"""The quiz engine: choosing statements, reading replies, grading and scoring.

No I/O here: randomness comes in as a `random.Random`, so a seed gives the
same quiz every time and tests can be exact.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from ketaquiz.bank import Answer, Question, tagged
from ketaquiz.i18n import pgettext


class Command(enum.Enum):
    QUIT = "quit"


Replies = Mapping[str, Answer | Command]

# Always understood, whatever the language in use.
_REPLIES: Replies = {
    "m": Answer.MYTH,
    "myth": Answer.MYTH,
    "f": Answer.FACT,
    "fact": Answer.FACT,
    "q": Command.QUIT,
    "quit": Command.QUIT,
}


def replies_in_use() -> Replies:
    """The replies of the language in use (mythe, m, fait, f, quitter, q in French), to give parse_reply."""
    # TRANSLATORS: what a learner types to answer, in full and in one letter, in lower case.
    return {
        pgettext("typed reply: the verdict myth", "myth"): Answer.MYTH,
        pgettext("typed reply: myth, in one letter", "m"): Answer.MYTH,
        pgettext("typed reply: the verdict fact", "fact"): Answer.FACT,
        pgettext("typed reply: fact, in one letter", "f"): Answer.FACT,
        pgettext("typed reply: to end the quiz", "quit"): Command.QUIT,
        pgettext("typed reply: quit, in one letter", "q"): Command.QUIT,
    }


def parse_reply(text: str, words: Replies | None = None) -> Answer | Command | None:
    """What a typed reply means: an answer, quit, or None when it means nothing. `words` are the replies
    of the language in use (`replies_in_use()`); the English ones are understood too."""
    reply = text.strip().lower()
    return (words or {}).get(reply) or _REPLIES.get(reply)


def means_quit(text: str, words: Replies | None = None) -> bool:
    return parse_reply(text, words) is Command.QUIT


@dataclass(frozen=True)
class Selection:
    """Which statements a session asks and in what order: the same options in play, present and export."""

    tags: tuple[str, ...] = ()
    count: int | None = None
    seed: int | None = None  # the same seed, the same statements in the same order
    in_order: bool = False

    def rng(self) -> random.Random:
        return random.Random(self.seed)


def choose(questions: Sequence[Question], rng: random.Random, selection: Selection) -> list[Question]:
    """The statements to ask: those with any of its tags, shuffled unless in order, at most its count.

    A count takes myths and facts in the share the tagged statements have them, within one, so
    that a reflex ("always myth") scores about what the bank's balance gives, whatever the seed."""
    chosen = tagged(questions, selection.tags)
    if selection.count is not None and selection.count < len(chosen):
        return _balanced(chosen, selection.count, rng, shuffle=not selection.in_order)
    if not selection.in_order:
        rng.shuffle(chosen)
    return chosen


def _balanced(questions: list[Question], count: int, rng: random.Random, *, shuffle: bool) -> list[Question]:
    """`count` of `questions` with their share of myths, the nearest whole number; the myths and the
    facts each drawn at random and then shuffled together, or else the first of each in the bank's order."""
    myths = [question for question in questions if question.answer is Answer.MYTH]
    facts = [question for question in questions if question.answer is Answer.FACT]
    take, left = divmod(count * len(myths), len(questions))
    # Exactly half way, a shuffled draw tosses a coin; one in the bank's order favours its first verdict.
    tie_to_myths = rng.random() < 0.5 if shuffle else questions[0].answer is Answer.MYTH
    if 2 * left > len(questions) or (2 * left == len(questions) and tie_to_myths):
        take += 1
    if shuffle:
        rng.shuffle(myths)
        rng.shuffle(facts)
    drawn = myths[:take] + facts[: count - take]
    if shuffle:
        rng.shuffle(drawn)
        return drawn
    kept = {id(question) for question in drawn}
    return [question for question in questions if id(question) in kept]


@dataclass(frozen=True)
class Result:
    question: Question
    given: Answer

    @property
    def correct(self) -> bool:
        return self.given is self.question.answer


@dataclass(frozen=True)
class Score:
    right: int
    answered: int
    total: int
    missed: tuple[Result, ...]

    @property
    def finished(self) -> bool:
        return self.answered == self.total


def score(results: Sequence[Result], total: int) -> Score:
    missed = tuple(result for result in results if not result.correct)
    return Score(right=len(results) - len(missed), answered=len(results), total=total, missed=missed)


# Workshops: the facilitator's replies and the room's votes.

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

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.myths + other.myths, self.facts + other.facts)

    def right(self, answer: Answer) -> int:
        return self.myths if answer is Answer.MYTH else self.facts


@dataclass(frozen=True)
class Reveal:
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

    def open(self, position: int, question: Question, total: int) -> None:
        """Show a statement and take votes on it."""

    def vote_count(self) -> int:
        """How many have voted on the open statement (never the split, so the room is not herded)."""

    def close_vote(self) -> Tally:
        """Stop taking votes on the open statement (later ones are refused), and count them."""

    def reveal(self, reveal: Reveal) -> None:
        """Close the vote and show the verdict, explanation and the room's tally."""

    def end(self, reveals: Sequence[Reveal]) -> None:
        """The workshop is over: show the room's summary."""
