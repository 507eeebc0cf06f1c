"""Workshop mode: statements shown to a room one at a time, votes tallied, results saved as they happen."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ketaquiz import terminal, wording
from ketaquiz.errors import ExitStatus
from ketaquiz.model import Bank, Question, Resource
from ketaquiz.present.drivers import Body, Countdown, NoLine, PaintedScreens, PrintedScreens, Screens
from ketaquiz.present.savefile import Save, SessionFile, now
from ketaquiz.quiz import (
    Reveal,
    Room,
    Selection,
    Step,
    Tally,
    choose,
    means_quit,
    most_misunderstood_first,
    read_reveal_reply,
)
from ketaquiz.screens import join as join_screen
from ketaquiz.screens import workshop
from ketaquiz.terminal import ReadKeys, ReadLine

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

Clock = Callable[[], str]


@dataclass(frozen=True)
class Settings:
    tallying: bool = False
    timer: float | None = None


@dataclass(frozen=True)
class Workshop:
    reveals: tuple[Reveal, ...]
    interrupted: bool


def present(
    console: Console,
    bank: Bank,
    selection: Selection,
    *,
    settings: Settings,
    save_path: str | None,
    room: Room | None,
    warn: Callable[[str], None],
) -> ExitStatus:
    """Choose the statements, open the save file, and run the workshop; with a `room`, its phones
    vote. The results that could not be saved are NotSaved, after the summary."""
    questions = choose(bank.questions, selection.rng(), selection)
    with contextlib.ExitStack() as stack:
        saving = None if save_path is None else stack.enter_context(SessionFile(save_path, bank_path=bank.path))
        stdin = terminal.standard_input()
        with terminal.key_reader(stdin) as read_keys:
            result = run_workshop(
                console,
                questions,
                heading=wording.heading(bank),
                source_title=bank.source.title,
                read_line=terminal.line_reader(stdin),
                read_keys=read_keys,
                settings=settings,
                resources=bank.resources,
                save=None if saving is None else saving.save,
                save_problem=None if saving is None else lambda: saving.problem,
                room=room,
            )
        for note in [] if saving is None else saving.finish(result.reveals):
            warn(note)
    return ExitStatus.INTERRUPTED if result.interrupted else ExitStatus.SUCCESS


def run_workshop(
    console: Console,
    questions: Sequence[Question],
    *,
    heading: str = "",
    source_title: str,
    read_line: ReadLine,
    read_keys: ReadKeys | None,
    settings: Settings,
    resources: Sequence[Resource] = (),
    clock: Clock = now,
    save: Save | None = None,
    save_problem: Callable[[], str | None] | None = None,
    room: Room | None = None,
) -> Workshop:
    """Run a workshop to its end, to quit or to Ctrl-C, then show the summary.

    With `read_keys` (a terminal read key by key) every screen is painted to the terminal's
    size, repainted when it is resized, and the discussion timer runs; without it, screens
    are printed one after another and replies are read a line at a time.

    With a `room`, the room votes on their phones: the title screen shows how to join, each
    statement is opened to it, the count of votes shows while waiting, typed votes are added to
    the phone votes, and the room sees each reveal and the end.

    While `save_problem` says why saving fails, every screen says so.
    """

    def alert() -> Text | None:
        problem = None if save_problem is None else save_problem()
        return None if problem is None else workshop.not_saving(problem)

    screens: Screens = (
        PaintedScreens(console, read_keys, alert=alert)
        if read_keys and console.is_terminal
        else PrintedScreens(console, read_line, alert=alert)
    )
    total = len(questions)
    reveals: list[Reveal] = []
    interrupted = False
    try:
        if not _open(screens, heading, total, room):
            questions = ()
        for position, question in enumerate(questions, 1):
            if room is not None:
                room.open(position, question, total)
            reply = _discuss(screens, question, position, total, settings, room=room)
            if reply is Step.QUIT:
                break
            reveal = Reveal(position, question, reply if isinstance(reply, Tally) else None, clock())
            reveals.append(reveal)
            if save is not None:
                save(reveals)
            if room is not None:
                room.reveal(reveal)
            if not _show_reveal(screens, reveal, total, source_title, last=position == total):
                break
    except KeyboardInterrupt:
        interrupted = True
    if room is not None:
        room.end(reveals)
    _show_summary(screens, most_misunderstood_first(reveals), total, resources, interrupted=interrupted)
    return Workshop(tuple(reveals), interrupted)


def _open(screens: Screens, heading: str, total: int, room: Room | None) -> bool:
    """The title screen, with how to join and who has when the room votes on phones; on a terminal
    it waits for Enter. False when the facilitator quits there."""
    console = screens.console

    def body(height: int | None) -> RenderableType:
        presence = None if room is None else room.presence()  # read again at every repaint, as phones join
        join = None if room is None else room.join
        return workshop.title_screen(console, heading, total, height=height, join=join, presence=presence)

    if not screens.counts_down:  # printed for a pipe: nobody there to press Enter
        screens.show(body)
        return True
    line = screens.ask(body, workshop.start_prompt())
    return not (line is NoLine.ENDED or (isinstance(line, str) and means_quit(line)))


def _discuss(
    screens: Screens, question: Question, position: int, total: int, settings: Settings, *, room: Room | None
) -> Tally | Step:
    """The statement on screen until the facilitator reveals it. During the countdown a tally
    typed is the reply and reveals; a bare Enter ends the discussion early. With a room voting
    on phones, the count of their votes shows, and what is typed is added to them."""
    console = screens.console
    tallying = settings.tallying or room is not None

    def body(height: int | None) -> RenderableType:
        return workshop.statement(console, question, position, total, height=height)

    def presence() -> Text:
        assert room is not None
        return join_screen.presence_line(room.presence(), room.join)

    note = None if room is None else presence
    countdown = Countdown.starting(settings.timer) if settings.timer and screens.counts_down else None
    hint = None
    while True:
        if countdown is None:
            line = screens.ask(body, workshop.reveal_prompt(tallying=tallying), hint=hint, note=note)
        else:
            prompt = workshop.discussion_prompt(tallying=tallying)
            line = screens.ask(body, prompt, hint=hint, note=note, countdown=countdown)
        if line is NoLine.TIME_UP:
            countdown, hint = None, workshop.time_up()
            if room is not None:
                room.time_up()
            continue
        if line is NoLine.ENDED:
            return Step.QUIT
        reply = read_reveal_reply(line, tallying=tallying)
        if reply is Step.INVALID:
            hint = workshop.tally_hint()
        elif reply is Step.REVEAL and countdown is not None:
            countdown, hint = None, None
        elif room is not None and reply is not Step.QUIT:
            return room.close_vote() + (reply if isinstance(reply, Tally) else Tally(0, 0))
        else:
            return reply


def _show_reveal(screens: Screens, reveal: Reveal, total: int, source_title: str, *, last: bool) -> bool:
    """The reveal, a page at a time; False when the facilitator quits or input ends."""
    pages = functools.cache(
        lambda height: workshop.reveal_pages(screens.console, reveal, total, source_title, height=height)
    )
    return _page_through(screens, pages, final=functools.partial(workshop.next_statement_prompt, last=last))


def _show_summary(
    screens: Screens, reveals: Sequence[Reveal], total: int, resources: Sequence[Resource], *, interrupted: bool
) -> None:
    """The summary in pages; after Ctrl-C, or with nothing revealed, printed whole at once, so
    that the help lines are never lost to a second Ctrl-C."""
    if not reveals:
        screens.leave(lambda height: workshop.nothing_revealed(resources))
        return
    pages = functools.cache(
        lambda height: workshop.summary_pages(screens.console, reveals, total, resources, height=height)
    )
    if interrupted:
        screens.leave(lambda height: pages(None)[0])
        return
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C while paging the summary: what is shown stays
        _page_through(screens, pages, final=None)
    screens.finish()


def _page_through(
    screens: Screens,
    pages: Callable[[int | None], list[RenderableType]],
    *,
    final: Callable[[tuple[int, int]], Text] | None,
) -> bool:
    """Each page until the last, Enter between them, each prompt numbered (1/3); `final` is the
    prompt under the last page. False when the facilitator quits or input ends."""
    number = 0
    while True:
        count = len(pages(screens.height))
        number = min(number, count - 1)
        body = _page(pages, number)
        if number == count - 1 and final is None:
            screens.show(body)
            return True
        page = (number + 1, count)
        prompt = final(page) if number == count - 1 and final is not None else workshop.more_prompt(page)
        line = screens.ask(body, prompt)
        if line is NoLine.ENDED or (isinstance(line, str) and means_quit(line)):
            return False
        if number == count - 1:
            return True
        number += 1


def _page(pages: Callable[[int | None], list[RenderableType]], number: int) -> Body:
    def body(height: int | None) -> RenderableType:
        laid_out = pages(height)
        return laid_out[min(number, len(laid_out) - 1)]

    return body


# The screens of a workshop: painted to a terminal, or printed one after another.
