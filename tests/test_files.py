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
