"""Finding a passage in its source, and, when it is not there, the source's closest sentence with
the words that differ marked, so an author sees at once what to copy.

A bank is untrusted, and its size limit bounds only its bytes: the work done on it is bounded
too. Passages are looked for by scanning the source while the scans add up to little; then
through an index of where each word of the source is. The closest sentence is looked for among
the sentences sharing the passage's rarest words, and only for the first passages not found.
"""

from __future__ import annotations

import heapq
import re

from ketaquiz.i18n import _
from ketaquiz.model import normalise

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# Characters of source scanned in all, for every passage of a bank together (about a second at
# worst): the first half before the index is built, the rest for passages the index cannot find.
SCAN_BUDGET = 1_000_000_000
# A word found more often than this in the source is too common to find a passage by.
COMMON = 1_000
# How many passages not found get the closest sentence, and among how many candidates it is chosen.
HINTED_MISSES = 20
CANDIDATES = 40
# The words of a passage, and of a sentence, compared for the closest sentence; a sentence longer
# than this (a source without full stops) is compared piece by piece.
COMPARED_WORDS = 120


class Passages:
    """The source, normalised once, for finding passages and, when one is not found, its closest sentence."""

    def __init__(self, text: str) -> None:
        self.haystack = normalise(text)
        self._budget = SCAN_BUDGET
        self._found: dict[str, bool | None] = {}
        self._positions: dict[str, list[int]] | None = None
        self._sentences: list[str] | None = None
        self._postings: dict[str, list[int]] | None = None
        self._hinted = 0

    def find(self, wanted: str) -> bool | None:
        """Whether the normalised passage `wanted` is in the source; None when it cannot be told
        within bounds: a passage of one or two words, or of words the source is full of, once the
        source has been scanned as often as the budget allows."""
        if wanted not in self._found:
            if self._positions is None and self._budget - len(self.haystack) >= SCAN_BUDGET // 2:
                self._found[wanted] = self._scan(wanted)
            else:
                self._found[wanted] = self._look_up(wanted)
        return self._found[wanted]

    def _scan(self, wanted: str) -> bool | None:
        if self._budget < len(self.haystack):
            return None
        self._budget -= len(self.haystack)
        return wanted in self.haystack

    def _look_up(self, wanted: str) -> bool | None:
        """Through the index: the passage's rarest whole word (neither its first nor its last, which
        may be parts of words) says where it can start, and each of those places is compared."""
        positions = self._word_positions()
        words = wanted.split(" ")
        rarest: tuple[list[int], int] | None = None
        offset = len(words[0]) + 1
        for word in words[1:-1]:
            found = positions.get(word)
            if found is None:
                return False  # a whole word of the passage that the source never has
            if len(found) <= COMMON and (rarest is None or len(found) < len(rarest[0])):
                rarest = (found, offset)
            offset += len(word) + 1
        if rarest is None:
            return self._scan(wanted)
        starts, offset = rarest
        return any(self.haystack.startswith(wanted, start - offset) for start in starts if start >= offset)

    def _word_positions(self) -> dict[str, list[int]]:
        """Where each word of the source starts; for a common word, only its first places."""
        if self._positions is None:
            self._positions = {}
            at = 0
            for word in self.haystack.split(" "):
                found = self._positions.setdefault(word, [])
                if len(found) <= COMMON:
                    found.append(at)
                at += len(word) + 1
        return self._positions

    def closest(self, passage: str) -> tuple[str, ...]:
        """The sentence of the source nearest to `passage`, with the words that differ marked under it."""
        self._hinted += 1
        if self._hinted > HINTED_MISSES:
            if self._hinted > HINTED_MISSES + 1:
                return ()
            return (
                _("(The closest sentence is shown for the first {count} passages not found.)").format(
                    count=HINTED_MISSES
                ),
            )
        wanted = passage.split()[:COMPARED_WORDS]
        compared = (self._sentence_texts()[index].split() for index in self._candidates(wanted))
        best, span = max(
            ((sentence, _aligned(wanted, sentence)) for sentence in compared),
            key=lambda found: (found[1][0], -len(found[0])),
            default=([], (0, set())),
        )
        matched, marked = span
        if matched == 0:
            return (_("No sentence of the source shares a word with this passage: is it from another article?"),)
        return (_("The closest sentence of the source, with the words that differ marked:"), *_underlined(best, marked))

    def _sentence_texts(self) -> list[str]:
        """The source's sentences, as text (words only when compared: far less memory for a long source)."""
        if self._sentences is None:
            self._sentences = []
            for sentence in _SENTENCE_END.split(self.haystack):
                words = sentence.split(" ")
                self._sentences += (
                    [sentence]
                    if len(words) <= COMPARED_WORDS
                    else [" ".join(words[at : at + COMPARED_WORDS]) for at in range(0, len(words), COMPARED_WORDS)]
                )
        return self._sentences

    def _candidates(self, wanted: list[str]) -> list[int]:
        """The sentences to compare with `wanted`: all of a short source; of a long one, those
        sharing most of the passage's rarest words."""
        sentences = self._sentence_texts()
        if len(sentences) <= CANDIDATES:
            return list(range(len(sentences)))
        postings = self._sentence_postings()
        rarest = sorted({word for word in wanted if word in postings}, key=lambda word: len(postings[word]))[:8]
        # A rare word shared counts for more: a common one's sentences are only the first of them.
        shared: dict[int, float] = {}
        for word in rarest:
            for index in postings[word]:
                shared[index] = shared.get(index, 0.0) + 1 / len(postings[word])
        return heapq.nlargest(CANDIDATES, shared, key=lambda index: (shared[index], -index))

    def _sentence_postings(self) -> dict[str, list[int]]:
        """The sentences each word is in; for a common word, only the first of them."""
        if self._postings is None:
            self._postings = {}
            for index, sentence in enumerate(self._sentence_texts()):
                for word in set(sentence.split(" ")):
                    found = self._postings.setdefault(word, [])
                    if len(found) <= COMMON:
                        found.append(index)
        return self._postings


def _aligned(wanted: list[str], sentence: list[str]) -> tuple[int, set[int]]:
    """How many words of `wanted` match `sentence` in order, and which words of the sentence differ."""
    import difflib  # only for a passage not found: a valid bank does without it

    blocks = difflib.SequenceMatcher(None, wanted, sentence, autojunk=False).get_matching_blocks()[:-1]
    matched = sum(block.size for block in blocks)
    if not blocks:
        return 0, set()
    # The part of the sentence the passage covers, reaching as far past the first and last
    # matching words as the passage does.
    first, last = blocks[0], blocks[-1]
    start = max(first.b - first.a, 0)
    end = min(last.b + last.size + (len(wanted) - last.a - last.size), len(sentence))
    same = {block.b + offset for block in blocks for offset in range(block.size)}
    return matched, {index for index in range(start, end) if index not in same}


def _underlined(words: list[str], marked: set[int], width: int = 72) -> list[str]:
    """The sentence in lines of at most `width`, each followed by a line of ^ under the marked words."""
    lines: list[str] = []
    text, carets = "", ""
    for index, word in enumerate(words):
        if text and len(text) + 1 + len(word) > width:
            lines += [f"    {text}", f"    {carets.rstrip()}"] if carets.strip() else [f"    {text}"]
            text, carets = "", ""
        gap = " " if text else ""
        text += gap + word
        carets += gap + ("^" if index in marked else " ") * len(word)
    lines += [f"    {text}", f"    {carets.rstrip()}"] if carets.strip() else [f"    {text}"]
    return lines
