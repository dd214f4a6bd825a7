"""Tokens with offsets, and conservative splitting of attached clitics.

Arabic attaches و ف (and, so), ب ل ك (with, for, like) and ال (the) to the word
that follows. Search and entity matching need the bare word; display needs the
original. ``split_clitics`` cuts only where the cut is safe: the rest starts with
ال, or it is long enough and the word is not a known word that merely begins with
one of those letters (``data/non_clitic_words.txt``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from masar.arabic import _resources as R
from masar.arabic.normalize import for_matching

__all__ = ["Token", "tokenize", "words", "split_clitics", "match_forms", "index_terms", "query_terms", "stopwords"]

_CONJUNCTIONS = "وف"
_PREPOSITIONS = "بلك"
# Shortest bare word left after cutting a prefix other than before ال: below
# this, one-letter cuts produce more false words than true ones (checked by eye
# on the sample corpus: "وزير" → "زير", "فرض" → "رض").
_MIN_STEM = 4


@dataclass(slots=True, frozen=True)
class Token:
    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Words (with their marks) and single punctuation marks, with offsets into text."""
    return [Token(m.group(), m.start(), m.end()) for m in R.TOKEN_RE.finditer(text)]


def words(text: str) -> list[Token]:
    """Only the word tokens of text (letters and digits)."""
    return [t for t in tokenize(text) if t.text[0].isalnum()]


@lru_cache(maxsize=1)
def _non_clitic_words() -> frozenset[str]:
    raw = resources.files("masar.arabic").joinpath("data/non_clitic_words.txt").read_text("utf-8")
    return frozenset(line.strip() for line in raw.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Function words and news filler, normalised (``data/stopwords.txt``)."""
    raw = resources.files("masar.arabic").joinpath("data/stopwords.txt").read_text("utf-8")
    return frozenset(line.strip() for line in raw.splitlines() if line.strip() and not line.startswith("#"))


def _letter_positions(word: str, norm: str) -> list[int] | range:
    """For each letter of norm, the index in word of the character it came from.

    Diacritics and tatweel give no letter; a ligature (ﻻ) gives two from one index.
    """
    if len(norm) == len(word):
        return range(len(word))  # nothing was dropped or expanded: one to one
    return [i for i, ch in enumerate(word) for _ in for_matching(ch)]


def split_clitics(word: str) -> tuple[str, str]:
    """(prefix, stem) of a display word; prefix is "" when no cut is safe.

    ال is not cut: it belongs to names (الولايات المتحدة) and entity spans keep it.
    """
    norm = for_matching(word)
    cut = _clitic_cut(norm)
    if cut == 0:
        return "", word
    positions = _letter_positions(word, norm)
    if len(positions) <= cut or positions[cut] == positions[cut - 1]:
        return "", word  # the cut would fall inside a ligature such as ﻻ
    at = positions[cut]
    return word[:at], word[at:]


def _clitic_cut(norm: str) -> int:
    """How many letters of prefix (0, 1 or 2) can be cut from a normalised word."""
    if len(norm) < 3:
        return 0
    known = _non_clitic_words()
    if norm in known:
        return 0
    cut = 0
    if norm[0] in _CONJUNCTIONS and _safe_cut(norm, 1):
        cut = 1
    if norm[cut:] not in known and len(norm) > cut + 1 and norm[cut] in _PREPOSITIONS and _safe_cut(norm, cut + 1):
        cut += 1
    return cut


def _safe_cut(norm: str, at: int) -> bool:
    rest = norm[at:]
    if rest.startswith("ال") and len(rest) >= 4:
        return True
    if norm[at - 1] == "ل" and rest.startswith("ل") and len(rest) >= 4:
        return True  # لل + noun: the ال of "للاتفاق" lost its alef
    return rest in _non_clitic_words() or len(rest) >= _MIN_STEM


def match_forms(word: str) -> list[str]:
    """Normalised forms a search index holds for one word: whole, without clitics, without ال."""
    return _normalised_forms(for_matching(word))


def _normalised_forms(norm: str) -> list[str]:
    forms = [norm]
    cut = _clitic_cut(norm)
    stem = norm[cut:]
    if cut:
        if stem.startswith("ل") and norm[cut - 1] == "ل":
            stem = "ا" + stem  # للاتفاق → الاتفاق
        forms.append(stem)
    if stem.startswith("ال") and len(stem) >= 4:
        forms.append(stem[2:])
    return list(dict.fromkeys(forms))


@lru_cache(maxsize=500_000)
def _extra_forms(norm_word: str) -> str:
    return " ".join(_normalised_forms(norm_word)[1:])


def index_terms(text: str) -> str:
    """Text as a search index holds it: its normalised words, then their extra forms.

    Only words, space-separated, so the index can use SQLite's fast ``ascii``
    tokenizer (every non-ASCII character is a word character there). The extra
    forms (without clitics, without ال) are listed once per distinct word and
    cached, since news vocabulary repeats: this runs on every stored article.
    """
    words = R.WORD_RE.findall(for_matching(text))
    forms = " ".join(filter(None, map(_extra_forms, dict.fromkeys(words))))  # first-seen order: stable
    return " ".join(words) + "\n" + forms if forms else " ".join(words)


def query_terms(query: str) -> list[str]:
    """The normalised words of a search query."""
    return R.WORD_RE.findall(for_matching(query))
