"""What each client of the live server may ask of it, so that one misbehaving device cannot starve
the room: request budgets, event streams and connections per network address, and the phones
turned away.

Per-address limits are only a flood guard, sized for a room behind one address (a venue's NAT, a
hotspot, a proxy): a participant is the browser the page was loaded in (`participants`), never its
address. An IPv6 address counts by its /64, the block one device can take addresses from at will.
"""

from __future__ import annotations

import enum
import functools
import ipaddress
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from ketaquiz.live.participants import Participants, decrement
from ketaquiz.wording import room as room_wording

# How many phones may share one network address unless the facilitator says otherwise: a large
# class on a venue's guest Wi-Fi.
PHONES_PER_ADDRESS = 250


@dataclass(frozen=True)
class Limits:
    """What one network address may ask of the server, and what the whole room may."""

    requests_per_second: float
    burst: int
    streams_per_address: int
    participants_per_address: int  # participant ids held by browsers at one address
    connections_per_address: int
    streams_per_participant: int = 4  # a few tabs; a reload's dead stream gives way to the new one
    streams: int = 2000  # event streams open at once, from everyone
    connections: int = 10_000  # open at once, from everyone (fewer where the computer allows fewer)
    voters: int = 5000  # participants whose votes are kept for one statement

    @property
    def participants(self) -> int:
        """Participant ids held at once: room for every voter to have changed browser once."""
        return 2 * self.voters


def limits_for(phones_per_address: int) -> Limits:
    """Limits that let `phones_per_address` phones behind one address join at once: each loads the
    page (about six requests), holds an event stream and votes, and may reload or open a second tab."""
    return Limits(
        requests_per_second=max(10.0, float(phones_per_address)),
        burst=max(64, 8 * phones_per_address),
        streams_per_address=phones_per_address,
        participants_per_address=2 * phones_per_address,
        connections_per_address=max(16, 4 * phones_per_address),
    )


DEFAULT_LIMITS = limits_for(PHONES_PER_ADDRESS)
# Addresses whose request budgets are remembered at once; beyond it the longest unseen is forgotten.
MAX_ADDRESSES = 10_000


class Turned(enum.Enum):
    """Why a phone was turned away, in the words the facilitator and the phone are shown."""

    ADDRESS = room_wording.TOO_MANY_ON_ADDRESS
    REQUESTS = room_wording.TOO_MANY_REQUESTS
    ROOM = room_wording.ROOM_FULL
    CLOSED = room_wording.CLOSED_TO_NEW


@functools.lru_cache(maxsize=4096)  # asked on every request and connection, of a room's few addresses
def group_of(address: str) -> str:
    """The network address that limits count by: an IPv4 address, or the /64 of an IPv6 one."""
    try:
        parsed = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)


class Budgets:
    """A token bucket of requests per address, the longest unseen address forgotten when too many
    are remembered: a flood from many addresses then costs its own budget, never a newcomer's."""

    def __init__(self, limits: Limits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def allow(self, group: str) -> bool:
        now = self._clock()
        burst, rate = float(self.limits.burst), self.limits.requests_per_second
        tokens, then = self._buckets.pop(group, (burst, now))
        if len(self._buckets) >= MAX_ADDRESSES:
            self._buckets.popitem(last=False)
        tokens = min(burst, tokens + (now - then) * rate)
        allowed = tokens >= 1
        self._buckets[group] = (tokens - 1 if allowed else tokens, now)
        return allowed


class Stream:
    """One open event stream: woken when the room changes, or to close for a newer one."""

    def __init__(self, group: str, participant: str | None, wake: Callable[[], None]) -> None:
        self.group = group
        self.participant = participant
        self.wake = wake
        self.replaced = False  # a newer stream of the same participant has taken its place
        self.counted = False


class Streams:
    """Open event streams, per address and in all, and per participant: a participant's fifth
    stream replaces its oldest, which after a reload is the one whose phone has gone."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.open = 0
        self._per_group: dict[str, int] = {}
        self._per_participant: dict[str, list[Stream]] = {}

    def start(self, stream: Stream) -> Turned | None:
        mine = self._per_participant.get(stream.participant) if stream.participant is not None else None
        if mine and len(mine) >= self.limits.streams_per_participant:
            oldest = mine.pop(0)
            oldest.replaced = True
            oldest.wake()
        elif self.open >= self.limits.streams:
            return Turned.ROOM
        elif self._per_group.get(stream.group, 0) >= self.limits.streams_per_address:
            return Turned.ADDRESS
        self.open += 1
        self._per_group[stream.group] = self._per_group.get(stream.group, 0) + 1
        stream.counted = True
        if stream.participant is not None:
            self._per_participant.setdefault(stream.participant, []).append(stream)
        return None

    def stop(self, stream: Stream) -> None:
        """Count a stream as closed, once, whether its phone went away or it was replaced."""
        if not stream.counted:
            return
        stream.counted = False
        self.open -= 1
        decrement(self._per_group, stream.group)
        mine = self._per_participant.get(stream.participant or "")
        if mine is not None and stream in mine:
            mine.remove(stream)
            if not mine:
                del self._per_participant[stream.participant or ""]


class TurnedAway:
    """The phones turned away, each counted once however often it tries again, and the latest reason."""

    def __init__(self, most: int) -> None:
        self.count = 0
        self.why: Turned | None = None
        self._most = most
        self._known: set[str] = set()

    def add(self, reason: Turned, who: str) -> None:
        """A refusal of `who`: a participant, the cookie of a page load given no id, or an address."""
        self.why = reason
        if who not in self._known and len(self._known) < self._most:
            self._known.add(who)
            self.count += 1


class Clients:
    """What the web side asks of the room's clients: budgets, participant ids and streams, and
    the phones turned away by any of them."""

    def __init__(self, limits: Limits, *, forget: Callable[[str], None]) -> None:
        self.limits = limits
        self.budgets = Budgets(limits)
        self.streams = Streams(limits)
        self.participants = Participants(
            capacity=limits.participants, per_group=limits.participants_per_address, forget=forget
        )
        self.turned_away = TurnedAway(most=limits.participants)

    def known(self, participant: str) -> bool:
        if participant not in self.participants:
            return False
        self.participants.seen(participant)
        return True

    def join(self, group: str, who: str, *, open_to_new: bool) -> str | Turned:
        """A new participant id for the browser `who` at `group`, or why there is none."""
        if not open_to_new:
            reason = Turned.CLOSED
        else:
            participant = self.participants.new(group)
            if participant is not None:
                return participant
            full = len(self.participants) >= self.participants.capacity
            reason = Turned.ROOM if full else Turned.ADDRESS
        self.turned_away.add(reason, who)
        return reason

    def start_stream(self, stream: Stream, who: str) -> Turned | None:
        refusal = self.streams.start(stream)
        if refusal is not None:
            self.turned_away.add(refusal, who)
        elif stream.participant is not None:
            self.participants.stream_opened(stream.participant)
        return refusal

    def end_stream(self, stream: Stream) -> None:
        if not stream.counted:
            return
        self.streams.stop(stream)
        if stream.participant is not None:
            self.participants.stream_closed(stream.participant)
