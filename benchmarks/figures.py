"""The measured figures: saved by run.py and live.py, shown in the README from here.

    python benchmarks/run.py --save
    python benchmarks/live.py --save
    cog -r README.md

Each script keeps its figures, with the machine and versions they were measured with, under its
own key of results.json (committed). The README's performance tables are made from that file by
cog, so `cog --check README.md` tells whether they are current without measuring anything.
"""

from __future__ import annotations

import itertools
import json
import os
import platform
import re
import textwrap
from collections.abc import Sequence
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).with_name("results.json")


def save(section: str, figures: dict[str, Any]) -> None:
    """Keep `figures` under `section` of results.json, with where and with what they were measured."""
    everything = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    everything[section] = {"measured": measured_on(), **figures}
    RESULTS.write_text(json.dumps(everything, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def load(section: str) -> dict[str, Any]:
    figures: dict[str, Any] = json.loads(RESULTS.read_text(encoding="utf-8"))[section]
    return figures


def measured_on() -> dict[str, Any]:
    cpu = _field("/proc/cpuinfo", "model name") or platform.processor() or "unknown"
    memory_kib = int((_field("/proc/meminfo", "MemTotal") or "0 kB").split()[0])
    direct = metadata.distribution("ketaquiz").read_text("direct_url.json")
    editable = bool(direct and json.loads(direct).get("dir_info", {}).get("editable"))
    return {
        "date": date.today().isoformat(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "virtual": "hypervisor" in (_field("/proc/cpuinfo", "flags") or "").split(),
        "memory_gib": round(memory_kib / 1024**2),
        "system": f"{platform.system()} {platform.machine()}",
        "python": platform.python_version(),
        "libraries": {name: _version(name) for name in ("click", "rich", "PyYAML", "aiohttp")},
        "install": "pip install -e ." if editable else "pip install .",
    }


def _field(path: str, name: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as file:
            for line in file:
                key, _, value = line.partition(":")
                if key.strip() == name:
                    return value.strip()
    except OSError:
        pass
    return None


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


# What the README calls each of run.py's cases.
_README_NAMES = {
    "--version": "`ketaquiz --version`",
    "--help": "`ketaquiz --help`",
    "list (bundled bank)": "`ketaquiz list`, bundled bank",
    "play: first statement shown": "`ketaquiz play`, until the first statement is shown",
}


def commands() -> str:
    """The README's tables of run.py's figures: against the floor, then growth with the bank's size."""
    figures = load("commands")
    cases = {case["case"]: case for case in figures["cases"]}
    largest = max(figures["sizes"])
    validate = cases[f"validate, {largest:,} statements"]
    rows = [(_README_NAMES[name], cases[name]) for name in _README_NAMES]
    rows.append((f"`ketaquiz validate`, {largest:,} statements", validate))
    lines = ["| case | ketaquiz | floor | ratio | target |", "| --- | ---: | ---: | ---: | ---: |"]
    previous = None
    for name, case in rows:
        floor = "same" if case["floor"] == previous else f"`{case['floor']}`"
        previous = case["floor"]
        lines.append(
            f"| {name} | {_time(case['seconds'])} | {_time(case['floor_seconds'])} ({floor}) "
            f"| {case['seconds'] / case['floor_seconds']:.2f} | {_target(case['target'])} |"
        )
    lines.append(
        f"| peak memory of that validate | {validate['peak_kib'] / 1024:.0f} MiB "
        f"| {validate['floor_peak_kib'] / 1024:.0f} MiB | {validate['peak_kib'] / validate['floor_peak_kib']:.2f} "
        f"| {_target(validate['memory_target'])} |"
    )
    sizes = figures["sizes"]
    lines += [
        "",
        "Growth with the size of the bank (time at each size, and the cost of each further 1,000 statements):",
        "",
        f"| command | {' | '.join(f'{size:,}' for size in sizes)} | per 1,000 more |",
        f"| --- | {' | '.join('---:' for _ in sizes)} | --- |",
    ]
    shown = {"validate": "`validate`", "list": "`list` (into a pipe)", "export csv": "`export --format csv`"}
    for name, seconds in figures["growth"].items():
        steps = ", ".join(f"{slope:.2f} s" for slope in per_thousand(sizes, seconds))
        lines.append(f"| {shown[name]} | {' | '.join(f'{s:.2f} s' for s in seconds)} | {steps} |")
    how = (
        f"{' with libyaml' if figures['libyaml'] else ', without libyaml'}; ketaquiz installed with "
        f"`{figures['measured']['install']}`; medians of {figures['quick_runs']} alternating runs for the "
        f"first four rows, {figures['runs']} for the rest."
    )
    lines += ["", _paragraph(_measured(figures["measured"], ("click", "rich", "PyYAML")) + how)]
    return "\n".join(lines) + "\n"


def per_thousand(sizes: Sequence[int], seconds: Sequence[float]) -> list[float]:
    """The time each further 1,000 statements cost, between each size and the next."""
    steps = zip(sizes, seconds, strict=True)
    return [(b - a) / ((n2 - n1) / 1000) for (n1, a), (n2, b) in itertools.pairwise(steps)]


def live() -> str:
    """The README's table of live.py's figures, beside its goals."""
    figures = load("live")
    goals = figures["goals"]
    phones = figures["participants"]
    sent, counted = figures["sent"], figures["counted"]
    lines = [
        f"| measure | {phones} phones | goal |",
        "| --- | ---: | ---: |",
        f"| lost votes (tally counted against votes sent) | {figures['lost']} "
        f"({sent['myths']}–{sent['facts']} sent, {counted['myths']}–{counted['facts']} counted) | {goals['lost']} |",
        f"| vote latency, median / p99 | {figures['latency_ms']['median']:.1f} ms / "
        f"{figures['latency_ms']['p99']:.1f} ms | p99 ≤ {goals['p99_ms']} ms |",
        f"| the reveal reaching all {phones} phones | {figures['reveal_ms']:.0f} ms "
        f"| ≤ {_time(goals['reveal_ms'] / 1000)} |",
        f"| server memory (peak resident) | {figures['memory_mib']['peak']} MiB | ≤ {goals['memory_mib']} MiB |",
        *_flood(figures.get("flood")),
        "",
        _paragraph(
            _measured(figures["measured"], ("aiohttp",))
            + f"; the votes arrived within {figures['window_seconds']:g} seconds, and the phones and the "
            "server shared the machine's cores."
        ),
    ]
    return "\n".join(lines) + "\n"


def _flood(flood: dict[str, Any] | None) -> list[str]:
    """The rows of the same room beside a flood of idle connections, where it was measured."""
    if flood is None:
        return []
    memory = flood["memory_flood_mib"]
    beside = f"beside {flood['idle']:,} idle connections at {flood['open_files']:,} open files"
    return [
        f"| {beside}: lost votes | {flood['lost']} (saved {flood['saved']['myths']}–{flood['saved']['facts']}) | 0 |",
        f"| {beside}: vote latency p99, reveal | {flood['latency_ms']['p99']:.1f} ms, "
        f"{flood['reveal_ms']:.0f} ms | — |",
        f"| {beside}: tracebacks on the projector | {flood['tracebacks']} | 0 |",
        f"| server memory before, at the height of and after the flood | {memory['before']} / {memory['height']} / "
        f"{memory['after']} MiB | — |",
    ]


def _measured(machine: dict[str, Any], libraries: Sequence[str]) -> str:
    kind = "virtual machine" if machine["virtual"] else "machine"
    versions = ", ".join(f"{name if name != 'rich' else 'Rich'} {machine['libraries'][name]}" for name in libraries)
    return (
        f"Measured on {machine['date']} on a {machine['cores']}-core {machine['cpu']} {kind} with "
        f"{machine['memory_gib']} GiB of memory, {machine['system']}, Python {machine['python']}, {versions}"
    )


def _paragraph(text: str) -> str:
    """Wrapped as the README is, never inside `code`."""
    kept = re.sub(r"`[^`]*`", lambda code: code.group().replace(" ", "\0"), text)
    return textwrap.fill(kept, width=96, break_on_hyphens=False, break_long_words=False).replace("\0", " ")


def _time(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s".replace(".00 s", " s")


def _target(target: float | None) -> str:
    return "—" if target is None else f"≤ {target}"


def bounds(found: dict[str, Any] | None = None) -> str:
    """The README's table of bounds.py's figures, beside their goals."""
    figures = found or load("bounds")
    goals, history, save = figures["goals"], figures["history"], figures["save"]
    large, small = history["large"], history["small"]
    sessions = f"{history['sessions']:,}"
    plays = history["plays_at_once"]
    lines = [
        "| measure | figure | goal |",
        "| --- | ---: | ---: |",
        f"| `stats`, {sessions} sessions in the history | {_time(large['stats'])} "
        f"(100 sessions: {_time(small['stats'])}), peak {large['stats_peak_kib'] / 1024:.0f} MiB "
        f"| ≤ {_time(goals['stats'])} |",
        f"| `play --missed` until its first statement, {sessions} sessions | {_time(large['missed'])} "
        f"(100 sessions: {_time(small['missed'])}) | ≤ {_time(goals['missed'])} |",
        f"| `play -n 1`, recording the session, {sessions} sessions | {_time(large['record'])} "
        f"(100 sessions: {_time(small['record'])}; {large['record'] / small['record']:.2f}×) "
        f"| ≤ {goals['recording ratio']}× |",
        f"| {plays['plays']} plays ending at once, {sessions} sessions | {plays['recorded']} of {plays['plays']} "
        f"recorded in {_time(plays['seconds'])} | all, ≤ {_time(goals['plays at once'])} |",
        f"| importing a {sessions}-session `history.jsonl`, once | {_time(history['import_seconds'])} | — |",
    ]
    for bank in figures["banks"]:
        lines.append(
            f"| `validate`, {bank['mebibytes']:.0f} MiB: {bank['bank']} ({bank['questions']:,} questions) "
            f"| {_time(bank['seconds'])} (libyaml alone: {_time(bank['parse_seconds'])}), "
            f"peak {bank['peak_kib'] / 1024:.0f} MiB | ≤ {_time(goals['bank'])} |"
        )
    empty, series = save["empty"], save["series"]
    lines += [
        f"| saving one reveal, into a {save['series_megabytes']:.0f} MB series of {save['series_workshops']:,} "
        f"workshops | {series['save'] * 1000:.1f} ms "
        f"(empty: {empty['save'] * 1000:.1f} ms; {series['save'] / empty['save']:.2f}×) | ≤ {goals['save ratio']}× |",
        f"| adding the workshop to that series at its end | {_time(series['end'])} "
        f"(empty: {_time(empty['end'])}) | — |",
    ]
    if "measured" in figures:
        lines += ["", _paragraph(_measured(figures["measured"], ("PyYAML",)) + f"; medians of {figures['runs']} runs.")]
    return "\n".join(lines) + "\n"


def bounds_missed(figures: dict[str, Any]) -> list[str]:
    """The goals bounds.py's figures miss."""
    goals, history, save = figures["goals"], figures["history"], figures["save"]
    large, small = history["large"], history["small"]
    plays = history["plays_at_once"]
    checks = {
        "stats": large["stats"] <= goals["stats"],
        "play --missed": large["missed"] <= goals["missed"],
        "recording": large["record"] / small["record"] <= goals["recording ratio"],
        "plays at once": plays["recorded"] == plays["plays"] and plays["seconds"] <= goals["plays at once"],
        "saving a reveal": save["series"]["save"] / save["empty"]["save"] <= goals["save ratio"],
        **{f"validate: {bank['bank']}": bank["seconds"] <= goals["bank"] for bank in figures["banks"]},
    }
    return [name for name, met in checks.items() if not met]


def report(found: dict[str, Any] | None = None) -> str:
    """The README's table of report.py's figures, beside the goal."""
    figures = found or load("report")
    series = (
        f"{figures['files']} save files ({figures['megabytes']:.0f} MB) of {figures['statements']} statements "
        f"× {figures['phones']} phones"
    )
    floor = figures["floor"]
    lines = [
        "| measure | figure | goal |",
        "| --- | ---: | ---: |",
        *(
            f"| `ketaquiz report` over {series}, as {name.upper()} | {_time(figures[name]['seconds'])}, "
            f"peak {figures[name]['peak_kib'] / 1024:.0f} MiB | ≤ {_time(figures['goal_seconds'])} |"
            for name in ("html", "csv", "json")
        ),
        f"| reading the same files with Python's `json` alone | {_time(floor['seconds'])}, "
        f"peak {floor['peak_kib'] / 1024:.0f} MiB | — |",
    ]
    if "measured" in figures:
        lines += ["", _paragraph(_measured(figures["measured"], ("click",)) + f"; medians of {figures['runs']} runs.")]
    return "\n".join(lines) + "\n"
