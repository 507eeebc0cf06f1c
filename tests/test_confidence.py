"""How sure a learner is: asked after each answer in `play --confidence`, said back kindly when
sure and wrong, marked with certainty-based marks under `--marks`, kept in the history, and
brought first by `stats` and `play --missed`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from ketaquiz import history, progress, wording
from ketaquiz.bank import Answer, parse_bank
from ketaquiz.cli import cli
from ketaquiz.quiz import MARKS, Result, marks, score
from ketaquiz.votes import Tally
from ketaquiz.wording import room as room_wording
from tests.helpers import (
    SMALL_BANK,
    WriteBank,
    in_terminal,
    next_prompt,
    opened_database,
    play,
    read_until,
    screen_lines,
    without_codes,
)

BANK = parse_bank(SMALL_BANK, "bank.yaml")
ORIGIN, ADDICTION, MARKUP = BANK.questions  # fact, myth, fact


@pytest.mark.parametrize(
    ("given", "sure", "expected"),
    [
        (Answer.FACT, True, 2),
        (Answer.MYTH, True, -2),
        (Answer.FACT, False, 1),
        (Answer.MYTH, False, 0),
        (Answer.FACT, None, 1),  # not asked: marked as not sure
    ],
    ids=["sure-right", "sure-wrong", "unsure-right", "unsure-wrong", "not-asked"],
)
def test_certainty_based_marks(given: Answer, sure: bool | None, expected: int) -> None:
    assert marks(Result(ORIGIN, given, sure)) == expected


def test_saying_sure_pays_only_above_two_chances_in_three() -> None:
    """The scheme's point: a learner who knows how well they know scores best by telling the truth."""

    def expected(sure: bool, chance: float) -> float:
        return chance * MARKS[sure, True] + (1 - chance) * MARKS[sure, False]

    assert expected(True, 0.6) < expected(False, 0.6)
    assert expected(True, 2 / 3) == pytest.approx(expected(False, 2 / 3))
    assert expected(True, 0.7) > expected(False, 0.7)


def test_a_score_adds_up_its_marks_and_the_room_counts_who_was_sure_and_wrong() -> None:
    results = [Result(ORIGIN, Answer.FACT, True), Result(ADDICTION, Answer.FACT, True), Result(MARKUP, Answer.FACT)]
    assert score(results, 3).marks == 2 - 2 + 1
    assert wording.marks_line(score(results, 3)) == "Marks: 1 of a possible 6"
    phones = Tally(4, 6, sure_myths=3, sure_facts=1, asked_sure=10)
    assert phones.sure_wrong(Answer.FACT) == 3 and phones.share_sure_wrong(Answer.FACT) == 0.3
    assert (phones + Tally(2, 0)).share_right(Answer.FACT) == 0.5, "hand votes count, but were not asked how sure"
    assert (phones + Tally(2, 0)).share_sure_wrong(Answer.FACT) == 0.3
    assert Tally(4, 6).share_sure_wrong(Answer.FACT) is None
    assert room_wording.sure_wrong_line(phones, Answer.FACT) == "3 were sure it was a myth"
    assert room_wording.sure_wrong_line(Tally(0, 1, 0, 1, 1), Answer.MYTH) == "1 was sure it was a fact"
    assert room_wording.sure_wrong_line(Tally(1, 0, 1, 0, 1), Answer.MYTH) == "No one was sure it was a fact"
    assert room_wording.sure_wrong_line(Tally(1, 0), Answer.MYTH) is None


def test_confidence_and_marks_in_plain_text(runner: CliRunner, write_bank: WriteBank) -> None:
    args = ["--bank", write_bank(), "--in-order", "-n", "2", "--plain", "--marks"]
    out = play(runner, args, "m\ns\nm\nmaybe\n\n")
    assert out == (
        "Test bank\n"
        "2 statements from: Test article.\n"
        "Answer m (myth) or f (fact); q quits. Then say how sure: s (sure) or n (not sure, or Enter).\n"
        f"{wording.marks_scheme()}\n"
        "\n"
        "Statement 1 of 2\n"
        "Ketamine was first developed as an anesthetic.\n"
        "Myth or fact? [m/f, q to quit] myth\n"
        "How sure are you? [s sure, n or Enter not sure] sure\n"
        "Not quite — it is a FACT\n"
        f"{wording.sure_and_wrong()}\n"
        "Marks: −2 (sure, wrong)\n"
        "\n"
        "It was made in 1962 as an anesthetic.\n"
        "\n"
        "From the article:\n"
        "“Originally developed as an anesthetic”\n"
        "— Test article\n"
        "\n"
        "Statement 2 of 2 — 0/1 right\n"
        "Ketamine has no addiction risk.\n"
        "Myth or fact? [m/f, q to quit] myth\n"
        "How sure are you? [s sure, n or Enter not sure]\n"
        "Type s if you are sure, or n (or just Enter) if you are not (q quits).\n"
        "How sure are you? [s sure, n or Enter not sure] not sure\n"
        "Right — it is a MYTH\n"
        "Marks: +1 (not sure, right)\n"
        "\n"
        "Regulators treat it as a drug of abuse.\n"
        "\n"
        "From the article:\n"
        '“It is "not considered addictive" by some-but regulators disagree.”\n'
        "— Test article\n"
        "\n"
        "What the wider evidence says: It is a controlled substance.\n"
        "Source: DEA 1999\n"
        "\n"
        "Statements to look at again:\n"
        "Ketamine was first developed as an anesthetic. — verdict: FACT\n"
        "\n"
        "Score: 1/2 (50%)\n"
        "Marks: −1 of a possible 4\n"
        "Review them with: ketaquiz play --missed --bank " + args[1] + "\n"
    )


