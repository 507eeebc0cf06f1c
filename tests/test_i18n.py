"""The interface in the user's language: the catalogs, how the language is chosen, ketaquiz in French,
and the pseudo-locale, through which any English left untranslated shows up, word by word."""

from __future__ import annotations

import ast
import gettext
import json
import os
import re
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner

from ketaquiz import i18n
from ketaquiz.bank import Answer, load_bank, parse_bank
from ketaquiz.cli import cli, clickwords
from ketaquiz.cli.group import asked_language
from ketaquiz.export import FORMATS
from ketaquiz.i18n import _, ngettext
from ketaquiz.quiz import Command, parse_reply, replies_in_use
from ketaquiz.starter import TRANSLATED_EXAMPLES
from tests.helpers import (
    BILINGUAL,
    COMMAND,
    DATA,
    GREEK_BANK,
    GREEK_NAMES,
    POT,
    WriteBank,
    assert_translated,
    english_left,
    in_two_languages,
    pseudo,
    visible_text,
)

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "ketaquiz" / "locale"
FRENCH_PO = LOCALE / "fr" / "LC_MESSAGES" / "ketaquiz.po"
NBSP, NNBSP = "\u00a0", "\u202f"


def french() -> Catalog:
    with FRENCH_PO.open("rb") as file:
        return read_po(file)


def messages(catalog: Catalog) -> list[Message]:
    return [message for message in catalog if message.id]


def key(message: Message) -> tuple[str | None, tuple[str, ...]]:
    return message.context, ids_of(message)


def ids_of(message: Message) -> tuple[str, ...]:
    """A message's id, and its plural's."""
    return (message.id,) if isinstance(message.id, str) else tuple(message.id)


def strings_of(message: Message) -> tuple[str, ...]:
    """A message's translation, each of its forms for a plural."""
    string = message.string or ""
    return (string,) if isinstance(string, str) else tuple(string)


# The catalogs.


def test_every_message_has_a_french_translation_and_none_is_fuzzy() -> None:
    catalog = french()
    with POT.open("rb") as file:
        template = read_po(file)
    assert {key(message) for message in messages(catalog)} == {key(message) for message in messages(template)}
    assert catalog.plural_forms == "nplurals=2; plural=(n > 1);"
    assert not catalog.fuzzy
    for message in messages(catalog):
        assert all(strings_of(message)), f"no translation: {message.id!r}"
        assert not message.fuzzy, f"fuzzy: {message.id!r}"


_PLACEHOLDERS = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})")
# Where a translation leaves out a placeholder, and why: click fills {number_type} with its own English name
# of the type ("integer"), which a French sentence has no use for.
LEFT_OUT = {"{value!r} is not a valid {number_type}.": {"number_type"}}


@pytest.mark.parametrize("message", messages(french()), ids=lambda message: str(message.id)[:60])
def test_a_translation_keeps_every_placeholder_of_its_message(message: Message) -> None:
    ids = ids_of(message)
    # French's first plural form says one, its second several: they answer the singular and the plural.
    for said, string in zip(ids, strings_of(message), strict=True):
        wanted = set(_PLACEHOLDERS.findall(said)) - LEFT_OUT.get(ids[0], set())
        assert set(_PLACEHOLDERS.findall(string)) == wanted, (said, string)
        assert string.count("{{") == said.count("{{")


def test_french_typography_puts_no_break_spaces_before_double_punctuation_and_inside_guillemets() -> None:
    for message in messages(french()):
        for string in strings_of(message):
            assert not re.search(r" [:;?!]|« | »", string), string
            assert not re.search(r"\w'\w", string.replace("'{", "").replace("}'", "")), (
                f"a straight apostrophe: {string}"
            )


