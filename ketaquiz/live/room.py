"""The live room's shared state: what the phones see, and the votes on the open statement.

The terminal drives a `Board` (the `quiz.Room` a workshop talks to) from its own thread; the
web handlers, on the server's thread, only ever read it or record a vote. Nothing a participant
sends can advance, reveal or end the workshop.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import secrets
import threading
from collections.abc import Callable, Sequence
from typing import Any

from ketaquiz import wording
from ketaquiz.model import Answer, PassageTranslation, Question, Resource
from ketaquiz.quiz import BeforeAfter, Changes, Join, Presence, Reveal, Tally, overall_change

# Lowercase letters and digits without the look-alikes (0/o, 1/l/i): easy to type on a phone.
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 8  # 31**8, about 8.5e11 codes


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Refusal(enum.Enum):
    """Why a vote was not counted; the web side chooses its HTTP status from this."""

    NOT_OPEN = "that statement is not open for voting"
    FULL = wording.ROOM_FULL


# What the page tells a browser that is not a participant (one given no id, or whose id was taken back).
NOT_JOINED = "This phone has not joined the vote: reload the page to take part."
CLOSED_TO_YOU = wording.as_sentence(wording.CLOSED_TO_NEW) + " You can follow along here, but not vote."


class Board:
    """What the room sees, and the votes on the open statement. Safe to call from any thread."""

    def __init__(
        self,
        *,
        join: Join,
        title: str,
        resources: Sequence[Resource],
        lock_after: int | None = None,
        confidence: bool = False,
    ) -> None:
        self.join = join
        self.code = join.code
        self._title = title
        self._resources = [_resource(resource) for resource in resources]
        self._lock = threading.Lock()
        self._confidence = confidence  # each vote comes with how sure: sure, or (by default) not
        self._votes: dict[str, tuple[Answer, bool]] = {}
        self._closed = False  # the facilitator has counted the votes: the reveal is coming
        self._question: Question | None = None
        self._recap = False  # the open statement is asked again, in the recap round
        # Each participant's first-round vote by statement, so that a recap vote pairs with it; only
        # ever counted (Changes), never shown or saved with the id.
        self._first: dict[str, dict[str, Answer]] = {}
        self._changes: Changes | None = None
        self._position: int | None = None
        self._phase = "waiting"
        self._public: dict[str, Any] = {}
        self._version = 0
        self._payload = b""
        self._listeners: list[Callable[[], None]] = []
        self._lock_after = lock_after  # no new participant once a later statement opens
        self._open_to_new = True
        # Who has joined or been turned away, as the web side (which gives out the ids) tells it.
        self._outside: Callable[[], Presence] = lambda: Presence(joined=0, voted=0)
        self._publish({"phase": "waiting", "position": None, "total": None})

    # The terminal's side (quiz.Room).

    def open(self, position: int, question: Question, total: int, *, recap: bool = False) -> None:
        with self._lock:
            self._votes.clear()
            self._closed = False
            self._question, self._recap, self._changes = question, recap, None
            if self._lock_after is not None and position > self._lock_after and not recap:
                self._open_to_new = False
            self._position = position
            self._phase = "voting"
            self._publish(
                {
                    "phase": "voting",
                    "position": position,
                    "total": total,
                    "position_text": (wording.recap_position if recap else wording.position)(position, total),
                    "statement": question.statement,
                    "recap": recap,
                    "confidence": self._confidence,
                }
            )

    def vote_count(self) -> int:
        with self._lock:
            return len(self._votes)

    def presence(self) -> Presence:
        outside = self._outside()
        with self._lock:
            return dataclasses.replace(outside, voted=len(self._votes), closed=not self._open_to_new)

    def time_up(self) -> None:
        with self._lock:
            if self._phase == "voting":
                self._publish({**self._public, "time_up": True, "time_up_text": wording.TIME_UP})

    def close_vote(self) -> Tally:
        with self._lock:
            self._closed = True
            votes = self._votes
            myths = sum(1 for answer, _ in votes.values() if answer is Answer.MYTH)
            tally = Tally(myths, len(votes) - myths)
            if self._confidence:
                sure = [answer for answer, sure in votes.values() if sure]
                sure_myths = sum(1 for answer in sure if answer is Answer.MYTH)
                tally = Tally(tally.myths, tally.facts, sure_myths, len(sure) - sure_myths, len(votes))
            if self._question is not None:
                self._pair(self._question)
            return tally

    def _pair(self, question: Question) -> None:
        """In the first round, keep each participant's vote; in the recap, count how those who voted
        both times changed (right before or not, right after or not)."""
        now = {participant: answer for participant, (answer, _) in self._votes.items()}
        if not self._recap:
            self._first[question.id] = now
            return
        before = self._first.get(question.id)
        if before is None:
            return
        counts = {(True, True): 0, (True, False): 0, (False, True): 0, (False, False): 0}
        for participant, answer in now.items():
            if participant in before:
                counts[before[participant] is question.answer, answer is question.answer] += 1
        self._changes = Changes(counts[False, True], counts[True, False], counts[True, True], counts[False, False])

    def changes(self) -> Changes | None:
        with self._lock:
            return self._changes

    def reveal(self, reveal: Reveal) -> None:
        with self._lock:
            self._phase = "revealed"
            total = self._public.get("total")
            self._publish({"phase": "revealed", "total": total, **_revealed(reveal, total, self._confidence)})

    def end(self, reveals: Sequence[Reveal], recap: Sequence[BeforeAfter] = ()) -> None:
        with self._lock:
            self._phase = "ended"
            self._position = None
            ended: dict[str, Any] = {
                "phase": "ended",
                "position": None,
                "total": self._public.get("total"),
                "summary": [_summary_row(reveal) for reveal in reveals],
                "resources": self._resources,
            }
            if recap:
                ended |= {"recap": [_recap_row(row) for row in recap], "recap_overall": _recap_overall(recap)}
            self._publish(ended)

    # The server's side.

    def asks_how_sure(self) -> bool:
        return self._confidence

    def vote(
        self, participant: str, position: int, answer: Answer, limit: int, *, sure: bool = False
    ) -> Refusal | None:
        """Record a vote (and how sure), the latest one counting; why it is refused, if it is."""
        with self._lock:
            if self._phase != "voting" or self._closed or position != self._position:
                return Refusal.NOT_OPEN
            if participant not in self._votes and len(self._votes) >= limit:
                return Refusal.FULL
            self._votes[participant] = (answer, sure)
            return None

    def state_for(self, participant: str | None) -> dict[str, Any]:
        """The public state, with this participant's vote; None, a browser that is no participant."""
        with self._lock:
            mine = self._votes.get(participant) if participant is not None and self._phase == "voting" else None
            joined = (
                {"joined": True}
                if participant is not None
                else {"joined": False, "join_text": self._join_text(), "can_join": self._open_to_new}
            )
            vote = {"your_vote": None} if mine is None else {"your_vote": mine[0].value, "your_sure": mine[1]}
            return {**self._public, **vote, **joined}

    def open_to_newcomers(self) -> bool:
        return self._open_to_new

    def join_text(self) -> str:
        """What a browser that is no participant is told: how to join, or that it no longer can."""
        with self._lock:
            return self._join_text()

    def _join_text(self) -> str:
        return NOT_JOINED if self._open_to_new else CLOSED_TO_YOU

    def forget(self, participant: str) -> None:
        """A participant's id was taken back for a newcomer: its vote goes with it."""
        with self._lock:
            self._votes.pop(participant, None)

    def current(self) -> tuple[int, bytes, bool]:
        """The latest public state as an event payload, its version, and whether the workshop has ended."""
        with self._lock:
            return self._version, self._payload, self._phase == "ended"

    def observe(self, outside: Callable[[], Presence]) -> None:
        """Take who has joined or been turned away from `outside` (the web side, which gives out the ids)."""
        self._outside = outside

    def listen(self, listener: Callable[[], None]) -> None:
        """Call `listener` (from the thread that changed the board) after every change."""
        self._listeners.append(listener)

    def _publish(self, public: dict[str, Any]) -> None:
        self._public = {"title": self._title, **public}
        self._version += 1
        self._payload = json.dumps(self._public, ensure_ascii=False).encode("utf-8")
        for listener in self._listeners:
            listener()


