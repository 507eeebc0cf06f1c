"""The YAML node reader: a bank's text composed with line numbers, YAML's mistakes in plain words,
and typed reading of the nodes."""

from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner

from ketaquiz.cli import cli
from ketaquiz.files import CONTROL_CHARS
from ketaquiz.model import Problem
from ketaquiz.yaml_errors import forgotten_dash, syntax_problem
from ketaquiz.yamlnodes import NodeReader, Unreadable, compose, kind, peek, refusal, shown, unknown_key
from tests.helpers import DATA, SMALL_BANK, WriteBank, problems_of, small_bank_with

YAML_PROBLEMS = [
    # (case, bank text, expected message line)
    ("only comments", "# nothing here\n", "bank.yaml: the bank is empty; it needs a source and a list of questions"),
    ("empty", "", "bank.yaml: the bank is empty; it needs a source and a list of questions"),
    (
        "invalid yaml",
        "source: [unclosed\n",
        "bank.yaml:1: invalid YAML at column 9: this bracket is never closed; close it, or put an item that holds "
        "a comma, colon or bracket in quotes",
    ),
    (
        "tab indentation",
        "source:\n\ttitle: x\n",
        "bank.yaml:2: invalid YAML at column 1: a tab is used for indentation; YAML needs spaces — "
        "replace it with spaces",
    ),
    ("raw control character", "title: a\x07b\n", "bank.yaml:1: character U+0007 is not allowed in YAML; remove it"),
    (
        "alias",
        small_bank_with("explanation: Brackets are text.", "explanation: &x Brackets are text.").replace(
            "passage: ketamine has been used for decades", "passage: *x"
        ),
        "bank.yaml:26: YAML aliases (*name) are not allowed in a bank; write the text out in full",
    ),
    (
        "python tag",
        "title: !!python/object/apply:os.system [echo hi]\n" + SMALL_BANK.split("\n", 1)[1],
        "bank.yaml:1: the YAML tag '!!python/object/apply:os.system' is not allowed; "
        "a bank holds only text, lists and mappings",
    ),
    (
        "two documents",
        SMALL_BANK + "---\ntitle: again\n",
        "bank.yaml:28: invalid YAML at column 1: a bank is one YAML document: remove this '---' and what follows, "
        "or move it to a file of its own",
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [case[1:] for case in YAML_PROBLEMS], ids=[case[0] for case in YAML_PROBLEMS]
)
def test_each_yaml_problem_is_reported_with_file_and_line(text: str, expected: str) -> None:
    assert expected in problems_of(text)


def test_a_billion_laughs_bank_is_refused_without_expanding_it() -> None:
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    lines = problems_of("\n".join(levels) + "\n")
    assert any("YAML aliases" in line for line in lines)


def test_deep_nesting_is_refused() -> None:
    text = "title: " + "[" * 5000 + "]" * 5000 + "\n"
    assert problems_of(text) == ["bank.yaml:1: invalid YAML at column 1007: nested too deeply to be a bank"]


def test_a_syntax_error_is_shown_with_its_line_a_caret_and_a_hint(runner: CliRunner) -> None:
    path = str(DATA / "broken-syntax.yaml")
    result = runner.invoke(cli, ["validate", path])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path}:8: invalid YAML at column 28: the text after 'statement:' contains ': ', which YAML reads "
        'as another key; put the whole text in quotes (statement: "...")\n'
        "      8 |     statement: Fact or myth: ketamine was first developed as an anesthetic.\n"
        "        |                            ^\n"
        "  Fix this first: YAML stops reading at a syntax error, so other problems may follow.\n"
    )


