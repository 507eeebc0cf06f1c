"""Giveaway pairs: two statements so alike that one answers the other.

Two ways: statements worded alike with opposite verdicts (knowing one, a learner knows the other),
and a sentence of one statement's explanation that states another statement's claim (after the
first is answered, the second is). Fuzzy matching is rapidfuzz's, on words in lower case.
"""

from __future__ import annotations

from ketaquiz import wording
from ketaquiz.audit.text import content_keys, sentences
from ketaquiz.i18n import _
from ketaquiz.model import Answer, Bank, Finding

# rapidfuzz's token_sort_ratio (the words compared in sorted order, 0–100) of two statements with
# opposite verdicts at which they read as one claim and its opposite.
ALIKE = 80
# rapidfuzz's token_ratio of a sentence and a statement at which the sentence states the
# statement's claim: 100 when it holds every word of the statement.
STATES = 90
# token_ratio is also 100 when the sentence's words are a few of the statement's ("So did IV
# ketamine."): the sentence must also hold this share of the statement's content words.
COVERS = 0.75


def findings(bank: Bank) -> list[Finding]:
    return _alike(bank) + _stated(bank)


def _alike(bank: Bank) -> list[Finding]:
    from rapidfuzz import fuzz, process, utils

    questions = bank.questions
    # Each statement is compared only with those of the other verdict, so that a bank of near-copies
    # costs no more than the pairs it finds.
    with_verdict = {
        answer: [at for at, question in enumerate(questions) if question.answer is answer] for answer in Answer
    }
    statements = {
        answer: [utils.default_process(questions[at].statement) for at in ats] for answer, ats in with_verdict.items()
    }
    found = []
    for index, question in enumerate(questions):
        opposite = Answer.FACT if question.answer is Answer.MYTH else Answer.MYTH
        query = utils.default_process(question.statement)
        matches = process.extract(
            query, statements[opposite], scorer=fuzz.token_sort_ratio, score_cutoff=ALIKE, limit=None
        )
        for _match, score, position in sorted(matches, key=lambda match: match[2]):
            other = questions[with_verdict[opposite][position]]
            if with_verdict[opposite][position] < index:
                continue  # the pair was found from the other side
            message = (
                _(
                    "'{first}' (myth) and '{second}' (fact) are worded alike ({similarity} similar): knowing one "
                    "answers the other"
                )
                if question.answer is Answer.MYTH
                else _(
                    "'{first}' (fact) and '{second}' (myth) are worded alike ({similarity} similar): knowing one "
                    "answers the other"
                )
            )
            found.append(
                Finding(
                    "pairs",
                    message.format(first=question.id, second=other.id, similarity=wording.percent(score / 100)),
                    _("reword one of them so the two do not read as one claim and its opposite, or keep only one"),
                    (question.id, other.id),
                )
            )
    return found


def _stated(bank: Bank) -> list[Finding]:
    from rapidfuzz import fuzz, process, utils

    questions = bank.questions
    said = [
        (owner, sentence) for owner, question in enumerate(questions) for sentence in sentences(question.explanation)
    ]
    processed = [utils.default_process(sentence) for _, sentence in said]
    found = []
    for index, question in enumerate(questions):
        matches = process.extract(
            utils.default_process(question.statement),
            processed,
            scorer=fuzz.token_ratio,
            score_cutoff=STATES,
            limit=None,
        )
        for _match, _score, at in sorted(matches, key=lambda match: match[2]):
            owner, sentence = said[at]
            if owner == index or not _covers(sentence, question.statement):
                continue
            explained = questions[owner]
            message = (
                _("the explanation of '{explained}' states the answer to '{answered}' (myth)")
                if question.answer is Answer.MYTH
                else _("the explanation of '{explained}' states the answer to '{answered}' (fact)")
            )
            found.append(
                Finding(
                    "pairs",
                    message.format(explained=explained.id, answered=question.id),
                    _("reword that sentence so it does not settle '{answered}', or keep only one of the two").format(
                        answered=question.id
                    ),
                    (explained.id, question.id),
                    (_("the explanation says: {sentence}").format(sentence=sentence),),
                )
            )
    return found


def _covers(sentence: str, statement: str) -> bool:
    claim = content_keys(statement)
    return bool(claim) and len(claim & content_keys(sentence)) >= COVERS * len(claim)
