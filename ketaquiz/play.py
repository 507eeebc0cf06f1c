"""`ketaquiz play`, the learner's session: which statements to ask, each one answered and
explained, the score, and the session kept in the learner's history."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ketaquiz import history, progress, wording
from ketaquiz.errors import ExitStatus
from ketaquiz.i18n import pgettext
from ketaquiz.model import Answer, Bank, Question
from ketaquiz.quiz import (
    Command,
    Result,
    Score,
    Selection,
    choose,
    keys_in_use,
    means_quit,
    parse_reply,
    parse_sure,
    plain_reply,
    replies_in_use,
    score,
    sure_replies_in_use,
    yes_replies_in_use,
)
from ketaquiz.screens import learner
from ketaquiz.screens.console import is_plain
from ketaquiz.screens.learner import Asking
from ketaquiz.suggest import closest
from ketaquiz.terminal import ReadLine

if TYPE_CHECKING:
    from rich.console import Console

# Myth or fact, and nothing more: neither how sure nor marks.
JUST_THE_ANSWER = Asking()

# What a mistyped reply is compared with, for a "did you mean" hint, besides the language's own words.
_WORDS = ("myth", "fact", "quit")


@dataclass(frozen=True)
class Outcome:
    results: tuple[Result, ...]
    interrupted: bool


@dataclass(frozen=True)
class Player:
    """Where the learner's session comes from and goes: their replies, their history, warnings."""

    read_line: ReadLine
    interactive: bool  # a person at a terminal, rather than answers piped in
    keep_history: bool
    warn: Callable[[str], None]
    review_command: str | None  # how to bring back what was missed; None when it cannot be
    asking: Asking = JUST_THE_ANSWER  # how sure, after each answer, and certainty-based marks


def play(console: Console, bank: Bank, selection: Selection, *, missed: bool, player: Player) -> ExitStatus:
    """Choose the statements, run the session, and record it in the history (history.NotRecorded
    when it cannot be)."""
    # Only --missed depends on the history; otherwise the recording at the end says what it found.
    if missed:
        past = progress.of_bank(bank, player.warn)
        last = past.last
        try:
            questions = progress.missed_for_review(bank, past, tags=selection.tags, count=selection.count)
        except progress.NothingToReview as nothing:
            learner.note(console, str(nothing))
            return ExitStatus.SUCCESS
    else:
        last = progress.last_session(bank, _ignore)
        questions = choose(bank.questions, selection.rng(), selection)
    outcome = run_quiz(
        console,
        bank,
        questions,
        read_line=player.read_line,
        interactive=player.interactive,
        last=last.score() if last else None,
        review_command=player.review_command if player.keep_history else None,
        review=missed,
        asking=player.asking,
    )
    if outcome.results and player.keep_history:
        kind = history.kind_of(missed=missed, tags=selection.tags, asked=len(questions), available=len(bank.questions))
        session = history.new_session(bank, outcome.results, len(questions), kind=kind, tags=selection.tags)
        for note in history.record(session):  # NotRecorded, after the score, when it could not be
            player.warn(note)
    return ExitStatus.INTERRUPTED if outcome.interrupted else ExitStatus.SUCCESS


def _ignore(message: str) -> None:
    pass


def run_quiz(
    console: Console,
    bank: Bank,
    questions: Sequence[Question],
    *,
    read_line: ReadLine,
    interactive: bool,
    last: Score | None = None,
    review_command: str | None = None,
    review: bool = False,
    asking: Asking = JUST_THE_ANSWER,
) -> Outcome:
    """Run a quiz to its end, to quit, to end of input or to Ctrl-C, then show the score.

    `last` is how the previous session went; `review_command`, how to bring back what was
    missed (None when it cannot be brought back); `review`, that these are missed statements;
    `asking`, whether each answer is followed by how sure, and given certainty-based marks.
    """
    results: list[Result] = []
    interrupted = False
    # A person at a terminal reads in pages that fit it; a pipe, a file and a screen reader read on.
    rows = console.height if interactive and not is_plain(console) else None
    help_on_key = learner.opening(console, bank, len(questions), last=last, review=review, rows=rows, asking=asking)
    try:
        # On a terminal the learner reads the opening first; piped answers go straight on.
        if interactive and not _start(console, read_line, bank, help_on_key=help_on_key):
            return Outcome((), interrupted=False)
        for position, question in enumerate(questions, 1):
            above = learner.statement(console, question, position, score(results, len(questions)))
            answer, asked = _ask(console, read_line, interactive)
            if answer is None:
                break
            sure = None
            if asking.confidence:
                sure, rated = _ask_sure(console, read_line, interactive)
                if sure is None:
                    break
                asked += rated
            results.append(Result(question, answer, sure))
            shown = Shown(
                interactive=interactive,
                rows=rows,
                above=above + asked,
                last=position == len(questions),
                marks=asking.marks,
            )
            if not _explain(console, read_line, results[-1], bank.source.title, shown):
                break
    except KeyboardInterrupt:
        interrupted = True
        learner.input_ended(console)
    final = score(results, len(questions))
    learner.summary(
        console,
        final,
        resources=bank.resources,
        interrupted=interrupted,
        review_command=review_command,
        marks=asking.marks,
    )
    return Outcome(tuple(results), interrupted)


def _start(console: Console, read_line: ReadLine, bank: Bank, *, help_on_key: bool) -> bool:
    """Enter starts; h lists where to get help when the opening had no room for the list.
    False when the learner quits or input ends."""
    while True:
        line = _reply(console, read_line, functools.partial(learner.start_prompt, console))
        if line is None or not (help_on_key and plain_reply(line) in ("h", keys_in_use().help)):
            return line is not None and not means_quit(line)
        learner.help_list(console, bank.resources)


