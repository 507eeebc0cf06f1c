"""Balance: the share of myths, tags that are all one verdict, and the statements on the bank's focus."""

from __future__ import annotations

from fractions import Fraction

from ketaquiz import wording
from ketaquiz.i18n import _, ngettext
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
    better = max(share, 1 - share)
    if share > high:
        message = ngettext(
            "{myths} of {total} statements is a myth ({share}): always answering myth scores {better}",
            "{myths} of {total} statements are myths ({share}): always answering myth scores {better}",
            myths,
        )
        fix = _("keep myths between {low} and {high}: add facts, or turn some myths around")
    else:
        message = ngettext(
            "{myths} of {total} statements is a myth ({share}): always answering fact scores {better}",
            "{myths} of {total} statements are myths ({share}): always answering fact scores {better}",
            myths,
        )
        fix = _("keep myths between {low} and {high}: add myths, or turn some facts around")
    shares = {"share": wording.percent(float(share)), "better": wording.percent(float(better))}
    limits = {"low": wording.percent(float(low)), "high": wording.percent(float(high))}
    return [Finding("balance", message.format(myths=myths, total=total, **shares), fix.format(**limits))]


def _one_verdict_tags(bank: Bank) -> list[Finding]:
    found = []
    for tag in bank.tags():
        tagged = [question for question in bank.questions if tag in question.tags]
        verdicts = {question.answer for question in tagged}
        if len(tagged) < TAG_MIN_STATEMENTS or len(verdicts) > 1:
            continue
        (verdict,) = verdicts
        if verdict is Answer.MYTH:
            message = ngettext(
                "all {count} statement tagged '{tag}' is a myth: ketaquiz play --tag {tag} is passed by always "
                "answering myth",
                "all {count} statements tagged '{tag}' are myths: ketaquiz play --tag {tag} is passed by always "
                "answering myth",
                len(tagged),
            )
            fix = _("add a fact on this topic, or tag one that is about it")
        else:
            message = ngettext(
                "all {count} statement tagged '{tag}' is a fact: ketaquiz play --tag {tag} is passed by always "
                "answering fact",
                "all {count} statements tagged '{tag}' are facts: ketaquiz play --tag {tag} is passed by always "
                "answering fact",
                len(tagged),
            )
            fix = _("add a myth on this topic, or tag one that is about it")
        questions = tuple(question.id for question in tagged)
        found.append(Finding("balance", message.format(count=len(tagged), tag=tag), fix, questions))
    return found


def _focus(bank: Bank) -> list[Finding]:
    if bank.focus is None:
        return []
    total = len(bank.questions)
    on_focus = sum(bank.focus in question.tags for question in bank.questions)
    if Fraction(on_focus, total) >= FOCUS_SHARE:
        return []
    needed = -(-total // 3)
    message = ngettext(
        "only {count} of {total} statements ({share}) carries the bank's focus, '{focus}'",
        "only {count} of {total} statements ({share}) carry the bank's focus, '{focus}'",
        on_focus,
    ).format(count=on_focus, total=total, share=wording.percent(on_focus / total), focus=bank.focus)
    fix = _("at least a third ({needed}) should: add statements on {focus}, or tag those that are about it")
    return [Finding("balance", message, fix.format(needed=needed, focus=bank.focus))]
