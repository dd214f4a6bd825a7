"""Which language an article is in, so Arabic-only stages can skip the others.

Arabic script is decided by counting letters, which is exact and fast; other
scripts go to py3langid, whose model ships inside its wheel (no download).
Persian and Urdu share the script: Persian writes ی and ک, Urdu adds ے ں ٹ.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from masar.arabic import _resources as R

__all__ = ["LanguageGuess", "LanguageIdentifier", "arabic_ratio"]

_URDU_ONLY = set("ٹڈڑںےۓ")
# Share of letters that must be Arabic script for the text to count as Arabic;
# 0.5 keeps Arabic articles quoting English names and drops English with Arabic quotes.
_ARABIC_SHARE = 0.5
_SAMPLE_CHARS = 4000
# Script counting needs far less text than py3langid does: 800 characters are
# about 150 words, enough for a 0.5 threshold.
_RATIO_CHARS = 800


@dataclass(slots=True, frozen=True)
class LanguageGuess:
    lang: str  # ISO 639-1, or "und" when there are no letters at all
    confidence: float


def arabic_ratio(text: str) -> float:
    """Share of the letters in text that are Arabic script (presentation forms included)."""
    sample = text[:_RATIO_CHARS]
    letters = sum(map(len, R.LETTER_RUN_RE.findall(sample)))
    if not letters:
        return 0.0
    return min(1.0, sum(map(len, R.ARABIC_RUN_RE.findall(sample))) / letters)


def _arabic_script_language(sample: str) -> str:
    """ar, fa or ur: Persian writes ی and ک where Arabic writes ي and ك; Urdu adds ے ں ٹ.

    Counting letter shapes, not the presence of one letter, keeps Iraqi and Gulf
    Arabic (which borrow گ and چ for dialect names) Arabic.
    """
    persian_shapes = sample.count("ی") + sample.count("ک")
    arabic_shapes = sample.count("ي") + sample.count("ك") + sample.count("ى")
    if persian_shapes > arabic_shapes:
        urdu = sum(sample.count(ch) for ch in _URDU_ONLY)
        return "ur" if urdu > 0.01 * len(sample) else "fa"
    return "ar"


class LanguageIdentifier:
    """Holds py3langid's model once loaded; ``load()`` does the loading, explicitly."""

    def __init__(self) -> None:
        self._model: Any = None

    def load(self) -> LanguageIdentifier:
        from py3langid.langid import MODEL_FILE
        from py3langid.langid import LanguageIdentifier as _Model

        self._model = _Model.from_model_file(MODEL_FILE, norm_probs=True)
        return self

    def identify(self, text: str) -> LanguageGuess:
        sample = text[:_SAMPLE_CHARS]
        if not R.LETTER_RE.search(sample):
            return LanguageGuess("und", 0.0)
        ratio = arabic_ratio(sample)
        if ratio >= _ARABIC_SHARE:
            return LanguageGuess(_arabic_script_language(sample), ratio)
        if self._model is None:
            self.load()
        lang, prob = self._model.classify(sample)
        return LanguageGuess(str(lang), float(prob))
