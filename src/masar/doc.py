"""The one record that flows through the pipeline (STYLE rule 4).

Fields follow ../shared/CONTRACT.md. Offsets of later stages point into ``text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Doc", "AnchorDate", "Skip", "Mention"]


@dataclass(slots=True, frozen=True)
class AnchorDate:
    value: str
    source: str  # "metadata" | "dateline" | "inferred"

    def as_dict(self) -> dict[str, str]:
        return {"value": self.value, "source": self.source}


@dataclass(slots=True)
class Mention:
    """A name in an article's text (entities stage), with what it was resolved to."""

    text: str
    start: int
    end: int
    type: str
    id: str | None = None
    name_ar: str | None = None
    name_en: str | None = None
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    key: str = ""  # what groups mentions of one entity: its id, else "~" + normalised fullest name
    primary: bool = True  # the fullest mention of its entity in the article (exported)

    def entity_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "type": self.type,
            "id": self.id,
            "name_ar": self.name_ar,
            "name_en": self.name_en,
            "country": self.country,
            "sector": self.sector,
            "role": self.role,
        }

    def place_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "name_en": self.name_en,
            "lat": self.lat,
            "lon": self.lon,
            "country": self.country,
            "geonames_id": self.geonames_id,
        }


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
    mentions: list[Mention] | None = None  # None: the entities stage has not run


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
