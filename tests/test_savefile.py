"""The --save file of `present`: every reveal kept, every failure seen, two workshops on one
file, a killed workshop's results, and nothing but a save file read or written."""

from __future__ import annotations

import json
import os
import re
import select
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ketaquiz.bank import parse_bank
from ketaquiz.cli import cli
from ketaquiz.present.savefile import NotSaved, SessionFile
from ketaquiz.saveformat import MAX_SAVE_BYTES
from ketaquiz.votes import Reveal, Tally
from tests.helpers import (
    COMMAND,
    SMALL_BANK,
    WriteBank,
    bank_of,
    fill,
    in_terminal,
    limited_environment,
    limits,
    open_workshop,
    read_until,
)

BANK = parse_bank(SMALL_BANK, "bank.yaml")
ORIGIN, ADDICTION, MARKUP = BANK.questions
NOT_SAVING = b"Results are NOT being saved: No space left on device"


def home() -> Path:
    return Path(os.environ["KETAQUIZ_HOME"])


def saved(path: Path) -> list[dict[str, Any]]:
    sessions: list[dict[str, Any]] = json.loads(path.read_text())["sessions"]
    return sessions


def reveal(position: int, question: Any, tally: Tally | None = None) -> Reveal:
    return Reveal(position, question, tally, "2026-01-01T00:00:00+00:00")


def journals(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.journal"))


def test_each_reveal_is_journalled_at_once_and_the_workshop_joins_the_file_at_its_end(tmp_path: Path) -> None:
    path = tmp_path / "workshop.json"
    path.write_text(json.dumps({"format": "ketaquiz-present", "version": 1, "sessions": [{"started": "earlier"}]}))
    before = path.read_bytes()
    reveals = [reveal(1, ORIGIN, Tally(2, 8)), reveal(2, ADDICTION), reveal(3, MARKUP, Tally(0, 0))]
    lines = []
    with SessionFile(str(path), bank_path="bank.yaml", started="2026-01-01T09:00:00+00:00") as saving:
        for count in range(1, 4):
            saving.save(reveals[:count])
            (journal,) = journals(tmp_path)
            lines.append(len(journal.read_text().splitlines()))
            assert path.read_bytes() == before, "the series file is not rewritten at every reveal"
        assert saving.finish(reveals) == []
    assert lines == [2, 3, 4], "the journal's first line says whose it is; then one line per reveal"
    assert journals(tmp_path) == []
    earlier, mine = saved(path)
    assert earlier == {"started": "earlier"} and mine["started"] == "2026-01-01T09:00:00+00:00"
    assert mine["results"][0] == {
        "position": 1,
        "id": "origin",
        "statement": ORIGIN.statement,
        "verdict": "fact",
        "myth_votes": 2,
        "fact_votes": 8,
        "share_right": 0.8,
        "phones": None,
        "hands": {"myth": 2, "fact": 8},
        "phone_languages": None,
        "revealed_at": "2026-01-01T00:00:00+00:00",
    }
    assert [result["myth_votes"] for result in mine["results"]] == [2, None, 0]


def test_a_workshop_that_revealed_nothing_adds_no_empty_session(
    runner: CliRunner, write_bank: WriteBank, tmp_path: Path
) -> None:
    path = tmp_path / "workshop.json"
    for _ in range(2):
        result = runner.invoke(cli, ["present", "--bank", write_bank(), "--save", str(path)], input="q\n")
        assert result.exit_code == 0
    assert os.listdir(tmp_path) == ["bank.yaml"], "no file, no journal, no lock left"


def test_a_failed_last_write_leaves_the_file_as_it_was_and_the_results_go_beside_the_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "workshop.json"
    with SessionFile(str(path), bank_path="bank.yaml") as first:
        first.finish([reveal(1, ORIGIN, Tally(1, 2))])
    before = path.read_bytes()
    with SessionFile(str(path), bank_path="bank.yaml") as second:
        second.save([reveal(1, ORIGIN)])
        real_fsync = os.fsync

        def fsync_fails_for_the_series(descriptor: int) -> None:
            if Path(f"/proc/self/fd/{descriptor}").resolve().parent == tmp_path:
                raise OSError(28, "No space left on device")
            real_fsync(descriptor)

        monkeypatch.setattr(os, "fsync", fsync_fails_for_the_series)
        with pytest.raises(NotSaved) as refused:
            second.finish([reveal(1, ORIGIN), reveal(2, ADDICTION)])
    assert path.read_bytes() == before
    assert sorted(entry for entry in os.listdir(tmp_path) if not entry.endswith(".lock")) == [
        "ketaquiz-home",
        "workshop.json",
    ], "no temporary file, no journal left"
    (recovery,) = home().glob("unsaved-workshop-*.json")
    ((line, (detail,)),) = refused.value.reports()
    assert line == f"{path}: this workshop's results are NOT saved in it: No space left on device"
    assert detail == f"the 2 results were written to {recovery} instead, a save file of their own"
    assert [len(session["results"]) for session in saved(recovery)] == [2]


def test_a_file_that_is_not_a_save_file_is_never_overwritten(
    runner: CliRunner, write_bank: WriteBank, tmp_path: Path
) -> None:
    for content in ("not json", '{"some": "other file"}', "[1, 2]"):
        path = tmp_path / "notes.json"
        path.write_text(content)
        result = runner.invoke(cli, ["present", "--bank", write_bank(), "--save", str(path)], input="\n")
        assert result.exit_code == 1
        assert (
            result.stderr
            == f"Error: {path}: exists and is not a ketaquiz present save file; choose another file name\n"
        )
        assert path.read_text() == content


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("missing/workshop.json", "cannot be written: No such file or directory"),
        ("/dev/full", "is a device, a pipe or a socket, not a file; give the name of a file"),
        ("/dev/zero", "is a device, a pipe or a socket, not a file; give the name of a file"),
        ("pipe", "is a device, a pipe or a socket, not a file; give the name of a file"),
        ("huge.json", "is larger than the 64 MiB limit for a save file; start a new one with --save OTHER.json"),
    ],
    ids=["missing folder", "/dev/full", "/dev/zero", "named pipe", "over the size limit"],
)
def test_only_a_save_file_is_read_and_anything_else_stops_the_workshop_before_it_begins(
    write_bank: WriteBank, tmp_path: Path, where: str, message: str
) -> None:
    os.mkfifo(tmp_path / "pipe")
    with open(tmp_path / "huge.json", "wb") as huge:
        huge.truncate(MAX_SAVE_BYTES + 1)  # sparse: no disk used
    path = where if where.startswith("/") else str(tmp_path / where)
    done = subprocess.run(
        [str(COMMAND), "present", "--bank", write_bank(), "--save", path],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=30,
    )
    assert (done.returncode, done.stderr.decode()) == (1, f"Error: {path}: {message}\n")
    assert b"Statement 1" not in done.stdout


