"""Strategies that score without knowing anything: what a test-wise learner would earn on a bank.

Each strategy answers every statement. Where its cue is present it answers by the cue; where a
cue points neither way (a statement that `leans` neutral) it is a coin flip, worth half a point;
where the cue is absent it gives the one verdict that does best on those statements, as the base
rate does on the whole bank. So a strategy's lead over the base rate is what its cue is worth.
"""

from __future__ import annotations

import enum
import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ketaquiz import wording
from ketaquiz.audit.text import words
from ketaquiz.i18n import N_, _, decimal, ngettext
from ketaquiz.model import Answer, Bank, Finding, Leaning, Question, Strategy

# A strategy is flagged when its cue lifts it more than this many points above the base rate...
LEAD_LIMIT = 15
# ...or when it scores at least this share: a pass, for knowing nothing. The base rate is never below
# 50%, so the first rule implies the second; the second also catches a smaller lead on an unbalanced bank.
SCORE_LIMIT = Fraction(65, 100)

ABSOLUTE = re.compile(
    r"\b(?:all|always|never|none|no|nobody|nothing|only|every|everyone|everybody|everything|ever|entirely"
    r"|completely|totally|absolutely|proven|guaranteed|certainly|definitely|risk-free)\b|\b100 ?%",
    re.IGNORECASE,
)
HEDGE = re.compile(
    r"\b(?:can|could|may|might|some|sometimes|often|usually|generally|typically|probably|possibly|likely"
    r"|most|many|several|tends?)\b|\bone of the\b|\b(?:has|have) been reported\b|\bin some cases\b",
    re.IGNORECASE,
)
RESEARCH = re.compile(
    r"\b(?:studies|research|trials?|scientists|researchers|experts|science|doctors|evidence)"
    r"\s+(?:have\s+|has\s+)?(?:shown?|shows|proven|proved?|proves|established?|establishes|confirm(?:ed|s)?"
    r"|found|finds?|agrees?|demonstrated?|demonstrates)\b"
    r"|\b(?:clinically|scientifically|medically)\s+proven\b"
    r"|\bin\s+(?:a|an|one)\s+(?:[\w-]+\s+){0,2}(?:trial|study)\b"
    r"|\baccording to (?:research|studies|science|experts)\b",
    re.IGNORECASE,
)


class Coin(enum.Enum):
    """A cue that points neither way: the learner flips a coin."""

    FLIP = "flip"


Guess = Answer | Coin | None


@dataclass(frozen=True)
class Cue:
    """A strategy's cue; its name, rule and fix are marked for translation, and translated when shown."""

    name: str
    rule: str
    fix: str
    guesses: Callable[[Sequence[Question]], list[Guess]]


def _by_pattern(pattern: re.Pattern[str], answer: Answer) -> Callable[[Sequence[Question]], list[Guess]]:
    return lambda questions: [answer if pattern.search(question.statement) else None for question in questions]


def _by_length(questions: Sequence[Question]) -> list[Guess]:
    median = statistics.median(len(words(question.statement)) for question in questions)
    return [Answer.FACT if len(words(question.statement)) > median else None for question in questions]


def _by_leaning(trusting: bool) -> Callable[[Sequence[Question]], list[Guess]]:
    believed = Answer.FACT if trusting else Answer.MYTH
    doubted = Answer.MYTH if trusting else Answer.FACT

    def guesses(questions: Sequence[Question]) -> list[Guess]:
        by_leaning: dict[Leaning | None, Guess] = {
            Leaning.FAVOURABLE: believed,
            Leaning.UNFAVOURABLE: doubted,
            Leaning.NEUTRAL: Coin.FLIP,
            None: None,
        }
        return [by_leaning[question.leans] for question in questions]

    return guesses


