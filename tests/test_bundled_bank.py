"""The bundled bank's promises: valid, balanced, quoted from the article, sourced where it must be."""

from __future__ import annotations

import hashlib
import json
import re
import statistics
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from ketaquiz import wording
from ketaquiz.bank import Answer, Bank, Leaning, PassageRole, Question, load_bank, normalise

ROOT = Path(__file__).resolve().parent.parent
# A copy of the article lives in the repository, so the verbatim check runs in any clone;
# the shared original beside a checkout, when there is one, must match the copy.
ARTICLE_COPY = ROOT / "tests" / "data" / "article.txt"
SHARED_ARTICLE = ROOT.parent / "shared" / "article.txt"
BANK = load_bank(str(ROOT / "questions.yaml"))
VOCABULARY = {"history", "mechanism", "onset", "uses", "sessions", "safety", "addiction"}
# Paragraphs of the article with something to teach (4, 7 and 10 are promotion and scraping residue).
SUBSTANTIVE_PARAGRAPHS = (1, 2, 3, 5, 6, 8, 9)
RISK_WORDS = re.compile(r"safe|risk|addict|dependen|misuse|abuse", re.IGNORECASE)
# Words that let a test-wise learner guess a verdict without knowing anything.
ABSOLUTE_WORDS = re.compile(
    r"\b(all|always|never|no|none|nothing|only|every|everyone|everything|exactly|proven|entirely"
    r"|completely|totally|established|guaranteed|any|zero)\b|free of|risk-free",
    re.IGNORECASE,
)
# Qualifiers that let a test-wise learner guess "fact" without knowing anything.
HEDGE_WORDS = re.compile(
    r"\b(can|could|may|might|some|most|often|sometimes|usually|generally|probably|possibly|likely)\b"
    r"|\bone of the\b|\b(has|have) been reported\b",
    re.IGNORECASE,
)
NEGATIVES = re.compile(r"\b(not|no|never|none|nobody|nothing|neither|nor|without)\b|n't", re.IGNORECASE)
# Stigmatising words about substance use (NIDA, "Words Matter"; PHAC, 2019).
STIGMATISING = re.compile(
    r"\baddicts?\b|\babusers?\b|\busers?\b|\bclean\b|\bdirty\b|recreational abuse|substance abuse|\bjunkies?\b"
    r"|\bhabit\b|committed suicide",
    re.IGNORECASE,
)
# Topics the evidence notes say the bank must teach, by statement id, with their verdicts.
REQUIRED_TOPICS = {
    "at-home-ketamine": Answer.FACT,
    "craving": Answer.FACT,
    "supervised-liver-injury": Answer.MYTH,
    "mixing-sedatives": Answer.FACT,
    "helps-nearly-everyone": Answer.MYTH,
    "diversion": Answer.FACT,
    "canada-national-standards": Answer.MYTH,
    # Why decades of single anaesthetic doses do not show that repeated dosing is safe (the article's
    # "safely used in medical procedures for decades"): taught under history and safety, not addiction.
    "decades-in-surgery": Answer.FACT,
    # The article's two claims that no statement tested before: anxiety and integration therapy.
    "anxiety-trial": Answer.FACT,
    "integration-therapy": Answer.MYTH,
}
# What a workshop on "is ketamine therapy addictive?" must teach (evidence notes, section 11), by statement id.
ADDICTION_TOPICS = {
    "tolerance-meaning": Answer.MYTH,  # tolerance and dependence are not addiction
    "misuse-meaning": Answer.FACT,  # misuse, and abuse, as the labels define them
    "abuse-potential-study": Answer.FACT,
    "withdrawal-after-stopping": Answer.MYTH,  # supervised long-term trial, and whom it left out
    "past-substance-use": Answer.MYTH,  # careful consideration, not a ban
    "warning-signs": Answer.FACT,
    "memory": Answer.FACT,
    "treatment-referral": Answer.FACT,
}
# Statements removed as giveaways, near-duplicates, true by definition, answerable by wording alone,
# resting on a claim the evidence notes do not source, answering a statement now in the bank, or
# quoting a passage that says nothing on their point; they must not come back.
REMOVED = (
    "new-drug",
    "esketamine-half-molecule",
    "anxiety-small-trials",
    "recreational-unmeasured",
    "no-abuse-potential",
    "for-treatment-resistant",
    "risk-free-in-clinic",
    "screening-misuse-risk",
    "synapses-animal-evidence",
    "ketamine-canada-regulator",
    "origin-anaesthetic",  # answers horse-tranquilliser
    "glutamate-hypothesis",  # the opposite of mechanism-uncertain
    "first-choice-treatment",  # answered by canmat-evidence
    "long-term-safety-known",  # answers decades-in-surgery
    "contraindications",  # answers past-substance-use
    "controlled-substance",  # answers canada-schedule
    "tolerance",  # answers tolerance-meaning
    "sedation-common",  # answers consciousness
    "blood-pressure-checks",  # now part of monitored-sessions
    "monitored-sessions",  # answered by consciousness; its checks are taught in esketamine-certified-settings
    "who-essential-anaesthetic",  # no passage bears on it; taught in horse-tranquilliser and who-against-control
)
# The help resources added for issue 19 (evidence notes, section 14), by the number or page a learner uses.
NEW_RESOURCES = {
    "Poison centre": "1-844-764-7669",
    "Centre antipoison du Québec": "1-800-463-5060",
    "Poison Help": "1-800-222-1222",
    "Never Use Alone": "1-800-484-3731",
    "Hope for Wellness Help Line": "1-855-242-3310",
    "Kids Help Phone": "1-800-668-6868",
    "Get help with substance use": "canada.ca/en/health-canada/services/substance-use.html",
}
# A statement framed as a research finding, which a test-wise learner may have learned to distrust.
RESEARCH_FRAMED = re.compile(r"\b(stud(y|ies)|trials?|research\w*|scientists?|proven|evidence)\b", re.IGNORECASE)
# A source names its title: a quoted title, or a document whose name is its title (a drug label or monograph,
# an Act, the WHO Model List). "US FDA, 2019" or "Smith et al., Journal, 2021" alone are not enough.
TITLED = re.compile(
    r'"[^"]{8,}"|prescribing information|Product Monograph|Model List of Essential Medicines|\bAct\b',
)
# How far a reflex may beat the better of always-myth and always-fact, and the score no reflex may reach.
REFLEX_MARGIN = 0.15
REFLEX_CEILING = 0.65
# What always distrusting ketamine may score over the whole bank, and within any tag a facilitator
# might play on its own (`play --tag addiction`) once the tag has enough statements to be a quiz.
DISTRUST_CEILING = 0.60
TAG_DISTRUST_CEILING = 0.65
TAG_BALANCE_MIN_STATEMENTS = 5
WORD = re.compile(r"[a-z][a-z'-]{3,}")
COMMON_WORDS = {"ketamine", "that", "this", "with", "from", "have", "their", "which", "about", "does", "also"}


