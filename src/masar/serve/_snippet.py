"""Search snippets cut from the display text, with the matched words marked."""

from __future__ import annotations

from masar.arabic.tokens import match_forms, words

__all__ = ["snippet"]

_WINDOW_WORDS = 14


def snippet(text: str, terms: list[str], *, mark: tuple[str, str] = ("[", "]")) -> str:
    """The passage around the first matched word, matched words wrapped in ``mark``."""
    tokens = words(text)
    wanted = set(terms)
    hits = [i for i, tok in enumerate(tokens) if wanted.intersection(match_forms(tok.text))]
    if not tokens:
        return ""
    centre = hits[0] if hits else 0
    first = max(0, centre - _WINDOW_WORDS // 2)
    last = min(len(tokens) - 1, first + _WINDOW_WORDS)
    start, end = tokens[first].start, tokens[last].end
    pieces: list[str] = []
    cursor = start
    for i in hits:
        if first <= i <= last:
            tok = tokens[i]
            pieces += [text[cursor : tok.start], mark[0], tok.text, mark[1]]
            cursor = tok.end
    pieces.append(text[cursor:end])
    body = "".join(pieces).replace("\n", " ")
    return ("… " if start > 0 else "") + body + (" …" if end < len(text) else "")
