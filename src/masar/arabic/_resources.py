"""Character tables and precompiled patterns shared by the Arabic text helpers."""

from __future__ import annotations

import re
import unicodedata

# Harakat, Quranic marks, superscript alef: meaning-preserving marks that readers
# and search users ignore.
DIACRITICS = (
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670"]
    + [chr(c) for c in range(0x06D6, 0x06DD)]
    + [chr(c) for c in range(0x06DF, 0x06E9)]
    + [chr(c) for c in range(0x06EA, 0x06EE)]
)
TATWEEL = "\u0640"
# Zero-width characters and bidirectional controls: invisible, but they break matching.
INVISIBLE = [
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u200e",
    "\u200f",
    "\u061c",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
]
ALEF_FORMS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا"}
HAMZA_CARRIERS = {"ؤ": "و", "ئ": "ي"}
ALEF_MAQSURA = {"ى": "ي"}
TA_MARBUTA = {"ة": "ه"}
# Persian and Urdu letter shapes that Arabic-language pages often carry.
PERSIAN_LETTERS = {"ک": "ك", "ی": "ي", "ە": "ه", "ھ": "ه", "ۀ": "ه"}
DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
PRESENTATION_RANGES = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF))

ARABIC_LETTER_RE = re.compile("[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]")
# Runs, not single letters: counting with sum(map(len, findall)) makes few matches.
ARABIC_RUN_RE = re.compile("[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff\ufb50-\ufdff\ufe70-\ufefc]+")
LETTER_RE = re.compile(r"[^\W\d_]")
LETTER_RUN_RE = re.compile(r"[^\W\d_]+")


def _basic_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for ch in DIACRITICS + [TATWEEL] + INVISIBLE:
        table[ord(ch)] = None
    for mapping in (ALEF_FORMS, HAMZA_CARRIERS, ALEF_MAQSURA, TA_MARBUTA, PERSIAN_LETTERS, DIGITS):
        for src, dst in mapping.items():
            table[ord(src)] = dst
    return table


def _matching_table() -> dict[int, str | None]:
    """One translate table for the whole matching normalisation.

    Presentation forms are expanded through NFKC and the result passed through
    the basic table, so a single ``str.translate`` does everything and the output
    never contains a character the table would change again (idempotence).
    """
    basic = _basic_table()
    table = dict(basic)
    for lo, hi in PRESENTATION_RANGES:
        for code in range(lo, hi + 1):
            ch = chr(code)
            expanded = unicodedata.normalize("NFKC", ch)
            if expanded != ch:
                table[code] = expanded.translate(basic)
    return table


MATCHING_TABLE = _matching_table()

# Fast path of the matching normalisation. Most Arabic text needs only the marks
# dropped and seven common letters replaced; anything rarer (presentation forms,
# Indic digits, Persian letters, invisible marks) sends it through the full table.
COMMON_REPLACEMENTS = (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ؤ", "و"), ("ئ", "ي"), ("ى", "ي"), ("ة", "ه"))
COMMON_DROP_RE = re.compile("[" + "".join(DIACRITICS) + TATWEEL + "]")
_common = {ord(a) for a, _ in COMMON_REPLACEMENTS} | {ord(c) for c in DIACRITICS} | {ord(TATWEEL)}
RARE_RE = re.compile(
    "["
    + "".join(re.escape(chr(c)) for c in sorted(set(MATCHING_TABLE) - _common) if c < 0xFB50)
    + "\ufb50-\ufdff\ufe70-\ufeff]"
)

# Tokens: runs of letters, marks and digits; single punctuation marks otherwise.
TOKEN_RE = re.compile(r"[^\W_]+(?:[\u064b-\u065f\u0670\u0640][^\W_]*)*|[^\w\s]", re.UNICODE)
WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)

# Sentence ends: . ! ? ؟ … and the Arabic full stop ۔, not inside numbers (3.5).
SENTENCE_END_CHARS = ".!?؟…۔"
OPEN_QUOTES = {"«": "»", "“": "”", "„": "”", "‹": "›"}
