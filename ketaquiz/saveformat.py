"""The --save file of `ketaquiz present`, as it is on disk: what `present` writes and `report` and
`present --recap-only` read. No screens and no workshop here, only the format, in one place.

A save file is JSON: `{"format": "ketaquiz-present", "version": 2, "sessions": [...]}`, one session
per workshop. Version 1 (before the recap round and confidence) is read as it is, and so is a
version 2 file from before each result said how many phones voted in each language
(`phone_languages`, added to version 2 since a reader that does not know it can pass it by); a later version
is refused, unread, with a line saying to update ketaquiz. Beside the file, each workshop's journal
(`FILE.<start>-<id>.journal`) holds its results one line each until the workshop ends.

Everything read back is untrusted: a save file may have been edited, or be another program's file.
It is checked whole before any of it is used, and anything amiss is one line naming the session,
the result and what is wrong (SaveFileError).
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ketaquiz.errors import KetaquizError
from ketaquiz.files import FileProblem, read_regular
from ketaquiz.i18n import _, number
from ketaquiz.model import Answer
from ketaquiz.votes import Changes, Languages, Recall, Reveal, Tally
from ketaquiz.wording import room as room_wording

SAVE_FORMAT = "ketaquiz-present"
SAVE_VERSION = 2
JOURNAL_FORMAT = "ketaquiz-present-journal"
# About 10,000 workshops of 30 statements; a larger series file is refused, and a new one started.
MAX_SAVE_BYTES = 64 * 1024 * 1024
# No room counts more votes on a statement than this; a larger figure is not a ketaquiz save file.
MOST_VOTES = 10_000_000
# Longer than any statement a bank may hold (10,000 characters) or any id and time ketaquiz writes.
LONGEST_TEXT = 10_000
# More languages than a room could offer its phones: a larger split is not a ketaquiz save file.
MOST_LANGUAGES = 50

WORKSHOP = "workshop"
FOLLOW_UP = "follow-up"  # present --recap-only: a recap against an earlier workshop in the file
RECAP_ROUND = "recap"


class SaveFileError(KetaquizError):
    """A --save file that ketaquiz will not touch, or could not write."""


# Writing: a workshop's records, the file around them, and the journal's lines.


def recall_record(recall: Recall) -> dict[str, Any]:
    """A statement asked again in the recap, and how the room voted the second time."""
    changes = recall.changes
    return {
        **room_wording.votes_record(
            recall.position, recall.question, recall.tally, phones=recall.phones, languages=recall.languages
        ),
        "counted_at": recall.counted_at,
        "changes": None if changes is None else dataclasses.asdict(changes),
    }


@dataclass(frozen=True)
class Setup:
    """What a workshop set out to do, as its session in the file says: a full workshop or a
    follow-up recap (of the workshop started at `follows`), how many statements, and whether the
    phones were asked how sure."""

    kind: str = WORKSHOP
    statements: int = 0
    confidence: bool = False
    follows: str | None = None
    title: str = ""  # the bank's, for a report's heading

    def record(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "title": self.title,
            "kind": self.kind,
            "statements": self.statements,
            "confidence": self.confidence,
        }
        return record if self.follows is None else {**record, "follows": self.follows}


@dataclass(frozen=True)
class RecapSoFar:
    """The recap round as far as it went: how many statements it set out to ask, and those counted."""

    planned: int
    recalls: tuple[Recall, ...] = ()


def session_record(
    started: str, bank_path: str, reveals: Sequence[Reveal], *, setup: Setup, recap: RecapSoFar | None
) -> dict[str, Any]:
    """A workshop that reached its end (the summary, `q` or Ctrl-C), as its session in the file."""
    record: dict[str, Any] = {
        "started": started,
        "bank": bank_path,
        **setup.record(),
        "ended": True,
        "results": [room_wording.reveal_record(reveal) for reveal in reveals],
    }
    if recap is not None:
        record["recap"] = {"statements": recap.planned, "results": [recall_record(r) for r in recap.recalls]}
    return record


def document(sessions: Sequence[Any]) -> bytes:
    saved = {"format": SAVE_FORMAT, "version": SAVE_VERSION, "sessions": list(sessions)}
    return (json.dumps(saved, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def journal_header(started: str, bank_path: str, setup: Setup) -> dict[str, Any]:
    return {"format": JOURNAL_FORMAT, "version": SAVE_VERSION, "started": started, "bank": bank_path, **setup.record()}


def recap_marker(planned: int) -> dict[str, Any]:
    """The journal's line where the recap begins: how many statements it will ask."""
    return {"recap": planned}


