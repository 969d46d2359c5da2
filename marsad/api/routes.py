"""The endpoints under ``/api``.

They are plain ``def`` functions on purpose: the store and the extractor are
synchronous, and FastAPI runs such endpoints in its thread pool, so one slow
export never blocks the event loop that serves everyone else.
"""

from __future__ import annotations

import hmac
import os
import tempfile
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException

from marsad.api.aggregate import grid_clusters
from marsad.api.filters import ClusterQuery, EventFilters, EventListQuery, ExportQuery
from marsad.api.schemas import (
    ArticleIn,
    ArticleOut,
    ClustersOut,
    ErrorBody,
    EventDetailOut,
    EventPage,
    ExtractOut,
    IngestOut,
    StatsOut,
)
from marsad.export import ExportFormat, write_events
from marsad.store import Store

if TYPE_CHECKING:
    from marsad.model import Article

#: Media type and file name of each export format.
EXPORT_MEDIA: dict[str, tuple[str, str]] = {
    "acled-csv": ("text/csv; charset=utf-8", "marsad-events.csv"),
    "geojson": ("application/geo+json", "marsad-events.geojson"),
    "jsonl": ("application/x-ndjson", "marsad-events.jsonl"),
    "parquet": ("application/vnd.apache.parquet", "marsad-events.parquet"),
}

_ERROR = {"model": ErrorBody}
router = APIRouter(
    prefix="/api",
    responses={400: _ERROR, 404: _ERROR, 405: _ERROR, 413: _ERROR, 422: _ERROR, 500: _ERROR},
)
_bearer = HTTPBearer(auto_error=False, description="The token set in MARSAD_API_TOKEN.")


def get_store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]


def require_token(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> None:
    """Writes need ``Authorization: Bearer <MARSAD_API_TOKEN>``; with no token configured they are off."""
    expected: str | None = request.app.state.api_token
    if not expected:
        raise HTTPException(403, "writes are disabled: start marsad serve with MARSAD_API_TOKEN set")
    given = credentials.credentials if credentials else ""
    # compare_digest: the time taken must not tell how much of a guess was right.
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(401, "a valid bearer token is required", headers={"WWW-Authenticate": "Bearer"})


def _article(body: ArticleIn) -> Article:
    # Imported here: reading endpoints never need the ingest layer.
    from marsad.ingest import RecordError, article_from_record

    record = body.model_dump(exclude_none=True)
    try:
        return article_from_record(record, default_source="api")
    except RecordError as error:
        raise HTTPException(422, f"unusable article: {error}") from None


def _found(stored: dict[str, Any] | None, missing: str) -> dict[str, Any]:
    """What the store found, or a 404 whose message is ``missing``."""
    if stored is None:
        raise HTTPException(404, missing)
    return stored


@router.get("/health", summary="Liveness and row counts")
def health(store: StoreDep) -> dict[str, Any]:
    return {"status": "ok", "counts": store.table_counts()}


@router.get("/events", response_model=EventPage, summary="Merged events matching the filters, one page")
def list_events(store: StoreDep, query: Annotated[EventListQuery, Query()]) -> dict[str, Any]:
    filters = query.store_filters()
    return {
        "total": store.count_events(**filters),
        "limit": query.limit,
        "offset": query.offset,
        "events": store.query_events(**filters, limit=query.limit, offset=query.offset, sort=query.sort),
    }


@router.get("/events/clusters", response_model=ClustersOut, summary="Grid clusters of the events, for a map")
def event_clusters(store: StoreDep, query: Annotated[ClusterQuery, Query()]) -> dict[str, Any]:
    """One cluster per occupied cell of a Web-Mercator grid of about 56 px at ``zoom``;
    pass the map's viewport as ``bbox``."""
    return grid_clusters(store, query.zoom, query.store_filters())


@router.get(
    "/events/{event_id}", response_model=EventDetailOut, summary="One event with its sources and spans"
)
def get_event(store: StoreDep, event_id: str) -> dict[str, Any]:
    return _found(store.get_event(event_id), f"no event {event_id!r}")


@router.get("/articles/{article_id:path}", response_model=ArticleOut, summary="One article with its spans")
def get_article(store: StoreDep, article_id: str) -> dict[str, Any]:
    return _found(store.get_article(article_id), f"no article {article_id!r}")


@router.get("/stats", response_model=StatsOut, summary="Counts by day, event type and country")
def stats(store: StoreDep, query: Annotated[EventFilters, Query()]) -> dict[str, Any]:
    return store.stats(**query.store_filters())


@router.post("/extract", response_model=ExtractOut, summary="Extract an article's events (nothing is stored)")
def extract(body: ArticleIn) -> dict[str, Any]:
    from marsad.extract import article_result, extract_events

    article = _article(body)
    return article_result(article, extract_events(article))


@router.post(
    "/articles",
    response_model=IngestOut,
    dependencies=[Depends(require_token)],
    responses={401: _ERROR, 403: _ERROR},
    summary="Ingest an article: extract, store, merge (bearer token)",
)
def ingest_article(store: StoreDep, body: ArticleIn) -> dict[str, Any]:
    from marsad.pipeline import process_article

    result = process_article(_article(body))
    outcome = store.write_result(result)
    if outcome != "skipped":
        store.merge()  # the new reports join (or form) merged events right away
    stored = store.get_article(result.article.id) or {"reports": []}
    event_ids = [r["event_id"] for r in stored["reports"] if r["event_id"]]
    return {
        "id": result.article.id,
        "outcome": outcome,
        "reports": len(stored["reports"]),
        "event_ids": list(dict.fromkeys(event_ids)),
    }


@router.get(
    "/export/{fmt}",
    response_class=FileResponse,
    summary="Every matching event in an export format",
    responses={200: {"content": {media: {} for media, _name in EXPORT_MEDIA.values()}}},
)
def export(store: StoreDep, fmt: ExportFormat, query: Annotated[ExportQuery, Query()]) -> FileResponse:
    """``acled-csv`` (ACLED's columns), ``geojson`` (RFC 7946), ``jsonl``, ``parquet``."""
    media_type, filename = EXPORT_MEDIA[fmt]
    events = store.query_events(**query.store_filters(), limit=None, sort=query.sort)
    # A file rather than a stream: parquet cannot be streamed, and one code path serves all.
    handle, path = tempfile.mkstemp(prefix="marsad-export-", suffix="-" + filename)
    os.close(handle)
    try:
        write_events(events, fmt, path)
    except BaseException:
        os.unlink(path)
        raise
    cleanup = BackgroundTask(os.unlink, path)
    return FileResponse(path, media_type=media_type, filename=filename, background=cleanup)