def test_the_template_holds_every_message_of_the_code_and_no_other(tmp_path: Path) -> None:
    extracted = tmp_path / "extracted.pot"
    CommandLineInterface().run(  # type: ignore[no-untyped-call]
        ["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-o", str(extracted), "--no-wrap", str(ROOT)]
    )
    with extracted.open("rb") as fresh, POT.open("rb") as kept:
        now, before = read_po(fresh), read_po(kept)
    added = {key(message) for message in messages(now)} - {key(message) for message in messages(before)}
    gone = {key(message) for message in messages(before)} - {key(message) for message in messages(now)}
    assert not added and not gone, (
        f"the template is not current (see Translating ketaquiz in the README): new {added}, gone {gone}"
    )


def test_no_message_is_asked_for_inside_an_f_string() -> None:
    """Babel finds a call inside an f-string only on Python 3.12 and later, which tokenize f-strings:
    on 3.10 and 3.11 the message would silently drop out of the template, and stay in English."""
    asking = {"_", "gettext", "ngettext", "pgettext", "npgettext", "N_"}
    found = [
        f"{path.relative_to(ROOT)}:{call.lineno}"
        for path in sorted((ROOT / "ketaquiz").rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.JoinedStr)
        for call in ast.walk(node)
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in asking
    ]
    assert not found, f"ask for these messages outside the f-string: {', '.join(found)}"


def test_the_compiled_catalog_is_the_one_its_translations_give(tmp_path: Path) -> None:
    compiled = FRENCH_PO.with_suffix(".mo")
    assert compiled.exists(), "no compiled catalog: pip install -e . compiles it (or pybabel compile, see the README)"
    fresh = tmp_path / "ketaquiz.mo"
    with fresh.open("wb") as file:
        write_mo(file, french())
    with compiled.open("rb") as built, fresh.open("rb") as made:
        assert gettext.GNUTranslations(built)._catalog == gettext.GNUTranslations(made)._catalog, (  # type: ignore[attr-defined]
            "the compiled catalog is older than its .po: pip install -e . again (or pybabel compile, see the README)"
        )


def test_clicks_words_in_the_catalog_are_worded_as_the_installed_click_words_them() -> None:
    import click

    source = "".join(path.read_text(encoding="utf-8") for path in Path(click.__file__).parent.glob("*.py"))
    listed = [*clickwords.HELP, *clickwords.ERRORS, *(word for pair in clickwords.PLURALS for word in pair)]
    for message in listed:
        assert json.dumps(message) in source or repr(message) in source, message


