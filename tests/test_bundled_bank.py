"""The bundled bank's promises: valid, balanced, quoted from the article, sourced where it must be."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ketaquiz.bank import Answer, load_bank, normalise

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT.parent / "shared" / "article.txt"
BANK = load_bank(str(ROOT / "questions.yaml"))
VOCABULARY = {"history", "mechanism", "onset", "uses", "sessions", "safety", "addiction"}
# Paragraphs of the article with something to teach (4, 7 and 10 are promotion and scraping residue).
SUBSTANTIVE_PARAGRAPHS = (1, 2, 3, 5, 6, 8, 9)
RISK_WORDS = re.compile(r"safe|risk|addict|dependen|misuse|abuse", re.IGNORECASE)


def test_the_package_ships_the_same_bank() -> None:
    shipped = load_bank()
    assert (shipped.title, shipped.source, shipped.questions) == (BANK.title, BANK.source, BANK.questions)


def test_at_least_24_statements_with_unique_ids() -> None:
    ids = [question.id for question in BANK.questions]
    assert len(ids) >= 24
    assert len(set(ids)) == len(ids)


def test_between_40_and_60_percent_are_myths() -> None:
    myths = sum(question.answer is Answer.MYTH for question in BANK.questions)
    assert 0.4 <= myths / len(BANK.questions) <= 0.6


def test_the_source_is_the_article_verbatim_and_says_what_it_is() -> None:
    if not ARTICLE.exists():
        pytest.skip("the shared article is not beside this checkout")
    assert normalise(BANK.source.text) == normalise(ARTICLE.read_text(encoding="utf-8"))
    assert "promotional" in BANK.source.title and "clinic" in BANK.source.title


def test_every_passage_is_in_the_source() -> None:
    source = normalise(BANK.source.text)
    for question in BANK.questions:
        assert normalise(question.passage) in source, question.id


def test_every_substantive_paragraph_is_quoted() -> None:
    paragraphs = BANK.source.text.splitlines()
    for number in SUBSTANTIVE_PARAGRAPHS:
        paragraph = normalise(paragraphs[number - 1])
        assert any(normalise(q.passage) in paragraph for q in BANK.questions), f"paragraph {number} is not quoted"


def test_every_tag_is_from_the_documented_vocabulary() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for tag in VOCABULARY:
        assert f"| `{tag}` |" in readme
    for question in BANK.questions:
        assert question.tags, f"{question.id} has no tag"
        assert set(question.tags) <= VOCABULARY, question.id


def test_every_passage_about_safety_risk_or_addiction_carries_sourced_evidence() -> None:
    for question in BANK.questions:
        if RISK_WORDS.search(question.passage):
            assert question.evidence is not None, question.id
            assert question.evidence.sources, question.id


def test_at_least_six_statements_carry_evidence() -> None:
    assert sum(question.evidence is not None for question in BANK.questions) >= 6


def test_explanations_are_not_copies_of_the_passage() -> None:
    for question in BANK.questions:
        assert normalise(question.passage) not in normalise(question.explanation), question.id


@pytest.mark.parametrize(
    "claim",
    ["not considered addictive", "virtually eliminated", "free from addiction risks", "non-addictive"],
)
def test_each_addiction_claim_of_the_article_is_answered_by_a_sourced_myth(claim: str) -> None:
    quoting = [q for q in BANK.questions if claim in normalise(q.passage)]
    assert any(question.answer is Answer.MYTH for question in quoting), f"no myth addresses '{claim}'"
    for question in quoting:
        assert question.evidence is not None, question.id
