"""The bank's rules: one message per problem, with its file, line and question, all in one pass."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ketaquiz.bank import Answer, BankError, Leaning, PassageRole, Resource, parse_bank
from ketaquiz.cli import cli
from tests.helpers import DATA, SMALL_BANK, WriteBank, problems_of, small_bank_with


@pytest.mark.parametrize("answer", ["Myth", " MYTH ", "myth"])
def test_answers_are_read_in_any_case(answer: str) -> None:
    text = SMALL_BANK.replace("answer: myth", f"answer: '{answer}'")
    assert parse_bank(text, "b.yaml").questions[1].answer is Answer.MYTH


PROBLEMS = [
    # (case, bank text, expected message line)
    (
        "unknown key with suggestion",
        small_bank_with("    answer: myth", "    anwser: myth"),
        "bank.yaml:16: question 'addiction': unknown key 'anwser' in question 2; did you mean 'answer'?",
    ),
    (
        "answer no",
        small_bank_with("answer: myth", "answer: no"),
        "bank.yaml:16: question 'addiction': 'answer: no' is read by YAML as true/false; write myth or fact",
    ),
    (
        "answer yes",
        small_bank_with("answer: myth", "answer: yes"),
        "bank.yaml:16: question 'addiction': 'answer: yes' is read by YAML as true/false; write myth or fact",
    ),
    (
        "answer true",
        small_bank_with("answer: myth", "answer: true"),
        "bank.yaml:16: question 'addiction': 'answer: true' is read by YAML as true/false; write myth or fact",
    ),
    (
        "answer other word",
        small_bank_with("answer: myth", "answer: maybe"),
        "bank.yaml:16: question 'addiction': 'answer' must be myth or fact, found 'maybe'",
    ),
    (
        "answer missing",
        small_bank_with("    answer: myth\n", ""),
        "bank.yaml:14: question 'addiction': 'answer' is missing; write myth or fact",
    ),
    (
        "statement missing",
        small_bank_with("    statement: Ketamine has no addiction risk.\n", ""),
        "bank.yaml:14: question 'addiction': 'statement' is missing",
    ),
    (
        "statement a list",
        small_bank_with("statement: Ketamine has no addiction risk.", "statement: [a, b]"),
        "bank.yaml:15: question 'addiction': 'statement' must be text, found a list",
    ),
    (
        "statement null",
        small_bank_with("statement: Ketamine has no addiction risk.", "statement:"),
        "bank.yaml:15: question 'addiction': 'statement' must be text, found nothing",
    ),
    (
        "statement empty",
        small_bank_with("statement: Ketamine has no addiction risk.", "statement: ''"),
        "bank.yaml:15: question 'addiction': 'statement' is empty",
    ),
    (
        "duplicate id",
        small_bank_with("id: markup", "id: origin"),
        "bank.yaml:23: question 'origin': duplicate id; first used on line 8",
    ),
    (
        "bad id",
        small_bank_with("id: markup", "id: Has Spaces"),
        "bank.yaml:23: question '#3': the id 'Has Spaces' must be lowercase letters, digits and single hyphens; "
        "did you mean 'has-spaces'?",
    ),
    (
        "passage not in source",
        small_bank_with("passage: Originally developed as an anesthetic", "passage: Originally invented as a sedative"),
        "bank.yaml:12: question 'origin': the passage is not in the source text; copy it from the source word for word",
    ),
    (
        "evidence without sources",
        small_bank_with("      sources: [DEA 1999]\n", ""),
        "bank.yaml:20: question 'addiction': 'evidence' needs at least one entry in 'sources'",
    ),
    (
        "evidence a string",
        small_bank_with(
            "    evidence:\n      note: It is a controlled substance.\n      sources: [DEA 1999]\n",
            "    evidence: see the label\n",
        ),
        "bank.yaml:19: question 'addiction': 'evidence' must be a mapping with a note and its sources, "
        "found 'see the label'",
    ),
    (
        "tags not a list",
        small_bank_with("tags: [history]", "tags: history"),
        "bank.yaml:13: question 'origin': 'tags' must be a list, like [a, b], found 'history'",
    ),
    (
        "bad tag",
        small_bank_with("tags: [history]", "tags: [History Of]"),
        "bank.yaml:13: question 'origin': the tag 'History Of' must be lowercase letters, digits and hyphens; "
        "did you mean 'history-of'?",
    ),
    (
        "control character",
        small_bank_with("statement: Ketamine has no addiction risk.", 'statement: "Ketamine \\e]0;owned\\a risk"'),
        "bank.yaml:15: question 'addiction': 'statement' contains the control character U+001B; remove it",
    ),
    (
        "source missing",
        "questions: []\n",
        "bank.yaml:1: 'source' is missing: add the title and text the statements are drawn from",
    ),
    (
        "questions empty",
        SMALL_BANK.split("questions:")[0] + "questions: []\n",
        "bank.yaml:7: 'questions' is empty; add at least one question",
    ),
    (
        "questions a mapping",
        SMALL_BANK.split("questions:")[0] + "questions:\n  a: b\n",
        "bank.yaml:8: 'questions' must be a list, found a mapping",
    ),
    (
        "entry not a mapping",
        SMALL_BANK + "  - just a string\n",
        "bank.yaml:28: question 4 must be a mapping of keys to values, found 'just a string'",
    ),
    ("top level a list", "- a\n- b\n", "bank.yaml:1: the bank must be a mapping of keys to values, found a list"),
    (
        "unknown top key",
        "sauce: {}\n" + SMALL_BANK,
        "bank.yaml:1: unknown key 'sauce' in the bank; did you mean 'source'?",
    ),
    (
        "repeated key",
        small_bank_with("    answer: myth\n", "    answer: myth\n    answer: fact\n"),
        "bank.yaml:17: question 'addiction': 'answer' appears twice in question 2 (first on line 16); delete one",
    ),
]


@pytest.mark.parametrize(("text", "expected"), [case[1:] for case in PROBLEMS], ids=[case[0] for case in PROBLEMS])
def test_each_problem_is_reported_with_file_line_and_question(text: str, expected: str) -> None:
    assert expected in problems_of(text)


def test_every_problem_is_collected_in_one_pass() -> None:
    text = small_bank_with("answer: myth", "answer: no").replace("tags: [history]", "tags: history")
    text = text.replace("id: markup", "idd: markup")
    lines = problems_of(text)
    assert len(lines) == 3, lines
    assert any("unknown key 'idd' in question 3; did you mean 'id'?" in line for line in lines)
    # The misspelt key is the missing one: it is not reported twice.
    assert not any("'id' is missing" in line for line in lines)
    assert lines == sorted(lines, key=lambda line: int(line.split(":")[1])), "in line order"


def test_a_bad_entry_in_a_list_is_named_by_its_position() -> None:
    text = small_bank_with("sources: [DEA 1999]", "sources: [DEA 1999, [nested]]")
    assert problems_of(text) == [
        "bank.yaml:21: question 'addiction': item 2 of 'sources' must be text, found a list",
    ]


def test_a_missing_dash_on_every_question_is_named_and_each_question_still_checked(
    runner: CliRunner, write_bank: WriteBank
) -> None:
    head, questions = SMALL_BANK.split("questions:\n")
    undashed = questions.replace("  - id:", "    id:").replace("answer: myth", "answer: maybe")
    path = write_bank(head + "questions:\n" + undashed)
    result = runner.invoke(cli, ["validate", path])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {path}:8: did you forget '- ' before line 8? Each question starts with '- '",
        f"Error: {path}:14: did you forget '- ' before line 14? Each question starts with '- '",
        f"Error: {path}:16: question 'addiction': 'answer' must be myth or fact, found 'maybe'",
        f"Error: {path}:23: did you forget '- ' before line 23? Each question starts with '- '",
    ]


@pytest.mark.parametrize("bank", [DATA / "article.txt", "just some words\n"], ids=["an article", "one line of text"])
def test_plain_prose_is_told_it_is_not_a_bank(runner: CliRunner, write_bank: WriteBank, bank: Path | str) -> None:
    path = str(bank) if isinstance(bank, Path) else write_bank(bank, name="notes.txt")
    result = runner.invoke(cli, ["validate", path])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path}: this does not look like a bank: no line starts with one of a bank's keys. "
        "A bank is YAML that starts with title:, source: and questions:; to start one from this text, "
        f"run: ketaquiz new {path} -o BANK.yaml\n"
    )


def test_questions_run_together_are_split_and_each_checked(write_bank: WriteBank, runner: CliRunner) -> None:
    head, questions = SMALL_BANK.split("questions:\n")
    joined = questions.replace("  - id: addiction", "    id: addiction").replace("answer: myth", "answer: maybe")
    path = write_bank(head + "questions:\n" + joined)
    lines = runner.invoke(cli, ["validate", path]).stderr.splitlines()
    assert lines == [
        f"Error: {path}:14: did you forget '- ' before line 14? Each question starts with '- '",
        f"Error: {path}:16: question 'addiction': 'answer' must be myth or fact, found 'maybe'",
    ]
    assert not any("keep one" in line or "twice" in line for line in lines)


def test_an_id_longer_than_moodle_keeps_is_refused() -> None:
    with pytest.raises(BankError) as caught:
        parse_bank(SMALL_BANK.replace("id: markup", "id: " + "a" * 256), "bank.yaml")
    assert caught.value.lines() == [
        "bank.yaml:23: question '#3': the id is 256 characters long; Moodle cuts question names after 255, "
        "so keep it shorter"
    ]


HELP_AND_REVIEW = """\
title: Test bank
reviewed: "2026-11-28"
resources:
  - name: 9-8-8 Suicide Crisis Helpline
    region: Canada
    contact: Call or text 9-8-8
  - name: Emergency services
    contact: "911"
