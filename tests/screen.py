"""What a person sees on a terminal: a pseudo-terminal's output played into a terminal emulator
(pyte), read back as the screen's lines, and replies given to whichever prompt shows next."""

from __future__ import annotations

import re
import time

import pyte

from tests.test_installed import read_more


def screen_lines(seen: bytes | bytearray, columns: int, rows: int) -> list[str]:
    """The screen's rows, as a terminal of that size shows them after all of `seen`."""
    screen = pyte.Screen(columns, rows)
    pyte.ByteStream(screen).feed(bytes(seen))
    return [line.rstrip() for line in screen.display]


def without_codes(seen: bytes | bytearray) -> str:
    """All that was written, as text without colour and cursor codes."""
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", bytes(seen).decode("utf-8", errors="replace"))


def on_screen(text: str, seen: bytes | bytearray, columns: int, rows: int) -> bool:
    """Whether `text` is on a row of the screen (not scrolled away)."""
    return any(text in line for line in screen_lines(seen, columns, rows))


def next_prompt(
    fd: int, seen: bytearray, prompts: tuple[bytes, ...], after: int, timeout: float = 10.0
) -> tuple[bytes, int]:
    """The first of `prompts` shown after position `after` of `seen`, and the position after it."""
    deadline = time.monotonic() + timeout
    while not (found := [(index, prompt) for prompt in prompts if (index := seen.find(prompt, after)) >= 0]):
        read_more(fd, seen, deadline, waiting_for=prompts)
    index, prompt = min(found)
    return prompt, index + len(prompt)
