"""Load on the live-voting server: N phones hold the event stream and vote within a few seconds;
then the same beside a flood of idle connections, at a desktop's open-file limit.

    python benchmarks/live.py [--participants 500] [--window 5] [--idle 1100] [--open-files 1024] [--save]

The server runs in a child process exactly as `present --live` runs it (its own thread and event
loop), on 127.0.0.1 only, driven from here as the facilitator's terminal would drive it, and it
saves after the reveal as `--save` does. Each simulated phone connects from its own loopback
address (127.0.x.y), so the per-address limits apply to it as to a real phone.

1. The room: reports lost votes, vote latency, how long the reveal takes to reach every phone, and
   the server's memory.
2. The room beside a flood: one address (127.0.0.5) holds `--idle` connections that never send a
   request, the server limited to `--open-files` open files (soft and hard, so it cannot raise
   them). Every vote must be counted, the save file complete and the child's terminal output free
   of tracebacks; memory is read before the flood, at its height and once the flood has gone.

Each is checked against the goals below; with --save, the figures go to benchmarks/results.json,
from which the README's table is made (figures.py). Everything is bounded: one statement, one vote
each, and a timeout on every wait.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiohttp
import figures

if TYPE_CHECKING:
    from ketaquiz.live.room import Board
    from ketaquiz.model import Question
    from ketaquiz.present.savefile import SessionFile
    from ketaquiz.votes import Reveal

TIMEOUT = 60.0
FLOOD_ADDRESS = "127.0.0.5"
# What a room of phones must get: every vote counted, a quick answer, the reveal at once, a small server.
GOALS = {"lost": 0, "p99_ms": 100, "reveal_ms": 1000, "memory_mib": 150}


def serve(open_files: int | None, save_path: str | None) -> None:
    """The child: a live room on 127.0.0.1, following one command per line on standard input."""
    if open_files is not None:
        import resource

        resource.setrlimit(resource.RLIMIT_NOFILE, (open_files, open_files))
    from ketaquiz.bank import load_bank
    from ketaquiz.live.serving import live_room
    from ketaquiz.present.savefile import SessionFile

    bank = load_bank(None)
    save = None if save_path is None else SessionFile(save_path, bank_path="bundled")
    with live_room(host="127.0.0.1", port=0, title="Benchmark", resources=bank.resources) as room:
        follow(room, bank.questions[0], save)


def follow(room: Board, question: Question, save: SessionFile | None) -> None:
    from ketaquiz.votes import Reveal

    revealed: list[Reveal] = []
    print(json.dumps({"url": room.join.urls[0]}), flush=True)
    for line in sys.stdin:
        command = line.strip()
        reply: dict[str, object] = {}
        if command == "open":
            room.open(1, question, 1)
        elif command == "close":
            tally = room.close_vote()
            reply = {"myths": tally.myths, "facts": tally.facts}
        elif command == "reveal":
            reveal = Reveal(1, question, room.close_vote(), "now")
            if save is not None:  # as `present --save` does, before the phones see the reveal
                save.save([reveal])
                revealed = [reveal]
            room.reveal(reveal)
        elif command == "end":
            if save is not None:  # the workshop is added to the save file as it ends
                save.finish(revealed)
            room.end([])
        elif command == "memory":
            reply = memory()
        elif command == "presence":
            presence = room.presence()
            reply = {"joined": presence.joined, "refused_connections": presence.refused_connections}
        else:
            break
        print(json.dumps(reply), flush=True)


def memory() -> dict[str, object]:
    with open("/proc/self/status", encoding="ascii") as status:
        fields = dict(line.split(":", 1) for line in status)
    return {"rss_kib": int(fields["VmRSS"].split()[0]), "peak_kib": int(fields["VmHWM"].split()[0])}


@dataclass
class Phone:
    address: str
    choice: str = field(default_factory=lambda: random.choice(["myth", "fact"]))
    latency: float | None = None
    status: int | None = None
    revealed_at: float | None = None


async def next_state(events: aiohttp.ClientResponse) -> dict[str, object]:
    while True:
        line = await events.content.readline()
        if not line:
            raise ConnectionError("the event stream ended")
        if line.startswith(b"data: "):
            return dict(json.loads(line[6:]))


async def take_part(phone: Phone, url: str, connected: asyncio.Event, window: float) -> None:
    connector = aiohttp.TCPConnector(local_addr=(phone.address, 0), limit=2)
    jar = aiohttp.CookieJar(unsafe=True)  # by default the jar keeps no cookie from an IP address
    timeout = aiohttp.ClientTimeout(total=TIMEOUT)
    async with aiohttp.ClientSession(connector=connector, cookie_jar=jar, timeout=timeout) as session:
        async with session.get(url) as page:
            await page.read()
        async with session.get(url + "api/events") as events:
            await next_state(events)  # waiting
            connected.set()
            while (await next_state(events))["phase"] != "voting":
                pass
            await asyncio.sleep(random.uniform(0, window))
            started = time.monotonic()
            async with session.post(url + "api/vote", json={"position": 1, "choice": phone.choice}) as response:
                await response.read()
                phone.status = response.status
            phone.latency = time.monotonic() - started
            while (await next_state(events))["phase"] != "revealed":
                pass
            phone.revealed_at = time.monotonic()


class Server:
    def __init__(self, *, folder: Path, open_files: int | None = None, save: bool = False) -> None:
        self.save_path = folder / "save.json"
        self.output_path = folder / "output.txt"
        command = [sys.executable, __file__, "--serve"]
        if save:
            command += ["--serve-save", str(self.save_path)]
        if open_files is not None:
            command += ["--serve-open-files", str(open_files)]
        with open(self.output_path, "wb") as output:
            self.process = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=output, text=True
            )
        self.url = str(self.ask_first()["url"])

    def ask_first(self) -> dict[str, object]:
        assert self.process.stdout is not None
        return dict(json.loads(self.process.stdout.readline()))

    def ask(self, command: str) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self.ask_first()

    def stop(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=10)

    def output(self) -> str:
        return self.output_path.read_text(encoding="utf-8", errors="replace")

    def saved_tally(self) -> tuple[int, int]:
        (result,) = json.loads(self.save_path.read_text(encoding="utf-8"))["sessions"][0]["results"]
        return int(result["myth_votes"]), int(result["fact_votes"])


@dataclass
class Run:
    phones: list[Phone]
    tally: dict[str, Any]
    revealed: float
    used: dict[str, Any]


async def run_room(server: Server, participants: int, window: float) -> Run:
    """The phones join, the statement opens, they vote within `window` seconds, and it is revealed."""
    phones = [Phone(f"127.0.{1 + number // 250}.{1 + number % 250}") for number in range(participants)]
    flags = [asyncio.Event() for _ in phones]
    tasks = [
        asyncio.create_task(take_part(phone, server.url, flag, window))
        for phone, flag in zip(phones, flags, strict=True)
    ]
    await asyncio.wait_for(asyncio.gather(*(flag.wait() for flag in flags)), TIMEOUT)
    server.ask("open")
    await asyncio.sleep(window + 1)
    deadline = time.monotonic() + TIMEOUT
    while any(phone.latency is None for phone in phones) and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    tally = server.ask("close")
    revealed = time.monotonic()
    server.ask("reveal")
    await asyncio.wait_for(asyncio.gather(*tasks), TIMEOUT)
    used = server.ask("memory")
    server.ask("end")
    return Run(phones, tally, revealed, used)


async def measure(participants: int, window: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        server = Server(folder=Path(folder))
        try:
            run = await run_room(server, participants, window)
        finally:
            server.stop()
    return {**results(run), "window_seconds": window, "goals": GOALS}


async def hold_idle(url: str, count: int) -> list[asyncio.StreamWriter]:
    """`count` connections from one address that never send a byte."""
    host, port = url.split("/")[2].split(":")
    held = []
    for _ in range(count):
        with contextlib.suppress(OSError, asyncio.TimeoutError):
            _, writer = await asyncio.wait_for(
                asyncio.open_connection(host, int(port), local_addr=(FLOOD_ADDRESS, 0)), 5
            )
            held.append(writer)
    return held


async def measure_flood(participants: int, window: float, idle: int, open_files: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        server = Server(folder=Path(folder), open_files=open_files, save=True)
        try:
            before = server.ask("memory")
            flood = await hold_idle(server.url, idle)
            run = await run_room(server, participants, window)
            for writer in flood:
                writer.close()
            presence = server.ask("presence")
            await asyncio.sleep(20)  # every connection the flood left has timed out, and been tidied away
            after = server.ask("memory")
        finally:
            server.stop()
        saved, output = server.saved_tally(), server.output()
    return {
        **results(run),
        "idle": idle,
        "open_files": open_files,
        "idle_opened": len(flood),
        "refused_connections": presence["refused_connections"],
        "saved": {"myths": saved[0], "facts": saved[1]},
        "tracebacks": output.count("Traceback"),
        "memory_flood_mib": {
            "before": int(before["rss_kib"]) // 1024,
            "height": int(after["peak_kib"]) // 1024,
            "after": int(after["rss_kib"]) // 1024,
        },
    }


def results(run: Run) -> dict[str, Any]:
    phones, tally, used = run.phones, run.tally, run.used
    sent = {"myths": sum(phone.choice == "myth" for phone in phones), "facts": sum(p.choice == "fact" for p in phones)}
    counted = {"myths": int(tally["myths"]), "facts": int(tally["facts"])}
    latencies = sorted(phone.latency for phone in phones if phone.latency is not None)
    fan_out = max(phone.revealed_at for phone in phones if phone.revealed_at is not None) - run.revealed
    p99 = latencies[max(0, round(len(latencies) * 0.99) - 1)]
    return {
        "participants": len(phones),
        "accepted": sum(phone.status == 200 for phone in phones),
        "sent": sent,
        "counted": counted,
        "lost": len(phones) - counted["myths"] - counted["facts"],
        "latency_ms": {"median": round(statistics.median(latencies) * 1000, 1), "p99": round(p99 * 1000, 1)},
        "reveal_ms": round(fan_out * 1000),
        "memory_mib": {"resident": used["rss_kib"] // 1024, "peak": used["peak_kib"] // 1024},
    }


def report(found: dict[str, Any]) -> bool:
    """Print the room's figures; whether every goal was met."""
    sent, counted, latency, memory = found["sent"], found["counted"], found["latency_ms"], found["memory_mib"]
    met = {
        "lost": found["lost"] <= GOALS["lost"],
        "p99_ms": latency["p99"] <= GOALS["p99_ms"],
        "reveal_ms": found["reveal_ms"] <= GOALS["reveal_ms"],
        "memory_mib": memory["peak"] <= GOALS["memory_mib"],
    }

    def goal(name: str) -> str:
        return f"  (goal ≤ {GOALS[name]} {'✓' if met[name] else '✗'})"

    print(f"participants            {found['participants']}")
    print(f"votes sent / accepted   {found['participants']} / {found['accepted']}")
    print(f"tally sent / counted    {sent['myths']}-{sent['facts']} / {counted['myths']}-{counted['facts']}")
    print(f"lost votes              {found['lost']}{goal('lost')}")
    print(f"vote latency            median {latency['median']} ms, p99 {latency['p99']} ms{goal('p99_ms')}")
    print(f"reveal reaches everyone {found['reveal_ms']} ms{goal('reveal_ms')}")
    print(f"server memory           {memory['resident']} MiB now, {memory['peak']} MiB peak{goal('memory_mib')}")
    return all(met.values())


