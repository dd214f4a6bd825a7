"""Masar: Arabic-first news monitoring and event tracking."""

from masar.doc import AnchorDate, Doc, Skip
from masar.errors import MasarError
from masar.settings import Settings

__version__ = "0.1.0"

__all__ = ["AnchorDate", "Doc", "MasarError", "Settings", "Skip", "__version__"]
