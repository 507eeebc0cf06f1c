"""`ketaquiz present` on a real pseudo-terminal of a projector's size: votes typed during the
countdown, and a resize mid-statement."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

from tests.helpers import WriteBank, in_terminal, read_until, set_size


def test_votes_typed_while_the_countdown_runs_are_that_statements_tally(write_bank: WriteBank, tmp_path: Path) -> None:
    save = tmp_path / "workshop.json"
    args = ["present", "--bank", write_bank(), "--in-order", "-n", "1", "--timer", "30", "--tally", "--save", str(save)]
    with in_terminal(args, 60, 20) as (process, terminal, seen):
        read_until(terminal, b"Discussion", seen)
        os.write(terminal, b"3 9")
        read_until(terminal, b"\x1b[1m3 9", seen)  # the typed votes, drawn in bold on the prompt's line
        os.write(terminal, b"\r")
        read_until(terminal, "The room: 3 myth · 9 fact — 75% right".encode(), seen)
        assert json.loads(save.read_text())["sessions"][0]["results"][0]["myth_votes"] == 3
        assert json.loads(save.read_text())["sessions"][0]["results"][0]["fact_votes"] == 9
        os.write(terminal, b"\r")  # after the last reveal, Enter for the summary
        read_until(terminal, b"1 of 1 statement revealed", seen)
        assert process.wait(timeout=10) == 0


def test_a_resized_terminal_is_laid_out_again(write_bank: WriteBank) -> None:
    args = ["present", "--bank", write_bank(), "--in-order", "--timer", "30"]
    with in_terminal(args, 80, 24) as (process, terminal, seen):
        read_until(terminal, b"Discussion", seen)
        read_until(terminal, ("╰" + "─" * 74 + "╯").encode(), seen)  # at 80 columns, the full measure
        seen.clear()
        set_size(terminal, 50, 16)
        process.send_signal(signal.SIGWINCH)
        read_until(terminal, ("╰" + "─" * 48 + "╯").encode(), seen)  # the whole width of 50 columns
        os.write(terminal, b"q\r")
        assert process.wait(timeout=10) == 0
