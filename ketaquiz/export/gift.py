"""GIFT, for Moodle's question bank: one True/False question per statement.

Moodle renders GIFT text as HTML unless told otherwise, so every text is
written as `[html]` with the bank's text HTML-escaped: a statement containing
`<b>` shows the characters `<b>`. Escaping `&` also keeps a bank's text from
ever containing Moodle's own `&&058;`-style placeholders, which its importer
would otherwise turn back into the characters they stand for.

In several languages, every text holds one span per language in the form of
Moodle's "Multi-language content" filter, `<span lang="fr" class="multilang">`,
which shows each learner the span in their language: the bank's text inside
each span is escaped as it is in one language.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ketaquiz import wording
from ketaquiz.bank import Answer, Bank, Question
from ketaquiz.export.common import (
    feedback_paragraphs,
    html_text,
    in_language_of,
    in_languages,
    right_feedback,
    wrong_feedback,
)

_GIFT_SPECIAL = re.compile(r"([\\~=#{}:])")


def gift_escape(text: str) -> str:
    """Text as GIFT needs it: specials behind a backslash, newlines written \\n."""
    return _GIFT_SPECIAL.sub(r"\\\1", text).replace("\n", "\\n")


def gift_text(*texts: str, languages: Sequence[str] = ()) -> str:
    """Bank text that Moodle shows literally, whatever characters it holds; given in each of `languages`,
    the text in the learner's."""
    return "[html]" + _escaped(texts, languages)


def _escaped(texts: Sequence[str], languages: Sequence[str]) -> str:
    return gift_escape(multilang(languages, [html_text(text) for text in texts]))


def _question(views: Sequence[Bank], index: int) -> str:
    """The question at `index`, in each of the languages `views` show the bank in, its feedback too."""
    languages = [view.languages[0] if view.languages else "" for view in views]
    shown = [view.questions[index] for view in views]
    question = shown[0]
    answer = "TRUE" if question.answer is Answer.FACT else "FALSE"
    paragraphs, wrongs, rights = [], [], []
    for each, view in zip(shown, views, strict=True):
        with in_language_of(view):
            paragraphs.append(feedback_paragraphs(each, view.source.title))
            wrongs.append(wrong_feedback(each))
            rights.append(right_feedback(each))
    feedback = zip(*paragraphs, strict=True)
    general = "[html]" + "".join(f"<p>{_escaped(paragraph, languages)}</p>" for paragraph in feedback)
    statement = gift_text(*(each.statement for each in shown), languages=languages)
    wrong = gift_text(*wrongs, languages=languages)
    right = gift_text(*rights, languages=languages)
    body = f"::{gift_escape(question.id)}::{statement}{{{answer}#{wrong}#{right}####{general}}}"
    tags = " ".join(f"[tag:{tag}]" for tag in question.tags)
    return f"// {tags}\n{body}" if tags else body


def multilang(languages: Sequence[str], htmls: Sequence[str]) -> str:
    """One HTML text, or in several languages a span of each for Moodle to show the learner's alone."""
    if len(htmls) == 1:
        return htmls[0]
    # The filter finds a run of spans whose first attribute is lang, with nothing but space between them.
    return "".join(
        f'<span lang="{language}" class="multilang">{html}</span>'
        for language, html in zip(languages, htmls, strict=True)
    )


def export(bank: Bank, questions: Sequence[Question], *, languages: Sequence[str] = ()) -> str:
    """Every question in `languages` (the bank's first when none is named), in spans for Moodle in several."""
    views = in_languages(bank, questions, languages)
    # Moodle skips a block of comments only, so the review date can lead the file.
    with in_language_of(views[0]):
        reviewed = wording.reviewed_line(bank)
    blocks = [f"// {reviewed}"] if reviewed else []
    blocks += [_question(views, index) for index in range(len(questions))]
    return "\n\n".join(blocks) + "\n"