TAB_ADVICE = "a tab is used for indentation; YAML needs spaces — replace it with spaces"
SYNTAX = [
    (
        "indented too far",
        "q:\n  - id: a\n    statement: s\n     answer: fact\n",
        ":4: invalid YAML at column 6: "
        "this line is indented by 5 spaces and the line above by 4 spaces; "
        "keys of the same mapping must line up exactly",
    ),
    (
        "forgotten dash",
        "q:\n  - id: a\n    statement: s\n  id: b\n",
        ":4: invalid YAML at column 3: did you forget '- ' before line 4? Each question starts with '- '",
    ),
    (
        "text after a quote",
        'q:\n  - id: a\n    statement: "s" more\n',
        ":3: invalid YAML at column 20: text goes on after a closing quote",
    ),
    (
        "quote never closed",
        'q:\n  - id: a\n    statement: "s\n    answer: fact\n',
        ':3: invalid YAML at column 16: the quote opened on line 3 is never closed; end the text with "',
    ),
    (
        "starts with @",
        "q:\n  - statement: @home\n",
        ":2: invalid YAML at column 16: a text cannot start with '@' in YAML; put the whole text in quotes",
    ),
    (
        "text on a line of its own",
        "q:\n  - id: a\n    statement: one\n    goes on\n    answer: myth\n",
        ":4: invalid YAML at column 5: this line is text without a 'key:'; if it goes on from the text above, "
        "indent it further than that text's key, or put the whole text in quotes",
    ),
    (
        "colon in text that lines up with the line above",
        "As ketamine therapy gains ground.\nCheck some myths:\ntitle: x\n",
        ":2: invalid YAML at column 17: a ':' followed by a space or the end of the line makes YAML read a key "
        "in the middle of a text; put the whole text in quotes",
    ),
    *(
        (f"tab {where}", text, f":{line}: invalid YAML at column {column}: {TAB_ADVICE}")
        for where, text, line, column in [
            ("before a list item", "q:\n\t- id: a\n", 2, 1),
            ("before a key under 4-space lines", "q:\n  - id: a\n    statement: s\n\tanswer: myth\n", 4, 1),
            ("after spaces", "q:\n  - id: a\n  \tanswer: myth\n", 3, 3),
            ("in a block text", "source:\n  text: |\n    one\n\ttwo\n", 4, 1),
        ]
    ),
]


@pytest.mark.parametrize(("text", "expected"), [case[1:] for case in SYNTAX], ids=[case[0] for case in SYNTAX])
def test_common_yaml_traps_get_a_hint(runner: CliRunner, write_bank: WriteBank, text: str, expected: str) -> None:
    path = write_bank(text)
    result = runner.invoke(cli, ["validate", path])
    assert result.exit_code == 1
    first, _quoted, caret, fix = result.stderr.splitlines()
    assert first.startswith(f"Error: {path}{expected}")
    assert caret.index("^") - caret.index("|") - 2 == int(expected.split("column ")[1].split(":")[0]) - 1
    assert fix.startswith("  Fix this first")


FIX_FIRST = "  Fix this first: YAML stops reading at a syntax error, so other problems may follow.\n"
# (data file, validate's whole report with {path} for the file): a newcomer's mistakes, one a file.
NEWCOMER = [
    (
        "newcomer-unclosed-quote.yaml",
        "Error: {path}:11: invalid YAML at column 14: the quote opened on line 11 is never closed; "
        'end the text with "\n'
        '     11 |     passage: "Addiction risks are virtually eliminated in medically supervised settings.\n'
        "        |              ^\n" + FIX_FIRST,
    ),
    (
        "newcomer-tab.yaml",
        f"Error: {{path}}:9: invalid YAML at column 1: {TAB_ADVICE}\n      9 | \tanswer: myth\n        | ^\n"
        + FIX_FIRST,
    ),
    (
        "newcomer-first-dash.yaml",
        "Error: {path}:7: did you forget '- ' before line 7? Each question starts with '- '\n",
    ),
]


@pytest.mark.parametrize(("name", "expected"), NEWCOMER, ids=[name for name, _ in NEWCOMER])
def test_a_newcomers_mistake_is_named_for_what_it_is(runner: CliRunner, name: str, expected: str) -> None:
    path = str(DATA / name)
    result = runner.invoke(cli, ["validate", path])
    assert result.exit_code == 1
    assert result.stderr == expected.format(path=path)


