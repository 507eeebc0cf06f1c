"""How sure, on the phones: `sure` in the vote's contract, the reveal's count of those sure and
wrong, and, in a real browser, phones voting with confidence, their before and after paired in
the recap, and the save file holding exactly what was cast.

The browser test needs Debian's `chromium` (.ci/run installs it) driven by Playwright; axe-core
(KETAQUIZ_AXE) checks the new states. Screenshots go to KETAQUIZ_ARTIFACTS when it is set.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("aiohttp", reason="the live extra is not installed: pip install -e '.[live]'")

from ketaquiz import wording
from ketaquiz.bank import parse_bank
from ketaquiz.live.handlers import make_app
from ketaquiz.live.room import Board, new_code
from ketaquiz.live.serving import live_room
from ketaquiz.present.loop import EVERY_STATEMENT, Settings
from ketaquiz.saveformat import Setup
from ketaquiz.votes import Join, Tally
from tests.helpers import (
    SMALL_BANK,
    Facilitator,
    MakeClient,
    artifacts,
    joined,
    look,
    new_phone,
    revealed,
    route,
    wait_until,
)

BANK = parse_bank(SMALL_BANK, "bank.yaml")
ORIGIN, ADDICTION, _ = BANK.questions  # fact, myth


def sure_board() -> Board:
    return Board(join=Join(new_code(), (), ()), title="Test bank", resources=[], confidence=True)


async def vote(client: Any, board: Board, body: dict[str, Any]) -> Any:
    return await client.post(route(board, "api/vote"), json=body)


async def test_a_vote_says_how_sure_and_can_change_until_the_reveal(aiohttp_client: MakeClient) -> None:
    board = sure_board()
    client = await aiohttp_client(make_app(board))
    await joined(client, board)
    board.open(1, ORIGIN, 1)
    state = await (await client.get(route(board, "api/state"))).json()
    assert (state["confidence"], state["recap"]) == (True, False)
    response = await vote(client, board, {"position": 1, "choice": "myth"})
    assert await response.json() == {
        "position": 1,
        "choice": "myth",
        "sure": False,
        "text": "Vote received: Myth, not sure.",
    }
    response = await vote(client, board, {"position": 1, "choice": "myth", "sure": True})
    assert (await response.json())["text"] == "Vote received: Myth, sure."
    state = await (await client.get(route(board, "api/state"))).json()
    assert (state["your_vote"], state["your_sure"]) == ("myth", True)
    tally = board.close_vote()
    assert tally == Tally(1, 0, sure_myths=1, sure_facts=0, asked_sure=1)
    board.reveal(revealed(1, ORIGIN, tally))
    state = await (await client.get(route(board, "api/state"))).json()
    assert state["room"] == "The room: 1 myth · 0 fact — 0% right. 1 was sure it was a myth."
    assert state["outcome"]["myth_sure"] == "You said myth, and were sure: not this time."
    assert state["sure_wrong_note"] == wording.sure_and_wrong()


@pytest.mark.parametrize(
    ("confidence", "body", "error"),
    [
        (True, {"position": 1, "choice": "myth", "sure": "yes"}, "sure must be true or false"),
        (True, {"position": 1, "choice": "myth", "sure": 1}, "sure must be true or false"),
        (True, {"position": 1, "choice": "myth", "sure": None}, "sure must be true or false"),
        (True, {"position": 1, "sure": True}, 'send exactly {"position": <number>, "choice": "myth" or "fact", "sure"'),
        (False, {"position": 1, "choice": "myth", "sure": True}, "this workshop does not ask how sure you are"),
    ],
    ids=["text", "number", "null", "no-choice", "not-asked"],
)
async def test_a_malformed_sure_is_refused_with_400(
    aiohttp_client: MakeClient, confidence: bool, body: dict[str, Any], error: str
) -> None:
    board = Board(join=Join(new_code(), (), ()), title="Test bank", resources=[], confidence=confidence)
    client = await aiohttp_client(make_app(board))
    await joined(client, board)
    board.open(1, ORIGIN, 1)
    response = await vote(client, board, body)
    assert response.status == 400
    assert (await response.json())["error"].startswith(error)
    assert board.vote_count() == 0


def test_the_recap_is_said_on_the_phones_and_pairs_each_phone_by_counts_only() -> None:
    board = sure_board()
    board.open(1, ORIGIN, 1)
    board.vote("Zq7participantid", 1, ORIGIN.answer, 10)
    board.close_vote()
    assert board.changes() is None, "the first round pairs nothing yet"
    board.open(1, ORIGIN, 1, recap=True)
    state = board.state_for("Zq7participantid")
    assert (state["recap"], state["position_text"], state["your_vote"]) == (True, "Recap 1 of 1", None)
    board.vote("Zq7participantid", 1, ORIGIN.answer, 10)
    board.close_vote()
    changes = board.changes()
    assert changes is not None and (changes.right_to_right, changes.wrong_to_right) == (1, 0)
    assert "Zq7participantid" not in json.dumps(board.state_for(None)), "no participant id is ever shown"


def received(phone: Any) -> Callable[[], bool]:
    """Whether the phone has said its latest vote was received."""
    return lambda: "Vote received" in (phone.locator("#status").text_content() or "")


def test_phones_vote_with_confidence_and_the_recap_pairs_each_phones_before_and_after(
    browser: Any, tmp_path: Path
) -> None:
    path = tmp_path / "s.json"
    folder = artifacts(tmp_path)
    with live_room(host="127.0.0.1", port=0, title="Test bank", resources=[], confidence=True) as board:
        setup = Setup(statements=2, confidence=True)
        facilitator = Facilitator(
            board, path, [ORIGIN, ADDICTION], settings=Settings(recap=EVERY_STATEMENT), setup=setup
        )
        try:
            (url,) = board.join.urls
            phones = [new_phone(browser) for _ in range(3)]
            for phone in phones:
                phone.goto(url)
                phone.locator("#statement").wait_for(state="visible")
            a, b, c = phones
            assert a.locator("#sureness").is_hidden(), "how sure comes once there is a vote"
            votes = {a: ["Myth", "Sure"], b: ["Fact"], c: ["Myth", "Sure", "Fact"]}  # c changes its mind, still sure
            for phone, taps in votes.items():
                for name in taps:
                    phone.get_by_role("button", name=name, exact=True).click()
                    wait_until(received(phone))
            a.get_by_text("Vote received: Myth, sure.").wait_for()
            c.get_by_text("Vote received: Fact, sure.").wait_for()
            assert c.get_by_role("button", name="Sure, chosen").get_attribute("aria-pressed") == "true"
            wait_until(lambda: board.vote_count() == 3)
            look(a, folder, "sure-voted")

            facilitator.type("")  # Enter reveals, the phones' votes as the tally
            a.get_by_role("heading", name="It's a fact").wait_for()
            assert a.locator("#outcome").text_content() == "You said myth, and were sure: not this time."
            assert a.locator("#sure-note").text_content() == wording.sure_and_wrong()
            assert b.locator("#sure-note").text_content() == ""
            assert "1 was sure it was a myth." in (a.locator("#room").text_content() or "")
            look(a, folder, "sure-and-wrong")

            facilitator.type("")  # the next statement: no phone votes
            a.get_by_text(ADDICTION.statement).wait_for()
            facilitator.type("")  # revealed without votes
            facilitator.type("")  # Enter for the recap: asked again from the first statement
            a.get_by_text("Recap 1 of 2", exact=True).wait_for()
            for phone in phones:
                assert phone.locator("#vote-myth").get_attribute("aria-pressed") == "false"
            assert a.locator("#sureness").is_hidden(), "the first round's vote is not shown as this one"
            for phone, choice in ((a, "Fact"), (b, "Fact"), (c, "Myth")):
                phone.get_by_role("button", name=choice, exact=True).click()
                wait_until(received(phone))
            b.get_by_role("button", name="Sure", exact=True).click()
            b.get_by_text("Vote received: Fact, sure.").wait_for()
            wait_until(lambda: board.vote_count() == 3)
            look(a, folder, "recap-voting")
            facilitator.type("")  # counted, on to the second
            a.get_by_text("Recap 2 of 2", exact=True).wait_for()
            facilitator.type("q")  # the recap ends early

            a.get_by_text("The session has ended", exact=True).wait_for()
            assert a.locator("#recap-score").text_content() == "In the recap: 1 right of 1 statement you voted on."
            assert a.locator("#recap-overall").text_content() == "Right 67% → 67%; sure and wrong 33% → 0%."
            look(a, folder, "recap-ended")
        finally:
            facilitator.type(None)
            facilitator.thread.join(timeout=10)
    (session,) = json.loads(path.read_text())["sessions"]
    first = session["results"][0]
    again = session["recap"]["results"]
    assert first["phones"] == {"myth": 1, "fact": 2, "sure_myth": 1, "sure_fact": 1} and first["hands"] is None
    assert session["results"][1]["phones"] == {"myth": 0, "fact": 0}, "no phone voted on the second"
    assert len(again) == 1 and session["recap"]["statements"] == 2, "cut short: one of two asked again"
    assert again[0]["phones"] == {"myth": 1, "fact": 2, "sure_myth": 0, "sure_fact": 1}
    # a wrong -> right, b right -> right, c right -> wrong: each phone paired with itself, only as counts.
    assert again[0]["changes"] == {"wrong_to_right": 1, "right_to_wrong": 1, "right_to_right": 1, "wrong_to_wrong": 0}
