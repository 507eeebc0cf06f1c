"""A follow-up, days after a workshop: `present --recap-only SAVE.json` asks the room again the
statements of the workshop in the save file that started last, with no reveals, and saves this
recap to the same file, beside the workshop it follows.

The room's votes then are the "before"; a follow-up's phones are a new room, so no phone's two
votes pair up (the in-workshop recap is where they do).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ketaquiz import terminal, wording
from ketaquiz.errors import ExitStatus
from ketaquiz.i18n import _
from ketaquiz.model import Bank, Question, Resource
from ketaquiz.present.loop import Clock, Recap, Settings, Workshop, compared, open_title, screens_for
from ketaquiz.present.savefile import SaveRecap, SessionFile, now
from ketaquiz.saveformat import FOLLOW_UP, WORKSHOP, Saved, SaveFileError, Setup, read_sessions
from ketaquiz.terminal import ReadKeys, ReadLine
from ketaquiz.votes import Recall, Room, Tally, for_recap
from ketaquiz.wording import room as room_wording

if TYPE_CHECKING:
    from rich.console import Console


def follow_up(
    console: Console,
    bank: Bank,
    save_path: str,
    *,
    settings: Settings,
    room: Room | None,
    warn: Callable[[str], None],
) -> ExitStatus:
    """Find the workshop to follow up, ask its statements again (all, or the `settings.recap` the
    room got most wrong), and add this recap to the save file."""
    earlier = followed(read_sessions(save_path), save_path)
    questions = statements_of(bank, earlier, save_path)
    befores = {result.id: result.tally for result in earlier.results}
    chosen = for_recap([(question, befores[question.id]) for question in questions], settings.recap or None)
    setup = Setup(
        kind=FOLLOW_UP,
        statements=len(chosen),
        confidence=settings.confidence,
        follows=earlier.started,
        title=wording.heading(bank),
    )
    with SessionFile(save_path, bank_path=bank.path, setup=setup) as saving:
        stdin = terminal.standard_input()
        with terminal.key_reader(stdin) as read_keys:
            result = run_follow_up(
                console,
                chosen,
                befores,
                heading=wording.heading(bank),
                about=lambda: room_wording.follow_up(earlier.started, len(chosen)),
                read_line=terminal.line_reader(stdin),
                read_keys=read_keys,
                settings=settings,
                resources=bank.resources,
                save_recap=saving.save_recap,
                save_problem=lambda: saving.problem,
                room=room,
            )
        for note in saving.finish(()):
            warn(note)
    return ExitStatus.INTERRUPTED if result.interrupted else ExitStatus.SUCCESS


def followed(sessions: Sequence[Saved], path: str) -> Saved:
    """The workshop a follow-up asks again: of those in the file with a result, the one started last."""
    workshops = [session for session in sessions if session.kind == WORKSHOP and session.results]
    if not workshops:
        raise SaveFileError(
            _("{path}: holds no workshop with results to follow up; run present --save {path} first").format(path=path)
        )
    return max(workshops, key=lambda session: session.started)


def statements_of(bank: Bank, earlier: Saved, path: str) -> list[Question]:
    """The statements the workshop showed, in its order, as the bank has them now."""
    by_id = {question.id: question for question in bank.questions}
    missing = [result.id for result in earlier.results if result.id not in by_id]
    if missing:
        raise SaveFileError(
            _(
                "{path}: the workshop started {started} showed {ids}, which {bank} does not have; "
                "name the workshop's bank with --bank"
            ).format(path=path, started=earlier.started, ids=", ".join(repr(id) for id in missing[:3]), bank=bank.path)
        )
    return [by_id[result.id] for result in earlier.results]


def run_follow_up(
    console: Console,
    questions: Sequence[Question],
    befores: dict[str, Tally | None],
    *,
    heading: str,
    about: Callable[[], str],
    read_line: ReadLine,
    read_keys: ReadKeys | None,
    settings: Settings,
    resources: Sequence[Resource] = (),
    clock: Clock = now,
    save_recap: SaveRecap | None = None,
    save_problem: Callable[[], str | None] | None = None,
    room: Room | None = None,
) -> Workshop:
    """The title screen (`about` says what this is), the statements asked again, then before and after."""
    screens = screens_for(console, read_line, read_keys, save_problem)
    recalls: list[Recall] = []
    recap = Recap(screens, settings, room, clock, save_recap)
    interrupted = False
    try:
        if open_title(screens, heading, len(questions), room, about=about, stack=settings.stack):
            recap.run(questions, recalls, opening=False)
    except KeyboardInterrupt:
        interrupted = True
    recap.end(compared(recalls, befores), (), resources, interrupted=interrupted, first_round=None)
    return Workshop((), interrupted, tuple(recalls))
