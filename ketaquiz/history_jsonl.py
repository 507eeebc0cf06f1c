"""The history as ketaquiz kept it before its database: `history.jsonl`, one JSON object per
session per line. It is only read, once, to be imported into the database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

LEGACY_NAME = "history.jsonl"


@dataclass(frozen=True)
class OldSession:
    time: str
    bank_path: str
    bank_digest: str
    answers: tuple[tuple[str, bool], ...]
    total: int
    kind: str | None  # None: recorded before sessions said what they were
    tags: tuple[str, ...]


def old_sessions(path: str) -> Iterator[tuple[int, OldSession | None]]:
    """Each line's number and its session, or None for a record a crash left half-written.
    ValueError, naming the line, for anything else; FileNotFoundError when there is no file."""
    with open(path, "rb") as file:
        for number, line in enumerate(file, 1):
            try:
                text = line.decode("utf-8").strip()
            except UnicodeDecodeError:
                raise ValueError(f"line {number}: not UTF-8 text") from None
            if not text:
                continue
            try:
                yield number, _from_line(text)
            except ValueError as error:
                if not _is_cut_short(text):
                    raise ValueError(f"line {number}: {error}") from None
                yield number, None


def _from_line(line: str) -> OldSession:
    try:
        record = json.loads(line)
        bank = record["bank"]
        answers = tuple((str(answer["id"]), bool(answer["correct"])) for answer in record["answers"])
        kind = str(record["kind"]) if "kind" in record else None
        tags = tuple(str(tag) for tag in record.get("tags", ()))
        return OldSession(
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
