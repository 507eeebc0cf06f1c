"""Reading what a person types: lines from a terminal or a pipe, and Enter during a countdown.

No Rich here: callers show their own prompts and decide what a line means.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import IO

from ketaquiz.quiz import means_quit

# A reply longer than this is not an answer; the rest of its line is skipped
# unread, so a runaway paste cannot fill memory.
MAX_REPLY_BYTES = 1024

ReadLine = Callable[[], "str | None"]
WaitForEnter = Callable[[float], bool]
WaitForInput = Callable[[float], bool]


def standard_input() -> IO[bytes] | None:
    """Standard input as bytes; None when the program was started with it closed."""
    return sys.stdin.buffer if sys.stdin is not None else None


def is_terminal(stream: IO[bytes] | None) -> bool:
    return stream is not None and stream.isatty()


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


def enter_waiter(stream: IO[bytes]) -> WaitForEnter:
    """Wait up to some seconds for a line on a terminal; True, and the line consumed, if one came."""
    import select

    def wait_for_enter(seconds: float) -> bool:
        ready, _, _ = select.select([stream], [], [], seconds)
        if ready:
            stream.readline(MAX_REPLY_BYTES)
        return bool(ready)

    return wait_for_enter


def input_waiter(stream: IO[bytes]) -> WaitForInput:
    """Wait up to some seconds for a whole line on a terminal, leaving it to be read."""
    import select

    def input_ready(seconds: float) -> bool:
        return bool(select.select([stream], [], [], seconds)[0])

    return input_ready


def wait_for_next(read_line: ReadLine, *, show_prompt: Callable[[], None], end_line: Callable[[], None]) -> bool:
    """Show the prompt and read a line: False when it says quit, or input has ended."""
    show_prompt()
    line = read_line()
    if line is None:
        end_line()
        return False
    return not means_quit(line)
