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
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from ketaquiz import wording
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
from ketaquiz.languages import shown_in
from tests.helpers import BANK, BILINGUAL, BILINGUAL_BANK, HELPFUL, SMALL_BANK, TWO, WriteBank


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


def test_the_markdown_handout_side_by_side_marks_each_text_with_its_language() -> None:
    handout = to_markdown(BILINGUAL, BILINGUAL.questions[1:2], languages=("en", "fr"))
    assert handout == (
        "# Test bank / Banque d’essai\n\n"
        "**EN** Statements drawn from: Test article\n\n"
        "**FR** Énoncés tirés de\u00a0: Test article\n\n"
        "**EN** For each statement, circle **Myth** or **Fact**.\n\n"
        "**FR** Pour chaque énoncé, encerclez **Mythe** ou **Fait**.\n\n"
        "1. **EN** Ketamine has no addiction risk.\n\n"
        "   **FR** La kétamine ne présente aucun risque d’addiction.\n\n"
        "   Myth · Mythe / Fact · Fait\n\n"
        "## Where to get help / Où trouver de l’aide\n\n"
        "- **EN** Emergency services (Canada): Call 911.\n\n"
        "  **FR** Services d’urgence (Canada)\u00a0: Composez le 911.\n\n"
        "---\n\n"
        "## Answer key / Corrigé\n\n"
        "1. **Myth · Mythe.** **EN** Ketamine has no addiction risk.\n\n"
        "   **FR** La kétamine ne présente aucun risque d’addiction.\n\n"
        "   **EN** Regulators treat it as a drug of abuse.\n\n"
        "   **FR** Les autorités la traitent comme une drogue pouvant faire l’objet d’abus.\n\n"
        '   > From the article: “It is "not considered addictive" by some-but regulators disagree.”\n'
        "   > — Test article\n\n"
        "   **EN** *What the wider evidence says:* It is a controlled substance.\n\n"
        "   **FR** *Ce que disent les données probantes\u00a0:* C’est une substance contrôlée.\n\n"
        "   Sources: DEA 1999\n\n"
        "## Where to get help / Où trouver de l’aide\n\n"
        "- **EN** Emergency services (Canada): Call 911. When a life is in danger.\n\n"
        "  **FR** Services d’urgence (Canada)\u00a0: Composez le 911. Quand une vie est en danger.\n"
    )


def test_the_markdown_handout_in_french_quotes_the_passage_then_its_translation() -> None:
    handout = to_markdown(BILINGUAL, BILINGUAL.questions[:1], languages=("fr",))
    assert handout.startswith("# Banque d’essai\n\nÉnoncés tirés de\u00a0: Test article\n")
    assert "\n## Corrigé\n" in handout
    assert (
        "   > Tiré de l’article\u00a0: «\u00a0Originally developed as an anesthetic\u00a0»\n"
        "   > — Test article\n"
        "   >\n"
        "   > Traduction libre\u00a0: «\u00a0Mise au point à l’origine comme anesthésique\u00a0»\n\n"
    ) in handout


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
        ("Elle a été approuvée en 1970. Écrite en 1962, elle…", "Elle a été approuvée en 1970."),
        ("Est-ce vrai\u202f? « Oui », dit-elle.", "Est-ce vrai\u202f?"),
        ("Voir p. ex. la note. Rien d’autre.", "Voir p. ex. la note."),
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


def test_json_carries_the_translations_as_the_bank_does_whatever_lang_says(
    runner: CliRunner, write_bank: WriteBank
) -> None:
    path = write_bank(BILINGUAL_BANK)
    result = runner.invoke(cli, ["export", "--format", "json", "--bank", path, "--lang", "fr"])
    assert result.exit_code == 0
    # --lang fr speaks French too: the warning's own words are the workshop's, not yet translated.
    assert result.stderr == (
        "Avertissement\u00a0: json contient toutes les langues de la banque, comme la banque elle-même\u202f; "
        "--lang est laissé de côté\n"
    )
    document = json.loads(result.stdout)
    assert document["languages"] == ["en", "fr"] and document["translations"] == {"fr": {"title": "Banque d’essai"}}
    assert document["questions"][1]["translations"] == {
        "fr": {
            "statement": "La kétamine ne présente aucun risque d’addiction.",
            "explanation": "Les autorités la traitent comme une drogue pouvant faire l’objet d’abus.",
            "note": "C’est une substance contrôlée.",
        }
    }
    assert load_bank(write_bank(result.stdout, "bank.json")) == replace(
        BILINGUAL, path=str(Path(path).parent / "bank.json")
    )


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


