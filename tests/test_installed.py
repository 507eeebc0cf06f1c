"""The installed `ketaquiz` command as a real process: pipes, signals and a real terminal."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import WriteBank, bank_of

COMMAND = Path(sys.executable).parent / "ketaquiz"


@pytest.fixture(scope="module", autouse=True)
def installed() -> None:
    assert COMMAND.exists(), f"install ketaquiz first (pip install -e '.[test]'): {COMMAND} is missing"


def read_until(fd: int, marker: bytes, seen: bytearray, timeout: float = 10.0) -> bytes:
    deadline = time.monotonic() + timeout
    while marker not in seen:
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"timed out waiting for {marker!r}; got {bytes(seen)[-500:]!r}"
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # a pty reports EIO once the process has gone
                chunk = b""
            assert chunk, f"output ended before {marker!r}; got {bytes(seen)[-500:]!r}"
            seen.extend(chunk)
    return bytes(seen)


def set_size(fd: int, columns: int, rows: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


@contextlib.contextmanager
def in_terminal(
    args: list[str], columns: int = 80, rows: int | None = None, *, open_files: int | None = None
) -> Iterator[tuple[subprocess.Popen[bytes], int, bytearray]]:
    """The installed command on a pseudo-terminal: the process, the terminal's end, and what it has shown.

    With `rows` the terminal itself has the size, as a resizable window does; without, the size is
    given by COLUMNS and LINES. With `open_files`, the command may open no more files than that
    (soft and hard limits, as a shell's `ulimit -n` sets them)."""
    parent, child = pty.openpty()
    if rows is None:
        environment = {**os.environ, "COLUMNS": str(columns), "LINES": "30"}
    else:
        set_size(child, columns, rows)
        environment = {name: value for name, value in os.environ.items() if name not in ("COLUMNS", "LINES")}
    command = [str(COMMAND), *args]
    if open_files is not None:
        command = ["sh", "-c", f'ulimit -n {open_files} && exec "$0" "$@"', *command]
    process = subprocess.Popen(
        command,
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


def test_piped_answers_drive_a_whole_quiz_without_colour_codes(write_bank: WriteBank) -> None:
    done = subprocess.run(
        [str(COMMAND), "play", "--bank", write_bank(), "--in-order"],
        input=b"f\nm\nf\n",
        capture_output=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    assert b"Score: 3/3" in done.stdout
    assert b"\x1b" not in done.stdout, "no colour or cursor codes when stdout is not a terminal"
    assert done.stderr == b""


def test_ctrl_c_mid_quiz_shows_the_partial_score_and_exits_130(write_bank: WriteBank) -> None:
    process = subprocess.Popen(
        [str(COMMAND), "play", "--bank", write_bank(), "--in-order"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdin is not None and process.stdout is not None
    seen = bytearray()
    read_until(process.stdout.fileno(), b"Myth or fact?", seen)
    process.stdin.write(b"f\n")
    process.stdin.flush()
    read_until(process.stdout.fileno(), b"Statement 2 of 3", seen)
    read_until(process.stdout.fileno(), b"Myth or fact?", seen)
    process.send_signal(signal.SIGINT)
    rest, errors = process.communicate(timeout=10)
    assert process.returncode == 130
    assert b"Score: 1/1 (100%) \xe2\x80\x94 interrupted after 1 of 3 statements" in bytes(seen) + rest
    assert b"Traceback" not in errors + rest
    history = Path(os.environ["KETAQUIZ_HOME"]) / "history.jsonl"
    assert len(history.read_text().splitlines()) == 1, "an interrupted session is still recorded"


def test_a_reader_that_stops_early_is_not_an_error(write_bank: WriteBank) -> None:
    # Far more output than a pipe holds, so the writer meets the closed pipe.
    process = subprocess.Popen(
        [str(COMMAND), "list", "--bank", write_bank(bank_of(600))], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    with process.stdout, process.stderr:
        process.stdout.read(10)
        process.stdout.close()
        errors = process.stderr.read()
    assert process.wait(timeout=10) == 0
    assert errors == b""


def test_a_reader_that_stops_early_is_not_an_error_in_play_either(write_bank: WriteBank) -> None:
    # play draws through Rich, which ends with status 1 on a closed pipe unless told otherwise.
    answers = b"m\n" * 600
    process = subprocess.Popen(
        [str(COMMAND), "play", "--no-history", "--bank", write_bank(bank_of(600))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdin is not None and process.stdout is not None and process.stderr is not None
    with process.stdin, process.stdout, process.stderr:
        process.stdin.write(answers)
        process.stdin.close()
        process.stdout.read(10)
        process.stdout.close()
        errors = process.stderr.read()
    assert process.wait(timeout=30) == 0
    assert errors == b""


def test_python_dash_m_is_the_same_command() -> None:
    done = subprocess.run([sys.executable, "-m", "ketaquiz", "--version"], capture_output=True, timeout=30)
    assert done.returncode == 0
    from ketaquiz import __version__

    assert done.stdout.decode() == f"ketaquiz {__version__}\n"


def start(terminal: int, seen: bytearray) -> None:
    """Read the opening, then press Enter to start."""
    read_until(terminal, b"Press Enter to start", seen)
    os.write(terminal, b"\n")


def test_a_real_terminal_waits_for_enter_to_start(write_bank: WriteBank) -> None:
    with in_terminal(["play", "--bank", write_bank(), "--in-order"], columns=40) as (process, terminal, seen):
        read_until(terminal, b"Press Enter to start, or q to quit.", seen)
        assert b"3 statements from: Test" in seen
        assert b"Statement 1" not in seen, "the first statement waits for Enter"
        os.write(terminal, b"q\n")
        assert process.wait(timeout=10) == 0
    assert b"Score" not in seen, "quitting before the first statement is not a session"
    assert not (Path(os.environ["KETAQUIZ_HOME"]) / "history.jsonl").exists()


def test_a_real_terminal_waits_for_enter_between_statements(write_bank: WriteBank) -> None:
    with in_terminal(["play", "--bank", write_bank(), "--in-order"], columns=60) as (process, parent, seen):
        start(parent, seen)
        read_until(parent, b"Myth or fact?", seen)
        os.write(parent, b"f\n")
        read_until(parent, b"Press Enter for the next statement", seen)
        assert b"Statement 2 of 3" not in seen, "the next statement waits for Enter"
        # The verdict is said again just above the prompt, where a long explanation cannot scroll it away.
        last_lines = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", seen).splitlines()[-3:]
        assert any(b"Right \xe2\x80\x94 it is a FACT" in line for line in last_lines), last_lines
        assert b"\x1b[" in seen, "a terminal gets colour"
        os.write(parent, b"\n")
        read_until(parent, b"Statement 2 of 3 \xe2\x80\x94 1/1 right", seen)
        read_until(parent, b"Myth or fact?", seen)
        os.write(parent, b"q\n")
        read_until(parent, b"Score:", seen)
        assert process.wait(timeout=10) == 0


def test_ctrl_c_at_the_enter_prompt_of_a_terminal_exits_130(write_bank: WriteBank) -> None:
    with in_terminal(["play", "--bank", write_bank(), "--in-order"], columns=40) as (process, parent, seen):
        start(parent, seen)
        read_until(parent, b"Myth or fact?", seen)
        os.write(parent, b"m\n")
        read_until(parent, b"Press Enter for the next", seen)
        process.send_signal(signal.SIGINT)
        read_until(parent, b"Review them with", seen)
        assert b"interrupted after" in seen
        assert process.wait(timeout=10) == 130
        assert b"Traceback" not in seen


def test_present_timer_counts_down_and_enter_skips_it(write_bank: WriteBank) -> None:
    with in_terminal(["present", "--bank", write_bank(), "--in-order", "--timer", "30"]) as (process, terminal, seen):
        read_until(terminal, b"Discussion", seen)
        os.write(terminal, b"\n")  # skips the 30 seconds
        read_until(terminal, b"Enter reveals the verdict", seen, timeout=5)
        os.write(terminal, b"\n")
        read_until(terminal, b"FACT", seen)
        os.write(terminal, b"q\n")
        read_until(terminal, b"1 of 3 statements revealed", seen)
        assert process.wait(timeout=10) == 0


def test_ctrl_c_in_present_shows_the_summary_and_exits_130(write_bank: WriteBank, tmp_path: Path) -> None:
    save = tmp_path / "workshop.json"
    args = ["present", "--bank", write_bank(), "--in-order", "--tally", "--save", str(save)]
    with in_terminal(args, columns=40) as (process, terminal, seen):
        read_until(terminal, b"Votes?", seen)
        os.write(terminal, b"4 6\n")
        read_until(terminal, b"Enter for the next", seen)
        process.send_signal(signal.SIGINT)
        read_until(terminal, b"1 of 3 statements", seen)
        assert process.wait(timeout=10) == 130
        assert b"Traceback" not in seen
        assert json.loads(save.read_text())["sessions"][0]["results"][0]["share_right"] == 0.6


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["play", "--help"], ["export", "--help"]])
def test_starting_up_imports_neither_rich_nor_yaml(args: list[str]) -> None:
    probe = (
        "import sys\n"
        "from ketaquiz.cli import cli\n"
        f"cli.main({args!r}, standalone_mode=False)\n"
        "print(sorted({name.split('.')[0] for name in sys.modules} & {'rich', 'yaml'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=30, check=True)
    assert done.stdout.splitlines()[-1] == "[]"


def test_no_color_in_a_terminal_keeps_styles_but_drops_colours(
    write_bank: WriteBank, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    with in_terminal(["play", "--bank", write_bank(), "--in-order", "-n", "1"]) as (process, terminal, seen):
        start(terminal, seen)
        read_until(terminal, b"Myth or fact?", seen)
        os.write(terminal, b"f\n")
        read_until(terminal, b"Every answer right.", seen)
        assert process.wait(timeout=10) == 0
    assert b"\x1b[1m" in seen, "bold still marks the statement"
    colours = re.findall(rb"\x1b\[[0-9;]*(?:3[0-7]|38;[0-9;]+|9[0-7])m", bytes(seen))
    assert colours == []


def test_a_plain_terminal_gets_no_escape_codes_at_all(write_bank: WriteBank) -> None:
    args = ["play", "--bank", write_bank(), "--in-order", "-n", "1", "--plain"]
    with in_terminal(args, columns=40) as (process, terminal, seen):
        start(terminal, seen)
        read_until(terminal, b"Myth or fact?", seen)
        os.write(terminal, b"f\n")
        read_until(terminal, b"Every answer right.", seen)
        assert process.wait(timeout=10) == 0
    assert b"\x1b" not in seen, "no colour, no bold, no cursor movement"
    # Broken between words at the terminal's width, so a braille display never shows half a word.
    assert re.search(rb"Statement 1 of 1\r\nKetamine was first developed as an *\r\nanesthetic\.\r\n", seen)
