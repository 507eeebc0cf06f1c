"""A bank in several languages: what validate says of its translations, and the bank shown in one language."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from ketaquiz.bank import PassageTranslation, parse_bank
from ketaquiz.cli import cli
from ketaquiz.export.json import export as to_json
from ketaquiz.history import content_digest
from ketaquiz.languages import code_form, shown_in
from ketaquiz.model import BIDI_CONTROLS
from tests.helpers import (
    BANK,
    BILINGUAL,
    BILINGUAL_BANK,
    FRENCH_RESOURCE,
    FRENCH_TITLE,
    ORIGIN_IN_FRENCH,
    SMALL_BANK,
    WriteBank,
    bilingual_bank_with,
    problems_of,
)

ADDICTION_FR = "      fr:\n        statement: La kétamine ne"

# (what is wrong, the text replaced, its replacement, every line validate says)
MISTAKES = [
    (
        "translations without languages",
        "languages: [en, fr]\n",
        "",
        [
            "bank.yaml:3: translations need the bank's languages: add 'languages:' at the top of the bank, the "
            "language it is written in first, then the others (languages: [en, fr], say)"
        ],
    ),
    (
        "a language never used",
        "languages: [en, fr]",
        "languages: [en, fr, de]",
        [
            "bank.yaml:2: 'de' is in 'languages', but nothing in the bank is translated into it; add its "
            "translations, or take it out of 'languages'"
        ],
    ),
    (
        "a code in capitals",
        "languages: [en, fr]",
        "languages: [en, FR]",
        [
            "bank.yaml:2: the language 'FR' must be a lowercase ISO 639 code like en or fr, optionally with a "
            "region like fr-ca; did you mean 'fr'?"
        ],
    ),
    (
        "a name for a code",
        "languages: [en, fr]",
        "languages: [en, fr, French]",
        [
            "bank.yaml:2: the language 'French' must be a lowercase ISO 639 code like en or fr, optionally with a "
            "region like fr-ca"
        ],
    ),
    (
        "a language twice",
        "languages: [en, fr]",
        "languages: [en, fr, fr]",
        ["bank.yaml:2: 'fr' is listed twice in 'languages' (first on line 2); delete one"],
    ),
    (
        "no language",
        "languages: [en, fr]",
        "languages: []",
        ["bank.yaml:2: 'languages' is empty; name the language the bank is written in first, like [en, fr]"],
    ),
    (
        "a language not text",
        "languages: [en, fr]",
        "languages: [en, fr, [de]]",
        ["bank.yaml:2: item 3 of 'languages' must be text, found a list"],
    ),
    (
        "a translation keyed by a list",
        ADDICTION_FR,
        "      ? [fr, de]\n      : {statement: x}\n" + ADDICTION_FR,
        ["bank.yaml:44: question 'addiction': a language in 'translations' must be text, like fr, found a list"],
    ),
    (
        "an empty translation",
        "        explanation: Elle a été fabriquée en 1962 comme anesthésique.",
        "        explanation: ''",
        ["bank.yaml:32: question 'origin': 'explanation' in the fr translation is empty"],
    ),
    (
        "languages a text",
        "languages: [en, fr]",
        "languages: en",
        ["bank.yaml:2: 'languages' must be a list of language codes, like [en, fr], found 'en'"],
    ),
    (
        "a translation into an undeclared language",
        ADDICTION_FR,
        ADDICTION_FR.replace("fr:", "de:"),
        [
            "bank.yaml:34: question 'addiction': no fr translation; add translations: fr: with its statement, "
            "explanation and note",
            "bank.yaml:44: question 'addiction': 'de' is not one of the bank's languages (en, fr); add it to "
            "'languages', or translate into one of those",
        ],
    ),
    (
        "a region the bank does not name",
        ADDICTION_FR,
        ADDICTION_FR.replace("fr:", "fr-ca:"),
        [
            "bank.yaml:34: question 'addiction': no fr translation; add translations: fr: with its statement, "
            "explanation and note",
            "bank.yaml:44: question 'addiction': 'fr-ca' is not one of the bank's languages (en, fr); did you "
            "mean 'fr'? add it to 'languages', or translate into one of those",
        ],
    ),
    (
        "a translation into the first language",
        ADDICTION_FR,
        ADDICTION_FR.replace("fr:", "en:"),
        [
            "bank.yaml:34: question 'addiction': no fr translation; add translations: fr: with its statement, "
            "explanation and note",
            "bank.yaml:44: question 'addiction': 'en' is the bank's first language, the one its fields are written "
            "in; translations are for the other languages",
        ],
    ),
    (
        "a question untranslated",
        ORIGIN_IN_FRENCH,
        "",
        [
            "bank.yaml:23: question 'origin': no fr translation; add translations: fr: with its statement and "
            "explanation"
        ],
    ),
    (
        "a statement untranslated",
        "        statement: La kétamine a d’abord été mise au point comme anesthésique.\n",
        "",
        ["bank.yaml:31: question 'origin': 'statement' is missing from the fr translation"],
    ),
    (
        "a misspelt key",
        "        statement: La kétamine a d’abord",
        "        statment: La kétamine a d’abord",
        ["bank.yaml:31: question 'origin': unknown key 'statment' in the fr translation; did you mean 'statement'?"],
    ),
    (
        "an evidence note untranslated",
        "        note: C’est une substance contrôlée.\n",
        "",
        ["bank.yaml:45: question 'addiction': 'note' is missing from the fr translation"],
    ),
    (
        "a note with no evidence",
        "        explanation: Elle a été fabriquée",
        "        note: Rien.\n        explanation: Elle a été fabriquée",
        [
            "bank.yaml:32: question 'origin': the fr translation has 'note', but the original has none; give it "
            "in en too, or leave it out"
        ],
    ),
    (
        "a statement left as it was",
        "statement: La kétamine ne présente aucun risque d’addiction.",
        "statement: Ketamine has no  addiction risk.",
        [
            "bank.yaml:45: question 'addiction': 'statement' in the fr translation is the same as the original; "
            "translate it"
        ],
    ),
    (
        "a passage left as it was",
        "passage: Mise au point à l’origine comme anesthésique",
        "passage: Originally developed as an anesthetic",
        ["bank.yaml:33: question 'origin': 'passage' in the fr translation is the same as the original; translate it"],
    ),
    (
        "a resource's details left as they were",
        "details: Quand une vie est en danger.",
        "details: When a life is in danger.",
        [
            "bank.yaml:21: 'details' in the fr translation of resource 'Emergency services' is the same as the "
            "original; translate it"
        ],
    ),
    (
        "a resource untranslated",
        FRENCH_RESOURCE[FRENCH_RESOURCE.index("    translations:") :],
        "",
        [
            "bank.yaml:12: no fr translation of resource 'Emergency services'; add translations: fr: with its "
            "name, region, contact and details"
        ],
    ),
    (
        "a resource's contact untranslated",
        "        contact: Composez le 911\n",
        "",
        ["bank.yaml:18: 'contact' is missing from the fr translation of resource 'Emergency services'"],
    ),
    (
        "a resource's details only in the translation",
        "    details: When a life is in danger.\n",
        "",
        [
            "bank.yaml:20: the fr translation of resource 'Emergency services' has 'details', but the original "
            "has none; give it in en too, or leave it out"
        ],
    ),
    (
        "the title untranslated",
        FRENCH_TITLE.replace("languages: [en, fr]\n", ""),
        "",
        ["bank.yaml:1: no fr translation of the bank; add translations: fr: with its title"],
    ),
    (
        "a title only in the translation",
        "title: Test bank\n",
        "",
        [
            "bank.yaml:4: the fr translation of the bank has 'title', but the original has none; give it in en "
            "too, or leave it out"
        ],
    ),
    (
        "translations a text",
        ORIGIN_IN_FRENCH,
        "    translations: French\n",
        [
            "bank.yaml:29: question 'origin': 'translations' must be a mapping of languages to texts, like "
            "fr: {...}, found 'French'"
        ],
    ),
    (
        "a language translated twice",
        "        passage: Mise au point à l’origine comme anesthésique\n",
        "        passage: Mise au point à l’origine comme anesthésique\n      fr:\n        statement: Encore.\n",
        ["bank.yaml:34: question 'origin': 'fr' appears twice in 'translations' (first on line 31); delete one"],
    ),
    (
        "a translation too long",
        "explanation: Elle a été fabriquée en 1962 comme anesthésique.",
        "explanation: " + "a" * 10_001,
        [
            "bank.yaml:32: question 'origin': 'explanation' in the fr translation is 10,001 characters long; the "
            "limit is 10,000"
        ],
    ),
    (
        "a Moodle placeholder in a translation",
        "explanation: Elle a été fabriquée en 1962 comme anesthésique.",
        "explanation: Elle &&058; 1962.",
        [
            "bank.yaml:32: question 'origin': 'explanation' in the fr translation contains '&&058;', which Moodle's "
            "GIFT import silently turns into another character; write the character itself"
        ],
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "expected"), [case[1:] for case in MISTAKES], ids=[case[0] for case in MISTAKES]
)
def test_validate_names_each_mistake_in_a_translation(old: str, new: str, expected: list[str]) -> None:
    assert problems_of(bilingual_bank_with(old, new)) == expected


def test_a_bilingual_bank_holds_every_translation_in_the_banks_order_of_languages() -> None:
    assert BILINGUAL.languages == ("en", "fr")
    assert BILINGUAL.title_translations == (("fr", "Banque d’essai"),)
    origin, addiction, markup = BILINGUAL.questions
    assert [language for language, _ in origin.translations] == ["fr"]
    assert origin.translations[0][1].passage == "Mise au point à l’origine comme anesthésique"
    assert addiction.translations[0][1].note == "C’est une substance contrôlée."
    assert markup.translations[0][1].passage is None and markup.translations[0][1].note is None
    assert BILINGUAL.resources[0].translations[0][1].contact == "Composez le 911"


def test_a_bank_without_a_title_has_none_to_translate() -> None:
    text = BILINGUAL_BANK.replace("title: Test bank\n", "").replace(
        FRENCH_TITLE, "languages: [en, fr]\ntranslations:\n  fr: {}\n"
    )
    bank = parse_bank(text, "bank.yaml")
    assert bank.title is None and bank.title_translations == ()
    assert shown_in(bank, "fr").title is None


def test_a_bank_may_name_its_one_language_and_a_region() -> None:
    bank = parse_bank("languages: [fr-ca]\n" + SMALL_BANK, "bank.yaml")
    assert bank.languages == ("fr-ca",)
    assert shown_in(bank, "fr-ca").questions == bank.questions


def test_a_one_language_bank_stays_exactly_as_it_was() -> None:
    assert BANK.languages == () and BANK.title_translations == ()
    assert all(not question.translations and question.passage_translation is None for question in BANK.questions)
    assert shown_in(BANK) is BANK
    # The history knows a bank by this digest of what it says: the one the release before leanings and
    # languages gave it, so the sessions recorded then still count.
    assert content_digest(BANK) == "ebdd33115ba19bdf68ac38711b220dbb1db9f4e9cba182ad5c5041bc0e90c345"


def test_shown_in_french_every_text_a_learner_reads_is_french_but_the_quoted_passage() -> None:
    french = shown_in(BILINGUAL, "fr")
    assert french.languages == ("fr",)
    assert french.title == "Banque d’essai"
    assert french.source == BILINGUAL.source, "the source is named as published"
    origin, addiction, markup = french.questions
    assert origin.statement == "La kétamine a d’abord été mise au point comme anesthésique."
    assert origin.passage == "Originally developed as an anesthetic", "the passage stays verbatim"
    assert origin.passage_translation == PassageTranslation("Mise au point à l’origine comme anesthésique", "fr")
    assert addiction.evidence is not None and addiction.evidence.note == "C’est une substance contrôlée."
    assert addiction.evidence.sources == ("DEA 1999",), "sources stay as published"
    assert addiction.passage_translation is None
    assert markup.explanation == "Les crochets sont du texte : {~#=}."
    assert [question.answer for question in french.questions] == [question.answer for question in BILINGUAL.questions]
    assert french.resources[0].name == "Services d’urgence" and french.resources[0].details == (
        "Quand une vie est en danger."
    )
    assert all(not question.translations for question in french.questions)


def test_shown_in_its_first_language_a_bank_is_the_bank_without_its_translations() -> None:
    english = shown_in(BILINGUAL)
    assert english == shown_in(BILINGUAL, "en")
    assert english.languages == ("en",)
    assert english.title == "Test bank"
    assert [question.statement for question in english.questions] == [question.statement for question in BANK.questions]
    assert all(not q.translations and q.passage_translation is None for q in english.questions)
    # A learner's history of the English bank is kept when a translation is added to it.
    assert content_digest(english) == content_digest(BANK)


@pytest.mark.parametrize(
    ("text", "code"),
    [("fr", "fr"), ("FR", "fr"), ("fr_CA", "fr-ca"), (" en ", "en"), ("es-419", "es-419"), ("crk", "crk")],
)
def test_a_language_code_in_the_form_a_bank_writes_it(text: str, code: str) -> None:
    assert code_form(text) == code


@pytest.mark.parametrize("text", ["French", "f", "fr-", "fr-canada", "fr ca", "12", ""])
def test_what_cannot_be_a_language_code(text: str) -> None:
    assert code_form(text) is None


# Any text a bank may hold: no control characters, nothing YAML folds or refuses, no Moodle placeholder.
TEXT = (
    st.text(
        # Bank text refuses controls, and bidirectional controls outside the source (they are category Cf).
        st.characters(
            codec="utf-8",
            exclude_categories=("Cc", "Cs", "Cn", "Zl", "Zp"),
            exclude_characters=BIDI_CONTROLS,
        ),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(lambda text: bool(text) and "&&" not in text)
)
LANGUAGES = st.sampled_from([("en", "fr"), ("fr", "en"), ("en", "fr-ca", "es"), ("en",)])


def _translated(draw: Any, original: str) -> str:
    text: str = draw(TEXT.filter(lambda text: " ".join(text.split()) != " ".join(original.split())))
    return text


@st.composite
def bilingual_banks(draw: Any) -> dict[str, Any]:
    """A valid bank in one to three languages, as a dict to write as YAML: every text translated."""
    languages = draw(LANGUAGES)
    others = languages[1:]
    questions = []
    for number in range(draw(st.integers(1, 3))):
        question: dict[str, Any] = {
            "id": f"q{number}",
            "statement": draw(TEXT),
            "answer": draw(st.sampled_from(["myth", "fact"])),
            "explanation": draw(TEXT),
            "passage": draw(TEXT),
        }
        if draw(st.booleans()):
            question["evidence"] = {"note": draw(TEXT), "sources": [draw(TEXT)]}
        question["translations"] = {}
        for language in others:
            texts = {key: _translated(draw, question[key]) for key in ("statement", "explanation")}
            if draw(st.booleans()):
                texts["passage"] = _translated(draw, question["passage"])
            if "evidence" in question:
                texts["note"] = _translated(draw, question["evidence"]["note"])
            question["translations"][language] = texts
        questions.append(question)
    resources = []
    for _ in range(draw(st.integers(0, 2))):
        resource = {"name": draw(TEXT), "contact": draw(TEXT), "details": draw(TEXT)}
        resource["translations"] = {
            language: {"name": draw(TEXT), "contact": draw(TEXT), "details": _translated(draw, resource["details"])}
            for language in others
        }
        resources.append(resource)
    bank: dict[str, Any] = {"title": draw(TEXT), "languages": list(languages)}
    if others:
        bank["translations"] = {language: {"title": draw(TEXT)} for language in others}
    passages = " ".join(question["passage"] for question in questions)
    bank["source"] = {"title": draw(TEXT), "text": passages}
    bank["resources"] = resources
    bank["questions"] = questions
    return bank


@settings(max_examples=60, deadline=None)
@given(bilingual_banks())
def test_any_valid_bank_shown_in_any_of_its_languages_is_a_valid_bank(document: dict[str, Any]) -> None:
    bank = parse_bank(json.dumps(document, ensure_ascii=False), "bank.yaml")
    for language in bank.languages:
        shown = shown_in(bank, language)
        assert shown.languages == (language,)
        assert not shown.title_translations and not any(question.translations for question in shown.questions)
        assert [question.passage for question in shown.questions] == [question.passage for question in bank.questions]
        assert shown_in(shown, language) == shown, "shown twice, the same"
        # Written out as a bank of its own, it passes every rule and reads back the same, but for the
        # passage translations, which a one-language bank has no field for.
        again = parse_bank(to_json(shown, shown.questions), "bank.yaml")
        assert again == replace(
            shown, questions=tuple(replace(question, passage_translation=None) for question in shown.questions)
        )


def test_the_bilingual_sample_is_valid() -> None:
    assert parse_bank(BILINGUAL_BANK, "bank.yaml") == BILINGUAL


# The bank in one language, on every command that shows it.

FRENCH_PLAY = """\
Banque d’essai
3 énoncés tirés de\u00a0: Test article.
Répondez m (mythe) ou f (fait)\u202f; q pour quitter.

