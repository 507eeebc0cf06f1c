"""Every phrase that more than one surface shows, as plain strings: no Rich, no HTML.

The terminal's screens, the exports and handouts, the phone page and the save file all
take these words from here, so a wording is changed in one place — and a translation
plugs in here too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ketaquiz.languages import base
from ketaquiz.model import Answer, Bank, PassageRole, PassageTranslation, Question, Resource
from ketaquiz.quiz import (
    MOST_MARKS,
    Changes,
    Overall,
    Presence,
    Result,
    Reveal,
    Score,
    Tally,
    hands_of,
    marks,
)

HELP_HEADING = "If you are struggling or in crisis, help is available:"
HELP_TITLE = "Where to get help"
EVIDENCE_HEADING = "What the wider evidence says"


def heading(bank: Bank) -> str:
    """What a bank is called wherever it is shown: its title, or its source's."""
    return bank.title or bank.source.title


def verdict_word(answer: Answer) -> str:
    """The verdict as the projector and the tables show it: MYTH, FACT."""
    return answer.value.upper()


def verdict_name(answer: Answer) -> str:
    """The verdict as a word in a sentence's place: Myth, Fact."""
    return answer.value.capitalize()


def verdict_phrase(answer: Answer) -> str:
    """The verdict as the end of "this is …": a myth, a fact."""
    return f"a {answer.value}"


def passage_heading(role: PassageRole | None) -> str:
    """How every view introduces the quoted passage, so a learner knows whether it backs the verdict."""
    if role is PassageRole.SUPPORTS:
        return "The article says"
    if role is PassageRole.OVERCLAIM:
        return "The article claims (more than the evidence supports)"
    return "From the article"


# A passage's translation is labelled as one in its own language, with that language's quotation
# marks and spacing ("Traduction libre : « … »"), so that no one takes it for the source's words.
_TRANSLATION_LABELS = {"en": "Translation", "fr": "Traduction libre"}


def translation_label(language: str) -> str:
    """What introduces a passage's translation: "Translation:", "Traduction libre :"."""
    label = _TRANSLATION_LABELS.get(base(language), _TRANSLATION_LABELS["en"])
    return f"{label}\u00a0:" if base(language) == "fr" else f"{label}:"


def translation_quoted(translation: PassageTranslation) -> str:
    """The translation in its language's quotation marks: « … » in French, “…” otherwise."""
    if base(translation.language) == "fr":
        return f"«\u00a0{translation.text}\u00a0»"
    return f"“{translation.text}”"


def translation_line(translation: PassageTranslation) -> str:
    """A passage's translation, labelled: "Traduction libre : « … »"."""
    return f"{translation_label(translation.language)} {translation_quoted(translation)}"


def resource_name(resource: Resource) -> str:
    """The name and, where it serves one, the region: "9-8-8 Suicide Crisis Helpline (Canada)"."""
    if not resource.region:
        return resource.name
    # A name that ends in its own brackets ("… Service (NORS)") takes the region after a comma.
    return (
        f"{resource.name}, {resource.region}" if resource.name.endswith(")") else f"{resource.name} ({resource.region})"
    )


def resource_reach(resource: Resource, *, brief: bool = False) -> str:
    """The contact, then the details unless `brief` (a small screen's opening)."""
    parts = [resource.contact] if brief or not resource.details else [resource.contact, resource.details]
    return " ".join(_sentence(part) for part in parts)


def resource_line(resource: Resource, *, brief: bool = False) -> str:
    """One place to get help, worded alike on screens, handouts and phones."""
    return f"{resource_name(resource)}: {resource_reach(resource, brief=brief)}"


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."


# A phone number as help resources write them: 1-844-764-7669, 9-8-8, 988, 911. Wherever a number is
# shown it must not break across lines, and where it can be tapped it dials.
_PHONE_NUMBER = re.compile(r"(?<![\w-])(?:1-)?\d{3}-\d{3}-\d{4}(?![\w-])|(?<![\w-])(?:9-8-8|988|911)(?![\w-])")


def phone_parts(text: str) -> list[tuple[str, str | None]]:
    """`text` in pieces, each phone number with the `tel:` address that dials it, the rest with None."""
    parts: list[tuple[str, str | None]] = []
    start = 0
    for match in _PHONE_NUMBER.finditer(text):
        if match.start() > start:
            parts.append((text[start : match.start()], None))
        parts.append((match.group(), "tel:" + match.group().replace("-", "")))
        start = match.end()
    if start < len(text):
        parts.append((text[start:], None))
    return parts


# Under a screen with more to show than fits: the terminal's learner and projector both say it.
MORE = "Enter shows the rest"


