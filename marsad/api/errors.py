"""Errors as JSON bodies (never a stack trace), the request size limit, security headers.

Every error a client sees has the shape of :class:`marsad.api.schemas.ErrorBody`:
``{"status": 422, "error": "one line", "details": [{"field": ..., "message": ...}]}``.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("marsad.api")

#: Default limit of a request body; an article of 500,000 characters of Arabic fits.
DEFAULT_MAX_BODY_BYTES = 2_000_000

#: The page may load only what marsad itself serves: no CDN, no tiles, no web fonts.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'"
)


def error_body(status: int, message: str, details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"status": status, "error": message, "details": details or []}


def _field_name(location: tuple[Any, ...] | list[Any]) -> str:
    # ("query", "bbox") → "bbox"; ("body", "text") → "text": the source is implied by the endpoint.
    # A check across fields (date_from after date_to) has no field: it is about the request.
    return ".".join(str(part) for part in location[1:]) or "request"


def validation_details(error: RequestValidationError) -> list[dict[str, str]]:
    """Only where and what: pydantic's ``input``/``ctx`` may echo huge or unserialisable values."""
    return [
        {
            "field": _field_name(item.get("loc", ())),
            # pydantic prefixes a validator's own message with "Value error, ".
            "message": str(item.get("msg", "invalid")).removeprefix("Value error, "),
        }
        for item in error.errors()
    ]


async def _on_validation_error(_request: Request, error: RequestValidationError) -> JSONResponse:
    details = validation_details(error)
    summary = "; ".join(f"{d['field']}: {d['message']}" for d in details[:3]) or "invalid request"
    return JSONResponse(error_body(422, f"invalid request: {summary}", details), status_code=422)


async def _on_http_error(_request: Request, error: HTTPException) -> JSONResponse:
    message = error.detail if isinstance(error.detail, str) else "request failed"
    return JSONResponse(
        error_body(error.status_code, message), status_code=error.status_code, headers=error.headers
    )


async def _on_unexpected_error(request: Request, error: Exception) -> JSONResponse:
    # The trace goes to the server log; the client learns only that it was our fault.
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    return JSONResponse(error_body(500, "internal server error"), status_code=500)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(HTTPException, _on_http_error)
    app.add_exception_handler(Exception, _on_unexpected_error)


class BodySizeLimit:
    """413 for a request body over ``max_bytes``: by its Content-Length, or while it streams in."""

    def __init__(self, app: ASGIApp, max_bytes: int = DEFAULT_MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _message(self) -> str:
        return f"request body is larger than the limit of {self.max_bytes} bytes"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            status = 413 if declared.isdigit() else 400
            message = self._message() if status == 413 else "invalid Content-Length header"
            await _send_json(send, status, error_body(status, message))
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # Chunked bodies have no Content-Length; FastAPI passes an HTTPException
                    # raised while reading the body on to the JSON handler above.
                    raise HTTPException(413, self._message())
            return message

        await self.app(scope, limited_receive, send)


async def _send_json(send: Send, status: int, body: dict[str, Any]) -> None:
    payload = json.dumps(body).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


class SecurityHeaders:
    """Content-Security-Policy and friends on every response."""

    _HEADERS = (
        (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
    )

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self._HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)