def report_flood(found: dict[str, Any]) -> bool:
    """Print the figures of the room beside a flood; whether every vote was counted and saved, and no
    traceback was written."""
    print(f"\nThe room beside a flood: {found['idle']} idle connections, {found['open_files']} open files")
    room_met = report(found)
    memory = found["memory_flood_mib"]
    print(f"idle connections held   {found['idle_opened']} opened, {found['refused_connections']} refused or timed out")
    print(f"saved tally             {found['saved']['myths']}-{found['saved']['facts']}")
    print(f"tracebacks in output    {found['tracebacks']}")
    print(
        f"server memory, flood    {memory['before']} MiB before, {memory['height']} MiB at the height, "
        f"{memory['after']} MiB once gone"
    )
    return room_met and found["tracebacks"] == 0 and found["saved"] == found["counted"]


def raise_own_open_files() -> None:
    """The phones and the flood are this process's connections: as many open files as allowed."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=500)
    parser.add_argument("--window", type=float, default=5.0, help="seconds over which the votes arrive")
    parser.add_argument("--idle", type=int, default=1100, help="idle connections beside the room (0: no flood)")
    parser.add_argument("--open-files", type=int, default=1024, help="the server's open-file limit in the flood")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--serve-open-files", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--serve-save", help=argparse.SUPPRESS)
    parser.add_argument("--save", action="store_true", help="keep the figures in benchmarks/results.json")
    arguments = parser.parse_args()
    if arguments.serve:
        serve(arguments.serve_open_files, arguments.serve_save)
        return
    raise_own_open_files()
    participants, window = min(arguments.participants, 2000), min(arguments.window, 60.0)
    found = asyncio.run(measure(participants, window))
    print(f"The room: {participants} phones")
    met = report(found)
    if arguments.idle:
        flood = asyncio.run(measure_flood(participants, window, min(arguments.idle, 5000), arguments.open_files))
        met = report_flood(flood) and met
        found["flood"] = flood
    if arguments.save:
        figures.save("live", found)
    if not met:
        sys.exit(1)


if __name__ == "__main__":
    main()
