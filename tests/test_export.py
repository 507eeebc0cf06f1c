"""Exports: exact output per format, GIFT escaping as Moodle reads it, JSON back through the loader."""

from __future__ import annotations

import csv
import html
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

from ketaquiz.bank import Resource, load_bank, parse_bank
from ketaquiz.cli import cli
from ketaquiz.export import BINARY, FORMATS
from ketaquiz.export.common import html_text
from ketaquiz.export.csv import CSV_COLUMNS
from ketaquiz.export.csv import export as to_csv
from ketaquiz.export.gift import export as to_gift
from ketaquiz.export.gift import gift_escape, gift_text
from ketaquiz.export.json import export as to_json
from ketaquiz.export.markdown import export as to_markdown
from ketaquiz.export.outline import first_sentence
from tests.helpers import BANK, HELPFUL, SMALL_BANK, TWO, WriteBank


def test_gift_exact() -> None:
    assert to_gift(BANK, TWO) == (
        "// [tag:addiction]\n"
        "::addiction::[html]Ketamine has no addiction risk.{FALSE#[html]Not quite\\: this is a myth."
        "#[html]Right\\: this is a myth."
        "####[html]<p>Regulators treat it as a drug of abuse.</p><p>The article claims (more than the evidence "
        'supports)\\: “It is "not considered addictive" by some-but '
        "regulators disagree.” — Test article</p><p>What the wider evidence says\\: It is a controlled substance."
        "<br>Sources\\: DEA 1999</p>}\n"
        "\n"
        "::markup::[html]A [bold]statement[/] with [red]markup{TRUE#[html]Not quite\\: this is a fact."
        "#[html]Right\\: this is a fact."
        "####[html]<p>Brackets are text.</p><p>From the article\\: “ketamine has been used for decades” "
        "— Test article</p>}\n"
    )


def test_gift_leads_with_the_review_date_in_a_comment_moodle_skips() -> None:
    assert to_gift(HELPFUL, TWO[1:]).startswith(
        "// The evidence in these answers was last reviewed on 2026-11-28.\n\n::markup::"
    )


def test_csv_exact() -> None:
    assert to_csv(BANK, TWO) == (
        "\ufeffid,statement,answer,explanation,passage,evidence,sources,tags,passage_role,leans\r\n"
        "addiction,Ketamine has no addiction risk.,myth,Regulators treat it as a drug of abuse.,"
        '"It is ""not considered addictive"" by some-but regulators disagree.",It is a controlled substance.,'
        "DEA 1999,addiction,overclaim,\r\n"
        "markup,A [bold]statement[/] with [red]markup,fact,Brackets are text.,ketamine has been used for decades,"
        ",,,,\r\n"
    )


def test_markdown_exact() -> None:
    assert to_markdown(BANK, TWO) == (
        "# Test bank\n\nStatements drawn from: Test article\n\n"
        "For each statement, circle **Myth** or **Fact**.\n\n"
        "1. Ketamine has no addiction risk.\n\n   Myth / Fact\n\n"
        "2. A \\[bold\\]statement\\[/\\] with \\[red\\]markup\n\n   Myth / Fact\n\n"
        "---\n\n"
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


def test_the_markdown_handout_ends_with_where_to_get_help_and_the_review_date() -> None:
    assert to_markdown(HELPFUL, TWO[1:]).endswith(
        "   > — Test article\n\n"
        "## Where to get help\n\n"
        "- 9\u20118\u20118 Suicide Crisis Helpline (Canada): Call or text 9\u20118\u20118.\n"
        "- Emergency services: 911. When a life is in danger.\n\n"
        "The evidence in these answers was last reviewed on 2026-11-28.\n"
    )


def test_the_markdown_handout_holds_each_phone_number_together_with_non_breaking_hyphens() -> None:
    helped = replace(BANK, resources=(Resource(name="SAMHSA", contact="Call 1-800-662-4357 (1-800-662-HELP)"),))
    assert "- SAMHSA: Call 1‑800‑662‑4357 (1‑800‑662‑HELP).\n" in to_markdown(helped, TWO)


def test_a_short_key_has_each_verdict_and_the_first_sentence_of_its_explanation() -> None:
    long = replace(TWO[0], explanation="Regulators treat it as a drug of abuse. The U.S. DEA lists it. More.")
    key = to_markdown(BANK, [long], short_key=True).split("## Answer key")[1]
    assert key == "\n\n1. **Myth.** Ketamine has no addiction risk.\n\n   Regulators treat it as a drug of abuse.\n"


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("One. Two.", "One."),
        ("The U.S. FDA approved it in 2019. It is a nasal spray.", "The U.S. FDA approved it in 2019."),
        ("Some, e.g. esketamine, are sprays. Others are not.", "Some, e.g. esketamine, are sprays."),
        ("Is it? “Yes,” they said.", "Is it?"),
        ("No full stop at all", "No full stop at all"),
        ("Ends here.  \n  Next line.", "Ends here."),
    ],
)
def test_the_one_line_reason_is_the_explanations_first_sentence(text: str, first: str) -> None:
    assert first_sentence(text) == first


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


