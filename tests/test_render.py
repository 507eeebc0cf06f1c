"""What a person sees: exact text rendered at a fixed width, and bank text never read as markup."""

from __future__ import annotations

import functools
import io
import textwrap
from collections.abc import Callable
from dataclasses import replace

from rich.console import Console, RenderableType
from rich.text import Text

from ketaquiz.bank import Answer, PassageRole, Resource, parse_bank
from ketaquiz.quiz import Result, score
from ketaquiz.screens import console as console_screens
from ketaquiz.screens import learner, review
from tests.helpers import SMALL_BANK

BANK = parse_bank(SMALL_BANK, "bank.yaml")
ORIGIN, ADDICTION, MARKUP = BANK.questions
ORIGIN = replace(ORIGIN, passage_role=PassageRole.SUPPORTS)
ADDICTION = replace(ADDICTION, passage_role=PassageRole.OVERCLAIM)


def rendered(draw: Callable[[Console], object], width: int = 60, color: bool = False) -> str:
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
    output = rendered(lambda console: learner.statement(console, MARKUP, 3, score([], 10)))
    assert lines(output)[1:] == expected("""
        ╭─ Statement 3 of 10 ──────────────────────────────────────╮
        │                                                          │
        │  A [bold]statement[/] with [red]markup                   │
        │                                                          │
        ╰──────────────────────────────────────────────────────────╯
    """)


def test_markup_in_bank_text_is_not_styled_even_in_colour() -> None:
    output = rendered(lambda console: learner.statement(console, MARKUP, 1, score([], 1)), color=True)
    assert "[bold]statement[/] with [red]markup" in output
    assert "\x1b[31m" not in output, "the text must not turn red"


def test_feedback_for_a_wrong_answer_explains_quotes_and_cites() -> None:
    wrong = Result(ADDICTION, Answer.FACT)
    output = rendered(lambda console: learner.feedback(console, ADDICTION, wrong, "Test article"))
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
    output = rendered(lambda console: learner.feedback(console, ORIGIN, Result(ORIGIN, Answer.FACT), "Test article"))
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
    output = rendered(lambda console: learner.summary(console, score(results, 3)))
    assert lines(output) == [
        "",
        "Statements to look at again",
        " Statement                         Verdict",
        "───────────────────────────────────────────",
        " Ketamine has no addiction risk.   MYTH",
        "",
        "Score: 1/2 (50%) — stopped after 2 of 3 statements",
    ]


def test_summary_of_a_perfect_run() -> None:
    output = rendered(lambda console: learner.summary(console, score([Result(ORIGIN, Answer.FACT)], 1)))
    assert lines(output) == ["", "Score: 1/1 (100%) — every answer right"]


def test_the_summary_ends_with_the_score_under_the_help() -> None:
    """At 80×24 the score scrolled away under the missed statements and the help: it comes last."""
    results = [Result(ADDICTION, Answer.FACT)]
    output = rendered(
        lambda console: learner.summary(
            console, score(results, 1), resources=HELPED.resources, review_command="ketaquiz play --missed"
        )
    )
    assert lines(output)[-6:] == [
        "If you are struggling or in crisis, help is available:",
        "  • Crisis line (Canada): Call or text 9-8-8. Any time.",
        "  • Emergency services: Call 911.",
        "",
        "Score: 0/1 (0%)",
        "Review them with: ketaquiz play --missed",
    ]


def test_statement_title_carries_the_score_so_far() -> None:
    so_far = score([Result(ORIGIN, Answer.FACT), Result(ADDICTION, Answer.FACT)], 10)
    output = rendered(lambda console: learner.statement(console, MARKUP, 3, so_far), width=40)
    assert lines(output)[1] == "╭─ Statement 3 of 10 — 1/2 right ──────╮"


HELPED = replace(
    BANK,
    questions=(ORIGIN, ADDICTION, MARKUP),
    resources=(
        Resource(name="Crisis line", region="Canada", contact="Call or text 9-8-8", details="Any time."),
        Resource(name="Emergency services", contact="Call 911"),
    ),
)