Si vous traversez une période difficile ou une crise, de l’aide existe\u00a0:
Services d’urgence (Canada)\u00a0: Composez le 911.

Énoncé 1 sur 3
La kétamine a d’abord été mise au point comme anesthésique.
Mythe ou fait\u202f? [m/f, q pour quitter] fait
Bonne réponse — c’est un FAIT
Elle a été fabriquée en 1962 comme anesthésique.

Tiré de l’article\u00a0:
«\u00a0Originally developed as an anesthetic\u00a0»
— Test article
Traduction libre\u00a0: «\u00a0Mise au point à l’origine comme anesthésique\u00a0»

Énoncé 2 sur 3 — bonnes réponses\u00a0: 1/1
La kétamine ne présente aucun risque d’addiction.
Mythe ou fait\u202f? [m/f, q pour quitter] fait
Pas tout à fait — c’est un MYTHE
Les autorités la traitent comme une drogue pouvant faire l’objet d’abus.

Tiré de l’article\u00a0:
«\u00a0It is "not considered addictive" by some-but regulators disagree.\u00a0»
— Test article

Ce que disent les données probantes\u00a0: C’est une substance contrôlée.
Source\u00a0: DEA 1999
"""


def test_play_in_french_quotes_the_passage_as_written_with_its_translation_labelled(
    runner: CliRunner, write_bank: WriteBank
) -> None:
    path = write_bank(BILINGUAL_BANK)
    result = runner.invoke(cli, ["play", "--bank", path, "--lang", "fr", "--in-order", "--plain"], input="f\nf\nq\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(FRENCH_PLAY)
    # The review it offers is in French too.
    assert f"ketaquiz play --missed --bank {path} --lang fr" in result.stdout


FRENCH_DETAILS = """\
Banque d’essai
3 énoncés, tirés de\u00a0: Test article

