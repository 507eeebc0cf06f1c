"""Exports: exact output per format, GIFT escaping as Moodle reads it, JSON back through the loader."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from ketaquiz.bank import PassageRole, load_bank, parse_bank
from ketaquiz.cli import cli
from ketaquiz.export import CSV_COLUMNS, FORMATS, gift_escape, gift_text, to_csv, to_gift, to_json, to_markdown
from tests.conftest import SMALL_BANK, WriteBank

BANK = parse_bank(SMALL_BANK, "bank.yaml")
# The first quotes the article's overclaim; the second says nothing of how its passage bears on the verdict.
TWO = (replace(BANK.questions[1], passage_role=PassageRole.OVERCLAIM), BANK.questions[2])


def test_gift_exact() -> None:
    assert to_gift(BANK, TWO) == (
        "// [tag:addiction]\n"
        "::addiction::Ketamine has no addiction risk.{FALSE#Not quite\\: this is a myth.#Right\\: this is a myth."
        "####Regulators treat it as a drug of abuse.\\n\\nThe article claims (more than the evidence supports)\\: "
        '“It is "not considered addictive" by some-but '
        "regulators disagree.” — Test article\\n\\nWhat the wider evidence says\\: It is a controlled substance."
        "\\nSources\\: DEA 1999}\n"
        "\n"
        "::markup::A [bold]statement[/] with [red]markup{TRUE#Not quite\\: this is a fact.#Right\\: this is a fact."
        "####Brackets are text.\\n\\nFrom the article\\: “ketamine has been used for decades” — Test article}\n"
    )


def test_csv_exact() -> None:
    assert to_csv(BANK, TWO) == (
        "\ufeffid,statement,answer,explanation,passage,evidence,sources,tags\r\n"
        "addiction,Ketamine has no addiction risk.,myth,Regulators treat it as a drug of abuse.,"
        '"It is ""not considered addictive"" by some-but regulators disagree.",It is a controlled substance.,'
        "DEA 1999,addiction\r\n"
        "markup,A [bold]statement[/] with [red]markup,fact,Brackets are text.,ketamine has been used for decades,,,\r\n"
    )


def test_markdown_exact() -> None:
    assert to_markdown(BANK, TWO) == (
        "# Test bank\n\nStatements drawn from: Test article\n\n"
        "For each statement, circle **Myth** or **Fact**.\n\n"
        "1. Ketamine has no addiction risk.\n\n   Myth / Fact\n\n"
        "2. A \\[bold\\]statement\\[/\\] with \\[red\\]markup\n\n   Myth / Fact\n\n"
        '<div style="page-break-before: always"></div>\n\n'
        "## Answer key\n\n"
        "1. **Myth.** Ketamine has no addiction risk.\n\n"
        "   Regulators treat it as a drug of abuse.\n\n"
        "   > The article claims (more than the evidence supports): "
        '“It is "not considered addictive" by some-but regulators disagree.”\n'
        "   > — Test article\n\n"
        "   *What the wider evidence says:* It is a controlled substance.\n\n"
        "   Sources: DEA 1999\n\n"
        "2. **Fact.** A \\[bold\\]statement\\[/\\] with \\[red\\]markup\n\n"
        "   Brackets are text.\n\n"
        "   > From the article: “ketamine has been used for decades”\n"
        "   > — Test article\n"
    )


def test_json_exact_and_loads_back_as_the_same_bank(write_bank: WriteBank) -> None:
    text = to_json(BANK, BANK.questions)
    assert json.loads(text)["questions"][2] == {
        "id": "markup",
        "statement": "A [bold]statement[/] with [red]markup",
        "answer": "fact",
        "explanation": "Brackets are text.",
        "passage": "ketamine has been used for decades",
    }
    again = load_bank(write_bank(text, "bank.json"))
    assert (again.title, again.source, again.questions) == (BANK.title, BANK.source, BANK.questions)


def test_the_bundled_bank_survives_a_json_round_trip(write_bank: WriteBank) -> None:
    bundled = load_bank()
    again = load_bank(write_bank(to_json(bundled, bundled.questions), "bundled.json"))
    assert (again.title, again.source, again.questions) == (bundled.title, bundled.source, bundled.questions)


def test_csv_reads_back_in_a_spreadsheet_shape() -> None:
    bundled = load_bank()
    rows = list(csv.reader(io.StringIO(to_csv(bundled, bundled.questions).removeprefix("\ufeff"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == len(bundled.questions) + 1
    assert all(len(row) == len(CSV_COLUMNS) for row in rows)


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_defused() -> None:
    hostile = SMALL_BANK.replace("statement: Ketamine has no addiction risk.", "statement: '=HYPERLINK(\"x\")'")
    bank = parse_bank(hostile, "bank.yaml")
    rows = list(csv.reader(io.StringIO(to_csv(bank, bank.questions))))
    assert rows[2][1] == '\'=HYPERLINK("x")'


# Moodle's own reading of a GIFT question (question/format/gift/format.php), for true/false.
_PLACEHOLDERS = {
    "\\:": "&&058;",
    "\\#": "&&035;",
    "\\=": "&&061;",
    "\\{": "&&123;",
    "\\}": "&&125;",
    "\\~": "&&126;",
    "\\n": "&&010",
}
_CHARACTERS = {"&&058;": ":", "&&035;": "#", "&&061;": "=", "&&123;": "{", "&&125;": "}", "&&126;": "~", "&&010": "\n"}


def moodle_pre(text: str) -> str:
    text = text.replace("\\\\", "&&092;")
    for escaped, placeholder in _PLACEHOLDERS.items():
        text = text.replace(escaped, placeholder)
    return text.replace("&&092;", "\\")


def moodle_post(text: str) -> str:
    for placeholder, character in _CHARACTERS.items():
        text = text.replace(placeholder, character)
    return text


def moodle_read(block: str) -> dict[str, object]:
    comments = "".join(line + "\n" for line in block.split("\n") if line.strip().startswith("//"))
    text = moodle_pre("\n".join(line for line in block.split("\n") if not line.strip().startswith("//")).strip())
    assert text.startswith("::")
    name, text = text[2:].split("::", 1)
    start, finish = text.index("{"), text.index("}")
    answer_text = text[start + 1 : finish].strip()
    answer_text, general = answer_text.rsplit("####", 1)
    answer, wrong, right = answer_text.split("#", 2)
    return {
        "name": moodle_post(name),
        "question": moodle_post(text[:start]).strip(),
        "answer": answer.strip(),
        "wrong": moodle_post(wrong).strip(),
        "right": moodle_post(right).strip(),
        "general": moodle_post(general),
        "tags": re.findall(r"\[tag:([^\]]+)\]", comments),
        "trailing": text[finish + 1 :].strip(),
    }


def test_moodle_reads_every_bundled_question_as_written() -> None:
    bundled = load_bank()
    blocks = to_gift(bundled, bundled.questions).rstrip("\n").split("\n\n")
    assert len(blocks) == len(bundled.questions), "exactly one blank line between questions, none inside"
    for block, question in zip(blocks, bundled.questions, strict=True):
        read = moodle_read(block)
        assert read["name"] == question.id
        assert read["question"] == question.statement
        assert read["answer"] == ("TRUE" if question.answer.value == "fact" else "FALSE")
        assert question.explanation in str(read["general"]) and question.passage in str(read["general"])
        assert read["tags"] == list(question.tags)
        assert read["trailing"] == ""


@given(st.text())
def test_gift_escaping_survives_moodle_for_any_text(text: str) -> None:
    escaped = gift_escape(text)
    assert "\n" not in escaped
    assert re.search(r"(?<!\\)(?:\\\\)*[~=#{}:]", escaped) is None, "every special is escaped"
    assert moodle_post(moodle_pre(escaped)) == text


def test_a_statement_that_looks_like_a_format_marker_stays_text() -> None:
    assert gift_text("[html]<b>x</b>") == "[moodle][html]<b>x</b>"


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_export_to_standard_output(runner: CliRunner, write_bank: WriteBank, name: str) -> None:
    result = runner.invoke(cli, ["export", "--format", name, "--bank", write_bank(), "--tag", "addiction"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == FORMATS[name](BANK, BANK.questions[1:2]).encode("utf-8")


def test_export_to_a_file_infers_the_format_and_never_overwrites_silently(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "quiz.gift"
    assert runner.invoke(cli, ["export", "-o", str(target)]).exit_code == 0
    bundled = load_bank()
    assert target.read_text(encoding="utf-8") == to_gift(bundled, bundled.questions)
    target.write_text("precious")
    refused = runner.invoke(cli, ["export", "-o", str(target)])
    assert refused.exit_code == 2
    assert f"{target} exists; add --force to replace it" in refused.stderr
    assert target.read_text() == "precious"
    assert runner.invoke(cli, ["export", "-o", str(target), "--force"]).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("// [tag:")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export"], "choose a format with --format gift|csv|markdown|json"),
        (["export", "-o", "quiz.txt"], "choose a format with --format gift|csv|markdown|json"),
        (["export", "--format", "docx"], "'docx' is not one of 'gift', 'csv', 'markdown', 'json'"),
    ],
)
def test_export_usage_errors(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_export_into_a_missing_folder_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "quiz.csv"
    result = runner.invoke(cli, ["export", "-o", str(target)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {target}: cannot be written: No such file or directory\n"


GIFT_PEGJS = os.environ.get("KETAQUIZ_GIFT_PEGJS")
READ_WITH_GIFT_PEGJS = """
const {parse} = require(process.argv[1]);
const text = require('fs').readFileSync(process.argv[2], 'utf8');
console.log(JSON.stringify(parse(text).map(q => [q.type, q.title, q.isTrue, q.stem.text, q.tags])));
"""


@pytest.mark.skipif(not GIFT_PEGJS, reason="set KETAQUIZ_GIFT_PEGJS to a gift-pegjs install (.ci/run does)")
def test_an_independent_gift_parser_reads_the_export(tmp_path: Path) -> None:
    bundled = load_bank()
    path = tmp_path / "bank.gift"
    path.write_text(to_gift(bundled, bundled.questions), encoding="utf-8")
    done = subprocess.run(
        ["node", "-e", READ_WITH_GIFT_PEGJS, str(GIFT_PEGJS), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert json.loads(done.stdout) == [
        ["TF", q.id, q.answer.value == "fact", q.statement, list(q.tags)] for q in bundled.questions
    ]
