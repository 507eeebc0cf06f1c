"""Writing and reviewing a bank: validate's messages, the schema, `new`, `show` and `list --full`."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from ketaquiz.bank import bundled_bank_path, load_bank
from ketaquiz.cli import cli
from tests.helpers import BILINGUAL_BANK, DATA, SMALL_BANK, WriteBank, bilingual_bank_with, in_two_languages

SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "ketaquiz" / "bank.schema.json").read_text())

BROKEN_BANK_REPORT = """\
Error: {path}:11: question 'origin': unknown key 'anwser' in question 1; did you mean 'answer'?
Error: {path}:13: question 'origin': the passage is not in the source text; copy it from the source word for word
  The closest sentence of the source, with the words that differ marked:
      Originally developed as an anesthetic, ketamine has been safely used in
                 ^^^^^^^^^                                     ^^^^^^
      medical procedures for decades.
Error: {path}:14: question 'origin': the tag 'History' must be lowercase letters, digits and hyphens; \
did you mean 'history'?
Error: {path}:17: question 'addiction': 'answer: no' is read by YAML as true/false; write myth or fact
Error: {path}:21: question 'addiction': 'note' contains '&&058;', which Moodle's GIFT import silently turns \
into another character; write the character itself
Error: {path}:21: question 'addiction': 'evidence' needs at least one entry in 'sources'
Error: {path}:23: did you forget '- ' before line 23? Each question starts with '- '
Error: {path}:23: question 'origin': duplicate id; first used on line 9
Error: {path}:28: question 'origin': the tag 'a-tag-that-goes-on-far-long...' is 54 characters long; \
Moodle cuts tags after 50, so keep it shorter
"""


def test_a_new_authors_bank_gets_every_problem_in_one_run_in_line_order(runner: CliRunner) -> None:
    path = str(DATA / "broken-bank.yaml")
    result = runner.invoke(cli, ["validate", path])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == BROKEN_BANK_REPORT.format(path=path)


def test_the_newcomers_bank_validates_once_fixed(runner: CliRunner) -> None:
    path = str(DATA / "newcomer-good.yaml")
    result = runner.invoke(cli, ["validate", path])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{path}: valid — 1 statement (1 myth, 0 facts)\n"
    assert result.stderr == ""


def test_a_missing_file_for_validate_does_not_mention_bank(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", "nope.yaml"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: nope.yaml: no such file; check the path, or start a bank with: ketaquiz new ARTICLE.txt -o BANK.yaml\n"
    )


def test_a_near_miss_tag_gets_a_did_you_mean(runner: CliRunner, write_bank: WriteBank) -> None:
    result = runner.invoke(cli, ["list", "--bank", write_bank(), "--tag", "History"])
    assert result.exit_code == 2
    assert "no statement is tagged History; did you mean 'history'? tags in this bank: addiction, history" in (
        " ".join(result.stderr.split())
    )


# The schema, and where it agrees with validate.


def _yaml_as_an_editor_reads_it(text: str) -> Any:
    """YAML as the language server reads it (1.2): no yes/no booleans, dates stay text."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        first: [
            (tag, regexp)
            for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
        ]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    Loader.add_implicit_resolver("tag:yaml.org,2002:bool", __import__("re").compile("^(?:true|false)$"), list("tf"))
    return yaml.load(text, Loader=Loader)


def test_the_bundled_bank_follows_the_schema_and_names_it_on_its_first_line() -> None:
    text = Path(bundled_bank_path()).read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=ketaquiz/bank.schema.json"
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    jsonschema.validate(_yaml_as_an_editor_reads_it(text), SCHEMA)


