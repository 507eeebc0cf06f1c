"""The projector in two languages at once, as bilingual events in Canada show it: each statement,
verdict and explanation, and every word the room reads, in each of the workshop's languages, one
above the other, the first (the facilitator's) in roman and the others in italics, so that an eye
finds its own language at once. The facilitator's prompts stay in the facilitator's language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from rich.console import RenderableType
from rich.padding import Padding
from rich.text import Text

from ketaquiz import wording
from ketaquiz.i18n import speaking
from ketaquiz.model import Answer, Question, Resource
from ketaquiz.screens.console import VERDICT_STYLE, bullets, evidence_note, help_block, translation_text

# Every language after the first: set apart from it, but as readable.
OTHERS = "italic"


@dataclass(frozen=True)
class Stack:
    """The workshop's languages, the first the facilitator's, with the bank as a reader of each sees
    it: its title, its help, and each statement by id."""

    languages: tuple[str, ...]
    titles: tuple[str, ...]
    resources: Mapping[str, Sequence[Resource]]
    questions: Mapping[str, Mapping[str, Question]]  # by language, then id

    def said(self, phrase: Callable[[], str]) -> list[str]:
        """`phrase` worded in each language, each wording once (a figure reads alike in all)."""
        worded = []
        for language in self.languages:
            with speaking(language):
                worded.append(phrase())
        return list(dict.fromkeys(worded))

    def versions(self, question: Question) -> list[tuple[str, Question]]:
        """The statement in each language, as its reader sees it."""
        return [(language, self.questions[language].get(question.id, question)) for language in self.languages]


def said(stack: Stack | None, phrase: Callable[[], str]) -> list[str]:
    """`phrase` in each of the stack's languages, or in the interface's alone."""
    return [phrase()] if stack is None else stack.said(phrase)


def lines(texts: Sequence[str], style: str = "", *, justify: str | None = None) -> list[Text]:
    """One line a language: the first in `style`, the others in italics as well."""
    return [
        Text(text, style=style if number == 0 else f"{style} {OTHERS}".strip(), justify=justify)  # type: ignore[arg-type]
        for number, text in enumerate(texts)
    ]


def joined(texts: Sequence[str], style: str = "", *, justify: str | None = None) -> Text:
    """The languages' lines as one text, a line each."""
    return Text("\n", justify=justify).join(lines(texts, style, justify=justify))  # type: ignore[arg-type]


def statement_text(stack: Stack, question: Question) -> Text:
    """The statement in each language, a blank line between, bold and centred."""
    texts = [version.statement for _, version in stack.versions(question)]
    return Text("\n\n", justify="center").join(lines(texts, "bold", justify="center"))


def verdict_words(stack: Stack, answer: Answer) -> Text:
    """The verdict once, in its colour, with its word in each language: MYTH · MYTHE."""
    return Text(" · ".join(stack.said(lambda: wording.verdict_word(answer))), style=VERDICT_STYLE[answer])


def explained(stack: Stack, question: Question, source_title: str) -> list[RenderableType]:
    """The explanation, the passage and the evidence, each paragraph in every language before the
    next: the passage quoted once as written, with each language's translation of it."""
    versions = stack.versions(question)
    texts = [version.explanation for _, version in versions]
    parts: list[RenderableType] = [*lines(texts), Text("")]
    headings = stack.said(lambda: wording.labelled(wording.passage_heading(question.passage_role)))
    parts += lines(headings, "bold")
    parts.append(Padding(Text(wording.quoted(question.passage), style="italic"), (0, 0, 0, 2)))
    parts.append(Padding(Text(f"— {source_title}", style="dim"), (0, 0, 0, 4)))
    for _, version in versions:
        if version.passage_translation is not None:
            parts.append(Padding(translation_text(version.passage_translation), (0, 0, 0, 2)))
    if question.evidence is not None:
        parts.append(Text(""))
        for number, (language, version) in enumerate(versions):
            if version.evidence is None:
                continue
            with speaking(language):
                note = evidence_note(version.evidence.note)
            parts.append(note if number == 0 else Text(style=OTHERS).append_text(note))
        parts.append(bullets([Text(source) for source in question.evidence.sources]))
    return parts


def help_blocks(stack: Stack) -> list[RenderableType]:
    """Where to get help, in each language."""
    blocks: list[RenderableType] = []
    for language in stack.languages:
        resources = stack.resources.get(language, ())
        if resources:
            with speaking(language):
                blocks.append(help_block(resources, brief=True))
    return blocks
