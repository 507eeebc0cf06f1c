"""What a learner's history says about one bank: how many sessions, the last and the best, how
each statement went — added up by the database — and, from that, `stats` and `play --missed`.

The same bank is the same file, even edited since, or the same content, even moved.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ketaquiz.bank import Bank, Question, tagged
from ketaquiz.history import Kind, Session, Warn, content_digest, reading

if TYPE_CHECKING:
    import sqlite3


@dataclass(frozen=True)
class Answered:
    """How one statement went, over every session of a bank."""

    right: int
    seen: int
    last_correct: bool  # the last time it was asked

    @property
    def missed(self) -> int:
        return self.seen - self.right


@dataclass(frozen=True)
class BankHistory:
    sessions: int = 0  # sessions that answered at least one statement
    full_runs: int = 0  # of those, every statement of the bank asked and answered
    last: Session | None = None
    best: Session | None = None  # the best full run, the earliest of equals
    answered: Mapping[str, Answered] = field(default_factory=dict)  # by statement id


_OF_BANK = "(bank_path = :path OR bank_sha256 = :digest)"
# A full run: every statement of the bank asked and answered; a record from before sessions
# said their kind counts when it asked as many statements as the bank has.
_FULL_RUN = "answered = total AND (kind = 'full' OR (kind IS NULL AND total = :size))"
_SESSION = "SELECT id, time, bank_path, bank_sha256, total, kind, tags FROM sessions"


def of_bank(bank: Bank, warn: Warn, *, per_statement: bool = True) -> BankHistory:
    """What the history says about `bank`; `per_statement` adds how each statement went. A
    history that cannot be read is warned of, and counts as empty."""
    with reading(warn) as connection:
        if connection is None:
            return BankHistory()
        mine = {"path": bank.path, "digest": content_digest(bank), "size": len(bank.questions)}
        where = f"{_OF_BANK} AND answered > 0"
        sessions, full_runs = connection.execute(
            f"SELECT count(*), coalesce(sum({_FULL_RUN}), 0) FROM sessions WHERE {where}", mine
        ).fetchone()
        last = _session(connection, f"{_SESSION} WHERE {where} ORDER BY id DESC LIMIT 1", mine)
        best = _session(
            connection,
            f"{_SESSION} WHERE {where} AND {_FULL_RUN} ORDER BY CAST(right_count AS REAL) / answered DESC, id LIMIT 1",
            mine,
        )
        return BankHistory(sessions, full_runs, last, best, _answered(connection, mine) if per_statement else {})
    return BankHistory()  # the history failed while being read, and said so


def _session(connection: sqlite3.Connection, query: str, mine: dict[str, object]) -> Session | None:
    row = connection.execute(query, mine).fetchone()
    if row is None:
        return None
    number, time, path, digest, total, kind, tags = row
    rows = connection.execute("SELECT question, correct FROM answers WHERE session = ? ORDER BY position", (number,))
    answers = tuple((qid, bool(correct)) for qid, correct in rows)
    return Session(time, path, digest, answers, total, None if kind is None else Kind(kind), tuple(json.loads(tags)))


def _answered(connection: sqlite3.Connection, mine: dict[str, object]) -> dict[str, Answered]:
    # With exactly one max() in a query, SQLite takes the bare column `correct` from the row
    # holding that maximum: the statement's latest answer.
    rows = connection.execute(
        "SELECT a.question, sum(a.correct), count(*), a.correct, max(a.session * 1048576 + a.position)"
        f" FROM sessions JOIN answers AS a ON a.session = sessions.id WHERE {_OF_BANK} GROUP BY a.question",
        mine,
    )
    return {qid: Answered(int(right), int(seen), bool(last)) for qid, right, seen, last, _ in rows}


class NothingToReview(Exception):
    """`play --missed` has nothing to ask; the message says why."""


def missed_for_review(bank: Bank, past: BankHistory, *, tags: Sequence[str], count: int | None) -> list[Question]:
    """The statements missed the last time they were seen, most missed first, for `play --missed`."""
    if past.last is None:
        raise NothingToReview(
            "No history for this bank yet: play it first, and --missed will bring back what you missed."
        )
    questions = tagged(missed_last_time(past, bank.questions), tags)[:count]
    if not questions:
        raise NothingToReview("Nothing to review: you got every statement right the last time you saw it.")
    return questions


def missed_last_time(past: BankHistory, questions: Sequence[Question]) -> list[Question]:
    """Statements answered wrongly the last time they were seen, most often missed first."""
    answered = past.answered
    missed = [question for question in questions if question.id in answered and not answered[question.id].last_correct]
    return sorted(missed, key=lambda question: -answered[question.id].missed)


@dataclass(frozen=True)
class Accuracy:
    right: int
    seen: int

    @property
    def share(self) -> float:
        return self.right / self.seen if self.seen else 0.0


@dataclass(frozen=True)
class Stats:
    sessions: int
    full_runs: int
    statements: int  # in the bank
    seen: int  # of those, answered at least once
    last: Session | None
    best: Session | None  # the best full run
    most_missed: tuple[tuple[Question, Accuracy], ...]  # every statement ever missed, most missed first
    by_tag: tuple[tuple[str, Accuracy], ...]


def stats(past: BankHistory, bank: Bank) -> Stats:
    """Progress with a bank; statements since removed from it are left out."""
    seen = [(question, past.answered[question.id]) for question in bank.questions if question.id in past.answered]
    tag_right: dict[str, int] = {}
    tag_seen: dict[str, int] = {}
    for question, answered in seen:
        for tag in question.tags:
            tag_right[tag] = tag_right.get(tag, 0) + answered.right
            tag_seen[tag] = tag_seen.get(tag, 0) + answered.seen
    missed = sorted(
        ((question, Accuracy(answered.right, answered.seen)) for question, answered in seen if answered.missed),
        key=lambda item: (-(item[1].seen - item[1].right), item[1].share),
    )
    return Stats(
        sessions=past.sessions,
        full_runs=past.full_runs,
        statements=len(bank.questions),
        seen=len(seen),
        last=past.last,
        best=past.best,
        most_missed=tuple(missed),
        by_tag=tuple((tag, Accuracy(tag_right[tag], tag_seen[tag])) for tag in sorted(tag_seen)),
    )
