"""The learner's and the workshop's screens in the user's language: `play`, `present` (printed, and
painted on a terminal), `stats` and the report in the pseudo-locale, where any English word left
untranslated shows up; and in French, as a francophone learner and a bilingual room meet them."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from ketaquiz import i18n
from ketaquiz.bank import Answer, PassageRole, load_bank, parse_bank
from ketaquiz.cli import cli
from ketaquiz.languages import shown_in
from tests.helpers import (
    BILINGUAL_BANK,
    GREEK_BANK,
    GREEK_NAMES,
    POT,
    Watched,
    WriteBank,
    assert_translated,
    in_terminal,
    play,
    pseudo,
    save_document,
    saved_session,
    saved_votes,
    visible_text,
    without_codes,
)

FRENCH_PO = POT.parent / "fr" / "LC_MESSAGES" / "ketaquiz.po"
# How the passage is introduced in French, by what it does for the verdict.
FRENCH_HEADINGS = {
    PassageRole.SUPPORTS: "L’article dit :",
    PassageRole.OVERCLAIM: "L’article affirme (plus que ce que les données appuient) :",
    None: "Tiré de l’article :",
}
NBSP, NNBSP = "\u00a0", "\u202f"
# The Greek bank's first statement's explanation, long enough to run over several pages.
LONG_GREEK_BANK = GREEK_BANK.replace(
    "explanation: Φτιάχτηκε το 1962 ως αναισθητικό.",
    "explanation: " + " ".join(["Φτιάχτηκε το 1962 ως αναισθητικό, για ανθρώπους και ζώα."] * 12),
)


@pytest.fixture
def greek_bank(write_bank: WriteBank) -> str:
    return write_bank(LONG_GREEK_BANK)


# In the pseudo-locale.


@pytest.mark.parametrize(
    "args",
    [["--marks"], ["--confidence", "--plain"]],
    ids=["marks", "how sure, plain"],
)
def test_play_is_all_in_the_pseudo_locale(
    pseudo_locale: Path, runner: CliRunner, greek_bank: str, args: list[str]
) -> None:
    # A near miss offered and taken, an empty reply, a reply that means nothing, how sure (and a
    # reply to that which means nothing), then quitting.
    replies = "myht\n\n\nvrai\nf\ns\nm\nx\nn\nm\n\nquit\n"
    shown = play(runner, ["--bank", greek_bank, "--in-order", *args], replies)
    assert shown.count("[!!") > 40
    assert_translated(shown, allowed=GREEK_NAMES)
    # A review of what was missed, and the learner's progress.
    review = play(runner, ["--bank", greek_bank, "--missed"], "f\nm\n")
    assert_translated(review, allowed=GREEK_NAMES)
    for stats in (["--all"], ["--plain"]):
        result = runner.invoke(cli, ["stats", "--bank", greek_bank, *stats])
        assert result.exit_code == 0 and result.output.count("[!!") > 8
        assert_translated(result.output, allowed=GREEK_NAMES)


def test_play_on_a_terminal_is_all_in_the_pseudo_locale(pseudo_locale: Path, greek_bank: str) -> None:
    """The opening with help behind a key, the verdict in pages, and the score, as a terminal shows them."""
    args = ["play", "--bank", greek_bank, "--in-order", "-n", "2", "--no-history"]
    with in_terminal(args, 40, 24) as (process, terminal, seen):
        screens = through(
            Watched(terminal, seen, 40, 24), terminal, lambda screen: b"h\r" if len(seen) < 3000 else b"m\r"
        )
        assert process.wait(timeout=10) == 0
    assert len(screens) >= 6
    assert_translated(" ".join(" ".join(screen) for screen in screens), allowed=GREEK_NAMES)


def test_present_printed_is_all_in_the_pseudo_locale(
    pseudo_locale: Path, runner: CliRunner, greek_bank: str, tmp_path: Path
) -> None:
    save = tmp_path / "workshop.json"
    args = ["present", "--bank", greek_bank, "--in-order", "--tally", "--recap", "--save", str(save)]
    # A tally that is not one, then votes at each reveal; the recap's votes, then Enter to its end.
    result = runner.invoke(cli, args, input="trois\n3 1\n" + "\n" * 6 + "1 2\n" * 3 + "\n" * 40)
    assert result.exit_code == 0, result.output
    assert result.output.count("[!!") > 60
    assert_translated(result.output, allowed=GREEK_NAMES)
    # Without a recap, stopped before the end: the room's summary, most misunderstood first.
    args = ["present", "--bank", greek_bank, "--in-order", "--tally"]
    stopped = runner.invoke(cli, args, input="3 1\n" + "\n" * 4 + "q\n" + "\n" * 10)
    assert stopped.exit_code == 0 and stopped.output.count("[!!") > 20
    assert_translated(stopped.output, allowed=GREEK_NAMES)
    # Nothing revealed.
    nothing = runner.invoke(cli, args, input="q\n")
    assert nothing.exit_code == 0
    assert_translated(nothing.output, allowed=GREEK_NAMES)


def test_present_painted_is_all_in_the_pseudo_locale(pseudo_locale: Path, greek_bank: str) -> None:
    """The countdown, time up, the tally typed, pages, the recap and its summary, on the smallest screen."""
    args = ["present", "--bank", greek_bank, "--in-order", "-n", "2", "--timer", "1", "--tally", "--recap"]
    votes, counting = pseudo("Votes?"), pseudo("Discussion")
    with in_terminal(args, 50, 16) as (process, terminal, seen):

        def reply(screen: list[str]) -> bytes:
            bottom = " ".join(screen[-4:])
            if counting in bottom:
                return b""  # let the countdown run out
            return b"3 1\r" if votes in bottom else b"\r"

        screens = through(Watched(terminal, seen, 50, 16), terminal, reply)
        assert process.wait(timeout=10) == 0
    assert len(screens) > 8
    painted = without_codes(seen)  # every screen painted, the countdown's included
    for message in ("Discussion", "Time's up", "Enter for the recap", "Enter starts the recap"):
        assert pseudo(message) in painted, message
    assert_translated(painted, allowed=GREEK_NAMES)


def test_the_report_is_all_in_the_pseudo_locale(pseudo_locale: Path, runner: CliRunner, tmp_path: Path) -> None:
    """A workshop with a recap, stopped before its end and its recap cut short, phones voting in two
    languages: every sentence the page says of it."""
    bank = parse_bank(GREEK_BANK, "bank.yaml")
    first, second, third, _ = bank.questions
    phones = {"myth": 6, "fact": 4, "sure_myth": 2, "sure_fact": 1}
    results = [
        saved_votes(1, first, phones) | {"phone_languages": {"en": 7, "fr": 3}},
        saved_votes(2, second, {"myth": 8, "fact": 2}, {"myth": 3, "fact": 1}),
    ]
    recap = [saved_votes(1, second, {"myth": 9, "fact": 1}) | {"phone_languages": {"en": 6, "fr": 4}}]
    session = saved_session(results, recap, title=bank.title, statements=4)
    session["recap"]["statements"] = 2
    save = tmp_path / "workshop.json"
    save.write_text(save_document([session]), encoding="utf-8")
    result = runner.invoke(cli, ["report", str(save), "--format", "html"])
    assert result.exit_code == 0, result.output
    shown = visible_text(result.output)
    assert shown.count("[!!") > 40
    assert pseudo("Phone votes by language: {split}.").split("{")[0] in shown
    assert_translated(shown, allowed=[*GREEK_NAMES, third.id])


# In French.


def test_a_francophone_learner_meets_no_english_outside_the_quoted_article(runner: CliRunner) -> None:
    """The whole bundled bank played in French, some answers right and some wrong: every English word
    shown is in the quoted passages, the article's title or the sources' titles, as published."""
    bundled = load_bank(None, if_missing="")
    french = shown_in(bundled, "fr")
    replies = "".join("m\n" if number % 3 else "f\n" for number in range(len(french.questions)))
    # Wide, so that the table of statements missed keeps each statement on one line.
    shown = play(runner, ["--lang", "fr", "--in-order", "--no-history"], replies, env={"COLUMNS": "250"})
    said = squeezed(shown)
    after = 0  # the questions come in order, and several quote one passage
    for question in french.questions:
        # The passage in the article's words, introduced in French; its translation after it, labelled.
        quoted = f"« {question.passage} » — {bundled.source.title}"
        if question.passage_translation is not None:
            quoted += f" Traduction libre : « {question.passage_translation.text} »"
        found = said.find(squeezed(quoted), after)
        assert found >= 0, question.id
        assert FRENCH_HEADINGS[question.passage_role] in said[found - 120 : found], question.id
        after = found + len(squeezed(quoted))
    assert sum(question.passage_translation is not None for question in french.questions) > 40
    # Take away what a francophone learner is meant to read in the article's language, and the bank's
    # French itself: what is left is ketaquiz's own words, in which no English word may be.
    read: list[str] = [bundled.source.title, french.title or ""]
    for question in french.questions:
        read += [question.statement, question.explanation, question.passage]
        if question.passage_translation is not None:
            read.append(question.passage_translation.text)
        if question.evidence is not None:
            read += [question.evidence.note, *question.evidence.sources]
    for resource in french.resources:
        read += [resource.name, resource.region or "", resource.contact, resource.details or ""]
    left = without(said, read)
    assert "Résultat : " in left and "Énoncé 44 sur 44" in left
    assert_no_english_in(left)


def test_typed_french_replies_and_a_near_miss_in_french(runner: CliRunner) -> None:
    bundled = shown_in(load_bank(None, if_missing=""), "fr")
    answers = [question.answer for question in bundled.questions[:6]]
    # mythe, m, fait, f; a near miss of mythe, accepted with oui; a reply that means nothing; quitter.
    replies = "mythe\nm\nfait\nf\nmytthe\noui\nvrai\nquitter\n"
    shown = play(runner, ["--lang", "fr", "--in-order", "-n", "6", "--no-history"], replies, env={"COLUMNS": "100"})
    given = [Answer.MYTH, Answer.MYTH, Answer.FACT, Answer.FACT, Answer.MYTH]
    right = sum(answer is meant for answer, meant in zip(given, answers, strict=False))
    assert shown.count("✔ Bonne réponse — c’est un") == right
    assert shown.count("✘ Pas tout à fait — c’est un") == 5 - right
    assert "Répondre mythe ? [O/n]" in shown.replace(NBSP, " ").replace(NNBSP, " ")
    assert "Tapez m pour mythe ou f pour fait (q pour quitter)." in shown
    last = [line for line in shown.splitlines() if line.strip()][-1]
    assert last.startswith(f"Résultat{NBSP}: {right}/5") and last.endswith("arrêté après 5 des 6 énoncés"), last


def test_typed_french_replies_in_a_workshop(runner: CliRunner, write_bank: WriteBank) -> None:
    args = ["present", "--bank", write_bank(BILINGUAL_BANK), "--lang", "fr", "--in-order", "--tally"]
    result = runner.invoke(cli, args, input="trois un\n3 1\n\nquitter\n\n\n")
    assert result.exit_code == 0, result.output
    said = squeezed(result.output)
    assert "Tapez deux nombres, les votes pour mythe puis pour fait (comme 12 5), ou simplement Entrée." in said
    assert "Le groupe : 3 mythe · 1 fait — 25 % de bonnes réponses" in said
    assert "Énoncés révélés : 1 sur 3" in said, "quitter ended the workshop at the second statement"


def test_quitter_ends_a_painted_workshop(write_bank: WriteBank) -> None:
    args = ["present", "--bank", write_bank(BILINGUAL_BANK), "--lang", "fr", "--in-order"]
    with in_terminal(args, 60, 20) as (process, terminal, seen):
        watched = Watched(terminal, seen, 60, 20)
        assert any("Entrée pour commencer" in line for line in watched.changed(None) or [])
        os.write(terminal, b"\r")
        statement = watched.changed(None) or []
        assert any("La kétamine a d’abord été mise au point" in line for line in statement), statement
        os.write(terminal, b"Quitter")
        typed = watched.changed(statement) or []
        assert typed[-1].endswith("Quitter▌"), typed
        os.write(terminal, b"\r")
        while watched.changed(typed) is not None:
            pass
        assert process.wait(timeout=10) == 0
    assert "L’atelier a pris fin avant qu’un énoncé soit révélé." in squeezed(" ".join(watched.lines()))


def test_stats_in_french(runner: CliRunner, write_bank: WriteBank) -> None:
    """One statement seen, twice and missed twice: French counts agree with the count they give."""
    bank = write_bank(BILINGUAL_BANK)
    play(runner, ["--bank", bank, "--lang", "fr", "--in-order", "-n", "1"], "m\n")
    play(runner, ["--bank", bank, "--lang", "fr", "--in-order"], "m\nq\n")
    result = runner.invoke(cli, ["stats", "--bank", bank, "--lang", "fr", "--plain"])
    lines = result.output.replace(NBSP, " ").replace(NNBSP, " ").splitlines()
    assert re.fullmatch(r"Dernière séance : 0/1 \(0 %\) le [-0-9]+, partie complète, arrêtée après 1 sur 3", lines[3])
    assert lines[:3] + lines[4:] == [
        "Votre progression : Banque d’essai",
        "Énoncés vus : 1 sur 3",
        "Séances jouées : 2 (0 partie complète)",
        "Meilleure partie complète : aucune terminée pour l’instant",
        "",
        "Les plus souvent manqués :",
        "La kétamine a d’abord été mise au point comme anesthésique. — verdict : FAIT — manqués : 2 sur 2",
        "",
        "Exactitude par étiquette :",
        "history — bonnes réponses : 0/2 — exactitude : 0 %",
    ]
    # As a terminal shows it, in tables; the bank's tags are its own names, which --tag takes.
    shown = runner.invoke(cli, ["stats", "--bank", bank, "--lang", "fr"], env={"COLUMNS": "80"}).output
    assert "Étiquette   Bonnes réponses   Exactitude" in shown
    assert_no_english_in(shown, allowed=["history"])


# What these tests read and look for.


def through(watched: Watched, terminal: int, reply: Callable[[list[str]], bytes], most: int = 80) -> list[list[str]]:
    """Every screen a command shows on a terminal, each answered with the keys `reply` gives it, to its end."""
    screens: list[list[str]] = []
    shown: list[str] | None = None
    for _ in range(most):
        shown = watched.changed(shown)
        if shown is None:
            return screens
        screens.append(shown)
        os.write(terminal, reply(shown))
    raise AssertionError(f"still going after {most} screens: {screens[-1]}")


def squeezed(text: str) -> str:
    """Text as a reader follows it across lines and boxes: no borders, no bullets, single spaces."""
    text = re.sub(r"[│╭╮╰╯─•]", " ", text.replace(NBSP, " ").replace(NNBSP, " "))
    return " ".join(text.split())


def without(text: str, parts: list[str]) -> str:
    for part in sorted((squeezed(part) for part in parts if part.strip()), key=len, reverse=True):
        text = text.replace(part, " ")
    return text


def english_only_words() -> set[str]:
    """The words of ketaquiz's English messages that none of its French ones uses: in a French session,
    any of them is English left untranslated."""
    with FRENCH_PO.open("rb") as file:
        catalog = [message for message in read_po(file) if message.id]
    ids = [each for message in catalog for each in ([message.id] if isinstance(message.id, str) else message.id)]
    # A translation the same as its message is no evidence that its words are French too.
    strings = [
        each
        for message in catalog
        for each in ([message.string] if isinstance(message.string, str) else message.string or ())
        if each not in ids
    ]
    return words_of(ids) - words_of(strings)


def words_of(texts: Iterable[str]) -> set[str]:
    """The words of messages, in lower case, their {placeholders} left out."""
    return {word.lower() for text in texts for word in re.findall(r"[A-Za-z’']{2,}", re.sub(r"\{[^}]*\}", " ", text))}


def assert_no_english_in(text: str, *, allowed: Iterable[str] = ()) -> None:
    english = english_only_words() - set(allowed)
    found = [word for word in re.findall(r"[A-Za-z’']+", squeezed(text)) if word.lower() in english]
    assert not found, f"English in French: {found}\n{text}"


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    yield
    assert i18n.spoken() == "en", "a test left ketaquiz speaking another language"


# French is about a fifth longer than English: every screen must still fit the sizes the README names.

# The first statement's explanation, long in both languages, in numbered sentences: over several pages,
# each must be shown once, in order, whatever the size.
PAGED_BANK = BILINGUAL_BANK.replace(
    "explanation: It was made in 1962 as an anesthetic.",
    "explanation: " + " ".join(f"Sentence {number} of the explanation." for number in range(1, 25)),
).replace(
    "explanation: Elle a été fabriquée en 1962 comme anesthésique.",
    "explanation: " + " ".join(f"Phrase {number} de l’explication en français." for number in range(1, 25)),
)
assert PAGED_BANK.count("Sentence 24 ") == PAGED_BANK.count("Phrase 24 ") == 1


def box_of(screen: list[str]) -> list[str]:
    """The rows of the box on a screen, from its top border to its bottom one."""
    rows = [row.strip() for row in screen]
    top = next(number for number, row in enumerate(rows) if row.startswith("╭"))
    bottom = next(number for number, row in enumerate(rows) if row.startswith("╰") and number > top)
    return rows[top : bottom + 1]


def whole(box: list[str]) -> list[str]:
    """The box's lines inside its borders, once its title and every line are seen whole."""
    assert re.fullmatch(r"╭─+(?: \S.*\S ─+)?╮", box[0]), f"a title cut off: {box[0]}"
    assert all(row.startswith("│") and row.endswith("│") for row in box[1:-1]), box
    return [row[1:-1].strip() for row in box[1:-1]]


