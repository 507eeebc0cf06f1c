"""Plain language: the reading grade of every statement and explanation, against the usual
patient-education target."""

from __future__ import annotations

from collections.abc import Callable

from ketaquiz.audit.text import sentences, words
from ketaquiz.languages import base, shown_in
from ketaquiz.model import Bank, Finding

# Patient-education material aims at a grade 8 reader or below.
TARGET_GRADE = 8


def _flesch_kincaid(text: str) -> float:
    import textstat  # the audit extra: only the checks that grade text need it

    return float(textstat.flesch_kincaid_grade(text))


# A reading-grade formula for each language a bank can be written in, by its code without a region.
# Flesch–Kincaid is made for English; French needs a formula of its own (Kandel and Moles' adaptation
# of Flesch's, say), added here under "fr". A language without one is left out of the grade, and the
# audit says so.
GRADERS: dict[str, Callable[[str], float]] = {"en": _flesch_kincaid}


def _languages(bank: Bank) -> tuple[str, ...]:
    # A bank that does not name its language is read as English, as the audit always has.
    return bank.languages or ("en",)


def left_out(bank: Bank) -> list[str]:
    """The bank's languages that no formula grades."""
    return [language for language in _languages(bank) if base(language) not in GRADERS]


def note(bank: Bank) -> str | None:
    """What the grade leaves out, said once: a translation into a language it has no formula for."""
    missing = left_out(bank)
    if not missing:
        return None
    return (
        f"the {', '.join(missing)} text is left out of the reading grade, which has a formula for "
        f"{', '.join(GRADERS)} only"
    )


def findings(bank: Bank) -> list[Finding]:
    """A finding for each question whose statement or explanation reads above the target grade, in
    each of the bank's languages that a formula grades (the language named when there are several)."""
    graded = [language for language in _languages(bank) if base(language) in GRADERS]
    found = []
    for language in graded:
        named = f" ({language})" if len(graded) > 1 else ""
        found += _graded(shown_in(bank, language), GRADERS[base(language)], named)
    return found


def _graded(bank: Bank, grade: Callable[[str], float], named: str) -> list[Finding]:
    found = []
    for question in bank.questions:
        texts = {"statement": question.statement, "explanation": question.explanation}
        grades = {where: round(grade(text), 1) for where, text in texts.items()}
        above = [where for where, value in grades.items() if value > TARGET_GRADE]
        if not above:
            continue
        readings = " and ".join(f"the {where} at grade {grades[where]:.1f}" for where in above)
        where, longest = max(
            ((where, sentence) for where in above for sentence in sentences(texts[where])),
            key=lambda found: len(words(found[1])),
        )
        found.append(
            Finding(
                "language",
                f"reads above grade {TARGET_GRADE}{named}: {readings}",
                "shorter sentences and everyday words; split the longest sentence first",
                (question.id,),
                (f"longest sentence ({len(words(longest))} words, in the {where}): {longest}",),
            )
        )
    return found