def test_json_keeps_the_banks_focus(write_bank: WriteBank) -> None:
    focused = replace(BANK, focus="addiction")
    assert load_bank(write_bank(to_json(focused, focused.questions), "bank.json")).focus == "addiction"


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


_MOODLE_FORMATS = {"html", "plain", "markdown", "moodle"}


def moodle_text(text: str) -> tuple[str, str]:
    """Moodle's parse_text_with_format: a leading [format] marker, then the placeholders undone, then trim."""
    text_format = "moodle"
    if text.startswith("["):
        name = text[1 : text.index("]")]
        if name in _MOODLE_FORMATS:
            text_format, text = name, text[len(name) + 2 :]
    return text_format, moodle_post(text).strip(" \t\n\r\0\x0b")


def shown(text_format: str, text: str) -> str:
    """What a reader sees of an HTML text ketaquiz wrote: its characters, with breaks as newlines."""
    assert text_format == "html", "every text is marked as HTML, so Moodle never guesses"
    assert re.search(r"<(?!/?p>|br>)", text) is None, "no markup but ketaquiz's own paragraphs and breaks"
    paragraphs = re.findall(r"<p>(.*?)</p>", text) or [text]
    return "\n\n".join(html.unescape(paragraph.replace("<br>", "\n")) for paragraph in paragraphs)


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
        "question": shown(*moodle_text(text[:start].strip())),
        "answer": answer.strip(),
        "wrong": shown(*moodle_text(wrong.strip())),
        "right": shown(*moodle_text(right.strip())),
        "general": shown(*moodle_text(general)),
        "tags": re.findall(r"\[tag:([^\]]+)\]", comments),
        "trailing": text[finish + 1 :].strip(),
    }


def test_moodle_reads_every_bundled_question_as_written() -> None:
    bundled = load_bank()
    blocks = to_gift(bundled, bundled.questions).rstrip("\n").split("\n\n")
    if bundled.reviewed:
        assert blocks.pop(0).startswith("// The evidence in these answers was last reviewed on")
    assert len(blocks) == len(bundled.questions), "exactly one blank line between questions, none inside"
    for block, question in zip(blocks, bundled.questions, strict=True):
        read = moodle_read(block)
        verdict = "a fact" if question.answer.value == "fact" else "a myth"
        assert read["name"] == question.id
        assert read["question"] == question.statement
        assert read["answer"] == ("TRUE" if question.answer.value == "fact" else "FALSE")
        assert (read["wrong"], read["right"]) == (f"Not quite: this is {verdict}.", f"Right: this is {verdict}.")
        assert str(read["general"]).startswith(question.explanation + "\n\n")
        assert f"“{question.passage}”" in str(read["general"])
        assert read["tags"] == list(question.tags)
        assert read["trailing"] == ""


@given(st.text())
def test_gift_escaping_leaves_no_special_unescaped(text: str) -> None:
    escaped = gift_escape(text)
    assert "\n" not in escaped
    assert re.search(r"(?<!\\)(?:\\\\)*[~=#{}:]", escaped) is None, "every special is escaped"


# Text that Moodle's own placeholders would corrupt if written raw: its importer turns `&&058;` into `:`.
MOODLE_PLACEHOLDERS = st.sampled_from([*sorted(_CHARACTERS), "&&092;", "<b>", "&amp;", "[html]", "\\n"])
TEXT_WITH_PLACEHOLDERS = st.lists(st.one_of(st.text(), MOODLE_PLACEHOLDERS)).map("".join)


@given(TEXT_WITH_PLACEHOLDERS)
def test_moodle_shows_any_text_literally(text: str) -> None:
    text_format, read = moodle_text(moodle_pre(gift_text(text)))
    # Moodle trims each text; a newline is written <br>, which its trim keeps.
    assert shown(text_format, read) == text.strip(" \t\r\0\x0b")


def test_markup_and_format_markers_in_a_statement_stay_text() -> None:
    assert gift_text("[plain]<b>x</b> &&058;") == "[html][plain]&lt;b&gt;x&lt;/b&gt; &amp;&amp;058;"


