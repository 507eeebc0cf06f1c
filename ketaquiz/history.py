"""A learner's history: each play session recorded, whole or not at all.

The history is an SQLite database, `history.sqlite3`, in the user's data folder (or
$KETAQUIZ_HOME), through the standard library's sqlite3. SQLite adds a session whole or not
at all — a crash or a full disk rolls back to what was there, and the caller is told —, lets
one writer in at a time, and keeps how each statement went up to date as sessions are added,
so recording, `stats` and `play --missed` cost the same with ten sessions or a hundred thousand.
Reading it is `progress`'s.

A history kept by an earlier ketaquiz (`history.jsonl`, one JSON object per line) is imported
once, by the first session recorded, and kept beside it as `history.jsonl.imported`.
"""

from __future__ import annotations

import contextlib
import enum
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from ketaquiz.bank import Bank, Question
from ketaquiz.errors import KetaquizError
from ketaquiz.files import os_reason
from ketaquiz.history_jsonl import LEGACY_NAME, old_sessions
from ketaquiz.i18n import _, ngettext
from ketaquiz.quiz import Result, Score

if TYPE_CHECKING:
    import sqlite3

FILE_NAME = "history.sqlite3"
# Another ketaquiz holding the history longer than this has hung: the session is not recorded, and says so.
BUSY_TIMEOUT_SECONDS = 10
# The database's own marks: that it is ketaquiz's history ("ketq"), and the layout of its tables.
APPLICATION_ID = 0x6B657471
SCHEMA_VERSION = 2
SCHEMA = (
    "CREATE TABLE sessions (id INTEGER PRIMARY KEY, time TEXT NOT NULL, bank_path TEXT NOT NULL,"
    " bank_sha256 TEXT NOT NULL, total INTEGER NOT NULL, kind TEXT, tags TEXT NOT NULL,"
    " answered INTEGER NOT NULL, right_count INTEGER NOT NULL)",
    "CREATE INDEX sessions_by_path ON sessions (bank_path)",
    "CREATE INDEX sessions_by_content ON sessions (bank_sha256)",
    # `sure`: how sure the learner said they were (play --confidence); NULL where they were not asked.
    "CREATE TABLE answers (session INTEGER NOT NULL REFERENCES sessions (id), position INTEGER NOT NULL,"
    " question TEXT NOT NULL, correct INTEGER NOT NULL, sure INTEGER, PRIMARY KEY (session, position)) WITHOUT ROWID",
    # How each statement went with each bank, kept up to date with every session added, so that
    # `stats` and `play --missed` read a row per statement, not every answer ever given.
    # `last_asked` orders the answers: the session's id, then the position in it (_ASKED). `sure_wrong`
    # counts the answers given sure and wrong, the misconceptions `stats` and `--missed` put first.
    "CREATE TABLE tallies (bank_path TEXT NOT NULL, bank_sha256 TEXT NOT NULL, question TEXT NOT NULL,"
    " right_count INTEGER NOT NULL, seen INTEGER NOT NULL, last_asked INTEGER NOT NULL,"
    " last_correct INTEGER NOT NULL, sure_wrong INTEGER NOT NULL DEFAULT 0, last_sure_wrong INTEGER NOT NULL DEFAULT 0,"
    " PRIMARY KEY (bank_path, bank_sha256, question)) WITHOUT ROWID",
    "CREATE INDEX tallies_by_content ON tallies (bank_sha256)",
    f"PRAGMA application_id = {APPLICATION_ID}",
    f"PRAGMA user_version = {SCHEMA_VERSION}",
)
# From each earlier layout to the next, in the transaction of the first session recorded after it.
MIGRATIONS = {
    1: (
        "ALTER TABLE answers ADD COLUMN sure INTEGER",
        "ALTER TABLE tallies ADD COLUMN sure_wrong INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE tallies ADD COLUMN last_sure_wrong INTEGER NOT NULL DEFAULT 0",
        "PRAGMA user_version = 2",
    ),
}


# An answer's place in the whole history: its session, then its position in the session.
_ASKED = 1 << 20


def history_folder() -> str:
    override = os.environ.get("KETAQUIZ_HOME")
    if override:
        return override
    from platformdirs import user_data_dir

    return user_data_dir("ketaquiz", appauthor=False)


def history_path() -> str:
    return os.path.join(history_folder(), FILE_NAME)


class Kind(enum.Enum):
    """What a session asked: the whole bank, or a review of part of it."""

    FULL = "full"
    MISSED = "missed"  # play --missed
    TAGS = "tags"  # play --tag
    SAMPLE = "sample"  # play -n, fewer than the whole bank


def kind_of(*, missed: bool, tags: Sequence[str], asked: int, available: int) -> Kind:
    if missed:
        return Kind.MISSED
    if tags:
        return Kind.TAGS
    return Kind.SAMPLE if asked < available else Kind.FULL


