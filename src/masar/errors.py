"""Masar's errors: one base, a stable code per kind, one line each.

    MasarError
    ├── InputError            bad input: the run records it as a skip and goes on
    │   ├── EncodingError     bytes that decode in none of the supported encodings
    │   ├── TooLargeError     over the size cap (settings: max_input_bytes)
    │   ├── FormatError       not a format Masar reads, or broken beyond use
    │   └── EmptyError        no article text left
    ├── StoreError            the database cannot be opened, read or written
    ├── ConfigError           a bad option, mapping or setting
    │   └── KnowledgeBaseError   a knowledge-base file or user CSV that cannot be read
    └── FetchError            a page or feed could not be downloaded

Every error carries a code such as ``M012`` that users can grep for and that the
CLI prints as ``[M012] message``. Codes never change meaning once released.
"""

from __future__ import annotations

__all__ = [
    "MasarError",
    "InputError",
    "EncodingError",
    "TooLargeError",
    "FormatError",
    "EmptyError",
    "StoreError",
    "ConfigError",
    "KnowledgeBaseError",
    "FetchError",
    "EXIT_CODES",
]


class MasarError(Exception):
    """Base of every error Masar raises on purpose."""

    code = "M000"
    exit_code = 1

    def __init__(self, message: str, *, code: str | None = None, reason: str | None = None):
        super().__init__(message)
        if code is not None:
            self.code = code
        self.message = message
        # The machine-readable reason recorded for a skip ("binary_input", "too_large"…).
        self.reason = reason or type(self).__name__

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class InputError(MasarError):
    code = "M010"
    exit_code = 3


class EncodingError(InputError):
    code = "M012"


class TooLargeError(InputError):
    code = "M013"


class FormatError(InputError):
    code = "M014"


class EmptyError(InputError):
    code = "M015"


class StoreError(MasarError):
    code = "M030"
    exit_code = 4


class ConfigError(MasarError):
    code = "M040"
    exit_code = 2


class KnowledgeBaseError(ConfigError):
    """A knowledge-base file (shipped or the user's --actors/--places CSV) that cannot be read."""

    code = "M041"


class FetchError(MasarError):
    code = "M050"
    exit_code = 5


# Exit codes of the CLI: 0 all went in, 1 unexpected failure, 2 bad usage or
# configuration, 3 the run finished but some inputs were refused, 4 store failure.
EXIT_CODES = {
    "ok": 0,
    "failure": 1,
    "usage": 2,
    "inputs_refused": 3,
    "store": 4,
    "fetch": 5,
}