def _revealed(reveal: Reveal, total: int | None, confidence: bool) -> dict[str, Any]:
    """A reveal as the phones see it: the saved record, the texts to show, and what a phone shows
    beside its own vote (and how sure it was), worded here so that the page composes no sentence
    of its own."""
    question = reveal.question
    evidence = question.evidence
    answer = question.answer
    outcome = {choice.value: f"You said {choice.value}: " + _right_or_not(choice, answer) for choice in Answer}
    if confidence:
        outcome |= {
            f"{c.value}_sure": f"You said {c.value}, and were sure: " + _right_or_not(c, answer) for c in Answer
        }
    tally = reveal.tally
    sure_wrong = None if tally is None else wording.sure_wrong_line(tally, answer)
    return {
        **wording.reveal_record(reveal),
        "position_text": wording.position(reveal.position, total or reveal.position),
        "statement": question.statement,
        "verdict_text": f"It's {wording.verdict_phrase(answer)}",
        "outcome": {**outcome, "none": "You did not vote on this one."},
        "sure_wrong_note": wording.SURE_AND_WRONG if confidence else None,
        "room": "" if tally is None or not tally.total else _room(tally, reveal.share_right, sure_wrong),
        "explanation": question.explanation,
        "passage_heading": wording.passage_heading(question.passage_role),
        "passage": question.passage,
        "passage_translation": _translation(question.passage_translation),
        "evidence": {"note": evidence.note, "sources": list(evidence.sources)} if evidence else None,
    }


def _translation(translation: PassageTranslation | None) -> dict[str, str] | None:
    """The passage's translation, labelled as one, and its language for the page to mark it with."""
    if translation is None:
        return None
    return {"text": wording.translation_line(translation), "language": translation.language}


def _right_or_not(choice: Answer, answer: Answer) -> str:
    return "right." if choice is answer else "not this time."


def _room(tally: Tally, share_right: float | None, sure_wrong: str | None) -> str:
    line = wording.room_line(tally, share_right) + "."
    return line if sure_wrong is None else f"{line} {sure_wrong}."


def _recap_row(row: BeforeAfter) -> dict[str, Any]:
    change = wording.points(row.change, row.right_before, row.right_after)
    before_after = wording.before_after(row.right_before, row.right_after)
    return {
        "id": row.id,
        "statement": row.statement,
        "verdict": row.answer.value,
        "right_before": row.right_before,
        "right_after": row.right_after,
        "text": f"{row.statement} — {wording.verdict_name(row.answer)}: {before_after} right ({change})",
    }


def _recap_overall(rows: Sequence[BeforeAfter]) -> str:
    line = wording.change_line(*overall_change(rows))
    return "" if line is None else line + "."


def _summary_row(reveal: Reveal) -> dict[str, Any]:
    share = reveal.share_right
    right = "" if share is None else f", {wording.percent(share)} of the room right"
    return {
        **wording.reveal_record(reveal),
        "statement": reveal.question.statement,
        "text": f"{reveal.question.statement} — {wording.verdict_name(reveal.question.answer)}{right}",
    }


def _resource(resource: Resource) -> dict[str, Any]:
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
