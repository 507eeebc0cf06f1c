"""Plain language: the reading grade of every statement and explanation, against the usual
patient-education target."""

from __future__ import annotations

from collections.abc import Callable

from ketaquiz.audit.text import sentences, words
from ketaquiz.i18n import _, decimal, ngettext
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
    return _("the {languages} text is left out of the reading grade, which has a formula for {graded} only").format(
        languages=", ".join(missing), graded=", ".join(GRADERS)
    )


def findings(bank: Bank) -> list[Finding]:
    """A finding for each question whose statement or explanation reads above the target grade, in
    each of the bank's languages that a formula grades (the language named when there are several)."""
    graded = [language for language in _languages(bank) if base(language) in GRADERS]
    found = []
    for language in graded:
        named = language if len(graded) > 1 else None
        found += _graded(shown_in(bank, language), GRADERS[base(language)], named)
    return found


def _graded(bank: Bank, grade: Callable[[str], float], language: str | None) -> list[Finding]:
    """A finding for each question above the target grade; `language` is named when the bank is graded in several."""
    found = []
    for question in bank.questions:
        texts = {"statement": question.statement, "explanation": question.explanation}
        grades = {where: round(grade(text), 1) for where, text in texts.items()}
        above = [where for where, value in grades.items() if value > TARGET_GRADE]
        if not above:
            continue
        where, longest = max(
            ((where, sentence) for where in above for sentence in sentences(texts[where])),
            key=lambda found: len(words(found[1])),
        )
        found.append(
            Finding(
                "language",
                _reading(above, grades, language),
                _("shorter sentences and everyday words; split the longest sentence first"),
                (question.id,),
                (_longest(longest, where),),
            )
        )
    return found


def _reading(above: list[str], grades: dict[str, float], language: str | None) -> str:
    """What reads above the target grade, and at which grade: the statement, the explanation, or both."""
    if above == ["statement"]:
        message = _("reads above grade {target}: the statement at grade {statement}")
        in_language = _("reads above grade {target} ({language}): the statement at grade {statement}")
    elif above == ["explanation"]:
        message = _("reads above grade {target}: the explanation at grade {explanation}")
        in_language = _("reads above grade {target} ({language}): the explanation at grade {explanation}")
    else:
        message = _(
            "reads above grade {target}: the statement at grade {statement} and the explanation at grade {explanation}"
        )
        in_language = _(
            "reads above grade {target} ({language}): the statement at grade {statement} and the explanation at "
            "grade {explanation}"
        )
    graded = {where: decimal(value) for where, value in grades.items()}
    return (in_language if language else message).format(target=TARGET_GRADE, language=language, **graded)


def _longest(sentence: str, where: str) -> str:
    count = len(words(sentence))
    if where == "statement":
        said = ngettext(
            "longest sentence ({count} word, in the statement): {sentence}",
            "longest sentence ({count} words, in the statement): {sentence}",
            count,
        )
    else:
        said = ngettext(
            "longest sentence ({count} word, in the explanation): {sentence}",
            "longest sentence ({count} words, in the explanation): {sentence}",
            count,
        )
    return said.format(count=count, sentence=sentence)