# Choosing the language.


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "en"),
        ({"LANG": "fr_CA.UTF-8"}, "fr"),
        ({"LC_MESSAGES": "fr_FR.UTF-8", "LANG": "en_CA.UTF-8"}, "fr"),
        ({"LC_ALL": "en_CA.UTF-8", "LC_MESSAGES": "fr_CA.UTF-8"}, "en"),
        ({"LANGUAGE": "de:fr", "LANG": "de_DE.UTF-8"}, "fr"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"KETAQUIZ_LANG": "fr", "LANG": "en_CA.UTF-8"}, "fr"),
        ({"KETAQUIZ_LANG": "fr-ca,en", "LANG": "en_CA.UTF-8"}, "fr"),
        ({"KETAQUIZ_LANG": "en,fr", "LANG": "fr_CA.UTF-8"}, "en"),
        ({"KETAQUIZ_LANG": "es", "LANG": "fr_CA.UTF-8"}, "en"),
    ],
    ids=lambda value: str(value) if isinstance(value, dict) else value,
)
def test_the_language_comes_from_ketaquiz_lang_else_the_locale_else_english(
    environment: dict[str, str], expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LANG")
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert i18n.catalog(i18n.from_environment()).language == expected


@pytest.mark.parametrize(
    ("args", "asked"),
    [
        (["list"], None),
        (["list", "--lang", "fr"], "fr"),
        (["list", "--lang=fr-ca,en"], "fr-ca"),
        (["export", "--lang", "en,fr", "--lang", "fr"], "fr"),
        (["show", "--", "--lang", "fr"], None),
        (["list", "--lang"], None),
    ],
)
def test_the_command_lines_lang_is_read_before_click_reads_anything(args: list[str], asked: str | None) -> None:
    assert asked_language(args) == asked


def test_lang_on_the_command_line_comes_before_ketaquiz_lang(runner: CliRunner) -> None:
    french_help = runner.invoke(cli, ["list", "--help"], env={"KETAQUIZ_LANG": "fr"})
    assert french_help.output.startswith(f"Utilisation{NBSP}: ketaquiz list [OPTIONS]\n")
    english_help = runner.invoke(cli, ["list", "--lang", "en", "--help"], env={"KETAQUIZ_LANG": "fr"})
    assert english_help.output.startswith("Usage: ketaquiz list [OPTIONS]\n")
    assert "List every statement with its verdict and tags" in english_help.output


def test_version_reads_no_catalog(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_catalogs", {})
    monkeypatch.setattr(gettext, "_translations", {})
    result = runner.invoke(cli, ["--version"], env={"KETAQUIZ_LANG": "fr"})
    assert result.exit_code == 0 and result.output.startswith("ketaquiz ")
    assert i18n._catalogs == {} and gettext._translations == {}  # type: ignore[attr-defined]
    assert runner.invoke(cli, ["list", "--help"], env={"KETAQUIZ_LANG": "fr"}).exit_code == 0
    assert i18n._catalogs and gettext._translations  # type: ignore[attr-defined]


def test_a_run_leaves_the_language_and_gettext_as_it_found_them(runner: CliRunner) -> None:
    before = (os.environ.get("LANGUAGE"), gettext.textdomain(), i18n.in_use())
    assert runner.invoke(cli, ["list", "--lang", "fr", "--nope"]).exit_code == 2
    assert (os.environ.get("LANGUAGE"), gettext.textdomain(), i18n.in_use()) == before
    assert _("Answer key") == "Answer key"


def test_speaking_a_language_holds_in_its_own_thread_only() -> None:
    heard: list[str] = []
    with i18n.speaking("fr"):
        other = threading.Thread(target=lambda: heard.append(_("Answer key")))
        other.start()
        other.join()
        heard.append(_("Answer key"))
    assert heard == ["Answer key", "Corrigé"]


# ketaquiz in French.


def test_french_counts_one_and_none_in_the_singular() -> None:
    with i18n.speaking("fr"):
        said = [ngettext("{count} finding", "{count} findings", n).format(count=n) for n in (0, 1, 2)]
        assert said == ["0 constat", "1 constat", "2 constats"]
        assert (i18n.number(12_345), i18n.decimal(9.66), i18n.decimal(2.5, None)) == (f"12{NNBSP}345", "9,7", "2,5")
        assert i18n.listed(["a", "b", "c"]) == "a, b et c"
    assert (i18n.number(12_345), i18n.decimal(9.66)) == ("12,345", "9.7")


def test_typed_replies_are_understood_in_the_language_in_use_and_in_english() -> None:
    with i18n.speaking("fr"):
        words = replies_in_use()
    assert [parse_reply(typed, words) for typed in ("mythe", "M", " Fait ", "f", "quitter", "q")] == [
        Answer.MYTH,
        Answer.MYTH,
        Answer.FACT,
        Answer.FACT,
        Command.QUIT,
        Command.QUIT,
    ]
    assert [parse_reply(typed, words) for typed in ("myth", "fact", "quit", "vrai")] == [
        Answer.MYTH,
        Answer.FACT,
        Command.QUIT,
        None,
    ]
    assert parse_reply("mythe") is None and parse_reply("mythe", replies_in_use()) is None


def test_history_speaks_the_language_its_lang_names(runner: CliRunner) -> None:
    shown = runner.invoke(cli, ["history", "--lang", "fr"])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.startswith("0 séance enregistrée dans ")
    refused = runner.invoke(cli, ["history", "--clear", "--lang", "fr"], input="")
    assert refused.exit_code == 2
    assert refused.stderr.splitlines()[-1] == (
        f"Erreur{NBSP}: ajoutez --yes pour effacer l’historique sans confirmation"
    )


def test_a_usage_error_and_a_bank_error_are_worded_in_french(runner: CliRunner, write_bank: WriteBank) -> None:
    result = runner.invoke(cli, ["list", "--tag", "histoire", "--bank", write_bank()], env={"KETAQUIZ_LANG": "fr"})
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Erreur{NBSP}: Valeur non valide pour '--tag'{NBSP}: aucun énoncé ne porte l’étiquette histoire{NNBSP}; "
        f"vouliez-vous dire 'history'{NNBSP}? Étiquettes de cette banque{NBSP}: addiction, history"
    )
    path = write_bank(GREEK_BANK.replace("answer: fact", "answer: yes"))
    result = runner.invoke(cli, ["validate", "--lang", "fr", path])
    assert result.exit_code == 1
    assert (
        f"Erreur{NBSP}: {path}:18: question 'proti'{NBSP}: YAML lit 'answer: yes' comme vrai/faux{NNBSP}; "
        "écrivez myth ou fact\n"
    ) in result.stderr


def test_every_commands_help_is_in_french(runner: CliRunner) -> None:
    for name in cli.commands:
        result = runner.invoke(cli, [name, "--help"], env={"KETAQUIZ_LANG": "fr"})
        assert result.output.startswith(f"Utilisation{NBSP}: ketaquiz {name} "), name
        assert f"\nOptions{NBSP}:\n" in result.output and "Afficher ce message et quitter." in result.output


def test_a_french_handout_speaks_french_and_a_side_by_side_one_both_languages() -> None:
    handout = FORMATS["markdown"](BILINGUAL, BILINGUAL.questions, languages=("fr",)).decode()
    assert f"Énoncés tirés de{NBSP}: Test article" in handout
    assert "## Corrigé" in handout and "Answer key" not in handout
    both = FORMATS["markdown"](BILINGUAL, BILINGUAL.questions, languages=("en", "fr")).decode()
    assert "## Answer key / Corrigé" in both
    assert f"**EN** Statements drawn from: Test article\n\n**FR** Énoncés tirés de{NBSP}: Test article" in both
    page = FORMATS["html"](BILINGUAL, BILINGUAL.questions, languages=("fr",)).decode()
    assert 'content: "Page " counter(page) " sur " counter(pages) "";' in page
    assert '<h2 id="answer-key">Corrigé</h2>' in page


def test_gift_gives_each_languages_feedback_in_its_own_span() -> None:
    gift = FORMATS["gift"](BILINGUAL, BILINGUAL.questions[1:2], languages=("en", "fr")).decode()
    assert (
        '<span lang\\="en" class\\="multilang">Right\\: this is a myth.</span>'
        f'<span lang\\="fr" class\\="multilang">Bonne réponse{NBSP}\\: c’est un mythe.</span>'
    ) in gift


def test_a_french_qti_package_answers_vrai_or_faux(tmp_path: Path) -> None:
    import zipfile

    package = tmp_path / "fr.zip"
    package.write_bytes(FORMATS["qti"](BILINGUAL, BILINGUAL.questions, languages=("fr",)))
    with zipfile.ZipFile(package) as opened:
        (items,) = [name for name in opened.namelist() if name != "imsmanifest.xml"]
        text = opened.read(items).decode()
    assert text.count(">Vrai<") == text.count(">Faux<") == len(BILINGUAL.questions)
    assert "Bonne réponse" in text and "Right: this" not in text


def test_an_export_of_a_bank_that_names_no_language_speaks_the_interfaces(write_bank: WriteBank) -> None:
    bank = load_bank(write_bank())
    with i18n.interface(("fr",)):
        handout = FORMATS["markdown"](bank, bank.questions).decode()
    assert "## Corrigé" in handout


def test_new_in_french_writes_a_bank_whose_comments_are_french_and_which_validates_once_filled(
    runner: CliRunner, tmp_path: Path
) -> None:
    bank = tmp_path / "banque.yaml"
    result = runner.invoke(cli, ["new", "--lang", "fr", str(DATA / "article.txt"), "-o", str(bank)])
    assert result.output.splitlines()[0] == (
        f"{bank} écrit{NBSP}: l’article comme source, et une question d’exemple pour commencer."
    )
    text = bank.read_text(encoding="utf-8")
    assert "  # Indiquez le titre de l’article (et son auteur ou autrice), tel que" in text
    assert "#     contact: Composez le 9-8-8 ou envoyez un texto au 9-8-8\n" in text
    # The languages, the title's translation, the focus and the example question, each comment taken off.
    bank.write_text(in_two_languages(text, "languages", "translations", "focus"), encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(bank)])
    assert result.exit_code == 0, result.output
    started = load_bank(str(bank))
    assert (started.languages, started.focus, started.title) == (
        ("fr", "en"),
        "histoire",
        f"article — mythe ou fait{NNBSP}?",
    )
    assert started.questions[0].id == "premier-enonce"
    assert started.questions[0].translations[0][1].statement == "The statement, in English."


