"""Writers for each export format; each takes merged event dicts and returns how many it wrote."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from marsad.export.acled import CSV_COLUMNS, acled_row, neutralise_cell

#: RFC 7946 §11.2: six decimal places are about 10 cm, far finer than any gazetteer point.
_COORDINATE_DECIMALS = 6


def write_acled_csv(events: Iterable[dict[str, Any]], stream: TextIO) -> int:
    """ACLED's columns then marsad's; text cells neutralised against formula injection.

    Numbers are written as numbers (a negative longitude is data, not a formula).
    """
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for event in events:
        row = acled_row(event)
        writer.writerow(
            [neutralise_cell(v) if isinstance(v, str) else ("" if v is None else v) for v in row.values()]
        )
        count += 1
    return count


def geojson_feature(event: dict[str, Any]) -> dict[str, Any]:
    """An RFC 7946 Feature: a Point at [longitude, latitude], or null geometry when unlocated."""
    geometry = None
    if event["latitude"] is not None and event["longitude"] is not None:
        geometry = {
            "type": "Point",
            "coordinates": [
                round(event["longitude"], _COORDINATE_DECIMALS),
                round(event["latitude"], _COORDINATE_DECIMALS),
            ],
        }
    return {"type": "Feature", "id": event["id"], "geometry": geometry, "properties": event}


def write_geojson(events: Iterable[dict[str, Any]], stream: TextIO) -> int:
    """One RFC 7946 FeatureCollection (WGS 84 implied: no ``crs`` member), streamed."""
    stream.write('{"type": "FeatureCollection", "features": [')
    count = 0
    for event in events:
        stream.write(",\n" if count else "\n")
        stream.write(json.dumps(geojson_feature(event), ensure_ascii=False))
        count += 1
    stream.write("\n]}\n")
    return count


def write_jsonl(events: Iterable[dict[str, Any]], stream: TextIO) -> int:
    """One merged event per line, the store's dict as is (UTF-8 Arabic, not escaped)."""
    count = 0
    for event in events:
        stream.write(json.dumps(event, ensure_ascii=False) + "\n")
        count += 1
    return count


def _parquet_schema() -> Any:
    import pyarrow as pa

    text, integer, real = pa.string(), pa.int64(), pa.float64()
    fields = [
        ("id", text),
        ("event_type", text),
        ("sub_event_type", text),
        ("event_date", pa.date32()),
        ("time_precision", integer),
        ("country", text),
        ("admin1", text),
        ("location", text),
        ("location_ar", text),
        ("geo_precision", integer),
        ("actor1", text),
        ("actor2", text),
        ("fatalities", integer),
        ("injured", integer),
        ("evidence", text),
        ("sources", integer),
        ("source_urls", pa.list_(text)),
        ("outlets", pa.list_(text)),
        ("fatalities_low", integer),
        ("fatalities_best", integer),
        ("fatalities_high", integer),
        ("confidence", real),
        ("latitude", real),
        ("longitude", real),
        ("first_published", pa.date32()),
        ("last_published", pa.date32()),
        ("merged_at", text),
    ]
    return pa.schema(fields)


def write_parquet(events: Iterable[dict[str, Any]], path: str | Path) -> int:
    """A Parquet file with typed columns (dates as date32, source lists as list<string>)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema()
    rows = []
    for event in events:
        row = {name: event[name] for name in schema.names}
        for name in ("event_date", "first_published", "last_published"):
            row[name] = date.fromisoformat(row[name]) if row[name] else None
        rows.append(row)
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)
    return len(rows)
