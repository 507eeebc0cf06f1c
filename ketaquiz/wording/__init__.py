"""Every phrase that more than one surface shows, as plain strings: no Rich, no HTML.

The terminal's screens, the exports and handouts, the phone page and the save file all
take these words from here, so a wording is changed in one place. Each is worded in the
language in use when it is asked for (`ketaquiz.i18n`): a phrase is a function, never a
constant, so that a screen, a handout in the bank's language and each phone in its own
language all find the words they speak.
"""

from __future__ import annotations

import re

from ketaquiz.i18n import _, ngettext, number, pgettext, speaking
from ketaquiz.model import Answer, Bank, PassageRole, PassageTranslation, Resource
from ketaquiz.quiz import MOST_MARKS, Result, Score, marks


def help_heading() -> str:
    return _("If you are struggling or in crisis, help is available:")


def help_title() -> str:
    return _("Where to get help")


def evidence_heading() -> str:
    return _("What the wider evidence says")


def heading(bank: Bank) -> str:
    """What a bank is called wherever it is shown: its title, or its source's."""
    return bank.title or bank.source.title


def verdict_word(answer: Answer) -> str:
    """The verdict as the projector and the tables show it: MYTH, FACT."""
    if answer is Answer.MYTH:
        # TRANSLATORS: a verdict, in capitals, as the projector shows it in large block letters.
        return pgettext("verdict, in capitals", "MYTH")
    return pgettext("verdict, in capitals", "FACT")


def verdict_name(answer: Answer) -> str:
    """The verdict as a word in a sentence's place: Myth, Fact."""
    if answer is Answer.MYTH:
        return pgettext("verdict, as a word on its own", "Myth")
    return pgettext("verdict, as a word on its own", "Fact")


def verdict_heading(answer: Answer, *, right: bool) -> str:
    """Above an explanation: whether the learner was right, and the verdict as {verdict}, which the
    screen fills in with `verdict_word` in the verdict's colour: "Right — it is a {verdict}"."""
    # TRANSLATORS: {verdict} is the verdict in capitals (MYTH or FACT); the context says which it is.
    if right:
        if answer is Answer.MYTH:
            return pgettext("the verdict is myth", "Right — it is a {verdict}")
        return pgettext("the verdict is fact", "Right — it is a {verdict}")
    if answer is Answer.MYTH:
        return pgettext("the verdict is myth", "Not quite — it is a {verdict}")
    return pgettext("the verdict is fact", "Not quite — it is a {verdict}")


def its_verdict(answer: Answer) -> str:
    """The verdict as a sentence, where a phone reveals it: "It's a myth"."""
    return _("It's a myth") if answer is Answer.MYTH else _("It's a fact")


def passage_heading(role: PassageRole | None) -> str:
    """How every view introduces the quoted passage, so a learner knows whether it backs the verdict."""
    if role is PassageRole.SUPPORTS:
        return _("The article says")
    if role is PassageRole.OVERCLAIM:
        return _("The article claims (more than the evidence supports)")
    return _("From the article")


def around(template: str, *fields: str) -> list[str]:
    """The words of a message around its `fields`, in order: "Page {page} of {pages}" around page
    and pages is "Page ", " of ", "": for a surface that puts its own things in their places."""
    parts = []
    for name in fields:
        before, _field, template = template.partition("{" + name + "}")
        parts.append(before)
    return [*parts, template]