1. FAIT  id\u00a0: origin  étiquettes\u00a0: history
   La kétamine a d’abord été mise au point comme anesthésique.

   Elle a été fabriquée en 1962 comme anesthésique.

   Tiré de l’article\u00a0:
     «\u00a0Originally developed as an anesthetic\u00a0»
       — Test article
     Traduction libre\u00a0: «\u00a0Mise au point à l’origine comme anesthésique\u00a0»

2. MYTHE  id\u00a0: addiction  étiquettes\u00a0: addiction
   La kétamine ne présente aucun risque d’addiction.

   Les autorités la traitent comme une drogue pouvant faire l’objet d’abus.

   Tiré de l’article\u00a0:
     «\u00a0It is "not considered addictive" by some-but regulators disagree.\u00a0»
       — Test article

   Ce que disent les données probantes\u00a0: C’est une substance contrôlée.
     • DEA 1999

3. FAIT  id\u00a0: markup
   Un [bold]énoncé[/] avec <b>balises</b> & [red]markup

   Les crochets sont du texte : {~#=}.

   Tiré de l’article\u00a0:
     «\u00a0ketamine has been used for decades\u00a0»
       — Test article
"""


def test_list_full_in_french(runner: CliRunner, write_bank: WriteBank) -> None:
    result = runner.invoke(cli, ["list", "--bank", write_bank(BILINGUAL_BANK), "--lang", "fr", "--full"])
    assert result.exit_code == 0, result.output
    assert result.stdout == FRENCH_DETAILS


def test_show_list_and_stats_in_french(runner: CliRunner, write_bank: WriteBank) -> None:
    path = write_bank(BILINGUAL_BANK)
    shown = runner.invoke(cli, ["show", "addiction", "--bank", path, "--lang", "fr"]).stdout
    assert "La kétamine ne présente aucun risque d’addiction." in shown and "C’est une substance" in shown
    listed = runner.invoke(cli, ["list", "--bank", path, "--lang", "fr"]).stdout
    assert listed.splitlines()[:4] == [
        "Banque d’essai",
        "3 énoncés, tirés de\u00a0: Test article",
        "",
        "1. La kétamine a d’abord été mise au point comme anesthésique.",
    ]
    runner.invoke(cli, ["play", "--bank", path, "--in-order", "-n", "2"], input="f\nf\n")
    stats = runner.invoke(cli, ["stats", "--bank", path, "--lang", "fr"]).stdout
    assert "La kétamine ne présente aucun risque d’addiction." in stats, "a missed statement, in French"


def test_without_lang_a_bank_is_shown_in_its_first_language(runner: CliRunner, write_bank: WriteBank) -> None:
    bilingual = runner.invoke(cli, ["list", "--bank", write_bank(BILINGUAL_BANK), "--full"]).stdout
    english = runner.invoke(cli, ["list", "--bank", write_bank(SMALL_BANK, "small.yaml"), "--full"]).stdout
    assert bilingual.replace("Test bank", "") == english.replace("Test bank", "")
    assert "Translation" not in bilingual and "kétamine" not in bilingual


@pytest.mark.parametrize(
    ("environment", "title"),
    [("fr", "Banque d’essai"), ("fr-CA", "Banque d’essai"), ("de,fr", "Banque d’essai"), ("de", "Test bank")],
    ids=["french", "a region", "the first it has", "none it has"],
)
def test_ketaquiz_lang_is_a_preference(runner: CliRunner, write_bank: WriteBank, environment: str, title: str) -> None:
    result = runner.invoke(cli, ["list", "--bank", write_bank(BILINGUAL_BANK)], env={"KETAQUIZ_LANG": environment})
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == title


@pytest.mark.parametrize(
    ("bank", "lang", "message"),
    [
        (BILINGUAL_BANK, "de", "Invalid value for '--lang': this bank is not in de; its languages: en, fr"),
        (BILINGUAL_BANK, "en,es", "Invalid value for '--lang': this bank is not in es; its languages: en, fr"),
        (
            SMALL_BANK,
            "en",
            "Invalid value for '--lang': this bank does not name its language (it has no 'languages:'), so it is "
            "shown as it is written; leave out --lang",
        ),
        (
            BILINGUAL_BANK,
            "French",
            "'French' is not a language code; write a lowercase ISO 639 code like en or fr, optionally with a "
            "region like fr-ca, or several separated by commas (en,fr)",
        ),
        (BILINGUAL_BANK, "en,", "'' is not a language code"),
    ],
    ids=["not in the bank", "one of two not in the bank", "a bank without languages", "not a code", "an empty one"],
)
@pytest.mark.parametrize("command", ["play", "list", "show origin", "stats", "present", "export --format csv"])
def test_a_language_the_bank_does_not_have_is_one_usage_line(
    runner: CliRunner, write_bank: WriteBank, command: str, bank: str, lang: str, message: str
) -> None:
    result = runner.invoke(cli, [*command.split(), "--bank", write_bank(bank), "--lang", lang], input="")
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())
    assert result.stderr.count("Error:") == 1
