"""JSON with the bank's own field names, so that an export loads back as a bank."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ketaquiz.bank import Bank, Question, Resource


def export(bank: Bank, questions: Sequence[Question], **_: object) -> str:
    """The bank's own field names, translations included, so the export loads back as the same bank.

    It takes no languages: like the bank it comes from, it holds every one.
    """
    document: dict[str, object] = {}
    if bank.title:
        document["title"] = bank.title
    if bank.reviewed:
        document["reviewed"] = bank.reviewed
    if bank.focus:
        document["focus"] = bank.focus
    if bank.languages:
        document["languages"] = list(bank.languages)
    if bank.title_translations:
        document["translations"] = {language: {"title": title} for language, title in bank.title_translations}
    source: dict[str, str] = {"title": bank.source.title}
    if bank.source.url:
        source["url"] = bank.source.url
    source["text"] = bank.source.text
    document["source"] = source
    if bank.resources:
        document["resources"] = [_resource_fields(resource) for resource in bank.resources]
    document["questions"] = [_question_fields(question) for question in questions]
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _resource_fields(resource: Resource) -> dict[str, object]:
    fields: dict[str, object] = {"name": resource.name, "contact": resource.contact}
    fields.update({key: value for key, value in (("region", resource.region), ("details", resource.details)) if value})
    if resource.translations:
        fields["translations"] = {
            language: _resource_fields(translated) for language, translated in resource.translations
        }
    return fields


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
    if question.translations:
        fields["translations"] = {
            language: {key: value for key, value in vars(translated).items() if value is not None}
            for language, translated in question.translations
        }
    return fields
