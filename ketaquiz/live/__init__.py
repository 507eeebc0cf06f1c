"""Live voting for `ketaquiz present --live`: a local web page the room votes from on their phones.

Imported only when --live is given: it needs the optional extra `live` (aiohttp and segno).
"""

from __future__ import annotations

import importlib.util

INSTALL_HINT = "--live needs the 'live' extra: pip install 'ketaquiz[live]' (or, in a clone, pip install '.[live]')"


def missing() -> list[str]:
    """The packages --live needs that are not installed."""
    return [name for name in ("aiohttp", "segno") if importlib.util.find_spec(name) is None]