# The pseudo-locale: every message rewritten, so that English left anywhere shows up.


@pytest.fixture
def greek_bank(write_bank: WriteBank) -> str:
    return write_bank(GREEK_BANK)


def test_the_pseudo_locale_rewrites_every_letter_and_keeps_every_placeholder() -> None:
    assert pseudo("Error: {message}") == "[!! Éŕŕöŕ: {message} !!]"
    assert pseudo("{value!r} is not {choice}.") == "[!! {value!r} íš ñöţ {choice}. !!]"
    assert english_left(pseudo("Where to get help, {{...}}")) == []
    assert english_left("Error: the bank /tmp/x.yaml --lang KETAQUIZ_LANG fr proti", allowed=["proti"]) == [
        "Error",
        "the",
        "bank",
    ]


def test_validate_with_many_mistakes_is_all_in_the_pseudo_locale(
    pseudo_locale: Path, runner: CliRunner, write_bank: WriteBank
) -> None:
    broken = (
        GREEK_BANK.replace("answer: fact", "anwser: fact")
        .replace("id: triti", "id: Triti")
        .replace("tags: [istoria]", "tags: [Istoria, istoria]")
        .replace("Χρησιμοποιείται εδώ και δεκαετίες στην ιατρική.\n    tags", "Κάτι άλλο.\n    tags")
        .replace("    resources:", "    translations:\n      el: {title: Τίτλος}\n    resources:")
        .replace("sources: [Ρυθμιστική αρχή 1999]", "sources: []")
        .replace("  - id: tetarti", "  - id: defteri")
    )
    result = runner.invoke(cli, ["validate", write_bank(broken)])
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) >= 5
    assert_translated(result.stderr, allowed=[*GREEK_NAMES, "anwser", "Triti", "Istoria", "el"])


