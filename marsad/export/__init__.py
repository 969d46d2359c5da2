"""Merged events in the formats analysts already use.

``export_events(store, fmt, destination, **filters)`` writes the store's merged
events that match the filters of :meth:`marsad.store.Store.query_events`:

- ``acled-csv``: ACLED's 31 columns in ACLED's order, then marsad's extras
  (:data:`marsad.export.acled.CSV_COLUMNS`), text cells neutralised against
  spreadsheet formula injection;
- ``geojson``: an RFC 7946 FeatureCollection ([lon, lat], null geometry when unlocated);
- ``jsonl``: one event dict per line;
- ``parquet``: typed columns, via pyarrow (needs a file destination).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal, get_args

from marsad.export.acled import ACLED_COLUMNS, CSV_COLUMNS, acled_row, neutralise_cell
from marsad.export.writers import geojson_feature, write_acled_csv, write_geojson, write_jsonl, write_parquet
from marsad.store import Store

ExportFormat = Literal["acled-csv", "geojson", "jsonl", "parquet"]
FORMATS: tuple[str, ...] = get_args(ExportFormat)
_TEXT_WRITERS = {"acled-csv": write_acled_csv, "geojson": write_geojson, "jsonl": write_jsonl}


def write_events(events: Iterable[dict[str, Any]], fmt: ExportFormat, destination: str | Path | None) -> int:
    """Write event dicts in ``fmt`` to a file path, or to stdout when ``destination`` is None or "-"."""
    to_stdout = destination is None or str(destination) == "-"
    if fmt == "parquet":
        if to_stdout:
            raise ValueError("parquet is a binary format: give an output file")
        return write_parquet(events, destination)
    if fmt not in _TEXT_WRITERS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    writer = _TEXT_WRITERS[fmt]
    if to_stdout:
        return writer(events, sys.stdout)
    # newline="" lets the csv module write its own line endings unchanged.
    with open(destination, "w", encoding="utf-8", newline="") as stream:
        return writer(events, stream)


def export_events(store: Store, fmt: ExportFormat, destination: str | Path | None, **filters: Any) -> int:
    """Export the merged events matching ``filters``, oldest first; returns how many."""
    events = store.query_events(**filters, limit=None, sort="event_date")
    return write_events(events, fmt, destination)


__all__ = [
    "ACLED_COLUMNS",
    "CSV_COLUMNS",
    "FORMATS",
    "ExportFormat",
    "acled_row",
    "export_events",
    "geojson_feature",
    "neutralise_cell",
    "write_events",
]
