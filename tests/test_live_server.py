"""The live server's HTTP contract, through aiohttp's test client: every route, every refusal, no early answer."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import socket
import time
from typing import Any

import pytest

pytest.importorskip("aiohttp", reason="the live extra is not installed: pip install -e '.[live]'")

from aiohttp.test_utils import TestClient

from ketaquiz.bank import parse_bank
from ketaquiz.languages import shown_in
from ketaquiz.live.clients import DEFAULT_LIMITS
from ketaquiz.live.handlers import COOKIE, make_app
from ketaquiz.live.room import Board, new_code
from ketaquiz.live.serving import LiveError, live_room
from ketaquiz.votes import Presence, Tally
from tests.helpers import BILINGUAL, HELP, SMALL_BANK, MakeClient, joined, next_event, revealed, route, vote

BANK = parse_bank(SMALL_BANK, "bank.yaml")
ORIGIN, ADDICTION, MARKUP = BANK.questions  # fact, myth, fact


async def test_a_passage_translation_reaches_the_phones_labelled_as_one(
    client: TestClient[Any, Any], board: Board
) -> None:
    origin = shown_in(BILINGUAL, "fr").questions[0]
    board.open(1, origin, 1)
    board.reveal(revealed(1, origin, Tally(0, 1)))
    state = await (await client.get(route(board, "api/state"))).json()
    assert state["statement"] == "La kétamine a d’abord été mise au point comme anesthésique."
    assert state["passage"] == "Originally developed as an anesthetic"
    assert state["passage_translation"] == {
        "text": "Traduction libre\u00a0: «\u00a0Mise au point à l’origine comme anesthésique\u00a0»",
        "language": "fr",
    }


def test_join_codes_are_random_and_long_enough() -> None:
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(code) >= 6 and code.isalnum() and code.islower() for code in codes)


async def test_the_page_and_its_assets_are_served_with_security_headers(
    client: TestClient[Any, Any], board: Board
) -> None:
    assets = [("", "text/html"), ("app.js", "text/javascript"), ("app.css", "text/css"), ("icon.svg", "image/svg+xml")]
    for name, kind in assets:
        response = await client.get(route(board, name))
        assert response.status == 200, name
        assert response.content_type == kind
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "default-src 'none'" in policy and "unsafe-inline" not in policy
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Server"] == "ketaquiz"  # no versions
    page = await (await client.get(route(board))).text()
    assert '<html lang="en">' in page
    assert "<script>" not in page and "http" not in page.replace("http-equiv", "")  # nothing inline, no CDN


async def test_the_participant_cookie_is_httponly_lax_and_scoped_to_the_room(
    client: TestClient[Any, Any], board: Board
) -> None:
    response = await client.get(route(board))
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    # Lax: a link followed from a chat or an e-mail sends it, so the same browser is the same participant.
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and f"Path=/j/{board.code}/" in cookie
    for again in (route(board), route(board, "api/state")):
        assert "Set-Cookie" not in (await client.get(again)).headers  # set on first contact only
    assert board.presence().joined == 1


@pytest.mark.parametrize("name", ["app.js", "app.css", "icon.svg", "api/state", "api/events", "nothing"])
async def test_only_the_page_gives_out_a_participant_id(client: TestClient[Any, Any], board: Board, name: str) -> None:
    board.end([])  # so that the event stream closes at once
    response = await client.get(route(board, name))
    await response.read()
    assert "Set-Cookie" not in response.headers
    assert board.presence().joined == 0


async def test_a_browser_opening_the_link_again_is_the_same_participant(
    client: TestClient[Any, Any], board: Board
) -> None:
    board.open(1, ORIGIN, 1)
    for choice in ("myth", "fact", "fact"):
        await joined(client, board)  # the join link, opened again from a chat: the cookie comes with it
        assert (await vote(client, board, 1, choice)).status == 200
    assert board.presence() == Presence(joined=1, voted=1)
    assert board.close_vote() == Tally(0, 1)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/favicon.ico",
        "/j/",
        "/j/wrongcode/",
        "/j/wrongcode/api/state",
        "/j/{code}/api/",
        "/j/{code}/admin",
        "/j/{code}/../",
    ],
)
async def test_anything_else_or_a_wrong_code_is_404_in_json(
    client: TestClient[Any, Any], board: Board, path: str
) -> None:
    response = await client.get(path.format(code=board.code))
    assert response.status == 404
    assert await response.json() == {"error": "not found"}
    assert response.headers["X-Frame-Options"] == "DENY" and "Content-Security-Policy" in response.headers


async def test_a_method_a_route_does_not_take_is_405_in_json(client: TestClient[Any, Any], board: Board) -> None:
    response = await client.put(route(board, "api/state"), data=b"{}")
    assert response.status == 405
    assert response.headers["Allow"] == "GET,HEAD"
    assert await response.json() == {"error": "method not allowed"}
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("attacker.example", 421),
        ("attacker.example:8765", 421),
        ("ketaquiz.local:8765", 200),
        ("KETAQUIZ.LOCAL", 200),
        ("192.0.2.10:8765", 200),
        ("[2001:db8::1]:8765", 200),
        ("localhost:8765", 200),
        ("not a host", 421),
    ],
    ids=[
        "rebound-name",
        "rebound-name-and-port",
        "given-name",
        "given-name-in-capitals",
        "ipv4",
        "ipv6",
        "localhost",
        "junk",
    ],
)
async def test_only_addresses_or_the_names_given_are_answered(
    aiohttp_client: MakeClient, board: Board, host: str, status: int
) -> None:
    """A DNS-rebinding page reaches this computer under its own name, which the room was never given."""
    client = await aiohttp_client(make_app(board, hosts=["ketaquiz.local"]))
    response = await client.get(route(board, "api/state"), headers={"Host": host})
    assert response.status == status
    if status == 421:
        assert "address shown on the facilitator's screen" in (await response.json())["error"]


async def test_no_request_can_change_the_presenters_state(client: TestClient[Any, Any], board: Board) -> None:
    board.open(1, ORIGIN, 3)
    for method in ("POST", "PUT", "DELETE"):
        for name in ("", "api/state", "api/events", "api/reveal", "api/next", "api/end"):
            response = await client.request(method, route(board, name), data=b"{}")
            assert 400 <= response.status < 500, (method, name)
    assert (await (await client.get(route(board, "api/state"))).json())["phase"] == "voting"


async def test_a_whole_session_through_the_contract(client: TestClient[Any, Any], board: Board) -> None:
    await joined(client, board)
    state = await (await client.get(route(board, "api/state"))).json()
    assert state["phase"] == "waiting"

    board.open(1, ADDICTION, 2)
    state = await (await client.get(route(board, "api/state"))).json()
    assert state == {
        "title": "Test bank",
        "language": "en",
        "phase": "voting",
        "position": 1,
        "total": 2,
        "position_text": "Statement 1 of 2",
        "statement": ADDICTION.statement,
        "recap": False,
        "confidence": False,
        "your_vote": None,
        "joined": True,
    }
    response = await vote(client, board, 1, "myth")
    assert response.status == 200
    assert await response.json() == {"position": 1, "choice": "myth", "text": "Vote received: Myth."}
    assert (await (await client.get(route(board, "api/state"))).json())["your_vote"] == "myth"
    assert board.vote_count() == 1
    assert board.close_vote() == Tally(1, 0)

    board.reveal(revealed(1, ADDICTION, board.close_vote() + Tally(2, 3)))
    state = await (await client.get(route(board, "api/state"))).json()
    assert state["phase"] == "revealed"
    assert state["verdict"] == "myth"
    assert state["explanation"] == ADDICTION.explanation
    assert state["passage"] == ADDICTION.passage
    assert state["passage_heading"] == "From the article"
    assert state["passage_translation"] is None
    assert state["evidence"] == {"note": "It is a controlled substance.", "sources": ["DEA 1999"]}
    assert (state["myth_votes"], state["fact_votes"], state["share_right"]) == (3, 3, 0.5)
    assert (state["position"], state["total"], state["position_text"]) == (1, 2, "Statement 1 of 2")
    # Every sentence the phone shows is worded here, as the terminal words it.
    assert state["verdict_text"] == "It's a myth"
    assert state["room"] == "The room: 3 myth · 3 fact — 50% right."
    assert state["outcome"] == {
        "myth": "You said myth: right.",
        "fact": "You said fact: not this time.",
        "none": "You did not vote on this one.",
    }

    board.end([revealed(1, ADDICTION, Tally(3, 3))])
    state = await (await client.get(route(board, "api/state"))).json()
    assert state["phase"] == "ended"
    assert state["summary"] == [
        {
            "position": 1,
            "id": "addiction",
            "statement": ADDICTION.statement,
            "verdict": "myth",
            "myth_votes": 3,
            "fact_votes": 3,
            "share_right": 0.5,
            "phones": None,
            "hands": {"myth": 3, "fact": 3},
            "phone_languages": None,
            "revealed_at": "2026-01-01T00:00:00+00:00",
            "text": f"{ADDICTION.statement} — Myth, 50% of the room right",
        }
    ]
    assert state["resources"] == [
        {
            "name": HELP.name,
            "contact": HELP.contact,
            "region": "Canada",
            "details": None,
            "text": "Drug and alcohol helpline (Canada): 1-800-000-0000.",
            "parts": [
                {"text": "Drug and alcohol helpline (Canada): ", "tel": None},
                {"text": "1-800-000-0000", "tel": "tel:18000000000"},
                {"text": ".", "tel": None},
            ],
        }
    ]


async def test_one_vote_per_participant_the_latest_counting(
    aiohttp_client: MakeClient, board: Board, client: TestClient[Any, Any]
) -> None:
    other = await aiohttp_client(client.server)  # a second phone: its own cookie jar
    board.open(1, ORIGIN, 1)
    for phone in (client, other):
        await joined(phone, board)
    for choice in ("myth", "fact", "myth", "fact"):
        assert (await vote(client, board, 1, choice)).status == 200
    assert (await vote(other, board, 1, "myth")).status == 200
    assert board.vote_count() == 2
    assert board.close_vote() == Tally(1, 1)


async def test_a_new_statement_starts_with_no_votes(client: TestClient[Any, Any], board: Board) -> None:
    await joined(client, board)
    board.open(1, ORIGIN, 2)
    await vote(client, board, 1, "fact")
    board.open(2, ADDICTION, 2)
    assert board.vote_count() == 0
    state = await (await client.get(route(board, "api/state"))).json()
    assert state["your_vote"] is None


@pytest.mark.parametrize(
    ("body", "headers", "status"),
    [
        (b'{"position": 1, "choice": "myth"', {}, 400),
        (b"\xff\xfe", {}, 400),
        (b'[1, "myth"]', {}, 400),
        (b'{"position": "1", "choice": "myth"}', {}, 400),
        (b'{"position": true, "choice": "myth"}', {}, 400),
        (b'{"position": 1.0, "choice": "myth"}', {}, 400),
        (b'{"position": 1, "choice": "maybe"}', {}, 400),
        (b'{"position": 1, "choice": ["myth"]}', {}, 400),
        (b'{"position": 1, "choice": "myth", "extra": 1}', {}, 400),
        (b'{"position": 1}', {}, 400),
        (b'{"position": 1, "choice": "myth"}', {"Content-Type": "text/plain"}, 415),
        (b'{"position": 1, "choice": "myth", "pad": "' + b"x" * 1024 + b'"}', {}, 413),
        (b"[" * 1000, {}, 400),
    ],
    ids=[
        "truncated-json",
        "not-utf8",
        "a-list",
        "position-text",
        "position-bool",
        "position-float",
        "unknown-choice",
        "choice-list",
        "extra-key",
        "missing-choice",
        "not-json-type",
        "over-1-kib",
        "nested-too-deeply",
    ],
)
async def test_malformed_votes_get_a_4xx_with_a_json_error(
    client: TestClient[Any, Any], board: Board, body: bytes, headers: dict[str, str], status: int
) -> None:
    await joined(client, board)
    board.open(1, ORIGIN, 1)
    response = await client.post(
        route(board, "api/vote"), data=body, headers={"Content-Type": "application/json", **headers}
    )
    assert response.status == status
    assert isinstance((await response.json())["error"], str)
    assert board.vote_count() == 0


async def test_a_large_body_without_a_length_is_refused_too(client: TestClient[Any, Any], board: Board) -> None:
    await joined(client, board)
    board.open(1, ORIGIN, 1)

    async def chunks() -> Any:
        for _ in range(64):
            yield b" " * 64

    response = await client.post(route(board, "api/vote"), data=chunks(), headers={"Content-Type": "application/json"})
    assert response.status == 413
    assert "error" in await response.json()


async def test_a_vote_without_the_cookie_is_refused(client: TestClient[Any, Any], board: Board) -> None:
    board.open(1, ORIGIN, 1)
    response = await vote(client, board, 1, "fact")
    assert response.status == 403
    assert board.vote_count() == 0


async def test_a_made_up_participant_id_cannot_vote(client: TestClient[Any, Any], board: Board) -> None:
    board.open(1, ORIGIN, 1)
    client.session.cookie_jar.update_cookies({COOKIE: "A" * 22})
    response = await vote(client, board, 1, "fact")
    assert response.status == 403
    assert board.vote_count() == 0


async def test_one_address_gets_its_share_of_participant_ids_not_endless_ones(
    aiohttp_client: MakeClient, board: Board
) -> None:
    app = make_app(board, dataclasses.replace(DEFAULT_LIMITS, participants_per_address=2))
    board.open(1, ORIGIN, 1)
    first = await aiohttp_client(app)
    phones = [first, *[await aiohttp_client(first.server) for _ in range(2)]]
    statuses = []
    for phone in phones:
        await joined(phone, board)
        statuses.append((await vote(phone, board, 1, "myth")).status)
    assert statuses == [200, 200, 403]
    assert board.vote_count() == 2


@pytest.mark.parametrize("when", ["before-open", "wrong-position", "after-count", "after-reveal", "after-end"])
async def test_votes_on_a_statement_that_is_not_open_get_409(
    client: TestClient[Any, Any], board: Board, when: str
) -> None:
    await joined(client, board)
    if when != "before-open":
        board.open(1, ORIGIN, 2)
    if when == "after-count":
        board.close_vote()
    if when == "after-reveal":
        board.reveal(revealed(1, ORIGIN, board.close_vote()))
    if when == "after-end":
        board.end([])
    position = 2 if when == "wrong-position" else 1
    response = await vote(client, board, position, "fact")
    assert response.status == 409
    assert "not open" in (await response.json())["error"]


async def everything_a_participant_can_fetch(client: TestClient[Any, Any], board: Board) -> bytes:
    fetched = b""
    for name in ("", "app.js", "app.css", "api/state"):
        fetched += await (await client.get(route(board, name))).read()
    fetched += await (await vote(client, board, 1, "myth")).read()
    async with client.get(route(board, "api/events")) as events:
        fetched += json.dumps(await next_event(events)).encode()
    return fetched


async def test_the_verdict_and_explanation_are_never_sent_before_the_reveal(
    client: TestClient[Any, Any], board: Board
) -> None:
    await joined(client, board)
    board.open(1, ADDICTION, 1)
    before = await everything_a_participant_can_fetch(client, board)
    for secret in (ADDICTION.explanation, ADDICTION.passage, "controlled substance", '"verdict":', "DEA 1999"):
        assert secret.encode() not in before, secret
    board.reveal(revealed(1, ADDICTION, board.close_vote()))
    after = await everything_a_participant_can_fetch(client, board)
    assert ADDICTION.explanation.encode() in after and b'"verdict": "myth"' in after


async def test_events_announce_each_change_and_a_dropped_stream_gets_the_current_state(
    client: TestClient[Any, Any], board: Board
) -> None:
    await joined(client, board)
    async with client.get(route(board, "api/events")) as events:
        assert events.headers["Content-Type"].startswith("text/event-stream")
        assert (await next_event(events))["phase"] == "waiting"
        board.open(1, MARKUP, 2)
        assert (await next_event(events))["statement"] == MARKUP.statement
    # Dropped: the reveal happens while this phone is away.
    board.reveal(revealed(1, MARKUP, Tally(0, 1)))
    async with client.get(route(board, "api/events")) as events:
        state = await next_event(events)
        assert (state["phase"], state["verdict"]) == ("revealed", "fact")
        board.end([revealed(1, MARKUP, Tally(0, 1))])
        assert (await next_event(events))["phase"] == "ended"
        assert (await asyncio.wait_for(events.content.read(), 5)).strip() == b""  # closed at the end


async def test_too_many_requests_from_one_client_get_429(aiohttp_client: MakeClient, board: Board) -> None:
    client = await aiohttp_client(
        make_app(board, dataclasses.replace(DEFAULT_LIMITS, requests_per_second=0.01, burst=5))
    )
    statuses = [(await client.get(route(board, "api/state"))).status for _ in range(8)]
    assert statuses == [200] * 5 + [429] * 3


async def test_event_streams_per_address_are_limited(aiohttp_client: MakeClient, board: Board) -> None:
    client = await aiohttp_client(make_app(board, dataclasses.replace(DEFAULT_LIMITS, streams_per_address=2)))
    async with client.get(route(board, "api/events")) as first, client.get(route(board, "api/events")) as second:
        assert (first.status, second.status) == (200, 200)
        third = await client.get(route(board, "api/events"))
        assert third.status == 429
    await asyncio.sleep(0.1)  # the server notices the closed streams
    async with client.get(route(board, "api/events")) as again:
        assert again.status == 200


async def test_a_full_room_refuses_new_voters_but_not_changes(aiohttp_client: MakeClient, board: Board) -> None:
    app = make_app(board, dataclasses.replace(DEFAULT_LIMITS, voters=1))
    first, second = await aiohttp_client(app), None
    board.open(1, ORIGIN, 1)
    await joined(first, board)
    assert (await vote(first, board, 1, "myth")).status == 200
    second = await aiohttp_client(first.server)
    await joined(second, board)
    assert (await vote(second, board, 1, "myth")).status == 503
    assert (await vote(first, board, 1, "fact")).status == 200
    assert board.close_vote() == Tally(0, 1)


# The server thread, as `present --live` runs it.


def test_the_server_serves_on_its_thread_and_stops_within_a_second() -> None:
    with live_room(host="127.0.0.1", port=0, title="Test", resources=[]) as board:
        (url,) = board.join.urls
        assert url.startswith("http://127.0.0.1:") and url.endswith(f"/j/{board.code}/")
        host, port = url.split("/")[2].split(":")
        stream = socket.create_connection((host, int(port)), timeout=5)
        stream.sendall(f"GET /j/{board.code}/api/events HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        assert b"200 OK" in stream.recv(4096)
        started = time.monotonic()
    assert time.monotonic() - started < 1.0
    stream.close()
    with pytest.raises(OSError):
        socket.create_connection((host, int(port)), timeout=1).close()


def test_a_port_in_use_is_one_clear_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(LiveError, match=rf"cannot listen on 127\.0\.0\.1:{port}: the port is in use"):
            live_room(host="127.0.0.1", port=port, title="Test", resources=[]).__enter__()


def test_an_address_not_on_this_machine_is_one_clear_error() -> None:
    with pytest.raises(LiveError, match="no such address on this machine"):
        live_room(host="192.0.2.77", port=0, title="Test", resources=[]).__enter__()


def test_the_join_qr_code_is_a_square_with_a_quiet_zone() -> None:
    with live_room(host="127.0.0.1", port=0, title="Test", resources=[]) as board:
        rows = board.join.qr
    assert len(rows) == len(rows[0]) >= 21 + 4
    assert not any(rows[0]) and not any(row[0] for row in rows)