def test_save_to_the_terminal_itself_is_refused_without_reading_the_keyboard(write_bank: WriteBank) -> None:
    with in_terminal(["present", "--bank", write_bank(), "--save", "/dev/stdout"]) as (process, terminal, seen):
        read_until(terminal, b"is a device, a pipe or a socket, not a file", seen)
        assert process.wait(timeout=10) == 1


class Presenter:
    """The installed `ketaquiz present` with its replies piped in one at a time, as a facilitator gives them."""

    def __init__(self, args: list[str], *, max_file_size: int | None = None) -> None:
        self.process = subprocess.Popen(
            [str(COMMAND), "present", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            preexec_fn=limits(file_size=max_file_size),
            env=limited_environment(file_size=max_file_size),
        )
        self.seen = bytearray()

    def until(self, marker: bytes) -> bytes:
        """What was shown up to `marker`, waiting for it; what was read before is forgotten."""
        assert self.process.stdout is not None
        read_until(self.process.stdout.fileno(), marker, self.seen, timeout=30)
        shown = bytes(self.seen[: self.seen.index(marker) + len(marker)])
        del self.seen[: len(shown)]
        return shown

    def enter(self, line: bytes = b"") -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + b"\n")
        self.process.stdin.flush()

    def end(self) -> tuple[int, str]:
        rest, errors = self.process.communicate(timeout=30)
        self.seen.extend(rest)
        return self.process.returncode, errors.decode()


