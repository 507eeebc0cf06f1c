"""What a handout says, whatever it is printed as: the statements to mark, where to get help, the
answer key, and the last page. The Markdown and HTML handouts only render this outline."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ketaquiz import wording
from ketaquiz.bank import Bank, Question
from ketaquiz.model import Answer


@dataclass(frozen=True)
class KeyEntry:
    """One statement of the answer key, with everything that explains its verdict."""

    verdict: str
    statement: str
    explanation: str
    passage_heading: str
    passage: str
    evidence_note: str | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Outline:
    title: str
    source_title: str
    source_url: str | None
    statements: tuple[str, ...]
    help: tuple[str, ...]  # where to get help, a line each; on the statements' pages and the last page
    key: tuple[KeyEntry, ...]
    reviewed: str | None

    SOURCE_LEAD = "Statements drawn from"
    KEY_TITLE = "Answer key"
    HELP_TITLE = wording.HELP_TITLE
    EVIDENCE_HEADING = wording.EVIDENCE_HEADING


def outline(bank: Bank, questions: Sequence[Question]) -> Outline:
    return Outline(
        title=wording.heading(bank),
        source_title=bank.source.title,
        source_url=bank.source.url,
        statements=tuple(question.statement for question in questions),
        help=tuple(wording.resource_line(resource) for resource in bank.resources),
        key=tuple(_entry(question) for question in questions),
        reviewed=wording.reviewed_line(bank),
    )


def _entry(question: Question) -> KeyEntry:
    evidence = question.evidence
    return KeyEntry(
        verdict=wording.verdict_name(question.answer),
        statement=question.statement,
        explanation=question.explanation,
        passage_heading=wording.passage_heading(question.passage_role),
        passage=question.passage,
        evidence_note=evidence.note if evidence else None,
        sources=evidence.sources if evidence else (),
    )


def instruction(strong: Callable[[str], str]) -> str:
    """What a learner does with the statements, the two verdicts made `strong` as the format can."""
    myth, fact = (strong(wording.verdict_name(answer)) for answer in (Answer.MYTH, Answer.FACT))
    return f"For each statement, circle {myth} or {fact}."


def choice(between: Callable[[str], str]) -> str:
    """The two verdicts under a statement, to circle."""
    return " / ".join(between(wording.verdict_name(answer)) for answer in (Answer.MYTH, Answer.FACT))