def test_ketaquiz_schema_prints_the_packaged_schema(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == SCHEMA


def _swap(old: str, new: str) -> str:
    assert old in SMALL_BANK
    return SMALL_BANK.replace(old, new, 1)


AGREEMENT = [
    ("the small bank", SMALL_BANK, True),
    ("answer in capitals", _swap("answer: myth", "answer: MYTH"), True),
    ("unquoted date", "reviewed: 2026-11-28\n" + SMALL_BANK, True),
    ("focus", "focus: addiction\n" + SMALL_BANK, True),
    ("focus a list", "focus: [addiction]\n" + SMALL_BANK, False),
    ("focus not a tag", "focus: Addiction\n" + SMALL_BANK, False),
    ("passage role", _swap("    passage: ketamine", "    passage_role: overclaim\n    passage: ketamine"), True),
    ("unknown key", _swap("    answer: myth", "    anwser: myth"), False),
    ("answer maybe", _swap("answer: myth", "answer: maybe"), False),
    ("answer no", _swap("answer: myth", "answer: no"), False),
    ("statement missing", _swap("    statement: Ketamine has no addiction risk.\n", ""), False),
    ("statement empty", _swap("statement: Ketamine has no addiction risk.", "statement: ''"), False),
    ("statement a list", _swap("statement: Ketamine has no addiction risk.", "statement: [a, b]"), False),
    ("bad id", _swap("id: markup", "id: Has Spaces"), False),
    ("long id", _swap("id: markup", "id: " + "a" * 256), False),
    ("bad tag", _swap("tags: [history]", "tags: [History]"), False),
    ("long tag", _swap("tags: [history]", "tags: [" + "a" * 51 + "]"), False),
    ("tags a text", _swap("tags: [history]", "tags: history"), False),
    ("moodle placeholder", _swap("explanation: Brackets are text.", "explanation: Brackets &&058; text."), False),
    ("escape character", _swap("explanation: Brackets are text.", 'explanation: "a \\e b"'), False),
    ("evidence without sources", _swap("      sources: [DEA 1999]\n", ""), False),
    (
        "evidence a text",
        _swap(
            "    evidence:\n      note: It is a controlled substance.\n      sources: [DEA 1999]\n",
            "    evidence: see the label\n",
        ),
        False,
    ),
    ("bad date", "reviewed: 28/11/2026\n" + SMALL_BANK, False),
    ("passage role unknown", _swap("    passage: ketamine", "    passage_role: maybe\n    passage: ketamine"), False),
    ("no questions", SMALL_BANK.split("questions:")[0] + "questions: []\n", False),
    ("no source", "questions: []\n", False),
    ("resource without contact", "resources:\n  - name: A line\n" + SMALL_BANK, False),
    ("in two languages", BILINGUAL_BANK, True),
    ("its one language named", "languages: [fr-ca]\n" + SMALL_BANK, True),
    ("languages a text", bilingual_bank_with("languages: [en, fr]", "languages: en"), False),
    ("a language in capitals", bilingual_bank_with("languages: [en, fr]", "languages: [en, FR]"), False),
    ("a language twice", bilingual_bank_with("languages: [en, fr]", "languages: [en, fr, fr]"), False),
    ("a translation misspelt", bilingual_bank_with("statement: La kétamine ne", "statment: La kétamine ne"), False),
    ("a resource translated without contact", bilingual_bank_with("        contact: Composez le 911\n", ""), False),
    ("translations a text", bilingual_bank_with("    title: Banque d’essai", "    title: [a, b]"), False),
]


@pytest.mark.parametrize(("text", "valid"), [case[1:] for case in AGREEMENT], ids=[case[0] for case in AGREEMENT])
def test_the_schema_and_validate_agree(runner: CliRunner, write_bank: WriteBank, text: str, valid: bool) -> None:
    result = runner.invoke(cli, ["validate", write_bank(text)])
    assert (result.exit_code == 0) is valid, result.output
    errors = list(jsonschema.Draft7Validator(SCHEMA).iter_errors(_yaml_as_an_editor_reads_it(text)))
    assert (not errors) is valid, errors


# Starting a bank.


def test_new_starts_a_bank_that_validates_once_it_has_one_real_question(runner: CliRunner, tmp_path: Path) -> None:
    bank = tmp_path / "my-bank.yaml"
    result = runner.invoke(cli, ["new", str(DATA / "article.txt"), "-o", str(bank)])
    assert result.exit_code == 0, result.output
    assert (
        result.stdout.splitlines()[0]
        == f"Wrote {bank}: the article as its source, and an example question to start from."
    )
    text = bank.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=ketaquiz.schema.json"
    assert "#   2. Originally developed as an anesthetic, ketamine has been …" in text
    # As written it has no question yet, and says so.
    assert "'questions' has no questions yet" in runner.invoke(cli, ["validate", str(bank)]).stderr
    # The example, uncommented, is one real question.
    head, questions = text.split("\nquestions:\n")
    uncommented = questions.replace("  # - id:", "  - id:").replace("  #   ", "    ")
    bank.write_text(f"{head}\nquestions:\n{uncommented}", encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(bank)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{bank}: valid — 1 statement (0 myths, 1 fact)\n"
    source = yaml.safe_load(bank.read_text(encoding="utf-8"))["source"]["text"]
    assert source.split() == (DATA / "article.txt").read_text(encoding="utf-8").split()
    # The review date and a place to get help, uncommented too, are read as the bank's own.
    with_help = re.sub(r"(?m)^# (reviewed:|resources:|  )", r"\1", bank.read_text(encoding="utf-8"))
    bank.write_text(with_help, encoding="utf-8")
    loaded = load_bank(str(bank))
    assert [resource.name for resource in loaded.resources] == ["9-8-8 Suicide Crisis Helpline"]
    assert loaded.reviewed is not None


def test_new_shows_how_to_give_a_bank_a_second_language(runner: CliRunner, tmp_path: Path) -> None:
    bank = tmp_path / "my-bank.yaml"
    assert runner.invoke(cli, ["new", str(DATA / "article.txt"), "-o", str(bank)]).exit_code == 0
    # The languages, the title's translation and the example question, each comment taken off once more.
    bank.write_text(in_two_languages(bank.read_text(encoding="utf-8"), "languages", "translations"), encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(bank)])
    assert result.exit_code == 0, result.output
    loaded = load_bank(str(bank))
    assert loaded.languages == ("en", "fr")
    assert loaded.questions[0].translations[0][1].passage == "Le passage, traduit."


def test_new_refuses_to_overwrite_without_force(runner: CliRunner, tmp_path: Path) -> None:
    bank = tmp_path / "my-bank.yaml"
    bank.write_text("mine\n")
    result = runner.invoke(cli, ["new", str(DATA / "article.txt"), "-o", str(bank)])
    assert result.exit_code == 2
    assert "exists; add --force to replace it" in result.stderr
    assert bank.read_text() == "mine\n"
    assert runner.invoke(cli, ["new", str(DATA / "article.txt"), "-o", str(bank), "--force"]).exit_code == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Café\n".encode("latin-1"), ":1: the file is not UTF-8 text (byte 0xe9); save it as UTF-8 in your editor"),
        (b"one\ntwo \x1b[2J\n", ":2: contains the control character U+001B; remove it"),
        (b"  \n", ": the article is empty"),
    ],
)
def test_new_refuses_an_article_it_cannot_use(runner: CliRunner, tmp_path: Path, content: bytes, message: str) -> None:
    article = tmp_path / "article.txt"
    article.write_bytes(content)
    result = runner.invoke(cli, ["new", str(article), "-o", str(tmp_path / "bank.yaml")])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {article}{message}\n"
    assert not (tmp_path / "bank.yaml").exists()