@pytest.fixture
def presenters() -> Iterator[list[Presenter]]:
    started: list[Presenter] = []
    yield started
    for presenter in started:
        if presenter.process.poll() is None:
            presenter.process.kill()
        presenter.process.communicate()


# Ids as long as a bank allows, so that results soon fill the last block the journal has on disk.
LONG_IDS = bank_of(12).replace("id: q", "id: " + "x" * 240 + "-q")
# Room for the journal's first line and not one result more: a disk full from the first reveal.
FIRST_LINE_ONLY = 300


def reveal_all(room: Presenter, count: int) -> list[bool]:
    """From the first statement on screen, reveal every one; for each, whether the prompt after
    the reveal, and the next statement's, said that saving fails."""
    said = []
    for statement in range(1, count + 1):
        room.enter()
        after_reveal = room.until(b"Enter for the summary" if statement == count else b"Enter for the next statement")
        room.enter()
        above_next = statement == count or NOT_SAVING in room.until(b"Enter reveals the verdict")
        said.append(after_reveal.count(NOT_SAVING) == 1 and above_next)
    return said


def filled_under_a_workshop(
    write_bank: WriteBank, disk: Path, presenters: list[Presenter]
) -> tuple[Presenter, Path, Path]:
    """A workshop saving to `disk`, its first statement on screen; then the disk fills up. The
    workshop, its save file, and the filler to remove to make room."""
    path = disk / "s.json"
    room = Presenter(["--bank", write_bank(LONG_IDS), "--in-order", "--save", str(path)])
    presenters.append(room)
    assert NOT_SAVING not in room.until(b"Enter reveals the verdict")
    return room, path, fill(disk)


def test_a_full_disk_is_said_above_every_prompt_and_the_results_go_beside_the_history(
    write_bank: WriteBank, small_disk: Path, presenters: list[Presenter]
) -> None:
    room, path, _ = filled_under_a_workshop(write_bank, small_disk, presenters)
    said = reveal_all(room, 12)
    # The first results still fit in the disk block the journal already has; then saving fails.
    assert said[-1] and said == sorted(said), "once a save fails, every prompt says so to the end"
    status, errors = room.end()
    assert b"12 of 12 statements revealed" in room.seen
    (recovery,) = home().glob("unsaved-workshop-*.json")
    assert (status, errors) == (
        1,
        f"Error: {path}: this workshop's results are NOT saved in it: No space left on device\n"
        f"  the 12 results were written to {recovery} instead, a save file of their own\n",
    )
    assert [len(session["results"]) for session in saved(recovery)] == [12]
    assert not path.exists() and journals(small_disk) == []


def test_saving_that_comes_back_catches_up_and_the_line_goes(
    write_bank: WriteBank, small_disk: Path, presenters: list[Presenter]
) -> None:
    room, path, filler = filled_under_a_workshop(write_bank, small_disk, presenters)
    revealed, failing = 0, False
    while not failing and revealed < 11:
        room.enter()
        revealed += 1
        failing = NOT_SAVING in room.until(b"Enter for the next statement")
        room.enter()
        room.until(b"Enter reveals the verdict")
    assert failing, "the disk filled up"
    filler.unlink()
    room.enter()
    assert NOT_SAVING not in room.until(b"Enter for the next statement"), "the next save took every reveal"
    room.enter(b"q")
    assert room.end() == (0, "")
    (session,) = saved(path)
    assert [result["position"] for result in session["results"]] == list(range(1, revealed + 2))


def test_on_a_terminal_the_line_stays_on_the_painted_screen(write_bank: WriteBank, tmp_path: Path) -> None:
    args = ["present", "--bank", write_bank(), "--in-order", "-n", "1", "--save", str(tmp_path / "s.json")]
    with in_terminal(args, 80, 24, max_file_size=FIRST_LINE_ONLY) as (process, terminal, seen):
        open_workshop(terminal, seen)
        read_until(terminal, b"Enter reveals the verdict", seen)
        assert NOT_SAVING not in seen
        os.write(terminal, b"\r")
        read_until(terminal, b"Enter for the summary", seen)
        drain(terminal, seen, seconds=1.0)  # the screen is painted again as time passes
        frames = bytes(seen).split(b"\x1b[H")[-3:-1]  # each frame is painted from the top-left corner
        assert len(frames) == 2 and all(
            NOT_SAVING.replace(b"No space left on device", b"File too large") in frame for frame in frames
        ), frames
        os.write(terminal, b"\r")
        read_until(terminal, b"NOT saved in it", seen)
        assert process.wait(timeout=10) == 1


