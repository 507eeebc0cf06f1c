"""The room's state as the phones see it, worded in one language: a statement revealed, the
summary and the recap's rows, the places to get help. Every sentence a phone shows is made here,
so that the page composes none of its own."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ketaquiz import wording
from ketaquiz.i18n import _, ngettext
from ketaquiz.model import Answer, PassageTranslation, Question, Resource
from ketaquiz.votes import BeforeAfter, Reveal, Tally, overall_change
from ketaquiz.wording import room as room_wording


@dataclass(frozen=True)
class Voice:
    """The room in one language: the bank's title, help and statements as a reader of `language`
    sees them, and ketaquiz's words in it. A room of one voice with no `language` speaks the
    interface's language, and shows the statements as the workshop gives them."""

    language: str | None
    title: str
    resources: Sequence[Resource]
    questions: Mapping[str, Question] = field(default_factory=dict)  # by id
    source_language: str | None = None  # the language the quoted passages are in

    def question(self, question: Question) -> Question:
        return self.questions.get(question.id, question)


def revealed(reveal: Reveal, total: int | None, confidence: bool, voice: Voice) -> dict[str, Any]:
    """A reveal as the phones in `voice`'s language see it: the saved record, the texts to show,
    and what a phone shows beside its own vote (and how sure it was), worded here so that the page
    composes no sentence of its own."""
    question = reveal.question
    evidence = question.evidence
    tally = reveal.tally
    sure_wrong = None if tally is None else room_wording.sure_wrong_line(tally, question.answer)
    return {
        **room_wording.reveal_record(reveal),
        "position_text": wording.position(reveal.position, total or reveal.position),
        "statement": question.statement,
        "verdict_text": wording.its_verdict(question.answer),
        "outcome": _outcomes(question.answer, confidence),
        "sure_wrong_note": wording.sure_and_wrong() if confidence else None,
        "room": "" if tally is None or not tally.total else _room(tally, reveal.share_right, sure_wrong),
        "explanation": question.explanation,
        "explanation_parts": dialable(question.explanation),
        "passage_heading": wording.passage_heading(question.passage_role),
        "passage": question.passage,
        # Quoted as written: in the source's language, which the page marks where it is not the page's.
        "passage_language": voice.source_language,
        "passage_translation": _translation(question.passage_translation),
        "evidence": {"note": evidence.note, "sources": list(evidence.sources)} if evidence else None,
        "evidence_note_parts": dialable(evidence.note) if evidence else None,
    }


def _outcomes(answer: Answer, confidence: bool) -> dict[str, str]:
    """What a phone says beside its own vote: by the vote (and "_sure" where it was sure), or "none"."""
    right = answer is Answer.MYTH
    outcome = {
        Answer.MYTH.value: _("You said myth: right.") if right else _("You said myth: not this time."),
        Answer.FACT.value: _("You said fact: not this time.") if right else _("You said fact: right."),
        "none": _("You did not vote on this one."),
    }
    if confidence:
        outcome[f"{Answer.MYTH.value}_sure"] = (
            _("You said myth, and were sure: right.") if right else _("You said myth, and were sure: not this time.")
        )
        outcome[f"{Answer.FACT.value}_sure"] = (
            _("You said fact, and were sure: not this time.") if right else _("You said fact, and were sure: right.")
        )
    return outcome


def score_forms(most: int) -> dict[int, str]:
    """A phone's score at the end, for each count of statements it may have voted on (up to
    `most`), "{right}" left for the page to fill in with how many it got right."""

    def said(count: int) -> str:
        return ngettext(
            "Your score: {right} right of {count} statement you voted on.",
            "Your score: {right} right of {count} statements you voted on.",
            count,
        )

    return {0: _("You did not vote on any statement."), **_forms(said, most)}


def recap_score_forms(most: int) -> dict[int, str]:
    """A phone's score in the recap, as `score_forms`; nothing where it voted on none."""

    def said(count: int) -> str:
        return ngettext(
            "In the recap: {right} right of {count} statement you voted on.",
            "In the recap: {right} right of {count} statements you voted on.",
            count,
        )

    return {0: "", **_forms(said, most)}


def _forms(said: Callable[[int], str], most: int) -> dict[int, str]:
    return {count: said(count).format(right="{right}", count=count) for count in range(1, most + 1)}


def _translation(translation: PassageTranslation | None) -> dict[str, str] | None:
    """The passage's translation, labelled as one, and its language for the page to mark it with."""
    if translation is None:
        return None
    return {"text": wording.translation_line(translation), "language": translation.language}


def _room(tally: Tally, share_right: float | None, sure_wrong: str | None) -> str:
    line = wording.sentence(room_wording.room_line(tally, share_right))
    return line if sure_wrong is None else f"{line} {wording.sentence(sure_wrong)}"


def recap_row(row: BeforeAfter, position: int | None) -> dict[str, Any]:
    change = room_wording.points(row.change, row.right_before, row.right_after)
    before_after = room_wording.before_after(row.right_before, row.right_after)
    text = _("{statement} — {verdict}: {before_after} right ({points})").format(
        statement=row.statement, verdict=wording.verdict_name(row.answer), before_after=before_after, points=change
    )
    return {
        "id": row.id,
        "position": position,  # where it was asked again: a phone's own recap votes are kept by it
        "statement": row.statement,
        "verdict": row.answer.value,
        "right_before": row.right_before,
        "right_after": row.right_after,
        "text": text,
    }


def recap_overall(rows: Sequence[BeforeAfter]) -> str:
    line = room_wording.change_line(*overall_change(rows))
    return "" if line is None else wording.sentence(line)


def summary_row(reveal: Reveal) -> dict[str, Any]:
    share = reveal.share_right
    statement, verdict = reveal.question.statement, wording.verdict_name(reveal.question.answer)
    if share is None:
        text = _("{statement} — {verdict}").format(statement=statement, verdict=verdict)
    else:
        text = _("{statement} — {verdict}, {percent} of the room right").format(
            statement=statement, verdict=verdict, percent=wording.percent(share)
        )
    return {**room_wording.reveal_record(reveal), "statement": statement, "text": text}


def resource(resource: Resource) -> dict[str, Any]:
    line = wording.resource_line(resource)
    return {
        "name": resource.name,
        "contact": resource.contact,
        "region": resource.region,
        "details": resource.details,
        "text": line,
        # The line in pieces, each phone number with the tel: address that dials it.
        "parts": [{"text": text, "tel": tel} for text, tel in wording.phone_parts(line)],
    }


def dialable(text: str) -> list[dict[str, Any]]:
    """Bank text in pieces for the page: each phone number marked, to keep whole on one line, and one in
    digits with the tel: address that dials it (the page composes no text, so the server finds them)."""
    parts: list[dict[str, Any]] = []
    for piece, number in wording.number_spans(text):
        dials = [tel for _, tel in wording.phone_parts(piece)] if number else []
        parts.append({"text": piece, "number": number, "tel": dials[0] if len(dials) == 1 else None})
    return parts
