"""Measure ketaquiz against the floor set by Python and the libraries it uses.

    python benchmarks/run.py [--runs 7] [--quick] [--save]

Runs the installed `ketaquiz` (the one beside this Python) and, alternately,
the bare work it cannot avoid — importing click, or parsing the same YAML — and
prints the median time of each, their ratio against the target, and peak
memory. Banks of 100, 1,000 and 10,000 statements are generated from the
bundled one's English in a temporary folder. With --save, the figures go to
benchmarks/results.json, from which the README's tables are made (figures.py).
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import figures

PYTHON = sys.executable
KETAQUIZ = str(Path(sys.executable).parent / "ketaquiz")
SIZES = (100, 1_000, 10_000)
# As on a user's machine: Python may cache compiled modules (the warm-up run writes them).
ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_kib: int


def run_once(
    command: list[str],
    stdin: bytes = b"",
    until: bytes | None = None,
    ends_with: int = 0,
    environment: dict[str, str] | None = None,
) -> Run:
    """Time one process to its end (or until `until` appears on stdout), with its peak memory; it
    must end with the exit status `ends_with`."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=ENVIRONMENT if environment is None else environment,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(stdin)
    process.stdin.close()
    if until is None:
        while process.stdout.read(1 << 16):
            pass
    else:
        seen = b""
        while until not in seen:
            chunk = os.read(process.stdout.fileno(), 1 << 16)
            if not chunk:
                raise RuntimeError(f"{command} ended before printing {until!r}")
            seen += chunk
    elapsed = time.perf_counter() - start
    if until is not None:
        # Not process.kill(): it polls first, and a process that has already ended (play ends at the
        # end of its input) would be reaped there, taking the peak memory with it.
        os.kill(process.pid, signal.SIGKILL)
        while process.stdout.read(1 << 16):
            pass
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if until is None and process.returncode != ends_with:
        raise RuntimeError(f"{' '.join(command)} ended with status {process.returncode}, not {ends_with}")
    return Run(elapsed, usage.ru_maxrss)


@dataclass(frozen=True)
class Floor:
    """The bare work a command cannot avoid, and how the README names it."""

    label: str
    command: list[str]


@dataclass(frozen=True)
class Comparison:
    name: str
    ours: Run
    floor: Run
    floor_label: str
    target: float | None
    memory_target: float | None = None

    @property
    def ratio(self) -> float:
        return self.ours.seconds / self.floor.seconds

    @property
    def memory_ratio(self) -> float:
        return self.ours.peak_kib / self.floor.peak_kib

    @property
    def failed(self) -> bool:
        return any(
            target is not None and ratio > target
            for ratio, target in ((self.ratio, self.target), (self.memory_ratio, self.memory_target))
        )


def compare(
    name: str,
    ours: list[str],
    floor: Floor,
    runs: int,
    target: float | None,
    *,
    until: bytes | None = None,
    memory_target: float | None = None,
) -> Comparison:
    """Alternate the two commands, after one warm-up each, and keep the medians."""
    run_once(ours, until=until)
    run_once(floor.command)
    mine: list[Run] = []
    bare: list[Run] = []
    for _ in range(runs):
        mine.append(run_once(ours, until=until))
        bare.append(run_once(floor.command))
    return Comparison(name, _median(mine), _median(bare), floor.label, target, memory_target)


def _median(runs: list[Run]) -> Run:
    return Run(statistics.median(r.seconds for r in runs), int(statistics.median(r.peak_kib for r in runs)))


