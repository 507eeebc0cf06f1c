"""The recap round: the statements asked again without reveals, each phone's two votes paired as
counts, the summary of before and after, a follow-up days later (--recap-only), and the save
file that keeps both rounds (version 2, reading version 1), whole even when a workshop is killed."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rich.console import Console

from ketaquiz.bank import Answer, parse_bank
from ketaquiz.cli import cli
from ketaquiz.live.room import Board, new_code
from ketaquiz.present.loop import EVERY_STATEMENT, Settings, Workshop, run_workshop
from ketaquiz.present.savefile import SessionFile
from ketaquiz.saveformat import Setup
from ketaquiz.votes import BeforeAfter, Changes, Join, Tally, for_recap, most_improved_first, overall_change
from tests.helpers import (
    COMMAND,
    SMALL_BANK,
    WriteBank,
    presented,
    read_until,
    save_document,
    saved_session,
    saved_votes,
)

BANK = parse_bank(SMALL_BANK, "bank.yaml")
ORIGIN, ADDICTION, MARKUP = BANK.questions  # fact, myth, fact
NOW = "2026-03-04T09:00:00+00:00"


def test_a_recap_asks_every_statement_or_those_the_room_got_most_wrong_in_the_order_shown() -> None:
    voted = [(ORIGIN, Tally(2, 8)), (ADDICTION, Tally(9, 1)), (MARKUP, None), (ORIGIN, Tally(7, 3))]
    assert for_recap(voted, None) == [ORIGIN, ADDICTION, MARKUP, ORIGIN]
    assert for_recap(voted, 1) == [ORIGIN]  # the last: 30% right
    assert for_recap(voted, 2) == [ORIGIN, ORIGIN]  # 80% and 30%, in the order shown
    assert for_recap(voted, 3) == [ORIGIN, ADDICTION, ORIGIN], "a statement without votes only after those with"


def test_before_and_after_most_improved_first_and_the_overall_change_compares_like_with_like() -> None:
    rows = [
        BeforeAfter("a", "A", Answer.FACT, Tally(6, 4), Tally(2, 8)),  # 40% -> 80%
        BeforeAfter("b", "B", Answer.MYTH, Tally(5, 5), Tally(9, 1)),  # 50% -> 90%
        BeforeAfter("c", "C", Answer.MYTH, Tally(1, 9), None),  # never asked again: left out of the overall
        BeforeAfter("d", "D", Answer.FACT, Tally(0, 4, 0, 3, 4), Tally(2, 2, 2, 0, 4)),  # 100% -> 50%
    ]
    assert [row.id for row in most_improved_first(rows)] == ["a", "b", "d", "c"]
    assert rows[0].change == pytest.approx(0.4) and rows[2].change is None
    before, after = overall_change(rows)
    assert before.right == pytest.approx((4 + 5 + 4) / 24) and after.right == pytest.approx((8 + 9 + 2) / 24)
    assert before.sure_wrong == 0.0 and after.sure_wrong == 0.5, "of the phone votes asked how sure"


def run_lines(lines: list[str], settings: Settings, *, width: int = 80) -> tuple[Workshop, str]:
    workshop, output = presented(lines, settings, width=width)
    return workshop, output


def from_line_of(marker: str, output: str) -> str:
    """The output from the line where `marker` is, each line without the spaces that pad it."""
    lines = output.splitlines()
    start = next(number for number, line in enumerate(lines) if marker in line)
    return "".join(line.rstrip() + "\n" for line in lines[start:])


RECAP = Settings(tallying=True, recap=EVERY_STATEMENT)
# Three reveals (Enter after each), then the recap's three counts.
WHOLE = ["2 8\n", "\n", "9 1\n", "\n", "5 5\n", "\n", "0 10\n", "8 2\n", "3 7\n"]


def test_the_recap_asks_again_without_reveals_then_shows_before_and_after() -> None:
    workshop, output = run_lines(WHOLE, RECAP)
    assert [(recall.question.id, recall.tally) for recall in workshop.recalls] == [
        ("origin", Tally(0, 10)),
        ("addiction", Tally(8, 2)),
        ("markup", Tally(3, 7)),
    ]
    assert "Enter for the recap" in output and "Recap 3 of 3" in output
    recap = output[output.index("Recap 1 of 3") :]
    assert "FACT" not in recap.split("Before → after")[0], "no verdict in the recap"
    assert from_line_of("Before → after", output) == (
        "                      Before → after, most improved first\n"
        "                                Right 73% → 83%.\n"
        "       First round: the room was right 73% of the time over 3 statements.\n"
        "  #  Statement                                     Verdict       Right  Change\n"
        "  ────────────────────────────────────────────────────────────────────────────\n"
        "  1  A [bold]statement[/] with [red]markup         FACT      50% → 70%     +20\n"
        "  2  Ketamine was first developed as an            FACT     80% → 100%     +20\n"
        "     anesthetic.\n"
        "  3  Ketamine has no addiction risk.               MYTH      90% → 80%     −10\n"
        "                         3 of 3 statements asked again\n"
    )


def test_the_recap_summary_stacks_below_72_columns_and_q_ends_the_recap_early() -> None:
    _, output = run_lines([*WHOLE[:7], "q\n"], Settings(tallying=True, recap=2), width=60)
    summary = from_line_of("Before → after", output)
    assert "1. Ketamine was first developed as an anesthetic.\n   FACT · 80% → 100% right (+20)\n" in summary
    assert "1 of 2 statements asked again" in summary


def test_q_at_the_recaps_opening_skips_it_and_the_usual_summary_follows(tmp_path: Path) -> None:
    """On a terminal the recap opens with its own screen; a printed one goes straight on."""
    _, output = run_lines(["2 8\n", "\n", "q\n"], RECAP)
    assert "Most misunderstood first" in output and "Before → after" not in output


def test_phones_pair_their_two_votes_as_counts_and_the_save_file_keeps_both_rounds(tmp_path: Path) -> None:
    code = new_code()
    board = Board(
        join=Join(code, (f"http://192.0.2.7:8765/j/{code}/",), ()), title="Test bank", resources=[], confidence=True
    )
    fact, myth = Answer.FACT, Answer.MYTH

    def voting(votes: list[tuple[str, Answer, bool]], position: int, line: str) -> Callable[[], str]:
        def cast() -> str:
            for participant, answer, sure in votes:
                assert board.vote(participant, position, answer, 100, sure=sure) is None
            return line

        return cast

    script = [
        voting([("p1", myth, False), ("p2", myth, True), ("p3", fact, True), ("p4", fact, False)], 1, "\n"),
        lambda: "\n",  # Enter for the recap
        voting([("p1", fact, False), ("p2", myth, True), ("p3", myth, False), ("p5", fact, False)], 1, "1 0\n"),
    ]
    path = tmp_path / "s.json"
    with SessionFile(str(path), bank_path="bank.yaml", setup=Setup(statements=1, confidence=True)) as saving:
        feed = iter(script)
        workshop = run_workshop(
            Console(file=io.StringIO(), width=80, color_system=None),
            [ORIGIN],
            source_title="Test article",
            read_line=lambda: next(feed, lambda: None)(),
            read_keys=None,
            settings=Settings(recap=EVERY_STATEMENT),
            room=board,
            save=saving.save,
            save_recap=saving.save_recap,
        )
        saving.finish(workshop.reveals)
    (recall,) = workshop.recalls
    # p1 wrong -> right, p2 wrong -> wrong, p3 right -> wrong; p4 did not vote again, p5 not the first time.
    assert recall.changes == Changes(wrong_to_right=1, right_to_wrong=1, right_to_right=0, wrong_to_wrong=1)
    (session,) = json.loads(path.read_text())["sessions"]
    assert (session["confidence"], session["ended"], session["statements"]) == (True, True, 1)
    first, again = session["results"][0], session["recap"]["results"][0]
    assert first["phones"] == {"myth": 2, "fact": 2, "sure_myth": 1, "sure_fact": 1} and first["hands"] is None
    assert again["phones"] == {"myth": 2, "fact": 2, "sure_myth": 1, "sure_fact": 0}
    assert again["hands"] == {"myth": 1, "fact": 0} and (again["myth_votes"], again["fact_votes"]) == (3, 2)
    assert again["changes"] == {"wrong_to_right": 1, "right_to_wrong": 1, "right_to_right": 0, "wrong_to_wrong": 1}
    assert session["recap"]["statements"] == 1
    ended = board.state_for(None)
    assert ended["recap_overall"] == "Right 50% → 40%; sure and wrong 25% → 25%."
    assert ended["recap"][0]["text"] == f"{ORIGIN.statement} — Fact: 50% → 40% right (−10)"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--recap"], "--recap and --recap-only count the room's votes: add --tally or --live"),
        (["--recap-only", "s.json"], "--recap and --recap-only count the room's votes: add --tally or --live"),
        (["--tally", "--recap-only", "s.json", "--save", "t.json"], "--recap-only saves to the file it reads"),
        (["--tally", "--recap-only", "s.json", "-n", "2"], "leave out -n, --seed, --tag and --in-order"),
        (["--tally", "--recap", "0"], "'0' is not a number of statements (1 or more)"),
        (["--tally", "--recap", "x"], "'x' is not a number of statements (1 or more)"),
    ],
    ids=["recap-without-votes", "recap-only-without-votes", "recap-only-with-save", "recap-only-with-n", "zero", "x"],
)
def test_recap_usage_errors(runner: CliRunner, write_bank: WriteBank, args: list[str], message: str) -> None:
    result = runner.invoke(cli, ["present", "--bank", write_bank(), *args], input="q\n")
    assert result.exit_code == 2, result.output
    assert message in result.stderr


def present(runner: CliRunner, args: list[str], stdin: str) -> str:
    result = runner.invoke(cli, ["present", *args], input=stdin)
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return result.stdout


def test_a_follow_up_asks_the_last_workshops_statements_again_and_joins_the_same_file(
    runner: CliRunner, write_bank: WriteBank, tmp_path: Path
) -> None:
    bank, path = write_bank(), str(tmp_path / "s.json")
    present(runner, ["--bank", bank, "--in-order", "--tally", "--save", path], "2 8\n\n9 1\n\n5 5\n\n")
    out = present(runner, ["--bank", bank, "--recap-only", path, "--tally", "--recap", "2"], "0 10\n3 7\n")
    workshop, follow_up = json.loads(Path(path).read_text())["sessions"]
    title = " ".join(out[: out.index("Recap 1 of 2")].replace("│", " ").split())
    assert f"A follow-up to the workshop of {workshop['started'][:10]}: 2 statements again, with no reveal." in title
    assert "Recap 2 of 2" in out and "Right 65% → 85%." in out  # the two the room got most wrong
    summary = out[out.index("Before → after") :]
    assert summary.index("A [bold]statement[/]") < summary.index("Ketamine was first developed")
    assert (follow_up["kind"], follow_up["follows"], follow_up["results"]) == ("follow-up", workshop["started"], [])
    assert [result["id"] for result in follow_up["recap"]["results"]] == ["origin", "markup"]


def test_a_follow_up_needs_a_workshop_it_can_ask_again(
    runner: CliRunner, write_bank: WriteBank, tmp_path: Path
) -> None:
    path = tmp_path / "s.json"
    path.write_text(save_document([]))
    result = runner.invoke(cli, ["present", "--bank", write_bank(), "--tally", "--recap-only", str(path)])
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {path}: holds no workshop with results to follow up; run present --save {path} first\n",
    )
    other = parse_bank(SMALL_BANK.replace("id: origin", "id: elsewhere"), "other.yaml").questions[0]
    path.write_text(save_document([saved_session([saved_votes(1, other, None, {"myth": 1, "fact": 1})])]))
    result = runner.invoke(cli, ["present", "--bank", write_bank(), "--tally", "--recap-only", str(path)])
    assert result.exit_code == 1 and "showed 'elsewhere', which" in result.stderr
    assert "name the workshop's bank with --bank" in result.stderr


def test_a_version_1_file_is_added_to_as_it_is_and_read_back(
    runner: CliRunner, write_bank: WriteBank, tmp_path: Path
) -> None:
    earlier = {
        "started": "2025-01-01T10:00:00+00:00",
        "bank": "old.yaml",
        "results": [
            {
                "position": 1,
                "id": "addiction",
                "verdict": "myth",
                "myth_votes": 3,
                "fact_votes": 1,
                "share_right": 0.75,
                "revealed_at": "2025-01-01T10:05:00+00:00",
            }
        ],
    }
    path = tmp_path / "s.json"
    path.write_text(save_document([earlier], version=1))
    bank = write_bank()
    present(runner, ["--bank", bank, "--in-order", "-n", "1", "--tally", "--save", str(path)], "1 1\n\n")
    saved = json.loads(path.read_text())
    assert saved["version"] == 2 and saved["sessions"][0] == earlier
    report = runner.invoke(cli, ["report", str(path), "--format", "json", "--bank", bank])
    assert report.exit_code == 0, report.output
    statements = {s["id"]: s for s in json.loads(report.stdout)["combined"]["statements"]}
    assert statements["addiction"]["statement"] == ADDICTION.statement, "a version 1 file's text comes from the bank"
    assert statements["addiction"]["before"]["myth"] == 3 and statements["origin"]["right_before"] == 0.5


def test_a_workshop_killed_in_its_recap_is_reported_as_far_as_it_went_and_said_to_be_cut_short(
    write_bank: WriteBank, tmp_path: Path
) -> None:
    path = tmp_path / "s.json"
    args = [str(COMMAND), "present", "--bank", write_bank(), "--in-order", "-n", "2", "--tally", "--recap"]
    process = subprocess.Popen([*args, "--save", str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert process.stdin is not None and process.stdout is not None
    seen = bytearray()
    for line, then in (
        ("1 3", b"Enter for the next"),
        ("", b"Votes?"),
        ("2 2", b"Enter for the recap"),
        ("", b"Recap 1"),
    ):
        process.stdin.write(line.encode() + b"\n")
        process.stdin.flush()
        read_until(process.stdout.fileno(), then, seen)
    process.stdin.write(b"0 4\n")
    process.stdin.flush()
    read_until(process.stdout.fileno(), b"Recap 2 of 2", seen)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    process.stdin.close()
    process.stdout.close()
    assert not path.exists(), "the workshop never reached its end: only its journal is there"
    done = subprocess.run([str(COMMAND), "report", str(path), "--format", "json"], capture_output=True, timeout=30)
    assert (done.returncode, done.stderr) == (0, b"")
    (workshop,) = json.loads(done.stdout)["workshops"]
    assert workshop["file"].endswith(".journal") and workshop["recapped"] == 1
    assert workshop["cut_short"] == [
        "It stopped before its end (killed or closed): what it recorded is shown.",
        "Its recap was cut short: 1 of 2 statements asked again.",
    ]
    first, second = workshop["statements"]
    assert (first["right_before"], first["right_after"], second["right_after"]) == (0.75, 1.0, None)


FOREIGN = "is not a save file of ketaquiz present; give the file that present --save wrote"
# The two commands that read a save file back: each checks it whole before using any of it.
READERS = [["present", "--tally", "--recap-only"], ["report", "--format", "csv"]]
NOT_AS_WRITTEN = "; this is not a save file as ketaquiz present writes it"


def result_with(**changed: Any) -> str:
    votes = saved_votes(1, ORIGIN, {"myth": 2, "fact": 1, "sure_myth": 1, "sure_fact": 0}, {"myth": 1, "fact": 0})
    return save_document([saved_session([{**votes, **changed}])])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", FOREIGN),
        ('{"format": "something else", "sessions": []}', FOREIGN),
        ("[1, 2]", FOREIGN),
        ("[" * 100_000, FOREIGN),
        (b"\xff\xfe{}", FOREIGN),
        ('{"format": "ketaquiz-present", "version": 99, "sessions": []}', "a newer ketaquiz wrote this save file"),
        ('{"format": "ketaquiz-present", "version": 2, "sessions": {}}', FOREIGN),
        ('{"format": "ketaquiz-present", "version": 2, "sessions": [7]}', "session 1: is not a JSON object"),
        (result_with(myth_votes=-1), "result 1: myth_votes is not a whole number from 0 to 10,000,000"),
        (result_with(myth_votes=True), "result 1: myth_votes is not a whole number"),
        (result_with(myth_votes=1e300), "result 1: myth_votes is not a whole number"),
        (
            result_with(myth_votes=4),
            "result 1: the phones' and hands' votes do not add up to myth_votes and fact_votes",
        ),
        (result_with(phones={"myth": 1, "fact": 1, "sure_myth": 2, "sure_fact": 0}), "phones: more were sure than"),
        (result_with(verdict="maybe"), 'result 1: verdict is neither "myth" nor "fact"'),
        (result_with(statement="x" * 10_001), "result 1: statement is not a text of at most 10,000 characters"),
        (result_with(changes=[1]), "result 1: changes is not a JSON object"),
    ],
    ids=[
        "not-json",
        "other-json",
        "a-list",
        "deeply-nested",
        "not-utf8",
        "newer",
        "sessions-not-a-list",
        "session-not-an-object",
        "negative",
        "a-boolean",
        "huge",
        "not-adding-up",
        "more-sure-than-voted",
        "no-verdict",
        "too-long",
        "changes-not-an-object",
    ],
)
@pytest.mark.parametrize("reading", READERS, ids=["follow-up", "report"])
def test_a_hostile_or_foreign_save_file_is_one_clear_line(
    tmp_path: Path, content: str | bytes, message: str, reading: list[str]
) -> None:
    path = tmp_path / "s.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    done = subprocess.run([str(COMMAND), *reading, str(path)], capture_output=True, timeout=30, text=True)
    assert done.returncode == 1 and done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"Error: {path}: ") and message in line, line
    assert (NOT_AS_WRITTEN in line) == ("result 1" in line or "session 1" in line)


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("missing.json", "no such file; give the file that present --save wrote"),
        ("/dev/zero", "is a device, a pipe or a socket, not a file; give the name of a file"),
    ],
    ids=["missing", "device"],
)
@pytest.mark.parametrize("reading", READERS, ids=["follow-up", "report"])
def test_what_is_not_a_file_is_refused_unread(tmp_path: Path, where: str, message: str, reading: list[str]) -> None:
    path = where if where.startswith("/") else str(tmp_path / where)
    done = subprocess.run([str(COMMAND), *reading, path], capture_output=True, timeout=30, text=True)
    assert (done.returncode, done.stderr) == (1, f"Error: {path}: {message}\n")


def test_present_refuses_to_add_to_a_file_a_newer_ketaquiz_wrote(
    runner: CliRunner, write_bank: WriteBank, tmp_path: Path
) -> None:
    path = tmp_path / "s.json"
    path.write_text('{"format": "ketaquiz-present", "version": 3, "sessions": []}')
    result = runner.invoke(cli, ["present", "--bank", write_bank(), "--save", str(path)], input="q\n")
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {path}: a newer ketaquiz wrote this save file (version 3); update ketaquiz\n",
    )
    assert sorted(os.listdir(tmp_path)) == ["bank.yaml", "s.json"], "nothing beside it: no journal, no lock"
