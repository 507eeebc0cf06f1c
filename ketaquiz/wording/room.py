"""The words of a workshop's room, on the projector, the phones, the save file and the report: the
votes and how the room did, what it changed between the first round and the recap, how sure it
was, and who has joined or been turned away. Each phrase in the language in use, as in `wording`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ketaquiz.i18n import N_, _, ngettext, number, pgettext
from ketaquiz.languages import base
from ketaquiz.model import Answer, Question
from ketaquiz.votes import Changes, Languages, Overall, Presence, Reveal, Tally, hands_of
from ketaquiz.wording import percent, sentence, signed


def votes(tally: Tally) -> str:
    """A statement's votes, as a label: "12 myth · 5 fact"."""
    return _("{myths} myth · {facts} fact").format(myths=number(tally.myths), facts=number(tally.facts))


def room_line(tally: Tally, share_right: float | None) -> str:
    """How the room voted on a revealed statement."""
    if share_right is None:
        return _("The room: {votes} — no votes").format(votes=votes(tally))
    return _("The room: {votes} — {percent} right").format(votes=votes(tally), percent=percent(share_right))


def room_overall(reveals: Sequence[Reveal]) -> str | None:
    """How the room did over a workshop: the share of all its votes that were right; None without votes."""
    tallies = [(reveal.tally, reveal.question.answer) for reveal in reveals if reveal.tally and reveal.tally.total]
    if not tallies:
        return None
    right = sum(tally.right(answer) for tally, answer in tallies) / sum(tally.total for tally, _ in tallies)
    return ngettext(
        "The room was right {percent} of the time over {count} statement.",
        "The room was right {percent} of the time over {count} statements.",
        len(tallies),
    ).format(percent=percent(right), count=len(tallies))


def reveal_record(reveal: Reveal) -> dict[str, Any]:
    """One revealed statement and the room's votes on it: a result in the save file, and the
    figures the phones are sent with the reveal and in the summary."""
    return {
        **votes_record(
            reveal.position, reveal.question, reveal.tally, phones=reveal.phones, languages=reveal.languages
        ),
        "revealed_at": reveal.revealed_at,
    }


def votes_record(
    position: int,
    question: Question,
    tally: Tally | None,
    *,
    phones: Tally | None,
    languages: Sequence[tuple[str, int]] = (),
) -> dict[str, Any]:
    """A statement and the room's votes on it, as the save file keeps them in either round: all the
    votes (`myth_votes`, `fact_votes`, `share_right`), then the phones' (with how sure, where they
    were asked) and the hands' apart, and how many phones voted in each language."""
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
        "phone_languages": None if phones is None or not languages else dict(languages),
    }


def tally_record(tally: Tally | None) -> dict[str, int] | None:
    if tally is None:
        return None
    record = {"myth": tally.myths, "fact": tally.facts}
    if tally.asked_sure:
        record |= {"sure_myth": tally.sure_myths, "sure_fact": tally.sure_facts}
    return record


def sure_wrong_line(tally: Tally, answer: Answer) -> str | None:
    """How many were sure of the wrong verdict: "9 were sure it was a myth"; None when no one was asked."""
    if not tally.asked_sure:
        return None
    count = tally.sure_wrong(answer)
    if answer is Answer.FACT:  # sure it was a myth
        if count == 0:
            return _("No one was sure it was a myth")
        return ngettext("{count} was sure it was a myth", "{count} were sure it was a myth", count).format(count=count)
    if count == 0:
        return _("No one was sure it was a fact")
    return ngettext("{count} was sure it was a fact", "{count} were sure it was a fact", count).format(count=count)


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
    right = before_after(before.right, after.right)
    if before.sure_wrong is not None or after.sure_wrong is not None:
        sure_wrong = before_after(before.sure_wrong, after.sure_wrong)
        return _("Right {right}; sure and wrong {sure_wrong}").format(right=right, sure_wrong=sure_wrong)
    return _("Right {right}").format(right=right)


def follow_up(started: str, count: int) -> str:
    """What a follow-up is, on its title screen: the workshop it follows, and what the room does."""
    return ngettext(
        "A follow-up to the workshop of {date}: {count} statement again, with no reveal.",
        "A follow-up to the workshop of {date}: {count} statements again, with no reveal.",
        count,
    ).format(date=started[:10], count=count)


def recap_position(number: int, total: int) -> str:
    return _("Recap {number} of {total}").format(number=number, total=total)


def changes_line(changes: Changes) -> str | None:
    """How the phones that voted both times changed their minds; None when none did."""
    if not (changes.wrong_to_right or changes.right_to_wrong):
        return None
    return _("Phones that voted both times: {better} from wrong to right, {worse} from right to wrong.").format(
        better=changes.wrong_to_right, worse=changes.right_to_wrong
    )


# A live room: the phones and the facilitator's status line say these alike.


def time_up() -> str:
    return _("Time's up")


# Why a phone was turned away, marked here and translated where it is shown: on the facilitator's
# status line ("3 phones could not join: …"), and as a sentence on the phone itself.
TOO_MANY_ON_ADDRESS = N_("too many phones on one network address")
TOO_MANY_REQUESTS = N_("too many requests from one network address")
ROOM_FULL = N_("the room is full")
CLOSED_TO_NEW = N_("the workshop is closed to new phones")


def as_sentence(phrase: str) -> str:
    """A phrase marked with N_, translated, and worded for the middle of a line, as a sentence of its own."""
    said = _(phrase)
    return sentence(said[:1].upper() + said[1:])


def joined(room: Presence) -> str:
    """How many phones have joined, on the title screen while the room gathers."""
    return ngettext("{count} phone joined", "{count} phones joined", room.joined).format(count=number(room.joined))


def presence(room: Presence) -> str:
    """How many phones have joined and voted (never how they voted), for the facilitator."""
    if room.closed:
        return _("Joined {joined} · voted {voted} · closed to new phones").format(
            joined=number(room.joined), voted=number(room.voted)
        )
    return _("Joined {joined} · voted {voted}").format(joined=number(room.joined), voted=number(room.voted))


def turned_away(room: Presence) -> str | None:
    """Who could not join and why, or None when no one was turned away."""
    parts = []
    if room.turned_away:
        why = _(room.why_turned_away or "")
        parts.append(
            ngettext(
                "{count} phone could not join: {why}", "{count} phones could not join: {why}", room.turned_away
            ).format(count=number(room.turned_away), why=why)
        )
    if room.refused_connections:
        count = room.refused_connections
        parts.append(
            ngettext("{count} connection refused", "{count} connections refused", count).format(count=number(count))
        )
    return " · ".join(parts) or None


def language_name(code: str) -> str:
    """A language's name in the language in use: English, French (anglais, français); else its code."""
    # TRANSLATORS: the name of a language, in your language, as a report names it ("English", "French").
    names = {"en": pgettext("a language's name", "English"), "fr": pgettext("a language's name", "French")}
    return names.get(base(code), code)


def language_split(languages: Languages) -> str | None:
    """How many phone votes came in each language: "Phone votes by language: English 62% (120),
    French 38% (74)."; None where the phones voted in one language, or the file did not say."""
    counted = [(language, count) for language, count in languages if count]
    total = sum(count for _, count in counted)
    if len(counted) < 2:
        return None
    parts = [
        _("{language} {percent} ({count})").format(
            language=language_name(language), percent=percent(count / total), count=number(count)
        )
        for language, count in counted
    ]
    return _("Phone votes by language: {split}.").format(split=", ".join(parts))
