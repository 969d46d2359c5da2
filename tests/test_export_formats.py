"""Exports load in pandas, follow ACLED's columns and RFC 7946, and defuse spreadsheet formulas."""

from __future__ import annotations

import io
import json
import math
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import geopandas
import pandas as pd
import pytest
from builders import article, report
from typer.testing import CliRunner

from marsad.app import app
from marsad.commands import register_all
from marsad.export import ACLED_COLUMNS, CSV_COLUMNS, export_events, neutralise_cell
from marsad.export.acled import inter_code, interaction_code
from marsad.model import Event
from marsad.store import Store

#: The brief's list, verbatim: ACLED's columns in ACLED's order.
ACLED_ORDER = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
HOSTILE = ('=HYPERLINK("http://evil.example")', "+1+1", "-2+3", "@SUM(A1:A2)")


def _battle(article_id: str, **fields: object) -> Event:
    """A located clash near Khusham between a militia and the SDF (ACLED interaction 23)."""
    values: dict[str, object] = {
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "geo_precision": 2,
        "actor1": "Pro-Government Militia (Syria)",
        "actor2": "QSD: Syrian Democratic Forces",
        "fatalities": 20,
        "evidence": "اشتباكات عنيفة قرب خشام.",
        "latitude": 35.30,
        "longitude": 40.29,
    }
    return report(article_id, **{**values, **fields})


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A located battle from two outlets, a Moroccan protest (west of Greenwich) whose
    text fields try formula injection, and an event with no coordinates."""
    with Store(str(tmp_path / "export.db")) as opened:
        opened.add_article(article("a", published=date(2018, 2, 8), source="outlet-one"), [_battle("a")])
        opened.add_article(
            article("b", published=date(2018, 2, 9), source="outlet-two"), [_battle("b", fatalities=45)]
        )
        hostile_protest = report(
            "c",
            event_type="Protests",
            sub_event_type="Peaceful protest",
            event_date=date(2019, 3, 1),
            country="Morocco",
            admin1=HOSTILE[0],
            location=HOSTILE[1],
            location_ar=HOSTILE[2],
            actor1="Protesters (Morocco)",
            actor2=None,
            evidence=HOSTILE[3],
            fatalities=0,
            latitude=34.02,
            longitude=-6.84,
        )
        opened.add_article(article("c", published=date(2019, 3, 1), source="@outlet"), [hostile_protest])
        unlocated = _battle(
            "d",
            country="Yemen",
            admin1=None,
            location=None,
            location_ar=None,
            geo_precision=3,
            latitude=None,
            longitude=None,
            actor1="Houthis (Ansar Allah)",
            actor2=None,
            event_date=date(2019, 5, 5),
        )
        opened.add_article(article("d", published=date(2019, 5, 6), source="outlet-three"), [unlocated])
        opened.merge()
        yield opened


def test_acled_csv_has_acleds_columns_in_order_then_marsads(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    assert export_events(store, "acled-csv", path) == 3
    frame = pd.read_csv(path)
    assert tuple(ACLED_COLUMNS) == tuple(ACLED_ORDER) and len(ACLED_COLUMNS) == 31
    assert list(frame.columns) == list(CSV_COLUMNS)
    assert list(frame.columns[:31]) == ACLED_ORDER
    assert {"source_urls", "evidence", "confidence", "fatalities_low", "fatalities_high"} <= set(
        frame.columns
    )
    battle = frame[frame["country"] == "Syria"].iloc[0]
    assert battle["event_id_cnty"].startswith("SYR-")
    assert battle["iso"] == 760 and battle["region"] == "Middle East" and battle["year"] == 2018
    assert battle["fatalities"] == 20 and battle["fatalities_high"] == 45 and battle["sources"] == 2
    assert (battle["inter1"], battle["inter2"], battle["interaction"]) == (3, 2, 23)
    assert battle["source"] == "outlet-one; outlet-two"
    assert battle["disorder_type"] == "Political violence"
    assert math.isclose(battle["latitude"], 35.30) and math.isclose(battle["longitude"], 40.29)


def test_csv_cells_that_would_run_as_formulas_are_neutralised(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    export_events(store, "acled-csv", path)
    raw = path.read_text(encoding="utf-8")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    protest = frame[frame["country"] == "Morocco"].iloc[0]
    assert protest["admin1"] == "'" + HOSTILE[0]
    assert protest["location"] == "'" + HOSTILE[1]
    assert protest["location_ar"] == "'" + HOSTILE[2]
    assert protest["evidence"] == "'" + HOSTILE[3]
    assert protest["source"] == "'@outlet"
    # No text cell in the whole file begins with a formula character; numbers stay numbers.
    for column in frame.columns:
        for cell in frame[column]:
            assert not cell.startswith(("=", "+", "@")), (column, cell)
            assert not cell.startswith("-") or column == "longitude", (column, cell)
    assert protest["longitude"] == "-6.84"
    assert '"=HYPERLINK' not in raw and ",=" not in raw


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+9", "'+9"),
        ("-x", "'-x"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("خشام", "خشام"),
        ("", ""),
    ],
)
def test_neutralise_cell(cell: str, expected: str) -> None:
    assert neutralise_cell(cell) == expected


def test_actor_types_follow_acled() -> None:
    assert inter_code("Military Forces of Syria", "Syria") == 1
    assert inter_code("Military Forces of the United States", "Syria") == 8  # abroad: external force
    assert inter_code("Islamic State", "Syria") == 2
    assert inter_code("Unidentified Armed Group (Iraq)", "Iraq") == 3
    assert inter_code("Protesters (Iraq)", "Iraq") == 6
    assert inter_code("Civilians (Yemen)", "Yemen") == 7
    assert inter_code(None, "Yemen") == 0
    assert interaction_code(6, 0) == 60 and interaction_code(7, 1) == 17


def test_geojson_is_an_rfc7946_feature_collection(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.geojson"
    export_events(store, "geojson", path)
    collection = json.loads(path.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    features = collection["features"]
    assert len(features) == 3 and len({f["id"] for f in features}) == 3
    by_country = {f["properties"]["country"]: f for f in features}
    assert by_country["Syria"]["geometry"] == {"type": "Point", "coordinates": [40.29, 35.30]}  # [lon, lat]
    assert by_country["Morocco"]["geometry"]["coordinates"] == [-6.84, 34.02]
    assert by_country["Yemen"]["geometry"] is None  # unlocated: null geometry, still a Feature
    for feature in features:
        assert feature["type"] == "Feature" and isinstance(feature["properties"], dict)
        if feature["geometry"]:
            lon, lat = feature["geometry"]["coordinates"]
            assert -180 <= lon <= 180 and -90 <= lat <= 90
    # pandas reads the properties table straight from the features.
    table = pd.json_normalize([f["properties"] for f in features])
    assert set(table["country"]) == {"Syria", "Morocco", "Yemen"}


def test_geojson_opens_in_geopandas(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.geojson"
    export_events(store, "geojson", path)
    frame = geopandas.read_file(path)
    assert frame.crs.to_epsg() == 4326  # RFC 7946: WGS 84, longitude first
    located = frame[frame["country"] == "Morocco"].geometry.iloc[0]
    assert (located.x, located.y) == (-6.84, 34.02)
    assert frame[frame["country"] == "Yemen"].geometry.iloc[0] is None
    assert set(frame["sources"]) == {1, 2}


def test_jsonl_and_parquet_load_in_pandas(store: Store, tmp_path: Path) -> None:
    jsonl, parquet = tmp_path / "events.jsonl", tmp_path / "events.parquet"
    export_events(store, "jsonl", jsonl)
    export_events(store, "parquet", parquet)
    lines = pd.read_json(jsonl, lines=True)
    table = pd.read_parquet(parquet)
    assert (
        list(lines["id"])
        == list(table["id"])
        == [e["id"] for e in store.query_events(limit=None, sort="event_date")]
    )
    syria = table[table["country"] == "Syria"].iloc[0]
    assert syria["event_date"] == date(2018, 2, 7)
    assert list(syria["source_urls"]) == ["https://news.example/a", "https://news.example/b"]
    assert table["fatalities"].dtype == "int64"
    assert pd.isna(table[table["country"] == "Yemen"].iloc[0]["latitude"])


def test_export_command_filters_and_refuses_binary_to_stdout(store: Store, tmp_path: Path) -> None:
    register_all()
    runner = CliRunner()
    db = store.url
    result = runner.invoke(app, ["export", "--db", db, "--format", "jsonl", "--min-sources", "2"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in io.StringIO(result.stdout) if line.strip()]
    assert [r["country"] for r in rows] == ["Syria"]
    result = runner.invoke(
        app, ["export", "--db", db, "--format", "acled-csv", "--from", "2019-01-01", "--country", "Yemen"]
    )
    assert result.exit_code == 0 and pd.read_csv(io.StringIO(result.stdout))["country"].tolist() == ["Yemen"]
    result = runner.invoke(app, ["export", "--db", db, "--format", "parquet"])
    assert result.exit_code == 2
    result = runner.invoke(app, ["export", "--db", db, "--format", "jsonl", "--from", "yesterday"])
    assert result.exit_code == 2