def recall_line(recall: Recall) -> dict[str, Any]:
    return {"round": RECAP_ROUND, **recall_record(recall)}


# Reading what a writer must keep: the sessions already in the file, and stopped workshops' journals.


def sessions_in(path: str, target: str) -> list[Any]:
    """The sessions already in the save file. Anything but a ketaquiz save file — a folder, a
    device, a pipe, another file, one over the size limit, one a newer ketaquiz wrote — is refused
    and never touched."""
    what = _("a save file; start a new one with --save OTHER.json")
    try:
        data = read_regular(target, limit=MAX_SAVE_BYTES, what=what)
    except FileProblem as problem:
        raise SaveFileError(_where(path, problem.message)) from None
    if data is None:
        return []
    return _sessions(path, data, refusal=_("exists and is not a ketaquiz present save file; choose another file name"))


def _where(place: str, problem: str) -> str:
    """A problem, after where it is: "workshop.json: no such file"."""
    return _("{where}: {problem}").format(where=place, problem=problem)


def _sessions(path: str, data: bytes, *, refusal: str) -> list[Any]:
    """The sessions of a save file's bytes; anything but a save file is SaveFileError(`refusal`),
    a file a newer ketaquiz wrote is refused, unread, saying so."""
    try:
        saved = json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise SaveFileError(_where(path, refusal)) from None
    if not isinstance(saved, dict) or saved.get("format") != SAVE_FORMAT:
        raise SaveFileError(_where(path, refusal))
    version, sessions = saved.get("version"), saved.get("sessions")
    if type(version) is int and version > SAVE_VERSION:
        newer = _("a newer ketaquiz wrote this save file (version {version}); update ketaquiz").format(version=version)
        raise SaveFileError(_where(path, newer))
    if type(version) is not int or version < 1 or not isinstance(sessions, list):
        raise SaveFileError(_where(path, refusal))
    return sessions


def journals(target: str, *, mine: str | None = None) -> list[str]:
    """The journals beside the save file `target` of workshops saving to it, running or stopped, but `mine`."""
    folder, name = os.path.split(target)
    pattern = re.compile(re.escape(name) + r"\.[0-9TZ]*-[0-9a-f]{6}\.journal")
    try:
        entries = sorted(os.listdir(folder or "."))
    except OSError:
        return []
    found = (os.path.join(folder, entry) for entry in entries if pattern.fullmatch(entry))
    return [journal for journal in found if journal != mine]


def journaled(journal: str) -> dict[str, Any] | None:
    """The session a journal holds: its header and every whole line after it (what follows the last
    newline was cut short); None if it is not a journal. Its workshop did not reach its end."""
    try:
        data = read_regular(journal, limit=MAX_SAVE_BYTES, what="a journal")
        header, *lines = (data or b"").split(b"\n")[:-1]
        start = json.loads(header)
    except (FileProblem, ValueError, RecursionError):
        return None
    if not isinstance(start, dict) or start.get("format") != JOURNAL_FORMAT:
        return None
    session = {key: value for key, value in start.items() if key not in ("format", "version")}
    results: list[Any] = []
    recap: dict[str, Any] | None = None
    for line in lines:
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):
            break
        if isinstance(record, dict) and "recap" in record and len(record) == 1:
            recap = {"statements": record["recap"], "results": []}
        elif isinstance(record, dict) and record.get("round") == RECAP_ROUND and recap is not None:
            recap["results"].append({key: value for key, value in record.items() if key != "round"})
        else:
            results.append(record)
    return {**session, "ended": False, "results": results, **({} if recap is None else {"recap": recap})}


# Reading for a report or a follow-up: every session checked whole, into typed records.


