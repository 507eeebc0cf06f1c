"""Broken and hostile banks and answer streams: one clear line, the documented exit code, no hang."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ketaquiz.bank import MAX_BANK_BYTES, Bank, BankError, decode_bank_bytes, parse_bank
from ketaquiz.cli import cli
from tests.helpers import BILINGUAL_BANK, SMALL_BANK, bank_of


def _with(old: str, new: str) -> bytes:
    return SMALL_BANK.replace(old, new, 1).encode()


BILLION_LAUGHS = "\n".join(
    ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
).encode()

BANKS: list[tuple[str, bytes, str]] = [
    # (case, file content, what the one line must say after the path)
    ("empty file", b"", ": the bank is empty"),
    ("only comments", b"# a bank\n# to be written\n", ": the bank is empty"),
    ("top level a list", b"- a\n", ":1: the bank must be a mapping"),
    (
        "top level text",
        b"just some words\n",
        ": this does not look like a bank: no line starts with one of a bank's keys.",
    ),
    (
        "questions not a list",
        SMALL_BANK.split("questions:")[0].encode() + b"questions: lots\n",
        ":7: 'questions' must be a list, found 'lots'",
    ),
    ("entry not a mapping", SMALL_BANK.encode() + b"  - [1, 2]\n", ":28: question 4 must be a mapping"),
    ("invalid yaml", b"source: {title: x\n", ":1: invalid YAML at column 9: this bracket is never closed"),
    ("tab indentation", b"source:\n\ttitle: x\n", ":2: invalid YAML at column 1: a tab is used for indentation"),
    ("not utf-8", "title: café\n".encode("latin-1"), ":1: the file is not UTF-8 text (byte 0xe9)"),
    ("nul bytes", b"title: x\x00\n", ":1: contains NUL bytes"),
    ("binary", bytes(range(256)) * 4, ":1: contains NUL bytes"),
    ("billion laughs", BILLION_LAUGHS, "YAML aliases (*name) are not allowed in a bank"),
    ("deep nesting", b"title: " + b"[" * 100_000 + b"]" * 100_000, "nested too deeply to be a bank"),
    ("deep block nesting", b"".join(b" " * i + b"- \n" for i in range(3000)), "nested too deeply to be a bank"),
    ("python tag", b"title: !!python/object/apply:os.system ['echo owned']\n", "the YAML tag '!!python/object"),
    ("custom tag", _with("answer: myth", "answer: !fact myth"), ":16: the YAML tag '!fact' is not allowed"),
    (
        "statement a list",
        _with("statement: Ketamine has no addiction risk.", "statement: [a]"),
        ":15: question 'addiction': 'statement' must be text, found a list",
    ),
    (
        "statement null",
        _with("statement: Ketamine has no addiction risk.", "statement: null"),
        ":15: question 'addiction': 'statement' must be text, found nothing",
    ),
    (
        "empty explanation",
        _with("explanation: Regulators treat it as a drug of abuse.", "explanation: ''"),
        ":17: question 'addiction': 'explanation' is empty",
    ),
    ("answer false", _with("answer: myth", "answer: false"), "'answer: false' is read by YAML as true/false"),
    ("duplicate id", _with("id: markup", "id: origin"), ":23: question 'origin': duplicate id"),
    (
        "unknown key",
        _with("    explanation: Brackets", "    explaination: Brackets"),
        ":26: question 'markup': unknown key 'explaination' in question 3; did you mean 'explanation'?",
    ),
    (
        "passage not in source",
        _with("passage: ketamine has been used for decades", "passage: never said"),
        ":27: question 'markup': the passage is not in the source text",
    ),
    (
        "two megabyte statement",
        _with("statement: Ketamine has no addiction risk.", "statement: " + "x" * 2_000_000),
        ":15: question 'addiction': 'statement' is 2,000,000 characters long; the limit is 10,000",
    ),
    (
        "escape in a statement",
        _with("statement: Ketamine has no addiction risk.", 'statement: "\\e]2;pwned\\a"'),
        "'statement' contains the control character U+001B",
    ),
    (
        "bell in a source",
        _with("title: Test article", 'title: "Test\\x07"'),
        ":3: 'title' contains the control character U+0007",
    ),
    (
        "c1 control in evidence",
        _with("note: It is a controlled substance.", 'note: "\\x9b2J"'),
        ":20: question 'addiction': 'note' contains the control character U+009B",
    ),
    (
        "bidi override in a statement",
        _with(
            "statement: Ketamine has no addiction risk.", 'statement: "Ketamine has \\u202eno\\u202c addiction risk."'
        ),
        ":15: question 'addiction': 'statement' contains the bidirectional control character U+202E "
        "(RIGHT-TO-LEFT OVERRIDE), which makes a browser show the text in another order than it is written; "
        "remove it",
    ),
    (
        "bidi isolate in an explanation",
        _with(
            "explanation: Regulators treat it as a drug of abuse.",
            'explanation: "\\u2066Regulators\\u2069 treat it as a drug of abuse."',
        ),
        ":17: question 'addiction': 'explanation' contains the bidirectional control character U+2066 "
        "(LEFT-TO-RIGHT ISOLATE)",
    ),
    (
        "raw escape byte",
        b"title: \x1b[2J\n" + SMALL_BANK.split("\n", 1)[1].encode(),
        ":1: character U+001B is not allowed in YAML",
    ),
]


@pytest.mark.parametrize(("content", "message"), [case[1:] for case in BANKS], ids=[case[0] for case in BANKS])
def test_a_broken_bank_gets_one_clear_line_and_exit_1(
    runner: CliRunner, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bank.yaml"
    path.write_bytes(content)
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"Error: {path}"), first
    assert message in result.stderr
    assert not re.search("[\x1b\x07\u202a-\u202e\u2066-\u2069]", result.stderr), "bank text never reaches it raw"
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("make_path", "message"),
    [
        (lambda tmp: tmp / "missing.yaml", "no such file"),
        (lambda tmp: tmp, "this is a folder"),
        (lambda tmp: _sparse(tmp / "huge.yaml", MAX_BANK_BYTES + 1), "larger than the 32 MiB limit"),
        (lambda tmp: _loop(tmp / "loop.yaml"), "cannot be read"),
    ],
    ids=["missing", "folder", "over the size limit", "symlink loop"],
)
def test_paths_that_are_not_bank_files(
    runner: CliRunner, tmp_path: Path, make_path: Callable[[Path], Path], message: str
) -> None:
    path = make_path(tmp_path)
    for args in (["validate", str(path)], ["play", "--bank", str(path)], ["list", "--bank", str(path)]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 1, args
        assert result.stderr.startswith(f"Error: {path}: ") and message in result.stderr, result.stderr


def _sparse(path: Path, size: int) -> Path:
    with open(path, "wb") as file:
        file.truncate(size)
    return path


def _loop(path: Path) -> Path:
    os.symlink(path, path)
    return path


def test_editor_byte_order_mark_and_crlf_are_accepted(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "windows.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + SMALL_BANK.replace("\n", "\r\n").encode())
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{path}: valid — 3 statements (1 myth, 2 facts)\n"
    assert result.stderr == ""


def test_a_10000_statement_bank_is_fine(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(bank_of(10_000))
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0
    assert "valid — 10,000 statements (10,000 myths, 0 facts)" in result.stdout


STREAMS = [
    # (case, bytes on stdin, statements answered)
    ("closed at the first prompt", b"", 0),
    ("thousands of garbage lines", b"nope\n" * 2000 + b"\x1b[A\n" * 100, 0),
    ("invalid utf-8", b"\xff\xfe\n\xc3\n" + b"f\n", 1),
    ("a single 5 MB line", b"m" * 5_000_000 + b"\nf\n", 1),
    ("a 5 MB line without a newline", b"f" * 5_000_000, 0),
    ("answers without a final newline", b"f\nm\nf", 3),
    ("crlf answers", b"f\r\nm\r\n", 2),
]


@pytest.mark.parametrize(("stdin", "answered"), [case[1:] for case in STREAMS], ids=[case[0] for case in STREAMS])
def test_answer_streams_end_cleanly_with_a_summary(
    runner: CliRunner, tmp_path: Path, stdin: bytes, answered: int
) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text(SMALL_BANK)
    result = runner.invoke(cli, ["play", "--bank", str(path), "--in-order"], input=stdin)
    assert result.exit_code == 0
    assert result.exception is None or isinstance(result.exception, SystemExit)
    score = f"Score: {answered}/{answered}"
    assert score in result.stdout
    assert len(result.stdout) < 2_000_000, "a huge reply is never echoed"


def test_a_40_column_terminal_gets_40_column_output(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text(SMALL_BANK)
    for args in (["play", "--bank", str(path)], ["list", "--bank", str(path)]):
        result = runner.invoke(cli, args, input="f\nm\nf\n", env={"COLUMNS": "40"})
        assert result.exit_code == 0
        assert max(len(line) for line in result.stdout.splitlines()) <= 40


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_the_loader_on_arbitrary_bytes_returns_a_bank_or_its_own_error(data: bytes) -> None:
    try:
        assert isinstance(parse_bank(decode_bank_bytes(data, "fuzz.yaml"), "fuzz.yaml"), Bank)
    except BankError as error:
        assert error.lines() and all(line.startswith("fuzz.yaml") for line in error.lines())


@st.composite
def mutated_banks(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from([SMALL_BANK, BILINGUAL_BANK]))
    lines = text.splitlines(keepends=True)
    # Lines dropped, repeated or moved, so that whole keys and translations go missing or twice.
    for _ in range(draw(st.integers(0, 3))):
        taken = lines.pop(draw(st.integers(0, len(lines) - 1)))
        if draw(st.booleans()):
            lines.insert(draw(st.integers(0, len(lines))), taken)
    text = "".join(lines)
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 20)))
        text = text[:start] + draw(st.text(max_size=10)) + text[end:]
    return text


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_banks())
def test_the_loader_on_mutated_banks_returns_a_bank_or_its_own_error(text: str) -> None:
    try:
        bank = parse_bank(text, "fuzz.yaml")
    except BankError as error:
        assert error.lines()
    else:
        assert bank.questions and all(q.statement and q.passage for q in bank.questions)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.binary(max_size=40).filter(lambda line: b"\n" not in line), max_size=30))
def test_play_on_arbitrary_lines_ends_cleanly(runner: CliRunner, lines: list[bytes]) -> None:
    result = runner.invoke(cli, ["play", "--seed", "1", "-n", "3"], input=b"\n".join(lines))
    assert result.exit_code == 0, result.output
    assert "Score: " in result.stdout


def test_the_source_may_hold_bidi_controls_and_a_passage_quoted_without_them_is_found(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "bank.yaml"
    text = "It is “not considered addictive” by some—but regulators disagree."
    path.write_bytes(_with(text, text.replace("regulators", "\u2067regulators\u2069")))
    assert "\u2067" in path.read_text(), "the characters themselves, in a block of text"
    result = runner.invoke(cli, ["validate", str(path)])
    assert (result.exit_code, result.stderr) == (0, "")
