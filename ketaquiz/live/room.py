"""The live room's shared state: what the phones see, and the votes on the open statement.

The terminal drives a `Board` (the `quiz.Room` a workshop talks to) from its own thread; the
web handlers, on the server's thread, only ever read it or record a vote. Nothing a participant
sends can advance, reveal or end the workshop.
"""

from __future__ import annotations

import enum
import json
import secrets
import threading
from collections.abc import Callable, Sequence
from typing import Any

from ketaquiz import wording
from ketaquiz.model import Answer, PassageTranslation, Question, Resource
from ketaquiz.quiz import Join, Presence, Reveal, Tally

# Lowercase letters and digits without the look-alikes (0/o, 1/l/i): easy to type on a phone.
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 8  # 31**8, about 8.5e11 codes


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Refusal(enum.Enum):
    """Why a vote was not counted; the web side chooses its HTTP status from this."""

    NOT_OPEN = "that statement is not open for voting"
    FULL = "the room is full"


class Board:
    """What the room sees, and the votes on the open statement. Safe to call from any thread."""

    def __init__(self, *, join: Join, title: str, resources: Sequence[Resource]) -> None:
        self.join = join
        self.code = join.code
        self._title = title
        self._resources = [_resource(resource) for resource in resources]
        self._lock = threading.Lock()
        self._votes: dict[str, Answer] = {}
        self._closed = False  # the facilitator has counted the votes: the reveal is coming
        self._position: int | None = None
        self._phase = "waiting"
        self._public: dict[str, Any] = {}
        self._version = 0
        self._payload = b""
        self._listeners: list[Callable[[], None]] = []
        # How many participants the web side has given an id; it says, as they join.
        self._joined: Callable[[], int] = lambda: 0
        self._publish({"phase": "waiting", "position": None, "total": None})

    # The terminal's side (quiz.Room).

    def open(self, position: int, question: Question, total: int) -> None:
        with self._lock:
            self._votes.clear()
            self._closed = False
            self._position = position
            self._phase = "voting"
            self._publish(
                {
                    "phase": "voting",
                    "position": position,
                    "total": total,
                    "position_text": wording.position(position, total),
                    "statement": question.statement,
                }
            )

    def vote_count(self) -> int:
        with self._lock:
            return len(self._votes)

    def presence(self) -> Presence:
        with self._lock:
            return Presence(joined=self._joined(), voted=len(self._votes))

    def time_up(self) -> None:
        with self._lock:
            if self._phase == "voting":
                self._publish({**self._public, "time_up": True})

    def close_vote(self) -> Tally:
        with self._lock:
            self._closed = True
            myths = sum(1 for answer in self._votes.values() if answer is Answer.MYTH)
            return Tally(myths, len(self._votes) - myths)

    def reveal(self, reveal: Reveal) -> None:
        with self._lock:
            self._phase = "revealed"
            total = self._public.get("total")
            self._publish({"phase": "revealed", "total": total, **_revealed(reveal, total)})

    def end(self, reveals: Sequence[Reveal]) -> None:
        with self._lock:
            self._phase = "ended"
            self._position = None
            self._publish(
                {
                    "phase": "ended",
                    "position": None,
                    "total": self._public.get("total"),
                    "summary": [_summary_row(reveal) for reveal in reveals],
                    "resources": self._resources,
                }
            )

    # The server's side.

    def vote(self, participant: str, position: int, answer: Answer, limit: int) -> Refusal | None:
        """Record a vote, the latest one counting; why it is refused, if it is."""
        with self._lock:
            if self._phase != "voting" or self._closed or position != self._position:
                return Refusal.NOT_OPEN
            if participant not in self._votes and len(self._votes) >= limit:
                return Refusal.FULL
            self._votes[participant] = answer
            return None

    def state_for(self, participant: str) -> dict[str, Any]:
        with self._lock:
            mine = self._votes.get(participant) if self._phase == "voting" else None
            return {**self._public, "your_vote": mine.value if mine else None}

    def current(self) -> tuple[int, bytes, bool]:
        """The latest public state as an event payload, its version, and whether the workshop has ended."""
        with self._lock:
            return self._version, self._payload, self._phase == "ended"

    def count_joined(self, joined: Callable[[], int]) -> None:
        """Take the count of joined participants from `joined` (the web side's, which gives out their ids)."""
        self._joined = joined

    def listen(self, listener: Callable[[], None]) -> None:
        """Call `listener` (from the thread that changed the board) after every change."""
        self._listeners.append(listener)

    def _publish(self, public: dict[str, Any]) -> None:
        self._public = {"title": self._title, **public}
        self._version += 1
        self._payload = json.dumps(self._public, ensure_ascii=False).encode("utf-8")
        for listener in self._listeners:
            listener()


def _revealed(reveal: Reveal, total: int | None) -> dict[str, Any]:
    """A reveal as the phones see it: the saved record, the texts to show, and what a phone shows
    beside its own vote, worded here so that the page composes no sentence of its own."""
    question = reveal.question
    evidence = question.evidence
    answer = question.answer
    return {
        **wording.reveal_record(reveal),
        "position_text": wording.position(reveal.position, total or reveal.position),
        "statement": question.statement,
        "verdict_text": f"It's {wording.verdict_phrase(answer)}",
        "outcome": {
            choice.value: f"You said {choice.value}: " + ("right." if choice is answer else "not this time.")
            for choice in Answer
        },
        "room": "" if reveal.tally is None or not reveal.tally.total else _room(reveal.tally, reveal.share_right),
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


def _room(tally: Tally, share_right: float | None) -> str:
    return wording.room_line(tally, share_right) + "."


def _summary_row(reveal: Reveal) -> dict[str, Any]:
    share = reveal.share_right
    right = "" if share is None else f", {wording.percent(share)} of the room right"
    return {
        **wording.reveal_record(reveal),
        "statement": reveal.question.statement,
        "text": f"{reveal.question.statement} — {wording.verdict_name(reveal.question.answer)}{right}",
    }


def _resource(resource: Resource) -> dict[str, str | None]:
    return {
        "name": resource.name,
        "contact": resource.contact,
        "region": resource.region,
        "details": resource.details,
        "text": wording.resource_line(resource),
    }
