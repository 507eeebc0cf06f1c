"""The learner's session from end to end: the opening, progress, hints, the end, and the plain variant."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from ketaquiz.play import near_miss
from tests.helpers import SMALL_BANK, WriteBank, play

# The small bank with help resources, and its addiction passage marked as an overclaim.
HELPED_BANK = SMALL_BANK.replace(
    "questions:\n",
    "resources:\n"
    "  - name: Crisis line\n"
    "    region: Canada\n"
    "    contact: Call or text 9-8-8\n"
    "    details: Any time.\n"
    "  - name: Emergency services\n"
    "    contact: Call 911\n"
    "questions:\n",
).replace(
    '    passage: It is "not considered addictive" by some-but regulators disagree.\n',
    '    passage: It is "not considered addictive" by some-but regulators disagree.\n    passage_role: overclaim\n',
)


def test_a_plain_session_is_linear_text_with_everything_in_reading_order(
    runner: CliRunner, write_bank: WriteBank
) -> None:
    path = write_bank(HELPED_BANK)
    out = play(runner, ["--bank", path, "--in-order", "-n", "2", "--plain"], "f\nmyht\nn\nf\n")
    assert out == (
        "Test bank\n"
        "2 statements from: Test article. Where it claims more than the evidence supports, the statement corrects it.\n"
        "Answer m (myth) or f (fact); q quits.\n"
        "\n"
        "If you are struggling or in crisis, help is available:\n"
        "Crisis line (Canada): Call or text 9-8-8.\n"
        "Emergency services: Call 911.\n"
        "\n"
        "Statement 1 of 2\n"
        "Ketamine was first developed as an anesthetic.\n"
        "Myth or fact? [m/f, q to quit] fact\n"
        "Right — it is a FACT\n"
        "It was made in 1962 as an anesthetic.\n"
        "\n"
        "From the article:\n"
        "“Originally developed as an anesthetic”\n"
        "— Test article\n"
        "\n"
        "Statement 2 of 2 — 1/1 right\n"
        "Ketamine has no addiction risk.\n"
        "Myth or fact? [m/f, q to quit]\n"
        "Answer myth? [Y/n] no\n"
        "Myth or fact? [m/f, q to quit] fact\n"
        "Not quite — it is a MYTH\n"
        "Regulators treat it as a drug of abuse.\n"
        "\n"
        "The article claims (more than the evidence supports):\n"
        '“It is "not considered addictive" by some-but regulators disagree.”\n'
        "— Test article\n"
        "\n"
        "What the wider evidence says: It is a controlled substance.\n"
        "Source: DEA 1999\n"
        "\n"
        "Statements to look at again:\n"
        "Ketamine has no addiction risk. — verdict: MYTH\n"
        "\n"
        "If you are struggling or in crisis, help is available:\n"
        "Crisis line (Canada): Call or text 9-8-8. Any time.\n"
        "Emergency services: Call 911.\n"
        "\n"
        "Score: 1/2 (50%)\n"
        f"Review them with: ketaquiz play --missed --bank {path}\n"
    )


def test_a_dumb_terminal_gets_the_plain_text_too(runner: CliRunner, write_bank: WriteBank) -> None:
    path = write_bank(HELPED_BANK)
    args = ["--bank", path, "--in-order", "-n", "2", "--no-history"]
    plain = play(runner, [*args, "--plain"], "f\nm\n")
    assert play(runner, args, "f\nm\n", env={"TERM": "dumb"}) == plain
    assert play(runner, args, "f\nm\n", env={"KETAQUIZ_PLAIN": "1"}) == plain
    drawn = play(runner, args, "f\nm\n")
    assert "╭" in drawn and "•" in drawn and "✔" in drawn
    assert not {"╭", "│", "•", "✔", "✘", "█"} & set(plain)


def test_the_opening_says_how_it_went_last_time_and_a_review_is_offered(
    runner: CliRunner, write_bank: WriteBank
) -> None:
    path = write_bank()
    first = play(runner, ["--bank", path, "--in-order", "--plain"], "f\nf\nf\n")
    assert "Last time" not in first
    assert "3 statements from: Test article." in first
    assert "Score: 2/3 (67%)" in first
    assert f"Review them with: ketaquiz play --missed --bank {path}" in first
    review = play(runner, ["--bank", path, "--missed"], "m\n")
    assert "Last time: 2/3 (67%)" in review
    assert "A review of the 1 statement you got wrong last time, from: Test article." in review
    assert "Score: 1/1 (100%) — every answer right" in review and "Review them with" not in review


def test_the_review_command_names_the_bank_only_when_it_was_named(
    runner: CliRunner, write_bank: WriteBank, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KETAQUIZ_BANK", write_bank())
    out = play(runner, ["--in-order", "-n", "2"], "f\nf\n")
    assert "Review them with: ketaquiz play --missed\n" in out
    unrecorded = play(runner, ["--in-order", "-n", "2", "--no-history"], "f\nf\n")
    assert "Review them with" not in unrecorded, "--missed could not find an unrecorded session"


def test_each_statement_title_shows_the_score_so_far(runner: CliRunner, write_bank: WriteBank) -> None:
    out = play(runner, ["--bank", write_bank(), "--in-order", "--plain"], "f\nf\nf\n")
    titles = [line for line in out.splitlines() if line.startswith("Statement ")]
    assert titles == ["Statement 1 of 3", "Statement 2 of 3 — 1/1 right", "Statement 3 of 3 — 1/2 right"]


@pytest.mark.parametrize(
    ("reply", "meant"),
    [("myht", "myth"), ("Mtyh", "myth"), ("fcat", "fact"), ("fat", "fact"), ("facts", "fact"), ("qiut", "quit")],
)
def test_near_misses_get_a_suggestion(reply: str, meant: str) -> None:
    assert near_miss(reply) == meant


@pytest.mark.parametrize("reply", ["", "x", "mf", "yes", "maybe", "true", "no idea"])
def test_other_replies_get_no_suggestion(reply: str) -> None:
    assert near_miss(reply) is None


def test_a_near_miss_is_not_counted(runner: CliRunner, write_bank: WriteBank) -> None:
    out = play(runner, ["--bank", write_bank(), "--in-order", "-n", "1", "--plain"], "fcat\nmyth\nf\n")
    assert out.count("Answer fact? [Y/n] myth") == 1
    assert "Score: 0/1 (0%)" in out, "'myth' was the answer; 'fcat' was only offered as 'fact'"


@pytest.mark.parametrize(("typed", "taken"), [("\n", "fact"), ("y\n", "fact"), ("YES\n", "fact"), ("m\n", "myth")])
def test_a_near_miss_is_offered_to_accept_with_enter(
    runner: CliRunner, write_bank: WriteBank, typed: str, taken: str
) -> None:
    """`myht` got "Did you mean myth?" and had to be typed again; the answer it meant is offered."""
    out = play(runner, ["--bank", write_bank(), "--in-order", "-n", "1", "--plain"], "fcat\n" + typed)
    assert f"Answer fact? [Y/n] {taken}\n" in out
    assert f"Score: {1 if taken == 'fact' else 0}/1" in out


def test_a_near_miss_declined_asks_again_and_quit_is_never_offered(runner: CliRunner, write_bank: WriteBank) -> None:
    out = play(runner, ["--bank", write_bank(), "--in-order", "-n", "1", "--plain"], "fcat\nn\nqiut\nf\n")
    assert "Answer fact? [Y/n] no\nMyth or fact?" in out
    assert "Did you mean quit? Type m for myth or f for fact (q quits)." in out, "quitting is never a default"
    assert "Score: 1/1" in out
