"""CSV, for spreadsheets: a header row, then one row per statement."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence

from ketaquiz.bank import Bank, Question
from ketaquiz.cells import cell
from ketaquiz.export.common import in_languages

# New columns go at the end, so that existing spreadsheets' formulas keep their columns.
CSV_COLUMNS = (
    "id",
    "statement",
    "answer",
    "explanation",
    "passage",
    "evidence",
    "sources",
    "tags",
    "passage_role",
    "leans",
)


def _row(question: Question) -> tuple[str, ...]:
    evidence = question.evidence
    return (
        question.id,
        question.statement,
        question.answer.value,
        question.explanation,
        question.passage,
        evidence.note if evidence else "",
        "\n".join(evidence.sources) if evidence else "",
        ", ".join(question.tags),
        question.passage_role.value if question.passage_role else "",
        question.leans.value if question.leans else "",
    )


Column = tuple[str, Callable[[Question], str]]
_TEXTS: dict[str, Callable[[Question], str]] = {
    "statement": lambda question: question.statement,
    "explanation": lambda question: question.explanation,
    "passage_translation": lambda question: question.passage_translation.text if question.passage_translation else "",
    "evidence": lambda question: question.evidence.note if question.evidence else "",
}


def _columns(view: Bank, *, leading: bool, original: str | None) -> list[Column]:
    """The columns a language adds, each named with its code (statement_fr): its texts, unless the usual
    columns hold them already, and the passage's translation, unless it is the passage's own language."""
    if not view.languages:
        return []
    language = view.languages[0]
    names = [] if leading else ["statement", "explanation"]
    if language != original:
        names.append("passage_translation")
    if not leading:
        names.append("evidence")
    return [(f"{name}_{language}", _TEXTS[name]) for name in names]


def export(bank: Bank, questions: Sequence[Question], *, languages: Sequence[str] = ()) -> str:
    """The first of `languages` (the bank's first when none is named) in the usual columns, and a column for
    each text of each other language after them, where existing spreadsheets' formulas do not look."""
    views = in_languages(bank, questions, languages)
    original = bank.languages[0] if bank.languages else None
    added = [(view, column) for view in views for column in _columns(view, leading=view is views[0], original=original)]
    # A byte-order mark lets spreadsheet programs on Windows read the file as UTF-8.
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([*CSV_COLUMNS, *(name for _, (name, _) in added)])
    for index, question in enumerate(views[0].questions):
        cells = [*_row(question), *(text(view.questions[index]) for view, (_, text) in added)]
        writer.writerow([cell(value) for value in cells])
    return buffer.getvalue()