def test_csv_in_two_languages_adds_a_column_per_language_after_the_usual_ones() -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(BILINGUAL, BILINGUAL.questions, languages=("en", "fr")))))
    header = list(rows[0])
    header[0] = header[0].removeprefix("\ufeff")
    assert header == [
        *CSV_COLUMNS,
        "statement_fr",
        "explanation_fr",
        "passage_translation_fr",
        "evidence_fr",
    ], "the usual columns keep their places"
    origin, addiction, _ = rows
    assert origin["statement"] == "Ketamine was first developed as an anesthetic."
    assert origin["statement_fr"] == "La kétamine a d’abord été mise au point comme anesthésique."
    assert origin["passage"] == "Originally developed as an anesthetic"
    assert origin["passage_translation_fr"] == "Mise au point à l’origine comme anesthésique"
    assert (addiction["evidence"], addiction["evidence_fr"]) == (
        "It is a controlled substance.",
        "C’est une substance contrôlée.",
    )
    # In French alone, the usual columns hold the French, with the passage's translation beside them.
    french = list(csv.DictReader(io.StringIO(to_csv(BILINGUAL, BILINGUAL.questions, languages=("fr",)))))
    assert list(french[0])[len(CSV_COLUMNS) :] == ["passage_translation_fr"]
    assert french[0]["statement"] == origin["statement_fr"] and french[0]["passage"] == origin["passage"]


def test_a_one_language_banks_csv_has_the_usual_columns_only(runner: CliRunner, write_bank: WriteBank) -> None:
    result = runner.invoke(cli, ["export", "--format", "csv", "--bank", write_bank()])
    assert result.stdout_bytes == to_csv(BANK, BANK.questions).encode("utf-8")
    assert result.stdout.splitlines()[0] == "\ufeff" + ",".join(CSV_COLUMNS)


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


# Moodle's "Multi-language content" filter (filter/multilang): a run of two or more spans whose first
# attribute is lang, with only space between them, becomes the one in the learner's language (the
# code lowercased, '-' read as '_'), else the English one, else the first.
_MULTILANG_RUN = re.compile(
    r'(<(?:lang|span) lang="[a-zA-Z0-9_-]*".*?>.*?</(?:lang|span)>)(\s*<(?:lang|span) lang="[a-zA-Z0-9_-]*".*?>.*?'
    r"</(?:lang|span)>)+",
    re.IGNORECASE | re.DOTALL,
)
_MULTILANG_SPAN = re.compile(
    r'<(?:lang|span)[^>]+lang="([a-zA-Z0-9_-]+)"[^>]*>(.*?)</(?:lang|span)>', re.IGNORECASE | re.DOTALL
)


def moodle_multilang(text: str, language: str) -> str:
    def pick(run: re.Match[str]) -> str:
        found: dict[str, str] = {
            code.lower().replace("-", "_"): inner for code, inner in _MULTILANG_SPAN.findall(run.group())
        }
        return found.get(language) or found.get("en") or next(iter(found.values()))

    return _MULTILANG_RUN.sub(pick, text)


def shown(text_format: str, text: str, language: str | None = None) -> str:
    """What a reader sees of an HTML text ketaquiz wrote: its characters, with breaks as newlines; with a
    `language`, what Moodle's multi-language filter shows a learner who reads it."""
    assert text_format == "html", "every text is marked as HTML, so Moodle never guesses"
    if language is not None:
        text = moodle_multilang(text, language)
    assert re.search(r"<(?!/?p>|br>)", text) is None, "no markup but ketaquiz's own paragraphs and breaks"
    paragraphs = re.findall(r"<p>(.*?)</p>", text) or [text]
    return "\n\n".join(html.unescape(paragraph.replace("<br>", "\n")) for paragraph in paragraphs)


def moodle_read(block: str, language: str | None = None) -> dict[str, object]:
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
        "question": shown(*moodle_text(text[:start].strip()), language),
        "answer": answer.strip(),
        "wrong": shown(*moodle_text(wrong.strip()), language),
        "right": shown(*moodle_text(right.strip()), language),
        "general": shown(*moodle_text(general), language),
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