def drain(fd: int, seen: bytearray, *, seconds: float) -> None:
    """Read what a terminal shows for `seconds`."""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            seen.extend(os.read(fd, 65536))


def test_when_nothing_can_be_written_the_summary_is_what_is_left(
    write_bank: WriteBank, tmp_path: Path, presenters: list[Presenter]
) -> None:
    path = tmp_path / "s.json"
    room = Presenter(
        ["--bank", write_bank(), "--in-order", "-n", "1", "--save", str(path)], max_file_size=FIRST_LINE_ONLY
    )
    presenters.append(room)
    room.until(b"Enter reveals the verdict")
    room.enter(b"\n")  # reveal, then the summary
    status, errors = room.end()
    assert b"1 of 1 statement revealed" in room.seen and b"Results are NOT being saved: File too large" in room.seen
    recovery = re.escape(str(home() / "unsaved-workshop-")) + r"[0-9TZ]+-[0-9a-f]{6}\.json"
    assert status == 1
    assert re.fullmatch(
        re.escape(f"Error: {path}: this workshop's results are NOT saved in it: File too large\n")
        + "  nor could the 1 result be written to "
        + recovery
        + re.escape(" (File too large); the summary above lists them\n"),
        errors,
    ), errors


def test_two_workshops_saving_to_one_file_both_keep_their_sessions(
    write_bank: WriteBank, tmp_path: Path, presenters: list[Presenter]
) -> None:
    path = tmp_path / "series.json"
    bank = write_bank()
    first = Presenter(["--bank", bank, "--in-order", "-n", "2", "--save", str(path)])
    second = Presenter(["--bank", bank, "--in-order", "-n", "1", "--save", str(path)])
    presenters.extend([first, second])
    first.until(b"Enter reveals the verdict")
    second.until(b"Enter reveals the verdict")
    first.enter()
    first.until(b"Enter for the next statement")
    second.enter()
    second.until(b"Enter for the summary")
    second.enter()
    assert second.end() == (0, "")
    assert [len(session["results"]) for session in saved(path)] == [1]
    first.enter()
    first.until(b"Enter reveals the verdict")
    first.enter()
    first.until(b"Enter for the summary")
    first.enter()
    assert first.end() == (0, "")
    assert [len(session["results"]) for session in saved(path)] == [1, 2], "the second workshop's session is kept"


def test_a_killed_workshop_leaves_its_results_for_the_next_to_add(
    write_bank: WriteBank, tmp_path: Path, presenters: list[Presenter]
) -> None:
    path = tmp_path / "series.json"
    killed = Presenter(["--bank", write_bank(bank_of(5)), "--in-order", "--save", str(path)])
    presenters.append(killed)
    for _ in range(2):
        killed.until(b"Enter reveals the verdict")
        killed.enter()
        killed.until(b"Enter for the next statement")
        killed.enter()
    killed.process.send_signal(signal.SIGKILL)
    killed.process.wait(timeout=10)
    (journal,) = journals(tmp_path)
    later = subprocess.run(
        [str(COMMAND), "present", "--bank", write_bank(), "-n", "1", "--save", str(path)],
        input=b"\n\n\n",
        capture_output=True,
        timeout=30,
    )
    assert (later.returncode, later.stderr) == (0, b"")
    started = re.search(r"\(started\s+([^)]+)\)", later.stdout.decode())
    assert started is not None
    note = (
        f"Warning: the results of a workshop stopped before its end (started {started[1]}) were found in "
        f"{journal} and added to {path}"
    )
    assert "".join(note.split()) in "".join(later.stdout.decode().split()), "said on screen, however it wraps"
    assert [(session["started"], len(session["results"])) for session in saved(path)][:1] == [(started[1], 2)]
    assert [len(session["results"]) for session in saved(path)] == [2, 1]
    assert journals(tmp_path) == []