def reveal_pages(args: list[str], columns: int, rows: int, next_title: str) -> list[list[str]]:
    """The pages of the first statement's reveal in a workshop of `args`, on a terminal of this size,
    up to the next statement (titled `next_title`)."""
    with in_terminal(["present", *args, "--in-order", "--tally"], columns, rows) as (_, terminal, seen):
        watched = Watched(terminal, seen, columns, rows)
        shown = watched.changed(None)
        os.write(terminal, b"\r")
        shown = watched.changed(shown)
        os.write(terminal, b"3 9\r")
        pages = []
        while shown is not None and not any(next_title in row for row in shown):
            shown = watched.changed(shown)
            assert shown is not None
            if not any(next_title in row for row in shown):
                pages.append(box_of(shown))
                os.write(terminal, b"\r")
        os.write(terminal, b"q\r")
    return pages


@pytest.mark.parametrize(("columns", "rows"), [(80, 24), (50, 16)])
def test_a_stacked_projector_shows_both_languages_whole_at_the_readmes_sizes(
    write_bank: WriteBank, columns: int, rows: int
) -> None:
    """present --lang en,fr: the statement in both languages, the verdict once with both words, the
    room's votes in both, every sentence of both explanations once, and nothing cut off."""
    args = ["--bank", write_bank(PAGED_BANK), "--lang", "en,fr"]
    pages = reveal_pages(args, columns, rows, "Statement 2 of 3")
    inside = [whole(page) for page in pages]
    first = squeezed(" ".join(inside[0]))
    for said in (
        "Ketamine was first developed as an anesthetic. La kétamine a d’abord été mise au point comme anesthésique.",
        "FACT · FAIT",
        "The room: 3 myth · 9 fact — 75% right Le groupe : 3 mythe · 9 fait — 75 % de bonnes réponses",
    ):
        assert said in first, (said, inside[0])
    assert "Statement 1 of 3" in pages[0][0] and "FACT · FAIT" in pages[-1][0]
    if columns >= 80:  # where there is room, the position in both languages
        assert "Statement 1 of 3 · Énoncé 1 sur 3" in pages[0][0]
    every = squeezed(" ".join(" ".join(lines) for lines in inside))
    for number in range(1, 25):
        assert every.count(f"Sentence {number} of the explanation.") == 1, number
        assert every.count(f"Phrase {number} de l’explication en français.") == 1, number
    assert "« Mise au point à l’origine comme anesthésique »" in every


