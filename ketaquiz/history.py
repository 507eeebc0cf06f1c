"""A learner's history: each play session recorded, and what the sessions of one bank add up to.

The history is an SQLite database, `history.sqlite3`, in the user's data folder (or
$KETAQUIZ_HOME), through the standard library's sqlite3. SQLite adds a session whole or not
at all — a crash or a full disk rolls back to what was there, and the caller is told —, lets
one writer in at a time, and adds up a long history without reading it into memory, so
recording and `stats` cost the same with ten sessions or a hundred thousand.

A history kept by an earlier ketaquiz (`history.jsonl`, one JSON object per line) is imported
once, by the first session recorded, and kept beside it as `history.jsonl.imported`.
"""

from __future__ import annotations

import contextlib
import enum
import json
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from ketaquiz.bank import Bank
from ketaquiz.errors import KetaquizError
from ketaquiz.files import os_reason
from ketaquiz.quiz import Result, Score

if TYPE_CHECKING:
    import sqlite3

FILE_NAME = "history.sqlite3"
LEGACY_NAME = "history.jsonl"
# Another ketaquiz holding the history longer than this has hung: the session is not recorded, and says so.
BUSY_TIMEOUT_SECONDS = 10
# The database's own marks: that it is ketaquiz's history ("ketq"), and the layout of its tables.
APPLICATION_ID = 0x6B657471
SCHEMA_VERSION = 1
SCHEMA = (
    "CREATE TABLE sessions (id INTEGER PRIMARY KEY, time TEXT NOT NULL, bank_path TEXT NOT NULL,"
    " bank_sha256 TEXT NOT NULL, total INTEGER NOT NULL, kind TEXT, tags TEXT NOT NULL,"
    " answered INTEGER NOT NULL, right_count INTEGER NOT NULL)",
    "CREATE INDEX sessions_by_path ON sessions (bank_path)",
    "CREATE INDEX sessions_by_content ON sessions (bank_sha256)",
    "CREATE TABLE answers (session INTEGER NOT NULL REFERENCES sessions (id), position INTEGER NOT NULL,"
    " question TEXT NOT NULL, correct INTEGER NOT NULL, PRIMARY KEY (session, position)) WITHOUT ROWID",
    f"PRAGMA application_id = {APPLICATION_ID}",
    f"PRAGMA user_version = {SCHEMA_VERSION}",
)


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

    @property
    def right(self) -> int:
        return sum(correct for _, correct in self.answers)

    def score(self) -> Score:
        return Score(right=self.right, answered=len(self.answers), total=self.total, missed=())


def content_digest(bank: Bank) -> str:
    """SHA-256 of what a bank says — its title, source and statements — whatever file it is in."""
    import hashlib

    content = [bank.title, asdict(bank.source), [asdict(question) for question in bank.questions]]
    return hashlib.sha256(json.dumps(content, default=str, ensure_ascii=False).encode("utf-8")).hexdigest()


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
    return Session(moment, bank.path, content_digest(bank), answers, total, kind, tuple(tags))