@dataclass(frozen=True)
class Counted:
    """One statement's votes in one round, as saved."""

    position: int
    id: str
    statement: str | None  # None in a version 1 file, which kept only the id
    answer: Answer
    tally: Tally | None  # phones and hands together
    phones: Tally | None
    hands: Tally | None
    at: str
    changes: Changes | None = None
    languages: Languages = ()  # how many phones voted in each language; () in a file from before languages


@dataclass(frozen=True)
class Saved:
    """One workshop's session in a save file, or in a journal beside it."""

    source: str  # the file it was read from
    started: str
    bank: str
    title: str  # the bank's title; "" in a version 1 file
    kind: str
    follows: str | None
    confidence: bool
    statements: int | None  # how many it set out to show; None where the file does not say
    ended: bool  # False: the workshop was stopped (killed, closed) before its end
    results: tuple[Counted, ...]
    recap_planned: int | None  # None: no recap
    recap: tuple[Counted, ...]


def read_sessions(path: str) -> list[Saved]:
    """Every session in the save file at `path`, then those of the workshops whose journals are
    beside it (stopped before their end, or still running): checked whole, or SaveFileError."""
    target = os.path.realpath(path)
    try:
        data = read_regular(target, limit=MAX_SAVE_BYTES, what=_("a save file"))
    except FileProblem as problem:
        raise SaveFileError(_where(path, problem.message)) from None
    found = journals(target)
    if data is None and not found:
        raise SaveFileError(_where(path, _("no such file; give the file that present --save wrote")))
    foreign = _("is not a save file of ketaquiz present; give the file that present --save wrote")
    sessions = [] if data is None else [(path, session) for session in _sessions(path, data, refusal=foreign)]
    sessions += [(journal, raw) for journal in found if (raw := journaled(journal)) is not None]
    return [
        _session(source, raw, where=_("{file}: session {number}").format(file=source, number=number))
        for number, (source, raw) in enumerate(sessions, 1)
    ]


class _Bad(Exception):
    """What is wrong with a value, in words; the reader adds where it is."""


def _session(source: str, raw: Any, *, where: str) -> Saved:
    try:
        if not isinstance(raw, dict):
            raise _Bad(_("is not a JSON object"))
        results = _list(raw.get("results", []), "results")
        recap = raw.get("recap")
        if recap is not None and not isinstance(recap, dict):
            raise _Bad(_("{name} is not a JSON object").format(name="recap"))
        recap_results = () if recap is None else _list(recap.get("results", []), "recap results")
        kind = raw.get("kind", WORKSHOP)
        if kind not in (WORKSHOP, FOLLOW_UP):
            raise _Bad(
                _('kind is neither "{workshop}" nor "{follow_up}"').format(workshop=WORKSHOP, follow_up=FOLLOW_UP)
            )
        confidence = raw.get("confidence", False)
        if type(confidence) is not bool:
            raise _Bad(_("{name} is not true or false").format(name="confidence"))
        return Saved(
            source=source,
            started=_text(raw.get("started"), "started"),
            bank=_text(raw.get("bank", ""), "bank"),
            title=_text(raw.get("title", ""), "title"),
            kind=kind,
            follows=None if raw.get("follows") is None else _text(raw["follows"], "follows"),
            confidence=confidence,
            statements=_optional_count(raw.get("statements"), "statements"),
            ended=raw.get("ended", True) is True,  # a version 1 file said nothing of it
            results=tuple(_counted(item, f"result {n}", confidence) for n, item in enumerate(results, 1)),
            recap_planned=None if recap is None else _optional_count(recap.get("statements"), "recap statements"),
            recap=tuple(_counted(item, f"recap result {n}", confidence) for n, item in enumerate(recap_results, 1)),
        )
    except _Bad as bad:
        said = _("{where}: {problem}; this is not a save file as ketaquiz present writes it")
        raise SaveFileError(said.format(where=where, problem=bad)) from None


