"""The live room's flood guards: a room behind one address gets in, each browser counts once, ids
and connections abandoned by a flood are taken back for newcomers, and the facilitator is told."""

from __future__ import annotations

import asyncio
import dataclasses
import gc
from typing import Any

import pytest

pytest.importorskip("aiohttp", reason="the live extra is not installed: pip install -e '.[live]'")

from aiohttp.test_utils import TestClient

from ketaquiz.live import clients, connections
from ketaquiz.live.clients import DEFAULT_LIMITS, Budgets, Turned, group_of, limits_for
from ketaquiz.live.connections import Connections, tidying
from ketaquiz.live.handlers import CLIENTS, CONNECTIONS, make_app
from ketaquiz.live.participants import UNUSED_SECONDS, Participants
from ketaquiz.live.room import Board, closed_to_you, not_joined
from ketaquiz.votes import Join, Presence, Tally
from tests.helpers import ADDICTION, ORIGIN, MakeClient, joined, next_event, route, vote


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Phone:
    """Something with a connection to close, as the connection table sees it."""

    def __init__(self) -> None:
        self.closed = False

    def force_close(self) -> None:
        self.closed = True


async def a_phone_takes_part(client: TestClient[Any, Any], board: Board) -> int:
    """What the page does: load itself and its assets, ask the state, hold the stream, vote."""
    for name in ("", "app.css", "app.js", "icon.svg", "api/state"):
        assert (await client.get(route(board, name))).status == 200, name
    async with client.get(route(board, "api/events")) as events:
        assert events.status == 200
        assert (await next_event(events))["phase"] == "voting"
        return (await vote(client, board, 1, "myth")).status


async def test_sixty_phones_behind_one_address_joining_at_once_all_vote(
    aiohttp_client: MakeClient, board: Board
) -> None:
    """A class on a venue's guest Wi-Fi: every phone shares the address the server sees."""
    first = await aiohttp_client(make_app(board))
    phones = [first, *[await aiohttp_client(first.server) for _ in range(59)]]  # one cookie jar each
    board.open(1, ORIGIN, 1)
    statuses = await asyncio.gather(*(a_phone_takes_part(phone, board) for phone in phones))
    assert statuses == [200] * 60
    assert board.presence() == Presence(joined=60, voted=60)
    assert board.close_vote() == Tally(60, 0)


async def test_a_reloading_phone_takes_its_stream_back(client: TestClient[Any, Any], board: Board) -> None:
    """Six reloads in a row: each leaves a stream the server has not yet seen close. The fifth stream
    of one participant replaces its oldest instead of being refused."""
    await joined(client, board)
    board.open(1, ORIGIN, 1)
    held = []
    for _ in range(6):
        stream = await client.get(route(board, "api/events"))
        assert stream.status == 200
        held.append(stream)
    # The oldest two were closed for the newer ones; the newest hear the next change.
    for old in held[:2]:
        assert (await asyncio.wait_for(old.content.read(), 5)).count(b"data: ") == 1
    assert (await next_event(held[-1]))["position"] == 1
    board.open(2, ADDICTION, 2)
    assert (await next_event(held[-1]))["position"] == 2
    for stream in held:
        stream.close()


async def test_a_refused_stream_says_why_and_when_to_try_again(aiohttp_client: MakeClient, board: Board) -> None:
    app = make_app(board, dataclasses.replace(DEFAULT_LIMITS, streams_per_address=1))
    first = await aiohttp_client(app)
    second = await aiohttp_client(first.server)
    for phone in (first, second):
        await joined(phone, board)
    async with first.get(route(board, "api/events")) as held:
        assert held.status == 200
        refused = await second.get(route(board, "api/events"))
        assert refused.status == 429
        assert refused.headers["Retry-After"] == "5"
        assert await refused.json() == {"error": "Too many phones on one network address."}
        # Still a participant: it sees the statement and votes without the stream.
        board.open(1, ORIGIN, 1)
        assert (await vote(second, board, 1, "fact")).status == 200
        for _ in range(3):  # trying again counts the phone once
            await (await second.get(route(board, "api/events"))).read()
    presence = board.presence()
    assert (presence.turned_away, presence.why_turned_away) == (1, "too many phones on one network address")
    await asyncio.sleep(0.1)  # the server notices the closed stream
    async with second.get(route(board, "api/events")) as again:
        assert again.status == 200