def sentences(text: str) -> list[str]:
    return [normalise(part) for part in re.split(r"(?<=[.?!:])\s+", text) if part.strip()]


def by_id(question_id: str) -> Question:
    matches = [question for question in BANK.questions if question.id == question_id]
    assert matches, f"no statement '{question_id}'"
    return matches[0]


def all_sources() -> list[str]:
    return [source for q in BANK.questions if q.evidence for source in q.evidence.sources]


def share(questions: list[Question], verdict: Answer) -> float:
    return sum(question.answer is verdict for question in questions) / len(questions)


def cautious_credit(question: Question) -> float:
    """A learner who always distrusts ketamine: myth for a favourable statement, fact for an unfavourable one.

    A neutral statement gives that learner nothing to go on, so it counts as half right.
    """
    if question.leans is Leaning.NEUTRAL:
        return 0.5
    distrusting = Answer.MYTH if question.leans is Leaning.FAVOURABLE else Answer.FACT
    return float(question.answer is distrusting)


def stems(text: str) -> set[str]:
    """The content words of a text, roughly stemmed, for telling whether two texts talk about the same thing."""
    words = set(WORD.findall(text.lower())) - COMMON_WORDS
    return {re.sub(r"(ies|es|s|ed|ing)$", "", word) for word in words}


