"""Token features for the statistical name tagger, shared by training and tagging.

One function builds them for both, so a model never sees features at run time
that differ from those it was trained on. Word-level features depend only on the
word, so they are cached: news vocabulary repeats and this runs on every token.
"""

from __future__ import annotations

from functools import lru_cache

from masar.arabic.normalize import for_matching
from masar.arabic.tokens import _normalised_forms

__all__ = ["sentence_features", "word_features"]

_PUNCT = set(".,،؛;:!?؟«»\"'()[]{}-–—/…")


@lru_cache(maxsize=60_000)
def word_features(word: str) -> tuple[str, ...]:
    """Features of one word alone: its form, stem without clitics, affixes and shape."""
    norm = for_matching(word)
    forms = _normalised_forms(norm)
    stem = forms[-1]
    if norm and norm[0] in _PUNCT:
        shape = "P"
    elif norm.isdigit():
        shape = "D"
    elif norm.isascii() and norm.isalpha():
        shape = "L"
    elif any("\u0621" <= ch <= "\u064a" for ch in norm):
        shape = "A"
    else:
        shape = "X"
    feats = [
        "w=" + norm,
        "s=" + stem,
        "sh=" + shape,
        "p2=" + stem[:2],
        "p3=" + stem[:3],
        "x2=" + stem[-2:],
        "x3=" + stem[-3:],
        "p4=" + stem[:4],
        "x4=" + stem[-4:],
        "x1=" + stem[-1:],
        "al=" + str(any(f.startswith("ال") for f in forms)),
        "pre=" + norm[: max(0, len(norm) - len(stem))],
        "len=" + str(min(len(stem), 8)),
    ]
    return tuple(feats)


@lru_cache(maxsize=60_000)
def _as_neighbour(word: str) -> dict[int, tuple[str, ...]]:
    """The features a word gives its neighbours, by offset (formatted once per word)."""
    own = word_features(word)
    out = {}
    for off in (-2, -1, 1, 2):
        feats = [f"{off}w={own[0][2:]}", f"{off}s={own[1][2:]}"]
        if off in (-1, 1):
            feats += [f"{off}sh={own[2][3:]}", f"{off}x2={own[5][3:]}", f"{off}al={own[10][3:]}"]
        out[off] = tuple(feats)
    return out


_PAD = {off: (f"{off}w=<pad>",) for off in (-2, -1, 1, 2)}


def sentence_features(words: list[str], gazetteer: list[str] | None = None) -> list[list[str]]:
    """CRF features for each word of a sentence; ``gazetteer`` holds a tag per word ("O" or "B-PER"…)."""
    own = [word_features(w) for w in words]
    context = [_as_neighbour(w) for w in words]
    n = len(words)
    out: list[list[str]] = []
    for i in range(n):
        feats = ["bias", *own[i]]
        for off in (-2, -1, 1, 2):
            j = i + off
            feats.extend(context[j][off] if 0 <= j < n else _PAD[off])
        if i:
            feats.append(f"bi={own[i - 1][1][2:]}|{own[i][1][2:]}")
        if gazetteer is not None:
            feats.append("g=" + gazetteer[i])
            feats.append("g-1=" + (gazetteer[i - 1] if i else "<pad>"))
            feats.append("g+1=" + (gazetteer[i + 1] if i + 1 < n else "<pad>"))
        out.append(feats)
    return out