async def test_after_the_lock_new_phones_follow_but_do_not_vote(aiohttp_client: MakeClient) -> None:
    board = Board(join=Join("abcdefgh", (), ()), title="Test bank", resources=[], lock_after=1)
    early = await aiohttp_client(make_app(board))
    late = await aiohttp_client(early.server)
    board.open(1, ORIGIN, 2)
    await joined(early, board)
    board.open(2, ADDICTION, 2)
    await joined(late, board)
    state = await (await late.get(route(board, "api/state"))).json()
    assert (state["statement"], state["joined"], state["join_text"]) == (ADDICTION.statement, False, closed_to_you())
    assert state["can_join"] is False
    refused = await vote(late, board, 2, "myth")
    assert (refused.status, (await refused.json())["error"]) == (403, closed_to_you())
    assert (await vote(early, board, 2, "myth")).status == 200
    for _ in range(2):
        await joined(late, board)  # reloading is still one phone turned away
    assert board.presence() == Presence(
        joined=1, voted=1, turned_away=1, why_turned_away="the workshop is closed to new phones", closed=True
    )


async def test_a_browser_that_is_no_participant_is_told_how_to_join(client: TestClient[Any, Any], board: Board) -> None:
    board.open(1, ORIGIN, 1)
    state = await (await client.get(route(board, "api/state"))).json()
    assert (state["joined"], state["join_text"], state["can_join"]) == (False, not_joined(), True)
    assert "your_vote" in state and state["your_vote"] is None


async def test_the_room_hears_that_time_is_up(client: TestClient[Any, Any], board: Board) -> None:
    board.open(1, ORIGIN, 1)
    async with client.get(route(board, "api/events")) as events:
        assert "time_up_text" not in await next_event(events)
        board.time_up()
        assert (await next_event(events))["time_up_text"] == "Time's up"
    board.time_up()
    board.open(2, ADDICTION, 2)
    assert "time_up_text" not in await (await client.get(route(board, "api/state"))).json()


async def test_too_many_requests_count_the_address_once(aiohttp_client: MakeClient, board: Board) -> None:
    client = await aiohttp_client(
        make_app(board, dataclasses.replace(DEFAULT_LIMITS, burst=2, requests_per_second=0.01))
    )
    statuses = [(await client.get(route(board, "api/state"))).status for _ in range(5)]
    assert statuses == [200, 200, 429, 429, 429]
    assert board.presence().turned_away == 1
    assert board.presence().why_turned_away == "too many requests from one network address"


async def test_a_large_body_is_refused_unread_and_its_connection_closed(
    client: TestClient[Any, Any], board: Board
) -> None:
    await joined(client, board)

    async def endless() -> Any:
        for _ in range(10_000):  # 640 MB, were it all read
            yield b" " * 65536

    response = await client.post(route(board, "api/vote"), data=endless(), headers={"Content-Type": "application/json"})
    assert response.status == 413
    assert response.headers["Connection"] == "close"


@pytest.mark.parametrize(
    ("address", "group"),
    [
        ("192.0.2.7", "192.0.2.7"),
        ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"),
        ("2001:db8:1:2::1%eth0", "2001:db8:1:2::/64"),
        ("::ffff:192.0.2.7", "192.0.2.7"),
        ("", ""),
    ],
    ids=["ipv4", "ipv6", "ipv6-with-zone", "ipv4-mapped", "unknown"],
)
def test_limits_count_an_ipv6_address_by_its_64(address: str, group: str) -> None:
    assert group_of(address) == group


def test_limits_are_sized_for_a_room_behind_one_address() -> None:
    limits = limits_for(60)
    assert limits.streams_per_address == 60 and limits.participants_per_address == 120
    assert limits.burst >= 6 * 60  # sixty phones loading the page at once
    assert limits_for(clients.PHONES_PER_ADDRESS) == DEFAULT_LIMITS


def test_a_newcomer_gets_a_budget_however_many_addresses_are_busy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clients, "MAX_ADDRESSES", 100)
    budgets = Budgets(dataclasses.replace(DEFAULT_LIMITS, burst=1, requests_per_second=0.001), Clock())
    for number in range(100):
        assert budgets.allow(f"10.0.0.{number}")
        assert not budgets.allow(f"10.0.0.{number}")
    assert budgets.allow("192.0.2.1")


