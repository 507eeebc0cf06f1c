"""Finding a passage in its source, and, when it is not there, the source's closest sentence with
the words that differ marked, so an author sees at once what to copy."""

from __future__ import annotations

import re

from ketaquiz.model import normalise

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


class Passages:
    """The source, normalised once, for finding passages and, when one is not found, its closest sentence."""

    def __init__(self, text: str) -> None:
        self.haystack = normalise(text)
        self._sentences: list[list[str]] | None = None

    def closest(self, passage: str) -> tuple[str, ...]:
        """The sentence of the source nearest to `passage`, with the words that differ marked under it."""
        if self._sentences is None:
            self._sentences = [sentence.split() for sentence in _SENTENCE_END.split(self.haystack)]
        wanted = passage.split()
        best, span = max(
            ((sentence, _aligned(wanted, sentence)) for sentence in self._sentences),
            key=lambda found: (found[1][0], -len(found[0])),
        )
        matched, marked = span
        if matched == 0:
            return ("No sentence of the source shares a word with this passage: is it from another article?",)
        return ("The closest sentence of the source, with the words that differ marked:", *_underlined(best, marked))


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