def _counted(raw: Any, where: str, confidence: bool) -> Counted:
    try:
        if not isinstance(raw, dict):
            raise _Bad(_("is not a JSON object"))
        verdict = raw.get("verdict")
        if verdict not in ("myth", "fact"):
            raise _Bad(_('verdict is neither "myth" nor "fact"'))
        tally = _votes(raw.get("myth_votes"), raw.get("fact_votes"))
        phones = _tally(raw.get("phones"), "phones", sure=confidence)
        hands = _tally(raw.get("hands"), "hands", sure=False)
        parts = [part for part in (phones, hands) if part is not None]
        if parts:
            together = sum(parts[1:], parts[0])
            if tally is None or (together.myths, together.facts) != (tally.myths, tally.facts):
                raise _Bad(_("the phones' and hands' votes do not add up to myth_votes and fact_votes"))
            tally = together  # with how sure the phones were
        changes = raw.get("changes")
        statement = raw.get("statement")
        languages = _languages(raw.get("phone_languages"), phones)
        return Counted(
            position=_count(raw.get("position"), "position"),
            id=_text(raw.get("id"), "id"),
            statement=None if statement is None else _text(statement, "statement"),
            answer=Answer(verdict),
            tally=tally,
            phones=phones,
            hands=hands,
            at=_text(raw.get("revealed_at", raw.get("counted_at", "")), "time"),
            changes=None if changes is None else _changes(changes),
            languages=languages,
        )
    except _Bad as bad:
        raise _Bad(_where(where, str(bad))) from None


def _votes(myths: Any, facts: Any) -> Tally | None:
    if myths is None and facts is None:
        return None
    return Tally(_count(myths, "myth_votes"), _count(facts, "fact_votes"))


def _tally(raw: Any, name: str, *, sure: bool) -> Tally | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise _Bad(_("{name} is not a JSON object").format(name=name))
    myths, facts = _count(raw.get("myth"), f"{name} myth"), _count(raw.get("fact"), f"{name} fact")
    if not sure or "sure_myth" not in raw:
        return Tally(myths, facts)
    sure_myths, sure_facts = (
        _count(raw.get("sure_myth"), f"{name} sure_myth"),
        _count(raw.get("sure_fact"), f"{name} sure_fact"),
    )
    if sure_myths > myths or sure_facts > facts:
        raise _Bad(_("{name}: more were sure than voted").format(name=name))
    return Tally(myths, facts, sure_myths, sure_facts, myths + facts)


def _languages(raw: Any, phones: Tally | None) -> Languages:
    """How many phones voted in each language, which together are the phones' votes."""
    if raw is None:
        return ()
    if not isinstance(raw, dict) or len(raw) > MOST_LANGUAGES:
        raise _Bad(_("{name} is not a JSON object").format(name="phone_languages"))
    split = tuple((_language(code), _count(count, "phone_languages")) for code, count in raw.items())
    if sum(count for _, count in split) != (0 if phones is None else phones.total):
        raise _Bad(_("phone_languages do not add up to the phones' votes"))
    return split


def _language(raw: str) -> str:
    if not re.fullmatch(r"[a-z]{2,3}(?:-[a-z0-9]{2,3})?", raw):
        raise _Bad(_("phone_languages names '{code}', which is not a language code").format(code=raw[:20]))
    return raw


def _changes(raw: Any) -> Changes:
    if not isinstance(raw, dict):
        raise _Bad(_("{name} is not a JSON object").format(name="changes"))
    names = ("wrong_to_right", "right_to_wrong", "right_to_right", "wrong_to_wrong")
    return Changes(*(_count(raw.get(name), f"changes {name}") for name in names))


def _list(raw: Any, name: str) -> list[Any]:
    if not isinstance(raw, list):
        raise _Bad(_("{name} is not a list").format(name=name))
    return raw


def _count(raw: Any, name: str) -> int:
    if type(raw) is not int or not 0 <= raw <= MOST_VOTES:
        raise _Bad(_("{name} is not a whole number from 0 to {most}").format(name=name, most=number(MOST_VOTES)))
    return raw


def _optional_count(raw: Any, name: str) -> int | None:
    return None if raw is None else _count(raw, name)


def _text(raw: Any, name: str) -> str:
    if not isinstance(raw, str) or len(raw) > LONGEST_TEXT:
        raise _Bad(_("{name} is not a text of at most {most} characters").format(name=name, most=number(LONGEST_TEXT)))
    return raw