def test_opening_at_40_columns() -> None:
    last = score([Result(ORIGIN, Answer.FACT), Result(ADDICTION, Answer.FACT)], 2)
    output = rendered(lambda console: learner.opening(console, HELPED, 3, last=last, review=False, rows=None), width=40)
    assert lines(output) == expected("""
        ╭─ Test bank ──────────────────────────╮
        │ 3 statements from: Test article.     │
        │ Where it claims more than the        │
        │ evidence supports, the statement     │
        │ corrects it.                         │
        │ Answer m (myth) or f (fact); q       │
        │ quits.                               │
        │ Last time: 1/2 (50%)                 │
        ╰──────────────────────────────────────╯

        If you are struggling or in crisis, help
        is available:
          • Crisis line (Canada): Call or text
            9-8-8.
          • Emergency services: Call 911.
    """)


def test_a_bank_without_resources_or_overclaims_opens_without_them() -> None:
    output = rendered(lambda console: learner.opening(console, BANK, 3, last=None, review=False, rows=None), width=60)
    assert lines(output) == expected("""
        ╭─ Test bank ──────────────────────────────────────────────╮
        │ 3 statements from: Test article.                         │
        │ Answer m (myth) or f (fact); q quits.                    │
        ╰──────────────────────────────────────────────────────────╯
    """)


def plain(draw: Callable[[Console], object]) -> str:
    console = console_screens.PlainConsole(file=io.StringIO(), width=40)
    draw(console)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(output, str)
    return output


def test_plain_text_is_never_wrapped_styled_or_boxed() -> None:
    # The whole of a plain session is pinned in test_play; here, that 40 columns do not wrap it.
    so_far = score([Result(ORIGIN, Answer.MYTH)], 3)
    output = plain(lambda console: learner.statement(console, ADDICTION, 2, so_far))
    assert output == "\nStatement 2 of 3 — 0/1 right\nKetamine has no addiction risk.\n"
    wrong = Result(ADDICTION, Answer.FACT)
    output = plain(lambda console: learner.feedback(console, ADDICTION, wrong, "Test article"))
    assert '“It is "not considered addictive" by some-but regulators disagree.”\n' in output
    assert "\x1b" not in output


def test_plain_summary_lists_the_missed_statements_and_the_way_back() -> None:
    results = [Result(ADDICTION, Answer.FACT), Result(MARKUP, Answer.MYTH)]
    output = plain(
        lambda console: learner.summary(
            console, score(results, 3), interrupted=True, review_command="ketaquiz play --missed"
        )
    )
    assert output == (
        "\n"
        "Statements to look at again:\n"
        "Ketamine has no addiction risk. — verdict: MYTH\n"
        "A [bold]statement[/] with [red]markup — verdict: FACT\n"
        "\n"
        "Score: 0/2 (0%) — interrupted after 2 of 3 statements\n"
        "Review them with: ketaquiz play --missed\n"
    )


def test_question_table_at_40_columns_puts_everything_under_the_statement() -> None:
    output = rendered(lambda console: review.question_table(console, BANK, BANK.questions, hide_answers=True), width=40)
    assert lines(output) == expected("""
                       Test bank
        ┌───┬──────────────────────────────────┐
        │ # │ Statement                        │
        ├───┼──────────────────────────────────┤
        │ 1 │ Ketamine was first developed as  │
        │   │ an anesthetic.                   │
        │   │ tags: history                    │
        ├───┼──────────────────────────────────┤
        │ 2 │ Ketamine has no addiction risk.  │
        │   │ tags: addiction                  │
        ├───┼──────────────────────────────────┤
        │ 3 │ A [bold]statement[/] with        │
        │   │ [red]markup                      │
        └───┴──────────────────────────────────┘
         3 statements, drawn from: Test article
    """)


def test_question_table_at_40_columns_shows_the_verdict_before_the_id() -> None:
    output = rendered(
        lambda console: review.question_table(console, BANK, BANK.questions[:1], hide_answers=False), width=40
    )
    assert "│   │ FACT  origin  tags: history      │" in lines(output)


