"""The --save file of `ketaquiz present`: every workshop's revealed results, as JSON.

While a workshop runs, each reveal is appended as one line to this workshop's journal beside
the file (`workshop.json.<start>-<process>.journal`) and flushed to disk: a killed process or
a closed laptop loses nothing already revealed, and a save costs the same however long the
series in the file has grown. When the workshop ends, its results join the file's `sessions`:
under a lock, the file is read again and replaced whole (written beside it, then renamed), so
two workshops saving to one file both keep their sessions. A journal left by a workshop that
was killed is added the next time a workshop ends with that file.

A save that fails is shown on the facilitator's screen until one succeeds (`problem`); when the
results cannot reach the file at the end, they go to a file of their own beside the history,
and the workshop ends with status 1 (NotSaved).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import secrets
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ketaquiz.files import WriteError, os_reason, write_atomically
from ketaquiz.history import history_folder
from ketaquiz.i18n import _, ngettext
from ketaquiz.saveformat import (
    RecapSoFar,
    SaveFileError,
    Setup,
    document,
    journal_header,
    journaled,
    journals,
    recall_line,
    recap_marker,
    session_record,
    sessions_in,
)
from ketaquiz.votes import Reveal
from ketaquiz.wording import room as room_wording

Save = Callable[[Sequence[Reveal]], None]
SaveRecap = Callable[[RecapSoFar], None]

# Another workshop adding its results to the file longer than this has hung.
LOCK_TIMEOUT_SECONDS = 10


class NotSaved(SaveFileError):
    """The results of a workshop that could not be added to its save file, and where they went."""

    def __init__(self, message: str, detail: tuple[str, ...]) -> None:
        super().__init__(message)
        self.detail = detail

    def reports(self) -> list[tuple[str, tuple[str, ...]]]:
        return [(str(self), self.detail)]


class SessionFile:
    """One workshop's results on their way to the --save file `path`; use it in a with-statement.

    Opening it checks the file (a save file, or none yet) and starts the journal, so a bad path
    stops the workshop before it begins (SaveFileError)."""

    def __init__(self, path: str, *, bank_path: str, started: str | None = None, setup: Setup | None = None) -> None:
        self.path = path
        self.target = os.path.realpath(path)  # through a symlink, to the file it points at
        self.started = started or now()
        self.bank_path = bank_path
        self.setup = setup or Setup()
        self.problem: str | None = None  # why the last save failed, until one succeeds
        self._journaled = 0
        self._recap: RecapSoFar | None = None  # the recap round, as far as it went
        self._recap_journaled: int | None = None  # of its statements, how many are in the journal
        sessions_in(self.path, self.target)
        stamp = re.sub(r"[^0-9TZ]", "", self.started.replace("+00:00", "Z"))
        self._name = f"{stamp}-{secrets.token_hex(3)}"  # this workshop's, unlike any other's
        self.journal = f"{self.target}.{self._name}.journal"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | getattr(os, "O_BINARY", 0)
        try:
            self._descriptor = os.open(self.journal, flags, 0o644)
        except OSError as error:
            raise WriteError(self.path, error) from None
        # Held while the workshop runs: a journal whose lock is free belongs to a workshop that stopped.
        self._lock = _lock(self.journal, timeout=0)
        try:
            self._lock.acquire()
            _append_whole(self._descriptor, _line(journal_header(self.started, bank_path, self.setup)))
        except OSError as error:
            self._discard()
            raise WriteError(self.path, error) from None

    def __enter__(self) -> SessionFile:
        return self

    def __exit__(self, *exception: object) -> None:
        self.close()

    def save(self, reveals: Sequence[Reveal]) -> None:
        """Append the reveals not yet in the journal; a failure becomes `problem`, and the next save tries again."""
        pending = reveals[self._journaled :]
        try:
            _append_whole(self._descriptor, b"".join(_line(room_wording.reveal_record(reveal)) for reveal in pending))
        except OSError as error:
            self.problem = os_reason(error)
            return
        self._journaled = len(reveals)
        self.problem = None

    def save_recap(self, recap: RecapSoFar) -> None:
        """Append the recap's start and the statements counted in it not yet in the journal; as `save`."""
        self._recap = recap
        pending = [] if self._recap_journaled is None else recap.recalls[self._recap_journaled :]
        lines = [recall_line(recall) for recall in pending]
        if self._recap_journaled is None:
            lines = [recap_marker(recap.planned), *(recall_line(recall) for recall in recap.recalls)]
        try:
            _append_whole(self._descriptor, b"".join(_line(line) for line in lines))
        except OSError as error:
            self.problem = os_reason(error)
            return
        self._recap_journaled = len(recap.recalls)
        self.problem = None

    def finish(self, reveals: Sequence[Reveal]) -> list[str]:
        """Add this workshop's results (and those a killed workshop left) to the file; what was
        added besides, in words. NotSaved, after writing them elsewhere, when they cannot be."""
        self.save(reveals)
        if self._recap is not None:
            self.save_recap(self._recap)
        recalls = () if self._recap is None else self._recap.recalls
        record = session_record(self.started, self.bank_path, reveals, setup=self.setup, recap=self._recap)
        mine = [record] if reveals or recalls else []
        try:
            notes = self._add_to_file(mine)
        except WriteError as error:
            reason = error.reason
        except SaveFileError as error:  # replaced since the start by something that is not a save file
            reason = str(error)
        except OSError as error:
            reason = os_reason(error)
        except _Busy:
            reason = _("another workshop kept it locked for over {seconds} seconds").format(
                seconds=LOCK_TIMEOUT_SECONDS
            )
        else:
            self._discard()
            return notes
        raise self._not_saved(reason, mine)

    def close(self) -> None:
        """Let go of the journal, which stays, unless finished, for a later workshop to add."""
        self._close_journal()
        if self._lock.is_locked:
            self._lock.release()

    def _close_journal(self) -> None:
        if self._descriptor >= 0:
            os.close(self._descriptor)
            self._descriptor = -1

    def _add_to_file(self, mine: list[dict[str, Any]]) -> list[str]:
        if not mine and not journals(self.target, mine=self.journal):
            return []  # nothing to add: the file is left alone, and no lock is left beside it
        with _locked(self.target), _stopped_journals(self.target, mine=self.journal) as found:
            leftovers = [(journal, session) for journal, session in found if _results(session)]
            if not mine and not leftovers:
                return []
            earlier = sessions_in(self.path, self.target)
            write_atomically(self.path, document([*earlier, *(session for _, session in leftovers), *mine]))
            found_in = _(
                "the results of a workshop stopped before its end (started {started}) were found in {journal} "
                "and added to {path}"
            )
            return [
                found_in.format(started=session["started"], journal=journal, path=self.path)
                for journal, session in leftovers
            ]

    def _not_saved(self, reason: str, mine: list[dict[str, Any]]) -> NotSaved:
        message = _("{path}: this workshop's results are NOT saved in it: {reason}").format(
            path=self.path, reason=reason
        )
        if not mine:
            return NotSaved(message, ())
        count = _results(mine[0])
        recovery = os.path.join(history_folder(), f"unsaved-workshop-{self._name}.json")
        try:
            os.makedirs(history_folder(), exist_ok=True)
            write_atomically(recovery, document(mine))
        except (OSError, WriteError) as error:
            reason = error.reason if isinstance(error, WriteError) else os_reason(error)
            if self._all_journaled(mine[0]):
                fallback = _("they are kept in {journal}, and added to {path} when a workshop next ends with it")
            else:
                fallback = _("the summary above lists them")
            unwritten = ngettext(
                "nor could the {count} result be written to {recovery} ({reason}); {fallback}",
                "nor could the {count} results be written to {recovery} ({reason}); {fallback}",
                count,
            )
            fallback = fallback.format(journal=self.journal, path=self.path)
            return NotSaved(
                message, (unwritten.format(count=count, recovery=recovery, reason=reason, fallback=fallback),)
            )
        self._discard()
        written = ngettext(
            "the {count} result was written to {recovery} instead, a save file of its own",
            "the {count} results were written to {recovery} instead, a save file of their own",
            count,
        )
        return NotSaved(message, (written.format(count=count, recovery=recovery),))

    def _all_journaled(self, session: dict[str, Any]) -> bool:
        recap = session.get("recap")
        return self._journaled == len(session["results"]) and (
            recap is None or self._recap_journaled == len(recap["results"])
        )

    def _discard(self) -> None:
        """The journal's results are safe elsewhere: remove it, and only then let go of its lock,
        so that no other workshop ending now finds it stopped and adds its results again."""
        self._close_journal()  # first: Windows removes no file that is open
        with contextlib.suppress(OSError):
            os.remove(self.journal)
        self.close()
        with contextlib.suppress(OSError):
            os.remove(self.journal + ".lock")


