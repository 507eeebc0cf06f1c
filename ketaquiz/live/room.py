"""The live room's shared state: what the phones see, and the votes on the open statement.

The terminal drives a `Board` (the `votes.Room` a workshop talks to) from its own thread; the
web handlers, on the server's thread, only ever read it or record a vote. Nothing a participant
sends can advance, reveal or end the workshop.

A room speaks each of its languages (`Voice`): the board keeps what the phones see once per
language, the bank's texts as a reader of that language sees them and ketaquiz's words in it, so
that each phone's event stream is in the language that phone chose. The votes are one tally,
whatever the language; only how many phones voted in each language is counted apart.
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
from ketaquiz.i18n import N_, _, speaking, spoken
from ketaquiz.live.shown import (
    Voice,
    recap_overall,
    recap_row,
    recap_score_forms,
    resource,
    revealed,
    score_forms,
    summary_row,
)
from ketaquiz.model import Answer, Question, Resource
from ketaquiz.votes import BeforeAfter, Changes, Join, Languages, Presence, Reveal, Tally
from ketaquiz.wording import room as room_wording

# Lowercase letters and digits without the look-alikes (0/o, 1/l/i): easy to type on a phone.
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 8  # 31**8, about 8.5e11 codes


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Refusal(enum.Enum):
    """Why a vote was not counted; the web side chooses its HTTP status from this."""

    NOT_OPEN = N_("that statement is not open for voting")
    FULL = room_wording.ROOM_FULL


def not_joined() -> str:
    """What the page tells a browser that is not a participant (one given no id, or whose id was taken back)."""
    return _("This phone has not joined the vote: reload the page to take part.")


def closed_to_you() -> str:
    return _("The workshop is closed to new phones. You can follow along here, but not vote.")


class Board:
    """What the room sees, and the votes on the open statement. Safe to call from any thread."""

    def __init__(
        self,
        *,
        join: Join,
        title: str = "",
        resources: Sequence[Resource] = (),
        lock_after: int | None = None,
        confidence: bool = False,
        voices: Sequence[Voice] = (),
    ) -> None:
        self.join = join
        self.code = join.code
        # The first voice is the room's own: a phone that asks for none of them is shown it.
        self._voices = tuple(voices) or (Voice(None, title, resources),)
        self._by_language = {voice.language: voice for voice in self._voices}
        self._lock = threading.Lock()
        self._confidence = confidence  # each vote comes with how sure: sure, or (by default) not
        # Each participant's vote, how sure, and the language its phone voted in.
        self._votes: dict[str, tuple[Answer, bool, str | None]] = {}
        self._closed = False  # the facilitator has counted the votes: the reveal is coming
        self._question: Question | None = None
        self._recap = False  # the open statement is asked again, in the recap round
        # Each participant's first-round vote by statement, so that a recap vote pairs with it; only
        # ever counted (Changes), never shown or saved with the id.
        self._first: dict[str, dict[str, Answer]] = {}
        self._changes: Changes | None = None
        self._position: int | None = None
        self._recap_positions: dict[str, int] = {}  # where each statement was asked again in the recap
        self._phase = "waiting"
        self._public: dict[str | None, dict[str, Any]] = {}  # what the phones see, per language
        self._version = 0
        self._payloads: dict[str | None, bytes] = {}
        self._listeners: list[Callable[[], None]] = []
        self._lock_after = lock_after  # no new participant once a later statement opens
        self._open_to_new = True
        # Who has joined or been turned away, as the web side (which gives out the ids) tells it.
        self._outside: Callable[[], Presence] = lambda: Presence(joined=0, voted=0)
        self._publish(lambda voice: {"phase": "waiting", "position": None, "total": None})

    # The terminal's side (votes.Room).

    def open(self, position: int, question: Question, total: int, *, recap: bool = False) -> None:
        with self._lock:
            self._votes.clear()
            self._closed = False
            self._question, self._recap, self._changes = question, recap, None
            if self._lock_after is not None and position > self._lock_after and not recap:
                self._open_to_new = False
            self._position = position
            self._phase = "voting"
            if recap:
                self._recap_positions[question.id] = position
            self._publish(
                lambda voice: {
                    "phase": "voting",
                    "position": position,
                    "total": total,
                    "position_text": (room_wording.recap_position if recap else wording.position)(position, total),
                    "statement": voice.question(question).statement,
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
                self._publish(
                    lambda voice: {
                        **self._public[voice.language],
                        "time_up": True,
                        "time_up_text": room_wording.time_up(),
                    }
                )

    def close_vote(self) -> Tally:
        with self._lock:
            self._closed = True
            votes = self._votes
            myths = sum(1 for answer, _, _ in votes.values() if answer is Answer.MYTH)
            tally = Tally(myths, len(votes) - myths)
            if self._confidence:
                sure = [answer for answer, sure, _ in votes.values() if sure]
                sure_myths = sum(1 for answer in sure if answer is Answer.MYTH)
                tally = Tally(tally.myths, tally.facts, sure_myths, len(sure) - sure_myths, len(votes))
            if self._question is not None:
                self._pair(self._question)
            return tally

    def _pair(self, question: Question) -> None:
        """In the first round, keep each participant's vote; in the recap, count how those who voted
        both times changed (right before or not, right after or not)."""
        now = {participant: answer for participant, (answer, _, _) in self._votes.items()}
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

    def languages(self) -> Languages:
        """How many of the votes on the open statement came from phones in each of the room's
        languages (none for a room that does not name its language)."""
        with self._lock:
            spoken = [language for _, _, language in self._votes.values()]
            return tuple(
                (voice.language, spoken.count(voice.language)) for voice in self._voices if voice.language is not None
            )

    def reveal(self, reveal: Reveal) -> None:
        with self._lock:
            self._phase = "revealed"
            total = self._total()

            def phones_see(voice: Voice) -> dict[str, Any]:
                shown = dataclasses.replace(reveal, question=voice.question(reveal.question))
                return {"phase": "revealed", "total": total, **revealed(shown, total, self._confidence, voice)}

            self._publish(phones_see)

    def end(self, reveals: Sequence[Reveal], recap: Sequence[BeforeAfter] = ()) -> None:
        with self._lock:
            self._phase = "ended"
            self._position = None
            total = self._total()

            def ended(voice: Voice) -> dict[str, Any]:
                shown = [dataclasses.replace(reveal, question=voice.question(reveal.question)) for reveal in reveals]
                summary: dict[str, Any] = {
                    "phase": "ended",
                    "position": None,
                    "total": total,
                    "summary": [summary_row(reveal) for reveal in shown],
                    "score_forms": score_forms(len(reveals)),
                    "resources": [resource(each) for each in voice.resources],
                }
                if recap:
                    rows = [self._recap_row(row, voice) for row in recap]
                    summary |= {
                        "recap": rows,
                        "recap_overall": recap_overall(recap),
                        "recap_score_forms": recap_score_forms(len(recap)),
                    }
                return summary

            self._publish(ended)

    def _total(self) -> Any:
        return self._public[self._voices[0].language].get("total")

    def _recap_row(self, row: BeforeAfter, voice: Voice) -> dict[str, Any]:
        statement = voice.questions[row.id].statement if row.id in voice.questions else row.statement
        return recap_row(dataclasses.replace(row, statement=statement), self._recap_positions.get(row.id))

    # The server's side.

    def asks_how_sure(self) -> bool:
        return self._confidence

    def vote(
        self,
        participant: str,
        position: int,
        answer: Answer,
        limit: int,
        *,
        sure: bool = False,
        language: str | None = None,
    ) -> Refusal | None:
        """Record a vote (how sure, and the language of the phone it came from), the latest one
        counting; why it is refused, if it is."""
        with self._lock:
            if self._phase != "voting" or self._closed or position != self._position:
                return Refusal.NOT_OPEN
            if participant not in self._votes and len(self._votes) >= limit:
                return Refusal.FULL
            self._votes[participant] = (answer, sure, self._voice(language).language)
            return None

    def spoken(self) -> tuple[str, ...]:
        """The languages the room speaks, its own first; none when it speaks only the interface's."""
        return tuple(voice.language for voice in self._voices if voice.language is not None)

    def _voice(self, language: str | None) -> Voice:
        """The room's voice in `language`, or its own first one."""
        return self._by_language.get(language, self._voices[0])

    def state_for(self, participant: str | None, language: str | None = None) -> dict[str, Any]:
        """The public state in `language`, with this participant's vote; None, a browser that is no participant."""
        with self._lock:
            mine = self._votes.get(participant) if participant is not None and self._phase == "voting" else None
            voice = self._voice(language)
            if participant is None:
                with speaking(voice.language):
                    joined = {"joined": False, "join_text": self._join_text(), "can_join": self._open_to_new}
            else:
                joined = {"joined": True}
            vote = {"your_vote": None} if mine is None else {"your_vote": mine[0].value, "your_sure": mine[1]}
            return {**self._public[voice.language], **vote, **joined}

    def open_to_newcomers(self) -> bool:
        return self._open_to_new

    def join_text(self) -> str:
        """What a browser that is no participant is told: how to join, or that it no longer can."""
        with self._lock:
            return self._join_text()

    def _join_text(self) -> str:
        return not_joined() if self._open_to_new else closed_to_you()

    def forget(self, participant: str) -> None:
        """A participant's id was taken back for a newcomer: its vote goes with it."""
        with self._lock:
            self._votes.pop(participant, None)

    def current(self, language: str | None = None) -> tuple[int, bytes, bool]:
        """The latest public state in `language` as an event payload, its version, and whether the
        workshop has ended."""
        with self._lock:
            return self._version, self._payloads[self._voice(language).language], self._phase == "ended"

    def observe(self, outside: Callable[[], Presence]) -> None:
        """Take who has joined or been turned away from `outside` (the web side, which gives out the ids)."""
        self._outside = outside

    def listen(self, listener: Callable[[], None]) -> None:
        """Call `listener` (from the thread that changed the board) after every change."""
        self._listeners.append(listener)

    def _publish(self, public: Callable[[Voice], dict[str, Any]]) -> None:
        """What every phone sees now, in each of the room's languages: `public` worded in each."""
        for voice in self._voices:
            with speaking(voice.language):
                said = {"title": voice.title, "language": voice.language or spoken(), **public(voice)}
            self._public[voice.language] = said
            self._payloads[voice.language] = json.dumps(said, ensure_ascii=False).encode("utf-8")
        self._version += 1
        for listener in self._listeners:
            listener()
