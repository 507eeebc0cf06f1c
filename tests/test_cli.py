"""The commands through click's front door: options, answers on stdin, messages and exit codes."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner, Result

from ketaquiz import __version__
from ketaquiz.cli import cli
from tests.helpers import SMALL_BANK, WriteBank


def run(runner: CliRunner, args: list[str], stdin: str | None = None) -> Result:
    result = runner.invoke(cli, args, input=stdin)
    assert "Traceback" not in result.output
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def statements_asked(output: str) -> list[str]:
    return re.findall(r"Statement \d+ of \d+", output)


def test_play_in_order_grades_each_answer_and_scores(runner: CliRunner, write_bank: WriteBank) -> None:
    result = run(runner, ["play", "--bank", write_bank(), "--in-order"], "f\nf\nf\n")
    assert result.exit_code == 0
    out = result.stdout
    assert statements_asked(out) == ["Statement 1 of 3", "Statement 2 of 3", "Statement 3 of 3"]
    assert out.count("✔ Right — it is a FACT") == 2
    assert out.count("✘ Not quite — it is a MYTH") == 1
    assert "Score: 2/3" in out
    assert "Statements to look at again" in out and "Ketamine has no addiction risk." in out
    assert "“Originally developed as an anesthetic”" in out and "— Test article" in out
    assert "What the wider evidence says: It is a controlled substance." in out


def test_play_re_asks_after_a_reply_that_is_not_an_answer(runner: CliRunner, write_bank: WriteBank) -> None:
    result = run(runner, ["play", "--bank", write_bank(), "--in-order", "-n", "1"], "maybe\n\nyes\n F \n")
    assert result.exit_code == 0
    assert result.stdout.count("Type m for myth or f for fact (q quits).") == 3
    assert "maybe" not in result.stdout, "an unrecognised reply is not echoed back"
    assert "Score: 1/1" in result.stdout


@pytest.mark.parametrize("stdin", ["f\nq\n", "f\nquit\n", "f\n"])
def test_quit_or_end_of_input_ends_with_the_partial_score(runner: CliRunner, write_bank: WriteBank, stdin: str) -> None:
    result = run(runner, ["play", "--bank", write_bank(), "--in-order"], stdin)
    assert result.exit_code == 0
    assert len(statements_asked(result.stdout)) == 2
    assert "Score: 1/1 (100%) — stopped after 1 of 3 statements" in result.stdout


def test_a_seed_gives_the_same_quiz_every_time(runner: CliRunner) -> None:
    # Unrecorded, so that "Last time" does not differ between the runs.
    first = run(runner, ["play", "--seed", "42", "-n", "5", "--no-history"], "f\n" * 5)
    again = run(runner, ["play", "--seed", "42", "-n", "5", "--no-history"], "f\n" * 5)
    other = run(runner, ["play", "--seed", "43", "-n", "5", "--no-history"], "f\n" * 5)
    assert first.stdout == again.stdout
    assert first.stdout != other.stdout
    assert statements_asked(first.stdout)[-1] == "Statement 5 of 5"


def test_tags_filter_the_quiz_and_an_unknown_tag_is_a_usage_error(runner: CliRunner, write_bank: WriteBank) -> None:
    result = run(runner, ["play", "--bank", write_bank(), "--tag", "addiction"], "m\n")
    assert statements_asked(result.stdout) == ["Statement 1 of 1"]
    assert "Ketamine has no addiction risk." in result.stdout
    result = run(runner, ["play", "--bank", write_bank(), "--tag", "nope"])
    assert result.exit_code == 2
    assert "no statement is tagged nope; tags in this bank: addiction, history" in result.stderr


def test_the_bank_can_come_from_the_environment(
    runner: CliRunner, write_bank: WriteBank, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KETAQUIZ_BANK", write_bank())
    assert "Test bank" in run(runner, ["list"]).stdout
    assert "bank.yaml: valid — 3 statements (1 myth, 2 facts)" in run(runner, ["validate"]).stdout


def test_list_shows_every_statement_in_full(runner: CliRunner, write_bank: WriteBank) -> None:
    result = run(runner, ["list", "--bank", write_bank()])
    assert result.exit_code == 0
    flat = " ".join(result.stdout.replace("│", " ").split())
    for statement in (
        "Ketamine was first developed as an anesthetic.",
        "Ketamine has no addiction risk.",
        "A [bold]statement[/] with [red]markup",
    ):
        assert statement in flat
    assert "MYTH" in result.stdout


def test_list_hide_answers_and_tag(runner: CliRunner, write_bank: WriteBank) -> None:
    result = run(runner, ["list", "--bank", write_bank(), "--hide-answers", "--tag", "history"])
    assert result.exit_code == 0
    assert "MYTH" not in result.stdout and "FACT" not in result.stdout
    assert "id:" not in result.stdout and "origin" not in result.stdout
    assert "1 statement, drawn from: Test article" in result.stdout


def test_validate_reports_every_problem_and_exits_1(runner: CliRunner, write_bank: WriteBank) -> None:
    path = write_bank(SMALL_BANK.replace("answer: myth", "answer: no").replace("tags: [history]", "tags: x"))
    result = run(runner, ["validate", path])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {path}:13: question 'origin': 'tags' must be a list, like [a, b], found 'x'",
        f"Error: {path}:16: question 'addiction': 'answer: no' is read by YAML as true/false; write myth or fact",
    ]
    assert result.stdout == ""


def test_validate_the_bundled_bank(runner: CliRunner) -> None:
    result = run(runner, ["validate"])
    assert result.exit_code == 0
    assert re.search(r"questions.yaml: valid — \d+ statements \(\d+ myths, \d+ facts\)", result.stdout)


FAILURES = [
    # (args, stdin, exit code, text expected on stderr)
    (["play", "--bank", "missing.yaml"], None, 1, "Error: missing.yaml: no such file; check the path"),
    (["list", "--bank", "missing.yaml"], None, 1, "Error: missing.yaml: no such file"),
    (["validate", "missing.yaml"], None, 1, "Error: missing.yaml: no such file"),
    (["play", "-n", "0"], None, 2, "Invalid value for '-n' / '--count': 0 is not in the range x>=1."),
    (["play", "-n", "lots"], None, 2, "'lots' is not a valid integer"),
    (["play", "--seed", "x"], None, 2, "'x' is not a valid integer"),
    (["play", "--colour"], None, 2, "No such option '--colour'. Did you mean '--count'?"),
    (["plya"], None, 2, "No such command 'plya'"),
    (["list", "--tag", "nope"], None, 2, "no statement is tagged nope"),
]


@pytest.mark.parametrize(("args", "stdin", "code", "message"), FAILURES)
def test_failures_give_one_clear_message_and_the_documented_exit_code(
    runner: CliRunner, args: list[str], stdin: str | None, code: int, message: str
) -> None:
    result = run(runner, args, stdin)
    assert result.exit_code == code
    assert message in result.stderr


def test_a_bad_bank_in_play_is_exit_1_with_the_line(runner: CliRunner, write_bank: WriteBank) -> None:
    path = write_bank(SMALL_BANK.replace("    answer: myth", "    anwser: myth"))
    result = run(runner, ["play", "--bank", path], "f\n")
    assert result.exit_code == 1
    assert (
        f"Error: {path}:16: question 'addiction': unknown key 'anwser' in question 2; did you mean 'answer'?"
        in result.stderr.splitlines()
    )
    assert "Statement" not in result.stdout


def test_version_comes_from_the_package(runner: CliRunner) -> None:
    result = run(runner, ["--version"])
    assert result.stdout == f"ketaquiz {__version__}\n"


@pytest.mark.parametrize("args", [["-h"], ["--help"], ["play", "-h"], ["list", "--help"], ["validate", "-h"]])
def test_help_is_available_everywhere(runner: CliRunner, args: list[str]) -> None:
    result = run(runner, args)
    assert result.exit_code == 0
    assert "Usage: " in result.stdout