def test_the_package_ships_the_same_bank() -> None:
    shipped = load_bank()
    assert (shipped.title, shipped.source, shipped.questions) == (BANK.title, BANK.source, BANK.questions)
    assert (shipped.reviewed, shipped.resources) == (BANK.reviewed, BANK.resources)


def test_at_least_32_statements_with_unique_ids() -> None:
    ids = [question.id for question in BANK.questions]
    assert len(ids) >= 32
    assert len(set(ids)) == len(ids)


def test_between_40_and_60_percent_are_myths() -> None:
    myths = sum(question.answer is Answer.MYTH for question in BANK.questions)
    assert 0.4 <= myths / len(BANK.questions) <= 0.6


def test_the_source_is_the_article_verbatim_and_says_what_it_is() -> None:
    assert normalise(BANK.source.text) == normalise(ARTICLE_COPY.read_text(encoding="utf-8"))
    assert "promotional" in BANK.source.title and "clinic" in BANK.source.title


def test_the_article_copy_matches_the_shared_article() -> None:
    if not SHARED_ARTICLE.exists():
        pytest.skip("no shared article beside this checkout; the copy in tests/data is used alone")
    assert ARTICLE_COPY.read_bytes() == SHARED_ARTICLE.read_bytes()


def test_the_bank_says_when_its_evidence_was_checked() -> None:
    assert BANK.reviewed is not None
    assert date.fromisoformat(BANK.reviewed) >= date(2026, 12, 1)


def test_the_bank_says_where_to_get_help() -> None:
    contacts = {resource.name: resource.contact for resource in BANK.resources}
    assert "9-8-8" in contacts["9-8-8 Suicide Crisis Helpline"]
    assert "1-888-688-6677" in contacts["National Overdose Response Service (NORS)"]
    assert "988" in contacts["988 Suicide & Crisis Lifeline"]
    assert "1-800-662-4357" in contacts["SAMHSA National Helpline"]
    assert any("911" in contact for contact in contacts.values())
    for resource in BANK.resources:
        assert resource.region, resource.name


def test_every_statement_resource_and_the_title_are_in_french_too() -> None:
    assert BANK.languages == ("en", "fr")
    assert dict(BANK.title_translations)["fr"] == "Thérapie à la kétamine\u00a0: mythe ou fait\u202f?"
    for question in BANK.questions:
        french = dict(question.translations).get("fr")
        assert french is not None, question.id
        assert (french.note is None) == (question.evidence is None), question.id
        assert french.passage, f"{question.id}: the passage has a translation to show beside it"
    for resource in BANK.resources:
        french_resource = dict(resource.translations).get("fr")
        assert french_resource is not None, resource.name
        assert bool(french_resource.details) == bool(resource.details), resource.name


# What each French text was translated from: a digest of its English as it was when the French was
# written. An English text changed since must have its French checked against it, and then its new
# digest recorded here (the failure prints it), so that no French text goes on saying what the
# English no longer does: validate cannot tell a stale translation from a fresh one.
FRENCH_MADE_FROM = ROOT / "tests" / "data" / "french-made-from.json"


