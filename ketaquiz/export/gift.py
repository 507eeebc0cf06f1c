"""GIFT, for Moodle's question bank: one True/False question per statement.

Moodle renders GIFT text as HTML unless told otherwise, so every text is
written as `[html]` with the bank's text HTML-escaped: a statement containing
`<b>` shows the characters `<b>`. Escaping `&` also keeps a bank's text from
ever containing Moodle's own `&&058;`-style placeholders, which its importer
would otherwise turn back into the characters they stand for.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ketaquiz import wording
from ketaquiz.bank import Answer, Bank, Question
from ketaquiz.export.common import (
    feedback_paragraphs,
    html_paragraphs,
    html_text,
    right_feedback,
    wrong_feedback,
)

_GIFT_SPECIAL = re.compile(r"([\\~=#{}:])")


def gift_escape(text: str) -> str:
    """Text as GIFT needs it: specials behind a backslash, newlines written \\n."""
    return _GIFT_SPECIAL.sub(r"\\\1", text).replace("\n", "\\n")


def gift_text(text: str) -> str:
    """Bank text that Moodle shows literally, whatever characters it holds."""
    return "[html]" + gift_escape(html_text(text))


def _question(bank: Bank, question: Question) -> str:
    answer = "TRUE" if question.answer is Answer.FACT else "FALSE"
    general = "[html]" + gift_escape(html_paragraphs(feedback_paragraphs(question, bank.source.title)))
    body = (
        f"::{gift_escape(question.id)}::{gift_text(question.statement)}"
        f"{{{answer}#{gift_text(wrong_feedback(question))}#{gift_text(right_feedback(question))}####{general}}}"
    )
    tags = " ".join(f"[tag:{tag}]" for tag in question.tags)
    return f"// {tags}\n{body}" if tags else body


def export(bank: Bank, questions: Sequence[Question]) -> str:
    # Moodle skips a block of comments only, so the review date can lead the file.
    reviewed = wording.reviewed_line(bank)
    blocks = [f"// {reviewed}"] if reviewed else []
    blocks += [_question(bank, question) for question in questions]
    return "\n\n".join(blocks) + "\n"