@dataclass(frozen=True)
class Session:
    time: str
    bank_path: str
    bank_digest: str
    answers: tuple[tuple[str, bool], ...]  # (statement id, answered right), in the order asked
    total: int
    kind: Kind | None = None  # None: recorded before sessions said what they were
    tags: tuple[str, ...] = ()
    sure: tuple[bool | None, ...] = ()  # how sure of each answer, where the learner was asked

    @property
    def right(self) -> int:
        return sum(correct for _, correct in self.answers)

    def score(self) -> Score:
        return Score(right=self.right, answered=len(self.answers), total=self.total, missed=())


def content_digest(bank: Bank) -> str:
    """SHA-256 of what a bank says — its title, source and statements — whatever file it is in."""
    import hashlib

    content = [bank.title, asdict(bank.source), [_said(question) for question in bank.questions]]
    return hashlib.sha256(json.dumps(content, default=str, ensure_ascii=False).encode("utf-8")).hexdigest()


def _said(question: Question) -> dict[str, object]:
    fields = asdict(question)
    # Fields newer than the history count only where a question has them, so a bank written before
    # them (without leanings or translations) keeps the digest it always had.
    for key in ("leans", "translations", "passage_translation"):
        if not fields[key]:
            del fields[key]
    return fields


def new_session(
    bank: Bank,
    results: Sequence[Result],
    total: int,
    *,
    kind: Kind = Kind.FULL,
    tags: Sequence[str] = (),
    now: datetime | None = None,
) -> Session:
    moment = (now or datetime.now(timezone.utc)).isoformat(timespec="seconds")
    answers = tuple((result.question.id, result.correct) for result in results)
    sure = tuple(result.sure for result in results)
    return Session(moment, bank.path, content_digest(bank), answers, total, kind, tuple(tags), sure)


