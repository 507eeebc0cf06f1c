"""Load on the live-voting server: N phones hold the event stream and vote within a few seconds.

    python benchmarks/live.py [--participants 500] [--window 5] [--save]

The server runs in a child process exactly as `present --live` runs it (its own thread and event
loop), on 127.0.0.1 only, driven from here as the facilitator's terminal would drive it. Each
simulated phone connects from its own loopback address (127.0.x.y), so the per-client limits
apply to it as to a real phone. Reports lost votes, vote latency, how long the reveal takes to
reach every phone, and the server's memory, against the goals below; with --save, the figures go
to benchmarks/results.json, from which the README's table is made (figures.py). Everything is
bounded: one statement, one vote each, and a timeout on every wait.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import aiohttp
import figures

if TYPE_CHECKING:
    from ketaquiz.live.room import Board
    from ketaquiz.model import Question

TIMEOUT = 60.0
# What a room of phones must get: every vote counted, a quick answer, the reveal at once, a small server.
GOALS = {"lost": 0, "p99_ms": 100, "reveal_ms": 1000, "memory_mib": 150}


def serve() -> None:
    """The child: a live room on 127.0.0.1, following one command per line on standard input."""
    from ketaquiz.bank import load_bank
    from ketaquiz.live.serving import live_room

    bank = load_bank(None)
    question = bank.questions[0]
    with live_room(host="127.0.0.1", port=0, title="Benchmark", resources=bank.resources) as room:
        follow(room, question)


def follow(room: Board, question: Question) -> None:
    from ketaquiz.quiz import Reveal

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
            room.reveal(Reveal(1, question, room.close_vote(), "now"))
        elif command == "end":
            room.end([])
        elif command == "memory":
            reply = memory()
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
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        self.url = str(self.ask_first()["url"])

    def ask_first(self) -> dict[str, Any]:
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


async def measure(participants: int, window: float) -> dict[str, Any]:
    server = Server()
    try:
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
    finally:
        server.stop()
    return results(phones, window, tally, revealed, used)


def results(
    phones: list[Phone], window: float, tally: dict[str, Any], revealed: float, used: dict[str, Any]
) -> dict[str, Any]:
    sent = {"myths": sum(phone.choice == "myth" for phone in phones), "facts": sum(p.choice == "fact" for p in phones)}
    counted = {"myths": int(tally["myths"]), "facts": int(tally["facts"])}
    latencies = sorted(phone.latency for phone in phones if phone.latency is not None)
    fan_out = max(phone.revealed_at for phone in phones if phone.revealed_at is not None) - revealed
    p99 = latencies[max(0, round(len(latencies) * 0.99) - 1)]
    return {
        "participants": len(phones),
        "window_seconds": window,
        "accepted": sum(phone.status == 200 for phone in phones),
        "sent": sent,
        "counted": counted,
        "lost": len(phones) - counted["myths"] - counted["facts"],
        "latency_ms": {"median": round(statistics.median(latencies) * 1000, 1), "p99": round(p99 * 1000, 1)},
        "reveal_ms": round(fan_out * 1000),
        "memory_mib": {"resident": used["rss_kib"] // 1024, "peak": used["peak_kib"] // 1024},
        "goals": GOALS,
    }


def report(found: dict[str, Any]) -> bool:
    """Print the figures; whether every goal was met."""
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=500)
    parser.add_argument("--window", type=float, default=5.0, help="seconds over which the votes arrive")
    parser.add_argument("--save", action="store_true", help="keep the figures in benchmarks/results.json")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.serve:
        serve()
        return
    found = asyncio.run(measure(min(arguments.participants, 2000), min(arguments.window, 60.0)))
    if arguments.save:
        figures.save("live", found)
    if not report(found):
        sys.exit(1)


if __name__ == "__main__":
    main()
