"""Exporters: the statements of a bank in the formats educators already use.

One module per format, each a pure function from a bank and its chosen
questions to the file's content. This registry names them and infers a format
from a file name; a format's module is imported only when it is used, so that
the packaging of QTI (zip, XML) costs nothing to the other formats.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Sequence

from ketaquiz.bank import Bank, Question
from ketaquiz.i18n import N_

Exporter = Callable[..., bytes]
"""A bank and its chosen questions to the file's content, in `languages`; a handout also takes `short_key`."""

# A binary format is never written to a terminal: it needs `-o FILE`.
BINARY = frozenset({"qti"})
# The formats printed for a room, with an answer key that can be short.
HANDOUTS = frozenset({"html", "markdown"})
# The formats that hold every language of a bank unless --lang names some: an LMS shows each learner
# theirs, a spreadsheet has a column for each, and JSON is the bank itself. A handout, printed for
# one room, holds the bank's first language unless --lang asks for more.
EVERY_LANGUAGE = frozenset({"gift", "csv", "json"})
# The formats that hold one language, and why: what --lang naming several is told.
ONE_LANGUAGE = {
    "qti": N_(
        "qti holds one language per package: Canvas's QTI 1.2 import reads one text per question, so export "
        "a package for each language (--lang en, then --lang fr)"
    ),
}
# The format that is the bank itself, with every language it has whatever --lang names.
WHOLE_BANK = frozenset({"json"})
EXTENSIONS = {
    ".gift": "gift",
    ".csv": "csv",
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".zip": "qti",
    ".html": "html",
    ".htm": "html",
}


def _exporter(module_name: str) -> Exporter:
    def export(bank: Bank, questions: Sequence[Question], **options: object) -> bytes:
        module = importlib.import_module(f"ketaquiz.export.{module_name}")
        data: str | bytes = module.export(bank, questions, **options)
        return data if isinstance(data, bytes) else data.encode("utf-8")

    return export


FORMATS: dict[str, Exporter] = {name: _exporter(name) for name in ("gift", "csv", "markdown", "json", "qti", "html")}


def format_of(name: str | None, output: str | None) -> str | None:
    """The format asked for, or else the one the output file's extension names; None if neither says."""
    if name is not None:
        return name.lower()
    return EXTENSIONS.get(os.path.splitext(output or "")[1].lower())
