"""The participants' HTTP routes, all under /j/<code>/: the page and its assets, the state, a
vote, and the event stream. Anything else is 404, in JSON like every refusal.

Before any route (`guard`), the connection is marked busy (so it is not closed to make room), the
`Host` is checked against the addresses the room was given (a DNS-rebinding page names its own),
and the address's request budget is spent. Handlers are module-level and read the room's typed state from
the application's keys.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import ipaddress
import json
import re
import secrets
import urllib.parse
from collections.abc import Awaitable, Callable, Iterable
from importlib.resources import files

from aiohttp import web

from ketaquiz import wording
from ketaquiz.i18n import _, speaking, spoken
from ketaquiz.live.clients import DEFAULT_LIMITS, Clients, Limits, Stream, Turned, group_of
from ketaquiz.live.connections import Connections, tidying
from ketaquiz.live.page import LANGUAGE_COOKIE, phone_language, render, words
from ketaquiz.live.responses import SECURITY_HEADERS, refusal
from ketaquiz.live.room import Board, Refusal
from ketaquiz.model import Answer
from ketaquiz.votes import Presence
from ketaquiz.wording import room as room_wording

MAX_BODY_BYTES = 1024
BODY_SECONDS = 5.0  # to send the few bytes of a vote
COOKIE = "ketaquiz"
KEEPALIVE_SECONDS = 15.0
_PARTICIPANT = re.compile(r"[A-Za-z0-9_-]{22}")
_CHOICES = {"myth": Answer.MYTH, "fact": Answer.FACT}
# The page's files, by the name they are asked for under /j/<code>/; the page itself is made from
# index.html in each phone's language (`pages`).
_ASSETS = {
    "app.js": ("app.js", "text/javascript"),
    "app.css": ("app.css", "text/css"),
    "icon.svg": ("icon.svg", "image/svg+xml"),
}
_REFUSAL_STATUS = {Refusal.NOT_OPEN: 409, Refusal.FULL: 503}
# How each reason for turning a phone away is answered, and when its page tries again (seconds).
_TURNED_AWAY = {Turned.ADDRESS: (429, 5), Turned.REQUESTS: (429, 2), Turned.ROOM: (503, 10)}

BOARD = web.AppKey("board", Board)
CLIENTS = web.AppKey("clients", Clients)
CONNECTIONS = web.AppKey("connections", Connections)
HOSTS = web.AppKey("hosts", frozenset[str])
WAKERS = web.AppKey("wakers", set[Stream])
ASSETS = web.AppKey("assets", dict[str, tuple[bytes, str]])
PAGE = web.AppKey("page", str)  # index.html, its words to fill in
PAGES = web.AppKey("pages", dict[str | None, bytes])  # the page in each language, made when first asked for

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def make_app(board: Board, limits: Limits = DEFAULT_LIMITS, *, hosts: Iterable[str] = ()) -> web.Application:
    """The room's web application; `hosts`, the names or addresses the room was given to type."""
    app = web.Application(middlewares=[guard], client_max_size=MAX_BODY_BYTES)
    app[BOARD] = board
    app[CLIENTS] = Clients(limits, forget=board.forget)
    app[CONNECTIONS] = Connections(per_group=limits.connections_per_address, total=limits.connections)
    app[HOSTS] = frozenset(host.lower() for host in hosts)
    board.observe(lambda: presence_of(app))
    app[WAKERS] = set()
    app[ASSETS] = {
        name: (files("ketaquiz.live").joinpath("static").joinpath(asset).read_bytes(), kind)
        for name, (asset, kind) in _ASSETS.items()
    }
    app[PAGE] = files("ketaquiz.live").joinpath("static").joinpath("index.html").read_text(encoding="utf-8")
    app[PAGES] = {}
    app.on_response_prepare.append(secure)
    app.on_startup.append(wake_on_change)
    app.cleanup_ctx.append(lambda app: tidying(app[CONNECTIONS]))
    base = f"/j/{board.code}/"
    app.router.add_get(base, page)
    app.router.add_get(base + r"{asset:(app\.js|app\.css|icon\.svg)}", asset)
    app.router.add_get(base + "api/state", state)
    app.router.add_post(base + "api/vote", vote)
    app.router.add_get(base + "api/events", events)
    return app


