"""A room of phones in a real browser (Chromium driven by Playwright): phones behind one address,
a phone that reloads, a phone that arrives from a link on another site, a phone refused and let in,
and a phone that loses the workshop. Screenshots and axe-core as in test_live_browser."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("aiohttp", reason="the live extra is not installed: pip install -e '.[live]'")

from ketaquiz.live.clients import DEFAULT_LIMITS
from ketaquiz.live.serving import live_room
from tests.helpers import ORIGIN, artifacts, look, new_phone, wait_until


def take_part(phone: Any, choice: str = "Myth") -> None:
    phone.locator("#statement").wait_for(state="visible")
    phone.get_by_role("button", name=choice, exact=True).click()
    phone.get_by_text(f"Vote received: {choice}.", exact=True).wait_for()


def test_twelve_phones_from_one_address_joining_at_once_all_vote(browser: Any) -> None:
    with live_room(host="127.0.0.1", port=0, title="Test bank", resources=[]) as board:
        board.open(1, ORIGIN, 1)
        phones = [new_phone(browser) for _ in range(12)]
        for phone in phones:  # every page on its way before any has loaded
            phone.evaluate("url => { location.href = url; }", board.join.urls[0])
        for phone in phones:
            take_part(phone)
        wait_until(lambda: board.vote_count() == 12)
        assert board.presence().joined == 12 and board.presence().turned_away == 0


def test_a_phone_that_reloads_six_times_in_three_seconds_is_back_within_seconds(browser: Any) -> None:
    with live_room(host="127.0.0.1", port=0, title="Test bank", resources=[]) as board:
        board.open(1, ORIGIN, 1)
        phone = new_phone(browser)
        phone.goto(board.join.urls[0])
        for _ in range(6):
            phone.reload(wait_until="commit")
            phone.wait_for_timeout(500)
        phone.locator("#statement").wait_for(state="visible", timeout=5000)
        take_part(phone, "Fact")
        board.open(2, ORIGIN, 2)  # the stream is live again: the next statement arrives by itself
        phone.get_by_text("Statement 2 of 2").wait_for(timeout=5000)
        assert (board.presence().joined, board.presence().turned_away) == (1, 0)


@pytest.fixture
def chat(tmp_path: Path) -> Iterator[Any]:
    """A page on another site (127.0.0.2 is another site to a browser) with a link to `target`."""
    links: dict[str, str] = {}

    class Chat(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = f'<!doctype html><title>Chat</title><a id="join" href="{links["target"]}">Join the vote</a>'
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.2", 0), Chat)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield links, f"http://127.0.0.2:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_a_phone_arriving_from_a_link_on_another_site_three_times_counts_once(browser: Any, chat: Any) -> None:
    links, chat_url = chat
    with live_room(host="127.0.0.1", port=0, title="Test bank", resources=[]) as board:
        board.open(1, ORIGIN, 1)
        links["target"] = board.join.urls[0]
        phone = new_phone(browser)
        earlier = None
        for choice in ("Fact", "Myth", "Fact"):
            phone.goto(chat_url)
            phone.click("#join")
            phone.locator("#statement").wait_for(state="visible")
            if earlier is not None:  # the same participant: its vote is still there
                pressed = phone.get_by_role("button", name=f"{earlier}, chosen", exact=True)
                assert pressed.get_attribute("aria-pressed") == "true"
            take_part(phone, choice)
            earlier = choice
        assert (board.presence().joined, board.vote_count()) == (1, 1)
        assert board.close_vote().facts == 1


def test_a_refused_stream_says_why_and_recovers_when_the_cause_goes(browser: Any, tmp_path: Path) -> None:
    limits = dataclasses.replace(DEFAULT_LIMITS, streams_per_address=1)
    with live_room(host="127.0.0.1", port=0, title="Test bank", resources=[], limits=limits) as board:
        board.open(1, ORIGIN, 1)
        first, second = new_phone(browser), new_phone(browser)
        first.goto(board.join.urls[0])
        first.locator("#statement").wait_for(state="visible")
        second.goto(board.join.urls[0])
        second.get_by_text("Too many phones on one network address.").wait_for()
        assert "Trying again in" in (second.locator("#connection-retry").text_content() or "")
        take_part(second)  # refused the stream, not the vote: the page asked for the state instead
        look(second, artifacts(tmp_path), "refused")
        assert board.presence().why_turned_away == "too many phones on one network address"
        first.context.close()  # the phone holding the address's only stream leaves
        second.get_by_text("Back in the workshop.").wait_for(timeout=15_000)
        board.open(2, ORIGIN, 2)
        second.get_by_text("Statement 2 of 2").wait_for(timeout=5000)


def test_a_phone_that_loses_the_workshop_says_so_and_keeps_trying(browser: Any, tmp_path: Path) -> None:
    room = live_room(host="127.0.0.1", port=0, title="Test bank", resources=[])
    board = room.__enter__()
    try:
        board.open(1, ORIGIN, 1)
        phone = new_phone(browser)
        phone.goto(board.join.urls[0])
        phone.locator("#statement").wait_for(state="visible")
    finally:
        room.__exit__(None, None, None)  # the laptop's server stops without ending the workshop
    phone.get_by_text("Cannot reach the workshop.").wait_for(timeout=10_000)
    assert "Trying again in" in (phone.locator("#connection-retry").text_content() or "")
    look(phone, artifacts(tmp_path), "reconnecting")


def test_a_phone_arriving_after_the_lock_follows_along_and_is_told_why_it_cannot_vote(
    browser: Any, tmp_path: Path
) -> None:
    with live_room(host="127.0.0.1", port=0, title="Test bank", resources=[], lock_after=1) as board:
        board.open(1, ORIGIN, 2)
        board.open(2, ORIGIN, 2)
        phone = new_phone(browser)
        phone.goto(board.join.urls[0])
        phone.get_by_text("The workshop is closed to new phones. You can follow along here, but not vote.").wait_for()
        assert phone.locator("#statement").is_visible()
        assert not phone.get_by_role("button", name="Myth").is_visible()
        assert not phone.get_by_role("button", name="Join the vote").is_visible()
        look(phone, artifacts(tmp_path), "closed")
        assert board.presence().turned_away == 1
