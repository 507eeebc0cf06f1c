""" "Did you mean …?": the nearest of the words a user could have meant, for every hint that offers one."""

from __future__ import annotations

from collections.abc import Iterable


def closest(word: str, choices: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The choice nearest to `word`, if one is near enough to be worth suggesting."""
    import difflib  # only on a mistake: a command that goes right does without it

    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return matches[0] if matches else None


def did_you_mean(word: str, choices: Iterable[str], *, cutoff: float = 0.6) -> str:
    """ "did you mean 'x'? " (ready to go before the rest of a hint), or "" when nothing is near."""
    match = closest(word, choices, cutoff=cutoff)
    return f"did you mean '{match}'? " if match else ""
