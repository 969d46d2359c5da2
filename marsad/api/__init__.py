"""The HTTP API and the explorer page: ``create_app(store)`` builds the ASGI app.

Endpoints (all JSON unless noted; OpenAPI at ``/api/openapi.json``):

- ``GET /api/events`` — filters ``date_from``, ``date_to``, ``country``, ``admin1``,
  ``type``, ``actor``, ``text``, ``bbox``, ``min_sources``; ``limit``/``offset``; ``sort``.
- ``GET /api/events/clusters`` — the same filters plus ``zoom``: grid clusters for a map.
- ``GET /api/events/{id}`` — one merged event with every source report and its spans.
- ``GET /api/articles/{id}`` — an article's text with the spans of each of its reports.
- ``GET /api/stats`` — counts by day, event type and country.
- ``GET /api/export/{acled-csv|geojson|jsonl|parquet}`` — the matching events as a file.
- ``POST /api/extract`` — an article in, its events out; nothing is stored.
- ``POST /api/articles`` — ingest an article (bearer token ``MARSAD_API_TOKEN``).

Request bodies are limited in size (413), bad parameters answer 422 with a message,
and no error carries a stack trace.  ``marsad serve`` runs it.
"""

from marsad.api.app import OPENAPI_URL, create_app
from marsad.api.server import serve, serving_in_thread

__all__ = ["OPENAPI_URL", "create_app", "serve", "serving_in_thread"]