def test_ids_abandoned_by_an_address_go_back_to_newcomers_with_their_votes() -> None:
    clock, forgotten = Clock(), list[str]()
    pool = Participants(capacity=100, per_group=2, forget=forgotten.append, clock=clock)
    first, second = pool.new("10.0.0.1"), pool.new("10.0.0.1")
    assert first and second and pool.new("10.0.0.1") is None  # both in use a moment ago
    clock.now += UNUSED_SECONDS
    pool.seen(second)
    third = pool.new("10.0.0.1")
    assert third is not None and forgotten == [first] and first not in pool and len(pool) == 2


def test_a_full_room_takes_back_the_id_unused_longest_never_one_with_a_stream() -> None:
    clock, forgotten = Clock(), list[str]()
    pool = Participants(capacity=3, per_group=3, forget=forgotten.append, clock=clock)
    ids = [pool.new(f"10.0.0.{number}") for number in range(3)]
    assert all(ids) and pool.new("10.0.1.1") is None
    streaming = ids[0]
    assert streaming is not None
    pool.stream_opened(streaming)
    clock.now += UNUSED_SECONDS
    assert pool.new("10.0.1.1") is not None and forgotten == [ids[1]]
    assert pool.new("10.0.1.2") is not None and forgotten == [ids[1], ids[2]]
    assert pool.new("10.0.1.3") is None and streaming in pool


def test_a_participant_taken_back_loses_its_vote(board: Board) -> None:
    board.open(1, ORIGIN, 1)
    board.vote("someone", 1, ORIGIN.answer, 10)
    board.forget("someone")
    assert board.close_vote() == Tally(0, 0)


def test_a_full_table_closes_the_connection_idle_longest() -> None:
    table = Connections(per_group=3, total=4)
    phones = [Phone() for _ in range(5)]
    for phone in phones[:4]:
        assert table.admit(phone, "10.0.0.1" if phone is not phones[3] else "10.0.0.2")
    table.busy(phones[0])  # a request in progress: never closed to make room
    assert table.admit(phones[4], "10.0.0.3")
    assert [phone.closed for phone in phones] == [False, True, False, False, False]
    assert len(table) == 4 and table.refused == 1  # closed before it asked anything


def test_one_address_at_its_cap_makes_room_only_from_its_own_connections() -> None:
    table = Connections(per_group=2, total=100)
    other, mine = Phone(), [Phone(), Phone(), Phone()]
    assert table.admit(other, "10.0.0.9")
    assert table.admit(mine[0], "10.0.0.1") and table.admit(mine[1], "10.0.0.1")
    assert table.admit(mine[2], "10.0.0.1")
    assert (other.closed, mine[0].closed) == (False, True)


def test_a_newcomer_is_refused_and_counted_only_when_every_connection_is_busy() -> None:
    table = Connections(per_group=10, total=2)
    busy = [Phone(), Phone()]
    for phone in busy:
        assert table.admit(phone, "10.0.0.1")
        table.busy(phone)
    assert not table.admit(Phone(), "10.0.0.2")
    assert table.refused == 1
    table.release(busy[0])  # answered: not counted
    assert table.admit(Phone(), "10.0.0.2")
    assert table.refused == 1


def test_the_facilitator_sees_refused_connections_and_the_reason_for_phones_turned_away(board: Board) -> None:
    app = make_app(board)
    app[CONNECTIONS].refused = 1100
    app[CLIENTS].turned_away.add(Turned.ADDRESS, "a phone")
    app[CLIENTS].turned_away.add(Turned.ADDRESS, "a phone")
    presence = board.presence()
    assert (presence.refused_connections, presence.turned_away) == (1100, 1)
    assert presence.why_turned_away == "too many phones on one network address"


async def test_memory_left_by_many_closed_connections_is_collected(monkeypatch: pytest.MonkeyPatch) -> None:
    """A flood's connections, once closed, sit in reference cycles until a full collection."""
    collected: list[bool] = []

    def collect() -> int:
        collected.append(True)
        return 0

    monkeypatch.setattr(connections, "TIDY_EVERY_SECONDS", 0.01)
    monkeypatch.setattr(gc, "collect", collect)
    table = Connections(per_group=10, total=10)
    tidy = tidying(table)
    await tidy.__anext__()
    await asyncio.sleep(0.05)
    assert collected == []  # nothing closed yet: nothing to do
    for phone in [Phone() for _ in range(connections.TIDY_AFTER_CONNECTIONS)]:
        table.admit(phone, "10.0.0.1")
        table.release(phone)
    await asyncio.sleep(0.05)
    assert collected == [True]  # once, not on every turn
    with pytest.raises(StopAsyncIteration):
        await tidy.__anext__()
