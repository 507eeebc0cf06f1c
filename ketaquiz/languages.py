"""Languages: the codes a bank names them by, and a bank as a reader of one of them sees it.

A bank in several languages holds each text in its first language, with a translation beside it
for each of the others. `shown_in` gives the bank in one language: every text a learner reads in
that language, the passage still quoted verbatim in the source's language with its translation
beside it, and the source's title and citations as published. What it gives is an ordinary
one-language bank, so every screen and export shows it as it shows any other.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ketaquiz.i18n import N_
from ketaquiz.model import Bank, PassageTranslation, Question, Resource

# A lowercase ISO 639 code (two letters, or three for a language with no two-letter code, such as
# crk for Plains Cree), optionally with a region: en, fr, fr-ca, es-419.
CODE = re.compile(r"[a-z]{2,3}(?:-(?:[a-z]{2}|[0-9]{3}))?")
CODE_RULE = N_("a lowercase ISO 639 code like en or fr, optionally with a region like fr-ca")


def code_form(text: str) -> str | None:
    """The code `text` is written for (FR is fr, fr_CA is fr-ca), or None when it cannot be one."""
    form = text.strip().lower().replace("_", "-")
    return form if CODE.fullmatch(form) else None


def base(language: str) -> str:
    """The language without its region: fr-ca is French, fr."""
    return language.split("-", 1)[0]


def shown_in(bank: Bank, language: str | None = None) -> Bank:
    """The bank as a reader of `language` (one of its languages; its first when None) sees it.

    A bank that does not name its languages is returned as it is. A text with no translation into
    `language` stays as written: `validate` refuses such a bank, so only a bank built by hand has one.
    """
    if not bank.languages:
        return bank
    language = language or bank.languages[0]
    title = dict(bank.title_translations).get(language, bank.title) if bank.title else None
    return replace(
        bank,
        title=title,
        languages=(language,),
        title_translations=(),
        questions=tuple(_question_in(question, language) for question in bank.questions),
        resources=tuple(_resource_in(resource, language) for resource in bank.resources),
    )


def _question_in(question: Question, language: str) -> Question:
    found = dict(question.translations).get(language)
    if found is None:
        return replace(question, translations=())
    evidence = question.evidence
    if evidence is not None and found.note is not None:
        evidence = replace(evidence, note=found.note)
    return replace(
        question,
        statement=found.statement,
        explanation=found.explanation,
        evidence=evidence,
        translations=(),
        passage_translation=PassageTranslation(found.passage, language) if found.passage else None,
    )


def _resource_in(resource: Resource, language: str) -> Resource:
    found = dict(resource.translations).get(language)
    if found is None:
        return replace(resource, translations=())
    return Resource(
        name=found.name,
        contact=found.contact,
        region=found.region or resource.region,
        details=found.details or resource.details,
    )
