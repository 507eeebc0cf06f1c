"""`ketaquiz new`: a bank started from an article, ready for its first real question."""

from __future__ import annotations

import json
import os
import re
from datetime import date

from ketaquiz.bank import MAX_BANK_BYTES, normalise
from ketaquiz.files import FileProblem, read_text

SCHEMA_NAME = "ketaquiz.schema.json"
_SENTENCE = re.compile(r".+?[.!?](?=\s|$)")


def read_article(path: str) -> str:
    """The article's text: UTF-8, within a bank's size limit, without control characters."""
    text = read_text(
        path,
        limit=MAX_BANK_BYTES,
        what="an article saved as plain text",
        if_missing="give the path of the article, saved as plain text",
        refuse_controls=True,
    )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise FileProblem(path, "the article is empty")
    return text


def paragraphs(text: str) -> list[str]:
    """The article's paragraphs: blocks between blank lines, or single lines when it has no blank lines."""
    blocks = re.split(r"\n\s*\n", text.strip()) if re.search(r"\n\s*\n", text.strip()) else text.splitlines()
    return [" ".join(line.strip() for line in block.splitlines() if line.strip()) for block in blocks if block.strip()]


def starter_bank(article: str, *, name: str, bank_name: str, schema: str = SCHEMA_NAME) -> str:
    """The text of a new bank: the article as its source, paragraphs numbered, one example question."""
    parts = paragraphs(article)
    first_sentence = _SENTENCE.match(normalise(parts[0]))
    example = first_sentence.group() if first_sentence else normalise(parts[0])
    numbered = [f"#   {number}. {_opening(part)}" for number, part in enumerate(parts, 1)]
    text = "\n\n".join(f"    {part}" for part in parts)
    lines = [
        f"# yaml-language-server: $schema={schema}",
        f"# A ketaquiz bank, started from {name} by `ketaquiz new`.",
        f"# Write your questions under `questions:`, then check the bank:  ketaquiz validate {bank_name}",
        "",
        f"title: {_quoted(os.path.splitext(name)[0] + ' — myth or fact?')}  # the quiz's title, as you like it",
        "source:",
        "  # Fill in the article's title (and author), as learners should see it named.",
        f"  title: {_quoted(os.path.splitext(name)[0])}",
        "  # url: https://example.org/the-article",
        f"  # The article's {len(parts)} paragraphs; every passage is quoted from this text word for word:",
        *[f"  {line}" for line in numbered],
        "  text: |",
        text,
        "",
        "# When the evidence was last checked, shown with the source in `list` and on handouts:",
        f"# reviewed: {_quoted(date.today().isoformat())}",
        "",
        "# The tag your statements are mostly about, if there is one; `ketaquiz audit` checks that a third",
        "# or more of them carry it:",
        "# focus: history",
        "",
        "# Where to get help. A bank about health, drugs or mental health should say: learners see these",
        "# when a quiz starts and ends, and on handouts. Uncomment and give services for your learners' region.",
        "# resources:",
        "#   - name: 9-8-8 Suicide Crisis Helpline",
        "#     region: Canada",
        "#     contact: Call or text 9-8-8",
        "#     details: Any time, in English or French.",
        "",
        "# In more than one language? Name the languages, the one this file is written in first, and give every",
        "# text a learner reads in each of the others: the title here, each resource and each question under a",
        "# `translations:` of its own, as the example question shows. `ketaquiz validate` names any translation",
        "# missing, and `ketaquiz play --lang fr` plays the bank in French.",
        "# languages: [en, fr]",
        '# translations: {fr: {title: "Le titre, en français"}}',
        "",
        "questions:",
        "  # One question per '- ' entry. An example with every field; uncomment it (remove the '# ')",
        "  # and make it your own, or write your own below.",
        "  #",
        "  # - id: first-claim                # unique: lowercase letters, digits and hyphens",
        "  #   statement: One plain claim a learner judges myth or fact.",
        "  #   answer: fact                   # myth or fact",
        "  #   explanation: Why, in your own words.",
        f"  #   passage: {_quoted(example)}",
        "  #   passage_role: supports         # optional: supports, or overclaim (the article claims too much)",
        "  #   leans: neutral                 # optional: favourable, unfavourable or neutral about the subject",
        "  #   evidence:                      # optional: what sources beyond the article say",
        "  #     note: What the wider evidence says.",
        '  #     sources: ["Author, Title, Journal, Year"]',
        "  #   tags: [history]                # optional: lowercase words",
        "  #   # In the bank's other languages (languages: at the top), the question translated:",
        "  #   # translations:",
        "  #   #   fr:",
        "  #   #     statement: L’énoncé, en français.",
        "  #   #     explanation: Pourquoi, en français.",
        "  #   #     passage: Le passage, traduit.    # optional: always shown labelled as a translation",
        "  #   #     note: Ce que disent les données.  # with evidence: its note, translated",
        "",
    ]
    return "\n".join(lines)


def _opening(paragraph: str, words: int = 8) -> str:
    split = paragraph.split()
    return " ".join(split[:words]) + (" …" if len(split) > words else "")


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar: JSON's string syntax is valid YAML."""
    return json.dumps(text, ensure_ascii=False)
