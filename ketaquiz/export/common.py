"""The words every export shares: feedback, where to get help, when the evidence was reviewed."""

from __future__ import annotations

import html

from ketaquiz.bank import Answer, Bank, Question, Resource, passage_heading


def verdict(question: Question) -> str:
    return "a fact" if question.answer is Answer.FACT else "a myth"


def right_feedback(question: Question) -> str:
    return f"Right: this is {verdict(question)}."


def wrong_feedback(question: Question) -> str:
    return f"Not quite: this is {verdict(question)}."


def passage_line(question: Question, source_title: str) -> str:
    return f"{passage_heading(question.passage_role)}: “{question.passage}” — {source_title}"


def feedback_paragraphs(question: Question, source_title: str) -> list[str]:
    """The explanation, the quoted passage and the wider evidence, one paragraph each."""
    paragraphs = [question.explanation, passage_line(question, source_title)]
    if question.evidence is not None:
        paragraphs += [
            f"What the wider evidence says: {question.evidence.note}\nSources: " + "; ".join(question.evidence.sources)
        ]
    return paragraphs


def resource_line(resource: Resource) -> str:
    return f"{resource.named()}: {resource.how_to_reach()}"


def reviewed_line(bank: Bank) -> str | None:
    return f"The evidence in these answers was last reviewed on {bank.reviewed}." if bank.reviewed else None


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