def english_digests(bank: Bank) -> dict[str, str]:
    def digest(*texts: str | None) -> str:
        return hashlib.sha256(json.dumps(texts, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]

    found = {"title": digest(bank.title)}
    for resource in bank.resources:
        found[f"resource {resource.name}"] = digest(resource.name, resource.region, resource.contact, resource.details)
    for question in bank.questions:
        note = question.evidence.note if question.evidence else None
        found[f"question {question.id}"] = digest(question.statement, question.explanation, question.passage, note)
    return found


def test_every_french_text_was_translated_from_the_english_as_it_now_is() -> None:
    recorded = json.loads(FRENCH_MADE_FROM.read_text(encoding="utf-8"))
    current = english_digests(BANK)
    changed = {key: value for key, value in current.items() if recorded.get(key) != value}
    assert not changed, (
        f"the English of {', '.join(changed)} changed after its French was written: bring the French up to "
        f"date, then record in {FRENCH_MADE_FROM.name}: {json.dumps(changed, ensure_ascii=False)}"
    )
    assert sorted(recorded) == sorted(current), "one entry for each text the bank translates"


def test_the_french_keeps_every_figure_and_phone_number() -> None:
    """Translated, 1,148 is written 1 148 and 0.5 is 0,5: the digits stay the same."""
    for question in BANK.questions:
        french = dict(question.translations)["fr"]
        pairs = [(question.statement, french.statement), (question.explanation, french.explanation)]
        if question.evidence is not None:
            pairs.append((question.evidence.note, french.note or ""))
        for english, translated in pairs:
            assert set(re.findall(r"\d+", english)) == set(re.findall(r"\d+", translated)), question.id
    for resource in BANK.resources:
        french_resource = dict(resource.translations)["fr"]
        numbers = [
            {part for part, number in wording.number_spans(text) if number}
            for text in (resource.contact, french_resource.contact)
        ]
        assert numbers[0] == numbers[1], resource.name


@pytest.mark.parametrize(("name", "number"), sorted(NEW_RESOURCES.items()))
def test_the_bank_lists_poison_centres_and_more_places_to_get_help(name: str, number: str) -> None:
    contacts = {resource.name: resource.contact for resource in BANK.resources}
    assert name in contacts, sorted(contacts)
    assert number in " ".join(contacts[name].split()), contacts[name]


def test_every_passage_is_one_whole_sentence_of_the_source() -> None:
    source = sentences(BANK.source.text)
    for question in BANK.questions:
        assert normalise(question.passage) in source, question.id


def test_a_sentence_is_shared_by_at_most_three_statements() -> None:
    counts: dict[str, list[str]] = {}
    for question in BANK.questions:
        counts.setdefault(normalise(question.passage), []).append(question.id)
    for ids in counts.values():
        assert len(ids) <= 3, ids


def test_every_substantive_paragraph_is_quoted() -> None:
    paragraphs = BANK.source.text.splitlines()
    for number in SUBSTANTIVE_PARAGRAPHS:
        paragraph = normalise(paragraphs[number - 1])
        assert any(normalise(q.passage) in paragraph for q in BANK.questions), f"paragraph {number} is not quoted"


def test_every_question_says_how_its_passage_bears_on_the_verdict() -> None:
    for question in BANK.questions:
        assert isinstance(question.passage_role, PassageRole), question.id
    roles = {question.passage_role for question in BANK.questions}
    assert roles == {PassageRole.SUPPORTS, PassageRole.OVERCLAIM}


def test_every_tag_is_from_the_documented_vocabulary() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for tag in VOCABULARY:
        assert f"| `{tag}` |" in readme
    for question in BANK.questions:
        assert question.tags, f"{question.id} has no tag"
        assert set(question.tags) <= VOCABULARY, question.id


def test_every_statement_carries_sourced_evidence() -> None:
    for question in BANK.questions:
        assert question.evidence is not None, question.id
        assert question.evidence.sources, question.id


def test_every_passage_about_safety_risk_or_addiction_carries_sourced_evidence() -> None:
    for question in BANK.questions:
        if RISK_WORDS.search(question.passage):
            assert question.evidence is not None, question.id
            assert question.evidence.sources, question.id


def test_explanations_are_not_copies_of_the_passage() -> None:
    for question in BANK.questions:
        assert normalise(question.passage) not in normalise(question.explanation), question.id


def test_explanations_lead_with_the_science() -> None:
    for question in BANK.questions:
        explanation = question.explanation
        assert not explanation.startswith("The article"), question.id
        assert not re.match(r"[^.]*\bmyth", explanation, re.IGNORECASE), f"{question.id} opens with the myth"
        assert not re.search(r"\bquiz\b|this is a (fact|myth)|this statement", explanation, re.IGNORECASE), question.id


def test_a_myths_explanation_names_the_myth_once() -> None:
    wrong = [
        question.id
        for question in BANK.questions
        if question.answer is Answer.MYTH and len(re.findall(r"\bmyths?\b", question.explanation, re.IGNORECASE)) != 1
    ]
    assert not wrong


def test_a_facts_explanation_never_calls_anything_a_myth() -> None:
    # A learner who has just read "it is a FACT" is confused by "... is a myth" in the next line.
    wrong = [
        question.id
        for question in BANK.questions
        if question.answer is Answer.FACT and re.search(r"\bmyths?\b", question.explanation, re.IGNORECASE)
    ]
    assert not wrong


def test_no_sentence_is_said_twice_in_an_explanation_or_in_three_explanations() -> None:
    # Explanations are read aloud in a workshop: a repeated line, or one template for all, drones.
    seen: dict[str, list[str]] = {}
    for question in BANK.questions:
        own = sentences(question.explanation)
        assert len(own) == len(set(own)), question.id
        for sentence in own:
            seen.setdefault(sentence, []).append(question.id)
    assert not {sentence: ids for sentence, ids in seen.items() if len(ids) >= 3}


@pytest.mark.parametrize("question_id, verdict", sorted(REQUIRED_TOPICS.items()))
def test_each_required_topic_is_taught(question_id: str, verdict: Answer) -> None:
    question = by_id(question_id)
    assert question.answer is verdict
    assert question.evidence is not None and question.evidence.sources


@pytest.mark.parametrize(("question_id", "verdict"), sorted(ADDICTION_TOPICS.items()))
def test_each_addiction_topic_is_taught(question_id: str, verdict: Answer) -> None:
    question = by_id(question_id)
    assert question.answer is verdict
    assert "addiction" in question.tags
    assert question.evidence is not None and question.evidence.sources


def test_a_third_of_the_statements_and_at_least_12_are_about_addiction() -> None:
    about_addiction = [question.id for question in BANK.questions if "addiction" in question.tags]
    assert len(about_addiction) >= max(12, len(BANK.questions) / 3), about_addiction


@pytest.mark.parametrize("question_id", REMOVED)
def test_giveaways_and_duplicates_stay_out(question_id: str) -> None:
    assert question_id not in {question.id for question in BANK.questions}


def test_every_statement_says_which_way_it_leans() -> None:
    assert not [question.id for question in BANK.questions if question.leans is None]


def test_always_distrusting_ketamine_scores_at_most_60_percent() -> None:
    score = sum(cautious_credit(question) for question in BANK.questions) / len(BANK.questions)
    lucky = [question.id for question in BANK.questions if cautious_credit(question) == 1]
    assert score <= DISTRUST_CEILING, f"{score:.0%}, right without reading on {lucky}"


def test_always_distrusting_ketamine_scores_at_most_65_percent_within_each_tag() -> None:
    # A facilitator often plays one tag: a bank balanced overall can still reward distrust within it.
    by_tag: dict[str, list[Question]] = {}
    for question in BANK.questions:
        for tag in question.tags:
            by_tag.setdefault(tag, []).append(question)
    scores = {
        tag: sum(cautious_credit(question) for question in questions) / len(questions)
        for tag, questions in sorted(by_tag.items())
        if len(questions) >= TAG_BALANCE_MIN_STATEMENTS
    }
    assert scores, f"no tag has {TAG_BALANCE_MIN_STATEMENTS} statements"
    too_high = {
        tag: f"{score:.0%} of {len(by_tag[tag])}" for tag, score in scores.items() if score > TAG_DISTRUST_CEILING
    }
    assert not too_high, f"always distrusting ketamine scores more than {TAG_DISTRUST_CEILING:.0%} in {too_high}"


def test_at_least_six_myths_overstate_harm() -> None:
    harm_myths = [
        question.id
        for question in BANK.questions
        if question.answer is Answer.MYTH and question.leans is Leaning.UNFAVOURABLE
    ]
    assert len(harm_myths) >= 6, harm_myths


def test_research_framed_statements_are_not_all_myths_nor_all_facts() -> None:
    framed = [question for question in BANK.questions if RESEARCH_FRAMED.search(question.statement)]
    verdicts = {question.answer for question in framed}
    assert verdicts == {Answer.MYTH, Answer.FACT}, [(question.id, question.answer.value) for question in framed]


def test_every_tag_has_myths_and_facts() -> None:
    verdicts: dict[str, set[Answer]] = {}
    for question in BANK.questions:
        for tag in question.tags:
            verdicts.setdefault(tag, set()).add(question.answer)
    assert not [tag for tag, found in verdicts.items() if len(found) < 2]


def reflexes() -> dict[str, Callable[[Question], Answer]]:
    """Ways to answer without reading carefully, each of which the bank must defeat."""
    median = statistics.median(len(question.statement) for question in BANK.questions)

    def when(condition: bool, then: Answer) -> Answer:
        return then if condition else (Answer.FACT if then is Answer.MYTH else Answer.MYTH)

    return {
        "absolute word means myth": lambda q: when(bool(ABSOLUTE_WORDS.search(q.statement)), Answer.MYTH),
        "hedge means fact": lambda q: when(bool(HEDGE_WORDS.search(q.statement)), Answer.FACT),
        "the longer statement is the fact": lambda q: when(len(q.statement) > median, Answer.FACT),
        "research claims are myths": lambda q: when(bool(RESEARCH_FRAMED.search(q.statement)), Answer.MYTH),
        "always distrust ketamine": lambda q: when(q.leans is Leaning.FAVOURABLE, Answer.MYTH),
        "always trust ketamine": lambda q: when(q.leans is Leaning.FAVOURABLE, Answer.FACT),
    }


@pytest.mark.parametrize("reflex", sorted(reflexes()))
def test_no_reflex_beats_always_giving_one_answer(reflex: str) -> None:
    # Each reflex gives every statement a definite answer; a neutral one gets the reflex's other answer.
    guess = reflexes()[reflex]
    right = [question.id for question in BANK.questions if guess(question) is question.answer]
    score = len(right) / len(BANK.questions)
    one_answer = max(share(list(BANK.questions), Answer.MYTH), share(list(BANK.questions), Answer.FACT))
    assert score <= one_answer + REFLEX_MARGIN and score < REFLEX_CEILING, f"{score:.0%}: {right}"


def test_every_evidence_source_has_a_title() -> None:
    untitled = [
        (question.id, source)
        for question in BANK.questions
        if question.evidence
        for source in question.evidence.sources
        if not TITLED.search(source)
    ]
    assert not untitled


def test_no_two_statements_share_a_passage_and_a_verdict() -> None:
    # Two myths (or two facts) resting on one sentence tell a learner nothing new about the article.
    seen: dict[tuple[str, Answer], list[str]] = {}
    for question in BANK.questions:
        seen.setdefault((normalise(question.passage), question.answer), []).append(question.id)
    assert not [ids for ids in seen.values() if len(ids) > 1]


def test_every_passage_shares_words_with_what_it_is_quoted_for() -> None:
    # A passage bears on its statement, or the explanation says what the article leaves out, in its words.
    unrelated = [
        question.id
        for question in BANK.questions
        if len(stems(question.passage) & stems(f"{question.statement} {question.explanation}")) < 2
    ]
    assert not unrelated


@pytest.mark.parametrize("cue", [ABSOLUTE_WORDS, HEDGE_WORDS], ids=["absolute", "hedge"])
def test_cue_words_do_not_give_the_verdict_away(cue: re.Pattern[str]) -> None:
    myths = sum(bool(cue.search(q.statement)) for q in BANK.questions if q.answer is Answer.MYTH)
    facts = sum(bool(cue.search(q.statement)) for q in BANK.questions if q.answer is Answer.FACT)
    assert abs(myths - facts) <= 2, f"{myths} myths and {facts} facts use such words"


def test_no_statement_is_a_negative() -> None:
    for question in BANK.questions:
        assert not NEGATIVES.search(question.statement), question.id


def test_language_about_substance_use_is_person_first() -> None:
    for question in BANK.questions:
        texts = [question.statement, question.explanation]
        if question.evidence:
            texts.append(question.evidence.note)
        for text in texts:
            assert not STIGMATISING.search(text), f"{question.id}: {STIGMATISING.search(text)}"


def test_no_source_is_unconfirmable_or_misattributed() -> None:
    for source in all_sources():
        assert "SOR/2005-270" not in source, source
        # The 24th WHO list exists, but ketamine's entry in it has not been read.
        assert "24th list" not in source, source
        # The product monograph is the maker's document, not Health Canada's.
        assert not ("Health Canada" in source and "monograph" in source), source
        assert not source.rstrip(" .").lower().endswith("updated"), source


def test_canadian_scheduling_is_cited_to_the_act() -> None:
    evidence = by_id("canada-schedule").evidence
    assert evidence is not None
    sources = evidence.sources
    assert any("Controlled Drugs and Substances Act" in s and "Schedule I" in s and "item 14" in s for s in sources)


def test_label_sections_are_cited_by_name_and_the_revision_plainly() -> None:
    for source in all_sources():
        if "prescribing information" in source:
            assert not re.search(r"\bsections?\s+\d|\b\d+\.\d+\b", source), source
        if "Spravato" in source and "prescribing information" in source:
            # The current revision, named by its date; the first (March 2019) only for text read there alone.
            assert "revision of March 2026" in source or "revision of March 2019" in source, source
        if "Spravato" in source and ("prescribing information" in source or "REMS" in source):
            assert "first approved" not in source, source
        if "Ketalar" in source:
            # Only Henry Schein's relabel was read with its revision date; Par's own label was read in
            # DrugCentral's copy, and its revision is not known (evidence notes, 11.5 and 13.2).
            relabelled = "as relabelled by Henry Schein, revised 10/2024" in source
            assert relabelled or ("DrugCentral" in source and "revised" not in source), source
        if "Hospira" in source:
            # Read on a web page that shows no revision date: its latest change, and when it was read.
            assert "7/2022" in source and "accessed" in source, source


def test_esketamine_is_taught_as_one_of_two_mirror_image_forms_not_half_a_molecule() -> None:
    approved = by_id("esketamine-approved")
    assert approved.evidence is not None
    assert "mirror-image" in approved.evidence.note and "half" not in approved.evidence.note
    assert "August 2020" in approved.evidence.note and "January 2025" in approved.evidence.note
    assert all("half of the ketamine molecule" not in q.explanation for q in BANK.questions)


def test_harms_are_not_taught_as_confined_to_heavy_use() -> None:
    for question_id in ("heavy-use-harms", "supervised-liver-injury"):
        text = by_id(question_id).explanation
        assert "not to supervised treatment" not in text
        assert re.search(r"medical (use|care)|supervised", text), question_id


@pytest.mark.parametrize(
    "claim",
    ["not considered addictive", "virtually eliminated", "free from addiction risks", "non-addictive"],
)
def test_each_addiction_claim_of_the_article_is_answered_as_an_overclaim(claim: str) -> None:
    quoting = [q for q in BANK.questions if claim in normalise(q.passage)]
    assert quoting, f"no statement quotes '{claim}'"
    for question in quoting:
        assert question.passage_role is PassageRole.OVERCLAIM, question.id
        assert question.evidence is not None, question.id
    assert any(q.answer is Answer.MYTH for q in BANK.questions if "addictive" in normalise(q.passage))
