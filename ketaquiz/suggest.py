""" "Did you mean …?": the nearest of the words a user could have meant, for every hint that offers one.

Each message that offers one is worded whole, with and without it, so that it translates whole."""

from __future__ import annotations

from collections.abc import Iterable


def closest(word: str, choices: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The choice nearest to `word`, if one is near enough to be worth suggesting."""
    import difflib  # only on a mistake: a command that goes right does without it

    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return matches[0] if matches else None
