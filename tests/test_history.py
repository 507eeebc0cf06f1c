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
from tests.helpers import SMALL_BANK, WriteBank, bank_of

BANK = parse_bank(SMALL_BANK, "bank.yaml")
ORIGIN, ADDICTION, MARKUP = BANK.questions  # fact, myth, fact


def home() -> Path:
    return Path(os.environ["KETAQUIZ_HOME"])


def recorded() -> list[dict[str, Any]]:
    return [json.loads(line) for line in (home() / "history.jsonl").read_text().splitlines()]


def session(
    *answers: tuple[str, bool], path: str = "bank.yaml", kind: history.Kind | None = None, total: int = 3
) -> history.Session:
    return history.Session("2026-01-01T00:00:00+00:00", path, history.content_digest(BANK), tuple(answers), total, kind)


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
    played = runner.invoke(cli, ["play", "--bank", write_bank(), "--no-history"], input="f\nf\nf\n")
    assert played.exit_code == 0, played.output
    assert "Score: 2/3 (67%)" in played.stdout
    quit_at_once = runner.invoke(cli, ["play", "--bank", write_bank()], input="q\n")
    assert quit_at_once.exit_code == 0, quit_at_once.output
    assert quit_at_once.stdout.endswith("Score: 0/0 — stopped after 0 of 3 statements\n")
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
    progress = history.stats(sessions, BANK)
    assert progress.sessions == 2
    assert (progress.seen, progress.statements) == (2, 3)
    assert progress.last is sessions[1]
    assert progress.best is None, "neither session answered every statement"
    assert [(q.id, (t.right, t.seen)) for q, t in progress.most_missed] == [("addiction", (1, 2))]
    assert [(tag, (t.right, t.seen)) for tag, t in progress.by_tag] == [("addiction", (1, 2)), ("history", (2, 2))]


def test_the_best_score_is_over_full_runs_only() -> None:
    full = history.Kind.FULL
    sessions = [
        session(("origin", True), ("addiction", False), ("markup", False), kind=full),
        session(("origin", True), ("addiction", True), ("markup", False), kind=full),
        session(("addiction", True), kind=history.Kind.MISSED, total=1),  # 1/1, but a review
        session(("origin", True), kind=full),  # 1/1, but stopped after one of three
        session(("origin", True), ("addiction", True), kind=history.Kind.SAMPLE, total=2),
    ]
    progress = history.stats(sessions, BANK)
    assert progress.best is sessions[1]
    assert progress.full_runs == 2


def test_an_old_record_without_a_kind_still_reads_and_counts_as_full_when_it_asked_everything() -> None:
    line = (
        '{"version":1,"time":"2026-01-01T00:00:00+00:00","bank":{"path":"bank.yaml","sha256":"x"},'
        '"answers":[{"id":"origin","correct":true},{"id":"addiction","correct":true},{"id":"markup","correct":true}],'
        '"total":3}'
    )
    old = history.from_line(line)
    assert old.kind is None and old.tags == ()
    assert old.is_full_run(BANK)
    assert not history.from_line(line.replace('"total":3', '"total":5')).is_full_run(BANK)


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
    assert record.get("tags") == tags


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


def write_history(text: str) -> Path:
    home().mkdir(parents=True, exist_ok=True)
    path = home() / "history.jsonl"
    path.write_text(text)
    return path


CUT_SHORT = "1 session in the history was cut short (ketaquiz was stopped mid-write) and could not be kept; removed"


def test_reading_a_history_with_a_half_written_line_changes_nothing(runner: CliRunner, write_bank: WriteBank) -> None:
    good = history.to_line(session(("origin", True), path=write_bank()))
    path = write_history(good + good[: len(good) // 2])
    before = path.read_bytes()
    for args in (["stats", "--bank", write_bank()], ["stats", "--bank", write_bank()], ["history"]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0
        assert result.stderr == "", "a leftover that the next session repairs is not worth a warning on every command"
    assert "1 session recorded" in result.stdout
    assert path.read_bytes() == before
    assert os.listdir(home()) == ["history.jsonl"], "nothing renamed, nothing added"
    assert history.load_history().cut_short == 1


def test_the_next_session_repairs_a_half_written_line_once_and_says_so_once(
    runner: CliRunner, write_bank: WriteBank
) -> None:
    bank = write_bank()
    good = history.to_line(session(("origin", False), path=bank))
    path = write_history(good + good[: len(good) // 2])
    review = runner.invoke(cli, ["play", "--bank", bank, "--missed"], input="f\n")
    assert review.exit_code == 0
    assert review.stderr == f"Warning: {CUT_SHORT}\n"
    lines = path.read_text().splitlines()
    assert lines[0] == good.rstrip("\n") and len(lines) == 2 and json.loads(lines[1])["kind"] == "missed"
    again = runner.invoke(cli, ["play", "--bank", bank, "-n", "1"], input="f\n")
    assert again.stderr == "", "repaired once, reported once"
    assert len(history.load_history().sessions) == 3


def test_an_unreadable_history_is_reported_by_stats_but_left_alone(runner: CliRunner, write_bank: WriteBank) -> None:
    path = write_history('{"not": "a session"}\n')
    for _ in range(2):
        result = runner.invoke(cli, ["stats", "--bank", write_bank()])
        assert result.exit_code == 0
        assert f"Warning: the history file {path} cannot be read (line 1: not a session record" in result.stderr
    assert path.read_text() == '{"not": "a session"}\n'
    assert os.listdir(home()) == ["history.jsonl"]


def test_two_quizzes_at_once_never_interleave_or_lose_records() -> None:
    writer = (
        "import sys\n"
        "from ketaquiz import history\n"
        "s = history.Session('t', 'bank.yaml', 'd', tuple((f'q{i}', True) for i in range(200)), 200)\n"
        "for _ in range(30): history.append_session(s)\n"
    )
    processes = [subprocess.Popen([sys.executable, "-c", writer]) for _ in range(4)]
    assert all(process.wait(timeout=60) == 0 for process in processes)
    loaded = history.load_history()
    assert len(loaded.sessions) == 120 and not loaded.cut_short and loaded.unreadable is None
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


def test_recording_works_without_fcntl_as_on_windows(tmp_path: Path) -> None:
    # A fresh interpreter, so that filelock is imported with fcntl missing, as it is on Windows.
    path = tmp_path / "history.jsonl"
    probe = (
        "import sys\n"
        "sys.modules['fcntl'] = None\n"
        "from ketaquiz import history\n"
        "s = history.Session('t', 'bank.yaml', 'd', (('origin', True),), 1, history.Kind.FULL)\n"
        f"history.append_session(s, {str(path)!r})\n"
        f"history.append_session(s, {str(path)!r})\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'fcntl'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert len(history.load_history(str(path)).sessions) == 2
