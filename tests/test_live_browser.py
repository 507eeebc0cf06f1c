"""A live workshop in a real browser: two phones join, vote, see the reveal and the end; axe-core checks each state.

Needs Debian's `chromium` (.ci/run installs it) driven by Playwright, and for the accessibility
check axe-core's axe.min.js named by KETAQUIZ_AXE (.ci/run installs it with npm). Screenshots of
the phone page are kept in KETAQUIZ_ARTIFACTS when it is set, else in the test's tmp folder.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("aiohttp", reason="the live extra is not installed: pip install -e '.[live]'")

from ketaquiz.bank import Evidence, PassageTranslation, Resource, parse_bank
from ketaquiz.live.serving import live_room
from ketaquiz.votes import Reveal
from tests.helpers import (
    PHONE,
    SMALL_BANK,
    Facilitator,
    artifacts,
    axe_violations,
    fits_at_double_zoom,
    look,
    new_phone,
    wait_for_focus,
    wait_until,
)

BANK = parse_bank(SMALL_BANK, "bank.yaml")
ORIGIN, ADDICTION, _ = BANK.questions
HOSTILE = dataclasses.replace(
    ORIGIN,
    statement='<script>window.pwned = 1</script> <b>not bold</b> & "quoted"',
    passage_translation=PassageTranslation("Mise au point à l’origine comme <i>anesthésique</i>", "fr"),
)
HELP = Resource(name="Drug and alcohol helpline", contact="1-800-000-0000", region="Canada")


def test_two_phones_vote_see_the_reveal_and_the_end(browser: Any, tmp_path: Path) -> None:
    room = live_room(host="127.0.0.1", port=0, title="Test bank", resources=[HELP])
    board = room.__enter__()
    facilitator = Facilitator(board, tmp_path / "s.json", [HOSTILE, ADDICTION])
    folder = artifacts(tmp_path)
    try:
        (url,) = board.join.urls
        phones = [browser.new_context(viewport=PHONE, is_mobile=True).new_page() for _ in range(2)]
        for phone in phones:
            phone.goto(url)
            phone.locator("#statement").wait_for(state="visible")
            assert phone.locator("#statement").text_content() == HOSTILE.statement  # shown, never run
            assert phone.evaluate("window.pwned") is None
            assert phone.get_attribute("html", "lang") == "en"
            assert phone.get_attribute("#status", "role") == "status"
        first, second = phones

        first.get_by_role("button", name="Myth").click()
        second.keyboard.press("Tab")  # the keyboard alone: Myth, then Fact
        second.keyboard.press("Tab")
        second.keyboard.press("Enter")
        for phone, choice in ((first, "Myth"), (second, "Fact")):
            phone.get_by_text(f"Vote received: {choice}").wait_for()
        wait_until(lambda: board.vote_count() == 2)
        first.screenshot(path=str(folder / "live-phone-voting.png"), full_page=True)
        assert axe_violations(first) == []
        assert fits_at_double_zoom(first)

        facilitator.type("")  # Enter reveals
        for phone, outcome in ((first, "You said myth: not this time."), (second, "You said fact: right.")):
            phone.get_by_role("heading", name="It's a fact").wait_for()
            assert phone.locator("#outcome").text_content() == outcome
            assert phone.locator("#explanation").text_content() == HOSTILE.explanation
            translation = phone.locator("#passage-translation")
            assert translation.is_visible() and translation.get_attribute("lang") == "fr"
            assert (
                translation.text_content()
                == "Traduction libre\u00a0: «\u00a0Mise au point à l’origine comme <i>anesthésique</i>\u00a0»"
            )
            wait_for_focus(phone, "verdict")  # read out
        first.screenshot(path=str(folder / "live-phone-revealed.png"), full_page=True)
        assert axe_violations(first) == []
        assert fits_at_double_zoom(first)

        facilitator.type("")  # the next statement
        second.get_by_text(ADDICTION.statement).wait_for()
        facilitator.type("q")  # quit at the reveal prompt: the workshop ends
        for phone, score in ((first, "0 right of 1 statement"), (second, "1 right of 1 statement")):
            phone.get_by_text("The session has ended", exact=True).wait_for()
            assert score in (phone.locator("#score").text_content() or "")
            assert HELP.contact in (phone.locator("#resources").text_content() or "")
        first.screenshot(path=str(folder / "live-phone-ended.png"), full_page=True)
        assert axe_violations(first) == []
        assert fits_at_double_zoom(first)
    finally:
        facilitator.type(None)
        facilitator.thread.join(timeout=10)
        room.__exit__(None, None, None)
    saved = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    (result,) = saved["sessions"][0]["results"]
    assert (result["myth_votes"], result["fact_votes"]) == (1, 1)


def test_the_page_says_when_the_server_has_stopped(browser: Any) -> None:
    with live_room(host="127.0.0.1", port=0, title="Test bank", resources=[]) as board:
        board.open(1, ORIGIN, 1)
        phone = browser.new_context(viewport=PHONE).new_page()
        phone.goto(board.join.urls[0])
        phone.locator("#statement").wait_for(state="visible")
        board.end([])
    phone.get_by_text("The session has ended", exact=True).wait_for()


def test_each_phone_state_reads_well_and_is_announced_once(browser: Any, tmp_path: Path) -> None:
    """Voting, voted, time up, revealed, the next statement and the end, as a screen reader and
    axe-core meet them: each new statement and verdict takes the focus, the chosen button is named
    so, no sentence is said twice, help numbers dial, and nothing the page asks for is missing."""
    folder = artifacts(tmp_path)
    with live_room(host="127.0.0.1", port=0, title="Test bank", resources=[HELP]) as board:
        board.open(1, ORIGIN, 2)
        phone = new_phone(browser)
        missing: list[str] = []
        phone.on("response", lambda response: missing.append(response.url) if response.status >= 400 else None)
        phone.goto(board.join.urls[0])
        phone.locator("#statement").wait_for(state="visible")
        wait_for_focus(phone, "statement")
        # "Statement 1 of 2", and for a phone that cannot vote, why
        assert phone.get_attribute("#statement", "aria-describedby") == "position join-text"
        look(phone, folder, "voting")

        phone.get_by_role("button", name="Fact").click()
        phone.get_by_text("Vote received: Fact.", exact=True).wait_for()
        assert phone.get_by_role("button", name="Fact, chosen", exact=True).get_attribute("aria-pressed") == "true"
        assert phone.get_by_role("button", name="Myth", exact=True).get_attribute("aria-pressed") == "false"
        assert phone.inner_text("body").count("You can change your vote until the reveal") == 1
        look(phone, folder, "voted")

        board.time_up()
        phone.get_by_text("Time's up", exact=True).wait_for()
        look(phone, folder, "time-up")

        board.reveal(Reveal(1, ORIGIN, board.close_vote(), "2026-01-01T00:00:00+00:00"))
        phone.get_by_role("heading", name="It's a fact").wait_for()
        wait_for_focus(phone, "verdict")
        assert phone.get_attribute("#verdict", "aria-describedby") == "outcome sure-note room"
        look(phone, folder, "revealed")

        board.open(2, ADDICTION, 2)
        phone.get_by_text(ADDICTION.statement).wait_for()
        wait_for_focus(phone, "statement")

        board.end([])
        phone.get_by_text("The session has ended", exact=True).wait_for()
        wait_for_focus(phone, "ended-heading")
        dial = phone.locator("#resources a")
        assert (dial.get_attribute("href"), dial.text_content()) == ("tel:18000000000", HELP.contact)
        look(phone, folder, "ended")

        assert phone.evaluate("window.announced") == ["Vote received: Fact.", "Time's up"]
        assert phone.evaluate("window.focused") == ["statement", "vote-fact", "verdict", "statement", "ended-heading"]
        assert missing == []  # the icon included: no /favicon.ico asked for and not found


def test_a_phone_number_in_an_explanation_stays_whole_and_dials(browser: Any) -> None:
    """Bank text is sent in pieces: a number in digits is a link that dials it, one spelled with letters
    is kept whole; neither breaks at its hyphens on a narrow screen."""
    explained = dataclasses.replace(
        ORIGIN,
        explanation="Free help exists: the national helpline, 1-800-662-4357, gives confidential referrals.",
        evidence=Evidence(note="A referral line (1-800-662-HELP) in the US.", sources=("A source",)),
    )
    with live_room(host="127.0.0.1", port=0, title="Test bank", resources=[]) as board:
        board.open(1, explained, 1)
        phone = new_phone(browser)
        phone.goto(board.join.urls[0])
        phone.locator("#statement").wait_for(state="visible")
        board.reveal(Reveal(1, explained, board.close_vote(), "2026-01-01T00:00:00+00:00"))
        phone.get_by_role("heading", name="It's a fact").wait_for()
        dial = phone.locator("#explanation a.phone")
        assert (dial.get_attribute("href"), dial.text_content()) == ("tel:18006624357", "1-800-662-4357")
        assert phone.inner_text("#explanation") == explained.explanation
        for number in (dial, phone.locator("#evidence-note .phone")):
            assert number.evaluate("element => getComputedStyle(element).whiteSpace") == "nowrap"
        assert phone.locator("#evidence-note .phone").text_content() == "1-800-662-HELP"
