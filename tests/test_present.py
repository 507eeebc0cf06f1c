"""Workshop mode: tallies and shares, the summary order, key handling, and saving after every reveal."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rich.console import Console

from ketaquiz.bank import Answer, parse_bank
from ketaquiz.cli import cli
from ketaquiz.files import WriteError
from ketaquiz.present.loop import Settings, Workshop, run_workshop
from ketaquiz.present.savefile import SessionFile, saver
from ketaquiz.quiz import Reveal, Step, Tally, most_misunderstood_first, read_reveal_reply
from tests.helpers import SMALL_BANK, WriteBank

BANK = parse_bank(SMALL_BANK, "bank.yaml")
ORIGIN, ADDICTION, MARKUP = BANK.questions  # fact, myth, fact


@pytest.mark.parametrize(
    ("typed", "tallying", "meaning"),
    [
        ("", True, Step.REVEAL),
        ("\n", True, Step.REVEAL),
        ("12 5", True, Tally(12, 5)),
        (" 3,4 ", True, Tally(3, 4)),
        ("0 0", True, Tally(0, 0)),
        ("q", True, Step.QUIT),
        ("QUIT", False, Step.QUIT),
        ("12", True, Step.INVALID),
        ("1 2 3", True, Step.INVALID),
        ("a b", True, Step.INVALID),
        ("-1 4", True, Step.INVALID),
        ("１ ２", True, Step.INVALID),
        ("100001 0", True, Step.INVALID),
        ("12 5", False, Step.REVEAL),
        ("anything", False, Step.REVEAL),
    ],
)
def test_reveal_replies(typed: str, tallying: bool, meaning: object) -> None:
    assert read_reveal_reply(typed, tallying=tallying) == meaning


def _outcome(position: int, question: object, tally: Tally | None) -> Reveal:
    return Reveal(position, question, tally, "2026-01-01T00:00:00+00:00")  # type: ignore[arg-type]


def test_share_right_counts_the_votes_for_the_verdict() -> None:
    assert _outcome(1, ADDICTION, Tally(12, 4)).share_right == 0.75
    assert _outcome(1, ORIGIN, Tally(12, 4)).share_right == 0.25
    assert _outcome(1, ORIGIN, Tally(0, 0)).share_right is None
    assert _outcome(1, ORIGIN, None).share_right is None


def test_summary_puts_the_most_misunderstood_first_and_untallied_last() -> None:
    outcomes = [
        _outcome(1, ORIGIN, Tally(1, 9)),  # 90% right
        _outcome(2, ADDICTION, None),
        _outcome(3, MARKUP, Tally(7, 3)),  # 30% right
        _outcome(4, ADDICTION, Tally(5, 5)),  # 50% right
    ]
    assert [outcome.position for outcome in most_misunderstood_first(outcomes)] == [3, 4, 1, 2]


TALLYING = Settings(tallying=True)


def run_present(lines: list[str], save: object = None, settings: Settings = TALLYING) -> tuple[Workshop, str]:
    feed = iter(lines)
    console = Console(file=io.StringIO(), width=80, color_system=None)
    workshop = run_workshop(
        console,
        BANK.questions,
        source_title="Test article",
        read_line=lambda: next(feed, None),
        read_keys=None,
        settings=settings,
        clock=lambda: "2026-01-01T00:00:00+00:00",
        save=save,  # type: ignore[arg-type]
    )
    return workshop, console.file.getvalue()  # type: ignore[attr-defined]


def test_a_whole_workshop_with_tallies() -> None:
    workshop, output = run_present(["2 8\n", "\n", "oops\n", "9 1\n", "\n", "\n"])
    assert [(o.question.id, o.tally) for o in workshop.reveals] == [
        ("origin", Tally(2, 8)),
        ("addiction", Tally(9, 1)),
        ("markup", None),
    ]
    assert "Type two numbers, the votes for myth then for fact (like 12 5), or just Enter." in output
    assert "The room: 2 myth · 8 fact — 80% right" in output
    assert "The room: 9 myth · 1 fact — 90% right" in output
    summary = output[output.index("Most misunderstood first") :]
    assert summary.index("Ketamine was first developed") < summary.index("Ketamine has no addiction risk.")
    assert "3 of 3 statements revealed" in summary


def test_no_verdict_is_shown_before_the_reveal() -> None:
    _, output = run_present(["q\n"])
    assert "FACT" not in output
    assert "Statement 1 of 3" in output


def test_quitting_before_any_reveal_says_so_in_one_line() -> None:
    """It printed a summary's heading over nothing and said twice that nothing was revealed."""
    _, output = run_present(["q\n"])
    after = output[output.index("Votes?") :].splitlines()[1:]
    assert after == ["The workshop ended before any statement was revealed."]
    assert "Most misunderstood first" not in output and "0 of 3" not in output


