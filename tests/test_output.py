"""A standard output that cannot be written (a full disk, /dev/full): one line, status 1, and
the work done all the same — `play` still records the session."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from ketaquiz.bank import load_bank
from ketaquiz.cli import cli
from tests.helpers import COMMAND, WriteBank

FIRST_ID = load_bank().questions[0].id
FULL = "Error: standard output cannot be written: No space left on device; free some space, or send it elsewhere\n"


def into_dev_full(args: list[str], stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    if not os.path.exists("/dev/full"):
        pytest.skip("needs /dev/full, a device every write to fails with 'No space left on device'")
    with open("/dev/full", "wb") as full:
        return subprocess.run([str(COMMAND), *args], input=stdin, stdout=full, stderr=subprocess.PIPE, timeout=60)


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["list"],
        ["list", "--full"],
        ["show", FIRST_ID],
        ["schema"],
        ["validate"],
        ["stats"],
        ["history"],
        ["export", "--format", "csv"],
        ["play", "--help"],
    ],
    ids=" ".join,
)
def test_every_command_says_in_one_line_that_its_output_could_not_be_written(args: list[str]) -> None:
    assert cli.commands.keys() >= {"list", "show", "schema", "validate", "stats", "history", "export"}
    done = into_dev_full(args)
    assert (done.returncode, done.stderr.decode()) == (1, FULL)


def test_play_into_a_full_output_still_records_the_session(write_bank: WriteBank) -> None:
    done = into_dev_full(["play", "--bank", write_bank(), "--in-order"], b"f\nm\nf\n")
    assert (done.returncode, done.stderr.decode()) == (1, FULL)
    recorded = subprocess.run([str(COMMAND), "history"], capture_output=True, text=True, timeout=60, check=True)
    assert recorded.stdout.startswith("1 session recorded in ")


def test_present_into_a_full_output_still_saves_its_results(write_bank: WriteBank, tmp_path: Path) -> None:
    save = tmp_path / "workshop.json"
    done = into_dev_full(["present", "--bank", write_bank(), "--in-order", "--save", str(save)], b"\n" * 8)
    assert (done.returncode, done.stderr.decode()) == (1, FULL)
    assert save.read_text().count('"verdict"') == 3
