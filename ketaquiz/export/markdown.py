"""A Markdown handout: numbered statements to mark, then an answer key on its own page."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ketaquiz.bank import Bank, Question
from ketaquiz.export.common import link_target
from ketaquiz.export.outline import KeyEntry, Outline, choice, instruction, outline
from ketaquiz.wording import number_spans

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#&])")
# What opens a list or draws a rule when a line starts with it: - and +, and a number followed
# by . or ). Every text may start a line (a list item's own paragraph, an item after "- ").
_LINE_START = re.compile(r"^(?:([-+])|(\d{1,9})([.)]))")


def markdown_escape(text: str) -> str:
    """One paragraph of plain text that Markdown shows exactly as written, wherever a line puts it."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _LINE_START.sub(lambda start: f"\\{start[1]}" if start[1] else f"{start[2]}\\{start[3]}", escaped)


def export(bank: Bank, questions: Sequence[Question], *, short_key: bool = False) -> str:
    handout = outline(bank, questions, short_key=short_key)
    # The statement pages often go to learners without the key: they carry the help too.
    lines = _statements(handout) + _help(handout.help_brief) + _answer_key(handout) + _last_page(handout)
    return "\n".join(lines).rstrip("\n") + "\n"


def _statements(handout: Outline) -> list[str]:
    source = markdown_escape(handout.source_title)
    if link_target(handout.source_url):
        source = f"[{source}](<{handout.source_url}>)"
    elif handout.source_url:  # not a web address: shown as text, never as a link or markup
        source = f"{source}, {markdown_escape(handout.source_url)}"
    lines = [
        f"# {markdown_escape(handout.title)}",
        "",
        f"{handout.SOURCE_LEAD}: {source}",
        "",
        instruction(lambda word: f"**{word}**"),
        "",
    ]
    for number, statement in enumerate(handout.statements, 1):
        lines += [f"{number}. {markdown_escape(statement)}", "", f"   {choice(str)}", ""]
    return lines


def _answer_key(handout: Outline) -> list[str]:
    # A rule, not raw HTML: Markdown viewers strip or show a page-break <div>; a rule marks the
    # key off for the learner's copy to end above it.
    lines = ["---", "", f"## {handout.KEY_TITLE}", ""]
    for number, entry in enumerate(handout.key, 1):
        lines += _answer(handout, number, entry)
    return lines


def _answer(handout: Outline, number: int, entry: KeyEntry) -> list[str]:
    lines = [
        f"{number}. **{entry.verdict}.** {markdown_escape(entry.statement)}",
        "",
        f"   {markdown_escape(entry.explanation)}",
        "",
    ]
    if entry.passage is not None:
        lines += [
            f"   > {entry.passage_heading}: “{markdown_escape(entry.passage)}”",
            f"   > — {markdown_escape(handout.source_title)}",
            "",
        ]
    if entry.evidence_note is not None:
        sources = "; ".join(markdown_escape(source) for source in entry.sources)
        lines += [
            f"   *{handout.EVIDENCE_HEADING}:* {markdown_escape(entry.evidence_note)}",
            "",
            f"   Sources: {sources}",
            "",
        ]
    return lines


def _help(lines: Sequence[str]) -> list[str]:
    if not lines:
        return []
    return [f"## {Outline.HELP_TITLE}", "", *(f"- {_unbroken(markdown_escape(line))}" for line in lines), ""]


def _unbroken(text: str) -> str:
    """Each phone number held together by non-breaking hyphens, so no line breaks inside it."""
    return "".join(part.replace("-", "\u2011") if number else part for part, number in number_spans(text))


def _last_page(handout: Outline) -> list[str]:
    lines = _help(handout.help)
    if handout.reviewed:
        lines += [handout.reviewed, ""]
    return lines
