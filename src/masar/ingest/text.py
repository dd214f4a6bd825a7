"""Plain-text articles: a headline among the first short lines, then the body.

Saved articles often open with a section trail ("سوريا - لبنان - فلسطين") or a
credit ("بلدي نيوز – (متابعات)") before the headline, so the headline is the
fullest short line before the first paragraph, not blindly the first line. The
date line is left in the body, where the dateline finder reads it.
"""

from __future__ import annotations

from masar.doc import Doc
from masar.ingest.dates import find_date

__all__ = ["read_text_article"]

# A headline is a line this short, with no sentence end and no date…
_HEADLINE_MAX = 200
# …of at least this many words: shorter leading lines are section trails and credits.
_HEADLINE_MIN_WORDS = 4
# Only the lines before the first paragraph are candidates.
_LEAD_LINES = 4


def read_text_article(text: str, *, path: str) -> Doc:
    lines = text.strip().splitlines()
    candidates: list[tuple[int, str]] = []
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if len(stripped) > _HEADLINE_MAX or len(candidates) >= _LEAD_LINES:
            break
        candidates.append((index, stripped))
    title = None
    best = [
        (_word_count(s), index, s)
        for index, s in candidates
        if _word_count(s) >= _HEADLINE_MIN_WORDS and not s.endswith((".", "。")) and not find_date(s)
    ]
    if best and len(lines) > 1:
        _, index, title = max(best, key=lambda item: (item[0], -item[1]))
        lines = lines[:index] + lines[index + 1 :]
    return Doc(id=None, text="\n".join(lines).strip(), title=title, source_path=path, fmt="text")


def _word_count(line: str) -> int:
    return sum(1 for word in line.split() if any(ch.isalpha() for ch in word))
