"""``marsad serve``: the HTTP API and the web explorer over a store."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from marsad.app import app


def _missing_sqlite_file(db: str) -> Path | None:
    """The file a plain path or sqlite:/// URL names when it does not exist (a typo would
    otherwise create an empty database and show an empty map)."""
    if db in (":memory:", "sqlite://"):
        return None
    if "://" not in db:
        path = Path(db).expanduser()
    elif db.startswith("sqlite:///"):
        path = Path(db.removeprefix("sqlite:///"))
    else:
        return None
    return None if path.exists() else path


@app.command("serve")
def serve_command(
    db: Annotated[str, typer.Option("--db", help="Store: a SQLite path or a postgresql:// URL.")],
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port (0: any free one).")] = 8000,
    max_body_bytes: Annotated[
        int, typer.Option("--max-body-bytes", min=1, help="Largest request body accepted (413 above).")
    ] = 2_000_000,
) -> None:
    """Serve the web explorer at / and the HTTP API at /api.

    Prints the URL once it listens.
    Writes (POST /api/articles) need MARSAD_API_TOKEN set in the environment;
    clients send that token as a bearer token.

    Examples:

      marsad serve --db events.db
      marsad serve --db events.db --host 0.0.0.0 --port 8080
      MARSAD_API_TOKEN=s3cret marsad serve --db postgresql://marsad@db/marsad
    """
    from marsad.api import create_app, serve
    from marsad.store import Store

    missing = _missing_sqlite_file(db)
    if missing is not None:
        print(f"marsad serve: {missing}: no such database (create one with marsad ingest)", file=sys.stderr)
        raise typer.Exit(2)
    store = Store(db)
    token = os.environ.get("MARSAD_API_TOKEN")
    application = create_app(store, api_token=token, max_body_bytes=max_body_bytes)
    try:
        serve(application, host, port, announce=lambda line: print(line, flush=True))
    except OSError as error:
        print(f"marsad serve: cannot listen on {host}:{port}: {error.strerror or error}", file=sys.stderr)
        raise typer.Exit(1) from None
    finally:
        store.close()
