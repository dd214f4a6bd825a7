"""The one record that flows through the pipeline (STYLE rule 4).

Fields follow ../shared/CONTRACT.md. Offsets of later stages point into ``text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Doc", "AnchorDate", "Skip"]


@dataclass(slots=True, frozen=True)
class AnchorDate:
    value: str
    source: str  # "metadata" | "dateline" | "inferred"

    def as_dict(self) -> dict[str, str]:
        return {"value": self.value, "source": self.source}


@dataclass(slots=True)
class Doc:
    """An article as read from one input, before or after cleaning."""

    id: str | None
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    anchor_date: AnchorDate | None = None
    lang: str | None = None
    html: str | None = None
    # Where it came from: a file path, plus the item inside it (line, index, URI).
    source_path: str = ""
    locator: str = ""
    fmt: str = ""
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True, frozen=True)
class Skip:
    """An input, or an item inside one, that was refused, with the reason (STYLE rule 8)."""

    path: str
    locator: str
    reason: str  # machine code: "binary_input", "bad_json_line", "too_large"…
    code: str  # error code: "M014"
    message: str

    def line(self) -> str:
        where = f"{self.path}:{self.locator}" if self.locator else self.path
        return f"[{self.code}] {where}: {self.message}"
