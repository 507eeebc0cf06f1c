"""The learner's session: ask each statement, read the reply, explain the verdict."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO

from rich.console import Console

from ketaquiz import render
from ketaquiz.bank import Answer, Question
from ketaquiz.quiz import Command, Result, Score, parse_reply, score

# A reply longer than this is not an answer; the rest of its line is skipped
# unread, so a runaway paste cannot fill memory.
MAX_REPLY_BYTES = 1024

ReadLine = Callable[[], "str | None"]


@dataclass(frozen=True)
class Outcome:
    results: tuple[Result, ...]
    score: Score
    interrupted: bool


def line_reader(stream: IO[bytes] | None) -> ReadLine:
    """Read one line at a time as text, tolerating bytes that are not UTF-8.

    A missing or failing stream (stdin closed, a terminal hung up) reads as end of input.
    """

    def read_line() -> str | None:
        if stream is None:
            return None
        try:
            line = stream.readline(MAX_REPLY_BYTES)
            if len(line) == MAX_REPLY_BYTES and not line.endswith(b"\n"):
                while (rest := stream.readline(MAX_REPLY_BYTES)) and not rest.endswith(b"\n"):
                    pass
        except (OSError, ValueError):
            return None
        return line.decode("utf-8", errors="replace") if line else None

    return read_line


def enter_waiter(stream: IO[bytes]) -> Callable[[float], bool]:
    """Wait up to some seconds for a line on a terminal; True, and the line consumed, if one came."""
    import select

    def wait_for_enter(seconds: float) -> bool:
        ready, _, _ = select.select([stream], [], [], seconds)
        if ready:
            stream.readline(MAX_REPLY_BYTES)
        return bool(ready)

    return wait_for_enter


def play(
    console: Console,
    questions: Sequence[Question],
    source_title: str,
    read_line: ReadLine,
    interactive: bool,
) -> Outcome:
    """Run a quiz to its end, to quit, to end of input or to Ctrl-C, then show the score."""
    results: list[Result] = []
    interrupted = False
    try:
        for position, question in enumerate(questions, 1):
            render.statement(console, question, position, len(questions))
            answer = _ask(console, read_line, interactive)
            if answer is None:
                break
            result = Result(question, answer)
            results.append(result)
            render.feedback(console, question, result, source_title)
            if interactive and position < len(questions) and not wait_for_next(console, read_line, render.next_prompt):
                break
    except KeyboardInterrupt:
        interrupted = True
        console.print()
    final = score(results, len(questions))
    render.summary(console, final, interrupted)
    return Outcome(tuple(results), final, interrupted)


def _ask(console: Console, read_line: ReadLine, interactive: bool) -> Answer | None:
    """The learner's answer, or None when they quit or input ended."""
    while True:
        render.answer_prompt(console)
        line = read_line()
        if line is None:
            console.print()
            return None
        reply = parse_reply(line)
        if not interactive:
            render.echo_reply(console, reply.value if reply is not None else "")
        if reply is Command.QUIT:
            return None
        if isinstance(reply, Answer):
            return reply
        render.reply_hint(console)


def wait_for_next(console: Console, read_line: ReadLine, prompt: Callable[[Console], None]) -> bool:
    """Show the prompt and read a line: False when it says quit, or input has ended."""
    prompt(console)
    line = read_line()
    if line is None:
        console.print()
        return False
    return parse_reply(line) is not Command.QUIT
