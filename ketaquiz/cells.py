"""Text bound for a spreadsheet: a cell that starts like a formula is kept as text, so that a
statement from a bank or a save file is shown, never run (CSV injection)."""

from __future__ import annotations

# Spreadsheets run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text
