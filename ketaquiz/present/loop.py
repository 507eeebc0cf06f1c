"""Workshop mode: statements shown to a room one at a time, votes tallied, results saved as they happen."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ketaquiz import terminal, wording
from ketaquiz.errors import ExitStatus
from ketaquiz.languages import shown_in
from ketaquiz.model import Bank, Question, Resource
from ketaquiz.present.drivers import Countdown, NoLine, PaintedScreens, PrintedScreens, Screens, page_through, started
from ketaquiz.present.savefile import Save, SaveRecap, SessionFile, now
from ketaquiz.quiz import Selection, choose
from ketaquiz.saveformat import RecapSoFar, Setup
from ketaquiz.screens import join as join_screen
from ketaquiz.screens import recap as recap_screen
from ketaquiz.screens import summary, workshop
from ketaquiz.screens.stacked import Stack, said
from ketaquiz.terminal import ReadKeys, ReadLine
from ketaquiz.votes import (
    BeforeAfter,
    Languages,
    Recall,
    Reveal,
    Room,
    Step,
    Tally,
    for_recap,
    most_improved_first,
    most_misunderstood_first,
    read_reveal_reply,
)
from ketaquiz.wording import room as room_wording

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

Clock = Callable[[], str]


# --recap with no number: every statement revealed is asked again.
EVERY_STATEMENT = 0


@dataclass(frozen=True)
class Settings:
    tallying: bool = False
    timer: float | None = None
    confidence: bool = False  # the phones are asked how sure (the room sets itself up for it; saved)
    recap: int | None = None  # None: no recap; EVERY_STATEMENT, or the N the room got most wrong
    stack: Stack | None = None  # the projector in several languages at once, stacked; None: the interface's


def stack_for(bank: Bank, languages: Sequence[str]) -> Stack:
    """The projector in each of `languages` (of the bank's), the first the facilitator's."""
    views = [shown_in(bank, language) for language in languages]
    return Stack(
        languages=tuple(languages),
        titles=tuple(wording.heading(view) for view in views),
        resources={language: view.resources for language, view in zip(languages, views, strict=True)},
        questions={
            language: {question.id: question for question in view.questions}
            for language, view in zip(languages, views, strict=True)
        },
    )


@dataclass(frozen=True)
class Workshop:
    reveals: tuple[Reveal, ...]
    interrupted: bool
    recalls: tuple[Recall, ...] = ()


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
    setup = Setup(statements=len(questions), confidence=settings.confidence, title=wording.heading(bank))
    with contextlib.ExitStack() as stack:
        saving = (
            None if save_path is None else stack.enter_context(SessionFile(save_path, bank_path=bank.path, setup=setup))
        )
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
                save_recap=None if saving is None else saving.save_recap,
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
    save_recap: SaveRecap | None = None,
    save_problem: Callable[[], str | None] | None = None,
    room: Room | None = None,
) -> Workshop:
    """Run a workshop to its end, to quit or to Ctrl-C, then show the summary.

    With `settings.recap`, the statements revealed (or the N the room got most wrong) are asked
    again after the last reveal, without reveals, and the summary says how each changed.

    With `read_keys` (a terminal read key by key) every screen is painted to the terminal's
    size, repainted when it is resized, and the discussion timer runs; without it, screens
    are printed one after another and replies are read a line at a time.

    With a `room`, the room votes on their phones: the title screen shows how to join, each
    statement is opened to it, the count of votes shows while waiting, typed votes are added to
    the phone votes, and the room sees each reveal and the end.

    While `save_problem` says why saving fails, every screen says so.
    """

    screens = screens_for(console, read_line, read_keys, save_problem)
    reveals: list[Reveal] = []
    recalls: list[Recall] = []
    recap = Recap(screens, settings, room, clock, save_recap)
    interrupted = False
    try:
        if open_title(screens, heading, len(questions), room, stack=settings.stack):
            _first_round(
                screens,
                questions,
                reveals,
                settings=settings,
                room=room,
                clock=clock,
                save=save,
                source_title=source_title,
            )
        if settings.recap is not None and reveals:
            voted = [(reveal.question, reveal.tally) for reveal in reveals]
            recap.run(for_recap(voted, settings.recap or None), recalls, opening=True)
    except KeyboardInterrupt:
        interrupted = True
    if recalls:
        befores = {reveal.question.id: reveal.tally for reveal in reveals}
        recap.end(
            compared(recalls, befores),
            reveals,
            resources,
            interrupted=interrupted,
            first_round=lambda: room_wording.room_overall(reveals),
        )
    else:
        _end_without_recap(
            screens, reveals, len(questions), resources, room=room, settings=settings, interrupted=interrupted
        )
    return Workshop(tuple(reveals), interrupted, tuple(recalls))


def _first_round(
    screens: Screens,
    questions: Sequence[Question],
    reveals: list[Reveal],
    *,
    settings: Settings,
    room: Room | None,
    clock: Clock,
    save: Save | None,
    source_title: str,
) -> None:
    """Each statement discussed, voted on and revealed, until the last or until the facilitator quits;
    `reveals` grows as they are revealed, so a Ctrl-C keeps those already saved and shown."""
    total = len(questions)
    for position, question in enumerate(questions, 1):
        if room is not None:
            room.open(position, question, total)
        votes = _discuss(screens, question, position, total, settings, room=room)
        if votes is None:
            return
        reveal = Reveal(position, question, votes[0], clock(), votes[1], votes[2])
        reveals.append(reveal)
        if save is not None:
            save(reveals)
        if room is not None:
            room.reveal(reveal)
        if not _show_reveal(screens, reveal, total, source_title, last=position == total, settings=settings):
            return


def _end_without_recap(
    screens: Screens,
    reveals: Sequence[Reveal],
    total: int,
    resources: Sequence[Resource],
    *,
    room: Room | None,
    settings: Settings,
    interrupted: bool,
) -> None:
    """The room's end and the summary, most misunderstood statement first."""
    if room is not None:
        room.end(reveals)
    pages = functools.cache(
        lambda height: summary.summary_pages(
            screens.console, most_misunderstood_first(reveals), total, resources, height=height, stack=settings.stack
        )
    )
    _show_summary(screens, pages if reveals else None, resources, interrupted=interrupted, stack=settings.stack)


def screens_for(
    console: Console, read_line: ReadLine, read_keys: ReadKeys | None, save_problem: Callable[[], str | None] | None
) -> Screens:
    """Painted over the terminal read key by key, or printed one after another; while
    `save_problem` says why saving fails, every screen says so."""

    def alert() -> Text | None:
        problem = None if save_problem is None else save_problem()
        return None if problem is None else workshop.not_saving(problem)

    if read_keys and console.is_terminal:
        return PaintedScreens(console, read_keys, alert=alert)
    return PrintedScreens(console, read_line, alert=alert)


def compared(recalls: Sequence[Recall], befores: dict[str, Tally | None]) -> list[BeforeAfter]:
    """Each statement asked again, with the room's votes the first time, most improved first."""
    rows = [
        BeforeAfter(
            recall.question.id,
            recall.question.statement,
            recall.question.answer,
            befores.get(recall.question.id),
            recall.tally,
            recall.changes,
        )
        for recall in recalls
    ]
    return most_improved_first(rows)


class Recap:
    """The recap round: the statements asked again, each counted without a reveal and saved before
    the next appears; then its summary, before and after."""

    def __init__(
        self, screens: Screens, settings: Settings, room: Room | None, clock: Clock, save: SaveRecap | None
    ) -> None:
        self.screens = screens
        self.settings = settings
        self.room = room
        self.clock = clock
        self.save = save
        self.planned = 0

    def run(self, questions: Sequence[Question], recalls: list[Recall], *, opening: bool) -> None:
        """Ask `questions` again, adding each count to `recalls`; with an `opening` screen first,
        where the facilitator may skip the recap."""
        total = len(questions)
        if opening and not self._open(total):
            return
        self.planned = total
        if self.save is not None:
            self.save(RecapSoFar(total))
        for position, question in enumerate(questions, 1):
            if self.room is not None:
                self.room.open(position, question, total, recap=True)
            votes = _discuss(self.screens, question, position, total, self.settings, room=self.room, recap=True)
            if votes is None:
                break
            changes = None if self.room is None else self.room.changes()
            recalls.append(Recall(position, question, votes[0], self.clock(), votes[1], changes, votes[2]))
            if self.save is not None:
                self.save(RecapSoFar(total, tuple(recalls)))

    def _open(self, count: int) -> bool:
        screens = self.screens

        def body(height: int | None) -> RenderableType:
            return recap_screen.opening(screens.console, count, height=height, stack=self.settings.stack)

        return started(screens, body, recap_screen.start_prompt())

    def end(
        self,
        rows: Sequence[BeforeAfter],
        reveals: Sequence[Reveal],
        resources: Sequence[Resource],
        *,
        interrupted: bool,
        first_round: Callable[[], str | None] | None,
    ) -> None:
        """The summary of before and after; `first_round`, how the room did over every statement revealed."""
        if self.room is not None:
            self.room.end(reveals, rows)
        if not rows:
            stack = self.settings.stack
            self.screens.leave(lambda height: summary.nothing_revealed(resources, counted=True, stack=stack))
            return
        pages = functools.cache(
            lambda height: recap_screen.summary_pages(
                self.screens.console,
                rows,
                planned=self.planned,
                first_round=first_round,
                stack=self.settings.stack,
                resources=resources,
                height=height,
            )
        )
        _show_summary(self.screens, pages, resources, interrupted=interrupted, stack=self.settings.stack)


def open_title(
    screens: Screens,
    heading: str,
    total: int,
    room: Room | None,
    *,
    about: Callable[[], str] | None = None,
    stack: Stack | None = None,
) -> bool:
    """The title screen, with how to join and who has when the room votes on phones; on a terminal
    it waits for Enter. False when the facilitator quits there."""
    console = screens.console

    def body(height: int | None) -> RenderableType:
        presence = None if room is None else room.presence()  # read again at every repaint, as phones join
        join = None if room is None else room.join
        return workshop.title_screen(
            console, heading, total, height=height, join=join, presence=presence, about=about, stack=stack
        )

    return started(screens, body, workshop.start_prompt())


def _discuss(
    screens: Screens,
    question: Question,
    position: int,
    total: int,
    settings: Settings,
    *,
    room: Room | None,
    recap: bool = False,
) -> tuple[Tally | None, Tally | None, Languages] | None:
    """The statement on screen until the facilitator reveals it (or, in the `recap`, counts the
    votes and goes on): the votes, all of them and the phones' alone, and how many phones voted in
    each language; None when the facilitator
    quits or input ends. During the countdown a tally
    typed is the reply and reveals; a bare Enter ends the discussion early. With a room voting on
    phones, the count of their votes shows, and what is typed is added to them. The recap has no
    countdown: it is the workshop's quick last round."""
    console = screens.console
    tallying = settings.tallying or room is not None

    def body(height: int | None) -> RenderableType:
        return workshop.statement(console, question, position, total, height=height, recap=recap, stack=settings.stack)

    def presence() -> Text:
        assert room is not None
        return join_screen.presence_line(room.presence(), room.join)

    note = None if room is None else presence
    countdown = Countdown.starting(settings.timer) if settings.timer and screens.counts_down and not recap else None
    hint = None
    prompt = recap_screen.count_prompt() if recap else workshop.reveal_prompt(tallying=tallying)
    while True:
        if countdown is None:
            line = screens.ask(body, prompt, hint=hint, note=note)
        else:
            discussing = workshop.discussion_prompt(tallying=tallying)
            line = screens.ask(body, discussing, hint=hint, note=note, countdown=countdown)
        if line is NoLine.TIME_UP:
            countdown, hint = None, workshop.time_up(said(settings.stack, room_wording.time_up))
            if room is not None:
                room.time_up()
            continue
        if line is NoLine.ENDED:
            return None
        reply = read_reveal_reply(line, tallying=tallying)
        if reply is Step.INVALID:
            hint = workshop.tally_hint()
        elif reply is Step.REVEAL and countdown is not None:
            countdown, hint = None, None
        elif reply is Step.QUIT:
            return None
        elif room is not None:
            phones = room.close_vote()
            return phones + (reply if isinstance(reply, Tally) else Tally(0, 0)), phones, room.languages()
        else:
            return (reply if isinstance(reply, Tally) else None), None, ()


def _show_reveal(
    screens: Screens, reveal: Reveal, total: int, source_title: str, *, last: bool, settings: Settings
) -> bool:
    """The reveal, a page at a time; False when the facilitator quits or input ends."""
    stack, recap = settings.stack, settings.recap is not None
    pages = functools.cache(
        lambda height: workshop.reveal_pages(screens.console, reveal, total, source_title, height=height, stack=stack)
    )
    final = functools.partial(workshop.next_statement_prompt, last=last, recap=recap)
    return page_through(screens, pages, final=final)


def _show_summary(
    screens: Screens,
    pages: Callable[[int | None], list[RenderableType]] | None,
    resources: Sequence[Resource],
    *,
    interrupted: bool,
    stack: Stack | None = None,
) -> None:
    """The summary in pages; after Ctrl-C, or with nothing to sum up (None), printed whole at
    once, so that the help lines are never lost to a second Ctrl-C."""
    if pages is None:
        screens.leave(lambda height: summary.nothing_revealed(resources, stack=stack))
        return
    if interrupted:
        screens.leave(lambda height: pages(None)[0])
        return
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C while paging the summary: what is shown stays
        page_through(screens, pages, final=None)
    screens.finish()


# The screens of a workshop: painted to a terminal, or printed one after another.
