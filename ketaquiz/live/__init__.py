"""Live voting for `ketaquiz present --live`: a local web page the room votes from on their phones.

Its rooms: the room's state (`room`), the participants' ids (`participants`), what each client
may ask (`clients`), the connections before any request (`connections`), how every answer is
dressed (`responses`), the web handlers (`handlers`), and serving them (`serving`). Imported only
when --live is given: it needs the optional extra `live` (aiohttp and segno).
"""

from __future__ import annotations

import importlib.util
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from ketaquiz import wording
from ketaquiz.errors import UsageProblem
from ketaquiz.i18n import N_, _

if TYPE_CHECKING:
    from ketaquiz.live.shown import Voice
    from ketaquiz.model import Bank
    from ketaquiz.votes import Room

DEFAULT_PORT = 8765
DEFAULT_HOST = "0.0.0.0"  # every network: phones reach the computer at its address on the room's Wi-Fi
INSTALL_HINT = N_("--live needs the 'live' extra: in a clone, pip install '.[live]' (or pip install 'ketaquiz[live]')")


def missing() -> list[str]:
    """The packages --live needs that are not installed."""
    return [name for name in ("aiohttp", "segno") if importlib.util.find_spec(name) is None]


def require() -> None:
    """Refuse --live, saying what to install, where its packages are missing."""
    if missing():
        raise UsageProblem(_(INSTALL_HINT))


def room_for(
    bank: Bank,
    *,
    host: str | None,
    port: int | None,
    lock_after: int | None,
    phones_per_address: int | None,
    confidence: bool = False,
    first: str | None = None,
) -> AbstractContextManager[Room]:
    """The room's phones for the length of a workshop on `bank`, on `host` and `port` (every
    network and 8765 when not given); the server stops when the workshop ends. Each phone sees the
    bank in the one of its languages it chooses, `first` (the facilitator's) unless its browser asks
    for another. With `lock_after`, no new phone joins once a later statement opens;
    `phones_per_address` sizes the per-address flood guard; with `confidence`, each vote comes with
    how sure."""
    require()
    from ketaquiz.live.clients import PHONES_PER_ADDRESS, limits_for
    from ketaquiz.live.serving import live_room

    return live_room(
        host=host or DEFAULT_HOST,
        port=DEFAULT_PORT if port is None else port,
        title=wording.heading(bank),
        resources=bank.resources,
        voices=voices(bank, first),
        limits=limits_for(phones_per_address or PHONES_PER_ADDRESS),
        lock_after=lock_after,
        confidence=confidence,
    )


def voices(bank: Bank, first: str | None = None) -> list[Voice]:
    """The room in each of the bank's languages, `first` first; none for a bank that does not name
    its language, whose room speaks the interface's."""
    from ketaquiz.languages import shown_in
    from ketaquiz.live.shown import Voice

    ordered = sorted(bank.languages, key=lambda language: language != first)
    views = [(language, shown_in(bank, language)) for language in ordered]
    source = bank.languages[0] if bank.languages else None
    return [
        Voice(
            language,
            wording.heading(view),
            view.resources,
            {question.id: question for question in view.questions},
            source_language=source,
        )
        for language, view in views
    ]
