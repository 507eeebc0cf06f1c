"""The quiz engine: choosing statements, reading replies, grading and scoring.

No I/O here: randomness comes in as a `random.Random`, so a seed gives the
same quiz every time and tests can be exact.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

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
