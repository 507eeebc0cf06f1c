"""Loading banks: reading the file, finding the bundled bank, and the model a good bank becomes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ketaquiz import bank as bank_module
from ketaquiz import files as files_module
from ketaquiz.bank import (
    Answer,
    BankError,
    Evidence,
    Question,
    Source,
    load_bank,
    normalise,
    parse_bank,
)
from tests.helpers import SMALL_BANK, WriteBank


def test_a_valid_bank_becomes_typed_questions() -> None:
    bank = parse_bank(SMALL_BANK, "bank.yaml")
    assert bank.title == "Test bank"
    assert bank.source == Source(
        title="Test article",
        text="Originally developed as an anesthetic, ketamine has been used for decades.\n"
        "It is “not considered addictive” by some—but regulators disagree.",
    )
    assert bank.questions[1] == Question(
        id="addiction",
        statement="Ketamine has no addiction risk.",
        answer=Answer.MYTH,
        explanation="Regulators treat it as a drug of abuse.",
        passage='It is "not considered addictive" by some-but regulators disagree.',
        evidence=Evidence(note="It is a controlled substance.", sources=("DEA 1999",)),
        tags=("addiction",),
    )
    assert [q.id for q in bank.questions] == ["origin", "addiction", "markup"]
    assert bank.tags() == ["addiction", "history"]


def test_normalise_folds_whitespace_quotes_and_dashes() -> None:
    assert normalise("  “it’s”\n\tnot—quite  ") == '"it\'s" not-quite'


def test_a_bank_with_bom_and_crlf_line_endings_loads(write_bank: WriteBank) -> None:
    path = write_bank(b"\xef\xbb\xbf" + SMALL_BANK.replace("\n", "\r\n").encode("utf-8"))
    assert [q.id for q in load_bank(path).questions] == ["origin", "addiction", "markup"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"title: caf\xe9\n", ":1: the file is not UTF-8 text (byte 0xe9); save it as UTF-8 in your editor"),
        (b"title: a\n\x00\x01\x02", ":2: contains NUL bytes: this looks like a binary file, not a bank"),
    ],
)
def test_files_that_are_not_text_are_refused(write_bank: WriteBank, content: bytes, expected: str) -> None:
    path = write_bank(content)
    with pytest.raises(BankError) as caught:
        load_bank(path)
    assert caught.value.lines() == [path + expected]


def test_missing_file_and_folder_are_named(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.yaml")
    with pytest.raises(BankError, match=r"nope\.yaml: no such file"):
        load_bank(missing)
    with pytest.raises(BankError, match="this is a folder"):
        load_bank(str(tmp_path))


def test_unreadable_file_is_named(write_bank: WriteBank, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    # chmod cannot stop root, who runs CI: make the open itself fail.
    monkeypatch.setattr(files_module, "open", denied, raising=False)
    path = write_bank()
    with pytest.raises(BankError) as caught:
        load_bank(path)
    assert caught.value.lines() == [
        f"{path}: permission denied; make the file readable, or copy it somewhere you can read"
    ]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    write_bank: WriteBank, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bank_module, "MAX_BANK_BYTES", 100)
    path = write_bank()
    with pytest.raises(BankError, match=r"the file is larger than the .* limit for a bank"):
        load_bank(path)


def test_the_bundled_bank_loads_without_a_path() -> None:
    bank = load_bank()
    assert bank.path.endswith("questions.yaml")
    assert len(bank.questions) > 0


def test_the_bundled_bank_is_found_through_importlib_resources_too(monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib.resources import files

    expected = str(files("ketaquiz").joinpath("questions.yaml"))
    monkeypatch.setattr(os.path, "isfile", lambda path: False)
    assert bank_module.bundled_bank_path() == expected
