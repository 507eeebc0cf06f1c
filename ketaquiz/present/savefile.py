"""The --save file of `ketaquiz present`: every session's revealed results, as JSON, rewritten
atomically after every reveal so that a killed process loses nothing already revealed."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from typing import Any

from ketaquiz import wording
from ketaquiz.errors import KetaquizError
from ketaquiz.files import WriteError, os_reason, write_atomically
from ketaquiz.quiz import Reveal

Save = Callable[[Sequence[Reveal]], None]

SAVE_FORMAT = "ketaquiz-present"
SAVE_VERSION = 1


def session_record(started: str, bank_path: str, reveals: Sequence[Reveal]) -> dict[str, Any]:
    return {
        "started": started,
        "bank": bank_path,
        "results": [wording.reveal_record(reveal) for reveal in reveals],
    }


class SaveFileError(KetaquizError):
    """A --save file that ketaquiz will not touch, or could not write."""


class SessionFile:
    """The --save file: earlier sessions kept, this one rewritten atomically after every reveal."""

    def __init__(self, path: str, started: str, bank_path: str) -> None:
        self.path = path
        self.started = started
        self.bank_path = bank_path
        self.earlier = _earlier_sessions(path)

    def save(self, reveals: Sequence[Reveal]) -> None:
        document = {
            "format": SAVE_FORMAT,
            "version": SAVE_VERSION,
            "sessions": [*self.earlier, session_record(self.started, self.bank_path, reveals)],
        }
        write_atomically(self.path, (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def saver(path: str, *, bank_path: str, warn: Callable[[str], None], started: str | None = None) -> Save:
    """Save after every reveal. The file is written once at the start, so a bad path stops the
    workshop before it begins (SaveFileError); a failure later is warned of and the workshop goes on."""
    session_file = SessionFile(path, started or now(), bank_path)
    session_file.save([])

    def save(reveals: Sequence[Reveal]) -> None:
        try:
            session_file.save(reveals)
        except WriteError as error:
            warn(f"{error} (the workshop goes on)")

    return save


def _earlier_sessions(path: str) -> list[Any]:
    """Sessions already in the file; a file that is not a ketaquiz save is never overwritten."""
    if os.path.isdir(path):
        raise SaveFileError(f"{path}: this is a folder; give a file name for the results")
    try:
        with open(path, "rb") as file:
            data = file.read()
    except FileNotFoundError:
        return []
    except OSError as error:
        raise SaveFileError(f"{path}: cannot be read: {os_reason(error)}") from None
    refusal = f"{path}: exists and is not a ketaquiz present save file; choose another file name"
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise SaveFileError(refusal) from None
    if not isinstance(document, dict) or document.get("format") != SAVE_FORMAT:
        raise SaveFileError(refusal)
    sessions = document.get("sessions")
    if not isinstance(sessions, list):
        raise SaveFileError(refusal)
    return sessions


def now() -> str:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).isoformat(timespec="seconds")
