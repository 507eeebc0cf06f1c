"""Stigmatising words about substance use, with the person-first words to use instead.

The terms and replacements follow NIDA's "Words Matter" and the Public Health Agency of Canada's
guide (2019). What a bank quotes (a passage, a source's title, words inside quotation marks) stays
verbatim, and regulatory terms keep their official names: a label's own "Abuse and Misuse"
section, "abuse potential", "abuse and dependence", "diversion or abuse", an agency named for drug abuse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ketaquiz.i18n import N_, _, ngettext
from ketaquiz.model import Bank, Finding, normalise


@dataclass(frozen=True)
class Term:
    pattern: re.Pattern[str]
    instead: str  # marked for translation: the English words to use, and how


def _term(pattern: str, instead: str) -> Term:
    return Term(re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE), instead)


_DRUGS = r"drug|substance|ketamine|opioid|heroin|cocaine|meth|alcohol|iv|injection|recreational"
# The more particular terms first: where two overlap, the first one found names the words.
TERMS = (
    # TRANSLATORS: the words in double quotes are the English ones to use in an English bank: keep them in English.
    _term(r"commit(?:s|ted|ting)? suicide", N_('"died by suicide" (or "took their own life")')),
    _term(
        r"(?:successful|failed|unsuccessful) suicide(?: attempts?)?", N_('"died by suicide", or "a suicide attempt"')
    ),
    _term(r"born addicted|addicted bab(?:y|ies)", N_('"a baby born with neonatal withdrawal syndrome"')),
    _term(r"addicts?", N_('"a person with a substance use disorder" (or "with an addiction")')),
    _term(
        rf"(?:(?:{_DRUGS})\s+)?abusers?",
        N_('"a person who uses drugs", or "a person with a substance use disorder"'),
    ),
    _term(
        rf"(?:(?:{_DRUGS})\s+)?abus(?:e|es|ed|ing)",
        N_('"misuse" (of a medicine), "use" (of a drug), or "substance use disorder"'),
    ),
    _term(r"junkies?|druggies?|crackheads?|potheads?|stoners?|dope fiends?", N_('"a person who uses drugs"')),
    _term(rf"(?:{_DRUGS})\s+users?", N_('"a person who uses drugs" ("people who use ketamine")')),
    _term(r"alcoholics?(?!\s+(?:drinks?|beverages?))", N_('"a person with an alcohol use disorder"')),
    _term(r"(?:drug|ketamine) habits?", N_('"substance use disorder", or "regular use"')),
    _term(r"clean", N_('"in recovery" or "not using drugs" (of a test: "negative")')),
    _term(r"dirty", N_('"using drugs" (of a test: "positive")')),
)
# Official names that keep their words: a label section, a regulatory term (drug labels and drug law
# pair "abuse" with misuse, dependence or diversion, and define each), agencies.
_OFFICIAL = re.compile(
    r"\bAbuse and Misuse\b|\babuse[- ]potential\b|\bpotential for abuse\b|\babuse[- ]deterrent\b"
    r"|(?i:\b(?:abuse (?:and|or) (?:misuse|dependence)|misuse (?:and|or) abuse|diversion (?:and|or) abuse)\b)"
    r"|\bNational Institute on (?:Drug|Alcohol) Abuse\b|\bSubstance Abuse and Mental Health Services Administration\b"
    r"|\bDrug Abuse and Dependence\b|\bDrug Abuse Warning Network\b"
)
# Words in quotation marks are someone else's: double quotes, or single quotes that are not an apostrophe.
_QUOTED = re.compile(r"\"[^\"]*\"|(?<!\w)'[^']*'(?!\w)")


def findings(bank: Bank) -> list[Finding]:
    found = []
    bank_texts = [(_("the bank's title"), bank.title)] + [
        (_("the details of '{name}'").format(name=resource.name), resource.details) for resource in bank.resources
    ]
    for where, text in bank_texts:
        found += _findings(text or "", where, ())
    for question in bank.questions:
        texts = [(_("the statement"), question.statement), (_("the explanation"), question.explanation)]
        if question.evidence is not None:
            texts.append((_("the evidence note"), question.evidence.note))
        for where, text in texts:
            found += _findings(text, where, (question.id,))
    return found


def stigmatising(text: str) -> list[tuple[str, Term]]:
    """Each stigmatising word or phrase in `text` outside quotations and official names, with its
    term, in the order they come."""
    text = normalise(text)
    taken = [match.span() for pattern in (_QUOTED, _OFFICIAL) for match in pattern.finditer(text)]
    found: list[tuple[int, str, Term]] = []
    for term in TERMS:
        for match in term.pattern.finditer(text):
            start, end = match.span()
            if all(end <= before or start >= after for before, after in taken):
                taken.append(match.span())
                found.append((start, match.group(), term))
    return [(words, term) for _, words, term in sorted(found, key=lambda match: match[0])]


def _findings(text: str, where: str, questions: tuple[str, ...]) -> list[Finding]:
    """A finding for each stigmatising word in `text`, however often it comes."""
    counted: dict[tuple[str, Term], int] = {}
    for words, term in stigmatising(text):
        counted[words.lower(), term] = counted.get((words.lower(), term), 0) + 1
    return [
        Finding(
            "stigma",
            # TRANSLATORS: {where} names a text of the bank: "the statement", "the bank's title".
            ngettext('"{words}" in {where}', '"{words}" ({count} times) in {where}', count).format(
                words=words, count=count, where=where
            ),
            _("say {instead}: person-first language").format(instead=_(term.instead)),
            questions,
        )
        for (words, term), count in counted.items()
    ]
