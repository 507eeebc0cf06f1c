"""`ketaquiz present` on a real pseudo-terminal of a projector's size: votes typed during the
countdown, and a resize mid-statement."""

from __future__ import annotations

import json
import os
import re
import signal
from pathlib import Path

import pytest

from tests.helpers import (
    WriteBank,
    in_terminal,
    on_screen,
    open_workshop,
    read_until,
    screen_lines,
    set_size,
    without_codes,
)


def test_votes_typed_while_the_countdown_runs_are_that_statements_tally(write_bank: WriteBank, tmp_path: Path) -> None:
    save = tmp_path / "workshop.json"
    args = ["present", "--bank", write_bank(), "--in-order", "-n", "1", "--timer", "30", "--tally", "--save", str(save)]
    with in_terminal(args, 60, 20) as (process, terminal, seen):
        open_workshop(terminal, seen)
        read_until(terminal, b"Discussion", seen)
        os.write(terminal, b"3 9")
        read_until(terminal, b"\x1b[1m3 9", seen)  # the typed votes, drawn in bold on the prompt's line
        os.write(terminal, b"\r")
        read_until(terminal, "The room: 3 myth · 9 fact — 75% right".encode(), seen)
        os.write(terminal, b"\r")  # after the last reveal, Enter for the summary
        read_until(terminal, b"1 of 1 statement revealed", seen)
        assert process.wait(timeout=10) == 0
    assert json.loads(save.read_text())["sessions"][0]["results"][0]["myth_votes"] == 3
    assert json.loads(save.read_text())["sessions"][0]["results"][0]["fact_votes"] == 9


def test_a_resized_terminal_is_laid_out_again(write_bank: WriteBank) -> None:
    args = ["present", "--bank", write_bank(), "--in-order", "--timer", "30"]
    with in_terminal(args, 80, 24) as (process, terminal, seen):
        open_workshop(terminal, seen)
        read_until(terminal, b"Discussion", seen)
        read_until(terminal, ("╰" + "─" * 74 + "╯").encode(), seen)  # at 80 columns, the full measure
        seen.clear()
        set_size(terminal, 50, 16)
        process.send_signal(signal.SIGWINCH)
        read_until(terminal, ("╰" + "─" * 48 + "╯").encode(), seen)  # the whole width of 50 columns
        os.write(terminal, b"q\r")
        assert process.wait(timeout=10) == 0


def test_the_room_first_sees_the_title_and_the_count_then_pages_are_numbered() -> None:
    """present opened on statement 1, and "Enter shows the rest" never said how much was left."""
    from ketaquiz.bank import load_bank
    from ketaquiz.wording import heading

    with in_terminal(["present", "-n", "4", "--seed", "7", "--tally"], 60, 20) as (process, terminal, seen):
        read_until(terminal, b"Enter starts", seen)
        assert on_screen(heading(load_bank(None, if_missing=""))[:25], seen, 60, 20)
        assert on_screen("4 statements", seen, 60, 20) and not on_screen("Statement 1", seen, 60, 20)
        os.write(terminal, b"\n")
        read_until(terminal, b"Votes?", seen)
        os.write(terminal, b"3 9\n")
        read_until(terminal, b"Enter shows the rest", seen)
        assert re.search(r"^1/\d  Enter shows the rest", screen_lines(seen, 60, 20)[-1]), screen_lines(seen, 60, 20)
        os.write(terminal, b"q\n")
        read_until(terminal, b"Most misunderstood first", seen)
        os.write(terminal, b"\n" * 5)  # through the summary's pages
        assert process.wait(timeout=10) == 0


def test_ctrl_c_prints_the_summary_whole_with_the_help_lines_and_exits_130() -> None:
    """After Ctrl-C the summary still paged, and a second Ctrl-C lost the help lines."""
    from ketaquiz.bank import load_bank

    last_help = load_bank(None, if_missing="").resources[-1].name.encode()
    with in_terminal(["present", "-n", "4", "--seed", "7", "--tally"], 60, 20) as (process, terminal, seen):
        read_until(terminal, b"Enter starts", seen)
        os.write(terminal, b"\n")
        read_until(terminal, b"Votes?", seen)
        os.write(terminal, b"3 9\n")
        read_until(terminal, b"Enter shows the rest", seen)
        process.send_signal(signal.SIGINT)
        read_until(terminal, last_help, seen)
        assert process.wait(timeout=10) == 130
    after = without_codes(seen[seen.index(b"Most misunderstood first") :])
    assert "Enter shows the rest" not in after, "nothing more is asked"
    assert "The room was right 25% of the time over 1 statement." in " ".join(after.split())


@pytest.mark.parametrize(("key", "status"), [(b"q\n", 0), (None, 130)], ids=["q", "ctrl-c"])
def test_quitting_before_any_reveal_is_one_line_then_the_help(key: bytes | None, status: int) -> None:
    from ketaquiz.bank import load_bank

    bundled = load_bank(None, if_missing="")
    with in_terminal(["present", "-n", "4", "--seed", "7"], 80, 24) as (process, terminal, seen):
        read_until(terminal, b"Enter starts", seen)
        os.write(terminal, b"\n")
        read_until(terminal, b"Enter reveals", seen)
        if key is None:
            process.send_signal(signal.SIGINT)
        else:
            os.write(terminal, key)
        read_until(terminal, bundled.resources[-1].name.encode(), seen)
        assert process.wait(timeout=10) == status
    shown = [line for line in screen_lines(seen, 80, 24) if line.strip()]
    assert shown[0] == "The workshop ended before any statement was revealed."
    assert shown[1] == "If you are struggling or in crisis, help is available:"
    assert "Most misunderstood" not in without_codes(seen)