def presence_of(app: web.Application) -> Presence:
    """Who has joined, been turned away or refused, as the web side knows it (the votes are the board's)."""
    clients = app[CLIENTS]
    why = clients.turned_away.why
    return Presence(
        joined=len(clients.participants),
        voted=0,
        turned_away=clients.turned_away.count,
        why_turned_away=None if why is None else why.value,
        refused_connections=app[CONNECTIONS].refused,
    )


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Before any route: the connection is busy while its request is handled, the `Host` must be
    one the room was given, and the address must be within its budget. aiohttp's own 404 and 405
    become JSON like every refusal."""
    connections = request.app[CONNECTIONS]
    connections.busy(request.protocol)
    try:
        with speaking(language_of(request)):  # this request's task alone speaks the phone's language
            return await _guarded(request, handler)
    except web.HTTPException as error:
        if error.status < 400:
            raise
        response = refusal(error.status, (error.reason or "refused").lower())
        if "Allow" in error.headers:
            response.headers["Allow"] = error.headers["Allow"]
        return response
    finally:
        connections.idle(request.protocol)


async def _guarded(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not host_allowed(request.headers.get("Host", ""), request.app[HOSTS]):
        return refusal(421, _("this server answers only to the address shown on the facilitator's screen"))
    group = group_of(request.remote or "")
    clients = request.app[CLIENTS]
    if not clients.budgets.allow(group):
        clients.turned_away.add(Turned.REQUESTS, who(request, group))
        return turned_away(Turned.REQUESTS)
    return await handler(request)


@functools.lru_cache(maxsize=64)  # asked on every request, of the few names a room types
def host_allowed(host: str, given: frozenset[str]) -> bool:
    """An address typed as numbers, `localhost`, or a name the room was given: a page that rebinds
    its own name to this computer sends that name, and is refused."""
    try:
        name = urllib.parse.urlsplit(f"http://{host}/").hostname or ""  # lowercased, IPv6 brackets gone
    except ValueError:
        return False
    if name in given or name == "localhost":
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


async def secure(request: web.Request, response: web.StreamResponse) -> None:
    response.headers.update(SECURITY_HEADERS)


def who(request: web.Request, group: str) -> str:
    """Whom a refusal is counted against: the browser's cookie, or else its address."""
    cookie = request.cookies.get(COOKIE, "")
    return cookie if _PARTICIPANT.fullmatch(cookie) else f"address {group}"


def turned_away(reason: Turned) -> web.Response:
    status, retry_after = _TURNED_AWAY[reason]
    return refusal(status, room_wording.as_sentence(reason.value), retry_after=retry_after)


def language_of(request: web.Request) -> str | None:
    """The language this phone is shown: asked for on the page's switch, else chosen before, else its browser's."""
    return phone_language(
        request.app[BOARD].spoken(),
        asked=request.query.get("lang"),
        chosen=request.cookies.get(LANGUAGE_COOKIE),
        accept_language=request.headers.get("Accept-Language", ""),
    )


def participant_of(request: web.Request) -> str | None:
    value = request.cookies.get(COOKIE, "")
    return value if _PARTICIPANT.fullmatch(value) and request.app[CLIENTS].known(value) else None


async def page(request: web.Request) -> web.StreamResponse:
    """The page in the phone's language, and with it a participant id for a browser that has none:
    only the page gives one, so a refused asset or API request never costs an id. A language asked
    for on the page's switch is remembered for the workshop."""
    language = language_of(request)
    if language not in request.app[PAGES]:
        said = words(language, request.app[BOARD].spoken())
        request.app[PAGES][language] = render(request.app[PAGE], said)
    response = web.Response(body=request.app[PAGES][language], content_type="text/html", charset="utf-8")
    response.headers["Content-Language"] = language or spoken()
    path = f"/j/{request.app[BOARD].code}/"
    if language is not None and "lang" in request.query:
        response.set_cookie(LANGUAGE_COOKIE, language, path=path, httponly=True, samesite="Lax")
    if participant_of(request) is None:
        cookie = request.cookies.get(COOKIE, "")
        known_as = cookie if _PARTICIPANT.fullmatch(cookie) else secrets.token_urlsafe(16)
        joined = request.app[CLIENTS].join(
            group_of(request.remote or ""), known_as, open_to_new=request.app[BOARD].open_to_newcomers()
        )
        # Turned away, the browser keeps a token that is no id, so that it is counted once.
        response.set_cookie(
            COOKIE,
            joined if isinstance(joined, str) else known_as,
            path=path,
            httponly=True,
            samesite="Lax",  # sent when the link is followed from a chat or an e-mail, so no one counts twice
        )
    return response


async def asset(request: web.Request) -> web.StreamResponse:
    return _asset(request, request.match_info["asset"])


def _asset(request: web.Request, name: str) -> web.Response:
    body, kind = request.app[ASSETS][name]
    return web.Response(body=body, content_type=kind, charset=None if kind.startswith("image/") else "utf-8")


async def state(request: web.Request) -> web.StreamResponse:
    body = request.app[BOARD].state_for(participant_of(request), language_of(request))
    return web.Response(text=json.dumps(body, ensure_ascii=False), content_type="application/json")


