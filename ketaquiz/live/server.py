"""The web side of a live workshop: the room's shared state, its HTTP routes, and the server thread.

The terminal drives a `Board` (the `quiz.Room` a workshop talks to) from its own thread; the aiohttp
server runs on another thread with its own event loop and only ever reads the board, or records a vote.
Nothing a participant sends can advance, reveal or end the workshop.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
import logging
import re
import secrets
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from aiohttp import web

from ketaquiz.bank import Answer, Question, Resource, passage_heading
from ketaquiz.quiz import Join, Reveal, Tally

DEFAULT_PORT = 8765
MAX_BODY_BYTES = 1024
# Lowercase letters and digits without the look-alikes (0/o, 1/l/i): easy to type on a phone.
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 8  # 31**8, about 8.5e11 codes
COOKIE = "ketaquiz"
_PARTICIPANT = re.compile(r"[A-Za-z0-9_-]{22}")
KEEPALIVE_SECONDS = 15.0
_CHOICES = {"myth": Answer.MYTH, "fact": Answer.FACT}
_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
_ASSETS = {
    "": ("index.html", "text/html"),
    "app.js": ("app.js", "text/javascript"),
    "app.css": ("app.css", "text/css"),
}


@dataclass(frozen=True)
class Limits:
    """What one client (one address) may ask of the server, so one misbehaving phone cannot starve the room."""

    requests_per_second: float = 10.0
    burst: int = 40
    streams_per_client: int = 4
    participants_per_client: int = 8  # browsers given a participant id, per address
    streams: int = 2000  # event streams open at once, from everyone
    voters: int = 5000  # participants whose votes are kept for one statement


# Addresses whose request budgets are remembered at once.
_MAX_ADDRESSES = 10_000


class LiveError(Exception):
    """The live server could not start: one line saying why."""


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Board:
    """What the room sees, and the votes on the open statement. Safe to call from any thread."""

    def __init__(self, *, code: str, title: str, resources: Sequence[Resource]) -> None:
        self.code = code
        self.join = Join(code, (), ())
        self._title = title
        self._resources = [_resource(resource) for resource in resources]
        self._lock = threading.Lock()
        self._votes: dict[str, Answer] = {}
        self._closed = False  # the facilitator has counted the votes: the reveal is coming
        self._position: int | None = None
        self._phase = "waiting"
        self._public: dict[str, Any] = {}
        self._version = 0
        self._payload = b""
        self._listeners: list[Callable[[], None]] = []
        self._publish({"phase": "waiting", "position": None, "total": None})

    # The terminal's side (quiz.Room).

    def open(self, position: int, question: Question, total: int) -> None:
        with self._lock:
            self._votes.clear()
            self._closed = False
            self._position = position
            self._phase = "voting"
            self._publish({"phase": "voting", "position": position, "total": total, "statement": question.statement})

    def vote_count(self) -> int:
        with self._lock:
            return len(self._votes)

    def close_vote(self) -> Tally:
        with self._lock:
            self._closed = True
            myths = sum(1 for answer in self._votes.values() if answer is Answer.MYTH)
            return Tally(myths, len(self._votes) - myths)

    def reveal(self, reveal: Reveal) -> None:
        with self._lock:
            self._phase = "revealed"
            self._publish({"phase": "revealed", "total": self._public.get("total"), **_revealed(reveal)})

    def end(self, reveals: Sequence[Reveal]) -> None:
        with self._lock:
            self._phase = "ended"
            self._position = None
            self._publish(
                {
                    "phase": "ended",
                    "position": None,
                    "total": self._public.get("total"),
                    "summary": [_summary_row(reveal) for reveal in reveals],
                    "resources": self._resources,
                }
            )

    # The server's side.

    def vote(self, participant: str, position: int, answer: Answer, limit: int) -> str | None:
        """Record a vote, the latest one counting; the reason it is refused, if it is."""
        with self._lock:
            if self._phase != "voting" or self._closed or position != self._position:
                return "that statement is not open for voting"
            if participant not in self._votes and len(self._votes) >= limit:
                return "the room is full"
            self._votes[participant] = answer
            return None

    def state_for(self, participant: str) -> dict[str, Any]:
        with self._lock:
            mine = self._votes.get(participant) if self._phase == "voting" else None
            return {**self._public, "your_vote": mine.value if mine else None}

    def current(self) -> tuple[int, bytes, bool]:
        """The latest public state as an event payload, its version, and whether the workshop has ended."""
        with self._lock:
            return self._version, self._payload, self._phase == "ended"

    def listen(self, listener: Callable[[], None]) -> None:
        """Call `listener` (from the thread that changed the board) after every change."""
        self._listeners.append(listener)

    def _publish(self, public: dict[str, Any]) -> None:
        self._public = {"title": self._title, **public}
        self._version += 1
        self._payload = json.dumps(self._public, ensure_ascii=False).encode("utf-8")
        for listener in self._listeners:
            listener()


def _revealed(reveal: Reveal) -> dict[str, Any]:
    question = reveal.question
    evidence = question.evidence
    return {
        "position": reveal.position,
        "statement": question.statement,
        "verdict": question.answer.value,
        "explanation": question.explanation,
        "passage_heading": passage_heading(question.passage_role),
        "passage": question.passage,
        "evidence": {"note": evidence.note, "sources": list(evidence.sources)} if evidence else None,
        "tally": {"myths": reveal.tally.myths, "facts": reveal.tally.facts} if reveal.tally else None,
    }


def _summary_row(reveal: Reveal) -> dict[str, Any]:
    share = reveal.share_right
    return {
        "position": reveal.position,
        "statement": reveal.question.statement,
        "verdict": reveal.question.answer.value,
        "share_right": None if share is None else round(share, 4),
    }


def _resource(resource: Resource) -> dict[str, str | None]:
    return {
        "name": resource.name,
        "contact": resource.contact,
        "region": resource.region,
        "details": resource.details,
        # The same wording as on the terminal and the handouts.
        "text": f"{resource.named()}: {resource.how_to_reach()}",
    }


# HTTP.


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


class _Clients:
    """Per-address request budgets (a token bucket each) and open event streams."""

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
        if address not in self.buckets and len(self.buckets) >= _MAX_ADDRESSES:
            # Forget only addresses whose budget has refilled: forgetting a busy one would reset it.
            refill = self.limits.burst / self.limits.requests_per_second
            self.buckets = {known: bucket for known, bucket in self.buckets.items() if now - bucket[1] < refill}
            if len(self.buckets) >= _MAX_ADDRESSES:
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


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def make_app(board: Board, limits: Limits = Limits()) -> web.Application:
    """The participants' routes, all under /j/<code>/; anything else is 404."""
    clients = _Clients(limits)
    wakers: set[asyncio.Event] = set()
    assets = {
        name: (files("ketaquiz.live").joinpath("static", asset).read_bytes(), kind)
        for name, (asset, kind) in _ASSETS.items()
    }

    @web.middleware
    async def limit_requests(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not clients.allow(request.remote or ""):
            return _error(429, "too many requests; wait a moment")
        return await handler(request)

    async def secure(request: web.Request, response: web.StreamResponse) -> None:
        response.headers.update(_SECURITY_HEADERS)

    def participant_of(request: web.Request) -> str | None:
        value = request.cookies.get(COOKIE, "")
        return value if _PARTICIPANT.fullmatch(value) and value in clients.participants else None

    def with_participant(request: web.Request, response: web.StreamResponse) -> str:
        """The participant's id, set in a cookie on first contact ("" once the address has its share)."""
        participant = participant_of(request)
        if participant is None:
            participant = clients.new_participant(request.remote or "")
            if participant is None:
                return ""
            response.set_cookie(COOKIE, participant, path=f"/j/{board.code}/", httponly=True, samesite="Strict")
        return participant

    def asset(name: str) -> Handler:
        body, kind = assets[name]

        async def serve(request: web.Request) -> web.StreamResponse:
            response = web.Response(body=body, content_type=kind, charset="utf-8")
            with_participant(request, response)
            return response

        return serve

    async def state(request: web.Request) -> web.StreamResponse:
        response = web.Response(content_type="application/json")
        response.text = json.dumps(board.state_for(with_participant(request, response)), ensure_ascii=False)
        return response

    async def vote(request: web.Request) -> web.StreamResponse:
        participant = participant_of(request)
        if participant is None:
            return _error(403, "open the page first: this browser has no participant cookie")
        if request.content_type != "application/json":
            return _error(415, "send JSON (Content-Type: application/json)")
        if (request.content_length or 0) > MAX_BODY_BYTES:
            return _error(413, f"the body is larger than {MAX_BODY_BYTES} bytes")
        body = await _read_at_most(request, MAX_BODY_BYTES + 1)
        if len(body) > MAX_BODY_BYTES:
            return _error(413, f"the body is larger than {MAX_BODY_BYTES} bytes")
        parsed = _parse_vote(body)
        if isinstance(parsed, str):
            return _error(400, parsed)
        position, answer = parsed
        refusal = board.vote(participant, position, answer, limits.voters)
        if refusal is not None:
            return _error(409 if refusal.endswith("open for voting") else 503, refusal)
        return web.json_response({"position": position, "choice": answer.value})

    async def events(request: web.Request) -> web.StreamResponse:
        address = request.remote or ""
        if not clients.open_stream(address):
            return _error(429, "too many open event streams from this address")
        wake = asyncio.Event()
        wakers.add(wake)
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        try:
            with_participant(request, response)
            await response.prepare(request)
            await response.write(b"retry: 1000\n\n")
            await _stream(board, response, wake)
        except ConnectionError:
            pass  # the phone went away; its next connection gets the current state
        finally:
            wakers.discard(wake)
            clients.close_stream(address)
        return response

    def wake_all() -> None:
        for wake in list(wakers):
            wake.set()

    async def on_startup(app: web.Application) -> None:
        loop = asyncio.get_running_loop()

        def announce() -> None:
            with contextlib.suppress(RuntimeError):  # the server has stopped: no one is listening
                loop.call_soon_threadsafe(wake_all)

        board.listen(announce)

    app = web.Application(middlewares=[limit_requests], client_max_size=MAX_BODY_BYTES)
    app.on_response_prepare.append(secure)
    app.on_startup.append(on_startup)
    base = f"/j/{board.code}/"
    for name in assets:
        app.router.add_get(base + name, asset(name))
    app.router.add_get(base + "api/state", state)
    app.router.add_post(base + "api/vote", vote)
    app.router.add_get(base + "api/events", events)
    return app


async def _stream(board: Board, response: web.StreamResponse, wake: asyncio.Event) -> None:
    """Send the current state now and after every change, until the workshop ends."""
    sent = -1
    while True:
        wake.clear()
        version, payload, ended = board.current()
        if version != sent:
            await response.write(b"data: " + payload + b"\n\n")
            sent = version
        if ended:
            return
        try:
            await asyncio.wait_for(wake.wait(), KEEPALIVE_SECONDS)
        except asyncio.TimeoutError:
            await response.write(b": keep-alive\n\n")


async def _read_at_most(request: web.Request, limit: int) -> bytes:
    body = bytearray()
    while len(body) < limit:
        chunk = await request.content.read(limit - len(body))
        if not chunk:
            break
        body += chunk
    return bytes(body)


def _parse_vote(body: bytes) -> tuple[int, Answer] | str:
    """The position and choice of a vote, or what is wrong with it."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):  # deep nesting is no vote either
        return 'the body is not JSON; send {"position": <number>, "choice": "myth" or "fact"}'
    if not isinstance(data, dict) or set(data) != {"position", "choice"}:
        return 'send exactly {"position": <number>, "choice": "myth" or "fact"}'
    position, choice = data["position"], data["choice"]
    if type(position) is not int:
        return "position must be a whole number"
    if not isinstance(choice, str) or choice not in _CHOICES:
        return 'choice must be "myth" or "fact"'
    return position, _CHOICES[choice]


# The server thread.


class LiveServer:
    """The aiohttp server on its own thread and event loop; `close()` stops it within a second."""

    def __init__(self, board: Board, limits: Limits) -> None:
        self.board = board
        self.limits = limits
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._thread: threading.Thread | None = None

    def start(self, host: str, port: int) -> None:
        started: concurrent.futures.Future[int] = concurrent.futures.Future()
        self._thread = threading.Thread(
            target=self._serve, args=(host, port, started), name="ketaquiz-live", daemon=True
        )
        self._thread.start()
        self.port = started.result()

    def close(self) -> None:
        if self._thread is None:
            return
        # Scheduled even before the loop runs: started and about to run, it stops at once.
        with contextlib.suppress(RuntimeError):  # the loop has already closed
            self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=2)
        self._thread = None

    def _serve(self, host: str, port: int, started: concurrent.futures.Future[int]) -> None:
        asyncio.set_event_loop(self._loop)
        runner = web.AppRunner(
            make_app(self.board, self.limits), access_log=None, handle_signals=False, shutdown_timeout=0.3
        )
        try:
            self._loop.run_until_complete(runner.setup())
            site = web.TCPSite(runner, host, port)
            self._loop.run_until_complete(site.start())
        except OSError as error:
            started.set_exception(LiveError(f"cannot listen on {_address(host, port)}: {_reason(error)}"))
        except Exception as error:  # anything else must still reach the waiting terminal as one line
            started.set_exception(LiveError(f"the live server could not start: {error}"))
        except BaseException as error:  # Ctrl-C and the like: passed on, never a hang
            started.set_exception(error)
        else:
            started.set_result(_bound_port(runner))
            self._loop.run_forever()
        finally:
            self._loop.run_until_complete(runner.cleanup())
            self._loop.close()


def _bound_port(runner: web.AppRunner) -> int:
    for address in runner.addresses:
        return int(address[1])
    raise LiveError("the server did not report its port")


def _reason(error: OSError) -> str:
    if isinstance(error, socket.gaierror) or error.errno in (99, 49):  # EADDRNOTAVAIL on Linux, macOS
        return "no such address on this machine; leave --host out to listen on every network"
    if error.errno in (98, 48):  # EADDRINUSE
        return "the port is in use; choose another with --port (or --port 0 for any free port)"
    if error.errno == 13:
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


class Live:
    """A running live workshop: the board the terminal drives, served to the room until closed."""

    def __init__(
        self, *, host: str, port: int, title: str, resources: Sequence[Resource], limits: Limits = Limits()
    ) -> None:
        # aiohttp logs a dropped connection or a bad request line; the projector is no place for that.
        logging.getLogger("aiohttp").addHandler(logging.NullHandler())
        logging.getLogger("aiohttp").propagate = False
        self.board = Board(code=new_code(), title=title, resources=resources)
        self._server = LiveServer(self.board, limits)
        self._server.start(host, port)
        try:
            urls = tuple(
                f"http://{_address(address, self._server.port)}/j/{self.board.code}/"
                for address in phone_addresses(host)
            )
            self.board.join = Join(self.board.code, urls, qr_rows(urls[0]))
        except BaseException:  # a server left running would keep the port and the room's pages open
            self._server.close()
            raise

    def close(self) -> None:
        self._server.close()

    def __enter__(self) -> Board:
        return self.board

    def __exit__(self, *exc_info: object) -> None:
        self.close()