def generate_bank(size: int, folder: Path) -> Path:
    """The bundled bank's statements, in English alone, repeated under new ids until there are `size`
    of them. (With its French as well, 10,000 statements would pass the 32 MiB limit for a bank.)"""
    import yaml

    from ketaquiz.bank import load_bank
    from ketaquiz.export.json import export as to_json

    bundled = load_bank()
    document = yaml.safe_load(to_json(bundled, bundled.questions))
    for key in ("languages", "translations"):
        document.pop(key, None)
    for resource in document.get("resources", []):
        resource.pop("translations", None)
    originals = [
        {key: value for key, value in question.items() if key != "translations"} for question in document["questions"]
    ]
    document["questions"] = [
        {**originals[n % len(originals)], "id": f"{originals[n % len(originals)]['id']}-{n}"} for n in range(size)
    ]

    class Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data: object) -> bool:
            return True  # a bank may not use aliases: write every repeat out in full

    path = folder / f"bank-{size}.yaml"
    text = yaml.dump(document, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(text, encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each command (default 7)")
    parser.add_argument("--quick", action="store_true", help="3 runs, and no 10,000-statement cases")
    parser.add_argument("--save", action="store_true", help="keep the figures in benchmarks/results.json")
    options = parser.parse_args()
    if options.quick and options.save:
        parser.error("--save keeps the figures of a full run only")
    runs = 3 if options.quick else options.runs
    sizes = SIZES[:2] if options.quick else SIZES
    if not Path(KETAQUIZ).exists():
        sys.exit(f"{KETAQUIZ} is missing: install ketaquiz into this Python first (pip install .)")

    import_click = Floor('python -c "import click"', [PYTHON, "-c", "import click"])
    imports = "import click, rich.console, rich.table, yaml"
    import_list = Floor(imports, [PYTHON, "-c", imports])
    # A tenth of a second on a shared machine is noisy: the quick cases get three times the runs.
    quick_runs = runs * 3
    results = [
        compare("--version", [KETAQUIZ, "--version"], import_click, quick_runs, 1.25),
        compare("--help", [KETAQUIZ, "--help"], import_click, quick_runs, 1.25),
        compare("list (bundled bank)", [KETAQUIZ, "list"], import_list, quick_runs, 1.5),
        compare(
            "play: first statement shown",
            [KETAQUIZ, "play", "--seed", "1"],
            import_list,
            quick_runs,
            None,
            until=b"Myth or fact?",
        ),
    ]
    growth: dict[str, list[float]] = {"validate": [], "list": [], "export csv": []}
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            bank = str(generate_bank(size, Path(folder)))
            parse = Floor(
                "yaml.load(f, Loader=yaml.CSafeLoader)",
                [
                    PYTHON,
                    "-c",
                    "import sys, yaml; yaml.load(open(sys.argv[1], encoding='utf-8'), Loader=yaml.CSafeLoader)",
                    bank,
                ],
            )
            largest = size == max(sizes)
            validate = compare(
                f"validate, {size:,} statements",
                [KETAQUIZ, "validate", bank],
                parse,
                runs,
                1.3 if largest else None,
                memory_target=1.5 if largest else None,
            )
            results.append(validate)
            growth["validate"].append(validate.ours.seconds)
            for name, args in (
                ("list", ["list", "--bank", bank]),
                ("export csv", ["export", "--format", "csv", "--bank", bank]),
            ):
                timed = compare(f"{name}, {size:,} statements", [KETAQUIZ, *args], parse, runs, None)
                results.append(timed)
                growth[name].append(timed.ours.seconds)
    report(results, growth, sizes, runs)
    if options.save:
        figures.save("commands", saved(results, growth, sizes, runs))
    if any(result.failed for result in results):
        sys.exit(1)


def saved(
    results: list[Comparison], growth: dict[str, list[float]], sizes: tuple[int, ...], runs: int
) -> dict[str, object]:
    import yaml

    return {
        "runs": runs,
        "quick_runs": runs * 3,
        "libyaml": yaml.__with_libyaml__,
        "sizes": list(sizes),
        "cases": [
            {
                "case": result.name,
                "seconds": round(result.ours.seconds, 6),
                "floor": result.floor_label,
                "floor_seconds": round(result.floor.seconds, 6),
                "target": result.target,
                "peak_kib": result.ours.peak_kib,
                "floor_peak_kib": result.floor.peak_kib,
                "memory_target": result.memory_target,
            }
            for result in results
        ],
        "growth": {name: [round(s, 6) for s in seconds] for name, seconds in growth.items()},
    }


def report(results: list[Comparison], growth: dict[str, list[float]], sizes: tuple[int, ...], runs: int) -> None:
    print(
        f"ketaquiz benchmark — Python {sys.version.split()[0]} on {os.uname().sysname} {os.uname().machine}, "
        f"{os.cpu_count()} CPUs; medians of {runs} alternating runs ({runs * 3} for the first four cases)"
    )
    print()
    header = (
        f"{'case':32} {'ketaquiz':>9} {'floor':>9} {'ratio':>6} {'target':>7}  "
        f"{'peak MiB':>8} {'floor':>6} {'ratio':>6}"
    )
    print(header)
    print("-" * len(header))
    for result in results:
        verdict = ""
        if result.target is not None:
            verdict = f"≤{result.target:<4}{'✓' if result.ratio <= result.target else '✗'}"
        memory = ""
        if result.memory_target is not None:
            memory = f"≤{result.memory_target} {'✓' if result.memory_ratio <= result.memory_target else '✗'}"
        print(
            f"{result.name:32} {result.ours.seconds * 1000:7.0f}ms {result.floor.seconds * 1000:7.0f}ms "
            f"{result.ratio:6.2f} {verdict:>7}  {result.ours.peak_kib / 1024:8.1f} "
            f"{result.floor.peak_kib / 1024:6.1f} {result.memory_ratio:6.2f} {memory}"
        )
    print()
    print("Growth with bank size (time at each size, and the cost of each further 1,000 statements):")
    for name, seconds in growth.items():
        times = "  ".join(f"{size:>6,}: {s * 1000:6.0f}ms" for size, s in zip(sizes, seconds, strict=True))
        per_k = ", ".join(f"{slope * 1000:.0f}ms" for slope in figures.per_thousand(sizes, seconds))
        print(f"  {name:11} {times}   per 1,000 more: {per_k}")


if __name__ == "__main__":
    main()