class NotRecorded(KetaquizError):
    """A session the history could not take; the history is as it was before."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"this session was not recorded in your history ({path}): {reason}")


class _NotAHistory(Exception):
    """A file where the history should be that is not one (its reason is the message)."""


class _Newer(Exception):
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
        except _Newer as newer:
            raise NotRecorded(path, str(newer)) from None
        except _NotAHistory as unreadable:
            kept = _move_aside(path)
            notes.append(
                f"the history file could not be read ({unreadable}); it was kept as {kept}, and a new one started"
            )
            imported = _add(path, session, notes)
    except sqlite3.Error as error:
        raise NotRecorded(path, str(error)) from None
    except OSError as error:
        raise NotRecorded(path, os_reason(error)) from None
    if imported:
        legacy = _legacy_path(path)
        try:
            os.replace(legacy, legacy + ".imported")
        except OSError as error:
            notes.append(f"{legacy} is in the new history now, but could not be renamed ({os_reason(error)})")
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
        if _check(connection):
            for statement in SCHEMA:
                connection.execute(statement)
            imported = _import_legacy(connection, _legacy_path(path), notes)
        with _damaged_is_not_a_history():
            _insert(connection, session)
        connection.execute("COMMIT")
        return imported
    finally:
        if connection.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                connection.rollback()
        connection.close()


def _check(connection: sqlite3.Connection) -> bool:
    """Whether the database is new and needs its tables; _NotAHistory if it is not a ketaquiz
    history, or a damaged one; _Newer if a newer ketaquiz wrote it."""
    with _damaged_is_not_a_history():
        application = connection.execute("PRAGMA application_id").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if application == APPLICATION_ID and version == SCHEMA_VERSION:
        return False
    if application == APPLICATION_ID and version > SCHEMA_VERSION:
        raise _Newer("a newer ketaquiz wrote it; update ketaquiz to use it")
    if application == 0 and not tables:
        return True
    raise _NotAHistory("it is a database, but not a ketaquiz history")


@contextlib.contextmanager
def _damaged_is_not_a_history() -> Iterator[None]:
    import sqlite3

    try:
        yield
    except sqlite3.DatabaseError as error:
        if type(error) is sqlite3.DatabaseError:  # not a database, or a damaged one; not a full disk or a lock
            raise _NotAHistory(str(error)) from None
        raise


def _insert(connection: sqlite3.Connection, session: Session) -> None:
    kind = None if session.kind is None else session.kind.value
    row = (session.time, session.bank_path, session.bank_digest, session.total, kind, json.dumps(list(session.tags)))
    inserted = connection.execute(
        "INSERT INTO sessions (time, bank_path, bank_sha256, total, kind, tags, answered, right_count)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (*row, len(session.answers), session.right),
    )
    connection.executemany(
        "INSERT INTO answers (session, position, question, correct) VALUES (?, ?, ?, ?)",
        [(inserted.lastrowid, position, qid, correct) for position, (qid, correct) in enumerate(session.answers, 1)],
    )


def _move_aside(path: str) -> str:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    kept = f"{path}.unreadable-{stamp}"
    os.replace(path, kept)
    return kept


# An earlier ketaquiz's history: one JSON object per line, imported once.


def _legacy_path(path: str) -> str:
    return os.path.join(os.path.dirname(path), LEGACY_NAME)


def _import_legacy(connection: sqlite3.Connection, legacy: str, notes: list[str] | None) -> bool:
    """Copy the sessions of an earlier history into the new one; whether there was one to copy.

    A record a crash left half-written is skipped (and, with `notes`, said). A file that is not
    a history is kept aside, never deleted, when there are `notes` to say so; a reader leaves it."""
    connection.execute("SAVEPOINT legacy")
    try:
        cut_short = 0
        for number, line in _legacy_lines(legacy):
            try:
                _insert(connection, _from_line(line))
            except ValueError as error:
                if not _is_cut_short(line):
                    raise ValueError(f"line {number}: {error}") from None
                cut_short += 1
    except FileNotFoundError:
        connection.execute("ROLLBACK TO legacy")
        return False
    except ValueError as error:
        connection.execute("ROLLBACK TO legacy")
        if notes is None:
            raise
        kept = _move_aside(legacy)
        notes.append(f"the earlier history could not be read ({error}); it was kept as {kept}")
        return False
    finally:
        connection.execute("RELEASE legacy")
    if cut_short and notes is not None:
        counted = "1 session in the earlier history was" if cut_short == 1 else f"{cut_short} sessions in it were"
        notes.append(f"{counted} cut short (ketaquiz was stopped mid-write) and could not be kept")
    return True


def _legacy_lines(path: str) -> Iterator[tuple[int, str]]:
    """The earlier history's lines, one at a time, with their numbers; ValueError for one that is not text."""
    with open(path, "rb") as file:
        for number, line in enumerate(file, 1):
            try:
                text = line.decode("utf-8").strip()
            except UnicodeDecodeError:
                raise ValueError(f"line {number}: not UTF-8 text") from None
            if text:
                yield number, text


def _from_line(line: str) -> Session:
    try:
        record = json.loads(line)
        bank = record["bank"]
        answers = tuple((str(answer["id"]), bool(answer["correct"])) for answer in record["answers"])
        kind = Kind(record["kind"]) if "kind" in record else None
        tags = tuple(str(tag) for tag in record.get("tags", ()))
        return Session(
            str(record["time"]), str(bank["path"]), str(bank["sha256"]), answers, int(record["total"]), kind, tags
        )
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"not a session record: {error}") from None


def _is_cut_short(line: str) -> bool:
    if not line.startswith('{"version":'):
        return False
    try:
        json.loads(line)
    except ValueError:
        return True
    return False  # a whole JSON object that is not a session: not a crash's doing


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
        warn(f"the history cannot be read ({error}); carrying on without it")
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
        shown = _legacy_path(path)
        return _legacy_in_memory(shown) if os.path.exists(shown) else None
    except _Newer as newer:
        warn(f"the history file {shown} cannot be read: {newer}")
    except (_NotAHistory, ValueError) as unreadable:
        warn(
            f"the history file {shown} cannot be read ({unreadable}); it is left as it is, "
            "and will be kept aside under another name when your next session is recorded"
        )
    except sqlite3.Error as error:
        warn(f"the history cannot be read ({error}); carrying on without it")
    except OSError as error:
        warn(f"the history cannot be read ({os_reason(error)}); carrying on without it")
    return None


def _open_database(path: str) -> sqlite3.Connection | None:
    import sqlite3
    from pathlib import Path

    # mode=rw never creates the file, and opens a read-only file read-only.
    connection = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=rw", uri=True, timeout=BUSY_TIMEOUT_SECONDS)
    with _closed_unless_kept(connection):
        if _check(connection):  # an empty file: no session yet
            connection.close()
            return None
    return connection


def _legacy_in_memory(legacy: str) -> sqlite3.Connection:
    import sqlite3

    connection = sqlite3.connect(":memory:", isolation_level=None)
    with _closed_unless_kept(connection):
        for statement in SCHEMA:
            connection.execute(statement)
        _import_legacy(connection, legacy, None)
    return connection


@contextlib.contextmanager
def _closed_unless_kept(connection: sqlite3.Connection) -> Iterator[None]:
    """A connection closed if what follows its opening fails."""
    try:
        yield
    except BaseException:
        connection.close()
        raise


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
