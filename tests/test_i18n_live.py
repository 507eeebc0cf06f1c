"""The room in its languages: `present --live` as a real command on a terminal, with phones in a real
browser (Chromium, driven by Playwright) that each see the workshop in English or French, vote into
one tally, and leave the split in the save file and the report; and the phone page in the
pseudo-locale, where any English word left untranslated shows up."""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("aiohttp", reason="the live extra is not installed: pip install -e '.[live]'")

from aiohttp.test_utils import TestClient
from click.testing import CliRunner

from ketaquiz import live
from ketaquiz.cli import cli
from ketaquiz.languages import shown_in
from ketaquiz.live.handlers import make_app
from ketaquiz.live.room import Board, new_code
from ketaquiz.votes import Join
from tests.helpers import (
    BILINGUAL,
    BILINGUAL_BANK,
    GREEK_BANK,
    GREEK_NAMES,
    MakeClient,
    WriteBank,
    artifacts,
    assert_translated,
    in_terminal,
    look,
    new_phone,
    next_event,
    pseudo,
    read_until,
    revealed,
    route,
    save_document,
    saved_session,
    saved_votes,
    visible_text,
    vote,
    without_codes,
)

NBSP, NNBSP = "\u00a0", "\u202f"
ADDICTION = BILINGUAL.questions[1]  # a myth, with evidence, in English and French
ADDICTION_FR = shown_in(BILINGUAL, "fr").questions[1]

# Everything a phone's page says, to its reader: the text shown, what a screen reader is told (labels,
# the chosen button's name), the page's title, and its own words kept for when the connection fails.
PAGE_WORDS = """() => [
  document.title,
  document.body.innerText,
  ...[...document.querySelectorAll("[aria-label]")].map((element) => element.getAttribute("aria-label")),
  ...[...document.querySelectorAll("[data-chosen]")].map((element) => element.dataset.chosen),
  ...Object.values(document.body.dataset),
].join("\\n")"""


@contextlib.contextmanager
def room_on_terminal(args: list[str], *, waiting_for: bytes) -> Iterator[tuple[Any, int, bytearray, str]]:
    """`ketaquiz present --live` on this computer only, on a terminal: the process, the terminal, what it
    has shown (once it shows `waiting_for`) and the address phones join at."""
    command = ["present", "--live", "--host", "127.0.0.1", "--port", "0", *args]
    with in_terminal(command, 100, 30) as (process, terminal, seen):
        read_until(terminal, waiting_for, seen)
        found = re.search(r"http://127\.0\.0\.1:\d+/j/[a-z0-9]+/", without_codes(seen))
        assert found, without_codes(seen)
        yield process, terminal, seen, found.group()


def said_on(phone: Any) -> str:
    return str(phone.evaluate(PAGE_WORDS))


# Each phone in its language, one tally.


