"""Arabic text layer: normalisation for matching, tokens, sentences, language."""

from masar.arabic.langid import LanguageGuess, LanguageIdentifier, arabic_ratio
from masar.arabic.normalize import for_matching
from masar.arabic.sentences import Sentence, split_sentences
from masar.arabic.tokens import Token, index_terms, match_forms, query_terms, split_clitics, tokenize, words

__all__ = [
    "LanguageGuess",
    "LanguageIdentifier",
    "Sentence",
    "Token",
    "arabic_ratio",
    "for_matching",
    "index_terms",
    "match_forms",
    "query_terms",
    "split_clitics",
    "split_sentences",
    "tokenize",
    "words",
]
