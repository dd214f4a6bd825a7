"""Removing page furniture from article text: by rules, and by what each outlet repeats.

Rules (``data/boilerplate_ar.tsv``) catch what every outlet does: comment
sections, currency tables, share and subscribe lines, social links, "read also"
lists, tag lines and wire trailers. Learning catches what one outlet does: a line
that recurs at the top or bottom of several of its articles is its furniture
(``OutletLines``). Body paragraphs are never learnt: only short lines at the edges
count, and a cut for comments only happens once enough article came before it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from masar.arabic.normalize import for_matching

__all__ = ["Rule", "rules", "remove_boilerplate", "edge_lines", "line_key", "CleanResult"]

# Lines of the head and tail considered for learning and for learnt removal.
_EDGE_HEAD = 4
_EDGE_TAIL = 8
# A comments header only cuts the rest when this share of the text came before it,
# so a page that opens with its comment widget keeps its article.
_CUT_MIN_SHARE = 0.3
# Furniture lines are short; longer lines are paragraphs and are never matched
# against the rules (a paragraph that mentions twitter.com stays).
_RULE_MAX_LINE = 300
# "Read also" lists: the following lines are titles while short and unpunctuated.
_LIST_TITLE_MAX = 140
# A link line run into the end of a paragraph ("… الدراسة. رابط الخبر بصحيفة الوئام: عنوان"):
# after a sentence's end, within the paragraph's last characters, up to its end.
_INLINE_TRAILER = re.compile(
    r"(?<=[.!؟?»”\"])\s+(?:رابط (?:الخبر|المقال|الموضوع|مختصر)|الرابط المختصر)\s*(?:(?:ب|في|على)?\s*"
    r"(?:صحيفة|موقع|جريدة))?[^\n.:]{0,40}:[^\n]{0,200}$"
)
_INLINE_TRAILER_SPAN = 300


@dataclass(slots=True, frozen=True)
class Rule:
    kind: str
    action: str  # "drop" | "cut" | "list"
    pattern: re.Pattern[str]


@dataclass(slots=True)
class CleanResult:
    text: str
    dropped: list[tuple[str, str]]  # (kind, line)


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    raw = resources.files("masar.ingest").joinpath("data/boilerplate_ar.tsv").read_text("utf-8")
    parsed = []
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, action, regex = line.split("\t", 2)
        parsed.append(Rule(kind, action, re.compile(regex)))
    return tuple(parsed)


@lru_cache(maxsize=1)
def _combined() -> re.Pattern[str]:
    """One alternation of every rule: most lines match none, and one search says so."""
    return re.compile("|".join(f"(?:{r.pattern.pattern})" for r in rules()))


@lru_cache(maxsize=100_000)
def line_key(line: str) -> str:
    """Stable key of a line for learning: its normalised form, hashed."""
    norm = " ".join(for_matching(line).split())
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=8).hexdigest()


def edge_lines(text: str, *, max_chars: int) -> list[str]:
    """The short non-empty lines at the head and tail of text: candidates for learning."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    picked = lines[:_EDGE_HEAD] + lines[max(_EDGE_HEAD, len(lines) - _EDGE_TAIL) :]
    return [line for line in picked if len(line) <= max_chars]


def _match(norm: str) -> Rule | None:
    if not _combined().search(norm):
        return None
    for rule in rules():
        if rule.pattern.search(norm):
            return rule
    return None


def remove_boilerplate(text: str, *, learnt: Mapping[str, str] | None = None) -> CleanResult:
    """Text without furniture lines; ``learnt`` maps line keys to their outlet's kind."""
    lines = text.split("\n")  # only newlines: U+2028 and friends stay inside their line
    total = sum(len(line) for line in lines) or 1
    keep: list[bool] = [True] * len(lines)
    dropped: list[tuple[str, str]] = []
    seen_chars = 0
    in_list = False
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue  # blank lines between a "read also" header and its titles keep the list open
        rule = None
        if len(stripped) <= _RULE_MAX_LINE:
            rule = _match(" ".join(for_matching(stripped).split()))
        if rule is None and in_list and _looks_like_title(stripped):
            keep[i] = False
            dropped.append(("readalso", stripped))
            continue
        in_list = False
        if rule is None:
            seen_chars += len(line)
            continue
        if rule.action == "cut":
            if seen_chars / total >= _CUT_MIN_SHARE:
                for j in range(i, len(lines)):
                    if keep[j] and lines[j].strip():
                        dropped.append((rule.kind, lines[j].strip()))
                    keep[j] = False
                break
            keep[i] = False
            dropped.append((rule.kind, stripped))
            continue
        keep[i] = False
        dropped.append((rule.kind, stripped))
        in_list = rule.action == "list"
    if learnt:
        _drop_learnt_edges(lines, keep, learnt, dropped)
    _cut_inline_trailer(lines, keep, dropped)
    return CleanResult(_join(lines, keep), dropped)


def _cut_inline_trailer(lines: list[str], keep: list[bool], dropped: list[tuple[str, str]]) -> None:
    """Cut link trailers that a flattened page ran into the end of a paragraph (a page of
    several articles has one after each)."""
    for i, line in enumerate(lines):
        if not keep[i] or "رابط" not in line:
            continue
        line = line.rstrip()
        found = _INLINE_TRAILER.search(line, max(0, len(line) - _INLINE_TRAILER_SPAN))
        if found and found.start() > 0:
            dropped.append(("trailer", line[found.start() :].strip()))
            lines[i] = line[: found.start()]


def _looks_like_title(line: str) -> bool:
    return len(line) <= _LIST_TITLE_MAX and not line.endswith((".", "。", "؟", "!", ":"))


def _drop_learnt_edges(
    lines: list[str], keep: list[bool], learnt: Mapping[str, str], dropped: list[tuple[str, str]]
) -> None:
    """Drop learnt lines while they form the head or the tail of what is kept."""
    for order in (range(len(lines)), range(len(lines) - 1, -1, -1)):
        for i in order:
            if not keep[i] or not lines[i].strip():
                continue
            key = line_key(lines[i])
            if key not in learnt:
                break
            keep[i] = False
            dropped.append(("learnt", lines[i].strip()))


def _join(lines: Iterable[str], keep: list[bool]) -> str:
    kept = [line.rstrip() for line, ok in zip(lines, keep, strict=True) if ok]
    text = "\n".join(kept)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()
