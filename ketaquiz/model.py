"""The bank's data model: frozen dataclasses, the Answer enum, a problem found in a bank, and
what an audit finds in a valid one.

It imports nothing from ketaquiz but the interface's words (`ketaquiz.i18n`), so both the checker
(which builds it) and `ketaquiz.bank` (which re-exports it with the loading entry points) sit above it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from ketaquiz.i18n import _

# Unicode's bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). A
# browser reorders the text around them, so a handout or a phone would show what a reviewer's
# terminal does not ("Trojan Source"): bank text may not hold them; an article may.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

# Typographic quotes and dashes match their plain keyboard forms, so a passage typed by hand
# still matches an article pasted from the web; bidirectional controls in the article are left
# out, so a passage quoted without them matches too.
_FOLD = str.maketrans(
    {
        **dict.fromkeys(BIDI_CONTROLS),
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
    }
)


class Answer(enum.Enum):
    MYTH = "myth"
    FACT = "fact"

    def __str__(self) -> str:
        return self.value


class PassageRole(enum.Enum):
    """How the quoted passage bears on the verdict."""

    SUPPORTS = "supports"  # the article says what the verdict says
    OVERCLAIM = "overclaim"  # the article claims more than the evidence: the statement corrects it

    def __str__(self) -> str:
        return self.value


class Leaning(enum.Enum):
    """Which way a statement leans about the bank's subject, whatever its verdict.

    A bank whose right answers all lean one way can be scored by a reflex ("always distrust it")
    instead of judgement: this is what lets a test or an audit see that.
    """

    FAVOURABLE = "favourable"  # claims the subject is safer, more effective or better established
    UNFAVOURABLE = "unfavourable"  # claims it is riskier, less effective or less established
    NEUTRAL = "neutral"  # neither

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Evidence:
    note: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class QuestionTranslation:
    """A question's texts in one of the bank's other languages."""

    statement: str
    explanation: str
    passage: str | None = None  # a translation of the passage, always shown labelled as one
    note: str | None = None  # the evidence note: given exactly when the question has evidence


@dataclass(frozen=True)
class PassageTranslation:
    """A passage's translation as a bank shown in one language carries it: the passage itself stays
    verbatim, and this is shown beside it, labelled as a translation in `language`."""

    text: str
    language: str


@dataclass(frozen=True)
class Question:
    id: str
    statement: str
    answer: Answer
    explanation: str
    passage: str
    evidence: Evidence | None = None
    tags: tuple[str, ...] = ()
    passage_role: PassageRole | None = None
    leans: Leaning | None = None
    # Each of the bank's other languages with this question's texts in it, in the bank's order.
    translations: tuple[tuple[str, QuestionTranslation], ...] = ()
    # Set only in a bank shown in one language (`ketaquiz.languages.shown_in`) that has one.
    passage_translation: PassageTranslation | None = None


@dataclass(frozen=True)
class Source:
    title: str
    text: str
    url: str | None = None


@dataclass(frozen=True)
class Resource:
    """Where to get help: shown wherever a bank about health reaches a learner."""

    name: str
    contact: str
    region: str | None = None
    details: str | None = None
    # Each of the bank's other languages with the resource in it (a Resource without translations).
    translations: tuple[tuple[str, Resource], ...] = ()


@dataclass(frozen=True)
class Bank:
    path: str
    source: Source
    questions: tuple[Question, ...]
    title: str | None = None
    reviewed: str | None = None  # ISO date the content was last checked against the evidence
    resources: tuple[Resource, ...] = ()
    focus: str | None = None  # the tag a third or more of the statements should carry
    # The languages the bank is written in, the first being its fields' own; none when it does not say.
    languages: tuple[str, ...] = ()
    # Each of the other languages with the bank's title in it.
    title_translations: tuple[tuple[str, str], ...] = ()

    def tags(self) -> list[str]:
        return sorted({tag for question in self.questions for tag in question.tags})


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a bank; `detail` holds lines shown under it (the line quoted, a caret)."""

    message: str
    line: int | None = None
    question: str | None = None
    detail: tuple[str, ...] = ()

    def describe(self, path: str) -> str:
        where = path if self.line is None else f"{path}:{self.line}"
        if self.question:
            return _("{where}: question '{question}': {message}").format(
                where=where, question=self.question, message=self.message
            )
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Strategy:
    """A way to answer without knowing anything, and what it scores on a bank.

    `points` counts a right answer as 1 and a coin flip (a neutral statement) as 1/2; `lead` is how
    many percentage points it scores above the better of always-myth and always-fact.
    """

    name: str
    rule: str
    cued: int  # the statements its cue applies to
    points: float
    out_of: int
    lead: float
    flagged: bool
    base_rate: bool = False  # always myth or always fact: what the others are measured against

    @property
    def share(self) -> float:
        return self.points / self.out_of


@dataclass(frozen=True)
class Finding:
    """One way a valid bank could be gamed or could put a learner off, with how to fix it."""

    check: str
    message: str
    suggestion: str
    questions: tuple[str, ...] = ()  # the ids of the statements it concerns
    detail: tuple[str, ...] = ()  # lines shown under it (the longest sentence, the words in question)


def normalise(text: str) -> str:
    """Fold quotes, dashes and runs of whitespace, for finding passages in a source."""
    return " ".join(text.translate(_FOLD).split())
