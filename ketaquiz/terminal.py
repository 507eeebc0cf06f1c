"""Reading what a person types: lines from a terminal or a pipe, or keys as they are typed.

No Rich here: callers show their own prompts and decide what a line means.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO

# A reply longer than this is not an answer; the rest of its line is skipped
# unread, so a runaway paste cannot fill memory.
MAX_REPLY_BYTES = 1024
# What fits on a prompt's line; a longer reply is not votes.
MAX_TYPED_KEYS = 40

ReadLine = Callable[[], "str | None"]


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


# Keys one at a time, unechoed: for screens that draw what is typed themselves, such as the
# workshop's countdown, where the typed votes must not break the bar's line.

ReadKeys = Callable[[float], "str | None"]
"""Keys typed within some seconds ("" when none came); None once input has ended."""


@contextmanager
def key_reader(stream: IO[bytes] | None) -> Iterator[ReadKeys | None]:
    """Read a terminal key by key while the block runs; None where that cannot be done
    (not a terminal, or a platform with neither termios nor msvcrt), so callers read lines instead."""
    if stream is None or not is_terminal(stream):
        yield None
    elif sys.platform == "win32":
        yield _windows_keys()
    else:
        with _posix_keys(stream) as read_keys:
            yield read_keys


@contextmanager
def _posix_keys(stream: IO[bytes]) -> Iterator[ReadKeys | None]:
    # Imported here: Windows has none of these, and must never meet them.
    try:
        import select
        import termios
    except ImportError:
        yield None
        return
    descriptor = stream.fileno()
    try:
        saved = termios.tcgetattr(descriptor)
        keyed = termios.tcgetattr(descriptor)
        # No echo, no line editing; signals stay on, so Ctrl-C still interrupts.
        keyed[3] &= ~(termios.ICANON | termios.ECHO)
        keyed[6][termios.VMIN] = 1
        keyed[6][termios.VTIME] = 0
        termios.tcsetattr(descriptor, termios.TCSADRAIN, keyed)
    except termios.error:  # not a terminal after all, or it went away: read lines instead
        yield None
        return
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def read_keys(seconds: float) -> str | None:
        ready, _, _ = select.select([descriptor], [], [], seconds)
        if not ready:
            return ""
        try:
            data = os.read(descriptor, MAX_REPLY_BYTES)
        except OSError:  # the terminal hung up
            return None
        return decoder.decode(data) if data else None

    try:
        yield read_keys
    finally:
        with contextlib.suppress(termios.error):  # a terminal that hung up has nothing to restore
            termios.tcsetattr(descriptor, termios.TCSADRAIN, saved)


def _windows_keys() -> ReadKeys | None:
    if sys.platform != "win32":  # tells type checkers on other platforms to skip what follows
        return None
    try:
        import msvcrt
    except ImportError:
        return None
    poll = 0.02

    def read_keys(seconds: float) -> str | None:
        deadline = time.monotonic() + seconds
        typed: list[str] = []
        while True:
            while msvcrt.kbhit():
                key = msvcrt.getwch()
                if key in ("\x00", "\xe0"):  # an arrow or function key: a second code follows
                    msvcrt.getwch()
                elif key == "\x03":  # Ctrl-C arrives as a key here, not as a signal
                    raise KeyboardInterrupt
                else:
                    typed.append(key)
            if typed or time.monotonic() >= deadline:
                return "".join(typed)
            time.sleep(poll)

    return read_keys


# An escape sequence (an arrow key, say) is not text to type into a reply.
_ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-9;?]*[ -/]*[@-~]|O.|.)?")


class TypedLine:
    """A line being typed key by key: what is typed so far, and the lines Enter completes."""

    def __init__(self) -> None:
        self.text = ""
        self._ahead = ""  # keys typed after an Enter, kept for the next line

    def feed(self, keys: str) -> str | None:
        """Take keys; the completed line when one of them is Enter."""
        keys = _ESCAPE_SEQUENCE.sub("", self._ahead + keys)
        self._ahead = ""
        for index, key in enumerate(keys):
            if key in "\r\n":
                line, self.text, self._ahead = self.text, "", keys[index + 1 :]
                return line
            if key in ("\x7f", "\b"):
                self.text = self.text[:-1]
            elif key == "\x15":  # Ctrl-U: start the line again
                self.text = ""
            elif key.isprintable() and len(self.text) < MAX_TYPED_KEYS:
                self.text += key
        return None

    def next_line(self) -> str | None:
        """A line already completed by keys typed ahead, if there is one."""
        return self.feed("") if self._ahead else None
