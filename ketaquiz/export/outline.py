"""What a handout says, whatever it is printed as: the statements to mark, where to get help, the
answer key, and the last page, each in the language of the bank it shows, its own words too. The
Markdown and HTML handouts only render this outline."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ketaquiz import wording
from ketaquiz.bank import Bank, Question
from ketaquiz.export.common import in_language_of, in_languages
from ketaquiz.i18n import _, spoken
from ketaquiz.model import Answer


@dataclass(frozen=True)
class KeyEntry:
    """One statement of the answer key, with what explains its verdict: all of it, or in a short
    key only the explanation's first sentence (no passage, no evidence)."""

    verdict: str
    statement: str
    explanation: str
    passage_heading: str | None
    passage: str | None
    passage_translation: str | None  # labelled as a translation, in its own language
    evidence_note: str | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Words:
    """A handout's own words, in its language; those with {fields} are filled in as it is rendered."""

    language: str  # the language they are written in
    source_lead: str  # "Statements drawn from: {source}"
    instruction: str  # "For each statement, circle {myth} or {fact}."
    myth: str
    fact: str
    key_title: str
    help_title: str
    evidence_heading: str  # "What the wider evidence says:"
    quoted: str  # "{heading}: “{passage}”", a passage quoted as the article's
    sources: str  # "Sources: {sources}"
    page: str  # "Page {page} of {pages}", at the foot of each printed page


def words() -> Words:
    """A handout's words in the language in use."""
    return Words(
        language=spoken(),
        source_lead=_("Statements drawn from: {source}"),
        instruction=_("For each statement, circle {myth} or {fact}."),
        myth=wording.verdict_name(Answer.MYTH),
        fact=wording.verdict_name(Answer.FACT),
        key_title=_("Answer key"),
        help_title=wording.help_title(),
        evidence_heading=wording.labelled(wording.evidence_heading()),
        quoted=_("{heading}: “{passage}”"),
        sources=_("Sources: {sources}"),
        page=_("Page {page} of {pages}"),
    )


@dataclass(frozen=True)
class Outline:
    language: str | None  # what its texts are written in, when the bank says
    title: str
    source_title: str
    source_url: str | None
    statements: tuple[str, ...]
    help: tuple[str, ...]  # where to get help, a line each, in full: on the last page
    help_brief: tuple[str, ...]  # the same, each name and how to reach it: on the statements' last page
    key: tuple[KeyEntry, ...]
    reviewed: str | None
    words: Words


def outlines(
    bank: Bank, questions: Sequence[Question], *, languages: Sequence[str] = (), short_key: bool = False
) -> list[Outline]:
    """The handout of `questions` in each of `languages` (the bank's first when none is named), to print
    in one language or side by side; with `short_key`, an answer key of verdicts and one-line reasons."""
    return [outline(view, view.questions, short_key=short_key) for view in in_languages(bank, questions, languages)]


def outline(bank: Bank, questions: Sequence[Question], *, short_key: bool = False) -> Outline:
    """The handout of `questions`, in the language the bank is shown in, its own words too."""
    with in_language_of(bank):
        return _outline(bank, questions, short_key=short_key)


def _outline(bank: Bank, questions: Sequence[Question], *, short_key: bool) -> Outline:
    return Outline(
        language=bank.languages[0] if bank.languages else None,
        title=wording.heading(bank),
        source_title=bank.source.title,
        source_url=bank.source.url,
        statements=tuple(question.statement for question in questions),
        help=tuple(wording.resource_line(resource) for resource in bank.resources),
        help_brief=tuple(wording.resource_line(resource, brief=True) for resource in bank.resources),
        key=tuple(_short_entry(question) if short_key else _entry(question) for question in questions),
        reviewed=wording.reviewed_line(bank),
        words=words(),
    )


def _entry(question: Question) -> KeyEntry:
    evidence, translation = question.evidence, question.passage_translation
    return KeyEntry(
        verdict=wording.verdict_name(question.answer),
        statement=question.statement,
        explanation=question.explanation,
        passage_heading=wording.passage_heading(question.passage_role),
        passage=question.passage,
        passage_translation=wording.translation_line(translation) if translation else None,
        evidence_note=evidence.note if evidence else None,
        sources=evidence.sources if evidence else (),
    )


def _short_entry(question: Question) -> KeyEntry:
    return KeyEntry(
        verdict=wording.verdict_name(question.answer),
        statement=question.statement,
        explanation=first_sentence(question.explanation),
        passage_heading=None,
        passage=None,
        passage_translation=None,
        evidence_note=None,
        sources=(),
    )


# Where a sentence may end: after . ! or ? and a space, before what can start the next one (a capital, in
# any language, a digit, or an opening quote or bracket).
_SENTENCE_END = re.compile(r"(?<=[.!?]) (?=\S)")
_OPENING = '"“‘«('
# Words whose full stop ends no sentence.
_ABBREVIATIONS = ("e.g.", "i.e.", "vs.", "etc.", "Dr.", "St.", "approx.", "No.")


def one_line(text: str) -> str:
    """Text as one line: each run of spaces and line breaks one space, but a no-break space (which French
    puts before ? : ; and inside « ») kept, so that nothing breaks a line there."""
    return re.sub(r"[ \t\r\n\f\v]+", " ", text).strip(" ")


def first_sentence(text: str) -> str:
    """The reason in one line: the explanation's first sentence, which states why (the bank's
    explanations lead with it); initials and common abbreviations do not end it."""
    flat = one_line(text)
    for end in _SENTENCE_END.finditer(flat):
        following = flat[end.end()]
        if not (following.isupper() or following.isdigit() or following in _OPENING):
            continue
        before = flat[: end.start()]
        last_word = before.rsplit(" ", 1)[-1]
        if last_word.endswith(_ABBREVIATIONS) or re.fullmatch(r"(?:[A-Z]\.)+", last_word):
            continue
        return before
    return flat


def instruction(said: Words, strong: Callable[[str], str]) -> str:
    """What a learner does with the statements, the two verdicts made `strong` as the format can."""
    return said.instruction.format(myth=strong(said.myth), fact=strong(said.fact))


def choice(handouts: Sequence[Outline], between: Callable[[str], str]) -> str:
    """The two verdicts under a statement, to circle; side by side, each in every language (Myth · Mythe)."""
    myths = _each_once(handout.words.myth for handout in handouts)
    facts = _each_once(handout.words.fact for handout in handouts)
    return f"{between(myths)} / {between(facts)}"


def in_all(handouts: Sequence[Outline], word: Callable[[Words], str]) -> str:
    """A heading in each language of the handouts, each once: "Answer key / Corrigé"."""
    return _each_once((word(handout.words) for handout in handouts), " / ")


def _each_once(words: Iterable[str], between: str = " · ") -> str:
    return between.join(dict.fromkeys(words))
