"""Sentence spans that respect Arabic punctuation and quotation marks.

A sentence ends at . ! ? ؟ … ۔ followed by space, or at a line break. Ends inside
«…» or “…” quotations, between digits (3.5) and after one-letter abbreviations
(د. for دكتور, أ. for أستاذ) are not sentence ends.
"""

from __future__ import annotations

from dataclasses import dataclass

from masar.arabic import _resources as R

__all__ = ["Sentence", "split_sentences"]


@dataclass(slots=True, frozen=True)
class Sentence:
    text: str
    start: int
    end: int


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with offsets into text, stripped of surrounding space."""
    spans: list[tuple[int, int]] = []
    start = 0
    closers: list[str] = []
    straight_open = False
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch in R.OPEN_QUOTES:
            closers.append(R.OPEN_QUOTES[ch])
        elif closers and ch == closers[-1]:
            closers.pop()
        elif ch == '"':
            straight_open = not straight_open
        if ch == "\n":
            # A paragraph break ends everything, quotes left open included.
            spans.append((start, i))
            start = i + 1
            closers.clear()
            straight_open = False
        elif ch in R.SENTENCE_END_CHARS and not closers and not straight_open:
            end = i + 1
            while end < n and text[end] in R.SENTENCE_END_CHARS:
                end += 1
            # A closing quote or bracket right after the mark belongs to this sentence.
            while end < n and text[end] in "»”\"')]":
                end += 1
            if _is_boundary(text, i, end):
                spans.append((start, end))
                start = end
            i = end
            continue
        i += 1
    spans.append((start, n))
    return [_stripped(text, a, b) for a, b in spans if text[a:b].strip()]


def _is_boundary(text: str, mark_at: int, end: int) -> bool:
    if end < len(text) and not text[end].isspace():
        return False  # 3.5, example.com, ...؟!
    if text[mark_at] == ".":
        word_start = mark_at
        while word_start > 0 and text[word_start - 1].isalpha():
            word_start -= 1
        if mark_at - word_start == 1:
            return False  # one-letter abbreviation: د. أ. م.
    return True


def _stripped(text: str, start: int, end: int) -> Sentence:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(text[start:end], start, end)