def test_without_confidence_nothing_more_is_asked(runner: CliRunner, write_bank: WriteBank) -> None:
    out = play(runner, ["--bank", write_bank(), "--in-order", "-n", "1", "--no-history"], "m\n")
    assert wording.how_sure() not in out and "Marks" not in out and wording.sure_and_wrong() not in out


def test_quitting_at_how_sure_ends_the_quiz_and_counts_that_answer_out(
    runner: CliRunner, write_bank: WriteBank
) -> None:
    out = play(runner, ["--bank", write_bank(), "--in-order", "--confidence", "--no-history"], "f\ns\nm\nq\n")
    assert "Score: 1/1 (100%) — stopped after 1 of 3 statements" in out


def test_the_history_keeps_how_sure_and_stats_and_missed_bring_confident_mistakes_first(
    runner: CliRunner, write_bank: WriteBank
) -> None:
    bank = write_bank()
    # origin: wrong twice, unsure; addiction: wrong once, sure; markup: right.
    play(runner, ["--bank", bank, "--in-order", "--confidence"], "m\nn\nf\ns\nf\n\n")
    play(runner, ["--bank", bank, "--in-order", "-n", "1", "--confidence"], "m\n\n")
    with opened_database(history.history_path()) as database:
        rows = database.execute("SELECT question, correct, sure FROM answers ORDER BY session, position").fetchall()
    assert rows == [("origin", 0, 0), ("addiction", 0, 1), ("markup", 1, 0), ("origin", 0, 0)]
    stats = runner.invoke(cli, ["stats", "--bank", bank, "--plain"]).stdout
    listed = stats[stats.index("Most often missed") :]
    assert listed.startswith("Most often missed, those you were sure of first:\n")
    assert listed.index("Ketamine has no addiction risk. — verdict: MYTH — missed: 1 of 1 — sure but wrong: 1") < (
        listed.index(
            "Ketamine was first developed as an anesthetic. — verdict: FACT — missed: 2 of 2 — sure but wrong:"
        )
    ), "the confident mistake first, though missed less often"
    review = play(runner, ["--bank", bank, "--missed", "--plain"], "q\n")
    assert review.index("Statement 1 of 2\nKetamine has no addiction risk.") > 0


def test_a_history_in_the_first_layout_is_read_as_it_is_and_brought_up_to_date_by_the_next_session(
    runner: CliRunner, write_bank: WriteBank
) -> None:
    bank = write_bank()
    play(runner, ["--bank", bank, "--in-order", "-n", "1"], "m\n")
    path = history.history_path()
    with opened_database(path) as database:  # as an earlier ketaquiz left it
        database.execute("CREATE TABLE old_answers AS SELECT session, position, question, correct FROM answers")
        database.execute("DROP TABLE answers")
        database.execute(
            "CREATE TABLE answers (session INTEGER NOT NULL REFERENCES sessions (id), position INTEGER NOT NULL,"
            " question TEXT NOT NULL, correct INTEGER NOT NULL, PRIMARY KEY (session, position)) WITHOUT ROWID"
        )
        database.execute("INSERT INTO answers SELECT * FROM old_answers")
        database.execute("DROP TABLE old_answers")
        database.execute("ALTER TABLE tallies DROP COLUMN sure_wrong")
        database.execute("ALTER TABLE tallies DROP COLUMN last_sure_wrong")
        database.execute("PRAGMA user_version = 1")
    before = Path(path).read_bytes()
    loaded = parse_bank(Path(bank).read_text(encoding="utf-8"), bank)
    answered = progress.of_bank(loaded, pytest.fail).answered
    assert answered["origin"].missed == 1 and answered["origin"].sure_wrong == 0
    assert Path(path).read_bytes() == before, "reading never changes the history"
    play(runner, ["--bank", bank, "--in-order", "-n", "1", "--confidence"], "m\ns\n")
    with opened_database(path) as database:
        assert database.execute("PRAGMA user_version").fetchone() == (2,)
        assert database.execute("SELECT sure FROM answers ORDER BY session").fetchall() == [(None,), (1,)]
    assert progress.of_bank(loaded, pytest.fail).answered["origin"].sure_wrong == 1


def test_play_confidence_on_a_terminal_at_80x24(write_bank: WriteBank) -> None:
    """s after m is the second key; the kind word and the marks are on the screen with the verdict."""
    args = ["play", "--bank", write_bank(), "--in-order", "-n", "2", "--marks", "--no-history"]
    how_sure, next_one = wording.how_sure().encode(), b"Press Enter for the next statement"
    steps = [
        (b"Press Enter to start", b"\n"),
        (b"Myth or fact?", b"m\n"),
        (how_sure, b"s\n"),
        (next_one, b"\n"),
        (b"Myth or fact?", b"m\n"),
        (how_sure, b"\n"),  # Enter: not sure
        (b"Press Enter for your score", b"\n"),
    ]
    with in_terminal(args, 80, 24) as (process, terminal, seen):
        position = 0
        for prompt, reply in steps:
            _, position = next_prompt(terminal, seen, (prompt,), position)
            if prompt == next_one:
                screen = "\n".join(screen_lines(seen, 80, 24))
                assert "✘ Not quite — it is a FACT" in screen
                assert "You were sure of this one." in screen and "Marks: −2 (sure, wrong)" in screen
            os.write(terminal, reply)
        read_until(terminal, b"of a possible 4", seen)
        assert process.wait(timeout=10) == 0
    shown = [line for line in screen_lines(seen, 80, 24) if line]
    assert shown[-2:] == ["Score: 1/2 (50%)", "Marks: −1 of a possible 4"], shown
    assert "Marks: +1 (not sure, right)" in without_codes(seen)
