"""`ketaquiz play` as a learner sees it on a real terminal of 80×24 and 40×24: the opening before
Enter, the verdict in pages that keep the statement in view, and the score on screen at the end."""

from __future__ import annotations

import os
import subprocess

import pytest

from ketaquiz.bank import load_bank
from ketaquiz.quiz import Selection, choose
from ketaquiz.wording import heading
from tests.helpers import (
    COMMAND,
    SMALL_BANK,
    WriteBank,
    in_terminal,
    next_prompt,
    on_screen,
    read_until,
    screen_lines,
    without_codes,
)

# The first statement's explanation runs to many lines, and its evidence after it.
LONG_EXPLANATION = "It was made in 1962 as an anesthetic. " + " ".join(
    f"Sentence {number} of a long explanation." for number in range(2, 40)
)
LONG_BANK = SMALL_BANK.replace(
    "explanation: It was made in 1962 as an anesthetic.",
    f"explanation: {LONG_EXPLANATION}\n    evidence:\n      note: {'A note. ' * 30}\n      sources: [One, Two]",
)

START, ANSWER = b"Press Enter to start", b"Myth or fact?"
MORE, NEXT, SCORE = b"Enter shows the rest", b"Press Enter for the next statement", b"Press Enter for your score"


def play_through(terminal: int, seen: bytearray, answer: bytes) -> list[bytes]:
    """Start, give `answer` to every statement and Enter at every other prompt, up to the score:
    the prompts met, in order."""
    met: list[bytes] = []
    position = 0
    while not met or met[-1] != SCORE:
        prompt, position = next_prompt(terminal, seen, (START, ANSWER, MORE, NEXT, SCORE), position)
        met.append(prompt)
        os.write(terminal, answer + b"\n" if prompt == ANSWER else b"\n")
    return met


def test_at_80x24_the_score_is_on_screen_when_the_quiz_ends() -> None:
    """It scrolled away under the missed statements and the help lines, with no pause before them."""
    with in_terminal(["play", "-n", "6", "--seed", "21", "--no-history"], 80, 24) as (process, terminal, seen):
        met = play_through(terminal, seen, b"m")
        assert process.wait(timeout=10) == 0
        read_until(terminal, b"Score:", seen)
    assert met.count(ANSWER) == 6 and met[-1] == SCORE, "the last answer waits for Enter like every other"
    shown = [line for line in screen_lines(seen, 80, 24) if line]
    assert shown[-1].startswith("Score: ") and "/6 (" in shown[-1], shown


def test_at_40x24_the_opening_is_on_screen_before_enter_and_h_lists_the_help() -> None:
    bundled = load_bank(None, if_missing="")
    with in_terminal(["play", "--no-history"], 40, 24) as (process, terminal, seen):
        read_until(terminal, START, seen)
        for text in (heading(bundled)[:30], "Answer m (myth) or f (fact)", "h shows where", "Press Enter to start"):
            assert on_screen(text, seen, 40, 24), (text, screen_lines(seen, 40, 24))
        os.write(terminal, b"h\n")
        read_until(terminal, bundled.resources[-1].name.encode(), seen)
        read_until(terminal, START, seen, timeout=5)
        os.write(terminal, b"q\n")
        assert process.wait(timeout=10) == 0


def test_at_40x24_the_verdict_pages_with_the_statement_verdict_and_explanation_on_the_first(
    write_bank: WriteBank,
) -> None:
    """The 31-line panel lost its verdict and the start of its explanation off the top of the screen."""
    args = ["play", "--bank", write_bank(LONG_BANK), "--in-order", "-n", "1", "--no-history"]
    with in_terminal(args, 40, 24) as (process, terminal, seen):
        read_until(terminal, START, seen)
        os.write(terminal, b"\n")
        read_until(terminal, ANSWER, seen)
        os.write(terminal, b"f\n")
        read_until(terminal, MORE, seen)
        first = screen_lines(seen, 40, 24)
        for text in ("Statement 1 of 1", "Ketamine was first developed", "✔ Right — it is a FACT", "It was made in"):
            assert any(text in line for line in first), (text, first)
        assert any(line.startswith("1/") and "Enter shows the rest" in line for line in first), first
        met = play_through(terminal, seen, b"f")
        assert process.wait(timeout=10) == 0
    assert met[-1] == SCORE and len(met) >= 2
    assert "✔ Right — it is a FACT · 2/" in without_codes(seen), "each page is titled with the verdict"


def test_plain_on_a_terminal_says_the_verdict_once(write_bank: WriteBank) -> None:
    """A screen reader read the verdict twice: above the explanation and again by the prompt."""
    args = ["play", "--bank", write_bank(), "--in-order", "-n", "2", "--plain", "--no-history"]
    with in_terminal(args, 80, 24) as (process, terminal, seen):
        play_through(terminal, seen, b"f")
        assert process.wait(timeout=10) == 0
    assert bytes(seen).count("Right — it is a FACT".encode()) == 1
    assert bytes(seen).count("Not quite — it is a MYTH".encode()) == 1


@pytest.mark.parametrize(
    ("args", "answers"),
    [(["play", "-n", "6", "--seed", "3"], b"m\n" * 6), (["stats"], b""), (["play", "-n", "2", "--plain"], b"f\nm\n")],
    ids=["play", "stats", "play --plain"],
)
def test_piped_output_has_no_spaces_at_the_ends_of_lines(args: list[str], answers: bytes) -> None:
    subprocess.run([str(COMMAND), "play", "-n", "4", "--seed", "1"], input=b"m\n" * 4, capture_output=True, check=True)
    done = subprocess.run([str(COMMAND), *args], input=answers, capture_output=True, timeout=30, check=True)
    padded = [line for line in done.stdout.decode().splitlines() if line != line.rstrip()]
    assert padded == []
    assert b"Score: " in done.stdout or b"Seen 4 of" in done.stdout


def test_a_review_of_missed_statements_says_so() -> None:
    bundled = load_bank(None, if_missing="")
    selection = Selection(count=3, seed=5)
    chosen = choose(bundled.questions, selection.rng(), selection)
    answers = "".join("f\n" if question.answer.value == "myth" else "m\n" for question in chosen).encode()
    subprocess.run([str(COMMAND), "play", "-n", "3", "--seed", "5"], input=answers, capture_output=True, check=True)
    done = subprocess.run([str(COMMAND), "play", "--missed"], input=b"q\n", capture_output=True, timeout=30, check=True)
    assert b"A review of the 3 statements you got wrong last time" in done.stdout
