"""A learner's history: each play session recorded, missed statements found again, progress counted.

The history is one JSON object per line in `history.jsonl`, in the user's data
folder (or $KETAQUIZ_HOME). A session is appended with a single write, then
flushed to disk, so a crash loses at most the session being written.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timezone

from ketaquiz.bank import Bank, Question, tagged
from ketaquiz.files import os_reason
from ketaquiz.quiz import Result

FILE_NAME = "history.jsonl"
RECORD_VERSION = 1


def history_folder() -> str:
    override = os.environ.get("KETAQUIZ_HOME")
    if override:
        return override
    from platformdirs import user_data_dir

    return user_data_dir("ketaquiz", appauthor=False)


def history_path() -> str:
    return os.path.join(history_folder(), FILE_NAME)


@dataclass(frozen=True)
class Session:
    time: str
    bank_path: str
    bank_digest: str
    answers: tuple[tuple[str, bool], ...]  # (statement id, answered right), in the order asked
    total: int

    @property
    def right(self) -> int:
        return sum(correct for _, correct in self.answers)

    def is_of(self, bank: Bank) -> bool:
        """The same bank: the same file, even edited since, or the same content, even moved."""
        return self.bank_path == bank.path or self.bank_digest == content_digest(bank)


def content_digest(bank: Bank) -> str:
    """SHA-256 of what a bank says — its title, source and statements — whatever file it is in."""
    import hashlib

    content = [bank.title, asdict(bank.source), [asdict(question) for question in bank.questions]]
    return hashlib.sha256(json.dumps(content, default=str, ensure_ascii=False).encode("utf-8")).hexdigest()


def new_session(bank: Bank, results: Sequence[Result], total: int, now: datetime | None = None) -> Session:
    moment = (now or datetime.now(timezone.utc)).isoformat(timespec="seconds")
    answers = tuple((result.question.id, result.correct) for result in results)
    return Session(moment, bank.path, content_digest(bank), answers, total)


def to_line(session: Session) -> str:
    record = {
        "version": RECORD_VERSION,
        "time": session.time,
        "bank": {"path": session.bank_path, "sha256": session.bank_digest},
        "answers": [{"id": qid, "correct": correct} for qid, correct in session.answers],
        "total": session.total,
    }
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


def from_line(line: str) -> Session:
    """A session from one line of the history; ValueError if it is not one."""
    try:
        record = json.loads(line)
        bank = record["bank"]
        answers = tuple((str(answer["id"]), bool(answer["correct"])) for answer in record["answers"])
        return Session(str(record["time"]), str(bank["path"]), str(bank["sha256"]), answers, int(record["total"]))
    except (ValueError, KeyError, TypeError) as error:
        raise ValueError(f"not a session record: {error}") from None


@dataclass(frozen=True)
class History:
    sessions: tuple[Session, ...]
    warnings: tuple[str, ...] = ()


def parse_history(text: str) -> tuple[list[Session], int]:
    """The sessions in a history file, and how many records in it were cut short.

    A crash mid-write leaves the start of a record without its end: such lines
    are skipped. Any other line that is not a session raises ValueError.
    """
    sessions: list[Session] = []
    cut_short = 0
    for line in text.split("\n"):
        if not line.strip():
            continue
        try:
            sessions.append(from_line(line))
        except ValueError:
            if not _is_cut_short(line):
                raise
            cut_short += 1
    return sessions, cut_short


def _is_cut_short(line: str) -> bool:
    if not line.startswith('{"version":'):
        return False
    try:
        json.loads(line)
    except ValueError:
        return True
    return False  # a whole JSON object that is not a session: not a crash's doing


def load_history(path: str | None = None) -> History:
    """Every session recorded; a history that cannot be read is moved aside, kept, and a new one begun."""
    path = path or history_path()
    try:
        with open(path, "rb") as file:
            data = file.read()
    except FileNotFoundError:
        return History(())
    try:
        sessions, cut_short = parse_history(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        kept = _move_aside(path)
        return History((), (f"the history file could not be read; it was kept as {kept} and a new one started",))
    if not cut_short:
        return History(tuple(sessions))
    counted = "1 session in the history was" if cut_short == 1 else f"{cut_short} sessions in the history were"
    return History(tuple(sessions), (f"{counted} cut short (ketaquiz was stopped mid-write) and skipped",))


Warn = Callable[[str], None]


def read(warn: Warn) -> History:
    """The history for a command that can do without it: problems become warnings."""
    try:
        past = load_history()
    except OSError as error:
        warn(f"the history cannot be read ({os_reason(error)}); carrying on without it")
        return History(())
    for warning in past.warnings:
        warn(warning)
    return past


def record(session: Session, warn: Warn) -> None:
    """Add a session; a history that cannot be read is first moved aside, one that cannot be written is warned of."""
    read(warn)
    try:
        append_session(session)
    except OSError as error:
        warn(f"this session was not saved to your history: {os_reason(error)}")


def _move_aside(path: str) -> str:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    kept = f"{path}.unreadable-{stamp}"
    os.replace(path, kept)
    return kept


def append_session(session: Session, path: str | None = None) -> None:
    """Add one session with a single write, under a lock, so two quizzes at once never interleave."""
    path = path or history_path()
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    line = to_line(session).encode("utf-8")
    descriptor = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        with _locked(descriptor):
            size = os.fstat(descriptor).st_size
            # A crash mid-write can leave a last line without its newline: end it first.
            if size and os.pread(descriptor, 1, size - 1) != b"\n":
                line = b"\n" + line
            os.write(descriptor, line)
            os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def _locked(descriptor: int) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # not POSIX: an append of one line is the best on offer
        yield
        return
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(descriptor, fcntl.LOCK_UN)


def clear_history(path: str | None = None) -> list[str]:
    """Remove the history and any unreadable copies kept beside it; the files removed."""
    path = path or history_path()
    folder, name = os.path.split(path)
    try:
        names = [entry for entry in os.listdir(folder or ".") if entry == name or entry.startswith(name + ".")]
    except FileNotFoundError:
        return []
    removed = []
    for entry in sorted(names):
        os.remove(os.path.join(folder, entry))
        removed.append(os.path.join(folder, entry))
    return removed


# What the history says about one bank — pure functions of the sessions.


def of_bank(sessions: Iterable[Session], bank: Bank) -> list[Session]:
    return [session for session in sessions if session.is_of(bank)]


class NothingToReview(Exception):
    """`play --missed` has nothing to ask; the message says why."""


def missed_for_review(bank: Bank, *, tags: Sequence[str], count: int | None, warn: Warn) -> list[Question]:
    """The statements missed the last time they were seen, most missed first, for `play --missed`."""
    past = of_bank(read(warn).sessions, bank)
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
    last: Session | None
    best: Session | None
    most_missed: tuple[tuple[Question, Accuracy], ...]
    by_tag: tuple[tuple[str, Accuracy], ...]


def stats(sessions: Sequence[Session], questions: Sequence[Question], most: int = 5) -> Stats:
    by_id = {question.id: question for question in questions}
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
    best = max(answered, key=lambda s: (s.right / len(s.answers), len(s.answers)), default=None)
    missed = sorted(
        ((by_id[qid], Accuracy(right[qid], seen[qid])) for qid in seen if right[qid] < seen[qid]),
        key=lambda item: (-(item[1].seen - item[1].right), item[1].share),
    )
    return Stats(
        sessions=len(sessions),
        last=answered[-1] if answered else None,
        best=best,
        most_missed=tuple(missed[:most]),
        by_tag=tuple((tag, Accuracy(tag_right[tag], tag_seen[tag])) for tag in sorted(tag_seen)),
    )
