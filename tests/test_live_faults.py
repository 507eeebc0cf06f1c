"""The live server against floods and faults, over real sockets on loopback: idle connections at a
desktop's open-file limit, connections that never send a request, bodies refused unread, requests
aiohttp's own parser refuses. Every loop is bounded; every address is 127.x."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

pytest.importorskip("aiohttp", reason="the live extra is not installed: pip install -e '.[live]'")

from ketaquiz.live import handlers, serving
from ketaquiz.live.serving import live_room
from tests.helpers import WriteBank, in_terminal, open_workshop, read_until

ANSI = re.compile(rb"\x1b(\[[0-9;?]*[A-Za-z]|[78])")


def request(
    host: str, port: int, method: str, path: str, *, source: str, cookie: str = "", body: bytes | None = None
) -> tuple[int, dict[str, str], bytes]:
    """One request from the address `source`, as a phone there would send it."""
    connection = http.client.HTTPConnection(host, port, timeout=5, source_address=(source, 0))
    headers = {"Cookie": cookie} if cookie else {}
    if body is not None:
        headers["Content-Type"] = "application/json"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_idle_connections_at_the_open_file_limit_keep_out_no_phone_and_print_nothing(
    write_bank: WriteBank, tmp_path: Path
) -> None:
    """One device opens 400 connections and sends nothing, against a limit of 256 open files (a Mac's
    default). A new phone still joins and votes, the save is written, and the terminal shows the
    count of refused connections, never a traceback."""
    save = tmp_path / "s.json"
    args = ["present", "--bank", write_bank(), "--in-order", "--live", "--host", "127.0.0.1", "--port", "0"]
    with in_terminal([*args, "--save", str(save)], columns=110, rows=30, open_files=256) as (process, terminal, seen):
        open_workshop(terminal, seen)  # past the title screen
        read_until(terminal, b"Votes?", seen)
        match = re.search(r"http://127\.0\.0\.1:(\d+)(/j/[a-z0-9]+/)", ANSI.sub(b"", bytes(seen)).decode())
        assert match, bytes(seen)
        port, base = int(match[1]), match[2]
        flood = []
        for _ in range(400):
            with contextlib.suppress(OSError):
                flood.append(socket.create_connection(("127.0.0.1", port), timeout=2, source_address=("127.0.0.5", 0)))
        try:
            status, headers, _ = request("127.0.0.1", port, "GET", base, source="127.0.0.77")
            assert status == 200
            cookie = headers["Set-Cookie"].split(";")[0]
            vote = json.dumps({"position": 1, "choice": "myth"}).encode()
            assert request("127.0.0.1", port, "POST", base + "api/vote", source="127.0.0.77", cookie=cookie, body=vote)[
                0
            ]
            read_until(terminal, "Joined 1 · voted 1".encode(), seen)
            read_until(terminal, b"connections refused", seen)
            os.write(terminal, b"\n")  # reveal, with the flood still on
            read_until(terminal, "The room: 1 myth · 0 fact".encode(), seen)
        finally:
            for held in flood:
                held.close()
        os.write(terminal, b"q\n")
        assert process.wait(timeout=10) == 0
    assert b"Traceback" not in seen and b"Errno" not in seen
    (result,) = json.loads(save.read_text(encoding="utf-8"))["sessions"][0]["results"]
    assert (result["myth_votes"], result["fact_votes"]) == (1, 0)


@pytest.fixture
def quick_timeout(monkeypatch: pytest.MonkeyPatch) -> float:
    monkeypatch.setattr(serving, "HEADER_SECONDS", 0.5)
    return 0.5


def closes_within(connection: socket.socket, seconds: float) -> bytes:
    """What the server sends before it closes `connection`, which it must do within `seconds`."""
    connection.settimeout(seconds)
    received = b""
    while chunk := connection.recv(65536):
        received += chunk
    return received


def answer_to(sent: Callable[[str, str], bytes], *, seconds: float = 5) -> bytes:
    """What a live room answers to the bytes `sent(code, host)` before it closes the connection,
    which it must do within `seconds`."""
    with live_room(host="127.0.0.1", port=0, title="Test", resources=[]) as board:
        host, port = board.join.urls[0].split("/")[2].split(":")
        with socket.create_connection((host, int(port)), timeout=5) as connection:
            connection.sendall(sent(board.code, host))
            return closes_within(connection, seconds)


def a_vote(code: str, host: str, *, length: int, body: str = "") -> bytes:
    return (
        f"POST /j/{code}/api/vote HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {length}\r\n\r\n{body}"
    ).encode()


@pytest.mark.parametrize(
    "sent", [b"", b"GET /j/", b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"], ids=["nothing", "half-a-line", "no-blank-line"]
)
def test_a_connection_that_sends_no_whole_request_is_closed(quick_timeout: float, sent: bytes) -> None:
    assert answer_to(lambda code, host: sent, seconds=quick_timeout + 3) == b""


@pytest.mark.parametrize(
    "raw",
    [
        b"GET /j/\x00 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        b"NOT HTTP AT ALL\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: " + b"a" * 9000 + b"\r\n\r\n",
        b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
    ],
    ids=["nul-in-path", "not-http", "header-too-long", "length-and-chunked"],
)
def test_a_request_the_parser_refuses_is_answered_in_json_with_the_headers(raw: bytes) -> None:
    head, _, body = answer_to(lambda code, host: raw).partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.") and b" 400 " in head.split(b"\r\n")[0]
    for header in (b"Content-Security-Policy:", b"X-Content-Type-Options: nosniff", b"Server: ketaquiz\r"):
        assert header in head + b"\r"
    assert json.loads(body) == {"error": "the request could not be read as HTTP"}
    assert b"a" * 100 not in body  # nothing of the request echoed back


def test_a_large_upload_is_refused_without_being_read() -> None:
    # Closed at once: the 200 MB announced are never waited for.
    answer = answer_to(lambda code, host: a_vote(code, host, length=200_000_000))
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert b'"error": "the body is larger than 1024 bytes"' in answer


def test_a_vote_whose_body_stops_short_is_answered_408_and_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(handlers, "BODY_SECONDS", 0.5)
    answer = answer_to(lambda code, host: a_vote(code, host, length=40, body='{"position": 1,'))
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert b"took too long to arrive" in answer


def test_the_open_file_limit_is_raised_as_far_as_the_system_allows() -> None:
    code = (
        "import resource\n"
        "from ketaquiz.live.serving import raise_open_files_limit\n"
        "soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)\n"
        "resource.setrlimit(resource.RLIMIT_NOFILE, (min(256, hard), hard))\n"
        "print(raise_open_files_limit(), resource.getrlimit(resource.RLIMIT_NOFILE)[0], hard)\n"
    )
    raised, soft, hard = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=30
    ).stdout.split()
    assert raised == soft == hard
