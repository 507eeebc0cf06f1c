"""Balance: the share of myths, tags that are all one verdict, and the statements on the bank's focus."""

from __future__ import annotations

from fractions import Fraction

from ketaquiz import wording
from ketaquiz.model import Answer, Bank, Finding

# The share of myths a bank keeps within, so that neither always-myth nor always-fact pays.
MYTH_SHARE = (Fraction(40, 100), Fraction(60, 100))
# A tag on fewer statements is too small for all-one-verdict to be a pattern.
TAG_MIN_STATEMENTS = 3
# The share of statements that carry the bank's focus tag.
FOCUS_SHARE = Fraction(1, 3)


def findings(bank: Bank) -> list[Finding]:
    return _myth_share(bank) + _one_verdict_tags(bank) + _focus(bank)


def _myth_share(bank: Bank) -> list[Finding]:
    total = len(bank.questions)
    myths = sum(question.answer is Answer.MYTH for question in bank.questions)
    share = Fraction(myths, total)
    low, high = MYTH_SHARE
    if low <= share <= high:
        return []
    more = Answer.MYTH if share > high else Answer.FACT
    better = max(share, 1 - share)
    return [
        Finding(
            "balance",
            f"{myths} of {total} statements are myths ({wording.percent(float(share))}): always answering {more} "
            f"scores {wording.percent(float(better))}",
            f"keep myths between {wording.percent(float(low))} and {wording.percent(float(high))}: add "
            f"{'facts' if more is Answer.MYTH else 'myths'}, or turn some {more}s around",
        )
    ]


def _one_verdict_tags(bank: Bank) -> list[Finding]:
    found = []
    for tag in bank.tags():
        tagged = [question for question in bank.questions if tag in question.tags]
        verdicts = {question.answer for question in tagged}
        if len(tagged) < TAG_MIN_STATEMENTS or len(verdicts) > 1:
            continue
        (verdict,) = verdicts
        other = Answer.FACT if verdict is Answer.MYTH else Answer.MYTH
        found.append(
            Finding(
                "balance",
                f"all {len(tagged)} statements tagged '{tag}' are {verdict}s: ketaquiz play --tag {tag} is passed "
                f"by always answering {verdict}",
                f"add a {other} on this topic, or tag one that is about it",
                tuple(question.id for question in tagged),
            )
        )
    return found


def _focus(bank: Bank) -> list[Finding]:
    if bank.focus is None:
        return []
    total = len(bank.questions)
    on_focus = sum(bank.focus in question.tags for question in bank.questions)
    if Fraction(on_focus, total) >= FOCUS_SHARE:
        return []
    needed = -(-total // 3)
    return [
        Finding(
            "balance",
            f"only {on_focus} of {total} statements ({wording.percent(on_focus / total)}) carry the "
            f"bank's focus, '{bank.focus}'",
            f"at least a third ({needed}) should: add statements on {bank.focus}, or tag those that are about it",
        )
    ]