def test_a_yaml_syntax_error_is_all_in_the_pseudo_locale(
    pseudo_locale: Path, runner: CliRunner, write_bank: WriteBank
) -> None:
    result = runner.invoke(cli, ["validate", write_bank(GREEK_BANK.replace("  - id: triti", "\t- id: triti"))])
    assert result.exit_code == 1 and "^" in result.stderr
    assert_translated(result.stderr, allowed=GREEK_NAMES)


def test_list_and_show_are_all_in_the_pseudo_locale(pseudo_locale: Path, runner: CliRunner, greek_bank: str) -> None:
    listed = runner.invoke(cli, ["list", "--bank", greek_bank])
    assert_translated(listed.output, allowed=GREEK_NAMES)
    shown = runner.invoke(cli, ["show", "proti", "defteri", "--bank", greek_bank])
    assert_translated(shown.output, allowed=GREEK_NAMES)


def test_audit_is_all_in_the_pseudo_locale(pseudo_locale: Path, runner: CliRunner, greek_bank: str) -> None:
    result = runner.invoke(cli, ["audit", greek_bank])
    assert result.exit_code == 0 and result.output.count("[!!") > 30
    assert_translated(result.output, allowed=GREEK_NAMES)
    as_json = runner.invoke(cli, ["audit", greek_bank, "--format", "json"])
    findings = json.loads(as_json.output)["findings"]
    assert findings
    for finding in findings:
        assert_translated(f"{finding['message']} {finding['suggestion']}", allowed=GREEK_NAMES)


