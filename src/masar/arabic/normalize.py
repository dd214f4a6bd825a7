"""Normalisation for matching and search, never applied to stored display text.

Each helper is ``str -> str``; ``for_matching`` composes all of them in one pass.
They are total (never raise) and idempotent, which property tests check.
"""

from __future__ import annotations

from masar.arabic import _resources as R

__all__ = [
    "diacritics",
    "tatweel",
    "alef",
    "hamza",
    "alef_maqsura",
    "ta_marbuta",
    "digits",
    "presentation_forms",
    "invisible",
    "persian_letters",
    "for_matching",
]

_DIACRITICS = {ord(c): None for c in R.DIACRITICS}
_TATWEEL = {ord(R.TATWEEL): None}
_INVISIBLE = {ord(c): None for c in R.INVISIBLE}
_ALEF = str.maketrans(R.ALEF_FORMS)
_HAMZA = str.maketrans(R.HAMZA_CARRIERS)
_MAQSURA = str.maketrans(R.ALEF_MAQSURA)
_TA = str.maketrans(R.TA_MARBUTA)
_DIGITS = str.maketrans(R.DIGITS)
_PERSIAN = str.maketrans(R.PERSIAN_LETTERS)
_PRESENTATION = {
    code: value for code, value in R.MATCHING_TABLE.items() if any(lo <= code <= hi for lo, hi in R.PRESENTATION_RANGES)
}


def diacritics(text: str) -> str:
    """Drop harakat, shadda, sukun, superscript alef and Quranic marks."""
    return text.translate(_DIACRITICS)


def tatweel(text: str) -> str:
    """Drop the kashida used to stretch words (الـرياض → الرياض)."""
    return text.translate(_TATWEEL)


def alef(text: str) -> str:
    """Read أ إ آ ٱ as bare alef, as most writers and searchers do."""
    return text.translate(_ALEF)


def hamza(text: str) -> str:
    """Read hamza on waw and ya as their carriers (مسؤول / مسئول)."""
    return text.translate(_HAMZA)


def alef_maqsura(text: str) -> str:
    """Read ى as ي: Egyptian and Gulf typing swaps them freely."""
    return text.translate(_MAQSURA)


def ta_marbuta(text: str) -> str:
    """Read ة as ه: undotted ta marbuta is common in web text."""
    return text.translate(_TA)


def digits(text: str) -> str:
    """Arabic-Indic and Persian digits to ASCII digits."""
    return text.translate(_DIGITS)


def presentation_forms(text: str) -> str:
    """Expand presentation-form code points (ﻻ, ﷲ) into ordinary letters."""
    return text.translate(_PRESENTATION)


def invisible(text: str) -> str:
    """Drop zero-width and bidirectional control characters."""
    return text.translate(_INVISIBLE)


def persian_letters(text: str) -> str:
    """Persian kaf and ya, and heh variants, to their Arabic forms."""
    return text.translate(_PERSIAN)


def for_matching(text: str) -> str:
    """Everything above, plus case folding for Latin script.

    Equal to ``text.translate(R.MATCHING_TABLE).lower()`` (a property test checks
    it), but three times faster on ordinary Arabic text: this runs on every line.
    """
    if R.RARE_RE.search(text):
        return text.translate(R.MATCHING_TABLE).lower()
    text = R.COMMON_DROP_RE.sub("", text)
    for src, dst in R.COMMON_REPLACEMENTS:
        if src in text:
            text = text.replace(src, dst)
    return text.lower()
