"""The quiz engine: choosing statements, reading replies, grading and scoring.

No I/O here: randomness comes in as a `random.Random`, so a seed gives the
same quiz every time and tests can be exact.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ketaquiz.bank import Answer, Question, tagged


class Command(enum.Enum):
    QUIT = "quit"


_REPLIES: dict[str, Answer | Command] = {
    "m": Answer.MYTH,
    "myth": Answer.MYTH,
    "f": Answer.FACT,
    "fact": Answer.FACT,
    "q": Command.QUIT,
    "quit": Command.QUIT,
}


def parse_reply(text: str) -> Answer | Command | None:
    """What a typed reply means: an answer, quit, or None when it means nothing."""
    return _REPLIES.get(text.strip().lower())


def choose(
    questions: Sequence[Question],
    rng: random.Random,
    *,
    tags: Iterable[str] = (),
    count: int | None = None,
    in_order: bool = False,
) -> list[Question]:
    """The statements to ask: those with any of `tags`, shuffled unless `in_order`, at most `count`."""
    chosen = tagged(questions, tags)
    if not in_order:
        rng.shuffle(chosen)
    return chosen if count is None else chosen[:count]


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