class NotRecorded(KetaquizError):
    """A session the history could not take; the history is as it was before."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(
            _("this session was not recorded in your history ({path}): {reason}").format(path=path, reason=reason)
        )


class NotAHistory(Exception):
    """A file where the history should be that is not one (its reason is the message)."""


class Newer(Exception):
    """A history in a layout a newer ketaquiz wrote: left as it is."""


# Recording a session.


def record(session: Session, path: str | None = None) -> list[str]:
    """Add one session, whole or not at all; what was done on the way, in words (an unreadable
    file kept aside, an earlier history imported). NotRecorded when it could not be added."""
    import sqlite3

    path = path or history_path()
    notes: list[str] = []
    try:
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        try:
            imported = _add(path, session, notes)
        except Newer as newer:
            raise NotRecorded(path, str(newer)) from None
        except NotAHistory as unreadable:
            kept = _move_aside(path)
            notes.append(
                _("the history file could not be read ({reason}); it was kept as {kept}, and a new one started").format(
                    reason=unreadable, kept=kept
                )
            )
            imported = _add(path, session, notes)
    except sqlite3.Error as error:
        raise NotRecorded(path, str(error)) from None
    except OSError as error:
        raise NotRecorded(path, os_reason(error)) from None
    if imported:
        legacy = legacy_path(path)
        try:
            os.replace(legacy, legacy + ".imported")
        except OSError as error:
            notes.append(
                _("{path} is in the new history now, but could not be renamed ({reason})").format(
                    path=legacy, reason=os_reason(error)
                )
            )
    return notes


def _add(path: str, session: Session, notes: list[str]) -> bool:
    """Insert the session in one transaction, creating the history (and importing an earlier
    one) if there is none yet; whether an earlier history was imported."""
    import sqlite3

    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    try:
        with _damaged_is_not_a_history():
            connection.execute("BEGIN IMMEDIATE")  # the write lock now, so no other ketaquiz sets up the tables too
        imported = False
        version = check(connection)
        if version == 0:
            for statement in SCHEMA:
                connection.execute(statement)
            imported = import_legacy(connection, legacy_path(path), notes)
        for earlier in range(version or SCHEMA_VERSION, SCHEMA_VERSION):
            for statement in MIGRATIONS[earlier]:
                connection.execute(statement)
        with _damaged_is_not_a_history():
            _insert(connection, session)
        connection.execute("COMMIT")
        return imported
    finally:
        if connection.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                connection.rollback()
        connection.close()


def check(connection: sqlite3.Connection) -> int:
    """The layout of the history's tables: 0 when the database is new and needs them, or an
    earlier layout (MIGRATIONS) or this one; NotAHistory if it is not a ketaquiz history, or a
    damaged one; Newer if a newer ketaquiz wrote it."""
    with _damaged_is_not_a_history():
        application = connection.execute("PRAGMA application_id").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if application == APPLICATION_ID and 1 <= version <= SCHEMA_VERSION:
        return int(version)
    if application == APPLICATION_ID and version > SCHEMA_VERSION:
        raise Newer(_("a newer ketaquiz wrote it; update ketaquiz to use it"))
    if application == 0 and not tables:
        return 0
    raise NotAHistory(_("it is a database, but not a ketaquiz history"))


@contextlib.contextmanager
def _damaged_is_not_a_history() -> Iterator[None]:
    import sqlite3

    try:
        yield
    except sqlite3.DatabaseError as error:
        if type(error) is sqlite3.DatabaseError:  # not a database, or a damaged one; not a full disk or a lock
            raise NotAHistory(str(error)) from None
        raise


def _insert(connection: sqlite3.Connection, session: Session, *, tallied: bool = True) -> None:
    """Add the session; unless `tallied` is False (a whole history imported, tallied at its end),
    its answers are added to the tallies too."""
    kind = None if session.kind is None else session.kind.value
    row = (session.time, session.bank_path, session.bank_digest, session.total, kind, json.dumps(list(session.tags)))
    inserted = connection.execute(
        "INSERT INTO sessions (time, bank_path, bank_sha256, total, kind, tags, answered, right_count)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (*row, len(session.answers), session.right),
    )
    number = inserted.lastrowid
    assert number is not None  # every INSERT sets it
    sure = session.sure or (None,) * len(session.answers)
    answers = [
        (position, qid, correct, sure)
        for position, ((qid, correct), sure) in enumerate(zip(session.answers, sure, strict=True), 1)
    ]
    connection.executemany(
        "INSERT INTO answers (session, position, question, correct, sure) VALUES (?, ?, ?, ?, ?)",
        [(number, *answer) for answer in answers],
    )
    if not tallied:
        return
    bank = (session.bank_path, session.bank_digest)
    connection.executemany(
        "INSERT OR IGNORE INTO tallies (bank_path, bank_sha256, question, right_count, seen, last_asked, last_correct)"
        " VALUES (?, ?, ?, 0, 0, 0, 0)",
        [(*bank, qid) for qid, _ in session.answers],
    )
    connection.executemany(
        "UPDATE tallies SET right_count = right_count + ?, seen = seen + 1, last_asked = ?, last_correct = ?,"
        " sure_wrong = sure_wrong + ?, last_sure_wrong = ? WHERE bank_path = ? AND bank_sha256 = ? AND question = ?",
        [
            (correct, number * _ASKED + position, correct, sure_wrong, sure_wrong, *bank, qid)
            for position, qid, correct, sure in answers
            for sure_wrong in [bool(sure) and not correct]
        ],
    )


def _move_aside(path: str) -> str:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    kept = f"{path}.unreadable-{stamp}"
    os.replace(path, kept)
    return kept


# An earlier ketaquiz's history: one JSON object per line, imported once.


def legacy_path(path: str) -> str:
    return os.path.join(os.path.dirname(path), LEGACY_NAME)


def import_legacy(connection: sqlite3.Connection, legacy: str, notes: list[str] | None) -> bool:
    """Copy the sessions of an earlier history into the new one; whether there was one to copy.

    A record a crash left half-written is skipped (and, with `notes`, said). A file that is not
    a history is kept aside, never deleted, when there are `notes` to say so; a reader leaves it."""
    connection.execute("SAVEPOINT legacy")
    try:
        cut_short = 0
        for number, old in old_sessions(legacy):
            if old is None:
                cut_short += 1
                continue
            try:
                kind = None if old.kind is None else Kind(old.kind)
            except ValueError as error:
                raise ValueError(
                    _("line {number}: not a session record: {error}").format(number=number, error=error)
                ) from None
            session = Session(old.time, old.bank_path, old.bank_digest, old.answers, old.total, kind, old.tags)
            _insert(connection, session, tallied=False)
        # All at once: with exactly one max(), SQLite takes the bare `correct` from the latest answer.
        connection.execute(
            "INSERT INTO tallies (bank_path, bank_sha256, question, right_count, seen, last_asked, last_correct)"
            " SELECT s.bank_path, s.bank_sha256, a.question, sum(a.correct), count(*),"
            f" max(a.session * {_ASKED} + a.position), a.correct FROM sessions AS s JOIN answers AS a"
            " ON a.session = s.id GROUP BY s.bank_path, s.bank_sha256, a.question"
        )
    except FileNotFoundError:
        connection.execute("ROLLBACK TO legacy")
        return False
    except ValueError as error:
        connection.execute("ROLLBACK TO legacy")
        if notes is None:
            raise
        kept = _move_aside(legacy)
        notes.append(
            _("the earlier history could not be read ({reason}); it was kept as {kept}").format(reason=error, kept=kept)
        )
        return False
    finally:
        connection.execute("RELEASE legacy")
    if cut_short and notes is not None:
        notes.append(
            ngettext(
                "{count} session in the earlier history was cut short (ketaquiz was stopped mid-write) "
                "and could not be kept",
                "{count} sessions in the earlier history were cut short (ketaquiz was stopped mid-write) "
                "and could not be kept",
                cut_short,
            ).format(count=cut_short)
        )
    return True


def clear_history(path: str | None = None) -> list[str]:
    """Remove the history, its journal, an earlier history and any unreadable copies; the files removed."""
    path = path or history_path()
    folder = os.path.dirname(path)
    names = (os.path.basename(path), LEGACY_NAME)
    try:
        found = [entry for entry in os.listdir(folder or ".") if entry.startswith(names)]
    except FileNotFoundError:
        return []
    removed = []
    for entry in sorted(found):
        full = os.path.join(folder, entry)
        os.remove(full)
        removed.append(full)
    return removed
