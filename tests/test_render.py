"""What a person sees: exact text rendered at a fixed width, and bank text never read as markup."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable
from dataclasses import replace

from rich.console import Console

from ketaquiz import render
from ketaquiz.bank import Answer, PassageRole, parse_bank
from ketaquiz.quiz import Result, score
from tests.conftest import SMALL_BANK

BANK = parse_bank(SMALL_BANK, "bank.yaml")
ORIGIN, ADDICTION, MARKUP = BANK.questions
ORIGIN = replace(ORIGIN, passage_role=PassageRole.SUPPORTS)
ADDICTION = replace(ADDICTION, passage_role=PassageRole.OVERCLAIM)


def rendered(draw: Callable[[Console], None], width: int = 60, color: bool = False) -> str:
    console = Console(
        file=io.StringIO(),
        width=width,
        color_system="truecolor" if color else None,
        force_terminal=color,
        highlight=False,
    )
    draw(console)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(output, str)
    return output


def lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


def expected(block: str) -> list[str]:
    return lines(textwrap.dedent(block).strip("\n"))


def test_statement_panel_shows_position_and_markup_literally() -> None:
    output = rendered(lambda console: render.statement(console, MARKUP, 3, 10))
    assert lines(output)[1:] == expected("""
        ╭─ Statement 3 of 10 ──────────────────────────────────────╮
        │                                                          │
        │  A [bold]statement[/] with [red]markup                   │
        │                                                          │
        ╰──────────────────────────────────────────────────────────╯
    """)


def test_markup_in_bank_text_is_not_styled_even_in_colour() -> None:
    output = rendered(lambda console: render.statement(console, MARKUP, 1, 1), color=True)
    assert "[bold]statement[/] with [red]markup" in output
    assert "\x1b[31m" not in output, "the text must not turn red"


def test_feedback_for_a_wrong_answer_explains_quotes_and_cites() -> None:
    wrong = Result(ADDICTION, Answer.FACT)
    output = rendered(lambda console: render.feedback(console, ADDICTION, wrong, "Test article"))
    assert lines(output) == expected("""
        ╭─ ✘ Not quite — it is a MYTH ─────────────────────────────╮
        │ Regulators treat it as a drug of abuse.                  │
        │                                                          │
        │ The article claims (more than the evidence supports):    │
        │   “It is "not considered addictive" by some-but          │
        │   regulators disagree.”                                  │
        │     — Test article                                       │
        │                                                          │
        │ What the wider evidence says: It is a controlled         │
        │ substance.                                               │
        │   • DEA 1999                                             │
        ╰──────────────────────────────────────────────────────────╯
    """)


def test_feedback_for_a_right_answer_without_evidence() -> None:
    output = rendered(lambda console: render.feedback(console, ORIGIN, Result(ORIGIN, Answer.FACT), "Test article"))
    assert lines(output) == expected("""
        ╭─ ✔ Right — it is a FACT ─────────────────────────────────╮
        │ It was made in 1962 as an anesthetic.                    │
        │                                                          │
        │ The article says:                                        │
        │   “Originally developed as an anesthetic”                │
        │     — Test article                                       │
        ╰──────────────────────────────────────────────────────────╯
    """)


def test_summary_of_an_early_stop_lists_what_was_missed() -> None:
    results = [Result(ADDICTION, Answer.FACT), Result(ORIGIN, Answer.FACT)]
    output = rendered(lambda console: render.summary(console, score(results, 3)))
    assert lines(output) == [
        "",
        "Score: 1/2 — stopped after 2 of 3 statements",
        "Statements to look at again",
        "",
        "  Statement                         Verdict",
        " ───────────────────────────────────────────",
        "  Ketamine has no addiction risk.   MYTH",
        "",
    ]


def test_summary_of_a_perfect_run() -> None:
    output = rendered(lambda console: render.summary(console, score([Result(ORIGIN, Answer.FACT)], 1)))
    assert lines(output) == ["", "Score: 1/1", "Every answer right."]


def test_question_table_at_40_columns_puts_everything_under_the_statement() -> None:
    output = rendered(lambda console: render.question_table(console, BANK, BANK.questions, hide_answers=True), width=40)
    assert lines(output) == expected("""
                       Test bank
        ┌───┬──────────────────────────────────┐
        │ # │ Statement                        │
        ├───┼──────────────────────────────────┤
        │ 1 │ Ketamine was first developed as  │
        │   │ an anesthetic.                   │
        │   │ origin  tags: history            │
        ├───┼──────────────────────────────────┤
        │ 2 │ Ketamine has no addiction risk.  │
        │   │ addiction  tags: addiction       │
        ├───┼──────────────────────────────────┤
        │ 3 │ A [bold]statement[/] with        │
        │   │ [red]markup                      │
        │   │ markup                           │
        └───┴──────────────────────────────────┘
         3 statements, drawn from: Test article
    """)


def test_question_table_at_40_columns_shows_the_verdict_before_the_id() -> None:
    output = rendered(
        lambda console: render.question_table(console, BANK, BANK.questions[:1], hide_answers=False), width=40
    )
    assert "│   │ FACT  origin  tags: history      │" in lines(output)


def test_question_table_at_80_columns_has_a_column_each() -> None:
    output = rendered(
        lambda console: render.question_table(console, BANK, BANK.questions[:2], hide_answers=False), width=80
    )
    assert lines(output) == expected("""
                                           Test bank
        ┌───┬────────────────────────────────────────────────────┬─────────┬───────────┐
        │ # │ Statement                                          │ Verdict │ Tags      │
        ├───┼────────────────────────────────────────────────────┼─────────┼───────────┤
        │ 1 │ Ketamine was first developed as an anesthetic.     │ FACT    │ history   │
        │   │ origin                                             │         │           │
        ├───┼────────────────────────────────────────────────────┼─────────┼───────────┤
        │ 2 │ Ketamine has no addiction risk.                    │ MYTH    │ addiction │
        │   │ addiction                                          │         │           │
        └───┴────────────────────────────────────────────────────┴─────────┴───────────┘
                             2 statements, drawn from: Test article
    """)


def test_question_table_shows_verdicts_unless_hidden() -> None:
    shown = rendered(lambda console: render.question_table(console, BANK, BANK.questions, hide_answers=False))
    hidden = rendered(lambda console: render.question_table(console, BANK, BANK.questions, hide_answers=True))
    assert "Verdict" in shown and "MYTH" in shown
    assert "Verdict" not in hidden and "MYTH" not in hidden and "FACT" not in hidden


def test_validation_summary_counts_myths_and_facts() -> None:
    output = rendered(lambda console: render.validation_summary(console, BANK))
    assert output == "bank.yaml: valid — 3 statements (1 myth, 2 facts)\n"
