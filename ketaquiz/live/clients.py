"""What each client of the live server may ask of it: request budgets, event streams and the
participant ids given out, so that one misbehaving phone cannot starve the room."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """What one client (one address) may ask of the server, and what the whole room may."""

    requests_per_second: float = 10.0
    burst: int = 40
    streams_per_client: int = 4
    participants_per_client: int = 8  # browsers given a participant id, per address
    streams: int = 2000  # event streams open at once, from everyone
    voters: int = 5000  # participants whose votes are kept for one statement


DEFAULT_LIMITS = Limits()
# Addresses whose request budgets are remembered at once.
MAX_ADDRESSES = 10_000


class Clients:
    """Per-address request budgets (a token bucket each), open event streams, and participant ids."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.buckets: dict[str, tuple[float, float]] = {}
        self.streams: dict[str, int] = {}
        self.open_streams = 0
        # Participant ids are given out here, a few per address: a vote with an id the server
        # did not give out is refused, so one phone cannot vote many times under made-up ids.
        self.participants: set[str] = set()
        self.given_to: dict[str, int] = {}

    def new_participant(self, address: str) -> str | None:
        if self.given_to.get(address, 0) >= self.limits.participants_per_client or len(self.participants) >= (
            2 * self.limits.voters
        ):
            return None
        participant = secrets.token_urlsafe(16)
        self.participants.add(participant)
        self.given_to[address] = self.given_to.get(address, 0) + 1
        return participant

    def allow(self, address: str) -> bool:
        now = time.monotonic()
        if address not in self.buckets and len(self.buckets) >= MAX_ADDRESSES:
            # Forget only addresses whose budget has refilled: forgetting a busy one would reset it.
            refill = self.limits.burst / self.limits.requests_per_second
            self.buckets = {known: bucket for known, bucket in self.buckets.items() if now - bucket[1] < refill}
            if len(self.buckets) >= MAX_ADDRESSES:
                return False
        tokens, then = self.buckets.get(address, (float(self.limits.burst), now))
        tokens = min(float(self.limits.burst), tokens + (now - then) * self.limits.requests_per_second)
        if tokens < 1:
            self.buckets[address] = (tokens, now)
            return False
        self.buckets[address] = (tokens - 1, now)
        return True

    def open_stream(self, address: str) -> bool:
        if self.open_streams >= self.limits.streams or self.streams.get(address, 0) >= self.limits.streams_per_client:
            return False
        self.streams[address] = self.streams.get(address, 0) + 1
        self.open_streams += 1
        return True

    def close_stream(self, address: str) -> None:
        self.open_streams -= 1
        left = self.streams[address] - 1
        if left:
            self.streams[address] = left
        else:
            del self.streams[address]
