"""Finding passages with bounded work: the index agrees with a plain search wherever it answers,
and the closest sentence is looked for among few candidates, for the first misses only."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from ketaquiz import passages
from ketaquiz.cli import cli
from ketaquiz.model import normalise
from ketaquiz.passages import Passages
from tests.helpers import SMALL_BANK, WriteBank

WORDS = st.sampled_from(["a", "b", "ab", "ba", "nausea", "mild", "group", "1", "12", "."])


@pytest.fixture
def indexed(monkeypatch: pytest.MonkeyPatch) -> None:
    """No source scanned whole: every passage through the index (and the small budget it leaves)."""
    monkeypatch.setattr(passages, "SCAN_BUDGET", 0)


@pytest.mark.usefixtures("indexed")
@pytest.mark.parametrize(
    ("wanted", "found"),
    [
        ("group 12 reported mild nausea", True),
        ("oup 12 reported mild nau", True),  # the first and last words may be parts of words
        ("group 12 reported severe nausea", False),  # a whole word the source never has
        ("group 12 reported nausea mild", False),  # every word is in the source, not in this order
        ("mild nausea", None),  # no whole word inside to look it up by, and nothing left to scan with
    ],
)
def test_the_index_finds_a_passage_by_its_rarest_whole_word(wanted: str, found: bool | None) -> None:
    source = " ".join(f"Patients in group {number} reported mild nausea." for number in range(20))
    assert Passages(source).find(wanted) is found


@pytest.mark.usefixtures("indexed")
@given(st.lists(WORDS, min_size=1, max_size=60), st.lists(WORDS, min_size=1, max_size=8), st.integers(0, 3))
def test_wherever_the_index_answers_it_agrees_with_a_plain_search(
    source: list[str], passage: list[str], trim: int
) -> None:
    haystack = " ".join(source)
    wanted = normalise(" ".join(passage))[trim:] or "a"
    found = Passages(haystack).find(wanted)
    assert found is None or found == (wanted in normalise(haystack))


def test_a_passage_of_common_words_is_looked_for_by_scanning_until_the_budget_is_spent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(passages, "COMMON", 2)
    source = "a " * 10 + "a b"
    monkeypatch.setattr(passages, "SCAN_BUDGET", 2 * len(source) + 1)  # half of it before the index
    found = Passages(source)
    assert [found.find("a a b"), found.find("a a a c"), found.find("a a a a d")] == [True, False, None]


def test_a_long_source_shows_the_closest_sentence_found_by_its_rare_words(
    runner: CliRunner, write_bank: WriteBank
) -> None:
    sentences = " ".join(
        f"Patients in group {number} reported mild nausea after the session." for number in range(3000)
    )
    bank = (
        SMALL_BANK.split("source:")[0]
        + f"source:\n  title: S\n  text: {sentences}\nquestions:\n"
        + "  - id: q\n    statement: S.\n    answer: fact\n    explanation: E.\n"
        + "    passage: Patients in group 2718 reported severe nausea after the session.\n"
    )
    result = runner.invoke(cli, ["validate", write_bank(bank)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1:] == [
        "  The closest sentence of the source, with the words that differ marked:",
        "      Patients in group 2718 reported mild nausea after the session.",
        "                                      ^^^^",
    ]


def test_only_the_first_misses_get_the_closest_sentence(runner: CliRunner, write_bank: WriteBank) -> None:
    head, _ = SMALL_BANK.split("questions:\n")
    questions = "".join(
        f"  - id: q{number}\n    statement: S.\n    answer: fact\n    explanation: E.\n"
        f"    passage: ketamine was used for {number} decades\n"
        for number in range(passages.HINTED_MISSES + 3)
    )
    result = runner.invoke(cli, ["validate", write_bank(head + "questions:\n" + questions)])
    errors = result.stderr.splitlines()
    assert sum(line.startswith("Error: ") for line in errors) == passages.HINTED_MISSES + 3
    assert errors.count("  The closest sentence of the source, with the words that differ marked:") == 20
    assert errors.count("  (The closest sentence is shown for the first 20 passages not found.)") == 1
    assert errors[-1].startswith("Error: ") and errors[-2].startswith("Error: "), "later misses: the line alone"
