"""History: sessions recorded, missed statements brought back, progress shown, and nothing lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ketaquiz import history
from ketaquiz.bank import Answer, parse_bank
from ketaquiz.cli import cli
from ketaquiz.quiz import Result
from tests.conftest import SMALL_BANK, WriteBank

BANK = parse_bank(SMALL_BANK, "bank.yaml")
ORIGIN, ADDICTION, MARKUP = BANK.questions  # fact, myth, fact


def home() -> Path:
    return Path(os.environ["KETAQUIZ_HOME"])


def recorded() -> list[dict[str, Any]]:
    return [json.loads(line) for line in (home() / "history.jsonl").read_text().splitlines()]


def session(*answers: tuple[str, bool], path: str = "bank.yaml") -> history.Session:
    return history.Session("2026-01-01T00:00:00+00:00", path, history.content_digest(BANK), tuple(answers), 3)


def test_tests_never_touch_the_real_home() -> None:
    assert history.history_path() == str(home() / "history.jsonl")
    assert "ketaquiz-home" in history.history_path()


def test_without_an_override_the_history_is_in_the_user_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("KETAQUIZ_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert history.history_path() == str(tmp_path / "data" / "ketaquiz" / "history.jsonl")


def test_a_played_session_is_recorded(runner: CliRunner, write_bank: WriteBank) -> None:
    path = write_bank()
    result = runner.invoke(cli, ["play", "--bank", path, "--in-order"], input="f\nf\nq\n")
    assert result.exit_code == 0
    (record,) = recorded()
    assert record["bank"] == {"path": path, "sha256": history.content_digest(BANK)}
    assert record["answers"] == [{"id": "origin", "correct": True}, {"id": "addiction", "correct": False}]
    assert record["total"] == 3
    assert record["time"].endswith("+00:00")


def test_no_history_records_nothing_and_an_unanswered_session_is_not_recorded(
    runner: CliRunner, write_bank: WriteBank
) -> None:
    runner.invoke(cli, ["play", "--bank", write_bank(), "--no-history"], input="f\nf\nf\n")
    runner.invoke(cli, ["play", "--bank", write_bank()], input="q\n")
    assert not (home() / "history.jsonl").exists()


def test_missed_brings_back_what_was_wrong_last_time_most_missed_first() -> None:
    sessions = [
        session(("origin", False), ("addiction", False), ("markup", False)),
        session(("origin", False), ("addiction", True), ("markup", False)),
        session(("markup", False)),
    ]
    missed = history.missed_last_time(sessions, BANK.questions)
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


def test_the_same_bank_is_recognised_by_path_or_by_content(write_bank: WriteBank) -> None:
    moved = parse_bank(SMALL_BANK + "\n# comments and layout do not change what a bank says\n", "elsewhere.yaml")
    edited = parse_bank(SMALL_BANK.replace("Test bank", "Edited bank"), "bank.yaml")
    other = parse_bank(SMALL_BANK.replace("Test bank", "Edited bank"), "elsewhere.yaml")
    old = session(("origin", True))
    assert old.is_of(moved) and old.is_of(edited) and not old.is_of(other)


def test_stats_counts_scores_misses_and_tags() -> None:
    sessions = [session(("origin", True), ("addiction", False)), session(("origin", True), ("addiction", True))]
    progress = history.stats(sessions, BANK.questions)
    assert progress.sessions == 2
    assert progress.last is sessions[1] and progress.best is sessions[1]
    assert [(q.id, (t.right, t.seen)) for q, t in progress.most_missed] == [("addiction", (1, 2))]
    assert [(tag, (t.right, t.seen)) for tag, t in progress.by_tag] == [("addiction", (1, 2)), ("history", (2, 2))]


def test_stats_through_the_cli(runner: CliRunner, write_bank: WriteBank) -> None:
    path = write_bank()
    assert "No sessions recorded for this bank yet" in runner.invoke(cli, ["stats", "--bank", path]).stdout
    runner.invoke(cli, ["play", "--bank", path, "--in-order"], input="f\nf\nf\n")
    out = runner.invoke(cli, ["stats", "--bank", path], env={"COLUMNS": "80"}).stdout
    assert "Sessions played  1" in out
    assert "Last score       2/3" in out
    assert "Ketamine has no addiction risk." in out and "1 of 1" in out
    assert "history       1/1   ██████████ 100%" in out
    assert "addiction     0/1   ░░░░░░░░░░ 0%" in out


def test_a_session_cut_short_by_a_crash_is_skipped_with_a_warning(runner: CliRunner, write_bank: WriteBank) -> None:
    home().mkdir(parents=True)
    good = history.to_line(session(("origin", True), path=write_bank()))
    (home() / "history.jsonl").write_text(good + good[: len(good) // 2])
    result = runner.invoke(cli, ["history"])
    assert "1 session recorded" in result.stdout
    assert (
        "Warning: 1 session in the history was cut short (ketaquiz was stopped mid-write) and skipped" in result.stderr
    )
    history.append_session(session(("addiction", True)))
    loaded = history.load_history()
    assert len(loaded.sessions) == 2, "the next session starts on a line of its own"


def test_an_unreadable_history_is_kept_aside_and_a_new_one_started(runner: CliRunner, write_bank: WriteBank) -> None:
    home().mkdir(parents=True)
    (home() / "history.jsonl").write_text('{"not": "a session"}\n' + history.to_line(session(("origin", True))))
    result = runner.invoke(cli, ["play", "--bank", write_bank(), "-n", "1"], input="f\n")
    assert result.exit_code == 0
    kept = [name for name in os.listdir(home()) if name.startswith("history.jsonl.unreadable-")]
    assert len(kept) == 1
    assert f"it was kept as {home() / kept[0]} and a new one started" in result.stderr
    assert (home() / kept[0]).read_text().startswith('{"not": "a session"}')
    assert len(recorded()) == 1, "the new history holds this session"


def test_two_quizzes_at_once_never_interleave_or_lose_records() -> None:
    writer = (
        "import sys\n"
        "from ketaquiz import history\n"
        "s = history.Session('t', 'bank.yaml', 'd', tuple((f'q{i}', True) for i in range(200)), 200)\n"
        "for _ in range(100): history.append_session(s)\n"
    )
    processes = [subprocess.Popen([sys.executable, "-c", writer]) for _ in range(4)]
    assert all(process.wait(timeout=60) == 0 for process in processes)
    loaded = history.load_history()
    assert len(loaded.sessions) == 400 and not loaded.warnings
    assert all(len(s.answers) == 200 for s in loaded.sessions)


def test_history_clear(runner: CliRunner) -> None:
    history.append_session(session(("origin", True)))
    refused = runner.invoke(cli, ["history", "--clear"])
    assert refused.exit_code == 2
    assert "add --yes to clear the history without being asked" in refused.stderr
    assert (home() / "history.jsonl").exists()
    cleared = runner.invoke(cli, ["history", "--clear", "--yes"])
    assert cleared.exit_code == 0
    assert f"Deleted {home() / 'history.jsonl'}." in cleared.stdout
    assert not (home() / "history.jsonl").exists()
    assert "There was no history to delete." in runner.invoke(cli, ["history", "--clear", "-y"]).stdout


def test_a_history_that_cannot_be_written_does_not_spoil_the_quiz(
    runner: CliRunner, write_bank: WriteBank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("KETAQUIZ_HOME", str(blocker / "inside"))
    result = runner.invoke(cli, ["play", "--bank", write_bank(), "-n", "1", "--in-order"], input="f\n")
    assert result.exit_code == 0
    assert "Score: 1/1" in result.stdout
    assert "Warning: this session was not saved to your history" in result.stderr


def test_new_session_keeps_answers_in_order() -> None:
    results = [Result(ADDICTION, Answer.FACT), Result(ORIGIN, Answer.FACT)]
    recorded_session = history.new_session(BANK, results, 3)
    assert recorded_session.answers == (("addiction", False), ("origin", True))
    assert history.from_line(history.to_line(recorded_session)) == recorded_session
