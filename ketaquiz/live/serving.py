"""Serving a live room: the socket bound first, the addresses phones can reach and the QR code
for them, then the room and its web server on a thread of their own for the workshop's length."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import errno
import logging
import socket
import threading
from collections.abc import Iterator, Sequence

from aiohttp import web

from ketaquiz.errors import KetaquizError
from ketaquiz.live.clients import DEFAULT_LIMITS, Limits
from ketaquiz.live.handlers import make_app
from ketaquiz.live.room import Board, new_code
from ketaquiz.model import Resource
from ketaquiz.quiz import Join


class LiveError(KetaquizError):
    """The live server could not start: one line saying why."""


@contextlib.contextmanager
def live_room(
    *, host: str, port: int, title: str, resources: Sequence[Resource], limits: Limits = DEFAULT_LIMITS
) -> Iterator[Board]:
    """The room's board, served to phones until the block ends; then the server stops."""
    listening = bind(host, port)
    code = new_code()
    try:
        urls = tuple(
            f"http://{_address(address, listening.getsockname()[1])}/j/{code}/" for address in phone_addresses(host)
        )
        board = Board(join=Join(code, urls, qr_rows(urls[0])), title=title, resources=resources)
        server = LiveServer(board, limits)
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
        raise LiveError(f"cannot listen on {_address(host, port)}: {_reason(error)}") from None


class LiveServer:
    """The aiohttp server on its own thread and event loop; `close()` stops it within a second."""

    def __init__(self, board: Board, limits: Limits) -> None:
        self.board = board
        self.limits = limits
        self._loop = asyncio.new_event_loop()
        self._thread: threading.Thread | None = None

    def start(self, listening: socket.socket) -> None:
        # The projector is no place for a library's log of a dropped connection or a bad request line.
        logging.getLogger("aiohttp").addHandler(logging.NullHandler())
        logging.getLogger("aiohttp").propagate = False
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
        runner = web.AppRunner(
            make_app(self.board, self.limits), access_log=None, handle_signals=False, shutdown_timeout=0.3
        )
        try:
            self._loop.run_until_complete(runner.setup())
            self._loop.run_until_complete(web.SockSite(runner, listening).start())
        except Exception as error:  # anything must still reach the waiting terminal as one line
            listening.close()
            started.set_exception(LiveError(f"the live server could not start: {error}"))
        except BaseException as error:  # Ctrl-C and the like: passed on, never a hang
            listening.close()
            started.set_exception(error)
        else:
            started.set_result(None)
            self._loop.run_forever()
        finally:
            self._loop.run_until_complete(runner.cleanup())
            self._loop.close()


def _reason(error: OSError) -> str:
    if isinstance(error, socket.gaierror) or error.errno == errno.EADDRNOTAVAIL:
        return "no such address on this machine; leave --host out to listen on every network"
    if error.errno == errno.EADDRINUSE:
        return "the port is in use; choose another with --port (or --port 0 for any free port)"
    if error.errno == errno.EACCES:
        return "permission denied; choose a port above 1023"
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