@pytest.mark.parametrize("name", sorted(FORMATS.keys() - BINARY))
def test_export_to_standard_output(runner: CliRunner, write_bank: WriteBank, name: str) -> None:
    result = runner.invoke(cli, ["export", "--format", name, "--bank", write_bank(), "--tag", "addiction"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == FORMATS[name](BANK, BANK.questions[1:2])


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
    assert target.read_text(encoding="utf-8").startswith(("// [tag:", "// The evidence"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export"], "choose a format with --format gift|csv|markdown|json|qti|html"),
        (["export", "-o", "quiz.txt"], "choose a format with --format gift|csv|markdown|json|qti|html"),
        (["export", "--format", "docx"], "'docx' is not one of 'gift', 'qti', 'csv', 'markdown', 'html', 'json'"),
        (["export", "--format", "qti"], "qti is a zip package: write it to a file with -o FILE.zip"),
        (["export", "--format", "gift", "--key", "short"], "--key is for a handout's answer key (html or markdown)"),
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
console.log(JSON.stringify(parse(text).map(q => [q.type, q.title, q.isTrue, q.stem, q.tags])));
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
        ["TF", q.id, q.answer.value == "fact", {"format": "html", "text": html_text(q.statement)}, list(q.tags)]
        for q in bundled.questions
    ]


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "https://example.org/> <img src=x onerror=alert(2)>", "ftp://example.org/a"],
    ids=["script", "markup-after-an-address", "not-the-web"],
)
def test_a_markdown_handout_links_only_a_plain_web_address(url: str) -> None:
    hostile = replace(BANK, source=replace(BANK.source, url=url))
    first_lines = to_markdown(hostile, TWO).split("\n\n")[1]
    assert "](" not in first_lines and not re.search(r"(?<!\\)<img", first_lines)
    safe = replace(BANK, source=replace(BANK.source, url="https://example.org/a?b=1"))
    assert "[Test article](<https://example.org/a?b=1>)" in to_markdown(safe, TWO)


def test_an_export_holds_exactly_the_statements_a_workshop_presents(runner: CliRunner, tmp_path: Path) -> None:
    """`present -n 10 --seed 7` and `export -n 10 --seed 7`: the same statements in the same order."""
    save = tmp_path / "workshop.json"
    presented = runner.invoke(cli, ["present", "-n", "10", "--seed", "7", "--save", str(save)], input="\n" * 30)
    assert presented.exit_code == 0, presented.output
    shown = [result["id"] for result in json.loads(save.read_text())["sessions"][0]["results"]]
    exported = runner.invoke(cli, ["export", "--format", "json", "-n", "10", "--seed", "7"])
    assert exported.exit_code == 0, exported.output
    assert [question["id"] for question in json.loads(exported.stdout)["questions"]] == shown
    assert len(shown) == 10


def test_an_export_without_a_seed_keeps_the_banks_order(runner: CliRunner, write_bank: WriteBank) -> None:
    exported = runner.invoke(cli, ["export", "--format", "json", "--bank", write_bank()])
    ids = [question["id"] for question in json.loads(exported.stdout)["questions"]]
    assert ids == ["origin", "addiction", "markup"]


LINE_STARTS = ["- Ketamine is always safe.", "+ 5 mg is enough.", "2. Ketamine is addictive.", "1) It is new.", "---"]


def test_the_markdown_handout_shows_text_that_starts_like_a_list_or_a_rule_as_it_is(
    runner: CliRunner, write_bank: WriteBank
) -> None:
    from markdown_it import MarkdownIt  # Rich's own Markdown parser: CommonMark, as GitHub and pandoc read it

    def rendered(texts: list[str]) -> str:
        questions = "".join(
            f"  - id: q{number}\n"
            f"    statement: {json.dumps(text)}\n"
            "    answer: myth\n"
            f"    explanation: {json.dumps(text)}\n"
            "    passage: ketamine has been used for decades\n"
            for number, text in enumerate(texts)
        )
        bank = write_bank(SMALL_BANK.split("questions:\n")[0] + "questions:\n" + questions)
        result = runner.invoke(cli, ["export", "--format", "markdown", "--bank", bank])
        assert result.exit_code == 0, result.output
        html_out: str = MarkdownIt("commonmark").render(result.stdout)
        return html_out

    hostile = rendered(LINE_STARTS)
    plain = rendered([f"Statement {number}." for number in range(len(LINE_STARTS))])
    for tag in ("<hr", "<ol", "<ul", "<li", "<p>"):
        assert hostile.count(tag) == plain.count(tag), f"{tag}: the handout's own layout, nothing more"
    for text in map(html.escape, LINE_STARTS):
        assert hostile.count(f"<p>{text}</p>") == 2, text  # the statement to mark, and the explanation
        assert hostile.count(f"<p><strong>Myth.</strong> {text}</p>") == 1, text  # the statement in the key
