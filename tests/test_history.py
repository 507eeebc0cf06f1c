"""History: sessions recorded, missed statements brought back, progress shown, and nothing lost."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ketaquiz import history, progress
from ketaquiz.bank import Answer, Bank, parse_bank
from ketaquiz.cli import cli
from ketaquiz.quiz import Result
from tests.helpers import COMMAND, SMALL_BANK, WriteBank, bank_of, fill, opened_database

BANK = parse_bank(SMALL_BANK, "bank.yaml")
ORIGIN, ADDICTION, MARKUP = BANK.questions  # fact, myth, fact


def home() -> Path:
    return Path(os.environ["KETAQUIZ_HOME"])


def recorded() -> list[dict[str, Any]]:
    """Every session in the history database, as a reader of the file finds it."""
    with opened_database(home() / "history.sqlite3") as database:
        database.row_factory = sqlite3.Row
        sessions = [dict(row) for row in database.execute("SELECT * FROM sessions ORDER BY id")]
        for found in sessions:
            rows = database.execute(
                "SELECT question, correct FROM answers WHERE session = ? ORDER BY position", (found["id"],)
            )
            found["answers"] = [(qid, bool(correct)) for qid, correct in rows]
    return sessions


def session(
    *answers: tuple[str, bool], path: str = "bank.yaml", kind: history.Kind | None = None, total: int = 3
) -> history.Session:
    return history.Session("2026-01-01T00:00:00+00:00", path, history.content_digest(BANK), tuple(answers), total, kind)


def past(bank: Bank = BANK) -> progress.BankHistory:
    return progress.of_bank(bank, pytest.fail)


def test_tests_never_touch_the_real_home() -> None:
    assert history.history_path() == str(home() / "history.sqlite3")
    assert "ketaquiz-home" in history.history_path()


def test_without_an_override_the_history_is_in_the_user_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("KETAQUIZ_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert history.history_path() == str(tmp_path / "data" / "ketaquiz" / "history.sqlite3")


def test_a_played_session_is_recorded(runner: CliRunner, write_bank: WriteBank) -> None:
    path = write_bank()
    result = runner.invoke(cli, ["play", "--bank", path, "--in-order"], input="f\nf\nq\n")
    assert result.exit_code == 0
    (found,) = recorded()
    assert (found["bank_path"], found["bank_sha256"]) == (path, history.content_digest(BANK))
    assert found["answers"] == [("origin", True), ("addiction", False)]
    assert (found["total"], found["answered"], found["right_count"]) == (3, 2, 1)
    assert found["time"].endswith("+00:00")


def test_no_history_records_nothing_and_an_unanswered_session_is_not_recorded(
    runner: CliRunner, write_bank: WriteBank
) -> None:
    played = runner.invoke(cli, ["play", "--bank", write_bank(), "--no-history"], input="f\nf\nf\n")
    assert played.exit_code == 0, played.output
    assert "Score: 2/3 (67%)" in played.stdout
    quit_at_once = runner.invoke(cli, ["play", "--bank", write_bank()], input="q\n")
    assert quit_at_once.exit_code == 0, quit_at_once.output
    assert quit_at_once.stdout.endswith("Score: 0/0 — stopped after 0 of 3 statements\n")
    assert not (home() / "history.sqlite3").exists()


def test_missed_brings_back_what_was_wrong_last_time_most_missed_first() -> None:
    history.record(session(("origin", False), ("addiction", False), ("markup", False)))
    history.record(session(("origin", False), ("addiction", True), ("markup", False)))
    history.record(session(("markup", False)))
    missed = progress.missed_last_time(past(), BANK.questions)
    assert [q.id for q in missed] == ["markup", "origin"]  # missed three times, then twice; addiction put right


def test_play_missed_through_the_cli(runner: CliRunner, write_bank: WriteBank) -> None:
    path = write_bank()
    first = runner.invoke(cli, ["play", "--bank", path, "--missed"])
    assert first.exit_code == 0
    assert "No history for this bank yet" in first.stdout
    runner.invoke(cli, ["play", "--bank", path, "--in-order"], input="m\nm\nf\n")  # origin wrong
    again = runner.invoke(cli, ["play", "--bank", path, "--missed"], input="f\n")
    assert "Statement 1 of 1" in again.stdout and "Ketamine was first developed" in again.stdout
    done = runner.invoke(cli, ["play", "--bank", path, "--missed"])
    assert done.exit_code == 0
    assert "Nothing to review: you got every statement right the last time you saw it." in done.stdout


def test_the_same_bank_is_recognised_by_path_or_by_content() -> None:
    history.record(session(("origin", True)))
    moved = parse_bank(SMALL_BANK + "\n# comments and layout do not change what a bank says\n", "elsewhere.yaml")
    edited = parse_bank(SMALL_BANK.replace("Test bank", "Edited bank"), "bank.yaml")
    other = parse_bank(SMALL_BANK.replace("Test bank", "Edited bank"), "elsewhere.yaml")
    assert [past(bank).sessions for bank in (moved, edited, other)] == [1, 1, 0]


def test_stats_counts_scores_misses_and_tags() -> None:
    first, second = session(("origin", True), ("addiction", False)), session(("origin", True), ("addiction", True))
    for each in (first, second):
        history.record(each)
    found = progress.stats(past(), BANK)
    assert found.sessions == 2
    assert (found.seen, found.statements) == (2, 3)
    assert found.last == second
    assert found.best is None, "neither session answered every statement"
    assert [(q.id, (t.right, t.seen)) for q, t in found.most_missed] == [("addiction", (1, 2))]
    assert [(tag, (t.right, t.seen)) for tag, t in found.by_tag] == [("addiction", (1, 2)), ("history", (2, 2))]


def test_the_best_score_is_over_full_runs_only() -> None:
    full = history.Kind.FULL
    sessions = [
        session(("origin", True), ("addiction", False), ("markup", False), kind=full),
        session(("origin", True), ("addiction", True), ("markup", False), kind=full),
        session(("addiction", True), kind=history.Kind.MISSED, total=1),  # 1/1, but a review
        session(("origin", True), kind=full),  # 1/1, but stopped after one of three
        session(("origin", True), ("addiction", True), kind=history.Kind.SAMPLE, total=2),
        session(("origin", True), ("addiction", True), ("markup", False), kind=full),  # as good, but later
    ]
    for each in sessions:
        history.record(each)
    found = progress.stats(past(), BANK)
    assert found.best == sessions[1]
    assert found.full_runs == 3


@pytest.mark.parametrize(
    ("args", "stdin", "kind", "tags"),
    [
        (["--in-order"], "f\nf\nf\n", "full", None),
        (["-n", "2"], "f\nf\n", "sample", None),
        (["--tag", "history"], "f\n", "tags", ["history"]),
    ],
)
def test_each_session_records_what_kind_it_was(
    runner: CliRunner, write_bank: WriteBank, args: list[str], stdin: str, kind: str, tags: list[str] | None
) -> None:
    runner.invoke(cli, ["play", "--bank", write_bank(), *args], input=stdin)
    (record,) = recorded()
    assert record["kind"] == kind
    assert json.loads(record["tags"]) == (tags or [])


def test_stats_through_the_cli_labels_reviews_and_shows_coverage(runner: CliRunner, write_bank: WriteBank) -> None:
    path = write_bank()
    assert "No sessions recorded for this bank yet" in runner.invoke(cli, ["stats", "--bank", path]).stdout
    runner.invoke(cli, ["play", "--bank", path, "--in-order", "-n", "2"], input="f\nf\n")
    runner.invoke(cli, ["play", "--bank", path, "--missed"], input="m\n")
    out = runner.invoke(cli, ["stats", "--bank", path, "--plain"]).stdout
    day = recorded()[0]["time"][:10]
    assert out == (
        "Your progress: Test bank\n"
        "Seen 2 of 3 statements\n"
        "Sessions played: 2 (0 full runs)\n"
        f"Last session: 1/1 (100%) on {day}, review of missed statements\n"
        "Best full run: none finished yet\n"
        "\n"
        "Most often missed:\n"
        "Ketamine has no addiction risk. — verdict: MYTH — missed: 1 of 2\n"
        "\n"
        "Accuracy by tag:\n"
        "addiction — right: 1/2 — accuracy: 50%\n"
        "history — right: 1/1 — accuracy: 100%\n"
    )
    drawn = runner.invoke(cli, ["stats", "--bank", path], env={"COLUMNS": "80"}).stdout
    assert "Sessions played  2 (0 full runs)" in drawn
    assert f"Last session     1/1 (100%) on {day}, review of missed statements" in drawn
    assert "  history     1/1     ██████████ 100%" in drawn
    assert "  addiction   1/2     █████░░░░░ 50%" in drawn


def test_a_cut_list_says_so_and_all_shows_the_rest(runner: CliRunner, write_bank: WriteBank) -> None:
    path = write_bank(bank_of(7))
    runner.invoke(cli, ["play", "--bank", path, "--in-order"], input="f\n" * 7)
    cut = runner.invoke(cli, ["stats", "--bank", path, "--plain"]).stdout
    assert "Most often missed (5 of 7 shown; ketaquiz stats --all):" in cut
    assert cut.count("— missed: 1 of 1") == 5
    everything = runner.invoke(cli, ["stats", "--bank", path, "--plain", "--all"]).stdout
    assert "Most often missed:" in everything and "shown" not in everything
    assert everything.count("— missed: 1 of 1") == 7
    drawn = runner.invoke(cli, ["stats", "--bank", path], env={"COLUMNS": "80"}).stdout
    assert "5 of 7 shown; ketaquiz stats --all" in drawn


def legacy_line(*answers: tuple[str, bool], total: int = 3, **extra: object) -> str:
    """A session as an earlier ketaquiz wrote it to history.jsonl."""
    found = {
        "version": 1,
        "time": "2026-01-01T00:00:00+00:00",
        "bank": {"path": "bank.yaml", "sha256": "x"},
        "answers": [{"id": qid, "correct": correct} for qid, correct in answers],
        "total": total,
        **extra,
    }
    return json.dumps(found, separators=(",", ":")) + "\n"


def write_legacy(text: str) -> Path:
    home().mkdir(parents=True, exist_ok=True)
    path = home() / "history.jsonl"
    path.write_text(text)
    return path


def test_an_old_record_without_a_kind_counts_as_full_when_it_asked_everything() -> None:
    everything = (("origin", True), ("addiction", True), ("markup", True))
    write_legacy(legacy_line(*everything) + legacy_line(*everything, total=5))
    found = past()
    assert (found.sessions, found.full_runs) == (2, 1)
    assert found.last is not None and found.last.kind is None and found.last.tags == ()


CUT_SHORT = "1 session in the earlier history was cut short (ketaquiz was stopped mid-write) and could not be kept"


def test_an_earlier_history_is_read_as_it_is_and_imported_once_by_the_next_session(
    runner: CliRunner, write_bank: WriteBank
) -> None:
    bank = write_bank()
    good = legacy_line(("origin", False), kind="full").replace('"bank.yaml"', json.dumps(bank))
    path = write_legacy(good + good[: len(good) // 2])
    before = path.read_bytes()
    for args in (["stats", "--bank", bank], ["history"]):
        result = runner.invoke(cli, args)
        assert (result.exit_code, result.stderr) == (0, ""), "a crash's leftover is not worth a warning each time"
    assert "1 session recorded" in result.stdout
    assert path.read_bytes() == before and os.listdir(home()) == ["history.jsonl"], "reading changes nothing"
    review = runner.invoke(cli, ["play", "--bank", bank, "--missed"], input="f\n")
    assert (review.exit_code, review.stderr) == (0, f"Warning: {CUT_SHORT}\n")
    assert [found["kind"] for found in recorded()] == ["full", "missed"]
    assert sorted(os.listdir(home())) == ["history.jsonl.imported", "history.sqlite3"]
    assert (home() / "history.jsonl.imported").read_bytes() == before, "the earlier history is kept as it was"
    again = runner.invoke(cli, ["play", "--bank", bank, "-n", "1"], input="f\n")
    assert again.stderr == "", "imported once, said once"
    assert len(recorded()) == 3


@pytest.mark.parametrize(
    ("name", "content", "on_reading", "on_recording"),
    [
        (
            "history.jsonl",
            '{"not": "a session"}\n',
            "cannot be read (line 1: not a session record",
            "Warning: the earlier history could not be read (line 1: not a session record",
        ),
        (
            "history.sqlite3",
            "my notes, not a history\n",
            "cannot be read (file is not a database); it is left as it is",
            "Warning: the history file could not be read (file is not a database); it was kept as",
        ),
    ],
    ids=["earlier history", "database"],
)
def test_an_unreadable_history_is_reported_by_stats_left_alone_then_kept_aside_by_the_next_session(
    runner: CliRunner, write_bank: WriteBank, name: str, content: str, on_reading: str, on_recording: str
) -> None:
    home().mkdir(parents=True)
    (home() / name).write_text(content)
    for _ in range(2):
        result = runner.invoke(cli, ["stats", "--bank", write_bank()])
        assert result.exit_code == 0
        assert f"Warning: the history file {home() / name} {on_reading}" in result.stderr
    assert (home() / name).read_text() == content and os.listdir(home()) == [name]
    played = runner.invoke(cli, ["play", "--bank", write_bank(), "-n", "1"], input="f\n")
    assert played.exit_code == 0
    assert on_recording in played.stderr
    (kept,) = home().glob(f"{name}.unreadable-*")
    assert kept.read_text() == content
    assert len(recorded()) == 1


def test_quizzes_at_once_never_mix_or_lose_sessions() -> None:
    writer = (
        "from ketaquiz import history\n"
        "s = history.Session('t', 'bank.yaml', 'd', tuple((f'q{i}', True) for i in range(200)), 200)\n"
        "for _ in range(30): history.record(s)\n"
    )
    processes = [subprocess.Popen([sys.executable, "-c", writer]) for _ in range(4)]
    assert all(process.wait(timeout=120) == 0 for process in processes)
    sessions = recorded()
    assert len(sessions) == 120 and all(len(found["answers"]) == 200 for found in sessions)


def test_twenty_plays_at_once_on_a_long_history_are_all_recorded(write_bank: WriteBank) -> None:
    # The history of a long-time learner: thirty thousand sessions, imported from an earlier
    # ketaquiz by the first session recorded. Then twenty plays end at the same moment.
    bank = write_bank()
    write_legacy(legacy_line(("origin", True), ("addiction", False)) * 30_000)
    history.record(session(("origin", True)))
    plays = [
        subprocess.Popen(
            [str(COMMAND), "play", "--bank", bank, "-n", "1"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(20)
    ]
    results = [play.communicate(b"f\n", timeout=120) for play in plays]
    assert [(play.returncode, errors) for play, (_, errors) in zip(plays, results, strict=True)] == [(0, b"")] * 20
    assert len(recorded()) == 30_001 + 20


def test_a_process_killed_while_recording_leaves_the_history_whole() -> None:
    writer = (
        "from ketaquiz import history\n"
        "s = history.Session('t', 'bank.yaml', 'd', tuple((f'q{i}', True) for i in range(500)), 500)\n"
        "while True: history.record(s)\n"
    )
    for moment in (0.4, 0.55, 0.7):
        process = subprocess.Popen([sys.executable, "-c", writer])
        time.sleep(moment)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    with opened_database(home() / "history.sqlite3") as database:
        assert database.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        whole = database.execute("SELECT count(*) FROM sessions WHERE answered = 500").fetchone()[0]
        answers = database.execute("SELECT count(*) FROM answers").fetchone()[0]
    assert whole > 0 and answers == 500 * whole, "every session recorded whole, and nothing half-written"


def test_history_clear(runner: CliRunner) -> None:
    history.record(session(("origin", True)))
    refused = runner.invoke(cli, ["history", "--clear"])
    assert refused.exit_code == 2
    assert "add --yes to clear the history without being asked" in refused.stderr
    assert (home() / "history.sqlite3").exists()
    cleared = runner.invoke(cli, ["history", "--clear", "--yes"])
    assert cleared.exit_code == 0
    assert f"Deleted {home() / 'history.sqlite3'}." in cleared.stdout
    assert os.listdir(home()) == []
    assert "There was no history to delete." in runner.invoke(cli, ["history", "--clear", "-y"]).stdout


def test_a_session_that_cannot_be_recorded_is_an_error_after_the_score(
    runner: CliRunner, write_bank: WriteBank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("KETAQUIZ_HOME", str(blocker / "inside"))
    result = runner.invoke(cli, ["play", "--bank", write_bank(), "-n", "1", "--in-order"], input="f\n")
    assert result.exit_code == 1
    assert "Score: 1/1" in result.stdout
    assert (
        result.stderr
        == f"Error: this session was not recorded in your history ({blocker}/inside/history.sqlite3): Not a directory\n"
    )


def test_a_full_disk_records_nothing_and_says_so_then_records_again(
    write_bank: WriteBank, small_disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KETAQUIZ_HOME", str(small_disk))
    bank = write_bank(bank_of(40))

    def play() -> subprocess.CompletedProcess[bytes]:
        args = [str(COMMAND), "play", "--bank", bank, "--in-order"]
        return subprocess.run(args, input=b"f\n" * 40, capture_output=True, timeout=60)

    assert play().returncode == 0
    filler = fill(small_disk)
    before = recorded()
    full = play()
    assert full.returncode == 1
    assert b"Score: 0/40" in full.stdout, "the learner sees the score first"
    where = small_disk / "history.sqlite3"
    assert (
        full.stderr.decode()
        == f"Error: this session was not recorded in your history ({where}): database or disk is full\n"
    )
    assert recorded() == before, "nothing half-written is kept"
    filler.unlink()
    assert play().returncode == 0
    assert len(recorded()) == 2


def test_new_session_keeps_answers_in_order() -> None:
    results = [Result(ADDICTION, Answer.FACT), Result(ORIGIN, Answer.FACT)]
    history.record(history.new_session(BANK, results, 3))
    found = past().last
    assert found is not None and found.answers == (("addiction", False), ("origin", True))
    assert (found.kind, found.score().right, found.score().answered) == (history.Kind.FULL, 1, 2)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.lists(st.tuples(st.sampled_from(["origin", "addiction", "markup"]), st.booleans()), min_size=1, max_size=4),
        min_size=1,
        max_size=6,
    )
)
def test_the_tallies_kept_session_by_session_match_those_of_a_history_imported_whole(
    tmp_path_factory: pytest.TempPathFactory, answered: list[list[tuple[str, bool]]]
) -> None:
    one_by_one, imported = (tmp_path_factory.mktemp(name) for name in ("one-by-one", "imported"))
    for answers in answered:
        history.record(session(*answers), str(one_by_one / "history.sqlite3"))
    (imported / "history.jsonl").write_text(
        "".join(
            legacy_line(*answers).replace('"sha256":"x"', f'"sha256":"{history.content_digest(BANK)}"')
            for answers in answered
        )
    )
    another_bank = history.Session("t", "other.yaml", "other", (("origin", True),), 1)
    history.record(another_bank, str(imported / "history.sqlite3"))  # the first recorded imports the history
    found = []
    for folder in (one_by_one, imported):
        os.environ["KETAQUIZ_HOME"] = str(folder)  # put back after the test, as the fixture set it
        found.append(past().answered)
    assert found[0] == found[1]
    assert found[0] == {
        qid: progress.Answered(
            sum(correct for each in answered for asked, correct in each if asked == qid),
            sum(asked == qid for each in answered for asked, _ in each),
            [correct for each in answered for asked, correct in each if asked == qid][-1],
        )
        for qid in {asked for each in answered for asked, _ in each}
    }
