"""Shared fixtures: a bank written to a file, a browser, and a home directory that is never the real one."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from click.testing import CliRunner

from tests.helpers import CHROMIUM, CHROMIUM_ARGS, HELP, PSEUDO, SMALL_BANK, MakeClient, WriteBank, pseudo_locale_folder

if TYPE_CHECKING:
    from aiohttp.test_utils import TestClient

    from ketaquiz.live.room import Board


@pytest.fixture
def browser() -> Iterator[Any]:
    """A headless Chromium driven by Playwright; the test skips, saying why, where there is none."""
    if not CHROMIUM:
        pytest.skip("needs Debian's chromium for the browser test (.ci/run installs it with apt-get)")
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright (the test extra) drives Chromium")
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the user's bank setting or writes to the real home directory."""
    monkeypatch.setenv("KETAQUIZ_HOME", str(tmp_path / "ketaquiz-home"))
    for name in ("KETAQUIZ_BANK", "KETAQUIZ_LANG", "KETAQUIZ_LOCALEDIR", "NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES"):
        monkeypatch.delenv(name, raising=False)
    # ketaquiz speaks the locale's language: the tests read its words in English, whatever this machine's.
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture(scope="session")
def pseudo_locale_catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return pseudo_locale_folder(tmp_path_factory.mktemp("locale"))


@pytest.fixture
def pseudo_locale(pseudo_locale_catalog: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """ketaquiz speaks the pseudo-locale (see tests/helpers.py), here and in the processes it starts."""
    monkeypatch.setenv("KETAQUIZ_LOCALEDIR", str(pseudo_locale_catalog))
    monkeypatch.setenv("KETAQUIZ_LANG", PSEUDO)
    return pseudo_locale_catalog


@pytest.fixture
def write_bank(tmp_path: Path) -> WriteBank:
    def write(text: str | bytes = SMALL_BANK, name: str = "bank.yaml") -> str:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return str(path)

    return write


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KiB file system of its own (tmpfs), to be filled up; skips, saying why, where none can be mounted."""
    folder = tmp_path / "small-disk"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)], capture_output=True, text=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip(f"mounting a small tmpfs needs root (or CAP_SYS_ADMIN): {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture
def board() -> Board:
    """A live room's board, with no server: for the HTTP contract through aiohttp's test client."""
    from ketaquiz.live.room import Board, new_code
    from ketaquiz.votes import Join

    return Board(join=Join(new_code(), (), ()), title="Test bank", resources=[HELP])


@pytest.fixture
async def client(aiohttp_client: MakeClient, board: Board) -> TestClient[Any, Any]:
    from ketaquiz.live.handlers import make_app

    return await aiohttp_client(make_app(board))
