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


@dataclass(frozen=True)
class Keys:
    """The one-letter replies of the language in use, as the prompts name them."""

    myth: str
    fact: str
    quit: str
    sure: str
    not_sure: str
    help: str  # where to get help, at the start of a quiz on a small screen
    yes: str  # accepting the answer a mistyped reply most likely meant


def keys_in_use() -> Keys:
    """The keys of the language in use: m, f, q, s and n in English; m, f, q, s and p (pas sûr) in French."""
    # TRANSLATORS: what a learner types to answer, in full and in one letter, in lower case; one letter
    # each, none the same as another's of the same prompt.
    return Keys(
        myth=pgettext("typed reply: myth, in one letter", "m"),
        fact=pgettext("typed reply: fact, in one letter", "f"),
        quit=pgettext("typed reply: quit, in one letter", "q"),
        sure=pgettext("typed reply: sure, in one letter", "s"),
        not_sure=pgettext("typed reply: not sure, in one letter", "n"),
        help=pgettext("typed reply: show where to get help, in one letter", "h"),
        yes=pgettext("typed reply: yes, in one letter", "y"),
    )


def replies_in_use() -> Replies:
    """The replies of the language in use (mythe, m, fait, f, quitter, q in French), to give parse_reply."""
    keys = keys_in_use()
    return {
        pgettext("typed reply: the verdict myth", "myth"): Answer.MYTH,
        keys.myth: Answer.MYTH,
        pgettext("typed reply: the verdict fact", "fact"): Answer.FACT,
        keys.fact: Answer.FACT,
        pgettext("typed reply: to end the quiz", "quit"): Command.QUIT,
        keys.quit: Command.QUIT,
    }


def parse_reply(text: str, words: Replies | None = None) -> Answer | Command | None:
    """What a typed reply means: an answer, quit, or None when it means nothing. `words` are the replies
    of the language in use (`replies_in_use()`); the English ones are understood too."""
    reply = plain_reply(text)
    return (words or {}).get(reply) or _REPLIES.get(reply)


def plain_reply(text: str) -> str:
    """A reply as it is compared: in lower case, its spaces single, its accents dropped (sûr is sur),
    since not every keyboard types them."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", " ".join(text.lower().split()))
    return "".join(character for character in decomposed if not unicodedata.combining(character))


SureReplies = Mapping[str, bool]

# Always understood, whatever the language in use; a bare Enter is not sure.
_SURE_REPLIES: SureReplies = {"s": True, "sure": True, "n": False, "not sure": False, "": False}


def sure_replies_in_use() -> SureReplies:
    """How sure, as the language in use types it (sûr, s, pas sûr, p in French), to give parse_sure."""
    keys = keys_in_use()
    words = {
        pgettext("typed reply: sure", "sure"): True,
        keys.sure: True,
        pgettext("typed reply: not sure", "not sure"): False,
        keys.not_sure: False,
    }
    return {plain_reply(word): sure for word, sure in words.items()}


def parse_sure(text: str, words: SureReplies | None = None) -> bool | None:
    """Whether a reply to "how sure?" says sure (True) or not sure (False); None when it says neither."""
    reply = plain_reply(text)
    found = (words or {}).get(reply)
    return _SURE_REPLIES.get(reply) if found is None else found


def yes_replies_in_use() -> frozenset[str]:
    """What accepts an offered answer: Enter, y or yes (o or oui in French)."""
    keys = keys_in_use()
    return frozenset({"", "y", "yes", keys.yes, plain_reply(pgettext("typed reply: yes", "yes"))})


def means_quit(text: str, words: Replies | None = None) -> bool:
    """Whether a reply says quit, in English or in the language in use (or that of `words`)."""
    return parse_reply(text, replies_in_use() if words is None else words) is Command.QUIT


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
    sure: bool | None = None  # how sure the learner said they were; None when not asked

    @property
    def correct(self) -> bool:
        return self.given is self.question.answer

    @property
    def sure_and_wrong(self) -> bool:
        return bool(self.sure) and not self.correct


# Certainty-based marks, after Gardner-Medwin's LAPT scheme with its two lower levels of certainty:
# not sure, +1 right and 0 wrong; sure, +2 right and -2 wrong. Saying "sure" pays only when the
# chance of being right is over 2/3 (2p - 2(1 - p) > p), so the marks reward knowing how well one
# knows, and a confident error costs what a hesitant one does not.
MARKS = {(False, True): 1, (False, False): 0, (True, True): 2, (True, False): -2}
MOST_MARKS = 2  # a statement's marks at best: sure, and right


def marks(result: Result) -> int:
    """A result's certainty-based marks; a result not asked how sure counts as not sure."""
    return MARKS[bool(result.sure), result.correct]


@dataclass(frozen=True)
class Score:
    right: int
    answered: int
    total: int
    missed: tuple[Result, ...]
    marks: int = 0  # certainty-based marks, where the learner was asked how sure

    @property
    def finished(self) -> bool:
        return self.answered == self.total


def score(results: Sequence[Result], total: int) -> Score:
    missed = tuple(result for result in results if not result.correct)
    return Score(
        right=len(results) - len(missed),
        answered=len(results),
        total=total,
        missed=missed,
        marks=sum(marks(result) for result in results),
    )


# Workshops: the facilitator's replies and the room's votes.

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