# Reviewing.

REVIEWED = SMALL_BANK.replace("title: Test bank\n", 'title: Test bank\nreviewed: "2026-11-28"\n').replace(
    "    passage: It is", "    passage_role: overclaim\n    passage: It is"
)


def test_show_gives_the_full_view_plain_in_a_pipe(runner: CliRunner, write_bank: WriteBank) -> None:
    result = runner.invoke(cli, ["show", "addiction", "--bank", write_bank(REVIEWED)], env={"COLUMNS": "60"})
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Test bank\n"
        "1 statement, drawn from: Test article · reviewed 2026-11-28\n"
        "\n"
        "1. MYTH  id: addiction  tags: addiction\n"
        "   Ketamine has no addiction risk.\n"
        "\n"
        "   Regulators treat it as a drug of abuse.\n"
        "\n"
        "   The article claims (more than the evidence supports):\n"
        '     “It is "not considered addictive" by some-but\n'
        "     regulators disagree.”\n"
        "       — Test article\n"
        "\n"
        "   What the wider evidence says: It is a controlled\n"
        "   substance.\n"
        "     • DEA 1999\n"
    )


def test_show_an_unknown_id_gets_a_did_you_mean(runner: CliRunner, write_bank: WriteBank) -> None:
    result = runner.invoke(cli, ["show", "addicton", "--bank", write_bank()])
    assert result.exit_code == 2
    assert "no statement has the id 'addicton'; did you mean 'addiction'?" in result.stderr