async def vote(request: web.Request) -> web.StreamResponse:
    # The body is read first, and only as far as a vote can go: a larger one is refused unread
    # and its connection closed, so that an upload costs the room nothing.
    if (request.content_length or 0) > MAX_BODY_BYTES:
        return _too_large()
    body = await _body(request)
    if body is None:
        response = refusal(408, _("the vote took too long to arrive; try again"))
        response.force_close()
        return response
    if len(body) > MAX_BODY_BYTES:
        return _too_large()
    board = request.app[BOARD]
    participant = participant_of(request)
    if participant is None:
        return refusal(403, board.join_text())
    if request.content_type != "application/json":
        return refusal(415, _("send JSON (Content-Type: application/json)"))
    parsed = parse_vote(body, asks_how_sure=board.asks_how_sure())
    if isinstance(parsed, str):
        return refusal(400, parsed)
    position, answer, sure = parsed
    voters = request.app[CLIENTS].limits.voters
    refused = board.vote(participant, position, answer, voters, sure=bool(sure), language=language_of(request))
    if refused is Refusal.FULL:
        request.app[CLIENTS].turned_away.add(Turned.ROOM, participant)
    if refused is not None:
        return refusal(_REFUSAL_STATUS[refused], room_wording.as_sentence(refused.value))
    verdict = wording.verdict_name(answer)
    if not board.asks_how_sure():
        received = _("Vote received: {verdict}.").format(verdict=verdict)
        return web.json_response({"position": position, "choice": answer.value, "text": received})
    if sure:
        received = _("Vote received: {verdict}, sure.").format(verdict=verdict)
    else:
        received = _("Vote received: {verdict}, not sure.").format(verdict=verdict)
    return web.json_response({"position": position, "choice": answer.value, "sure": bool(sure), "text": received})


def _too_large() -> web.Response:
    response = refusal(413, _("the body is larger than {most} bytes").format(most=MAX_BODY_BYTES))
    response.force_close()
    return response


async def events(request: web.Request) -> web.StreamResponse:
    group = group_of(request.remote or "")
    wake = asyncio.Event()
    stream = Stream(group, participant_of(request), wake.set)
    clients = request.app[CLIENTS]
    refused = clients.start_stream(stream, who(request, group))
    if refused is not None:
        return turned_away(refused)
    request.app[WAKERS].add(stream)
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
    try:
        await response.prepare(request)
        await response.write(b"retry: 1000\n\n")
        await _stream(request.app[BOARD], response, wake, stream, language_of(request))
    except ConnectionError:
        pass  # the phone went away; its next connection gets the current state
    finally:
        request.app[WAKERS].discard(stream)
        clients.end_stream(stream)
    return response


async def wake_on_change(app: web.Application) -> None:
    """Every open event stream wakes when the board changes, whichever thread changed it."""
    loop = asyncio.get_running_loop()
    streams = app[WAKERS]

    def wake_all() -> None:
        for stream in list(streams):
            stream.wake()

    def announce() -> None:
        with contextlib.suppress(RuntimeError):  # the server has stopped: no one is listening
            loop.call_soon_threadsafe(wake_all)

    app[BOARD].listen(announce)


async def _stream(
    board: Board, response: web.StreamResponse, wake: asyncio.Event, stream: Stream, language: str | None
) -> None:
    """Send the current state in the phone's `language` now and after every change, until the
    workshop ends or a newer stream of the same participant takes this one's place."""
    sent = -1
    while not stream.replaced:
        wake.clear()
        version, payload, ended = board.current(language)
        if version != sent:
            await response.write(b"data: " + payload + b"\n\n")
            sent = version
        if ended:
            return
        try:
            await asyncio.wait_for(wake.wait(), KEEPALIVE_SECONDS)
        except asyncio.TimeoutError:
            await response.write(b": keep-alive\n\n")


async def _body(request: web.Request) -> bytes | None:
    """The body, read up to one byte more than a vote may have; None when it does not arrive in time."""
    if request.content.is_eof():  # a phone's vote arrives whole with its headers: no wait, no timer
        return request.content.read_nowait(MAX_BODY_BYTES + 1)
    try:
        return await asyncio.wait_for(_read_at_most(request, MAX_BODY_BYTES + 1), BODY_SECONDS)
    except asyncio.TimeoutError:
        return None


async def _read_at_most(request: web.Request, limit: int) -> bytes:
    body = bytearray()
    while len(body) < limit:
        chunk = await request.content.read(limit - len(body))
        if not chunk:
            break
        body += chunk
    return bytes(body)


def parse_vote(body: bytes, *, asks_how_sure: bool = False) -> tuple[int, Answer, bool | None] | str:
    """The position, choice and (where the room `asks_how_sure`, if given) how sure of a vote, or
    what is wrong with it."""
    plain = '{"position": <number>, "choice": "myth" or "fact"}'
    shape = '{"position": <number>, "choice": "myth" or "fact", "sure": true or false}' if asks_how_sure else plain
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):  # deep nesting is no vote either
        return _("the body is not JSON; send {shape}").format(shape=shape)
    if not isinstance(data, dict) or not {"position", "choice"} <= set(data) <= {"position", "choice", "sure"}:
        return _("send exactly {shape}").format(shape=shape)
    position, choice, sure = data["position"], data["choice"], data.get("sure")
    if type(position) is not int:
        return _("position must be a whole number")
    if not isinstance(choice, str) or choice not in _CHOICES:
        return _('choice must be "myth" or "fact"')
    if "sure" in data and not asks_how_sure:
        return _("this workshop does not ask how sure you are; send {shape}").format(shape=plain)
    if "sure" in data and type(sure) is not bool:
        return _("sure must be true or false")
    return position, _CHOICES[choice], sure