# The reader's parts on their own, each on the smallest text that shows it.


def test_compose_keeps_each_line_and_skips_a_byte_order_mark() -> None:
    root = compose("\ufefftitle: x\nsource: y\n")
    assert isinstance(root, yaml.MappingNode)
    assert [(key.value, key.start_mark.line + 1) for key, _ in root.value] == [("title", 1), ("source", 2)]


EMPTY = "the bank is empty; it needs a source and a list of questions"
UNREADABLE = [
    # (case, text, the problem's line and message)
    ("empty", "", None, EMPTY),
    ("only a comment", "# to be written\n", None, EMPTY),
    ("a raw control character", "title: a\nsource: \x07\n", 2, "character U+0007 is not allowed in YAML; remove it"),
    (
        "a tab after a dash",
        "-\t- a\n",
        1,
        "invalid YAML at column 2: a tab is used for indentation; YAML needs spaces — replace it with spaces",
    ),
    (
        "a key under a list item indented too far",
        "q:\n  - id: a\n     statement: s\n",
        3,
        "invalid YAML at column 6: this line is indented by 5 spaces and the line above by 4 spaces; "
        "keys of the same mapping must line up exactly",
    ),
    (
        "a star alone",
        "title: *\n",
        1,
        "invalid YAML at column 9: a '*' at the start of a text makes YAML read an alias; put the whole text in quotes",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "message"), [case[1:] for case in UNREADABLE], ids=[case[0] for case in UNREADABLE]
)
def test_compose_refuses_what_is_not_one_yaml_document(text: str, line: int | None, message: str) -> None:
    with pytest.raises(Unreadable) as caught:
        compose(text)
    assert (caught.value.problem.line, caught.value.problem.message) == (line, message)


def test_a_syntax_problem_quotes_its_line_with_a_caret_under_the_column() -> None:
    with pytest.raises(Unreadable) as caught:
        compose("title: x\nsource: @home\n")
    assert caught.value.problem == Problem(
        "invalid YAML at column 9: a text cannot start with '@' in YAML; put the whole text in quotes",
        2,
        detail=("    2 | source: @home", "      |         ^", FIX_FIRST.strip()),
    )


def test_a_syntax_error_without_a_position_is_still_worded() -> None:
    assert syntax_problem(yaml.MarkedYAMLError(problem="something odd "), "title: x\n") == Problem(
        "invalid YAML: something odd"
    )


def test_a_forgotten_dash_is_named_by_its_line() -> None:
    assert forgotten_dash(7) == "did you forget '- ' before line 7? Each question starts with '- '"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{a: b}", "a mapping"),
        ("[a]", "a list"),
        ("~", "nothing"),
        ("12", "a number '12'"),
        ("1.5", "a number '1.5'"),
        ("no", "true/false 'no'"),
        ("2026-11-28", "a date '2026-11-28'"),
        ("hello", "'hello'"),
        ("!!binary aGk=", "a value 'aGk='"),
    ],
)
def test_kind_names_what_a_node_holds(text: str, expected: str) -> None:
    assert kind(compose(text)) == expected


def test_shown_cuts_long_text_and_makes_control_characters_visible() -> None:
    assert shown("a" * 40) == "a" * 27 + "..."
    assert shown("one\ntwo\x1b[2J") == "one\\ntwo\\x1b[2J"


def test_a_refusal_words_a_control_character_and_a_moodle_placeholder() -> None:
    assert refusal("'title'", "\x1b") == "'title' contains the control character U+001B; remove it"
    assert refusal("'title'", "&&058;") == (
        "'title' contains '&&058;', which Moodle's GIFT import silently turns into another character; "
        "write the character itself"
    )