def test_list_full_shows_every_statement_in_full(runner: CliRunner, write_bank: WriteBank) -> None:
    result = runner.invoke(cli, ["list", "--full", "--bank", write_bank()])
    assert result.exit_code == 0
    assert [line for line in result.stdout.splitlines() if line[:3] in ("1. ", "2. ", "3. ")] == [
        "1. FACT  id: origin  tags: history",
        "2. MYTH  id: addiction  tags: addiction",
        "3. FACT  id: markup",
    ]


def test_list_in_a_pipe_labels_the_id_apart_and_pads_nothing(runner: CliRunner, write_bank: WriteBank) -> None:
    result = runner.invoke(cli, ["list", "--bank", write_bank(REVIEWED)])
    assert result.exit_code == 0
    assert result.stdout == (
        "Test bank\n"
        "3 statements, drawn from: Test article · reviewed 2026-11-28\n"
        "\n"
        "1. Ketamine was first developed as an anesthetic.\n"
        "   FACT  ·  id: origin  ·  tags: history\n"
        "\n"
        "2. Ketamine has no addiction risk.\n"
        "   MYTH  ·  id: addiction  ·  tags: addiction\n"
        "\n"
        "3. A [bold]statement[/] with [red]markup\n"
        "   FACT  ·  id: markup\n"
    )


# Exporting to a file.


def test_export_says_what_it_wrote_and_warns_of_a_contradicting_extension(
    runner: CliRunner, write_bank: WriteBank, tmp_path: Path
) -> None:
    bank = write_bank()
    target = tmp_path / "ketamine.gift"
    result = runner.invoke(cli, ["export", "--bank", bank, "-o", str(target)])
    assert result.exit_code == 0
    assert result.stdout == f"3 statements → {target}\n"
    assert result.stderr == ""
    result = runner.invoke(cli, ["export", "--bank", bank, "--format", "csv", "-o", str(target), "--force"])
    assert result.exit_code == 0
    assert result.stderr == f"Warning: writing csv to {target}, whose extension says gift\n"
    assert target.read_text(encoding="utf-8-sig").startswith("id,statement")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "id: markup",
            "id: Ωμ",
            "the id 'Ωμ' must be lowercase letters, digits and single hyphens; write it with the letters a-z "
            "and digits, such as 'history-2'",
        ),
        (
            "tags: [history]",
            "tags: [—]",
            "the tag '—' must be lowercase letters, digits and hyphens; write it with the letters a-z and "
            "digits, such as 'history-2'",
        ),
        ("id: markup", "id: Long Term", "did you mean 'long-term'?"),
    ],
    ids=["greek id", "dash tag", "spaced id"],
)
def test_an_id_or_tag_is_never_told_to_become_one_of_the_bundled_banks(
    runner: CliRunner, write_bank: WriteBank, old: str, new: str, expected: str
) -> None:
    result = runner.invoke(cli, ["validate", write_bank(SMALL_BANK.replace(old, new, 1))])
    assert result.exit_code == 1
    assert expected in result.stderr
    assert "origin-an" not in result.stderr


def test_a_syntax_error_on_a_very_long_line_quotes_only_the_part_around_it(
    runner: CliRunner, write_bank: WriteBank
) -> None:
    line = "title: " + "x" * 50_000 + ": oops " + "y" * 50_000
    result = runner.invoke(cli, ["validate", write_bank(line + "\n")])
    assert result.exit_code == 1
    quoted, caret = [row for row in result.stderr.splitlines() if " | " in row][:2]
    assert len(quoted) < 140 and len(caret) < 140
    assert quoted.split(" | ", 1)[1].startswith("…") and quoted.endswith("…")
    column = int(result.stderr.split("at column ")[1].split(":")[0])
    assert quoted[caret.index("^")] == line[column - 1]
    assert len(result.stderr) < 1000
