"""Request and response bodies of the HTTP API (they are also its OpenAPI schema).

Response models mirror the dicts of :class:`marsad.store.Store`; they allow extra
keys so that a field a later stage adds to the store reaches clients unchanged.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

#: Longest article text the API accepts in a body (the request size limit applies too).
MAX_TEXT_CHARS = 500_000


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorBody(BaseModel):
    """Every error response: a status, a one-line message and, for 422, what was wrong where."""

    status: int
    error: str
    details: list[dict[str, Any]] = Field(default_factory=list)


class SpanOut(BaseModel):
    """Where in the article a coded field's value is written: ``source[start:end] == text``."""

    start: int
    end: int
    text: str
    field: Literal["title", "text"]


class EventOut(_Open):
    """A merged event: the GUIDE fields plus marsad's (sources, coordinates, fatality range)."""

    id: str
    event_type: str
    sub_event_type: str
    event_date: str | None
    time_precision: int
    country: str | None
    admin1: str | None
    location: str | None
    location_ar: str | None
    geo_precision: int | None
    actor1: str | None
    actor2: str | None
    fatalities: int
    injured: int | None
    evidence: str
    sources: int
    source_urls: list[str]
    fatalities_low: int | None
    fatalities_high: int | None
    latitude: float | None
    longitude: float | None


class ReportOut(_Open):
    """What one source article reported about an event, with the evidence span of each field."""

    report_id: str
    event_type: str
    sub_event_type: str
    event_date: str | None
    fatalities: int
    evidence: str
    spans: dict[str, SpanOut]


class SourceReportOut(ReportOut):
    article_id: str
    title: str
    url: str | None
    outlet: str
    published: str | None


class EventDetailOut(EventOut):
    reports: list[SourceReportOut]


class ArticleReportOut(ReportOut):
    event_id: str | None = Field(description="The merged event this report belongs to (null before a merge).")


class ArticleOut(_Open):
    id: str
    title: str
    text: str
    url: str | None
    outlet: str
    published: str | None
    published_precision: str
    reports: list[ArticleReportOut]


class EventPage(BaseModel):
    total: int = Field(description="How many events match the filters (all pages).")
    limit: int
    offset: int
    events: list[EventOut]


class StatsOut(_Open):
    events: int
    fatalities: int
    by_day: dict[str, int]
    by_event_type: dict[str, int]
    by_country: dict[str, int]


class ClusterOut(BaseModel):
    """The events of one grid cell: their centre, count, toll and types."""

    latitude: float
    longitude: float
    count: int
    fatalities: int
    bbox: tuple[float, float, float, float] = Field(description="min lon, min lat, max lon, max lat")
    event_types: dict[str, int]
    event_id: str | None = Field(description="The event's id when the cell holds exactly one.")


class ClustersOut(BaseModel):
    zoom: int
    located: int = Field(description="Matching events with coordinates (inside bbox when one is given).")
    unlocated: int = Field(description="Matching events without coordinates (they are not on the map).")
    truncated: bool = Field(description="More cells were occupied than returned (the largest 5,000 are).")
    clusters: list[ClusterOut]


class ArticleIn(BaseModel):
    """An article as a JSONL record of ``marsad ingest``."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(None, min_length=1, max_length=300, description="Derived from the text if absent.")
    title: str = Field("", max_length=5_000)
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    date: str | None = Field(
        None, max_length=100, description="Publication date, ISO YYYY-MM-DD best.", examples=["2019-03-11"]
    )
    url: str | None = Field(None, max_length=2_000)
    source: str | None = Field(None, max_length=300, description="The outlet.")


class ExtractOut(_Open):
    """What ``marsad extract`` prints for one article: its reading and its events (not stored)."""

    id: str
    title: str
    published: str | None
    published_precision: str
    published_reason: str
    events: list[dict[str, Any]]


class IngestOut(BaseModel):
    id: str
    outcome: Literal["stored", "skipped", "replaced"]
    reports: int = Field(description="Events the article reports.")
    event_ids: list[str] = Field(description="The merged events its reports belong to.")
