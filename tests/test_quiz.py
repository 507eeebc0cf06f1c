"""The engine: replies, choosing statements, grading and scoring — no terminal involved."""

from __future__ import annotations

import dataclasses
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketaquiz.bank import Answer, Question, parse_bank, tagged, unknown_tags
from ketaquiz.quiz import Command, Result, Selection, choose, parse_reply, score
from tests.helpers import SMALL_BANK

QUESTIONS = parse_bank(SMALL_BANK, "bank.yaml").questions


@pytest.mark.parametrize(
    ("typed", "meaning"),
    [
        ("m", Answer.MYTH),
        ("M", Answer.MYTH),
        ("  myth \n", Answer.MYTH),
        ("MYTH", Answer.MYTH),
        ("f", Answer.FACT),
        ("Fact", Answer.FACT),
        ("\tf\r\n", Answer.FACT),
        ("q", Command.QUIT),
        ("QUIT", Command.QUIT),
        ("", None),
        ("mf", None),
        ("yes", None),
        ("true", None),
        ("myths", None),
        ("\ufffd", None),
    ],
)
def test_replies_are_read_leniently_and_nothing_else_counts(typed: str, meaning: object) -> None:
    assert parse_reply(typed) is meaning


def test_choose_shuffles_reproducibly_with_a_seed() -> None:
    first = choose(QUESTIONS, random.Random(7), Selection())
    again = choose(QUESTIONS, random.Random(7), Selection())
    assert [q.id for q in first] == [q.id for q in again]
    assert sorted(q.id for q in first) == sorted(q.id for q in QUESTIONS)
    orders = {tuple(q.id for q in choose(QUESTIONS, random.Random(seed), Selection())) for seed in range(20)}
    assert len(orders) > 1, "different seeds must give different orders"


def test_choose_in_order_keeps_the_bank_order_and_count_cuts_it() -> None:
    chosen = choose(QUESTIONS, random.Random(1), Selection(in_order=True, count=2))
    assert [q.id for q in chosen] == ["origin", "addiction"]


def _bank_of(verdicts: list[Answer]) -> list[Question]:
    template = QUESTIONS[0]
    return [dataclasses.replace(template, id=f"q{n}", answer=answer) for n, answer in enumerate(verdicts)]


@given(
    verdicts=st.lists(st.sampled_from(Answer), min_size=1, max_size=60),
    count=st.integers(min_value=1, max_value=60),
    seed=st.integers(),
    in_order=st.booleans(),
)
def test_a_draw_keeps_the_banks_share_of_myths_within_one(
    verdicts: list[Answer], count: int, seed: int, in_order: bool
) -> None:
    bank = _bank_of(verdicts)
    selection = Selection(count=count, seed=seed, in_order=in_order)
    drawn = choose(bank, selection.rng(), selection)
    assert len(drawn) == min(count, len(bank)) == len({question.id for question in drawn})
    myths = sum(question.answer is Answer.MYTH for question in drawn)
    assert abs(myths - len(drawn) * verdicts.count(Answer.MYTH) / len(bank)) <= 0.5
    assert [q.id for q in choose(bank, selection.rng(), selection)] == [q.id for q in drawn], "a seed repeats"
    if in_order:
        assert drawn == sorted(drawn, key=bank.index), "in the bank's order"


@pytest.mark.parametrize(("count", "seed"), [(4, 7), (10, 7), (6, 21)])
def test_the_draws_that_were_all_one_verdict_are_balanced(count: int, seed: int) -> None:
    """`present -n 4 --seed 7` once drew four myths, and `-n 6 --seed 21` six facts."""
    from ketaquiz.bank import load_bank

    bundled = load_bank(None, if_missing="")
    selection = Selection(count=count, seed=seed)
    drawn = choose(bundled.questions, selection.rng(), selection)
    share = sum(question.answer is Answer.MYTH for question in bundled.questions) / len(bundled.questions)
    assert abs(sum(question.answer is Answer.MYTH for question in drawn) - count * share) <= 0.5
    assert {question.answer for question in drawn} == set(Answer)


def test_count_larger_than_the_bank_asks_everything() -> None:
    assert len(choose(QUESTIONS, random.Random(1), Selection(count=99))) == 3


def test_tags_select_statements_with_any_of_them() -> None:
    assert [q.id for q in tagged(QUESTIONS, ["history"])] == ["origin"]
    assert [q.id for q in tagged(QUESTIONS, ["history", "addiction"])] == ["origin", "addiction"]
    assert [q.id for q in tagged(QUESTIONS, [])] == ["origin", "addiction", "markup"]
    assert unknown_tags(QUESTIONS, ["history", "nope"]) == ["nope"]


def _result(question: Question, given: Answer) -> Result:
    return Result(question, given)


def test_score_counts_right_answers_and_keeps_the_missed_in_order() -> None:
    origin, addiction, markup = QUESTIONS
    results = [_result(origin, Answer.FACT), _result(addiction, Answer.FACT), _result(markup, Answer.MYTH)]
    final = score(results, total=5)
    assert (final.right, final.answered, final.total, final.finished) == (1, 3, 5, False)
    assert [r.question.id for r in final.missed] == ["addiction", "markup"]
    assert score(results[:1], total=1).finished
