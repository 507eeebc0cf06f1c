"""The question bank: its data model, and the entry point for reading and validating a bank file.

A bank is untrusted input written by hand. `load_bank` and `parse_bank` either
return a fully valid `Bank` or raise `BankError` listing every problem found,
each with the file, the line and the question it belongs to. The model is
defined in `ketaquiz.model` and the rules in `ketaquiz.checker` (imported only
when a bank is parsed); everything else imports them from here.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable

from ketaquiz.errors import KetaquizError
from ketaquiz.files import FileProblem, decode_text, read_text
from ketaquiz.i18n import N_, _
from ketaquiz.model import (
    Answer,
    Bank,
    Evidence,
    Leaning,
    PassageRole,
    PassageTranslation,
    Problem,
    Question,
    QuestionTranslation,
    Resource,
    Source,
    normalise,
)

# The model is defined below the checker and re-exported: the rest of ketaquiz imports it from here.
__all__ = [
    "MAX_BANK_BYTES",
    "MISSING_BANK_HINT",
    "Answer",
    "Bank",
    "BankError",
    "Evidence",
    "Leaning",
    "PassageRole",
    "PassageTranslation",
    "Problem",
    "Question",
    "QuestionTranslation",
    "Resource",
    "Source",
    "bundled_bank_path",
    "decode_bank_bytes",
    "load_bank",
    "normalise",
    "parse_bank",
    "read_bank_file",
    "tagged",
    "unknown_tags",
]

MAX_BANK_BYTES = 32 * 1024 * 1024
BUNDLED_NAME = "questions.yaml"


class BankError(KetaquizError):
    """A bank that cannot be used, with every problem found in it."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [problem.describe(self.path) for problem in self.problems]

    def reports(self) -> list[tuple[str, tuple[str, ...]]]:
        return [(problem.describe(self.path), problem.detail) for problem in self.problems]


def unknown_tags(questions: Iterable[Question], tags: Iterable[str]) -> list[str]:
    known = {tag for question in questions for tag in question.tags}
    return [tag for tag in tags if tag not in known]


def tagged(questions: Iterable[Question], tags: Iterable[str]) -> list[Question]:
    """The questions carrying any of `tags`; all of them when no tag is given."""
    wanted = set(tags)
    return [question for question in questions if not wanted or wanted.intersection(question.tags)]


MISSING_BANK_HINT = N_("check the path, or leave --bank out to use the bundled bank")


def read_bank_file(path: str, *, if_missing: str = MISSING_BANK_HINT) -> str:
    """Read a bank file as text, refusing what cannot be a bank before parsing it.

    `if_missing` is the advice given when there is no such file (marked for translation, translated
    here): it depends on how the path was named.
    """
    try:
        return read_text(path, limit=MAX_BANK_BYTES, what=_(_WHAT), if_missing=_(if_missing))
    except FileProblem as problem:
        raise BankError(path, [Problem(problem.message, problem.line)]) from None


def decode_bank_bytes(data: bytes, path: str) -> str:
    """A bank's bytes as text, or a BankError saying why they cannot be one."""
    try:
        return decode_text(data, path, what=_(_WHAT))
    except FileProblem as problem:
        raise BankError(path, [Problem(problem.message, problem.line)]) from None


_WHAT = N_("a bank")


def load_bank(path: str | None = None, *, if_missing: str = MISSING_BANK_HINT) -> Bank:
    """Load and validate the bank at `path`, or the bundled bank."""
    if path is None:
        path = bundled_bank_path()
    return parse_bank(read_bank_file(path, if_missing=if_missing), path)


def bundled_bank_path() -> str:
    """The bundled bank: inside an installed package, or at the top of a checkout."""
    # The build copies the bank beside this module; run from a checkout (or an
    # editable install) it is one folder up, at the top of the repository.
    # importlib.resources would find package data however a package is
    # installed, but importing it costs about 20 ms, a fifth of `ketaquiz list`,
    # so it is the last resort (for a package run from a zip file, say).
    package = os.path.dirname(os.path.abspath(__file__))
    for folder in (package, os.path.dirname(package)):
        candidate = os.path.join(folder, BUNDLED_NAME)
        if os.path.isfile(candidate):
            return candidate
    from importlib.resources import files

    return str(files("ketaquiz").joinpath(BUNDLED_NAME))


def parse_bank(text: str, path: str) -> Bank:
    """Validate bank text: a `Bank`, or a `BankError` listing every problem, in line order."""
    from ketaquiz.checker import check

    # Parsing makes a great many small objects and no reference cycles, so the
    # cyclic collector only rescans them, again and again: it doubled the time
    # of a 10,000-statement bank.
    collecting = gc.isenabled()
    gc.disable()
    try:
        bank, problems = check(text, path)
    finally:
        if collecting:
            gc.enable()
    if bank is None:
        raise BankError(path, problems)
    return bank
