"""`ketaquiz play`, the learner's session: which statements to ask, each one answered and
explained, the score, and the session kept in the learner's history."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ketaquiz import history, progress
from ketaquiz.errors import ExitStatus
from ketaquiz.model import Answer, Bank, Question
from ketaquiz.quiz import Command, Result, Score, Selection, choose, means_quit, parse_reply, score
from ketaquiz.screens import learner
from ketaquiz.screens.console import help_resources
from ketaquiz.suggest import closest
from ketaquiz.terminal import ReadLine

if TYPE_CHECKING:
    from rich.console import Console

# What a mistyped reply is compared with, for a "did you mean" hint.
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


def play(console: Console, bank: Bank, selection: Selection, *, missed: bool, player: Player) -> ExitStatus:
    """Choose the statements, run the session, and record it in the history (history.NotRecorded
    when it cannot be)."""
    # Only --missed depends on the history; otherwise the recording at the end says what it found.
    past = progress.of_bank(bank, player.warn if missed else _ignore, per_statement=missed)
    if missed:
        try:
            questions = progress.missed_for_review(bank, past, tags=selection.tags, count=selection.count)
        except progress.NothingToReview as nothing:
            learner.note(console, str(nothing))
            return ExitStatus.SUCCESS
    else:
        questions = choose(bank.questions, selection.rng(), selection)
    outcome = run_quiz(
        console,
        bank,
        questions,
        read_line=player.read_line,
        interactive=player.interactive,
        last=past.last.score() if past.last else None,
        review_command=player.review_command if player.keep_history else None,
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
) -> Outcome:
    """Run a quiz to its end, to quit, to end of input or to Ctrl-C, then show the score.

    `last` is how the previous session went; `review_command`, how to bring back
    what was missed (None when it cannot be brought back).
    """
    results: list[Result] = []
    interrupted = False
    learner.opening(console, bank, len(questions), last=last)
    try:
        # On a terminal the learner reads the opening first; piped answers go straight on.
        if interactive and not wait_for_next(console, read_line, None):
            return Outcome((), interrupted=False)
        for position, question in enumerate(questions, 1):
            learner.statement(console, question, position, score(results, len(questions)))
            answer = _ask(console, read_line, interactive)
            if answer is None:
                break
            result = Result(question, answer)
            results.append(result)
            learner.feedback(console, question, result, bank.source.title)
            if interactive and position < len(questions) and not wait_for_next(console, read_line, result):
                break
    except KeyboardInterrupt:
        interrupted = True
        learner.input_ended(console)
    learner.summary(console, score(results, len(questions)), interrupted=interrupted, review_command=review_command)
    help_resources(console, bank.resources)
    return Outcome(tuple(results), interrupted)


def wait_for_next(console: Console, read_line: ReadLine, after: Result | None) -> bool:
    """Ask for Enter to go on (to start, or after the verdict of `after`) and read a line: False
    when it says quit, or input has ended."""
    if after is None:
        learner.start_prompt(console)
    else:
        learner.next_prompt(console, after)
    line = read_line()
    if line is None:
        learner.input_ended(console)
        return False
    return not means_quit(line)


def _ask(console: Console, read_line: ReadLine, interactive: bool) -> Answer | None:
    """The learner's answer, or None when they quit or input ended."""
    while True:
        learner.answer_prompt(console)
        line = read_line()
        if line is None:
            learner.input_ended(console)
            return None
        reply = parse_reply(line)
        if not interactive:
            learner.echo_reply(console, reply.value if reply is not None else "")
        if reply is Command.QUIT:
            return None
        if isinstance(reply, Answer):
            return reply
        learner.reply_hint(console, near_miss(line))


def near_miss(reply: str) -> str | None:
    """The answer a mistyped reply most likely meant ("myht" -> "myth"), if it is close to one."""
    word = reply.strip().lower()
    if len(word) < 3:
        return None  # too short to tell a slip from a different word
    return closest(word, _WORDS)
