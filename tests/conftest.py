"""Shared fixtures: a small valid bank, and a home directory that is never the real one."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

SMALL_BANK = textwrap.dedent(
    """\
    title: Test bank
    source:
      title: Test article
      text: |
        Originally developed as an anesthetic, ketamine has been used for decades.
        It is “not considered addictive” by some—but regulators disagree.
    questions:
      - id: origin
        statement: Ketamine was first developed as an anesthetic.
        answer: fact
        explanation: It was made in 1962 as an anesthetic.
        passage: Originally developed as an anesthetic
        tags: [history]
      - id: addiction
        statement: Ketamine has no addiction risk.
        answer: myth
        explanation: Regulators treat it as a drug of abuse.
        passage: It is "not considered addictive" by some-but regulators disagree.
        evidence:
          note: It is a controlled substance.
          sources: [DEA 1999]
        tags: [addiction]
      - id: markup
        statement: "A [bold]statement[/] with [red]markup"
        answer: fact
        explanation: Brackets are text.
        passage: ketamine has been used for decades
    """
)

WriteBank = Callable[..., str]

# Debian's Chromium for the tests that need a real browser, and the flags it needs here: headless,
# as root, and with nothing reaching out to the network.
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


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


def bank_of(count: int) -> str:
    """SMALL_BANK's source with `count` copies of its second question, under distinct ids."""
    head, questions = SMALL_BANK.split("questions:\n")
    body = questions.split("  - id: addiction")[1].split("  - id: markup")[0]
    return head + "questions:\n" + "".join(f"  - id: q{number}{body}" for number in range(count))


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the user's bank setting or writes to the real home directory."""
    monkeypatch.setenv("KETAQUIZ_HOME", str(tmp_path / "ketaquiz-home"))
    for name in ("KETAQUIZ_BANK", "NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES"):
        monkeypatch.delenv(name, raising=False)


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
    """A 64 KiB file system of its own (tmpfs), to be filled up; skips, saying why, where none can be mounted."""
    folder = tmp_path / "small-disk"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True, text=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip(f"mounting a small tmpfs needs root (or CAP_SYS_ADMIN): {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> Path:
    """Fill the file system holding `folder` to its last byte; the filler, to remove to make room again."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as file:
        for size in (4096, 512, 1):  # pages first, then whatever is left, byte by byte
            try:
                while True:
                    file.write(b"x" * size)
            except OSError as error:
                assert error.errno == errno.ENOSPC, error
    os.sync()
    return filler