def test_each_phone_votes_in_its_language_into_one_tally_kept_in_the_save_file_and_the_report(
    browser: Any, runner: CliRunner, write_bank: WriteBank, tmp_path: Path
) -> None:
    """A facilitator in Moncton: the projector in English, a phone set to French and one to English;
    the English one tries the French page and comes back; both vote, both see the reveal in their
    language, and the save file and the report keep how many voted in each."""
    save = tmp_path / "workshop.json"
    args = ["--bank", write_bank(BILINGUAL_BANK), "--in-order", "-n", "2", "--lang", "en", "--save", str(save)]
    folder = artifacts(tmp_path)
    with room_on_terminal(args, waiting_for=b"Enter starts") as (process, terminal, seen, url):
        french, english = new_phone(browser, "fr-CA"), new_phone(browser, "en-CA")
        french.goto(url)
        assert french.get_attribute("html", "lang") == "fr"
        assert french.title() == "Mythe ou fait ? — atelier en direct".replace(" ?", f"{NNBSP}?")
        switch = french.get_by_role("navigation", name="Langue").get_by_role("link")
        assert switch.count() == 1 and switch.text_content() == "English"
        assert (switch.get_attribute("lang"), switch.get_attribute("hreflang")) == ("en", "en")
        assert switch.get_attribute("href") == "?lang=en"

        english.goto(url)
        assert english.get_attribute("html", "lang") == "en"
        english.get_by_role("navigation", name="Language").get_by_role("link", name="Français").click()
        english.wait_for_url("**?lang=fr")
        assert english.get_attribute("html", "lang") == "fr"
        english.goto(url)  # the join link again, with no language in it: the choice is remembered
        assert english.get_attribute("html", "lang") == "fr"
        english.get_by_role("link", name="English").click()
        english.wait_for_url("**?lang=en")
        english.goto(url)
        assert english.get_attribute("html", "lang") == "en"

        read_until(terminal, b"2 phones joined", seen)
        os.write(terminal, b"\r")
        french.get_by_text("La kétamine a d’abord été mise au point comme anesthésique.").wait_for()
        english.get_by_text("Ketamine was first developed as an anesthetic.").wait_for()
        for phone in (french, english):
            # Nothing of the verdict yet, in either language.
            page = phone.content()
            for secret in ("1962", "Traduction libre", "Originally developed", "C’est un", "It's a"):
                assert secret not in page, secret
        french.get_by_role("button", name="Mythe", exact=True).click()
        french.get_by_text(f"Vote reçu{NBSP}: Mythe.", exact=True).wait_for()
        look(french, folder, "fr-voted")
        english.get_by_role("button", name="Fact", exact=True).click()
        english.get_by_text("Vote received: Fact.", exact=True).wait_for()
        read_until(terminal, "Joined 2 · voted 2".encode(), seen)

        os.write(terminal, b"\r")  # the reveal
        read_until(terminal, "The room: 1 myth · 1 fact — 50% right".encode(), seen)
        french.get_by_role("heading", name="C’est un fait").wait_for()
        english.get_by_role("heading", name="It's a fact").wait_for()
        assert french.locator("#outcome").text_content() == f"Vous avez dit mythe{NBSP}: pas cette fois."
        assert french.locator("#explanation").text_content() == "Elle a été fabriquée en 1962 comme anesthésique."
        assert french.locator("#passage").text_content() == "Originally developed as an anesthetic"
        assert french.get_attribute("#passage", "lang") == "en"  # read out in English
        assert french.locator("#passage-translation").text_content() == (
            f"Traduction libre{NBSP}: «{NBSP}Mise au point à l’origine comme anesthésique{NBSP}»"
        )
        look(french, folder, "fr-revealed")
        assert english.locator("#outcome").text_content() == "You said fact: right."

        os.write(terminal, b"q\r")  # the workshop ends at the reveal: the summary, in pages
        french.get_by_role("heading", name="La séance est terminée").wait_for()
        look(french, folder, "fr-ended")
        while process.poll() is None:
            os.write(terminal, b"\r")
            read_until(terminal, b"\n", seen, timeout=5)
        assert process.wait(timeout=10) == 0

    (result,) = json.loads(save.read_text(encoding="utf-8"))["sessions"][0]["results"]
    assert (result["myth_votes"], result["fact_votes"], result["phone_languages"]) == (1, 1, {"en": 1, "fr": 1})
    page = runner.invoke(cli, ["report", str(save), "--format", "html"])
    assert "Phone votes by language: English 50% (1), French 50% (1)." in visible_text(page.output)
    french_page = runner.invoke(cli, ["report", str(save), "--format", "html", "--lang", "fr"])
    french_text = visible_text(french_page.output).replace(NBSP, " ").replace(NNBSP, " ")
    assert "Votes par téléphone selon la langue : anglais 50 % (1), français 50 % (1)." in french_text
    rows = runner.invoke(cli, ["report", str(save), "--format", "csv"]).output.splitlines()
    header, row = rows[0].lstrip("\ufeff").split(","), rows[1].split(",")
    assert row[header.index("phone_languages_before")] == "en 1; fr 1"
    figures = json.loads(runner.invoke(cli, ["report", str(save), "--format", "json"]).output)
    assert figures["workshops"][0]["phone_languages"] == {"en": 1, "fr": 1}


async def test_nothing_of_the_verdict_reaches_a_phone_before_the_reveal_in_any_language(
    aiohttp_client: MakeClient,
) -> None:
    board = Board(join=Join(new_code(), (), ()), voices=live.voices(BILINGUAL, "en"))
    client = await aiohttp_client(make_app(board))
    board.open(2, ADDICTION, 3)
    secrets = [
        *(ADDICTION.explanation, ADDICTION.passage, "controlled substance", "DEA 1999"),
        *(ADDICTION_FR.explanation, "substance contrôlée", "Traduction libre", "C’est un", "It's a", '"verdict":'),
    ]
    asking = [({"Accept-Language": "fr-CA,fr;q=0.9"}, ""), ({"Accept-Language": "en"}, ""), ({}, "?lang=fr")]
    for headers, query in asking:
        before = await everything_said(client, board, headers, query)
        assert ADDICTION_FR.statement.encode() in before or ADDICTION.statement.encode() in before
        for secret in secrets:
            assert secret.encode() not in before, (headers, query, secret)
    board.reveal(revealed(2, ADDICTION, board.close_vote()))
    after = await everything_said(client, board, {"Accept-Language": "fr"}, "")
    assert ADDICTION_FR.explanation.encode() in after and "C’est un mythe".encode() in after