def test_peek_finds_a_text_under_a_key_and_nothing_else() -> None:
    root = compose("id: a\ntags: [x]\n")
    found = peek(root, "id")
    assert found is not None and found.value == "a"
    assert peek(root, "tags") is None, "a list is not a text"
    assert peek(root, "statement") is None
    assert peek(compose("[id]"), "id") is None


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("anwser", ("unknown key 'anwser' in question 1; did you mean 'answer'?", "answer")),
        ("colour", ("unknown key 'colour' in question 1; keys are id, answer", None)),
        (None, ("question 1 has a key that is not text; keys are id, answer", None)),
    ],
)
def test_an_unknown_key_gets_the_closest_key_or_the_list(key: object, expected: tuple[str, str | None]) -> None:
    assert unknown_key(key, ("id", "answer"), "question 1") == expected


def test_the_reader_leaves_out_unknown_and_repeated_keys_and_reports_each() -> None:
    reader = NodeReader()
    root = compose("id: a\nid: b\nanwser: myth\nstatement: s\n")
    fields = reader.mapping(root, ("id", "answer", "statement"), what="question 1", question="a")
    assert fields is not None
    assert {key: node.value for key, node in fields.items()} == {"id": "a", "statement": "s"}
    # The misspelt key was taken for 'answer': that is not reported missing as well.
    reader.missing(root, "answer", "'answer' is missing", "a")
    reader.missing(root, "explanation", "'explanation' is missing", "a")
    assert reader.problems == [
        Problem("'id' appears twice in question 1 (first on line 1); delete one", 2, "a"),
        Problem("unknown key 'anwser' in question 1; did you mean 'answer'?", 3, "a"),
        Problem("'explanation' is missing", 1, "a"),
    ]


def test_the_reader_names_the_shape_it_expected_and_what_it_found() -> None:
    reader = NodeReader()
    assert reader.mapping(compose("[a]"), ("id",), what="question 1", question=None) is None
    assert reader.mapping(compose("x"), ("note",), what="'evidence'", question="a", shape="a note") is None
    assert reader.sequence(compose("{a: b}"), "'tags' must be a list") is None
    assert [item.value for item in reader.sequence(compose("[a, b]"), "'tags' must be a list") or []] == ["a", "b"]
    assert [problem.message for problem in reader.problems] == [
        "question 1 must be a mapping of keys to values, found a list",
        "'evidence' must be a note, found 'x'",
        "'tags' must be a list, found a mapping",
    ]


@pytest.mark.parametrize(
    ("text", "limit", "value", "problem"),
    [
        ("'  padded  '", None, "padded", None),
        ("[a]", None, None, "'statement' must be text, found a list"),
        ("~", None, None, "'statement' must be text, found nothing"),
        ("''", None, None, "'statement' is empty"),
        ("abcdef", 5, None, "'statement' is 6 characters long; the limit is 5"),
        ('"a\\x07b"', None, None, "'statement' contains the control character U+0007; remove it"),
    ],
    ids=["stripped", "a list", "nothing", "empty", "too long", "a control character"],
)
def test_a_text_value_is_stripped_text_or_one_problem(
    text: str, limit: int | None, value: str | None, problem: str | None
) -> None:
    reader = NodeReader()
    assert reader.text_value(compose(text), "'statement'", "q", limit=limit, refused=CONTROL_CHARS) == value
    assert [found.message for found in reader.problems] == ([problem] if problem else [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: &x b\nc: *x\n", Problem("YAML aliases (*name) are not allowed in a bank; write the text out in full", 1)),
        (
            "a: b\nc: !fact myth\n",
            Problem("the YAML tag '!fact' is not allowed; a bank holds only text, lists and mappings", 2),
        ),
    ],
    ids=["alias", "custom tag"],
)
def test_only_plain_data_is_read(text: str, expected: Problem) -> None:
    reader = NodeReader()
    assert reader.plain_data_only(compose(text)) is False
    assert reader.problems == [expected]


def test_text_numbers_dates_lists_and_mappings_are_plain_data() -> None:
    reader = NodeReader()
    assert reader.plain_data_only(compose("a: [1, 2.5, true, ~, 2026-11-28, {b: c}]\n"))
    assert reader.problems == []
