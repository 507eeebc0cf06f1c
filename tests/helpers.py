"""What the test modules share: sample banks, and driving the installed command on a pseudo-terminal."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import sys
import termios
import textwrap
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pyte
import pytest

from ketaquiz.bank import BankError, PassageRole, Resource, parse_bank

SMALL_BANK = textwrap.dedent(
    """\
    title: Test bank
    source:
      title: Test article
      text: |
        Originally developed as an anesthetic, ketamine has been used for decades.
        It is “not considered addictive” by some—but regulators disagree.
    questions:
      - id: origin
        statement: Ketamine was first developed as an anesthetic.
        answer: fact
        explanation: It was made in 1962 as an anesthetic.
        passage: Originally developed as an anesthetic
        tags: [history]
      - id: addiction
        statement: Ketamine has no addiction risk.
        answer: myth
        explanation: Regulators treat it as a drug of abuse.
        passage: It is "not considered addictive" by some-but regulators disagree.
        evidence:
          note: It is a controlled substance.
          sources: [DEA 1999]
        tags: [addiction]
      - id: markup
        statement: "A [bold]statement[/] with [red]markup"
        answer: fact
        explanation: Brackets are text.
        passage: ketamine has been used for decades
    """
)

# SMALL_BANK in English and French: its title, a place to get help and every statement translated.
FRENCH_TITLE = "languages: [en, fr]\ntranslations:\n  fr:\n    title: Banque d’essai\n"
FRENCH_RESOURCE = """\
resources:
  - name: Emergency services
    region: Canada
    contact: Call 911
    details: When a life is in danger.
    translations:
      fr:
        name: Services d’urgence
        region: Canada
        contact: Composez le 911
        details: Quand une vie est en danger.
"""
ORIGIN_IN_FRENCH = """\
    translations:
      fr:
        statement: La kétamine a d’abord été mise au point comme anesthésique.
        explanation: Elle a été fabriquée en 1962 comme anesthésique.
        passage: Mise au point à l’origine comme anesthésique
"""
ADDICTION_IN_FRENCH = """\
    translations:
      fr:
        statement: La kétamine ne présente aucun risque d’addiction.
        explanation: Les autorités la traitent comme une drogue pouvant faire l’objet d’abus.
        note: C’est une substance contrôlée.
"""
MARKUP_IN_FRENCH = """\
    translations:
      fr:
        statement: "Un [bold]énoncé[/] avec <b>balises</b> & [red]markup"
        explanation: "Les crochets sont du texte : {~#=}."
"""


def _after(text: str, anchor: str, lines: str) -> str:
    assert anchor in text
    return text.replace(anchor, anchor + lines, 1)


BILINGUAL_BANK = (
    _after(
        _after(
            _after(_after(SMALL_BANK, "title: Test bank\n", FRENCH_TITLE), "disagree.\n", FRENCH_RESOURCE),
            "    tags: [history]\n",
            ORIGIN_IN_FRENCH,
        ),
        "    tags: [addiction]\n",
        ADDICTION_IN_FRENCH,
    )
    + MARKUP_IN_FRENCH
)
BILINGUAL = parse_bank(BILINGUAL_BANK, "bank.yaml")


def bilingual_bank_with(old: str, new: str) -> str:
    """BILINGUAL_BANK with the first `old` (which must be there) replaced by `new`."""
    assert old in BILINGUAL_BANK
    return BILINGUAL_BANK.replace(old, new, 1)


# The sample files: an article, and banks with a newcomer's mistakes.
DATA = Path(__file__).resolve().parent / "data"

WriteBank = Callable[..., str]  # the write_bank fixture: bank text or bytes (and a file name) in, the path out


def bank_of(count: int) -> str:
    """SMALL_BANK's source with `count` copies of its second question, under distinct ids."""
    head, questions = SMALL_BANK.split("questions:\n")
    body = questions.split("  - id: addiction")[1].split("  - id: markup")[0]
    return head + "questions:\n" + "".join(f"  - id: q{number}{body}" for number in range(count))