async def everything_said(client: TestClient[Any, Any], board: Board, headers: dict[str, str], query: str) -> bytes:
    """What a phone asking in one language is told: the page, the state, a vote's answer and the events."""
    said = b""
    for name in ("", "app.js", "app.css", "api/state"):
        said += await (await client.get(route(board, name) + query, headers=headers)).read()
    said += await (await vote(client, board, 2, "myth")).read()
    async with client.get(route(board, "api/events") + query, headers=headers) as events:
        said += json.dumps(await next_event(events), ensure_ascii=False).encode()
    return said


# The save file.


def test_a_version_2_file_from_before_languages_is_read_and_added_to(
    runner: CliRunner, write_bank: WriteBank, tmp_path: Path
) -> None:
    """Results written before phone_languages existed read as they did, beside a workshop that has it."""
    bank = write_bank(BILINGUAL_BANK)
    origin = BILINGUAL.questions[0]
    save = tmp_path / "workshop.json"
    save.write_text(save_document([saved_session([saved_votes(1, origin, {"myth": 3, "fact": 5})])]))
    assert "phone_languages" not in save.read_text()
    added = runner.invoke(
        cli, ["present", "--bank", bank, "--in-order", "--tally", "--save", str(save)], input="2 2\nq\n"
    )
    assert added.exit_code == 0, added.output
    sessions = json.loads(save.read_text())["sessions"]
    assert len(sessions) == 2 and sessions[1]["results"][0]["phone_languages"] is None
    page = runner.invoke(cli, ["report", str(save), "--format", "html"])
    assert page.exit_code == 0, page.output
    assert "Phone votes by language" not in page.output
    figures = json.loads(runner.invoke(cli, ["report", str(save), "--format", "json"]).output)
    assert [workshop["phone_languages"] for workshop in figures["workshops"]] == [{}, {}]


# The phone page in the pseudo-locale.


def test_the_phone_page_and_the_projector_are_all_in_the_pseudo_locale(
    pseudo_locale: Path, browser: Any, write_bank: WriteBank
) -> None:
    """Every state a phone goes through (waiting, voting, how sure, voted, time up, revealed, the
    recap, the end with its before and after and where to get help), and the projector's words for
    the room, with no English word but the bank's own names."""
    args = ["--bank", write_bank(GREEK_BANK), "--in-order", "-n", "1", "--timer", "1", "--confidence", "--recap"]
    shown: list[str] = []
    with room_on_terminal(args, waiting_for=pseudo("Enter starts").encode()) as (process, terminal, seen, url):
        phone = new_phone(browser)
        phone.goto(url)
        phone.locator("#waiting").wait_for(state="visible")
        shown.append(said_on(phone))
        os.write(terminal, b"\r")
        phone.locator("#statement").wait_for(state="visible")
        shown.append(said_on(phone))
        phone.locator("#vote-myth").click()
        phone.locator("#sureness").wait_for(state="visible")
        phone.locator("#sure-yes").click()
        phone.locator("#sure-yes[aria-pressed=true]").wait_for()
        shown.append(said_on(phone))
        read_until(terminal, pseudo("Time's up").encode(), seen)  # reading the terminal lets the countdown go on
        phone.locator("#time-up:not(:empty)").wait_for()
        shown.append(said_on(phone))
        os.write(terminal, b"\r")  # the reveal
        phone.locator("#verdict").wait_for(state="visible")
        shown.append(said_on(phone))
        read_until(terminal, pseudo("Enter for the recap").encode(), seen)
        os.write(terminal, b"\r")
        read_until(terminal, pseudo("Enter starts the recap").encode(), seen)
        os.write(terminal, b"\r")
        phone.locator("#statement").wait_for(state="visible")
        phone.locator("#vote-fact").click()
        phone.locator("#vote-fact[aria-pressed=true]").wait_for()
        shown.append(said_on(phone))
        os.write(terminal, b"\r")  # the recap counted: the end
        phone.locator("#ended-heading").wait_for(state="visible")
        phone.locator("#recap-part").wait_for(state="visible")
        shown.append(said_on(phone))
        while process.poll() is None:
            os.write(terminal, b"\r")
            read_until(terminal, b"\n", seen, timeout=5)
    assert len(shown) == 7 and all(said.count("[!!") >= 4 for said in shown), shown
    for said in shown:
        assert_translated(said.replace("{seconds}", ""), allowed=GREEK_NAMES)  # the page puts a number there
    code = url.rstrip("/").rsplit("/", 1)[-1]  # random letters and digits
    assert_translated(without_codes(seen).replace(code, ""), allowed=GREEK_NAMES)