def page_number(number: int, count: int) -> str:
    """Where the reader is in a screen's pages, so they know how much is left: 1/3."""
    return f"{number}/{count}"


# A phone number spelled with letters, as help lines print them beside the digits: 1-800-662-HELP.
_SPELLED_NUMBER = re.compile(r"(?<![\w-])(?:1-)?\d{3}-[0-9A-Z]{3}-[0-9A-Z]{4}(?![\w-])")


def number_spans(text: str) -> list[tuple[str, bool]]:
    """`text` in pieces, each phone number (in digits, or spelled with letters) marked True: a number
    must never break across lines, at its hyphens or anywhere else."""
    spans: list[tuple[str, bool]] = []
    start = 0
    for match in sorted([*_PHONE_NUMBER.finditer(text), *_SPELLED_NUMBER.finditer(text)], key=lambda m: m.start()):
        if match.start() < start:
            continue  # the same number, found by both patterns
        if match.start() > start:
            spans.append((text[start : match.start()], False))
        spans.append((match.group(), True))
        start = match.end()
    if start < len(text):
        spans.append((text[start:], False))
    return spans


def position(number: int, total: int) -> str:
    return f"Statement {number} of {total}"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def statement_counts(bank: Bank) -> str:
    """How many statements a bank has, and of them how many myths and facts."""
    myths = sum(question.answer is Answer.MYTH for question in bank.questions)
    facts = len(bank.questions) - myths
    return f"{plural(len(bank.questions), 'statement')} ({plural(myths, 'myth')}, {plural(facts, 'fact')})"


def percent(share: float | None) -> str:
    return "—" if share is None else f"{round(share * 100)}%"


def votes(tally: Tally) -> str:
    return f"{tally.myths} myth · {tally.facts} fact"


def room_line(tally: Tally, share_right: float | None) -> str:
    """How the room voted on a revealed statement."""
    if share_right is None:
        return f"The room: {votes(tally)} — no votes"
    return f"The room: {votes(tally)} — {percent(share_right)} right"


def room_overall(reveals: Sequence[Reveal]) -> str | None:
    """How the room did over a workshop: the share of all its votes that were right; None without votes."""
    tallies = [(reveal.tally, reveal.question.answer) for reveal in reveals if reveal.tally and reveal.tally.total]
    if not tallies:
        return None
    right = sum(tally.right(answer) for tally, answer in tallies) / sum(tally.total for tally, _ in tallies)
    return f"The room was right {percent(right)} of the time over {plural(len(tallies), 'statement')}."


def score(result: Score) -> str:
    """7/10 (70%): right of answered, and the share."""
    if not result.answered:
        return "0/0"
    return f"{result.right}/{result.answered} ({percent(result.right / result.answered)})"


def caption(bank: Bank, count: int) -> str:
    """Under a listing of a bank's statements: how many, from where, and when last reviewed."""
    reviewed = f" · reviewed {bank.reviewed}" if bank.reviewed else ""
    return f"{plural(count, 'statement')}, drawn from: {bank.source.title}{reviewed}"


def reviewed_line(bank: Bank) -> str | None:
    return f"The evidence in these answers was last reviewed on {bank.reviewed}." if bank.reviewed else None


def reveal_record(reveal: Reveal) -> dict[str, Any]:
    """One revealed statement and the room's votes on it: a result in the save file, and the
    figures the phones are sent with the reveal and in the summary."""
    return {
        **votes_record(reveal.position, reveal.question, reveal.tally, phones=reveal.phones),
        "revealed_at": reveal.revealed_at,
    }


def votes_record(position: int, question: Question, tally: Tally | None, *, phones: Tally | None) -> dict[str, Any]:
    """A statement and the room's votes on it, as the save file keeps them in either round: all the
    votes (`myth_votes`, `fact_votes`, `share_right`), then the phones' (with how sure, where they
    were asked) and the hands' apart."""
    share = None if tally is None else tally.share_right(question.answer)
    return {
        "position": position,
        "id": question.id,
        "statement": question.statement,
        "verdict": question.answer.value,
        "myth_votes": tally.myths if tally else None,
        "fact_votes": tally.facts if tally else None,
        "share_right": None if share is None else round(share, 4),
        "phones": tally_record(phones),
        "hands": tally_record(hands_of(tally, phones)),
    }


def tally_record(tally: Tally | None) -> dict[str, int] | None:
    if tally is None:
        return None
    record = {"myth": tally.myths, "fact": tally.facts}
    if tally.asked_sure:
        record |= {"sure_myth": tally.sure_myths, "sure_fact": tally.sure_facts}
    return record


# How sure: the learner's and the phones' second answer, and what was learnt from it.

