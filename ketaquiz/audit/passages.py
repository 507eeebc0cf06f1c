"""Weak passages: a passage that may not bear on its statement, and statements that lean on one
passage for the same verdict."""

from __future__ import annotations

from collections import Counter

from ketaquiz.audit.text import content_keys
from ketaquiz.i18n import _, ngettext
from ketaquiz.model import Answer, Bank, Finding, Question, normalise

# A word in more than half of the statements (and at least this many) is the bank's subject
# ("ketamine"): it appears everywhere, so sharing it says nothing about whether a passage bears.
SUBJECT_MIN_STATEMENTS = 3


def findings(bank: Bank) -> list[Finding]:
    return _unrelated(bank) + _same_passage(bank)


def subject_keys(questions: tuple[Question, ...]) -> set[str]:
    counts = Counter(key for question in questions for key in content_keys(question.statement))
    return {key for key, count in counts.items() if count > len(questions) / 2 and count >= SUBJECT_MIN_STATEMENTS}


def _unrelated(bank: Bank) -> list[Finding]:
    subject = subject_keys(bank.questions)
    found = []
    for question in bank.questions:
        quoted = content_keys(question.passage) - subject
        if not quoted or quoted & content_keys(f"{question.statement} {question.explanation}"):
            continue
        found.append(
            Finding(
                "passages",
                _(
                    "the passage shares no content word with the statement and explanation (beyond the bank's "
                    "subject): it may not bear on the claim"
                ),
                _(
                    "quote the sentence of the source that makes this claim, or say in the explanation how the "
                    "passage bears on it"
                ),
                (question.id,),
                (_the_passage(question.passage),),
            )
        )
    return found


def _same_passage(bank: Bank) -> list[Finding]:
    groups: dict[tuple[str, str], list[Question]] = {}
    for question in bank.questions:
        groups.setdefault((normalise(question.passage), question.answer.value), []).append(question)
    found = []
    for (_passage, verdict), alike in groups.items():
        if len(alike) < 2:
            continue
        found.append(
            Finding(
                "passages",
                _same(len(alike), Answer(verdict)),
                _(
                    "quote for each the sentence that bears on it; where one passage answers both, a learner who has "
                    "seen one knows the other"
                ),
                tuple(question.id for question in alike),
                (_the_passage(alike[0].passage),),
            )
        )
    return found


def _same(count: int, verdict: Answer) -> str:
    if count == 2:
        if verdict is Answer.MYTH:
            return _("2 statements quote the same passage and are both myths")
        return _("2 statements quote the same passage and are both facts")
    # Never fewer than three here; ngettext still, for the languages whose plural changes with the number.
    if verdict is Answer.MYTH:
        message = ngettext(
            "{count} statement quotes the same passage and is a myth",
            "{count} statements quote the same passage and are all myths",
            count,
        )
    else:
        message = ngettext(
            "{count} statement quotes the same passage and is a fact",
            "{count} statements quote the same passage and are all facts",
            count,
        )
    return message.format(count=count)


def _the_passage(passage: str) -> str:
    return _("the passage: {passage}").format(passage=passage)
