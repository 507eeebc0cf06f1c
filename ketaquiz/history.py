"""A learner's history: each play session recorded, missed statements found again, progress counted.

The history is one JSON object per line in `history.jsonl`, in the user's data
folder (or $KETAQUIZ_HOME). A session is appended with a single write, under a
lock, then flushed to disk, so a crash loses at most the session being written.

Reading the history never changes it: what a crash left behind is reported by
`load_history` and repaired only when the next session is recorded, under the
lock, so it is repaired (and reported) once.
"""

from __future__ import annotations

import contextlib
import enum
import json
import os
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timezone

from ketaquiz.bank import Bank, Question, tagged
from ketaquiz.files import WriteError, os_reason, write_atomically
from ketaquiz.quiz import Result, Score

FILE_NAME = "history.jsonl"
RECORD_VERSION = 1
# Another ketaquiz holding the lock longer than this has hung: the session is not saved, and says so.
LOCK_TIMEOUT_SECONDS = 10


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

    def is_of(self, bank: Bank) -> bool:
        """The same bank: the same file, even edited since, or the same content, even moved."""
        return self.bank_path == bank.path or self.bank_digest == content_digest(bank)

    def is_full_run(self, bank: Bank) -> bool:
        """Every statement of the bank asked and answered; an old record counts when it asked as many."""
        whole = self.kind is Kind.FULL or (self.kind is None and self.total == len(bank.questions))
        return whole and len(self.answers) == self.total


def content_digest(bank: Bank) -> str:
    """SHA-256 of what a bank says — its title, source and statements — whatever file it is in."""
    import hashlib

    content = [bank.title, asdict(bank.source), [_said(question) for question in bank.questions]]
    return hashlib.sha256(json.dumps(content, default=str, ensure_ascii=False).encode("utf-8")).hexdigest()


def _said(question: Question) -> dict[str, object]:
    fields = asdict(question)
    # Translations count only where a question has them, so a one-language bank keeps the digest it always had.
    for key in ("translations", "passage_translation"):
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
    return Session(moment, bank.path, content_digest(bank), answers, total, kind, tuple(tags))


def to_line(session: Session) -> str:
    record: dict[str, object] = {
        "version": RECORD_VERSION,
        "time": session.time,
        "bank": {"path": session.bank_path, "sha256": session.bank_digest},
        "answers": [{"id": qid, "correct": correct} for qid, correct in session.answers],
        "total": session.total,
    }
    if session.kind is not None:
        record["kind"] = session.kind.value
    if session.tags:
        record["tags"] = list(session.tags)
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


def from_line(line: str) -> Session:
    """A session from one line of the history; ValueError if it is not one."""
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


@dataclass(frozen=True)
class History:
    """What the history file holds, as found: nothing here has been changed on disk."""

    sessions: tuple[Session, ...]
    cut_short: int = 0  # records a crash left half-written; skipped
    unreadable: str | None = None  # why the file as a whole is not a history, if it is not


@dataclass
class _Parsed:
    sessions: list[Session]
    whole_lines: list[str]  # the lines that are sessions, as written
    cut_short: int


def _parse(text: str) -> _Parsed:
    """The sessions in a history file; ValueError for a line that is neither a session nor cut short.

    A crash mid-write leaves the start of a record without its end: such lines
    are counted and skipped.
    """
    parsed = _Parsed([], [], 0)
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            parsed.sessions.append(from_line(line))
            parsed.whole_lines.append(line)
        except ValueError as error:
            if not _is_cut_short(line):
                raise ValueError(f"line {number}: {error}") from None
            parsed.cut_short += 1
    return parsed


def _is_cut_short(line: str) -> bool:
    if not line.startswith('{"version":'):
        return False
    try:
        json.loads(line)
    except ValueError:
        return True
    return False  # a whole JSON object that is not a session: not a crash's doing


def _read_bytes(path: str) -> bytes | None:
    try:
        with open(path, "rb") as file:
            return file.read()
    except FileNotFoundError:
        return None