def page_foot(template: str) -> str:
    """ "Page {page} of {pages}" as a printed page's CSS `content`, with the page counters in their places."""

    def css(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    before, between, after = around(template, "page", "pages")
    return f"{css(before)} counter(page) {css(between)} counter(pages) {css(after)}"


def labelled(heading: str) -> str:
    """A heading with its colon, as the language in use writes it: "The article says:", « L’article dit : »."""
    return _("{heading}:").format(heading=heading)


def quoted(passage: str) -> str:
    """A passage quoted in the quotation marks of the language in use: “…”, « … »."""
    # TRANSLATORS: a passage quoted from the article, in your language's quotation marks.
    return pgettext("a quotation", "“{passage}”").format(passage=passage)


# A passage's translation is labelled as one in its own language, with that language's quotation
# marks and spacing ("Traduction libre : « … »"), whatever the interface speaks, so that no one
# takes it for the source's words.


def translation_label(language: str) -> str:
    """What introduces a passage's translation, in its language: "Translation:", "Traduction libre :"."""
    with speaking(language):
        # TRANSLATORS: introduces a passage of the article translated into your language, by the bank's author.
        return pgettext("a passage's translation, labelled in its own language", "Translation:")


def translation_quoted(translation: PassageTranslation) -> str:
    """The translation in its language's quotation marks: « … » in French, “…” otherwise."""
    with speaking(translation.language):
        return quoted(translation.text)


def translation_line(translation: PassageTranslation) -> str:
    """A passage's translation, labelled: "Traduction libre : « … »"."""
    return f"{translation_label(translation.language)} {translation_quoted(translation)}"


def resource_name(resource: Resource) -> str:
    """The name and, where it serves one, the region: "9-8-8 Suicide Crisis Helpline (Canada)"."""
    if not resource.region:
        return resource.name
    # A name that ends in its own brackets ("… Service (NORS)") takes the region after a comma.
    return (
        f"{resource.name}, {resource.region}" if resource.name.endswith(")") else f"{resource.name} ({resource.region})"
    )


def resource_reach(resource: Resource, *, brief: bool = False) -> str:
    """The contact, then the details unless `brief` (a small screen's opening)."""
    parts = [resource.contact] if brief or not resource.details else [resource.contact, resource.details]
    return " ".join(sentence(part) for part in parts)


def resource_line(resource: Resource, *, brief: bool = False) -> str:
    """One place to get help, worded alike on screens, handouts and phones."""
    return named(resource_name(resource), resource_reach(resource, brief=brief))


def named(name: str, text: str) -> str:
    """A name, then what it names after a colon, as the language writes it: "Name: text", « Nom : texte »."""
    # TRANSLATORS: a label, then what it labels ("9-8-8 Helpline: Call or text 9-8-8.").
    return pgettext("a label and what it labels", "{name}: {text}").format(name=name, text=text)


def sentence(text: str) -> str:
    """A phrase ended as a sentence, with a full stop unless it has its own."""
    return text if text.endswith((".", "!", "?")) else text + "."


# A phone number as help resources write them: 1-844-764-7669, 9-8-8, 988, 911. Wherever a number is
# shown it must not break across lines, and where it can be tapped it dials.
_PHONE_NUMBER = re.compile(r"(?<![\w-])(?:1-)?\d{3}-\d{3}-\d{4}(?![\w-])|(?<![\w-])(?:9-8-8|988|911)(?![\w-])")


def phone_parts(text: str) -> list[tuple[str, str | None]]:
    """`text` in pieces, each phone number with the `tel:` address that dials it, the rest with None."""
    parts: list[tuple[str, str | None]] = []
    start = 0
    for match in _PHONE_NUMBER.finditer(text):
        if match.start() > start:
            parts.append((text[start : match.start()], None))
        parts.append((match.group(), "tel:" + match.group().replace("-", "")))
        start = match.end()
    if start < len(text):
        parts.append((text[start:], None))
    return parts


def more() -> str:
    """Under a screen with more to show than fits: the terminal's learner and projector both say it."""
    return _("Enter shows the rest")


def page_number(number: int, count: int) -> str:
    """Where the reader is in a screen's pages, so they know how much is left: 1/3."""
    return f"{number}/{count}"


# A phone number spelled with letters, as help lines print them beside the digits: 1-800-662-HELP.
_SPELLED_NUMBER = re.compile(r"(?<![\w-])(?:1-)?\d{3}-[0-9A-Z]{3}-[0-9A-Z]{4}(?![\w-])")


def number_spans(text: str) -> list[tuple[str, bool]]:
    """`text` in pieces, each phone number (in digits, or spelled with letters) marked True: a number
    must never break across lines, at its hyphens or anywhere else."""
    spans: list[tuple[str, bool]] = []
    start = 0
    for match in sorted([*_PHONE_NUMBER.finditer(text), *_SPELLED_NUMBER.finditer(text)], key=lambda m: m.start()):
        if match.start() < start:
            continue  # the same number, found by both patterns
        if match.start() > start:
            spans.append((text[start : match.start()], False))
        spans.append((match.group(), True))
        start = match.end()
    if start < len(text):
        spans.append((text[start:], False))
    return spans


def position(number: int, total: int) -> str:
    return _("Statement {number} of {total}").format(number=number, total=total)


def statements(count: int) -> str:
    """How many statements, as a phrase on its own: "1 statement", "10 statements"."""
    return ngettext("{count} statement", "{count} statements", count).format(count=number(count))


def statement_counts(bank: Bank) -> str:
    """How many statements a bank has, and of them how many myths and facts."""
    myths = sum(question.answer is Answer.MYTH for question in bank.questions)
    facts = len(bank.questions) - myths
    # TRANSLATORS: how many statements a bank has, then of them how many myths and facts.
    return _("{statements} ({myths}, {facts})").format(
        statements=statements(len(bank.questions)),
        myths=ngettext("{count} myth", "{count} myths", myths).format(count=number(myths)),
        facts=ngettext("{count} fact", "{count} facts", facts).format(count=number(facts)),
    )


def percent(share: float | None) -> str:
    if share is None:
        return "—"
    # TRANSLATORS: a whole percentage; French puts a no-break space before %.
    return pgettext("a percentage", "{number}%").format(number=round(share * 100))


def score(result: Score) -> str:
    """7/10 (70%): right of answered, and the share."""
    if not result.answered:
        return "0/0"
    return f"{result.right}/{result.answered} ({percent(result.right / result.answered)})"


def caption(bank: Bank, count: int) -> str:
    """Under a listing of a bank's statements: how many, from where, and when last reviewed."""
    if bank.reviewed:
        return ngettext(
            "{count} statement, drawn from: {source} · reviewed {date}",
            "{count} statements, drawn from: {source} · reviewed {date}",
            count,
        ).format(count=number(count), source=bank.source.title, date=bank.reviewed)
    return ngettext(
        "{count} statement, drawn from: {source}", "{count} statements, drawn from: {source}", count
    ).format(count=number(count), source=bank.source.title)


def reviewed_line(bank: Bank) -> str | None:
    if not bank.reviewed:
        return None
    return _("The evidence in these answers was last reviewed on {date}.").format(date=bank.reviewed)


# How sure: the learner's and the phones' second answer, and what was learnt from it.


def sure() -> str:
    return pgettext("how sure", "Sure")


def not_sure() -> str:
    return pgettext("how sure", "Not sure")


def how_sure() -> str:
    return _("How sure are you?")


def sure_and_wrong() -> str:
    """After a confident mistake: kind, and true to the research on confident errors (the hypercorrection effect)."""
    return _(
        "You were sure of this one. Many people are, and a confident mistake, once corrected, "
        "tends to be the one remembered best."
    )


def marks_line(result: Score) -> str:
    """The learner's certainty-based marks: "Marks: 9 of a possible 20"."""
    total = signed(result.marks) if result.marks < 0 else str(result.marks)
    return _("Marks: {marks} of a possible {most}").format(marks=total, most=MOST_MARKS * result.answered)


def signed(number: int) -> str:
    """A difference with its sign, a true minus as print sets it: +33, −3, 0."""
    return f"+{number}" if number > 0 else f"−{-number}" if number < 0 else "0"


def marks_scheme() -> str:
    return _("Marks: sure +2 right, −2 wrong; not sure +1 right, 0 wrong. Say sure only when you would bet on it.")


def marks_for(result: Result) -> str:
    """One answer's marks, with why: "+2 (sure, right)"."""
    given = signed(marks(result))
    if result.sure:
        if result.correct:
            return _("Marks: {marks} (sure, right)").format(marks=given)
        return _("Marks: {marks} (sure, wrong)").format(marks=given)
    if result.correct:
        return _("Marks: {marks} (not sure, right)").format(marks=given)
    return _("Marks: {marks} (not sure, wrong)").format(marks=given)