def test_french_pages_at_50x16_neither_repeat_nor_leave_out_a_line(write_bank: WriteBank) -> None:
    """The last page's prompt takes two lines in French at 50 columns: the page was laid out again for
    one row less, and repeated lines of the page before it."""
    pages = reveal_pages(["--bank", write_bank(PAGED_BANK), "--lang", "fr"], 50, 16, "Énoncé 2 sur 3")
    assert len(pages) >= 3
    inside = [whole(page) for page in pages]
    every = squeezed(" ".join(" ".join(lines) for lines in inside))
    sentences = re.findall(r"Phrase (\d+) de l’explication en français\.", every)
    assert sentences == [str(number) for number in range(1, 25)], every


@pytest.mark.parametrize(("columns", "rows"), [(80, 24), (60, 20), (40, 24)])
def test_french_play_keeps_every_title_whole_and_every_page_under_it(columns: int, rows: int) -> None:
    """At 60×20 the French prompt under a verdict's last page took two lines and pushed the page's
    title off the screen; at 40 columns titles were cut off."""
    bundled = load_bank(None, if_missing="")
    title = squeezed(shown_in(bundled, "fr").title or "")
    args = ["play", "--lang", "fr", "-n", "2", "--seed", "7", "--no-history"]
    with in_terminal(args, columns, rows) as (process, terminal, seen):
        watched = Watched(terminal, seen, columns, rows)
        screens = through(watched, terminal, lambda screen: b"m\r" if "Mythe ou fait" in screen[-1] else b"\r")
        assert process.wait(timeout=10) == 0
    assert title in squeezed(" ".join(screens[0])), "the bank's title, whole"
    if rows < 24 or columns < 60:  # no room for the list of where to get help: a key shows it
        assert "de l’aide existe — tapez a pour savoir où." in squeezed(" ".join(screens[0]))
    paged = [screen for screen in screens if "Entrée affiche la suite" in " ".join(screen[-2:])]
    assert paged, "the verdicts come in pages"
    for screen in screens:
        for number, row in enumerate(screen):
            if row.startswith("╭"):
                whole(box_of(screen[number:]))
    for screen in paged:
        assert any(re.match(r"╭─ [✔✘] ", row) for row in screen), screen
