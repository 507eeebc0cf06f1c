"""The learner's session: ask each statement, read the reply, explain the verdict."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Console

from ketaquiz import render
from ketaquiz.bank import Answer, Question
from ketaquiz.quiz import Command, Result, parse_reply, score
from ketaquiz.terminal import ReadLine, wait_for_next


@dataclass(frozen=True)
class Outcome:
    results: tuple[Result, ...]
    interrupted: bool


def run_quiz(
    console: Console,
    questions: Sequence[Question],
    *,
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
            if (
                interactive
                and position < len(questions)
                and not wait_for_next(
                    read_line, show_prompt=lambda: render.next_prompt(console), end_line=console.print
                )
            ):
                break
    except KeyboardInterrupt:
        interrupted = True
        console.print()
    render.summary(console, score(results, len(questions)), interrupted=interrupted)
    return Outcome(tuple(results), interrupted)


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
