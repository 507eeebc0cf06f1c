"""`ketaquiz present --live` as the facilitator sees it: a real terminal, phones voting over HTTP, and the errors."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("aiohttp", reason="the live extra is not installed: pip install -e '.[live]'")

from ketaquiz import live
from ketaquiz.cli import cli
from tests.helpers import WriteBank, in_terminal, read_until

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
        assert "Phone votes: 0" in ANSI.sub(b"", bytes(seen)).decode()

        assert phone_vote(url, 1, "myth") == 200
        read_until(terminal, b"Phone votes: 1", seen)
        assert phone_vote(url, 1, "fact") == 200
        read_until(terminal, b"Phone votes: 2", seen)

        os.write(terminal, b"1 0\n")  # a hand vote from someone without a phone is added
        read_until(terminal, "The room: 2 myth · 1 fact".encode(), seen)
        os.write(terminal, b"q\n")
        assert process.wait(timeout=10) == 0
        assert b"Traceback" not in seen
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url + "api/state", timeout=2)  # the server has stopped
    (result,) = json.loads(save.read_text())["sessions"][0]["results"]
    assert (result["myth_votes"], result["fact_votes"]) == (2, 1)


def test_host_and_port_need_live(runner: CliRunner, write_bank: WriteBank) -> None:
    result = runner.invoke(cli, ["present", "--bank", write_bank(), "--port", "0"], input="q\n")
    assert result.exit_code == 2
    assert "--host and --port go with --live" in result.output


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
