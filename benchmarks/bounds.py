"""Work that stays bounded, whatever a user's files grow to.

    python benchmarks/bounds.py [--quick] [--save]

Runs the installed `ketaquiz` (the one beside this Python) against what grows without limit in
use, or is built to be slow:

- a history of 100,000 sessions: `stats`, `play --missed` until its first statement, and
  recording a session, against the same with 100 sessions; then 20 plays ending at once;
- banks at the 32 MiB size limit built to be slow: passages not found in a source of 400,000
  near-identical sentences, passages of one word repeated through a 16 MB source, and 148,000
  passages found far into a 16 MB source — beside the time libyaml alone takes to parse each;
- a series save file of about 55 MB: the cost of saving one reveal, against an empty file, and of
  adding the workshop to the file at its end.

Prints each figure beside its goal; with --save keeps them in benchmarks/results.json, from which
the README's table is made (figures.py).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import figures
from run import KETAQUIZ, PYTHON, Run, run_once

SESSIONS = 100_000
SIZE_LIMIT = 32 * 1024 * 1024
# What each figure must stay within, in seconds (or as a ratio, for the costs compared).
GOALS = {"stats": 1.0, "missed": 1.0, "recording ratio": 1.5, "plays at once": 20, "bank": 20.0, "save ratio": 1.5}


def median_run(
    command: list[str],
    runs: int,
    *,
    stdin: bytes = b"",
    until: bytes | None = None,
    status: int = 0,
    environment: dict[str, str] | None = None,
) -> Run:
    timed = [run_once(command, stdin, until, status, environment) for _ in range(runs + 1)][1:]  # after a warm-up
    return Run(statistics.median(run.seconds for run in timed), max(run.peak_kib for run in timed))


def history_of(sessions: int, folder: Path) -> tuple[dict[str, str], float]:
    """An environment whose history holds `sessions` sessions of the bundled bank, as the first
    session recorded imports them from an earlier history.jsonl; and how long that session took."""
    from ketaquiz import history
    from ketaquiz.bank import load_bank

    bank = load_bank()
    digest = history.content_digest(bank)
    ids = [question.id for question in bank.questions]
    draw = random.Random(sessions)
    folder.mkdir(parents=True)
    with open(folder / "history.jsonl", "w", encoding="utf-8") as legacy:
        for _ in range(sessions):
            asked = draw.sample(ids, draw.choice([len(ids), 10, 5, 3]))
            record = {
                "version": 1,
                "time": "2026-01-01T00:00:00+00:00",
                "bank": {"path": bank.path, "sha256": digest},
                "answers": [{"id": qid, "correct": draw.random() < 0.7} for qid in asked],
                "total": len(asked),
                "kind": "full" if len(asked) == len(ids) else "sample",
            }
            legacy.write(json.dumps(record, separators=(",", ":")) + "\n")
    environment = {**os.environ, "KETAQUIZ_HOME": str(folder)}
    started = time.perf_counter()
    subprocess.run([KETAQUIZ, "play", "-n", "1"], input=b"f\n", env=environment, capture_output=True, check=True)
    return environment, time.perf_counter() - started


def measure_history(folder: Path, runs: int) -> dict[str, Any]:
    found: dict[str, Any] = {"sessions": SESSIONS}
    small, _ = history_of(100, folder / "small")
    large, found["import_seconds"] = history_of(SESSIONS, folder / "large")
    for name, environment in (("small", small), ("large", large)):
        stats = median_run([KETAQUIZ, "stats"], runs, environment=environment)
        missed = median_run([KETAQUIZ, "play", "--missed"], runs, until=b"Myth or fact?", environment=environment)
        record = median_run([KETAQUIZ, "play", "-n", "1"], runs, stdin=b"f\n", environment=environment)
        found[name] = {
            "stats": stats.seconds,
            "stats_peak_kib": stats.peak_kib,
            "missed": missed.seconds,
            "record": record.seconds,
        }
    before = _sessions(large)
    started = time.perf_counter()
    plays = [
        subprocess.Popen(
            [KETAQUIZ, "play", "-n", "1"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=large,
        )
        for _ in range(20)
    ]
    for play in plays:
        play.communicate(b"f\n")
    found["plays_at_once"] = {
        "plays": len(plays),
        "recorded": _sessions(large) - before,
        "failed": sum(play.returncode != 0 for play in plays),
        "seconds": time.perf_counter() - started,
    }
    return found


def _sessions(environment: dict[str, str]) -> int:
    done = subprocess.run([KETAQUIZ, "history"], env=environment, capture_output=True, text=True, check=True)
    return int(done.stdout.split()[0])


def bank(path: Path, source: str, question: Callable[[int], str]) -> Path:
    """A bank of `source`, then questions made by `question` until the next would pass the size limit."""
    parts = [f"title: T\nsource:\n  title: S\n  text: >\n    {source}\nquestions:\n"]
    size = len(parts[0].encode())
    for number in range(10**7):
        text = question(number)
        if size + len(text.encode()) > SIZE_LIMIT - 1024:
            break
        parts.append(text)
        size += len(text.encode())
    path.write_text("".join(parts), encoding="utf-8")
    return path


def slow_banks(folder: Path) -> dict[str, tuple[Path, int]]:
    """The banks built to be slow, and the exit status validate ends with."""
    near = " ".join(f"Patients in group {n} reported mild nausea after the session." for n in range(400_000))
    far = " ".join(f"Patients in group {n} reported mild nausea after the session." for n in range(250_000))

    def entry(number: int, passage: str) -> str:
        return f"  - id: q{number}\n    statement: S.\n    answer: fact\n    explanation: E.\n    passage: {passage}\n"

    return {
        "passages not found, 400,000 near sentences": (
            bank(
                folder / "closest.yaml",
                near,
                lambda n: entry(n, f"Patients in cohort {n} reported severe nausea before their session."),
            ),
            1,
        ),
        "one word repeated through the source": (
            bank(folder / "repeated.yaml", "a " * 8_000_000, lambda n: entry(n, f"{'a ' * (n % 50 + 3)}b{n}")),
            1,
        ),
        "passages found far into the source": (
            bank(folder / "found.yaml", far, lambda n: entry(n, f"group {249_999 - n % 1000} reported mild nausea")),
            0,
        ),
    }


def measure_banks(folder: Path, runs: int) -> list[dict[str, Any]]:
    found = []
    for name, (path, status) in slow_banks(folder).items():
        ours = median_run([KETAQUIZ, "validate", str(path)], runs, status=status)
        parse = "import sys, yaml; yaml.load(open(sys.argv[1], encoding='utf-8'), Loader=yaml.CSafeLoader)"
        floor = median_run([PYTHON, "-c", parse, str(path)], runs)
        questions = path.read_text(encoding="utf-8").count("\n  - id: ")
        found.append(
            {
                "bank": name,
                "mebibytes": path.stat().st_size / 2**20,
                "questions": questions,
                "seconds": ours.seconds,
                "peak_kib": ours.peak_kib,
                "parse_seconds": floor.seconds,
            }
        )
    return found


def measure_save(folder: Path, runs: int) -> dict[str, Any]:
    """One reveal's save, into an empty series and into one of about 50 MB, and the workshop's end."""
    from ketaquiz.bank import load_bank
    from ketaquiz.present.savefile import SessionFile
    from ketaquiz.saveformat import Setup, document, session_record
    from ketaquiz.votes import Reveal, Tally

    questions = load_bank().questions
    reveals = [
        Reveal(n + 1, questions[n % len(questions)], Tally(n, 30 - n), "2026-01-01T00:00:00+00:00") for n in range(30)
    ]
    one_workshop = session_record(
        "2026-01-01T00:00:00+00:00", "questions.yaml", reveals, setup=Setup(statements=30), recap=None
    )
    # A long series, well inside the 64 MiB limit for a save file: as many workshops as fill 50 MB.
    workshops = int(50e6 // len(document([one_workshop])))
    series = folder / "series.json"
    series.write_bytes(document([one_workshop] * workshops))
    empty = folder / "empty.json"
    found: dict[str, Any] = {"series_workshops": workshops, "series_megabytes": series.stat().st_size / 1e6}
    for name, path in (("empty", empty), ("series", series)):
        saves: list[float] = []
        ends: list[float] = []
        for _ in range(runs):
            with SessionFile(str(path), bank_path="questions.yaml") as saving:
                for count in range(1, len(reveals) + 1):
                    started = time.perf_counter()
                    saving.save(reveals[:count])
                    saves.append(time.perf_counter() - started)
                started = time.perf_counter()
                saving.finish(reveals)
                ends.append(time.perf_counter() - started)
            if name == "empty":
                empty.unlink()
        found[name] = {"save": statistics.median(saves), "end": statistics.median(ends)}
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run of each case instead of three")
    parser.add_argument("--save", action="store_true", help="keep the figures (of three runs) in results.json")
    options = parser.parse_args()
    if not Path(KETAQUIZ).exists():
        sys.exit(f"{KETAQUIZ} is missing: install ketaquiz into this Python first (pip install .)")
    runs = 1 if options.quick and not options.save else 3
    with tempfile.TemporaryDirectory() as folder:
        found = {
            "goals": GOALS,
            "runs": runs,
            "history": measure_history(Path(folder) / "history", runs),
            "banks": measure_banks(Path(folder), runs),
            "save": measure_save(Path(folder), runs),
        }
    print(figures.bounds(found))
    if options.save:
        figures.save("bounds", found)
    if missed := figures.bounds_missed(found):
        sys.exit("missed: " + ", ".join(missed))


if __name__ == "__main__":
    main()
