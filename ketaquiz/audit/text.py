"""Reading a bank's text as the checks need it: sentences, words, and the words that carry content."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# The short words of English that carry no content of their own: two texts sharing them share nothing.
_STOPWORDS = """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each either few for from further
    had has have having he her here hers herself him himself his how i if in into is it its itself just
    may me might more most must my myself no nor not now of off on once one only or other our ours out
    over own same she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who whom
    why will with would yet you your yours"""
STOPWORDS = frozenset(_STOPWORDS.split())


def sentences(text: str) -> list[str]:
    return [sentence for sentence in _SENTENCE_END.split(" ".join(text.split())) if sentence]


def words(text: str) -> list[str]:
    """The words of `text` in lower case, without punctuation (hyphenated words come apart)."""
    return _WORD.findall(text.lower())


def content_keys(text: str) -> set[str]:
    """The words that carry content, each cut to its first five letters so that a word's forms meet
    (addiction, addictive; supervised, supervision) and British and American spellings fold together
    (anaesthetic, anesthetic)."""
    return {_key(word) for word in words(text) if word not in STOPWORDS and len(word) > 2}


def _key(word: str) -> str:
    word = word.replace("ae", "e").replace("’", "'").split("'")[0]
    return word[:5] if len(word) >= 5 else word.rstrip("s")
