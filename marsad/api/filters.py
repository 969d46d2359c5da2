"""Query parameters of the event endpoints, validated before any of them reaches SQL.

Every model forbids unknown parameters: a misspelt filter (``?contry=Syria``) is
answered with 422 naming it rather than silently returning every event.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

#: Sort keys of the event list (``-`` first: descending), all accepted by ``Store.query_events``.
SortKey = Literal[
    "event_date",
    "-event_date",
    "fatalities",
    "-fatalities",
    "sources",
    "-sources",
    "confidence",
    "-confidence",
    "country",
    "-country",
]


def _empty_is_none(value: Any) -> Any:
    # An HTML form submits an untouched field as "": that means "no filter", not "match ''".
    return None if value == "" else value


def _printable(value: str) -> str:
    if any(ord(char) < 32 for char in value):
        raise ValueError("control characters are not allowed")
    return value


#: A free-text filter: at most 200 printable characters; "" is no filter.
FilterText = Annotated[
    Annotated[str, StringConstraints(max_length=200), AfterValidator(_printable)] | None,
    BeforeValidator(_empty_is_none),
]


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """``min_lon,min_lat,max_lon,max_lat`` in degrees; min_lon > max_lon crosses the antimeridian."""
    parts = value.split(",")
    if len(parts) != 4:
        raise ValueError("bbox needs four comma-separated numbers: min_lon,min_lat,max_lon,max_lat")
    try:
        min_lon, min_lat, max_lon, max_lat = (float(part) for part in parts)
    except ValueError:
        raise ValueError("bbox values must be numbers: min_lon,min_lat,max_lon,max_lat") from None
    if not all(-180 <= lon <= 180 for lon in (min_lon, max_lon)):
        raise ValueError("bbox longitudes must be between -180 and 180")
    if not all(-90 <= lat <= 90 for lat in (min_lat, max_lat)):
        raise ValueError("bbox latitudes must be between -90 and 90")
    if min_lat > max_lat:
        raise ValueError("bbox min_lat is greater than max_lat")
    return min_lon, min_lat, max_lon, max_lat


def _check_bbox(value: str) -> str:
    parse_bbox(value)
    return value


BboxText = Annotated[
    Annotated[str, StringConstraints(max_length=200), AfterValidator(_check_bbox)] | None,
    BeforeValidator(_empty_is_none),
]


class EventFilters(BaseModel):
    """The filters every event endpoint shares (all optional, all combined with AND)."""

    model_config = ConfigDict(extra="forbid")

    date_from: date | None = Field(None, description="First event date (inclusive), YYYY-MM-DD.")
    date_to: date | None = Field(None, description="Last event date (inclusive), YYYY-MM-DD.")
    country: FilterText = Field(None, description="Country, English short name as in the GUIDE (Syria).")
    admin1: FilterText = Field(None, description="First-level unit, English (Idlib).")
    type: FilterText = Field(None, description="ACLED event type (Battles, Protests, ...).")
    actor: FilterText = Field(None, description="Substring of actor1 or actor2, case-insensitive.")
    text: FilterText = Field(None, description="Substring of the location, evidence or actors.")
    bbox: BboxText = Field(None, description="min_lon,min_lat,max_lon,max_lat", examples=["35,32,43,37.5"])
    min_sources: int | None = Field(None, ge=1, le=100_000, description="At least this many source articles.")

    @model_validator(mode="after")
    def _dates_in_order(self) -> EventFilters:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError("date_from is after date_to")
        return self

    def store_filters(self) -> dict[str, Any]:
        """Keyword arguments for the :class:`~marsad.store.Store` query methods."""
        return {
            "date_from": self.date_from,
            "date_to": self.date_to,
            "country": self.country,
            "admin1": self.admin1,
            "event_type": self.type,
            "actor": self.actor,
            "text": self.text,
            "bbox": parse_bbox(self.bbox) if self.bbox else None,
            "min_sources": self.min_sources,
        }


class EventListQuery(EventFilters):
    limit: int = Field(50, ge=1, le=1000, description="Events per page.")
    offset: int = Field(0, ge=0, le=10_000_000)
    sort: SortKey = Field("-event_date", description="Sort key; a leading - sorts descending.")


class ClusterQuery(EventFilters):
    zoom: int = Field(3, ge=0, le=20, description="Web-Mercator zoom level of the map (sets the cell size).")


class ExportQuery(EventFilters):
    sort: SortKey = Field("event_date", description="Sort key; a leading - sorts descending.")