def small_bank_with(old: str, new: str) -> str:
    """SMALL_BANK with the first `old` (which must be there) replaced by `new`."""
    assert old in SMALL_BANK
    return SMALL_BANK.replace(old, new, 1)


def problems_of(text: str) -> list[str]:
    """The lines of the error that parsing `text`, as bank.yaml, must raise."""
    with pytest.raises(BankError) as caught:
        parse_bank(text, "bank.yaml")
    return caught.value.lines()


BANK = parse_bank(SMALL_BANK, "bank.yaml")
# The first quotes the article's overclaim; the second says nothing of how its passage bears on the verdict.
TWO = (replace(BANK.questions[1], passage_role=PassageRole.OVERCLAIM), BANK.questions[2])
# A bank that says where to get help and when its evidence was last checked.
HELPFUL = replace(
    BANK,
    reviewed="2026-11-28",
    resources=(
        Resource(name="9-8-8 Suicide Crisis Helpline", contact="Call or text 9-8-8", region="Canada"),
        Resource(name="Emergency services", contact="911", details="When a life is in danger"),
    ),
)


# Debian's Chromium for the tests that need a real browser, and the flags it needs here: headless,
# as root, and with nothing reaching out to the network.
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# The installed command, beside this Python.
COMMAND = Path(sys.executable).parent / "ketaquiz"


def read_until(fd: int, marker: bytes, seen: bytearray, timeout: float = 10.0) -> bytes:
    deadline = time.monotonic() + timeout
    while marker not in seen:
        read_more(fd, seen, deadline, waiting_for=marker)
    return bytes(seen)


def read_more(fd: int, seen: bytearray, deadline: float, *, waiting_for: object) -> None:
    """Add what the process writes next to `seen`; fail once `deadline` passes or output ends."""
    remaining = deadline - time.monotonic()
    assert remaining > 0, f"timed out waiting for {waiting_for!r}; got {bytes(seen)[-500:]!r}"
    ready, _, _ = select.select([fd], [], [], remaining)
    if ready:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # a pty reports EIO once the process has gone
            chunk = b""
        assert chunk, f"output ended before {waiting_for!r}; got {bytes(seen)[-500:]!r}"
        seen.extend(chunk)


def set_size(fd: int, columns: int, rows: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


@contextlib.contextmanager
def in_terminal(
    args: list[str], columns: int = 80, rows: int | None = None
) -> Iterator[tuple[subprocess.Popen[bytes], int, bytearray]]:
    """The installed command on a pseudo-terminal: the process, the terminal's end, and what it has shown.

    With `rows` the terminal itself has the size, as a resizable window does; without, the size is
    given by COLUMNS and LINES."""
    parent, child = pty.openpty()
    if rows is None:
        environment = {**os.environ, "COLUMNS": str(columns), "LINES": "30"}
    else:
        set_size(child, columns, rows)
        environment = {name: value for name, value in os.environ.items() if name not in ("COLUMNS", "LINES")}
    process = subprocess.Popen(
        [str(COMMAND), *args],
        stdin=child,
        stdout=child,
        stderr=child,
        close_fds=True,
        start_new_session=True,  # the terminal is the process's own, as in a real session
        env={**environment, "TERM": "xterm"},
    )
    os.close(child)
    try:
        yield process, parent, bytearray()
    finally:
        process.kill()
        process.wait()
        os.close(parent)


def open_workshop(terminal: int, seen: bytearray) -> None:
    """Enter at the workshop's title screen."""
    read_until(terminal, b"Enter starts", seen)
    os.write(terminal, b"\n")


# What a person sees on a terminal: a pseudo-terminal's output played into a terminal emulator
# (pyte), read back as the screen's lines, and replies given to whichever prompt shows next.


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
