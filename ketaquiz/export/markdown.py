"""A Markdown handout: numbered statements to mark, then an answer key on its own page."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ketaquiz.bank import Bank, Question
from ketaquiz.export.common import link_target
from ketaquiz.export.outline import KeyEntry, Outline, choice, in_all, instruction, one_line, outlines
from ketaquiz.wording import number_spans

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#&])")
# What opens a list or draws a rule when a line starts with it: - and +, and a number followed
# by . or ). Every text may start a line (a list item's own paragraph, an item after "- ").
_LINE_START = re.compile(r"^(?:([-+])|(\d{1,9})([.)]))")


def markdown_escape(text: str) -> str:
    """One paragraph of plain text that Markdown shows exactly as written, wherever a line puts it."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", one_line(text))
    return _LINE_START.sub(lambda start: f"\\{start[1]}" if start[1] else f"{start[2]}\\{start[3]}", escaped)


def export(bank: Bank, questions: Sequence[Question], *, languages: Sequence[str] = (), short_key: bool = False) -> str:
    """The handout in the first of `languages` (the bank's first when none is named), or in each of them side
    by side, each text marked with its language."""
    handouts = outlines(bank, questions, languages=languages, short_key=short_key)
    # The statement pages often go to learners without the key: they carry the help too.
    lines = (
        _statements(handouts)
        + _help(handouts, [handout.help_brief for handout in handouts])
        + _answer_key(handouts)
        + _last_page(handouts)
    )
    return "\n".join(lines).rstrip("\n") + "\n"


def _in_each(handouts: Sequence[Outline], texts: Sequence[str], *, first: str, indent: str) -> list[str]:
    """A text as a paragraph starting with `first`; side by side, a paragraph in each language, marked
    with it, the others starting with `indent`."""
    if len(handouts) == 1:
        return [f"{first}{texts[0]}", ""]
    lines = []
    for number, (handout, text) in enumerate(zip(handouts, texts, strict=True)):
        lines += [f"{indent if number else first}**{_language(handout).upper()}** {text}", ""]
    return lines


def _language(handout: Outline) -> str:
    return handout.language or handout.words.language


def _statements(handouts: Sequence[Outline]) -> list[str]:
    handout = handouts[0]
    source = markdown_escape(handout.source_title)
    if link_target(handout.source_url):
        source = f"[{source}](<{handout.source_url}>)"
    elif handout.source_url:  # not a web address: shown as text, never as a link or markup
        source = f"{source}, {markdown_escape(handout.source_url)}"
    leads = [each.words.source_lead.format(source=source) for each in handouts]
    said = [instruction(each.words, lambda word: f"**{word}**") for each in handouts]
    lines = [
        f"# {' / '.join(markdown_escape(each.title) for each in handouts)}",
        "",
        *_in_each(handouts, leads, first="", indent=""),
        *_in_each(handouts, said, first="", indent=""),
    ]
    choices = choice(handouts, str)
    for number, texts in enumerate(zip(*(each.statements for each in handouts), strict=True), 1):
        escaped = [markdown_escape(text) for text in texts]
        lines += [*_in_each(handouts, escaped, first=f"{number}. ", indent="   "), f"   {choices}", ""]
    return lines


def _answer_key(handouts: Sequence[Outline]) -> list[str]:
    # A rule, not raw HTML: Markdown viewers strip or show a page-break <div>; a rule marks the
    # key off for the learner's copy to end above it.
    lines = ["---", "", f"## {in_all(handouts, lambda words: words.key_title)}", ""]
    for number, entries in enumerate(zip(*(handout.key for handout in handouts), strict=True), 1):
        lines += _answer(handouts, number, entries)
    return lines


def _answer(handouts: Sequence[Outline], number: int, entries: Sequence[KeyEntry]) -> list[str]:
    entry = entries[0]
    statements = [markdown_escape(each.statement) for each in entries]
    verdict = " · ".join(dict.fromkeys(each.verdict for each in entries))
    lines = _in_each(handouts, statements, first=f"{number}. **{verdict}.** ", indent="   ")
    explanations = [markdown_escape(each.explanation) for each in entries]
    lines += _in_each(handouts, explanations, first="   ", indent="   ")
    if entry.passage is not None:
        quoted = handouts[0].words.quoted.format(heading=entry.passage_heading, passage=markdown_escape(entry.passage))
        lines += [f"   > {quoted}", f"   > — {markdown_escape(handouts[0].source_title)}"]
        for each in entries:
            if each.passage_translation:
                lines += ["   >", f"   > {markdown_escape(each.passage_translation)}"]
        lines.append("")
    if entry.evidence_note is not None:
        sources = "; ".join(markdown_escape(source) for source in entry.sources)
        notes = [
            f"*{handout.words.evidence_heading}* {markdown_escape(each.evidence_note or '')}"
            for handout, each in zip(handouts, entries, strict=True)
        ]
        lines += _in_each(handouts, notes, first="   ", indent="   ")
        lines += [f"   {handouts[0].words.sources.format(sources=sources)}", ""]
    return lines


def _help(handouts: Sequence[Outline], lines: Sequence[Sequence[str]]) -> list[str]:
    if not lines[0]:
        return []
    items: list[str] = []
    for each in zip(*lines, strict=True):
        texts = [_unbroken(markdown_escape(line)) for line in each]
        # One line to a place; side by side, its lines in each language as paragraphs of one item.
        items += [f"- {texts[0]}"] if len(handouts) == 1 else _in_each(handouts, texts, first="- ", indent="  ")
    title = in_all(handouts, lambda words: words.help_title)
    return [f"## {title}", "", *(items[:-1] if items[-1] == "" else items), ""]


def _unbroken(text: str) -> str:
    """Each phone number held together by non-breaking hyphens, so no line breaks inside it."""
    return "".join(part.replace("-", "\u2011") if number else part for part, number in number_spans(text))


def _last_page(handouts: Sequence[Outline]) -> list[str]:
    lines = _help(handouts, [handout.help for handout in handouts])
    reviewed = handouts[0].reviewed
    if reviewed:
        lines += [reviewed, ""]
    return lines