@pytest.mark.parametrize("bundled", [False, True], ids=["a small bank", "the bundled bank"])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_in_two_languages_moodle_shows_each_learner_every_text_in_theirs(language: str, bundled: bool) -> None:
    bank = load_bank() if bundled else BILINGUAL
    blocks = to_gift(bank, bank.questions, languages=("en", "fr")).rstrip("\n").split("\n\n")
    if bank.reviewed:
        blocks.pop(0)
    for block, question in zip(blocks, shown_in(bank, language).questions, strict=True):
        read = moodle_read(block, language)
        assert read["question"] == question.statement
        general = str(read["general"])
        assert general.startswith(question.explanation + "\n\n")
        # Quoted in the marks of the language the feedback is in.
        quoted = f"«\u00a0{question.passage}\u00a0»" if language == "fr" else f"“{question.passage}”"
        assert quoted in general, "the passage quoted as the source wrote it"
        if question.evidence:
            assert question.evidence.note in general and question.evidence.sources[0] in general
        if question.passage_translation:
            assert wording.translation_line(question.passage_translation) in general
    if bundled:
        return
    markup = {
        "en": "A [bold]statement[/] with [red]markup",
        "fr": "Un [bold]énoncé[/] avec <b>balises</b> & [red]markup",
    }
    assert moodle_read(blocks[2], language)["question"] == markup[language], "markup in a span stays text"


def test_gift_in_one_language_of_two_is_that_language_without_spans() -> None:
    french = to_gift(BILINGUAL, BILINGUAL.questions, languages=("fr",))
    assert "multilang" not in french
    assert french == to_gift(shown_in(BILINGUAL, "fr"), shown_in(BILINGUAL, "fr").questions)
    assert "::origin::[html]La kétamine a d’abord été mise au point comme anesthésique.{TRUE" in french


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
    # GIFT holds every language of the bank unless --lang says otherwise.
    assert target.read_text(encoding="utf-8") == to_gift(bundled, bundled.questions, languages=("en", "fr"))
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


def read_with_gift_pegjs(gift: str, folder: Path) -> Any:
    """Each question of `gift` as gift-pegjs parses it: type, name, answer, stem and tags."""
    path = folder / "bank.gift"
    path.write_text(gift, encoding="utf-8")
    done = subprocess.run(
        ["node", "-e", READ_WITH_GIFT_PEGJS, str(GIFT_PEGJS), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout)


@pytest.mark.skipif(not GIFT_PEGJS, reason="set KETAQUIZ_GIFT_PEGJS to a gift-pegjs install (.ci/run does)")
def test_an_independent_gift_parser_reads_the_export(tmp_path: Path) -> None:
    bundled = load_bank()
    assert read_with_gift_pegjs(to_gift(bundled, bundled.questions), tmp_path) == [
        ["TF", q.id, q.answer.value == "fact", {"format": "html", "text": html_text(q.statement)}, list(q.tags)]
        for q in bundled.questions
    ]


def _spans(english: str, french: str) -> str:
    return (
        f'<span lang="en" class="multilang">{html_text(english)}</span>'
        f'<span lang="fr" class="multilang">{html_text(french)}</span>'
    )


@pytest.mark.skipif(not GIFT_PEGJS, reason="set KETAQUIZ_GIFT_PEGJS to a gift-pegjs install (.ci/run does)")
def test_an_independent_gift_parser_keeps_the_language_spans_and_the_escaping_inside_them(tmp_path: Path) -> None:
    read = read_with_gift_pegjs(to_gift(BILINGUAL, BILINGUAL.questions, languages=("en", "fr")), tmp_path)
    french = shown_in(BILINGUAL, "fr").questions
    assert read == [
        [
            "TF",
            english.id,
            english.answer.value == "fact",
            {"format": "html", "text": _spans(english.statement, translated.statement)},
            list(english.tags) or None,
        ]
        for english, translated in zip(BANK.questions, french, strict=True)
    ]
    assert "&lt;b&gt;balises&lt;/b&gt; &amp;" in read[2][3]["text"]
    # The whole bundled bank in both languages too.
    bundled = load_bank()
    read = read_with_gift_pegjs(to_gift(bundled, bundled.questions, languages=("en", "fr")), tmp_path)
    assert [question[3]["text"] for question in read] == [
        _spans(english.statement, translated.statement)
        for english, translated in zip(bundled.questions, shown_in(bundled, "fr").questions, strict=True)
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
