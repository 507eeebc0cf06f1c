"""Serving a live room: the socket bound first, the addresses phones can reach and the QR code
for them, then the room and its web server on a thread of their own for the workshop's length.

The server lives beside the projector: no library may write to the terminal (a refused connection
is counted on the facilitator's status line instead), and it takes only the open files the
computer allows, keeping some back for the save file.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import dataclasses
import errno
import logging
import socket
import threading
from collections.abc import Iterator, Sequence

from aiohttp import web

from ketaquiz.errors import KetaquizError
from ketaquiz.i18n import _
from ketaquiz.live.clients import DEFAULT_LIMITS, Limits
from ketaquiz.live.connections import GuardedHandler
from ketaquiz.live.handlers import CONNECTIONS, make_app
from ketaquiz.live.room import Board, new_code
from ketaquiz.live.shown import Voice
from ketaquiz.model import Resource
from ketaquiz.votes import Join

# Seconds a connection may wait before its request's headers have arrived, before its first
# request or between two (nginx's client_header_timeout, Go's ReadHeaderTimeout).
HEADER_SECONDS = 10.0
# Connections the kernel holds for us before they are accepted: a room joining at once.
LISTEN_BACKLOG = 1024
# Connections accepted per turn of the event loop: few, so that accepted connections never run
# ahead of those counted and closed, by more than the open files kept back.
ACCEPT_BATCH = 16
# Open files kept back from connections: the save file, the terminal, accepts in flight.
MOST_KEPT_BACK = 128
# The most open files macOS lets a process ask for, whatever its hard limit says (OPEN_MAX).
MACOS_OPEN_MAX = 10_240


class LiveError(KetaquizError):
    """The live server could not start: one line saying why."""


@contextlib.contextmanager
def live_room(
    *,
    host: str,
    port: int,
    title: str = "",
    resources: Sequence[Resource] = (),
    voices: Sequence[Voice] = (),
    limits: Limits = DEFAULT_LIMITS,
    lock_after: int | None = None,
    confidence: bool = False,
) -> Iterator[Board]:
    """The room's board, served to phones until the block ends; then the server stops. The phones
    see `title` and `resources` in the interface's language, or the room in each of its `voices`.
    With `lock_after`, no new phone joins once statement `lock_after` + 1 opens; with `confidence`,
    each vote comes with how sure."""
    listening = bind(host, port)
    code = new_code()
    try:
        addresses = phone_addresses(host)
        urls = tuple(f"http://{_address(address, listening.getsockname()[1])}/j/{code}/" for address in addresses)
        join = Join(code, urls, qr_rows(urls[0]))
        board = Board(
            join=join, title=title, resources=resources, lock_after=lock_after, confidence=confidence, voices=voices
        )
        server = LiveServer(board, within_open_files(limits), hosts=addresses)
    except BaseException:  # a socket left open would keep the port
        listening.close()
        raise
    server.start(listening)
    try:
        yield board
    finally:
        server.close()


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on `host` and `port`, or a LiveError saying why there cannot be one."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        return socket.create_server((host, port), family=family, backlog=1024)
    except OSError as error:
        raise LiveError(
            _("cannot listen on {address}: {reason}").format(address=_address(host, port), reason=_reason(error))
        ) from None


def within_open_files(limits: Limits) -> Limits:
    """`limits` with connections and streams cut to the open files this process may have, once
    that limit is raised as far as the system lets it."""
    allowed = raise_open_files_limit()
    if allowed is None:
        return limits
    connections = max(8, min(limits.connections, allowed - min(MOST_KEPT_BACK, allowed // 4)))
    # Streams hold their connections for the whole workshop: leave some for pages and votes.
    streams = max(1, min(limits.streams, connections - max(16, connections // 8)))
    return dataclasses.replace(limits, connections=connections, streams=streams)


def raise_open_files_limit() -> int | None:
    """Raise the soft limit on open files to the hard one, as Go's runtime does at start: desktops
    default to 1024, or 256 on macOS, far fewer than a room of phones needs. The limit then in
    force, or None where there is no such limit (Windows, or unlimited)."""
    try:
        import resource
    except ImportError:
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return None
    for wanted in (hard, MACOS_OPEN_MAX):  # macOS refuses more than OPEN_MAX, even when unlimited
        if wanted == resource.RLIM_INFINITY or wanted <= soft or (hard != resource.RLIM_INFINITY and wanted > hard):
            continue
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        except (ValueError, OSError):
            continue
        return wanted
    return soft


def silence_library_logs() -> None:
    """The projector is no place for a library's log of a dropped connection or a bad request line."""
    for name in ("aiohttp", "asyncio"):
        logger = logging.getLogger(name)
        logger.addHandler(logging.NullHandler())
        logger.propagate = False


