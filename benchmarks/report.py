"""The report over a long series of workshops.

    python benchmarks/report.py [--quick] [--save]

Writes 100 save files as `present --save` writes them, each a workshop of 40 statements of the
bundled bank voted on by 500 phones (and a few hands) before and after a recap, with how sure;
then times the installed `ketaquiz` (the one beside this Python) making the report from all of
them, as HTML, CSV and JSON, and reading the files alone with the standard library's json, the
floor no report can go under. Prints each figure beside its goal; with --save keeps them in
benchmarks/results.json, from which the README's table is made (figures.py).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

import figures
from bounds import median_run
from run import KETAQUIZ, PYTHON

FILES = 100
STATEMENTS = 40
PHONES = 500
GOAL_SECONDS = 1.0


def write_series(folder: Path) -> list[str]:
    """FILES save files of one workshop each, as `present --live --confidence --recap` saves them."""
    from ketaquiz.bank import load_bank
    from ketaquiz.saveformat import RecapSoFar, Setup, document, session_record
    from ketaquiz.votes import Changes, Recall, Reveal, Tally

    questions = load_bank().questions[:STATEMENTS]
    draw = random.Random(FILES)

    def phones() -> Tally:
        myths = draw.randrange(PHONES + 1)
        sure_myths, sure_facts = draw.randrange(myths + 1), draw.randrange(PHONES - myths + 1)
        return Tally(myths, PHONES - myths, sure_myths, sure_facts, PHONES)

    paths = []
    for number in range(FILES):
        started = f"2026-{number % 12 + 1:02d}-{number % 28 + 1:02d}T09:00:00+00:00"
        reveals, recalls = [], []
        for position, question in enumerate(questions, 1):
            first, again, hands = phones(), phones(), Tally(draw.randrange(5), draw.randrange(5))
            reveals.append(Reveal(position, question, first + hands, started, first))
            pairs = Changes(*(draw.randrange(PHONES // 4) for _ in range(4)))
            recalls.append(Recall(position, question, again, started, again, pairs))
        setup = Setup(statements=STATEMENTS, confidence=True, title="Ketamine therapy — myth or fact?")
        record = session_record(
            started, "questions.yaml", reveals, setup=setup, recap=RecapSoFar(STATEMENTS, tuple(recalls))
        )
        path = folder / f"workshop-{number:03d}.json"
        path.write_bytes(document([record]))
        paths.append(str(path))
    return paths


def measure(folder: Path, runs: int) -> dict[str, Any]:
    paths = write_series(folder)
    found: dict[str, Any] = {
        "files": FILES,
        "statements": STATEMENTS,
        "phones": PHONES,
        "megabytes": sum(Path(path).stat().st_size for path in paths) / 1e6,
        "goal_seconds": GOAL_SECONDS,
        "runs": runs,
    }
    for name in ("html", "csv", "json"):
        output = folder / f"report.{name}"
        timed = median_run([KETAQUIZ, "report", *paths, "-o", str(output), "--force"], runs)
        found[name] = {"seconds": timed.seconds, "peak_kib": timed.peak_kib, "bytes": output.stat().st_size}
    reading = "import json, sys\nfor path in sys.argv[1:]:\n    json.load(open(path, encoding='utf-8'))"
    floor = median_run([PYTHON, "-c", reading, *paths], runs)
    found["floor"] = {"seconds": floor.seconds, "peak_kib": floor.peak_kib}
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run of each instead of seven")
    parser.add_argument("--save", action="store_true", help="keep the figures (of seven runs) in results.json")
    options = parser.parse_args()
    if not Path(KETAQUIZ).exists():
        sys.exit(f"{KETAQUIZ} is missing: install ketaquiz into this Python first (pip install .)")
    runs = 1 if options.quick and not options.save else 7
    with tempfile.TemporaryDirectory() as folder:
        found = measure(Path(folder), runs)
    print(figures.report(found))
    if options.save:
        figures.save("report", found)
    slow = [name for name in ("html", "csv", "json") if found[name]["seconds"] > GOAL_SECONDS]
    if slow:
        sys.exit("missed: " + ", ".join(slow))


if __name__ == "__main__":
    main()
