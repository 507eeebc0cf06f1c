"""`ketaquiz new`: a bank started from an article, ready for its first real question."""

from __future__ import annotations

import json
import os
import re
from datetime import date

from ketaquiz.bank import MAX_BANK_BYTES, normalise
from ketaquiz.files import FileProblem, read_text
from ketaquiz.i18n import _, ngettext, pgettext

SCHEMA_NAME = "ketaquiz.schema.json"
_SENTENCE = re.compile(r".+?[.!?](?=\s|$)")


def read_article(path: str) -> str:
    """The article's text: UTF-8, within a bank's size limit, without control characters."""
    text = read_text(
        path,
        limit=MAX_BANK_BYTES,
        what=_("an article saved as plain text"),
        if_missing=_("give the path of the article, saved as plain text"),
        refuse_controls=True,
    )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise FileProblem(path, _("the article is empty"))
    return text


def paragraphs(text: str) -> list[str]:
    """The article's paragraphs: blocks between blank lines, or single lines when it has no blank lines."""
    blocks = re.split(r"\n\s*\n", text.strip()) if re.search(r"\n\s*\n", text.strip()) else text.splitlines()
    return [" ".join(line.strip() for line in block.splitlines() if line.strip()) for block in blocks if block.strip()]


# The example translation's texts, in the language a new bank is shown translated into: French for
# a bank started in English, English for one started in French (as the interface's language says).
TRANSLATED_EXAMPLES = {
    "fr": {
        "title": "Le titre, en français",
        "statement": "L’énoncé, en français.",
        "explanation": "Pourquoi, en français.",
        "passage": "Le passage, traduit.",
        "note": "Ce que disent les données.",
    },
    "en": {
        "title": "The title, in English",
        "statement": "The statement, in English.",
        "explanation": "Why, in English.",
        "passage": "The passage, translated.",
        "note": "What the evidence says.",
    },
}
# Where the comment after a line of example YAML starts.
_COMMENT_COLUMN = 37


def starter_bank(article: str, *, name: str, bank_name: str, schema: str = SCHEMA_NAME) -> str:
    """The text of a new bank: the article as its source, paragraphs numbered, one example question,
    its comments and example texts in the interface's language."""
    parts = paragraphs(article)
    first_sentence = _SENTENCE.match(normalise(parts[0]))
    example = first_sentence.group() if first_sentence else normalise(parts[0])
    stem = os.path.splitext(name)[0]
    # TRANSLATORS: the code of the language the example bank is written in: yours.
    written_in = pgettext("the language a new bank is written in", "en")
    # TRANSLATORS: the code of the language the example bank is translated into: the other one of English and French.
    other = pgettext("the language a new bank's example is translated into", "fr")
    translated = TRANSLATED_EXAMPLES.get(other, TRANSLATED_EXAMPLES["fr"])
    tag = pgettext("an example tag", "history")
    title = _quoted(_("{name} — myth or fact?").format(name=stem))
    title_note = _("the quiz's title, as you like it")
    lines = [
        f"# yaml-language-server: $schema={schema}",
        *_comment(
            _(
                "A ketaquiz bank, started from {article} by `ketaquiz new`.\n"
                "Write your questions under `questions:`, then check the bank:  ketaquiz validate {bank}"
            ).format(article=name, bank=bank_name)
        ),
        "",
        f"title: {title}  # {title_note}",
        *_source(parts, stem),
        "",
        *_settings(tag, written_in=written_in, other=other, translated=translated),
        "",
        "questions:",
        *_comment(
            _(
                "One question per '- ' entry. An example with every field; uncomment it (remove the '# ')\n"
                "and make it your own, or write your own below."
            ),
            "  ",
        ),
        "  #",
        *_example_question(example, tag=tag, other=other, translated=translated),
        "",
    ]
    return "\n".join(lines)


def _source(parts: list[str], stem: str) -> list[str]:
    """The bank's source: the article named, its paragraphs numbered, its text."""
    numbered = [f"#   {number}. {_opening(part)}" for number, part in enumerate(parts, 1)]
    return [
        "source:",
        *_comment(_("Fill in the article's title (and author), as learners should see it named."), "  "),
        f"  title: {_quoted(stem)}",
        "  # url: https://example.org/the-article",
        *_comment(
            ngettext(
                "The article's paragraph; every passage is quoted from this text word for word:",
                "The article's {count} paragraphs; every passage is quoted from this text word for word:",
                len(parts),
            ).format(count=len(parts)),
            "  ",
        ),
        *[f"  {line}" for line in numbered],
        "  text: |",
        "\n\n".join(f"    {part}" for part in parts),
    ]


