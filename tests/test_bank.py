"""Loading and validating banks: the model built from a good bank, one case per kind of problem."""

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
    Leaning,
    PassageRole,
    Question,
    Resource,
    Source,
    load_bank,
    normalise,
    parse_bank,
)
from tests.conftest import SMALL_BANK, WriteBank


def problems_of(text: str) -> list[str]:
    with pytest.raises(BankError) as caught:
        parse_bank(text, "bank.yaml")
    return caught.value.lines()


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


@pytest.mark.parametrize("answer", ["Myth", " MYTH ", "myth"])
def test_answers_are_read_in_any_case(answer: str) -> None:
    text = SMALL_BANK.replace("answer: myth", f"answer: '{answer}'")
    assert parse_bank(text, "b.yaml").questions[1].answer is Answer.MYTH


def _replace(old: str, new: str) -> str:
    assert old in SMALL_BANK
    return SMALL_BANK.replace(old, new, 1)


PROBLEMS = [
    # (case, bank text, expected message line)
    (
        "unknown key with suggestion",
        _replace("    answer: myth", "    anwser: myth"),
        "bank.yaml:16: question 'addiction': unknown key 'anwser' in question 2; did you mean 'answer'?",
    ),
    (
        "answer no",
        _replace("answer: myth", "answer: no"),
        "bank.yaml:16: question 'addiction': 'answer: no' is read by YAML as true/false; write myth or fact",
    ),
    (
        "answer yes",
        _replace("answer: myth", "answer: yes"),
        "bank.yaml:16: question 'addiction': 'answer: yes' is read by YAML as true/false; write myth or fact",
    ),
    (
        "answer true",
        _replace("answer: myth", "answer: true"),
        "bank.yaml:16: question 'addiction': 'answer: true' is read by YAML as true/false; write myth or fact",
    ),
    (
        "answer other word",
        _replace("answer: myth", "answer: maybe"),
        "bank.yaml:16: question 'addiction': 'answer' must be myth or fact, found 'maybe'",
    ),
    (
        "answer missing",
        _replace("    answer: myth\n", ""),
        "bank.yaml:14: question 'addiction': 'answer' is missing; write myth or fact",
    ),
    (
        "statement missing",
        _replace("    statement: Ketamine has no addiction risk.\n", ""),
        "bank.yaml:14: question 'addiction': 'statement' is missing",
    ),
    (
        "statement a list",
        _replace("statement: Ketamine has no addiction risk.", "statement: [a, b]"),
        "bank.yaml:15: question 'addiction': 'statement' must be text, found a list",
    ),
    (
        "statement null",
        _replace("statement: Ketamine has no addiction risk.", "statement:"),
        "bank.yaml:15: question 'addiction': 'statement' must be text, found nothing",
    ),
    (
        "statement empty",
        _replace("statement: Ketamine has no addiction risk.", "statement: ''"),
        "bank.yaml:15: question 'addiction': 'statement' is empty",
    ),
    (
        "duplicate id",
        _replace("id: markup", "id: origin"),
        "bank.yaml:23: question 'origin': duplicate id; first used on line 8",
    ),
    (
        "bad id",
        _replace("id: markup", "id: Has Spaces"),
        "bank.yaml:23: question '#3': the id 'Has Spaces' must be lowercase letters, digits and single hyphens; "
        "did you mean 'has-spaces'?",
    ),
    (
        "passage not in source",
        _replace("passage: Originally developed as an anesthetic", "passage: Originally invented as a sedative"),
        "bank.yaml:12: question 'origin': the passage is not in the source text; copy it from the source word for word",
    ),
    (
        "evidence without sources",
        _replace("      sources: [DEA 1999]\n", ""),
        "bank.yaml:20: question 'addiction': 'evidence' needs at least one entry in 'sources'",
    ),
    (
        "evidence a string",
        _replace(
            "    evidence:\n      note: It is a controlled substance.\n      sources: [DEA 1999]\n",
            "    evidence: see the label\n",
        ),
        "bank.yaml:19: question 'addiction': 'evidence' must be a mapping with a note and its sources, "
        "found 'see the label'",
    ),
    (
        "tags not a list",
        _replace("tags: [history]", "tags: history"),
        "bank.yaml:13: question 'origin': 'tags' must be a list, like [a, b], found 'history'",
    ),
    (
        "bad tag",
        _replace("tags: [history]", "tags: [History Of]"),
        "bank.yaml:13: question 'origin': the tag 'History Of' must be lowercase letters, digits and hyphens; "
        "did you mean 'history-of'?",
    ),
    (
        "control character",
        _replace("statement: Ketamine has no addiction risk.", 'statement: "Ketamine \\e]0;owned\\a risk"'),
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
        _replace("    answer: myth\n", "    answer: myth\n    answer: fact\n"),
        "bank.yaml:17: question 'addiction': 'answer' appears twice in question 2 (first on line 16); delete one",
    ),
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
        _replace("explanation: Brackets are text.", "explanation: &x Brackets are text.").replace(
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


@pytest.mark.parametrize(("text", "expected"), [case[1:] for case in PROBLEMS], ids=[case[0] for case in PROBLEMS])
def test_each_problem_is_reported_with_file_line_and_question(text: str, expected: str) -> None:
    assert expected in problems_of(text)


def test_every_problem_is_collected_in_one_pass() -> None:
    text = _replace("answer: myth", "answer: no").replace("tags: [history]", "tags: history")
    text = text.replace("id: markup", "idd: markup")
    lines = problems_of(text)
    assert len(lines) == 3, lines
    assert any("unknown key 'idd' in question 3; did you mean 'id'?" in line for line in lines)
    # The misspelt key is the missing one: it is not reported twice.
    assert not any("'id' is missing" in line for line in lines)
    assert lines == sorted(lines, key=lambda line: int(line.split(":")[1])), "in line order"


def test_a_billion_laughs_bank_is_refused_without_expanding_it() -> None:
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    lines = problems_of("\n".join(levels) + "\n")
    assert any("YAML aliases" in line for line in lines)


def test_deep_nesting_is_refused() -> None:
    text = "title: " + "[" * 5000 + "]" * 5000 + "\n"
    assert problems_of(text) == ["bank.yaml:1: invalid YAML at column 1007: nested too deeply to be a bank"]


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


def test_a_bad_entry_in_a_list_is_named_by_its_position() -> None:
    text = _replace("sources: [DEA 1999]", "sources: [DEA 1999, [nested]]")
    assert problems_of(text) == [
        "bank.yaml:21: question 'addiction': item 2 of 'sources' must be text, found a list",
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
            "bank.yaml:5: unknown key 'phone' in item 1 of 'resources'; keys are name, region, contact, details",
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