def test_new_is_all_in_the_pseudo_locale(pseudo_locale: Path, runner: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "arthro.txt"
    article.write_text("Η κεταμίνη αναπτύχθηκε αρχικά ως αναισθητικό.\n\nΧρησιμοποιείται στην ιατρική.\n", "utf-8")
    result = runner.invoke(cli, ["new", str(article), "-o", str(tmp_path / "trapeza.yaml")])
    assert result.exit_code == 0
    assert_translated(result.output)
    written = (tmp_path / "trapeza.yaml").read_text(encoding="utf-8")
    # A schema's address is a name, and the example translation is in the bank's other language, French.
    for example in ("yaml-language-server", *TRANSLATED_EXAMPLES["fr"].values()):
        written = written.replace(example, "")
    assert_translated(written, allowed=["Canada", "arthro"])


@pytest.mark.parametrize("format_name", ["html", "markdown"])
def test_a_handout_is_all_in_the_pseudo_locale(
    pseudo_locale: Path, runner: CliRunner, greek_bank: str, format_name: str
) -> None:
    result = runner.invoke(cli, ["export", "--format", format_name, "--bank", greek_bank])
    assert result.exit_code == 0
    shown = result.output
    if format_name == "html":
        shown = visible_text(result.output)
        assert shown.count("[!!") >= 6
    assert_translated(shown, allowed=GREEK_NAMES)


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "no-such-bank.yaml"],
        ["list", "--nope"],
        ["list", "--tag", "ethisy"],
        ["list", "--lang", "qps"],
        ["lits"],
        ["show", "protti"],
        ["export", "--format", "pdf"],
        ["play", "-n", "zero"],
        ["present", "--port", "70000"],
        ["list", "--full", "--hide-answers"],
        ["audit", "--only", "cue"],
        ["new", "."],
    ],
    ids=" ".join,
)
def test_every_error_the_command_line_words_is_in_the_pseudo_locale(
    pseudo_locale: Path, runner: CliRunner, greek_bank: str, args: list[str]
) -> None:
    result = runner.invoke(cli, [*args, "--bank", greek_bank] if args[0] in ("list", "show") else args)
    assert result.exit_code in (1, 2), result.output
    # click names the type a number must be ("integer range") in English: the French leaves it out.
    typed = ["ethisy", "lits", "protti", "pdf", "zero", "cue", "integer", "range"]
    assert_translated(result.output, allowed=[*GREEK_NAMES, *typed])


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_commands_help_is_in_the_pseudo_locale(pseudo_locale: Path, runner: CliRunner, name: str) -> None:
    result = runner.invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    # click names an option's type when it has no metavar ("--port INTEGER RANGE").
    assert_translated(result.output, allowed=["INTEGER", "RANGE"])


def test_a_standard_output_that_cannot_be_written_is_said_in_the_pseudo_locale(pseudo_locale: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("needs /dev/full, a device every write to fails with 'No space left on device'")
    with open("/dev/full", "wb") as full:
        done = subprocess.run([str(COMMAND), "schema"], stdout=full, stderr=subprocess.PIPE, timeout=60)
    assert done.returncode == 1
    # The reason is the system's own, as C's strerror words it.
    assert_translated(done.stderr.decode(), pending=["No space left on device"])


def test_the_greek_bank_is_valid() -> None:
    assert len(parse_bank(GREEK_BANK, "greek.yaml").questions) == 4
    assert yaml.safe_load(GREEK_BANK)["focus"] in GREEK_NAMES


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    yield
    assert i18n.spoken() == "en", "a test left ketaquiz speaking another language"
