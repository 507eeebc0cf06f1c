"""A Markdown handout: numbered statements to mark, then an answer key on its own page."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ketaquiz import wording
from ketaquiz.bank import Bank, Question
from ketaquiz.export.common import link_target

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#&])")


def markdown_escape(text: str) -> str:
    """One paragraph of plain text that Markdown shows exactly as written."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def export(bank: Bank, questions: Sequence[Question]) -> str:
    # The statement pages often go to learners without the key: they carry the help too.
    lines = _statements(bank, questions) + _help(bank) + _answer_key(bank, questions) + _last_page(bank)
    return "\n".join(lines).rstrip("\n") + "\n"


def _statements(bank: Bank, questions: Sequence[Question]) -> list[str]:
    source = markdown_escape(bank.source.title)
    if link_target(bank.source.url):
        source = f"[{source}](<{bank.source.url}>)"
    elif bank.source.url:  # not a web address: shown as text, never as a link or markup
        source = f"{source}, {markdown_escape(bank.source.url)}"
    lines = [
        f"# {markdown_escape(wording.heading(bank))}",
        "",
        f"Statements drawn from: {source}",
        "",
        "For each statement, circle **Myth** or **Fact**.",
        "",
    ]
    for number, question in enumerate(questions, 1):
        lines += [f"{number}. {markdown_escape(question.statement)}", "", "   Myth / Fact", ""]
    return lines


def _answer_key(bank: Bank, questions: Sequence[Question]) -> list[str]:
    lines = ['<div style="page-break-before: always"></div>', "", "## Answer key", ""]
    for number, question in enumerate(questions, 1):
        verdict = wording.verdict_name(question.answer)
        lines += [
            f"{number}. **{verdict}.** {markdown_escape(question.statement)}",
            "",
            f"   {markdown_escape(question.explanation)}",
            "",
            f"   > {wording.passage_heading(question.passage_role)}: “{markdown_escape(question.passage)}”",
            f"   > — {markdown_escape(bank.source.title)}",
            "",
        ]
        if question.evidence is not None:
            sources = "; ".join(markdown_escape(source) for source in question.evidence.sources)
            lines += [
                f"   *{wording.EVIDENCE_HEADING}:* {markdown_escape(question.evidence.note)}",
                "",
                f"   Sources: {sources}",
                "",
            ]
    return lines


def _help(bank: Bank) -> list[str]:
    if not bank.resources:
        return []
    return [
        f"## {wording.HELP_TITLE}",
        "",
        *(f"- {markdown_escape(wording.resource_line(resource))}" for resource in bank.resources),
        "",
    ]


def _last_page(bank: Bank) -> list[str]:
    lines = _help(bank)
    reviewed = wording.reviewed_line(bank)
    if reviewed:
        lines += [reviewed, ""]
    return lines
