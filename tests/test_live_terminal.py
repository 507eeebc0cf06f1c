"""`ketaquiz present --live` as the facilitator sees it: a real terminal, phones voting over HTTP, and the errors."""

from __future__ import annotations

import http.cookiejar
import io
import json
import os
import re
import socket
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

pytest.importorskip("aiohttp", reason="the live extra is not installed: pip install -e '.[live]'")

from ketaquiz import live
from ketaquiz.cli import cli
from ketaquiz.screens.join import presence_line
from ketaquiz.votes import Join, Presence
from tests.helpers import WriteBank, in_terminal, open_workshop, read_until

ANSI = re.compile(rb"\x1b(\[[0-9;?]*[A-Za-z]|[78])")


def phone_vote(url: str, position: int, choice: str) -> int:
    """A phone opens the page (getting its cookie) and votes."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    opener.open(url, timeout=5).close()
    body = json.dumps({"position": position, "choice": choice}).encode()
    request = urllib.request.Request(url + "api/vote", body, {"Content-Type": "application/json"})
    with opener.open(request, timeout=5) as response:
        return int(response.status)


def test_the_terminal_shows_the_join_qr_the_count_and_reveals_phone_and_hand_votes(
    write_bank: WriteBank, tmp_path: Path
) -> None:
    save = tmp_path / "s.json"
    args = ["present", "--bank", write_bank(), "--in-order", "--live", "--host", "127.0.0.1", "--port", "0"]
    with in_terminal([*args, "--save", str(save)], columns=100) as (process, terminal, seen):
        read_until(terminal, b"Enter starts", seen)
        shown = ANSI.sub(b"", bytes(seen)).decode()
        match = re.search(r"(http://127\.0\.0\.1:\d+/j/([a-z0-9]+)/)", shown)
        assert match, shown
        url, code = match.groups()
        assert f"Join code: {code}" in shown and "0 phones joined" in shown
        # Listening on this computer only, the room is told so, and shown no QR code it cannot use.
        assert "Phones cannot join: the server listens on this computer only." in shown
        assert "▀" not in shown and "█" not in shown
        urllib.request.urlopen(url, timeout=5).close()  # a browser opens the page, and is given an id
        read_until(terminal, b"1 phone joined", seen)
        os.write(terminal, b"\n")
        read_until(terminal, b"Votes?", seen)
        assert "Joined 1 · voted 0" in ANSI.sub(b"", bytes(seen)).decode()

        assert phone_vote(url, 1, "myth") == 200
        read_until(terminal, "Joined 2 · voted 1".encode(), seen)
        assert phone_vote(url, 1, "fact") == 200
        read_until(terminal, "Joined 3 · voted 2".encode(), seen)

        os.write(terminal, b"1 0\n")  # a hand vote from someone without a phone is added
        read_until(terminal, "The room: 2 myth · 1 fact".encode(), seen)
        os.write(terminal, b"q\n")
        assert process.wait(timeout=10) == 0
        assert b"Traceback" not in seen
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url + "api/state", timeout=2)  # the server has stopped
    (result,) = json.loads(save.read_text())["sessions"][0]["results"]
    assert (result["myth_votes"], result["fact_votes"]) == (2, 1)


@pytest.mark.parametrize(
    "option",
    [["--port", "0"], ["--host", "127.0.0.1"], ["--lock-after", "1"], ["--phones-per-address", "60"], ["--confidence"]],
)
def test_the_live_options_need_live(runner: CliRunner, write_bank: WriteBank, option: list[str]) -> None:
    result = runner.invoke(cli, ["present", "--bank", write_bank(), *option], input="q\n")
    assert result.exit_code == 2
    assert "--host, --port, --lock-after, --phones-per-address and --confidence go with --live" in result.output


def test_phones_per_address_from_the_environment_is_left_alone_without_live(
    runner: CliRunner, write_bank: WriteBank
) -> None:
    """A venue's setting kept in the environment does not stop a workshop without phones."""
    result = runner.invoke(
        cli, ["present", "--bank", write_bank()], input="q\n", env={"KETAQUIZ_PHONES_PER_ADDRESS": "60"}
    )
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("option", "message"),
    [(["--lock-after", "0"], "0 is not in the range x>=1"), (["--phones-per-address", "0"], "0 is not in the range")],
)
def test_the_live_limits_are_checked(runner: CliRunner, write_bank: WriteBank, option: list[str], message: str) -> None:
    result = runner.invoke(cli, ["present", "--bank", write_bank(), "--live", *option])
    assert result.exit_code == 2
    assert message in result.output


