"""The participant page in each of the room's languages: which language a phone is shown, the
page's own words in it, and the page with them.

A phone is shown the language it chose with the page's switch (a link, `?lang=fr`, remembered for
the workshop in a cookie), else the first of the room's languages its browser asks for
(`Accept-Language`), else the room's own, the facilitator's. Every request of that phone, its
event stream included, is then answered in that language.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Mapping, Sequence
from html import escape

from ketaquiz import wording
from ketaquiz.i18n import _, pgettext, speaking, spoken
from ketaquiz.languages import base, code_form
from ketaquiz.model import Answer

LANGUAGE_COOKIE = "ketaquiz-lang"
# More languages than a browser names in earnest: the rest of a long header is not read.
MOST_ASKED = 20
_WEIGHT = re.compile(r"(?:^|;)\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*(?:;|$)")


def matching(code: str, languages: Sequence[str]) -> str | None:
    """The one of `languages` that `code` names: itself, or the same language in another region
    (fr-ca finds fr, and fr finds fr-ca)."""
    form = code_form(code)
    if form is None:
        return None
    if form in languages:
        return form
    return next((language for language in languages if base(language) == base(form)), None)


def preferred(accept_language: str, languages: Sequence[str]) -> str | None:
    """The one of `languages` a browser's `Accept-Language` asks for first, by its weights; None
    when it asks for none of them."""
    asked: list[tuple[float, int, str]] = []
    for order, part in enumerate(accept_language.split(",")[:MOST_ASKED]):
        tag, _, parameters = part.strip().partition(";")
        weight = _WEIGHT.search(parameters)
        try:
            value = 1.0 if weight is None else float(weight.group(1))
        except ValueError:
            continue
        if value > 0 and tag.strip():
            asked.append((-value, order, tag.strip()))
    for _weight, _order, tag in sorted(asked):
        found = matching(tag, languages)
        if found is not None:
            return found
    return None


@functools.lru_cache(maxsize=1024)  # asked on every request, with the few values a room's phones send
def phone_language(
    languages: Sequence[str], *, asked: str | None, chosen: str | None, accept_language: str
) -> str | None:
    """The language a phone is shown: `asked` on the page's switch, else `chosen` before (its
    cookie), else its browser's, else the room's own; None in a room that names no language."""
    if not languages:
        return None
    for named in (asked, chosen):
        found = None if named is None else matching(named[:20], languages)
        if found is not None:
            return found
    return preferred(accept_language, languages) or languages[0]


def language_name(language: str) -> str:
    """A language's name in itself, as a switch offers it: English, Français."""
    with speaking(language):
        # TRANSLATORS: the name of your language, in your language, as a phone's language switch offers it.
        return pgettext("this language's name, in itself", "English")


def words(language: str | None, languages: Sequence[str]) -> dict[str, str]:
    """The page's own words in `language` (None: the interface's), each escaped for HTML."""
    with speaking(language):
        said = {
            "lang": language or spoken(),
            "page_title": _("Myth or fact? — live workshop"),
            "unreachable": _("Cannot reach the workshop."),
            "lost": _("The connection to the workshop was lost."),
            "retrying": _("Trying again in {seconds} s."),
            "retrying_now": _("Trying again now…"),
            "back": _("Back in the workshop."),
            "vote_lost": _("Your vote did not reach the workshop; check the network and try again."),
            "myth_or_fact": _("Myth or fact?"),
            "connecting": _("Connecting to the workshop…"),
            "needs_javascript": _("This page needs JavaScript to vote."),
            "you_are_in": _("You are in"),
            "first_statement": _("The first statement will appear here."),
            "myth": wording.verdict_name(Answer.MYTH),
            "fact": wording.verdict_name(Answer.FACT),
            "myth_chosen": _("Myth, chosen"),
            "fact_chosen": _("Fact, chosen"),
            "how_sure": wording.how_sure(),
            "sure": wording.sure(),
            "not_sure": wording.not_sure(),
            "sure_chosen": _("Sure, chosen"),
            "not_sure_chosen": _("Not sure, chosen"),
            "change_vote": _("You can change your vote until the reveal."),
            "join_vote": _("Join the vote"),
            "why": _("Why"),
            "wider_evidence": wording.evidence_heading(),
            "next_statement": _("The next statement will appear here."),
            "ended": _("The session has ended"),
            "before_after": _("Before and after the recap"),
            "how_room_did": _("How the room did"),
            "where_to_get_help": wording.help_title(),
            "thank_you": _("Thank you for taking part. You can close this page."),
            "languages": _("Language"),
        }
    escaped = {name: escape(text) for name, text in said.items()}
    escaped["switch"] = _switch(said["lang"], languages, label=escaped.pop("languages"))
    return escaped


def _switch(shown: str, languages: Sequence[str], *, label: str) -> str:
    """Links to the page in each of the room's other languages, each named in itself; nothing in a
    room of one language."""
    others = [language for language in languages if language != shown]
    if not others:
        return ""
    links = "".join(
        f'<li><a href="?lang={escape(language)}" lang="{escape(language)}" hreflang="{escape(language)}">'
        f"{escape(language_name(language))}</a></li>"
        for language in others
    )
    return f'<nav class="languages" aria-label="{label}"><ul>{links}</ul></nav>'


def render(template: str, said: Mapping[str, str]) -> bytes:
    """The page, its words filled in."""
    return string.Template(template).substitute(said).encode("utf-8")