def test_question_table_at_80_columns_has_a_column_each() -> None:
    output = rendered(
        lambda console: review.question_table(console, BANK, BANK.questions[:2], hide_answers=False), width=80
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
    shown = rendered(lambda console: review.question_table(console, BANK, BANK.questions, hide_answers=False))
    hidden = rendered(lambda console: review.question_table(console, BANK, BANK.questions, hide_answers=True))
    assert "Verdict" in shown and "MYTH" in shown
    assert "Verdict" not in hidden and "MYTH" not in hidden and "FACT" not in hidden
    assert "origin" in shown and "origin" not in hidden  # an id can give its verdict away


def test_validation_summary_counts_myths_and_facts() -> None:
    output = rendered(lambda console: review.validation_summary(console, BANK))
    assert output == "bank.yaml: valid — 3 statements (1 myth, 2 facts)\n"


def printed(renderable: RenderableType, console: Console) -> None:
    console.print(renderable)


def test_a_verdict_taller_than_the_screen_comes_in_titled_pages_that_fit() -> None:
    wrong = Result(ADDICTION, Answer.FACT)
    whole = lines(rendered(lambda console: learner.feedback(console, ADDICTION, wrong, "Test article"), width=40))
    console = Console(file=io.StringIO(), width=40)
    pages = [
        lines(rendered(functools.partial(printed, page), width=40))
        for page in learner.feedback_pages(console, wrong, "Test article", first=9, rows=12)
    ]
    assert [len(page) <= (9 if number == 0 else 12) for number, page in enumerate(pages)] == [True] * len(pages)
    assert len(pages) > 1
    titles = [f"╭─ ✘ Not quite — it is a MYTH · {number}/{len(pages)} ─" for number in range(1, len(pages) + 1)]
    assert [page[0][: len(title)] for page, title in zip(pages, titles, strict=True)] == titles
    inside = [line for page in pages for line in page[1:-1] if line.strip("│ ")]
    assert inside == [line for line in whole[1:-1] if line.strip("│ ")], "nothing lost, nothing repeated"


def test_with_no_room_under_the_statement_the_first_page_says_it_again() -> None:
    console = Console(file=io.StringIO(), width=40)
    first, *_ = learner.feedback_pages(console, Result(ADDICTION, Answer.FACT), "Test article", first=4, rows=12)
    shown = lines(rendered(functools.partial(printed, first), width=40))
    assert shown[1] == "│ Ketamine has no addiction risk.      │"
    assert shown[3].startswith("│ Regulators treat it as a drug")
    assert shown[0].startswith("╭─ ✘ Not quite — it is a MYTH · 1/")


def test_no_phone_number_breaks_across_lines_at_40_columns() -> None:
    """Rich wraps at spaces only, so a number stays on one line, hyphens and all, on a narrow screen."""
    from ketaquiz.bank import load_bank
    from ketaquiz.screens import summary
    from ketaquiz.wording import number_spans, resource_line

    bundled = load_bank()
    numbers = {
        text for resource in bundled.resources for text, is_number in number_spans(resource_line(resource)) if is_number
    }
    assert {"1-800-662-4357", "1-888-688-NORS", "9-8-8", "911"} <= numbers
    for brief in (True, False):
        shown = lines(
            rendered(
                functools.partial(console_screens.help_resources, resources=bundled.resources, brief=brief), width=40
            )
        )
        for number in numbers:
            assert any(number in line for line in shown), (number, shown)
    console = Console(file=io.StringIO(), width=40, height=200)
    for page in summary.summary_pages(console, [], 4, bundled.resources, height=None):
        shown = lines(rendered(functools.partial(printed, page), width=40))
        assert all(any(number in line for line in shown) for number in numbers), shown


def test_a_line_never_breaks_at_a_no_break_space() -> None:
    """French typography holds « 60 % » and « mythe : » together with no-break spaces."""
    console_screens.make_console()
    text = "Environ 60\u00a0% des gens disent «\u00a0pratiquement\u00a0» et «\u00a0mythe\u00a0»\u202f!"
    output = rendered(lambda console: console.print(Text(text)), width=18)
    broken = [line for line in output.splitlines() if line.strip().startswith(("%", "»", "!", "pratiquement", "mythe"))]
    assert broken == [], output
    assert "60\u00a0%" in output and "«\u00a0pratiquement\u00a0»" in output
