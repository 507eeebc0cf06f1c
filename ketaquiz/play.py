"""The learner's session: a welcome, each statement with the score so far, the verdict explained, the end."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from rich.console import Console

from ketaquiz import render
from ketaquiz.bank import Answer, Bank, Question
from ketaquiz.quiz import Command, Result, Score, parse_reply, score
from ketaquiz.terminal import ReadLine, wait_for_next

# What a mistyped reply is compared with, for a "did you mean" hint.
_WORDS = ("myth", "fact", "quit")


@dataclass(frozen=True)
class Outcome:
    results: tuple[Result, ...]
    interrupted: bool


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
    render.opening(console, bank, len(questions), last=last)
    try:
        # On a terminal the learner reads the opening first; piped answers go straight on.
        if interactive and not _next(console, read_line, render.start_prompt):
            return Outcome((), interrupted=False)
        for position, question in enumerate(questions, 1):
            render.statement(console, question, position, score(results, len(questions)))
            answer = _ask(console, read_line, interactive)
            if answer is None:
                break
            result = Result(question, answer)
            results.append(result)
            render.feedback(console, question, result, bank.source.title)
            if (
                interactive
                and position < len(questions)
                and not _next(console, read_line, partial(render.next_prompt, result=result))
            ):
                break
    except KeyboardInterrupt:
        interrupted = True
        render.end_line(console)
    render.summary(console, score(results, len(questions)), interrupted=interrupted, review_command=review_command)
    render.help_resources(console, bank.resources)
    return Outcome(tuple(results), interrupted)


def _next(console: Console, read_line: ReadLine, show_prompt: Callable[[Console], None]) -> bool:
    return wait_for_next(read_line, show_prompt=lambda: show_prompt(console), end_line=lambda: render.end_line(console))


def _ask(console: Console, read_line: ReadLine, interactive: bool) -> Answer | None:
    """The learner's answer, or None when they quit or input ended."""
    while True:
        render.answer_prompt(console)
        line = read_line()
        if line is None:
            render.end_line(console)
            return None
        reply = parse_reply(line)
        if not interactive:
            render.echo_reply(console, reply.value if reply is not None else "")
        if reply is Command.QUIT:
            return None
        if isinstance(reply, Answer):
            return reply
        render.reply_hint(console, near_miss(line))


def near_miss(reply: str) -> str | None:
    """The answer a mistyped reply most likely meant ("myht" -> "myth"), if it is close to one."""
    import difflib

    word = reply.strip().lower()
    if len(word) < 3:
        return None  # too short to tell a slip from a different word
    matches = difflib.get_close_matches(word, _WORDS, n=1, cutoff=0.6)
    return matches[0] if matches else None
