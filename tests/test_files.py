"""Writing files whole: the old file or the new, with the mode the file had."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ketaquiz.files import write_atomically


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_replaced_file_keeps_its_mode_and_gets_the_new_data(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    path.write_text("old")
    path.chmod(0o640)
    write_atomically(str(path), b"new")
    assert path.read_bytes() == b"new"
    assert _mode(path) == 0o640
    assert os.listdir(tmp_path) == ["results.json"]


def test_without_fchmod_the_mode_is_still_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Windows has no os.fchmod before Python 3.13.
    monkeypatch.delattr(os, "fchmod", raising=False)
    path = tmp_path / "results.json"
    path.write_text("old")
    path.chmod(0o600)
    write_atomically(str(path), b"new")
    assert (path.read_bytes(), _mode(path)) == (b"new", 0o600)


def test_a_symlink_keeps_pointing_at_its_target(tmp_path: Path) -> None:
    target = tmp_path / "real.csv"
    target.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    write_atomically(str(link), b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"


def test_a_device_is_written_to_and_never_replaced(tmp_path: Path) -> None:
    # A FIFO stands in for /dev/stdout or /dev/full: replacing it with a file would break it.
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_atomically(str(fifo), b"through the pipe")
        assert os.read(reader, 100) == b"through the pipe"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
