"""The live server's connections, counted as they arrive, before a byte of them is read.

A room's laptop has a fixed number of open files (`ulimit -n`), and a device in the room can open
connections without ever sending a request. So each connection is admitted against caps per
address and in total, one waiting without a request is closed after a few seconds (aiohttp's
keep-alive timeout, which also runs before the first request), and a request aiohttp's own parser
refuses is answered like every other refusal: JSON with the security headers, nothing logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import gc
import socket
from collections import OrderedDict
from collections.abc import AsyncIterator
from typing import Any, Protocol

from aiohttp import web
from aiohttp.web_protocol import RequestHandler

from ketaquiz.live.clients import group_of
from ketaquiz.live.participants import decrement
from ketaquiz.live.responses import SECURITY_HEADERS, refusal

# Connections closed by the thousand (a flood, or a large room leaving) leave aiohttp's objects in
# reference cycles that Python frees only at a full collection, which a quiet server may not reach
# for the rest of the workshop: its memory would stay at the flood's height. So, this often, a
# server that has closed this many connections since it last tidied collects them.
TIDY_EVERY_SECONDS = 15.0
TIDY_AFTER_CONNECTIONS = 1000

# Unacknowledged data on a connection for this long means its phone has gone (left the Wi-Fi, say):
# the stream is closed then rather than when TCP gives up, about fifteen minutes later.
SILENT_PEER_MILLISECONDS = 30_000


class Closable(Protocol):
    def force_close(self) -> None: ...


class Connections:
    """Open connections by address. At either cap, the connection that has waited longest with no
    request in progress is closed to make room (as nginx reuses idle keep-alive connections); a
    newcomer is refused only when every connection is busy. `refused` counts the connections that
    never had a request answered: refused, closed to make room or timed out before their first."""

    def __init__(self, *, per_group: int, total: int) -> None:
        self.per_group = per_group
        self.total = total
        self.refused = 0
        self.closed = 0
        self._unanswered: set[Closable] = set()
        self._group: dict[Closable, str] = {}
        self._per_group: dict[str, int] = {}
        self._idle: OrderedDict[Closable, None] = OrderedDict()  # idle longest first
        self._idle_in: dict[str, OrderedDict[Closable, None]] = {}

    def __len__(self) -> int:
        return len(self._group)

    def admit(self, connection: Closable, group: str) -> bool:
        make_room_in: OrderedDict[Closable, None] | None = None
        if self._per_group.get(group, 0) >= self.per_group:
            make_room_in = self._idle_in.get(group, OrderedDict())
        elif len(self._group) >= self.total:
            make_room_in = self._idle
        if make_room_in is not None:
            victim = next(iter(make_room_in), None)
            if victim is None:
                self.refused += 1
                return False
            self.release(victim)
            victim.force_close()
        self._group[connection] = group
        self._per_group[group] = self._per_group.get(group, 0) + 1
        self._unanswered.add(connection)
        self.idle(connection)
        return True

    def busy(self, connection: Closable) -> None:
        """A request is in progress on `connection`: it is not closed to make room."""
        self._unanswered.discard(connection)
        group = self._group.get(connection)
        in_group = self._idle_in.get(group or "")
        if in_group is not None and connection in in_group:
            del self._idle[connection], in_group[connection]
            if not in_group:
                del self._idle_in[group or ""]

    def idle(self, connection: Closable) -> None:
        group = self._group.get(connection)
        if group is not None:
            self._idle[connection] = None
            self._idle_in.setdefault(group, OrderedDict())[connection] = None

    def release(self, connection: Closable) -> None:
        if connection in self._group:
            self.closed += 1
            if connection in self._unanswered:
                self.refused += 1
            self.busy(connection)
            decrement(self._per_group, self._group.pop(connection))


async def tidying(table: Connections) -> AsyncIterator[None]:
    """For the server's life, memory left by many closed connections goes back: collected, and
    where the C library can, returned to the system."""

    async def tidy() -> None:
        tidied = 0
        while True:
            await asyncio.sleep(TIDY_EVERY_SECONDS)
            if table.closed - tidied >= TIDY_AFTER_CONNECTIONS:
                tidied = table.closed
                gc.collect()
                with contextlib.suppress(OSError, AttributeError, TypeError):  # glibc has it; others do not
                    ctypes.CDLL(None).malloc_trim(0)

    task = asyncio.create_task(tidy())
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


class GuardedHandler(RequestHandler):
    """aiohttp's handler of one connection, admitted by `table` before it reads anything."""

    def __init__(self, manager: web.Server, *, loop: asyncio.AbstractEventLoop, table: Connections, **options: Any):
        super().__init__(manager, loop=loop, **options)
        self.table = table
        self.admitted = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        peer = transport.get_extra_info("peername")
        if not self.table.admit(self, group_of(str(peer[0]) if peer else "")):
            transport.close()  # at once, without reading: a refused connection costs nothing more
            return
        self.admitted = True
        tcp = transport.get_extra_info("socket")
        if tcp is not None and hasattr(socket, "TCP_USER_TIMEOUT"):
            with contextlib.suppress(OSError):
                tcp.setsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT, SILENT_PEER_MILLISECONDS)
        super().connection_made(transport)

    def connection_lost(self, exc: BaseException | None) -> None:
        if self.admitted:
            self.table.release(self)
            super().connection_lost(exc)

    def handle_error(
        self, request: Any, status: int = 500, exc: BaseException | None = None, message: str | None = None
    ) -> web.StreamResponse:
        # aiohttp's answer to a request its parser refuses, or to a fault in a handler: nothing
        # of the request echoed back and nothing logged, where aiohttp would do both.
        if request.writer.output_size > 0:
            raise ConnectionError("the response has begun: the connection can only be closed")
        if status < 500:
            response = refusal(status, "the request could not be read as HTTP")
        else:
            response = refusal(status, "the workshop's computer could not answer; try again")
        response.headers.update(SECURITY_HEADERS)
        response.force_close()
        return response
