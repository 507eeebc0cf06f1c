"""Plain language: the reading grade of every statement and explanation, against the usual
patient-education target."""

from __future__ import annotations

from collections.abc import Callable

from ketaquiz.audit.text import sentences, words
from ketaquiz.model import Bank, Finding

# Patient-education material aims at a grade 8 reader or below.
TARGET_GRADE = 8


def _flesch_kincaid(text: str) -> float:
    import textstat  # the audit extra: only the checks that grade text need it

    return float(textstat.flesch_kincaid_grade(text))


# A reading-grade formula for each language a bank can be written in. Flesch–Kincaid is made for
# English; French needs a formula of its own (Kandel and Moles' adaptation of Flesch's, say), added
# here under "fr".
GRADERS: dict[str, Callable[[str], float]] = {"en": _flesch_kincaid}


def findings(bank: Bank, *, language: str = "en") -> list[Finding]:
    """A finding for each question whose statement or explanation reads above the target grade."""
    grade = GRADERS[language]
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
                f"reads above grade {TARGET_GRADE}: {readings}",
                "shorter sentences and everyday words; split the longest sentence first",
                (question.id,),
                (f"longest sentence ({len(words(longest))} words, in the {where}): {longest}",),
            )
        )
    return found
