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

if TYPE_CHECKING:
    from ketaquiz.model import Bank
    from ketaquiz.quiz import Room

DEFAULT_PORT = 8765
DEFAULT_HOST = "0.0.0.0"  # every network: phones reach the computer at its address on the room's Wi-Fi
INSTALL_HINT = "--live needs the 'live' extra: in a clone, pip install '.[live]' (or pip install 'ketaquiz[live]')"


def missing() -> list[str]:
    """The packages --live needs that are not installed."""
    return [name for name in ("aiohttp", "segno") if importlib.util.find_spec(name) is None]


def require() -> None:
    """Refuse --live, saying what to install, where its packages are missing."""
    if missing():
        raise UsageProblem(INSTALL_HINT)


def room_for(
    bank: Bank,
    *,
    host: str | None,
    port: int | None,
    lock_after: int | None,
    phones_per_address: int | None,
    confidence: bool = False,
) -> AbstractContextManager[Room]:
    """The room's phones for the length of a workshop on `bank`, on `host` and `port` (every
    network and 8765 when not given); the server stops when the workshop ends. With `lock_after`,
    no new phone joins once a later statement opens; `phones_per_address` sizes the per-address
    flood guard; with `confidence`, each vote comes with how sure."""
    require()
    from ketaquiz.live.clients import PHONES_PER_ADDRESS, limits_for
    from ketaquiz.live.serving import live_room

    return live_room(
        host=host or DEFAULT_HOST,
        port=DEFAULT_PORT if port is None else port,
        title=wording.heading(bank),
        resources=bank.resources,
        limits=limits_for(phones_per_address or PHONES_PER_ADDRESS),
        lock_after=lock_after,
        confidence=confidence,
    )
