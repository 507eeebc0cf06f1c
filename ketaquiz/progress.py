"""Reading a learner's history: opened without changing it (an earlier ketaquiz's history read
into memory), what it says about one bank — how many sessions, the last and the best, how each
statement went, kept up to date by the database — and, from that, `stats` and `play --missed`.

The same bank is the same file, even edited since, or the same content, even moved. A history
that cannot be read is a warning, never a failure: these commands can do without it.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ketaquiz.bank import Bank, Question, tagged
from ketaquiz.files import os_reason
from ketaquiz.history import (
    BUSY_TIMEOUT_SECONDS,
    SCHEMA,
    Kind,
    Newer,
    NotAHistory,
    Session,
    check,
    content_digest,
    history_path,
    import_legacy,
    legacy_path,
)
from ketaquiz.i18n import _

if TYPE_CHECKING:
    import sqlite3


# Reading the history, for the commands that can do without it: a problem is a warning.

Warn = Callable[[str], None]


def count(warn: Warn) -> int:
    """How many sessions are recorded, of every bank."""
    with reading(warn) as connection:
        return 0 if connection is None else int(connection.execute("SELECT count(*) FROM sessions").fetchone()[0])
    return 0  # the history failed while being read, and said so


@contextlib.contextmanager
def reading(warn: Warn) -> Iterator[sqlite3.Connection | None]:
    """The history opened to be read, or None when there is none or it cannot be read (which is
    warned of, as is a fault found only while reading, such as a damaged page)."""
    import sqlite3

    connection = _open_to_read(warn)
    try:
        yield connection
    except sqlite3.Error as error:
        warn(_cannot_read().format(reason=error))
    finally:
        if connection is not None:
            connection.close()


def _open_to_read(warn: Warn) -> sqlite3.Connection | None:
    """The history, or an earlier ketaquiz's not yet imported, read into memory so that reading
    never changes a file; None, warned of, when it cannot be read."""
    import sqlite3

    path = history_path()
    shown = path
    try:
        if os.path.exists(path):
            return _open_database(path)
        shown = legacy_path(path)
        return _legacy_in_memory(shown) if os.path.exists(shown) else None
    except Newer as newer:
        warn(_("the history file {path} cannot be read: {reason}").format(path=shown, reason=newer))
    except (NotAHistory, ValueError) as unreadable:
        warn(
            _(
                "the history file {path} cannot be read ({reason}); it is left as it is, "
                "and will be kept aside under another name when your next session is recorded"
            ).format(path=shown, reason=unreadable)
        )
    except sqlite3.Error as error:
        warn(_cannot_read().format(reason=error))
    except OSError as error:
        warn(_cannot_read().format(reason=os_reason(error)))
    return None


def _cannot_read() -> str:
    """Said wherever the history fails to be read, whatever the reason."""
    return _("the history cannot be read ({reason}); carrying on without it")


def _open_database(path: str) -> sqlite3.Connection | None:
    import sqlite3
    from pathlib import Path

    # mode=rw never creates the file, and opens a read-only file read-only.
    connection = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=rw", uri=True, timeout=BUSY_TIMEOUT_SECONDS)
    with _closed_unless_kept(connection):
        if check(connection) == 0:  # an empty file: no session yet
            connection.close()
            return None
    return connection


def _legacy_in_memory(legacy: str) -> sqlite3.Connection:
    import sqlite3

    connection = sqlite3.connect(":memory:", isolation_level=None)
    with _closed_unless_kept(connection):
        for statement in SCHEMA:
            connection.execute(statement)
        import_legacy(connection, legacy, None)
    return connection


@contextlib.contextmanager
def _closed_unless_kept(connection: sqlite3.Connection) -> Iterator[None]:
    """A connection closed if what follows its opening fails."""
    try:
        yield
    except BaseException:
        connection.close()
        raise


@dataclass(frozen=True)
class Answered:
    """How one statement went, over every session of a bank."""

    right: int
    seen: int
    last_correct: bool  # the last time it was asked
    sure_wrong: int = 0  # answered wrong while sure: a misconception held with confidence
    last_sure_wrong: bool = False  # so, the last time it was asked

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


def of_bank(bank: Bank, warn: Warn) -> BankHistory:
    """What the history says about `bank`. A history that cannot be read is warned of, and counts as empty."""
    with reading(warn) as connection:
        if connection is None:
            return BankHistory()
        mine = _mine(bank)
        where = f"{_OF_BANK} AND answered > 0"
        sessions, full_runs = connection.execute(
            f"SELECT count(*), coalesce(sum({_FULL_RUN}), 0) FROM sessions WHERE {where}", mine
        ).fetchone()
        best = connection.execute(
            f"SELECT id FROM sessions WHERE {where} AND {_FULL_RUN}"
            " ORDER BY CAST(right_count AS REAL) / answered DESC, id LIMIT 1",
            mine,
        ).fetchone()
        last, best = _last(connection, mine), None if best is None else _session(connection, best[0])
        return BankHistory(sessions, full_runs, last, best, _answered(connection, mine))
    return BankHistory()  # the history failed while being read, and said so


def last_session(bank: Bank, warn: Warn) -> Session | None:
    """The last session of `bank` that answered anything; None when there is none, or no history to read."""
    with reading(warn) as connection:
        return None if connection is None else _last(connection, _mine(bank))
    return None  # the history failed while being read, and said so


def _mine(bank: Bank) -> dict[str, object]:
    return {"path": bank.path, "digest": content_digest(bank), "size": len(bank.questions)}


def _last(connection: sqlite3.Connection, mine: dict[str, object]) -> Session | None:
    # One query for each way a session can be this bank's, so that each walks its index back
    # from the newest and stops at once, however long the history.
    latest = [
        connection.execute(
            f"SELECT id FROM sessions WHERE {column} AND answered > 0 ORDER BY id DESC LIMIT 1", mine
        ).fetchone()
        for column in ("bank_path = :path", "bank_sha256 = :digest")
    ]
    found = [row[0] for row in latest if row is not None]
    return _session(connection, max(found)) if found else None


def _session(connection: sqlite3.Connection, number: int) -> Session:
    time, path, digest, total, kind, tags = connection.execute(
        "SELECT time, bank_path, bank_sha256, total, kind, tags FROM sessions WHERE id = ?", (number,)
    ).fetchone()
    rows = connection.execute("SELECT question, correct FROM answers WHERE session = ? ORDER BY position", (number,))
    answers = tuple((qid, bool(correct)) for qid, correct in rows)
    return Session(time, path, digest, answers, total, None if kind is None else Kind(kind), tuple(json.loads(tags)))


def _answered(connection: sqlite3.Connection, mine: dict[str, object]) -> dict[str, Answered]:
    # With exactly one max() in a query, SQLite takes the bare columns `last_correct` and
    # `last_sure_wrong` from the row holding that maximum: how the statement went the last time it
    # was asked. A history in the first layout, read as it is, knows nothing of how sure.
    layout = connection.execute("PRAGMA user_version").fetchone()[0]
    sure = "sum(sure_wrong), last_sure_wrong" if layout >= 2 else "0, 0"
    rows = connection.execute(
        f"SELECT question, sum(right_count), sum(seen), last_correct, {sure}, max(last_asked)"
        f" FROM tallies WHERE {_OF_BANK} GROUP BY question",
        mine,
    )
    return {
        qid: Answered(int(right), int(seen), bool(last), int(sure_wrong), bool(last_sure_wrong))
        for qid, right, seen, last, sure_wrong, last_sure_wrong, _ in rows
    }


class NothingToReview(Exception):
    """`play --missed` has nothing to ask; the message says why."""


def missed_for_review(bank: Bank, past: BankHistory, *, tags: Sequence[str], count: int | None) -> list[Question]:
    """The statements missed the last time they were seen, most missed first, for `play --missed`."""
    if past.last is None:
        raise NothingToReview(
            _("No history for this bank yet: play it first, and --missed will bring back what you missed.")
        )
    questions = tagged(missed_last_time(past, bank.questions), tags)[:count]
    if not questions:
        raise NothingToReview(_("Nothing to review: you got every statement right the last time you saw it."))
    return questions


def missed_last_time(past: BankHistory, questions: Sequence[Question]) -> list[Question]:
    """Statements answered wrongly the last time they were seen: those answered sure and wrong
    first (the misconceptions held with confidence), then the most often missed."""
    answered = past.answered
    missed = [question for question in questions if question.id in answered and not answered[question.id].last_correct]
    return sorted(
        missed, key=lambda question: (not answered[question.id].last_sure_wrong, -answered[question.id].missed)
    )


@dataclass(frozen=True)
class Accuracy:
    right: int
    seen: int
    sure_wrong: int = 0  # of the misses, those answered sure

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
    # every statement ever missed: those ever answered sure and wrong first, then the most missed
    most_missed: tuple[tuple[Question, Accuracy], ...]
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
        (
            (question, Accuracy(answered.right, answered.seen, answered.sure_wrong))
            for question, answered in seen
            if answered.missed
        ),
        key=lambda item: (not item[1].sure_wrong, -(item[1].seen - item[1].right), item[1].share),
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
