"""Exporters: the statements of a bank in the formats educators already use.

Each exporter is a pure function from a bank and its chosen questions to text.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict

from ketaquiz.bank import Answer, Bank, Question, passage_heading

Exporter = Callable[[Bank, Sequence[Question]], str]

# Spreadsheets run a cell that starts with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_GIFT_SPECIAL = re.compile(r"([\\~=#{}:])")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")


def gift_escape(text: str) -> str:
    """Text as GIFT needs it: specials behind a backslash, newlines written \\n."""
    return _GIFT_SPECIAL.sub(r"\\\1", text).replace("\n", "\\n")


def gift_text(text: str) -> str:
    """Escaped text that Moodle also will not read a leading [html] or [markdown] in as a format."""
    escaped = gift_escape(text)
    return "[moodle]" + escaped if escaped.startswith("[") else escaped


def _feedback_lines(question: Question, source_title: str) -> list[str]:
    lines = [
        question.explanation,
        "",
        f"{passage_heading(question.passage_role)}: “{question.passage}” — {source_title}",
    ]
    if question.evidence is not None:
        lines += [
            "",
            f"What the wider evidence says: {question.evidence.note}",
            "Sources: " + "; ".join(question.evidence.sources),
        ]
    return lines


def to_gift(bank: Bank, questions: Sequence[Question]) -> str:
    blocks = []
    for question in questions:
        verdict = "a fact" if question.answer is Answer.FACT else "a myth"
        answer = "TRUE" if question.answer is Answer.FACT else "FALSE"
        general = gift_text("\n".join(_feedback_lines(question, bank.source.title)))
        body = (
            f"::{gift_escape(question.id)}::{gift_text(question.statement)}"
            f"{{{answer}#{gift_escape(f'Not quite: this is {verdict}.')}"
            f"#{gift_escape(f'Right: this is {verdict}.')}####{general}}}"
        )
        tags = " ".join(f"[tag:{tag}]" for tag in question.tags)
        blocks.append(f"// {tags}\n{body}" if tags else body)
    return "\n\n".join(blocks) + "\n"


CSV_COLUMNS = ("id", "statement", "answer", "explanation", "passage", "evidence", "sources", "tags")


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def to_csv(bank: Bank, questions: Sequence[Question]) -> str:
    # A byte-order mark lets spreadsheet programs on Windows read the file as UTF-8.
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for question in questions:
        evidence = question.evidence
        writer.writerow(
            _cell(value)
            for value in (
                question.id,
                question.statement,
                question.answer.value,
                question.explanation,
                question.passage,
                evidence.note if evidence else "",
                "\n".join(evidence.sources) if evidence else "",
                ", ".join(question.tags),
            )
        )
    return buffer.getvalue()


def markdown_escape(text: str) -> str:
    """One paragraph of plain text that Markdown shows exactly as written."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def to_markdown(bank: Bank, questions: Sequence[Question]) -> str:
    source = markdown_escape(bank.source.title)
    if bank.source.url:
        source = f"[{source}](<{bank.source.url}>)"
    lines = [
        f"# {markdown_escape(bank.title or bank.source.title)}",
        "",
        f"Statements drawn from: {source}",
        "",
        "For each statement, circle **Myth** or **Fact**.",
        "",
    ]
    for number, question in enumerate(questions, 1):
        lines += [f"{number}. {markdown_escape(question.statement)}", "", "   Myth / Fact", ""]
    lines += [
        '<div style="page-break-before: always"></div>',
        "",
        "## Answer key",
        "",
    ]
    for number, question in enumerate(questions, 1):
        verdict = question.answer.value.capitalize()
        lines += [
            f"{number}. **{verdict}.** {markdown_escape(question.statement)}",
            "",
            f"   {markdown_escape(question.explanation)}",
            "",
            f"   > {passage_heading(question.passage_role)}: “{markdown_escape(question.passage)}”",
            f"   > — {markdown_escape(bank.source.title)}",
            "",
        ]
        if question.evidence is not None:
            sources = "; ".join(markdown_escape(source) for source in question.evidence.sources)
            lines += [
                f"   *What the wider evidence says:* {markdown_escape(question.evidence.note)}",
                "",
                f"   Sources: {sources}",
                "",
            ]
    return "\n".join(lines).rstrip("\n") + "\n"


def to_json(bank: Bank, questions: Sequence[Question]) -> str:
    """The bank's own field names, so the export loads back as a bank."""
    document: dict[str, object] = {}
    if bank.title:
        document["title"] = bank.title
    if bank.reviewed:
        document["reviewed"] = bank.reviewed
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
    if question.evidence is not None:
        fields["evidence"] = {"note": question.evidence.note, "sources": list(question.evidence.sources)}
    if question.tags:
        fields["tags"] = list(question.tags)
    return fields


FORMATS: dict[str, Exporter] = {"gift": to_gift, "csv": to_csv, "markdown": to_markdown, "json": to_json}
EXTENSIONS = {".gift": "gift", ".csv": "csv", ".md": "markdown", ".markdown": "markdown", ".json": "json"}


def format_of(name: str | None, output: str | None) -> str | None:
    """The format asked for, or else the one the output file's extension names; None if neither says."""
    if name is not None:
        return name.lower()
    return EXTENSIONS.get(os.path.splitext(output or "")[1].lower())