def _results(session: dict[str, Any]) -> int:
    """How many statements a session counted, in both rounds."""
    return len(session["results"]) + len(session.get("recap", {}).get("results", []))


def _line(record: dict[str, Any]) -> bytes:
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


def _append_whole(descriptor: int, data: bytes) -> None:
    """Append all of `data` and flush it to disk, or none of it: a short write (a disk filling
    up) is cut back off, so the journal never ends in half a line."""
    start = os.lseek(descriptor, 0, os.SEEK_END)
    try:
        written = 0
        while written < len(data):
            count = os.write(descriptor, data[written:])
            if count == 0:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            written += count
        os.fsync(descriptor)
    except OSError:
        with contextlib.suppress(OSError):
            os.ftruncate(descriptor, start)
        raise


class _Busy(Exception):
    """The save file's lock was not to be had in time."""


def _lock(path: str, *, timeout: float) -> Any:
    # filelock locks with fcntl on POSIX and msvcrt on Windows, and the system lets go of the
    # lock when the process ends, however it ends; where neither exists it falls back to a
    # lock file of its own, and warns that it did.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from filelock import FileLock

    return FileLock(path + ".lock", timeout=timeout)


@contextlib.contextmanager
def _locked(target: str) -> Iterator[None]:
    from filelock import Timeout

    lock = _lock(target, timeout=LOCK_TIMEOUT_SECONDS)
    try:
        lock.acquire()
    except Timeout:
        raise _Busy from None
    try:
        yield
    finally:
        lock.release()


@contextlib.contextmanager
def _stopped_journals(target: str, *, mine: str) -> Iterator[list[tuple[str, dict[str, Any]]]]:
    """The journals of the save file whose workshops have stopped (their lock is free), each with
    its session; held while the file is rewritten, and removed once it has been."""
    from filelock import Timeout

    held = []
    try:
        for journal in journals(target, mine=mine):
            lock = _lock(journal, timeout=0)
            try:
                lock.acquire()
            except Timeout:
                continue  # its workshop is still running
            held.append((journal, lock))
        found = [(journal, session) for journal, _ in held if (session := journaled(journal)) is not None]
        yield found
        for journal, _ in found:
            with contextlib.suppress(OSError):
                os.remove(journal)
    finally:
        for journal, lock in held:
            lock.release()
            if not os.path.exists(journal):
                with contextlib.suppress(OSError):
                    os.remove(journal + ".lock")


def now() -> str:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).isoformat(timespec="seconds")