CUES = (
    Cue(
        N_("absolute word ⇒ myth"),
        # TRANSLATORS: the words in brackets are the English words the check looks for: keep them in English.
        N_("a statement with an absolute word (all, always, never, no, only, every, proven, completely …) is a myth"),
        N_("take the absolute word out of some of these myths, or write facts that use one truthfully"),
        _by_pattern(ABSOLUTE, Answer.MYTH),
    ),
    Cue(
        N_("hedge ⇒ fact"),
        # TRANSLATORS: the words in brackets are the English words the check looks for: keep them in English.
        N_("a statement with a hedge (can, may, some, often, usually, most …) is a fact"),
        N_("write some myths with a hedge, or state some of these facts plainly"),
        _by_pattern(HEDGE, Answer.FACT),
    ),
    Cue(
        N_("longer ⇒ fact"),
        N_("a statement with more words than the bank's median statement is a fact"),
        N_("shorten some of these facts, or give some myths the detail the facts have"),
        _by_length,
    ),
    Cue(
        N_("research framing ⇒ myth"),
        # TRANSLATORS: the phrases quoted are the English ones the check looks for: keep them in English.
        N_(
            "a statement framed as research ('studies have shown', 'scientists have established', 'in a large "
            "trial') is a myth"
        ),
        N_("give some facts their research framing too, or take it out of some of these myths"),
        _by_pattern(RESEARCH, Answer.MYTH),
    ),
    Cue(
        N_("always distrust the subject"),
        N_(
            "a statement that makes the subject sound safer, more effective or better established (leans: "
            "favourable) is a myth, one that makes it sound worse is a fact, a neutral one is a coin flip"
        ),
        N_(
            "add facts that make the subject sound better and myths that make it sound worse (and mark each "
            "statement's leans)"
        ),
        _by_leaning(trusting=False),
    ),
    Cue(
        N_("always trust the subject"),
        N_(
            "a statement that makes the subject sound safer, more effective or better established (leans: "
            "favourable) is a fact, one that makes it sound worse is a myth, a neutral one is a coin flip"
        ),
        N_(
            "add myths that make the subject sound better and facts that make it sound worse (and mark each "
            "statement's leans)"
        ),
        _by_leaning(trusting=True),
    ),
)
# The strategies that answer every statement alike, with no cue: their names and rules.
_ALWAYS = {
    Answer.MYTH: (N_("always myth"), N_("every statement is a myth")),
    Answer.FACT: (N_("always fact"), N_("every statement is a fact")),
}


def strategies(bank: Bank) -> list[Strategy]:
    """Always myth, always fact, then every cue's strategy, scored on `bank`."""
    questions = bank.questions
    total = len(questions)
    myths = sum(question.answer is Answer.MYTH for question in questions)
    base = Fraction(max(myths, total - myths), total)
    scored = [
        _strategy(questions, [answer] * total, base, name=_(_ALWAYS[answer][0]), rule=_(_ALWAYS[answer][1]))
        for answer in (Answer.MYTH, Answer.FACT)
    ]
    for cue in CUES:
        named = {"name": _(cue.name), "rule": _(cue.rule)}
        scored.append(_strategy(questions, cue.guesses(questions), base, **named, cue=True))
    return scored


def findings(bank: Bank) -> list[Finding]:
    """A finding for each flagged strategy, naming the statements its cue answers right."""
    scored = strategies(bank)
    base = max(scored[:2], key=lambda strategy: strategy.points)
    found = []
    for cue, strategy in zip(CUES, scored[2:], strict=True):
        if not strategy.flagged:
            continue
        answered = [
            question.id
            for question, guess in zip(bank.questions, cue.guesses(bank.questions), strict=True)
            if guess is question.answer
        ]
        lead = round(strategy.lead)
        message = ngettext(
            "'{name}' scores {share} ({points} of {out_of}) without knowing anything, {lead} point above the base "
            "rate ({base}); its cue answers these statements",
            "'{name}' scores {share} ({points} of {out_of}) without knowing anything, {lead} points above the base "
            "rate ({base}); its cue answers these statements",
            lead,
        ).format(
            name=strategy.name,
            share=wording.percent(strategy.share),
            points=decimal(strategy.points, None),
            out_of=strategy.out_of,
            lead=lead,
            base=wording.percent(base.share),
        )
        found.append(Finding("cues", message, _(cue.fix), tuple(answered)))
    return found


def _strategy(
    questions: Sequence[Question], guesses: list[Guess], base: Fraction, *, name: str, rule: str, cue: bool = False
) -> Strategy:
    """The strategy's score; only a cue can be flagged (the base rate itself is the balance check's)."""
    right = sum(guess is question.answer for guess, question in zip(guesses, questions, strict=True))
    flips = sum(guess is Coin.FLIP for guess in guesses)
    rest = [question.answer for guess, question in zip(guesses, questions, strict=True) if guess is None]
    fallback = max(rest.count(Answer.MYTH), rest.count(Answer.FACT))
    score = Fraction(right + fallback) + Fraction(flips, 2)
    share = score / len(questions)
    cued = len(questions) - len(rest)
    lead = (share - base) * 100
    flagged = cue and cued > 0 and lead > 0 and (lead > LEAD_LIMIT or share >= SCORE_LIMIT)
    return Strategy(name, rule, cued, float(score), len(questions), float(lead), flagged, base_rate=not cue)
