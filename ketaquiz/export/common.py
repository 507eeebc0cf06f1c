"""The words every export shares: feedback, where to get help, when the evidence was reviewed."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import replace

from ketaquiz import wording
from ketaquiz.bank import Bank, Question
from ketaquiz.languages import shown_in


def in_languages(bank: Bank, questions: Sequence[Question], languages: Sequence[str]) -> list[Bank]:
    """The bank holding just `questions`, as a reader of each of `languages` sees it; in the bank's first
    language when none is named."""
    chosen = replace(bank, questions=tuple(questions))
    return [shown_in(chosen, language) for language in languages or (None,)]


def right_feedback(question: Question) -> str:
    return f"Right: this is {wording.verdict_phrase(question.answer)}."


def wrong_feedback(question: Question) -> str:
    return f"Not quite: this is {wording.verdict_phrase(question.answer)}."


def passage_line(question: Question, source_title: str) -> str:
    """The passage as quoted, and on the next line its translation, labelled as one, where it has one."""
    line = f"{wording.passage_heading(question.passage_role)}: “{question.passage}” — {source_title}"
    translation = question.passage_translation
    return f"{line}\n{wording.translation_line(translation)}" if translation else line


def feedback_paragraphs(question: Question, source_title: str) -> list[str]:
    """The explanation, the quoted passage and the wider evidence, one paragraph each."""
    paragraphs = [question.explanation, passage_line(question, source_title)]
    if question.evidence is not None:
        paragraphs += [
            f"{wording.EVIDENCE_HEADING}: {question.evidence.note}\nSources: " + "; ".join(question.evidence.sources)
        ]
    return paragraphs


def html_text(text: str) -> str:
    """Bank text as HTML that shows it exactly: markup characters escaped, line breaks kept."""
    return html.escape(text, quote=False).replace("\n", "<br>")


def html_paragraphs(paragraphs: list[str]) -> str:
    return "".join(f"<p>{html_text(paragraph)}</p>" for paragraph in paragraphs)


def link_target(url: str | None) -> str | None:
    """The source's address when it is safe to link: a plain web address, never a script or markup."""
    if url and url.startswith(("https://", "http://")) and not any(c.isspace() or c in '<>"' for c in url):
        return url
    return None