"""


def test_reviewed_date_resources_and_passage_roles_are_read() -> None:
    text = SMALL_BANK.replace("title: Test bank\n", HELP_AND_REVIEW, 1).replace(
        "    passage: ketamine has been used for decades\n",
        "    passage: ketamine has been used for decades\n    passage_role: Overclaim\n    leans: Favourable\n",
    )
    bank = parse_bank(text, "bank.yaml")
    assert bank.reviewed == "2026-11-28"
    assert bank.resources == (
        Resource(name="9-8-8 Suicide Crisis Helpline", contact="Call or text 9-8-8", region="Canada"),
        Resource(name="Emergency services", contact="911"),
    )
    assert [q.passage_role for q in bank.questions] == [None, None, PassageRole.OVERCLAIM]
    assert [q.leans for q in bank.questions] == [None, None, Leaning.FAVOURABLE]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'reviewed: "2026-11-28"',
            "reviewed: 28/11/2026",
            "bank.yaml:2: 'reviewed' must be a date like 2026-11-28, found '28/11/2026'",
        ),
        (
            'reviewed: "2026-11-28"',
            'reviewed: "2026-02-30"',
            "bank.yaml:2: 'reviewed' must be a date like 2026-11-28, found '2026-02-30'",
        ),
        (
            "    contact: Call or text 9-8-8\n",
            "",
            "bank.yaml:4: 'contact' is missing",
        ),
        (
            "    region: Canada\n",
            "    phone: Canada\n",
            "bank.yaml:5: unknown key 'phone' in item 1 of 'resources'; keys are name, region, contact, details, "
            "translations",
        ),
        (
            "resources:\n  - name",
            "resources: call someone\nignored:\n  - name",
            "bank.yaml:3: 'resources' must be a list of places to get help, found 'call someone'",
        ),
        (
            "    passage: ketamine has been used for decades\n",
            "    passage: ketamine has been used for decades\n    passage_role: maybe\n",
            "bank.yaml:35: question 'markup': 'passage_role' must be supports (the passage backs the verdict) or "
            "overclaim (the passage claims more than the evidence, and the statement corrects it), found 'maybe'",
        ),
        (
            "    passage: ketamine has been used for decades\n",
            "    passage: ketamine has been used for decades\n    leans: positive\n",
            "bank.yaml:35: question 'markup': 'leans' must be favourable (the statement makes the subject sound "
            "safer, more effective or better established), unfavourable (riskier, less effective or less "
            "established) or neutral, found 'positive'",
        ),
    ],
    ids=[
        "reviewed not iso",
        "reviewed not a day",
        "resource without contact",
        "resource unknown key",
        "resources not a list",
        "passage role unknown",
        "leaning unknown",
    ],
)
def test_bad_review_dates_resources_and_roles_are_named(old: str, new: str, expected: str) -> None:
    text = SMALL_BANK.replace("title: Test bank\n", HELP_AND_REVIEW, 1)
    text = text.replace(old, new, 1)
    assert expected in problems_of(text)


def test_a_bank_names_the_tag_it_is_mostly_about_as_its_focus() -> None:
    bank = parse_bank("focus: addiction\n" + SMALL_BANK, "bank.yaml")
    assert bank.focus == "addiction"
    assert parse_bank(SMALL_BANK, "bank.yaml").focus is None


@pytest.mark.parametrize(
    ("focus", "expected"),
    [
        (
            "addicton",
            "bank.yaml:1: 'focus' is 'addicton', but no statement has that tag; did you mean 'addiction'? "
            "tags in this bank: addiction, history",
        ),
        (
            "Addiction Risk",
            "bank.yaml:1: the tag 'Addiction Risk' must be lowercase letters, digits and hyphens; "
            "did you mean 'addiction-risk'?",
        ),
        ("[addiction, history]", "bank.yaml:1: 'focus' must be text, found a list"),
    ],
    ids=["not a tag of the bank", "not a tag", "a list"],
)
def test_a_focus_that_is_not_one_of_the_banks_tags_is_named(focus: str, expected: str) -> None:
    assert problems_of(f"focus: {focus}\n" + SMALL_BANK) == [expected]
