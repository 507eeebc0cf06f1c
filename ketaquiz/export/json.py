"""JSON with the bank's own field names, so that an export loads back as a bank."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict

from ketaquiz.bank import Bank, Question


def export(bank: Bank, questions: Sequence[Question]) -> str:
    """The bank's own field names, so the export loads back as a bank."""
    document: dict[str, object] = {}
    if bank.title:
        document["title"] = bank.title
    if bank.reviewed:
        document["reviewed"] = bank.reviewed
    if bank.focus:
        document["focus"] = bank.focus
    source: dict[str, str] = {"title": bank.source.title}
    if bank.source.url:
        source["url"] = bank.source.url
    source["text"] = bank.source.text
    document["source"] = source
    if bank.resources:
        document["resources"] = [
            {key: value for key, value in asdict(resource).items() if value is not None} for resource in bank.resources
        ]
    document["questions"] = [_question_fields(question) for question in questions]
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _question_fields(question: Question) -> dict[str, object]:
    fields: dict[str, object] = {
        "id": question.id,
        "statement": question.statement,
        "answer": question.answer.value,
        "explanation": question.explanation,
        "passage": question.passage,
    }
    if question.passage_role is not None:
        fields["passage_role"] = question.passage_role.value
    if question.leans is not None:
        fields["leans"] = question.leans.value
    if question.evidence is not None:
        fields["evidence"] = {"note": question.evidence.note, "sources": list(question.evidence.sources)}
    if question.tags:
        fields["tags"] = list(question.tags)
    return fields