def test_quit_after_a_reveal_keeps_what_was_revealed() -> None:
    workshop, output = run_present(["3 1\n", "q\n"])
    assert len(workshop.reveals) == 1 and not workshop.interrupted
    assert "1 of 3 statements revealed" in output


def test_saving_happens_after_every_reveal_and_the_file_is_always_valid(tmp_path: Path) -> None:
    path = tmp_path / "workshop.json"
    session = SessionFile(str(path), "2026-01-01T09:00:00+00:00", "bank.yaml")
    snapshots: list[dict[str, Any]] = []

    def save(outcomes: Sequence[Reveal]) -> None:
        session.save(outcomes)
        snapshots.append(json.loads(path.read_text()))

    run_present(["2 8\n", "\n", "\n", "\n", "q\n"], save=save)
    assert [len(s["sessions"][0]["results"]) for s in snapshots] == [1, 2]
    assert snapshots[-1]["sessions"][0]["results"][0] == {
        "position": 1,
        "id": "origin",
        "verdict": "fact",
        "myth_votes": 2,
        "fact_votes": 8,
        "share_right": 0.8,
        "revealed_at": "2026-01-01T00:00:00+00:00",
    }
    assert snapshots[-1]["sessions"][0]["results"][1]["myth_votes"] is None


def test_an_interrupted_write_leaves_the_previous_file_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "workshop.json"
    session = SessionFile(str(path), "2026-01-01T09:00:00+00:00", "bank.yaml")
    session.save([_outcome(1, ORIGIN, Tally(1, 2))])
    before = path.read_bytes()

    def crash(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(WriteError, match="No space left on device"):
        session.save([_outcome(1, ORIGIN, Tally(1, 2)), _outcome(2, ADDICTION, None)])
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["workshop.json"], "no temporary file is left behind"


def test_a_later_session_is_added_to_the_same_save_file(tmp_path: Path) -> None:
    path = tmp_path / "workshop.json"
    SessionFile(str(path), "first", "bank.yaml").save([_outcome(1, ORIGIN, None)])
    SessionFile(str(path), "second", "bank.yaml").save([])
    assert [s["started"] for s in json.loads(path.read_text())["sessions"]] == ["first", "second"]


@pytest.mark.parametrize("content", ["not json", '{"some": "other file"}', "[1, 2]"])
def test_a_file_that_is_not_a_save_file_is_never_overwritten(
    runner: CliRunner, write_bank: WriteBank, tmp_path: Path, content: str
) -> None:
    path = tmp_path / "notes.json"
    path.write_text(content)
    result = runner.invoke(cli, ["present", "--bank", write_bank(), "--save", str(path)], input="\n")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}: exists and is not a ketaquiz present save file; choose another file name\n"
    assert path.read_text() == content


def test_present_through_the_cli_with_tally_and_save(runner: CliRunner, write_bank: WriteBank, tmp_path: Path) -> None:
    path = tmp_path / "out" / "workshop.json"
    path.parent.mkdir()
    args = ["present", "--bank", write_bank(), "--in-order", "--tally", "--save", str(path)]
    result = runner.invoke(cli, args, input="5 5\n\n1 9\n\n\n")
    assert result.exit_code == 0, result.output
    saved = json.loads(path.read_text())
    assert saved["format"] == "ketaquiz-present"
    assert [r["share_right"] for r in saved["sessions"][0]["results"]] == [0.5, 0.1, None]
    assert "Most misunderstood first" in result.stdout


def test_present_save_into_a_missing_folder_fails_before_the_workshop(
    runner: CliRunner, write_bank: WriteBank, tmp_path: Path
) -> None:
    path = tmp_path / "missing" / "workshop.json"
    result = runner.invoke(cli, ["present", "--bank", write_bank(), "--save", str(path)], input="\n")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}: cannot be written: No such file or directory\n"
    assert "Statement 1" not in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["present", "--timer", "0"], "0 is not in the range 0<x<=3600"),
        (["present", "--timer", "soon"], "'soon' is not a valid float"),
    ],
)
def test_present_usage_errors(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_answers_are_a_myth_or_fact_verdict_in_block_letters() -> None:
    _, output = run_present(["\n", "q\n"], settings=Settings())
    assert "█████   ███    ████  █████" in output  # FACT
    assert Answer.FACT.value.upper() in output


def test_a_save_that_fails_mid_workshop_is_warned_of_and_the_workshop_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warnings: list[str] = []
    save = saver(str(tmp_path / "workshop.json"), started="start", bank_path="bank.yaml", warn=warnings.append)

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    workshop, _ = run_present(["\n", "\n", "\n", "\n", "\n"], save=save)
    assert len(workshop.reveals) == 3
    expected = f"{tmp_path / 'workshop.json'}: cannot be written: No space left on device (the workshop goes on)"
    assert warnings[0] == expected
