"""CSV, for spreadsheets: a header row, then one row per statement."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from ketaquiz.bank import Bank, Question
from ketaquiz.cells import cell

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


def export(bank: Bank, questions: Sequence[Question]) -> str:
    # A byte-order mark lets spreadsheet programs on Windows read the file as UTF-8.
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    writer.writerows([cell(value) for value in _row(question)] for question in questions)
    return buffer.getvalue()