def _settings(tag: str, *, written_in: str, other: str, translated: dict[str, str]) -> list[str]:
    """The bank's optional settings, commented out, each with what it is for: when it was reviewed,
    its focus, where to get help, and its languages."""
    # An example of a place to get help, in the interface's language.
    helpline = {
        "name": _("9-8-8 Suicide Crisis Helpline"),
        "contact": _("Call or text 9-8-8"),
        "details": _("Any time, in English or French."),
    }
    return [
        *_comment(_("When the evidence was last checked, shown with the source in `list` and on handouts:")),
        f"# reviewed: {_quoted(date.today().isoformat())}",
        "",
        *_comment(
            _(
                "The tag your statements are mostly about, if there is one; `ketaquiz audit` checks that a third\n"
                "or more of them carry it:"
            )
        ),
        f"# focus: {tag}",
        "",
        *_comment(
            _(
                "Where to get help. A bank about health, drugs or mental health should say: learners see these\n"
                "when a quiz starts and ends, and on handouts. Uncomment and give services for your learners' region."
            )
        ),
        "# resources:",
        f"#   - name: {_plain(helpline['name'])}",
        "#     region: Canada",
        f"#     contact: {_plain(helpline['contact'])}",
        f"#     details: {_plain(helpline['details'])}",
        "",
        *_comment(
            _(
                "In more than one language? Name the languages, the one this file is written in first, and give "
                "every\ntext a learner reads in each of the others: the title here, each resource and each question "
                "under a\n`translations:` of its own, as the example question shows. `ketaquiz validate` names any "
                "translation\nmissing, and `ketaquiz play --lang fr` plays the bank in French."
            )
        ),
        f"# languages: [{written_in}, {other}]",
        f"# translations: {{{other}: {{title: {_quoted(translated['title'])}}}}}",
    ]


def _example_question(example: str, *, tag: str, other: str, translated: dict[str, str]) -> list[str]:
    """The example question, commented out, each field with what it is for."""
    always_labelled = _("optional: always shown labelled as a translation")
    note_translated = _("with evidence: its note, translated")
    example_id = pgettext("an example question's id: lowercase letters, digits and hyphens", "first-claim")
    texts = {
        "statement": _("One plain claim a learner judges myth or fact."),
        "explanation": _("Why, in your own words."),
        "note": _("What the wider evidence says."),
        "source": _("Author, Title, Journal, Year"),
    }
    return [
        _commented(f"- id: {example_id}", _("unique: lowercase letters, digits and hyphens")),
        f"  #   statement: {_plain(texts['statement'])}",
        _commented("  answer: fact", _("myth or fact")),
        f"  #   explanation: {_plain(texts['explanation'])}",
        f"  #   passage: {_quoted(example)}",
        _commented("  passage_role: supports", _("optional: supports, or overclaim (the article claims too much)")),
        _commented("  leans: neutral", _("optional: favourable, unfavourable or neutral about the subject")),
        _commented("  evidence:", _("optional: what sources beyond the article say")),
        f"  #     note: {_plain(texts['note'])}",
        f"  #     sources: [{_quoted(texts['source'])}]",
        _commented(f"  tags: [{tag}]", _("optional: lowercase words")),
        *_comment(_("In the bank's other languages (languages: at the top), the question translated:"), "  #   "),
        "  #   # translations:",
        f"  #   #   {other}:",
        f"  #   #     statement: {_plain(translated['statement'])}",
        f"  #   #     explanation: {_plain(translated['explanation'])}",
        f"  #   #     passage: {_plain(translated['passage'])}    # {always_labelled}",
        f"  #   #     note: {_plain(translated['note'])}  # {note_translated}",
    ]


def _comment(text: str, indent: str = "") -> list[str]:
    """Text as comment lines, each starting with `indent` and '# '."""
    return [f"{indent}# {line}".rstrip() for line in text.split("\n")]


def _commented(code: str, comment: str) -> str:
    """A line of the example question, commented out, with what it is for after it."""
    return f"{f'  # {code}':<{_COMMENT_COLUMN}}# {comment}"


def _opening(paragraph: str, words: int = 8) -> str:
    split = paragraph.split()
    return " ".join(split[:words]) + (" …" if len(split) > words else "")


def _plain(text: str) -> str:
    """A YAML scalar, written plain where YAML reads it as it is, and quoted where it would not."""
    return text if _PLAIN.fullmatch(text) else _quoted(text)


# Text that YAML reads plain as that text: it starts with a letter or digit, and holds nothing that
# could start a key, a comment, a quotation or a flow collection.
_PLAIN = re.compile(r"[^\W_][^:#\[\]{}\"'&*!|>%@`]*")


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar: JSON's string syntax is valid YAML."""
    return json.dumps(text, ensure_ascii=False)