def test_after_lock_after_the_terminal_says_the_room_is_closed_and_who_was_turned_away(
    write_bank: WriteBank,
) -> None:
    args = ["present", "--bank", write_bank(), "--in-order", "--live", "--host", "127.0.0.1", "--port", "0"]
    with in_terminal([*args, "--lock-after", "1"], columns=110) as (process, terminal, seen):
        open_workshop(terminal, seen)  # past the title screen
        read_until(terminal, b"Votes?", seen)
        match = re.search(r"(http://127\.0\.0\.1:\d+/j/[a-z0-9]+/)", ANSI.sub(b"", bytes(seen)).decode())
        assert match, bytes(seen)
        assert phone_vote(match[1], 1, "myth") == 200
        os.write(terminal, b"\n")  # reveal statement 1
        read_until(terminal, b"Enter for the next statement", seen)
        os.write(terminal, b"\n")  # statement 2 opens: the room is closed to new phones
        read_until(terminal, "Joined 1 · voted 0 · closed to new phones".encode(), seen)
        with pytest.raises(urllib.error.HTTPError) as refused:
            phone_vote(match[1], 2, "fact")
        assert refused.value.code == 403
        refused.value.close()
        read_until(terminal, b"1 phone could not join: the workshop is closed to new phones", seen)
        os.write(terminal, b"q\n")
        assert process.wait(timeout=10) == 0


def test_a_port_in_use_is_one_line_and_exit_1(runner: CliRunner, write_bank: WriteBank) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = runner.invoke(
            cli, ["present", "--bank", write_bank(), "--live", "--host", "127.0.0.1", "--port", port]
        )
    assert result.exit_code == 1
    assert result.output == f"Error: cannot listen on 127.0.0.1:{port}: {_IN_USE}\n"


_IN_USE = "the port is in use; choose another with --port (or --port 0 for any free port)"


def test_live_without_its_extra_says_what_to_install(
    runner: CliRunner, write_bank: WriteBank, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(live, "missing", lambda: ["aiohttp"])
    result = runner.invoke(cli, ["present", "--bank", write_bank(), "--live"])
    assert result.exit_code == 2
    assert result.output == f"Error: {live.INSTALL_HINT}\n"


@pytest.mark.parametrize(
    ("presence", "shown"),
    [
        (Presence(joined=0, voted=0), "Joined 0 · voted 0   join at http://192.0.2.7:8765/j/abcd2345/\n"),
        (
            Presence(joined=58, voted=41, turned_away=3, why_turned_away="too many phones on one network address"),
            "Joined 58 · voted 41   join at http://192.0.2.7:8765/j/abcd2345/\n"
            "3 phones could not join: too many phones on one network address\n",
        ),
        (
            Presence(
                joined=24,
                voted=0,
                turned_away=1,
                why_turned_away="the workshop is closed to new phones",
                refused_connections=1100,
                closed=True,
            ),
            "Joined 24 · voted 0 · closed to new phones\n"
            "1 phone could not join: the workshop is closed to new phones · 1,100 connections refused\n",
        ),
    ],
    ids=["empty", "turned-away", "closed-and-flooded"],
)
def test_the_status_line_says_who_is_in_and_who_could_not_join(presence: Presence, shown: str) -> None:
    console = Console(file=io.StringIO(), width=100, color_system=None)
    console.print(presence_line(presence, Join("abcd2345", ("http://192.0.2.7:8765/j/abcd2345/",), ())))
    assert console.file.getvalue() == shown  # type: ignore[attr-defined]