def _parse_bytes(data: bytes) -> _Parsed:
    try:
        return _parse(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 text (byte {error.start})") from None


def load_history(path: str | None = None) -> History:
    """Every session recorded, and what else was found; OSError if the file cannot be opened."""
    data = _read_bytes(path or history_path())
    if data is None:
        return History(())
    try:
        parsed = _parse_bytes(data)
    except ValueError as error:
        return History((), unreadable=str(error))
    return History(tuple(parsed.sessions), cut_short=parsed.cut_short)


Warn = Callable[[str], None]


def read(warn: Warn) -> History:
    """The history for a command that can do without it: problems become warnings.

    Records cut short by a crash are skipped quietly: the next session recorded
    removes them, and says so then.
    """
    try:
        past = load_history()
    except OSError as error:
        warn(f"the history cannot be read ({os_reason(error)}); carrying on without it")
        return History(())
    if past.unreadable is not None:
        warn(
            f"the history file {history_path()} cannot be read ({past.unreadable}); it is left as it is, "
            "and will be kept aside under another name when your next session is recorded"
        )
    return past


def record(session: Session, warn: Warn) -> None:
    """Add a session, repairing what a crash left first; a history that cannot be written is warned of."""
    try:
        repairs = append_session(session)
    except OSError as error:
        warn(f"this session was not saved to your history: {os_reason(error)}")
        return
    except WriteError as error:
        warn(f"this session was not saved to your history: {error.message}")
        return
    for repair in repairs:
        warn(repair)


def append_session(session: Session, path: str | None = None) -> list[str]:
    """Add one session with a single write, under a lock; what was repaired on the way, in words.

    Under the lock no other ketaquiz is mid-write, so a half-written record is a
    crash's leftover: it is removed here, once. A file that is not a history at
    all is renamed aside, never deleted.
    """
    path = path or history_path()
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    line = to_line(session).encode("utf-8")
    with _locked(path):
        repairs, ends_cleanly = _repair(path)
        if not ends_cleanly:
            line = b"\n" + line
        # O_BINARY: Windows would otherwise write each newline as CRLF.
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
        try:
            os.write(descriptor, line)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    return repairs


def _repair(path: str) -> tuple[list[str], bool]:
    """Under the lock: set an unreadable file aside, drop records cut short; and whether the file ends a line."""
    data = _read_bytes(path)
    if not data:
        return [], True
    try:
        parsed = _parse_bytes(data)
    except ValueError as error:
        kept = _move_aside(path)
        return [f"the history file could not be read ({error}); it was kept as {kept} and a new one started"], True
    if not parsed.cut_short:
        return [], data.endswith(b"\n")
    write_atomically(path, "".join(line + "\n" for line in parsed.whole_lines).encode("utf-8"))
    counted = (
        "1 session in the history was" if parsed.cut_short == 1 else f"{parsed.cut_short} sessions in the history were"
    )
    return [f"{counted} cut short (ketaquiz was stopped mid-write) and could not be kept; removed"], True


def _move_aside(path: str) -> str:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    kept = f"{path}.unreadable-{stamp}"
    os.replace(path, kept)
    return kept


def _lock_path(path: str) -> str:
    return path + ".lock"


@contextlib.contextmanager
def _locked(path: str) -> Iterator[None]:
    # filelock locks with fcntl on POSIX and msvcrt on Windows; where neither
    # exists it falls back to a lock file of its own, and warns that it did.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from filelock import FileLock

    with FileLock(_lock_path(path), timeout=LOCK_TIMEOUT_SECONDS):
        yield


def clear_history(path: str | None = None) -> list[str]:
    """Remove the history and any unreadable copies kept beside it; the files removed.

    The lock file stays: another ketaquiz may be holding it.
    """
    path = path or history_path()
    folder, name = os.path.split(path)
    try:
        names = [entry for entry in os.listdir(folder or ".") if entry == name or entry.startswith(name + ".")]
    except FileNotFoundError:
        return []
    removed = []
    for entry in sorted(names):
        full = os.path.join(folder, entry)
        if full == _lock_path(path):
            continue
        os.remove(full)
        removed.append(full)
    return removed


# What the history says about one bank — pure functions of the sessions.


def of_bank(sessions: Iterable[Session], bank: Bank) -> list[Session]:
    return [session for session in sessions if session.is_of(bank)]


class NothingToReview(Exception):
    """`play --missed` has nothing to ask; the message says why."""


def missed_for_review(bank: Bank, past: Sequence[Session], *, tags: Sequence[str], count: int | None) -> list[Question]:
    """The statements missed the last time they were seen, most missed first, for `play --missed`."""
    if not past:
        raise NothingToReview(
            "No history for this bank yet: play it first, and --missed will bring back what you missed."
        )
    questions = tagged(missed_last_time(past, bank.questions), tags)[:count]
    if not questions:
        raise NothingToReview("Nothing to review: you got every statement right the last time you saw it.")
    return questions


def missed_last_time(sessions: Sequence[Session], questions: Sequence[Question]) -> list[Question]:
    """Statements answered wrongly the last time they were seen, most often missed first."""
    last: dict[str, bool] = {}
    misses: Counter[str] = Counter()
    for session in sessions:
        for qid, correct in session.answers:
            last[qid] = correct
            misses[qid] += not correct
    missed = [question for question in questions if last.get(question.id) is False]
    return sorted(missed, key=lambda question: -misses[question.id])


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


def stats(sessions: Sequence[Session], bank: Bank) -> Stats:
    by_id = {question.id: question for question in bank.questions}
    right: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    tag_right: Counter[str] = Counter()
    tag_seen: Counter[str] = Counter()
    for session in sessions:
        for qid, correct in session.answers:
            question = by_id.get(qid)
            if question is None:
                continue  # a statement since removed from the bank
            right[qid] += correct
            seen[qid] += 1
            for tag in question.tags:
                tag_right[tag] += correct
                tag_seen[tag] += 1
    answered = [session for session in sessions if session.answers]
    full_runs = [session for session in answered if session.is_full_run(bank)]
    best = max(full_runs, key=lambda s: s.right / len(s.answers), default=None)
    missed = sorted(
        ((by_id[qid], Accuracy(right[qid], seen[qid])) for qid in seen if right[qid] < seen[qid]),
        key=lambda item: (-(item[1].seen - item[1].right), item[1].share),
    )
    return Stats(
        sessions=len(answered),
        full_runs=len(full_runs),
        statements=len(bank.questions),
        seen=len(seen),
        last=answered[-1] if answered else None,
        best=best,
        most_missed=tuple(missed),
        by_tag=tuple((tag, Accuracy(tag_right[tag], tag_seen[tag])) for tag in sorted(tag_seen)),
    )
