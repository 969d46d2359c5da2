"""The ASGI application: the ``/api`` endpoints and the explorer page at ``/``."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles

from marsad import __version__
from marsad.api.errors import DEFAULT_MAX_BODY_BYTES, BodySizeLimit, SecurityHeaders, install_error_handlers
from marsad.api.routes import router
from marsad.store import Store

OPENAPI_URL = "/api/openapi.json"


def static_dir() -> Path:
    """The explorer's files (HTML, JS, CSS, basemap), shipped inside the package."""
    return Path(str(files("marsad.web") / "static"))


def create_app(
    store: Store, *, api_token: str | None = None, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
) -> FastAPI:
    """The marsad HTTP API over ``store``, with the explorer page at ``/``.

    ``api_token`` enables ``POST /api/articles`` for clients that send it as a
    bearer token; without one, writes answer 403.
    """
    app = FastAPI(
        title="marsad",
        version=__version__,
        description="Structured, geocoded, source-linked conflict events from Arabic news.",
        openapi_url=OPENAPI_URL,
        # FastAPI's docs pages load their scripts from a CDN; marsad loads nothing from outside.
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    app.state.api_token = api_token or None
    install_error_handlers(app)
    app.include_router(router)
    # Mounted after the router, so /api paths never reach it; html=True serves index.html at "/".
    app.mount("/", StaticFiles(directory=static_dir(), html=True), name="explorer")
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app
