"""Workshop mode: tallies and shares, the summary order, key handling, and saving after every reveal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ketaquiz.bank import Answer, parse_bank
from ketaquiz.cli import cli
from ketaquiz.present.loop import Settings, Workshop
from ketaquiz.votes import Reveal, Step, Tally, most_misunderstood_first, read_reveal_reply
from tests.helpers import SMALL_BANK, WriteBank, presented

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
    workshop, output = presented(lines, settings, save=save)
    return workshop, output


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
