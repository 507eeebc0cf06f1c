"""The words every export shares: feedback, where to get help, when the evidence was reviewed.

An export speaks the language of the bank as it shows it (`in_language_of`): a French handout
says "Corrigé", whatever the interface's language; a bank that does not name its language is
exported with the interface's words.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import replace

from ketaquiz import wording
from ketaquiz.bank import Answer, Bank, Question
from ketaquiz.i18n import _, speaking
from ketaquiz.languages import shown_in


def in_languages(bank: Bank, questions: Sequence[Question], languages: Sequence[str]) -> list[Bank]:
    """The bank holding just `questions`, as a reader of each of `languages` sees it; in the bank's first
    language when none is named."""
    chosen = replace(bank, questions=tuple(questions))
    return [shown_in(chosen, language) for language in languages or (None,)]


def in_language_of(bank: Bank) -> AbstractContextManager[None]:
    """Within the block, ketaquiz's own words are in the language `bank` is shown in."""
    return speaking(bank.languages[0] if bank.languages else None)


def right_feedback(question: Question) -> str:
    if question.answer is Answer.MYTH:
        return _("Right: this is a myth.")
    return _("Right: this is a fact.")


def wrong_feedback(question: Question) -> str:
    if question.answer is Answer.MYTH:
        return _("Not quite: this is a myth.")
    return _("Not quite: this is a fact.")


def passage_line(question: Question, source_title: str) -> str:
    """The passage as quoted, and on the next line its translation, labelled as one, where it has one."""
    line = _("{heading}: “{passage}” — {source}").format(
        heading=wording.passage_heading(question.passage_role), passage=question.passage, source=source_title
    )
    translation = question.passage_translation
    return f"{line}\n{wording.translation_line(translation)}" if translation else line


def feedback_paragraphs(question: Question, source_title: str) -> list[str]:
    """The explanation, the quoted passage and the wider evidence, one paragraph each."""
    paragraphs = [question.explanation, passage_line(question, source_title)]
    if question.evidence is not None:
        evidence = evidence_line(question.evidence.note)
        paragraphs.append(f"{evidence}\n{sources_line(question.evidence.sources)}")
    return paragraphs


def evidence_line(note: str) -> str:
    return _("{heading}: {note}").format(heading=wording.evidence_heading(), note=note)


def sources_line(sources: Sequence[str]) -> str:
    return _("Sources: {sources}").format(sources="; ".join(sources))


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
