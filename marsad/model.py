"""The one data model every marsad stage reads and writes.

Stages never pass raw dicts to each other: ingest produces :class:`Article`,
extraction produces :class:`Event` (each field backed by a :class:`Span`),
geocoding fills :class:`Place`, the store persists them.  Later stages extend
these classes (new optional fields with defaults); they never fork them.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Literal, Protocol

#: Which string of an article a span points into.
SpanField = Literal["title", "text"]


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of an article's *original* characters: ``source[start:end] == text``.

    ``field`` says whether the offsets are into ``Article.title`` or ``Article.text``.
    """

    start: int
    end: int
    text: str
    field: SpanField = "text"

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "field": self.field}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        return cls(int(data["start"]), int(data["end"]), str(data["text"]), data.get("field", "text"))


class DatePrecision(StrEnum):
    """How much of a publication date is known."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    AMBIGUOUS = "ambiguous"  # several candidate days remain (e.g. 2/9/2018 with no other clue)
    UNKNOWN = "unknown"


@dataclass(slots=True)
class PublishedDate:
    """A publication date together with the reason it was decided.

    ``value`` is the chosen day (``None`` when unknown); ``candidates`` lists every
    day still possible (one element when certain, two for an unresolved d/m vs m/d).
    ``reason`` is a short human-readable explanation ("explicit --date-order dmy",
    "source order mdy inferred from 12 dates with a field > 12", "weekday agreement: الأربعاء", ...).
    """

    value: date | None
    precision: DatePrecision = DatePrecision.DAY
    reason: str = ""
    candidates: tuple[date, ...] = ()
    raw: str | None = None  # the date string as it appeared in the source
    time: str | None = None  # HH:MM when the source gives one

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.value.isoformat() if self.value else None,
            "precision": self.precision.value,
            "reason": self.reason,
            "candidates": [d.isoformat() for d in self.candidates],
            "raw": self.raw,
            "time": self.time,
        }


@dataclass(slots=True)
class Article:
    """One news report as marsad read it.

    ``text`` is the cleaned body (page debris removed) and is the string every
    ``Span(field="text")`` indexes; ``title`` likewise for ``field="title"``.
    """

    id: str
    title: str
    text: str
    published: PublishedDate
    source: str = ""  # outlet, or the file the article came from
    url: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def source_of(self, span_field: SpanField) -> str:
        return self.title if span_field == "title" else self.text


@dataclass(slots=True)
class Place:
    """A gazetteer entry: a populated place, an admin unit, a named region or a country."""

    name: str  # English name (GeoNames spelling)
    name_ar: str  # an Arabic name
    country: str  # English short country name as in the GUIDE ("Syria")
    country_code: str  # ISO 3166-1 alpha-2 ("SY")
    admin1: str | None  # English first-level unit ("Deir ez-Zor"), None for a country
    latitude: float | None
    longitude: float | None
    kind: Literal["place", "admin1", "region", "country"] = "place"
    population: int = 0
    geonameid: int | None = None
    admin1_code: str | None = None  # ISO 3166-2 ("SY-DY") when known


#: The GUIDE §2 field names, in the GUIDE's order: the keys of every emitted event.
GUIDE_FIELDS: tuple[str, ...] = (
    "event_type",
    "sub_event_type",
    "event_date",
    "time_precision",
    "country",
    "admin1",
    "location",
    "location_ar",
    "geo_precision",
    "actor1",
    "actor2",
    "fatalities",
    "injured",
    "evidence",
)


@dataclass(slots=True)
class Event:
    """One coded event reported by one article (an "event report").

    Field names and values follow ``shared/eval/GUIDE.md`` §2; ``spans`` maps a
    field name to the span of original text that supports it.
    """

    event_type: str
    sub_event_type: str
    event_date: date | None
    time_precision: int
    country: str | None
    admin1: str | None = None
    location: str | None = None
    location_ar: str | None = None
    geo_precision: int | None = None
    actor1: str | None = None
    actor2: str | None = None
    fatalities: int = 0
    injured: int | None = None
    evidence: str = ""
    spans: dict[str, Span] = field(default_factory=dict)
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    confidence: float = 0.5
    latitude: float | None = None
    longitude: float | None = None
    plover_event: str | None = None
    plover_mode: str | None = None
    article_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """GUIDE §2 keys first, then marsad's extras (JSON-ready)."""
        data = asdict(self)
        data["event_date"] = self.event_date.isoformat() if self.event_date else None
        data["spans"] = {name: span.to_dict() for name, span in self.spans.items()}
        ordered = {key: data.pop(key) for key in GUIDE_FIELDS}
        ordered.update(data)
        return ordered

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in data.items() if k in known}
        raw_date = values.get("event_date")
        values["event_date"] = date.fromisoformat(raw_date) if raw_date else None
        values["spans"] = {k: Span.from_dict(v) for k, v in (data.get("spans") or {}).items()}
        return cls(**values)


@dataclass(slots=True)
class IngestError:
    """An input item that could not be read, with the reason (one line)."""

    item: str
    reason: str

    def __str__(self) -> str:
        return f"{self.item}: {self.reason}"


class Located(Protocol):
    """Anything with coordinates: a :class:`Place` or a located :class:`Event`."""

    @property
    def latitude(self) -> float | None: ...

    @property
    def longitude(self) -> float | None: ...


#: Mean Earth radius (IUGG), in km.
EARTH_RADIUS_KM = 6371.0088


def distance_km(a: Located, b: Located) -> float | None:
    """Great-circle distance between two located things (haversine), None when one has no coordinates."""
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))
