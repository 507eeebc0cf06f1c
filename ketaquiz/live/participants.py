"""The participants of a live room: an id for each browser the page was loaded in, kept in its cookie.

Ids are given out only when the page itself is loaded, at most a share of them to one network
address and never more than the room holds. When either is reached, the id unused longest (no open
event stream and no request for `UNUSED_SECONDS`) is taken back for the newcomer, with its vote on
the open statement: ids given out and abandoned, by a script or by phones that left, never keep a
newcomer out, and no one is counted twice.
"""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from collections.abc import Callable

# A phone holds its event stream while the page is open, and reconnects within seconds when it drops.
UNUSED_SECONDS = 30.0


class Participants:
    def __init__(
        self,
        *,
        capacity: int,
        per_group: int,
        forget: Callable[[str], None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.capacity = capacity
        self.per_group = per_group
        self._forget = forget  # told of every id taken back, so that its vote goes with it
        self._clock = clock
        self._group: dict[str, str] = {}
        self._per_group: dict[str, int] = {}
        self._streams: dict[str, int] = {}
        # Ids with no open stream, by when they were last seen, longest unseen first: in all, and per group.
        self._unused: OrderedDict[str, float] = OrderedDict()
        self._unused_in: dict[str, OrderedDict[str, float]] = {}

    def __len__(self) -> int:
        return len(self._group)

    def __contains__(self, participant: str) -> bool:
        return participant in self._group

    def new(self, group: str) -> str | None:
        """A new id for a browser at `group`, or None when the room has no id to give."""
        if self._per_group.get(group, 0) >= self.per_group:
            if not self._take_back(self._unused_in.get(group)):
                return None
        elif len(self._group) >= self.capacity and not self._take_back(self._unused):
            return None
        participant = secrets.token_urlsafe(16)
        self._group[participant] = group
        self._per_group[group] = self._per_group.get(group, 0) + 1
        self._mark_unused(participant)
        return participant

    def seen(self, participant: str) -> None:
        if participant in self._unused:
            self._mark_unused(participant)

    def stream_opened(self, participant: str) -> None:
        self._streams[participant] = self._streams.get(participant, 0) + 1
        self._unmark(participant)

    def stream_closed(self, participant: str) -> None:
        left = self._streams.pop(participant) - 1
        if left:
            self._streams[participant] = left
        elif participant in self._group:
            self._mark_unused(participant)

    def _mark_unused(self, participant: str) -> None:
        self._unmark(participant)
        now = self._clock()
        self._unused[participant] = now
        self._unused_in.setdefault(self._group[participant], OrderedDict())[participant] = now

    def _unmark(self, participant: str) -> None:
        if self._unused.pop(participant, None) is None:
            return
        group = self._group[participant]
        in_group = self._unused_in[group]
        del in_group[participant]
        if not in_group:
            del self._unused_in[group]

    def _take_back(self, unused: OrderedDict[str, float] | None) -> bool:
        """Take back the id unused longest among `unused`, if it has been unused long enough."""
        if not unused:
            return False
        participant, since = next(iter(unused.items()))
        if self._clock() - since < UNUSED_SECONDS:
            return False
        self._unmark(participant)
        decrement(self._per_group, self._group.pop(participant))
        self._forget(participant)
        return True


def decrement(counts: dict[str, int], key: str) -> None:
    """One fewer of `key`, which is forgotten at none, so that counts of addresses gone do not pile up."""
    left = counts[key] - 1
    if left:
        counts[key] = left
    else:
        del counts[key]
