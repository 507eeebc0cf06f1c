"""Reading keys: a real POSIX terminal, the Windows console path, and the fallback where neither exists."""

from __future__ import annotations

import ast
import os
import pty
import sys
import termios
import types
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from ketaquiz import terminal
from ketaquiz.terminal import TypedLine, key_reader


@pytest.mark.parametrize(
    ("chunks", "lines", "left"),
    [
        (["3 9\n"], ["3 9"], ""),
        (["3", " ", "9", "\r"], ["3 9"], ""),
        (["12x\x7f 5\n"], ["12 5"], ""),
        (["oops\x15", "4 4\n"], ["4 4"], ""),
        (["\x1b[A1\x1bOB 2\n"], ["1 2"], ""),
        (["1 1\n\n2"], ["1 1", ""], "2"),
        (["\x07\t5"], [], "5"),
    ],
    ids=["line", "key by key", "backspace", "ctrl-u", "arrow keys", "typed ahead", "controls"],
)
def test_a_typed_line(chunks: list[str], lines: list[str], left: str) -> None:
    typed = TypedLine()
    got = [line for chunk in chunks if (line := typed.feed(chunk)) is not None]
    while (line := typed.next_line()) is not None:
        got.append(line)
    assert got == lines
    assert typed.text == left


def test_a_typed_line_stops_growing_at_its_limit() -> None:
    typed = TypedLine()
    typed.feed("9" * 1000)
    assert len(typed.text) == terminal.MAX_TYPED_KEYS


@pytest.fixture
def terminal_pair() -> Iterator[tuple[int, IO[bytes]]]:
    parent, child = pty.openpty()
    with os.fdopen(child, "rb", buffering=0) as stream:
        yield parent, stream
    os.close(parent)


def test_a_real_terminal_is_read_key_by_key_unechoed_and_restored(terminal_pair: tuple[int, IO[bytes]]) -> None:
    parent, stream = terminal_pair
    before = termios.tcgetattr(stream.fileno())
    with key_reader(stream) as read_keys:
        assert read_keys is not None
        assert not termios.tcgetattr(stream.fileno())[3] & (termios.ECHO | termios.ICANON)
        assert read_keys(0.01) == "", "nothing typed: nothing read, and no waiting for a line"
        os.write(parent, "3 9 é".encode()[:-1])  # half of a two-byte character
        assert read_keys(1.0) == "3 9 "
        os.write(parent, "é".encode()[-1:] + b"\n")
        assert read_keys(1.0) == "é\n"
    assert termios.tcgetattr(stream.fileno()) == before


def test_what_is_not_a_terminal_is_read_by_lines(tmp_path: Path) -> None:
    path = tmp_path / "replies"
    path.write_bytes(b"3 9\n")
    with path.open("rb") as stream, key_reader(stream) as read_keys:
        assert read_keys is None
    with key_reader(None) as read_keys:
        assert read_keys is None


class FakeTerminal:
    def isatty(self) -> bool:
        return True


def windows_console(monkeypatch: pytest.MonkeyPatch, keys: str) -> None:
    pending = list(keys)
    console = types.SimpleNamespace(kbhit=lambda: bool(pending), getwch=lambda: pending.pop(0))
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setitem(sys.modules, "msvcrt", console)
    for posix_only in ("termios", "tty", "select", "fcntl"):  # as on Windows: none of these exist
        monkeypatch.setitem(sys.modules, posix_only, None)


def test_windows_reads_the_console_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    windows_console(monkeypatch, "3\xe0H 9\r")  # \xe0H: the up arrow, two codes
    with key_reader(FakeTerminal()) as read_keys:  # type: ignore[arg-type]
        assert read_keys is not None
        assert read_keys(0.5) == "3 9\r"
        assert read_keys(0.01) == ""


def test_ctrl_c_on_windows_interrupts(monkeypatch: pytest.MonkeyPatch) -> None:
    windows_console(monkeypatch, "1\x03")
    with key_reader(FakeTerminal()) as read_keys:  # type: ignore[arg-type]
        assert read_keys is not None
        with pytest.raises(KeyboardInterrupt):
            read_keys(0.5)


@pytest.mark.parametrize(
    ("platform", "missing"), [("win32", "msvcrt"), ("linux", "termios"), ("linux", "select")], ids=str
)
def test_without_a_way_to_read_keys_lines_are_read_instead(
    monkeypatch: pytest.MonkeyPatch, platform: str, missing: str
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setitem(sys.modules, missing, None)
    with key_reader(FakeTerminal()) as read_keys:  # type: ignore[arg-type]
        assert read_keys is None


def test_no_platform_only_module_is_imported_when_terminal_is() -> None:
    tree = ast.parse(Path(terminal.__file__).read_text(encoding="utf-8"))
    top = {alias.name for node in tree.body if isinstance(node, ast.Import) for alias in node.names}
    top |= {node.module or "" for node in tree.body if isinstance(node, ast.ImportFrom)}
    assert not top & {"termios", "tty", "fcntl", "select", "msvcrt"}