class LiveServer:
    """The aiohttp server on its own thread and event loop; `close()` stops it within a second."""

    def __init__(self, board: Board, limits: Limits, *, hosts: Sequence[str]) -> None:
        self.board = board
        self.limits = limits
        self.hosts = hosts
        self._loop = asyncio.new_event_loop()
        self._thread: threading.Thread | None = None

    def start(self, listening: socket.socket) -> None:
        silence_library_logs()
        started: concurrent.futures.Future[None] = concurrent.futures.Future()
        self._thread = threading.Thread(
            target=self._serve, args=(listening, started), name="ketaquiz-live", daemon=True
        )
        self._thread.start()
        started.result()

    def close(self) -> None:
        if self._thread is None:
            return
        # Scheduled even before the loop runs: started and about to run, it stops at once.
        with contextlib.suppress(RuntimeError):  # the loop has already closed
            self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=2)
        self._thread = None

    def _serve(self, listening: socket.socket, started: concurrent.futures.Future[None]) -> None:
        asyncio.set_event_loop(self._loop)
        # What asyncio would log (an accept that ran out of open files, which it tries again a
        # second later, or a connection reset) is never written to the projector.
        self._loop.set_exception_handler(lambda loop, context: None)
        app = make_app(self.board, self.limits, hosts=self.hosts)
        # A phone that goes away ends its handler at once, its stream no longer counted.
        runner = web.AppRunner(
            app, access_log=None, handle_signals=False, shutdown_timeout=0.3, handler_cancellation=True
        )
        serving: asyncio.Server | None = None
        try:
            self._loop.run_until_complete(runner.setup())
            serving = self._loop.run_until_complete(self._listen(runner, app, listening))
        except Exception as error:  # anything must still reach the waiting terminal as one line
            listening.close()
            started.set_exception(LiveError(_("the live server could not start: {reason}").format(reason=error)))
        except BaseException as error:  # Ctrl-C and the like: passed on, never a hang
            listening.close()
            started.set_exception(error)
        else:
            started.set_result(None)
            self._loop.run_forever()
        finally:
            if serving is not None:
                serving.close()
            self._loop.run_until_complete(runner.cleanup())
            self._loop.close()

    async def _listen(self, runner: web.AppRunner, app: web.Application, listening: socket.socket) -> asyncio.Server:
        manager = runner.server
        assert manager is not None  # set up

        def connection() -> GuardedHandler:
            return GuardedHandler(
                manager,
                loop=self._loop,
                table=app[CONNECTIONS],
                keepalive_timeout=HEADER_SECONDS,  # aiohttp's also runs before the first request
                lingering_time=0,  # a refused body is not read on: the connection closes
                access_log=None,
            )

        serving = await self._loop.create_server(connection, sock=listening, backlog=ACCEPT_BATCH)
        listening.listen(LISTEN_BACKLOG)  # asyncio set the batch as the backlog too; the kernel's is larger
        return serving


def _reason(error: OSError) -> str:
    if isinstance(error, socket.gaierror) or error.errno == errno.EADDRNOTAVAIL:
        return _("no such address on this machine; leave --host out to listen on every network")
    if error.errno == errno.EADDRINUSE:
        return _("the port is in use; choose another with --port (or --port 0 for any free port)")
    if error.errno == errno.EACCES:
        return _("permission denied; choose a port above 1023")
    return error.strerror or str(error)


def _address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def phone_addresses(host: str) -> list[str]:
    """The addresses a phone can reach the server at: this machine's network addresses when listening on all."""
    if host not in ("0.0.0.0", "::", ""):
        return [host]
    found: list[str] = []
    try:
        # Connecting a UDP socket sends nothing: it only asks which interface would route outward.
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))
            found.append(probe.getsockname()[0])
    except OSError:
        pass
    with contextlib.suppress(OSError):
        found += [str(info[4][0]) for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
    usable = [address for address in dict.fromkeys(found) if not address.startswith("127.")]
    return usable or ["127.0.0.1"]


def qr_rows(text: str) -> tuple[tuple[bool, ...], ...]:
    import segno

    code = segno.make(text, error="l")
    return tuple(tuple(bool(module) for module in row) for row in code.matrix_iter(scale=1, border=2))