SURE = "Sure"
NOT_SURE = "Not sure"
HOW_SURE = "How sure are you?"
# After a confident mistake: kind, and true to the research on confident errors (the hypercorrection effect).
SURE_AND_WRONG = (
    "You were sure of this one. Many people are, and a confident mistake, once corrected, "
    "tends to be the one remembered best."
)


def sure_wrong_line(tally: Tally, answer: Answer) -> str | None:
    """How many were sure of the wrong verdict: "9 were sure it was a myth"; None when no one was asked."""
    if not tally.asked_sure:
        return None
    wrong = verdict_phrase(Answer.FACT if answer is Answer.MYTH else Answer.MYTH)
    count = tally.sure_wrong(answer)
    if count == 0:
        return f"No one was sure it was {wrong}"
    return f"{count} {'was' if count == 1 else 'were'} sure it was {wrong}"


def marks_line(result: Score) -> str:
    """The learner's certainty-based marks: "Marks: 9 of a possible 20"."""
    total = signed(result.marks) if result.marks < 0 else str(result.marks)
    return f"Marks: {total} of a possible {MOST_MARKS * result.answered}"


def signed(number: int) -> str:
    """A difference with its sign, a true minus as print sets it: +33, −3, 0."""
    return f"+{number}" if number > 0 else f"−{-number}" if number < 0 else "0"


MARKS_SCHEME = "Marks: sure +2 right, −2 wrong; not sure +1 right, 0 wrong. Say sure only when you would bet on it."


def marks_for(result: Result) -> str:
    """One answer's marks, with why: "+2 (sure, right)"."""
    why = f"{'sure' if result.sure else 'not sure'}, {'right' if result.correct else 'wrong'}"
    return f"Marks: {signed(marks(result))} ({why})"


# Before and after the recap: on the projector, the phones and in the report.


def points(change: float | None, before: float | None, after: float | None) -> str:
    """A change in points, from the whole percentages shown beside it, so that the figures add up: +33."""
    if change is None or before is None or after is None:
        return "—"
    return signed(round(after * 100) - round(before * 100))


def before_after(before: float | None, after: float | None) -> str:
    """48% → 81%"""
    return f"{percent(before)} → {percent(after)}"


def change_line(before: Overall, after: Overall) -> str | None:
    """The room's overall change: "Right 48% → 81%; sure and wrong 31% → 6%"; None without votes."""
    if before.right is None or after.right is None:
        return None
    line = f"Right {before_after(before.right, after.right)}"
    if before.sure_wrong is not None or after.sure_wrong is not None:
        line += f"; sure and wrong {before_after(before.sure_wrong, after.sure_wrong)}"
    return line


def follow_up(started: str, count: int) -> str:
    """What a follow-up is, on its title screen: the workshop it follows, and what the room does."""
    return f"A follow-up to the workshop of {started[:10]}: {plural(count, 'statement')} again, with no reveal."


def recap_position(number: int, total: int) -> str:
    return f"Recap {number} of {total}"


def changes_line(changes: Changes) -> str | None:
    """How the phones that voted both times changed their minds; None when none did."""
    if not (changes.wrong_to_right or changes.right_to_wrong):
        return None
    return (
        f"Phones that voted both times: {changes.wrong_to_right} from wrong to right, "
        f"{changes.right_to_wrong} from right to wrong."
    )


# A live room: the phones and the facilitator's status line say these alike.

TIME_UP = "Time's up"

# Why a phone was turned away: on the facilitator's status line ("3 phones could not join: …"),
# and as a sentence on the phone itself.
TOO_MANY_ON_ADDRESS = "too many phones on one network address"
TOO_MANY_REQUESTS = "too many requests from one network address"
ROOM_FULL = "the room is full"
CLOSED_TO_NEW = "the workshop is closed to new phones"


def as_sentence(phrase: str) -> str:
    """A phrase worded for the middle of a line, as a sentence of its own."""
    return _sentence(phrase[:1].upper() + phrase[1:])


def joined(room: Presence) -> str:
    """How many phones have joined, on the title screen while the room gathers."""
    return f"{plural(room.joined, 'phone')} joined"


def presence(room: Presence) -> str:
    """How many phones have joined and voted (never how they voted), for the facilitator."""
    closed = " · closed to new phones" if room.closed else ""
    return f"Joined {room.joined} · voted {room.voted}{closed}"


def turned_away(room: Presence) -> str | None:
    """Who could not join and why, or None when no one was turned away."""
    parts = []
    if room.turned_away:
        parts.append(f"{plural(room.turned_away, 'phone')} could not join: {room.why_turned_away}")
    if room.refused_connections:
        parts.append(f"{room.refused_connections:,} connections refused")
    return " · ".join(parts) or None