@dataclass(frozen=True)
class Shown:
    """Where a verdict is explained: to a person (`interactive`) or a pipe, on a terminal of `rows`
    (None: not in pages) under the `above` rows of its statement and answer, after the `last` statement?"""

    interactive: bool
    rows: int | None
    above: int
    last: bool
    marks: bool = False  # each answer's certainty-based marks shown with its verdict


def _explain(console: Console, read_line: ReadLine, result: Result, source_title: str, shown: Shown) -> bool:
    """The verdict explained, then for a person Enter to go on; on a terminal in pages that fit it,
    the first under the statement and answer. False when the learner quits or input ends."""
    if shown.rows is None:
        learner.feedback(console, result.question, result, source_title, marks=shown.marks)
        next_prompt = functools.partial(learner.next_prompt, console, last=shown.last)
        return not shown.interactive or _reply(console, read_line, next_prompt, to_go_on=True) is not None
    under = learner.prompt_rows(console, last=shown.last)  # the prompt under each page
    pages = learner.feedback_pages(
        console,
        result,
        source_title,
        first=shown.rows - shown.above - under,
        rows=shown.rows - under,
        marks=shown.marks,
    )
    for number, page in enumerate(pages, 1):
        console.print(page)
        where = (number, len(pages))
        if number < len(pages):
            prompt = functools.partial(learner.more_prompt, console, where)
        else:
            prompt = functools.partial(learner.next_prompt, console, last=shown.last, page=where)
        if _reply(console, read_line, prompt, to_go_on=True) is None:
            return False
    return True


def _reply(console: Console, read_line: ReadLine, prompt: Callable[[], None], *, to_go_on: bool = False) -> str | None:
    """The line typed after `prompt`; None once input has ended, and, `to_go_on`, when it says quit."""
    prompt()
    line = read_line()
    if line is None:
        learner.input_ended(console)
        return None
    return None if to_go_on and means_quit(line) else line


def _ask(console: Console, read_line: ReadLine, interactive: bool) -> tuple[Answer | None, int]:
    """The learner's answer, or None when they quit or input ended; and the rows the asking took."""
    rows = 0
    while True:
        reply = _read_reply(console, read_line, functools.partial(learner.answer_prompt, console), interactive)
        rows += 1
        meant = None if reply is None or isinstance(reply, (Answer, Command)) else parse_reply(reply, replies_in_use())
        if isinstance(meant, Answer):  # a near miss of an answer: offered, to accept with Enter
            assert isinstance(reply, str)
            confirm = functools.partial(learner.confirm_prompt, console, reply)
            reply = _read_reply(console, read_line, confirm, interactive, yes=meant)
            rows += 1
        elif not isinstance(reply, (Answer, Command)):
            learner.reply_hint(console, reply)
            rows += 1
        if isinstance(reply, Answer) or reply is Command.QUIT:
            return (reply if isinstance(reply, Answer) else None), rows


def _ask_sure(console: Console, read_line: ReadLine, interactive: bool) -> tuple[bool | None, int]:
    """How sure the learner is of the answer just given: s (sure), or n or a bare Enter (not
    sure); None when they quit or input ended. And the rows the asking took."""
    rows = 0
    words = sure_replies_in_use()
    while True:
        line = _reply(console, read_line, functools.partial(learner.sure_prompt, console))
        rows += 1
        if line is None or means_quit(line):
            return None, rows
        sure = parse_sure(line, words)
        if not interactive:  # a pipe, which the terminal did not echo: what the reply was taken to mean
            learner.echo_reply(
                console, "" if sure is None else (wording.sure() if sure else wording.not_sure()).lower()
            )
        if sure is not None:
            return sure, rows
        learner.sure_hint(console)
        rows += 1


def _read_reply(
    console: Console, read_line: ReadLine, prompt: Callable[[], None], interactive: bool, *, yes: Answer | None = None
) -> Answer | Command | str | None:
    """After `prompt`: the answer typed (or `yes` on a yes), QUIT when the learner quits or input
    ends, else the word a near miss most likely meant ("myht": "myth"), or None."""
    line = _reply(console, read_line, prompt)
    if line is None:
        return Command.QUIT
    words = replies_in_use()
    reply = parse_reply(line, words)
    if reply is None and yes is not None and plain_reply(line) in yes_replies_in_use():
        reply = yes
    if not interactive:  # a pipe, which the terminal did not echo: what the reply was taken to mean
        learner.echo_reply(console, _echoed(reply, offered=yes is not None))
    if reply is not None or yes is not None:
        return reply
    return near_miss(line, words)


def _echoed(reply: Answer | Command | None, *, offered: bool) -> str:
    """A reply read from a pipe, as it was taken: the verdict or quit in the language's word, "no"
    to an answer offered, or nothing."""
    if isinstance(reply, Answer):
        return wording.verdict_name(reply).lower()
    if reply is Command.QUIT:
        return next(word for word, meant in replies_in_use().items() if meant is Command.QUIT)
    return pgettext("typed reply: no", "no") if offered else ""


def near_miss(reply: str, words: Iterable[str] = ()) -> str | None:
    """The answer a mistyped reply most likely meant ("myht" -> "myth"), if it is close to one of the
    language's `words` or of the English ones."""
    word = plain_reply(reply)
    if len(word) < 3:
        return None  # too short to tell a slip from a different word
    return closest(word, [*(candidate for candidate in words if len(candidate) > 1), *_WORDS])
