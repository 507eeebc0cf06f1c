"""The participants' HTTP routes, all under /j/<code>/: the page and its assets, the state, a
vote, and the event stream. Anything else is 404.

Handlers are module-level and read the room's typed state from the application's keys.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from collections.abc import Awaitable, Callable
from importlib.resources import files

from aiohttp import web

from ketaquiz.live.clients import DEFAULT_LIMITS, Clients, Limits
from ketaquiz.live.room import Board, Refusal
from ketaquiz.model import Answer

MAX_BODY_BYTES = 1024
COOKIE = "ketaquiz"
KEEPALIVE_SECONDS = 15.0
_PARTICIPANT = re.compile(r"[A-Za-z0-9_-]{22}")
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
# The page's files, by the name they are asked for under /j/<code>/.
_ASSETS = {
    "": ("index.html", "text/html"),
    "app.js": ("app.js", "text/javascript"),
    "app.css": ("app.css", "text/css"),
}
_REFUSAL_STATUS = {Refusal.NOT_OPEN: 409, Refusal.FULL: 503}

BOARD = web.AppKey("board", Board)
CLIENTS = web.AppKey("clients", Clients)
WAKERS = web.AppKey("wakers", set[asyncio.Event])
ASSETS = web.AppKey("assets", dict[str, tuple[bytes, str]])

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def make_app(board: Board, limits: Limits = DEFAULT_LIMITS) -> web.Application:
    app = web.Application(middlewares=[limit_requests], client_max_size=MAX_BODY_BYTES)
    app[BOARD] = board
    app[CLIENTS] = Clients(limits)
    board.count_joined(lambda: len(app[CLIENTS].participants))
    app[WAKERS] = set()
    app[ASSETS] = {
        name: (files("ketaquiz.live").joinpath("static").joinpath(asset).read_bytes(), kind)
        for name, (asset, kind) in _ASSETS.items()
    }
    app.on_response_prepare.append(secure)
    app.on_startup.append(wake_on_change)
    base = f"/j/{board.code}/"
    app.router.add_get(base + r"{asset:(app\.js|app\.css)?}", asset)
    app.router.add_get(base + "api/state", state)
    app.router.add_post(base + "api/vote", vote)
    app.router.add_get(base + "api/events", events)
    return app


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


@web.middleware
async def limit_requests(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not request.app[CLIENTS].allow(request.remote or ""):
        return _error(429, "too many requests; wait a moment")
    return await handler(request)


async def secure(request: web.Request, response: web.StreamResponse) -> None:
    response.headers.update(_SECURITY_HEADERS)


def participant_of(request: web.Request) -> str | None:
    value = request.cookies.get(COOKIE, "")
    return value if _PARTICIPANT.fullmatch(value) and value in request.app[CLIENTS].participants else None


def with_participant(request: web.Request, response: web.StreamResponse) -> str:
    """The participant's id, set in a cookie on first contact ("" once the address has its share)."""
    participant = participant_of(request)
    if participant is None:
        participant = request.app[CLIENTS].new_participant(request.remote or "")
        if participant is None:
            return ""
        path = f"/j/{request.app[BOARD].code}/"
        response.set_cookie(COOKIE, participant, path=path, httponly=True, samesite="Strict")
    return participant


async def asset(request: web.Request) -> web.StreamResponse:
    body, kind = request.app[ASSETS][request.match_info["asset"]]
    response = web.Response(body=body, content_type=kind, charset="utf-8")
    with_participant(request, response)
    return response


async def state(request: web.Request) -> web.StreamResponse:
    response = web.Response(content_type="application/json")
    response.text = json.dumps(request.app[BOARD].state_for(with_participant(request, response)), ensure_ascii=False)
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
    parsed = parse_vote(body)
    if isinstance(parsed, str):
        return _error(400, parsed)
    position, answer = parsed
    refusal = request.app[BOARD].vote(participant, position, answer, request.app[CLIENTS].limits.voters)
    if refusal is not None:
        return _error(_REFUSAL_STATUS[refusal], refusal.value)
    return web.json_response({"position": position, "choice": answer.value})


async def events(request: web.Request) -> web.StreamResponse:
    clients = request.app[CLIENTS]
    address = request.remote or ""
    if not clients.open_stream(address):
        return _error(429, "too many open event streams from this address")
    wake = asyncio.Event()
    request.app[WAKERS].add(wake)
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
    try:
        with_participant(request, response)
        await response.prepare(request)
        await response.write(b"retry: 1000\n\n")
        await _stream(request.app[BOARD], response, wake)
    except ConnectionError:
        pass  # the phone went away; its next connection gets the current state
    finally:
        request.app[WAKERS].discard(wake)
        clients.close_stream(address)
    return response


async def wake_on_change(app: web.Application) -> None:
    """Every open event stream wakes when the board changes, whichever thread changed it."""
    loop = asyncio.get_running_loop()
    wakers = app[WAKERS]

    def wake_all() -> None:
        for wake in list(wakers):
            wake.set()

    def announce() -> None:
        with contextlib.suppress(RuntimeError):  # the server has stopped: no one is listening
            loop.call_soon_threadsafe(wake_all)

    app[BOARD].listen(announce)


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


def parse_vote(body: bytes) -> tuple[int, Answer] | str:
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
