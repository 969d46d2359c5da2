"""The read endpoints: events, clusters, one event, one article, stats, exports, errors."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from test_api_fixtures import DOUMA_TEXT, build_sample_store

from marsad.api import create_app
from marsad.api.app import static_dir
from marsad.api.routes import EXPORT_MEDIA
from marsad.export import FORMATS
from marsad.store import Store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with build_sample_store(tmp_path_factory.mktemp("api") / "events.db") as sample:
        yield sample


@pytest.fixture(scope="module")
def client(store: Store) -> TestClient:
    return TestClient(create_app(store), raise_server_exceptions=False)


def events(client: TestClient, **params: object) -> dict:
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_list_returns_every_event_with_its_total(client: TestClient, store: Store) -> None:
    page = events(client)
    assert page["total"] == store.count_events() == len(page["events"])
    assert {e["country"] for e in page["events"]} == {"Syria", "Iraq", "Libya"}
    dates = [e["event_date"] for e in page["events"]]
    assert dates == sorted(dates, reverse=True)  # newest first by default


def test_pages_do_not_overlap_and_cover_everything(client: TestClient) -> None:
    total = events(client)["total"]
    seen = [e["id"] for offset in range(total) for e in events(client, limit=1, offset=offset)["events"]]
    assert len(seen) == len(set(seen)) == total
    assert events(client, limit=1, offset=total)["events"] == []


def test_sort_by_fatalities(client: TestClient) -> None:
    tolls = [e["fatalities"] for e in events(client, sort="-fatalities")["events"]]
    assert tolls == sorted(tolls, reverse=True) and tolls[0] == 5


@pytest.mark.parametrize(
    ("params", "countries"),
    [
        ({"country": "iraq"}, {"Iraq"}),
        ({"type": "Battles"}, {"Libya"}),
        ({"date_from": "2019-07-01", "date_to": "2019-07-31"}, {"Iraq"}),
        ({"bbox": "30,25,50,40"}, {"Syria", "Iraq"}),
        ({"actor": "protesters"}, {"Iraq"}),
        ({"text": "طرابلس"}, {"Libya"}),
        ({"admin1": "Rif Dimashq"}, {"Syria"}),
        ({"country": "Chad"}, set()),
    ],
)
def test_filters(client: TestClient, params: dict, countries: set[str]) -> None:
    page = events(client, **params)
    assert {e["country"] for e in page["events"]} == countries
    assert page["total"] == len(page["events"])


def test_empty_form_fields_mean_no_filter(client: TestClient) -> None:
    assert events(client, country="", text="")["total"] == events(client)["total"]


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"bbox": "1,2,3"}, "bbox", "four comma-separated numbers"),
        ({"bbox": "a,b,c,d"}, "bbox", "must be numbers"),
        ({"bbox": "0,50,10,40"}, "bbox", "min_lat is greater"),
        ({"bbox": "0,0,200,10"}, "bbox", "between -180 and 180"),
        ({"date_from": "2019-02-30"}, "date_from", "valid date"),
        ({"date_from": "2019-05-01", "date_to": "2019-04-01"}, "request", "date_from is after date_to"),
        ({"limit": "0"}, "limit", "greater than or equal to 1"),
        ({"sort": "evidence"}, "sort", "event_date"),
        ({"contry": "Syria"}, "contry", "not permitted"),
        ({"min_sources": "many"}, "min_sources", "valid integer"),
        ({"actor": "x\x00y"}, "actor", "control characters"),
    ],
)
def test_malformed_filters_get_422_with_a_message(
    client: TestClient, params: dict, field: str, words: str
) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code == 422
    body = response.json()
    assert body["status"] == 422 and words in body["error"]
    assert any(d["field"] == field and words in d["message"] for d in body["details"]), body


def test_event_has_its_sources_and_their_spans(client: TestClient) -> None:
    (douma,) = events(client, country="Syria")["events"]
    response = client.get(f"/api/events/{douma['id']}")
    assert response.status_code == 200
    event = response.json()
    assert {r["article_id"] for r in event["reports"]} == {"test-001", "test-002"}
    assert event["sources"] == len(event["reports"]) == 2
    first = next(r for r in event["reports"] if r["article_id"] == "test-001")
    toll = first["spans"]["fatalities"]
    assert DOUMA_TEXT[toll["start"] : toll["end"]] == toll["text"] == "قُتل ثلاثة مدنيين"


def test_article_text_with_the_spans_of_its_reports(client: TestClient) -> None:
    response = client.get("/api/articles/test-004")
    assert response.status_code == 200
    article = response.json()
    assert len(article["reports"]) == 2 and all(r["event_id"] for r in article["reports"])
    for report in article["reports"]:
        for found in report["spans"].values():
            source = article["title"] if found["field"] == "title" else article["text"]
            assert source[found["start"] : found["end"]] == found["text"]


@pytest.mark.parametrize(
    ("path", "name"),
    [("/api/events/nope", "nope"), ("/api/articles/nope", "nope"), ("/api/articles/a/b", "a/b")],
)
def test_unknown_ids_get_json_404(client: TestClient, path: str, name: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["status"] == 404 and repr(name) in response.json()["error"]


def test_stats_counts_by_day_type_and_country(client: TestClient, store: Store) -> None:
    stats = client.get("/api/stats").json()
    assert stats["events"] == store.count_events()
    assert stats["by_country"] == {"Iraq": 1, "Libya": 2, "Syria": 1}
    assert stats["by_event_type"]["Battles"] == 1
    assert stats["by_day"]["2019-08-05"] == 1
    assert client.get("/api/stats", params={"country": "Libya"}).json()["events"] == 2


def test_clusters_merge_at_low_zoom_and_split_at_high_zoom(client: TestClient) -> None:
    world = client.get("/api/events/clusters", params={"zoom": 0}).json()
    assert world["located"] == 3 and world["unlocated"] == 1
    assert sum(c["count"] for c in world["clusters"]) == 3
    close = client.get("/api/events/clusters", params={"zoom": 8}).json()
    assert len(close["clusters"]) == 3
    assert all(c["count"] == 1 and c["event_id"] for c in close["clusters"])
    douma = next(c for c in close["clusters"] if 36 < c["longitude"] < 37)
    assert douma["event_types"] == {"Explosions/Remote violence": 1}
    # Cells are about 39 degrees wide at zoom 1: Douma and Basra share one, Tripoli is west of it.
    zoom1 = client.get("/api/events/clusters", params={"zoom": 1}).json()
    assert sorted(c["count"] for c in zoom1["clusters"]) == [1, 2]
    levant = client.get("/api/events/clusters", params={"zoom": 1, "bbox": "30,25,50,40"}).json()
    assert [c["count"] for c in levant["clusters"]] == [2]
    assert levant["clusters"][0]["bbox"] == [36.4036, 30.5085, 47.7804, 33.5722]
    assert levant["unlocated"] == 1  # the bbox does not hide events that have no coordinates


def test_clusters_validate_zoom(client: TestClient) -> None:
    response = client.get("/api/events/clusters", params={"zoom": 21})
    assert response.status_code == 422 and "zoom" in response.json()["error"]


def test_export_acled_csv(client: TestClient) -> None:
    response = client.get("/api/export/acled-csv", params={"country": "Libya"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "marsad-events.csv" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 2 and {row["country"] for row in rows} == {"Libya"}


def test_export_geojson_and_jsonl(client: TestClient, store: Store) -> None:
    collection = client.get("/api/export/geojson").json()
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == store.count_events()
    located = [f for f in collection["features"] if f["geometry"]]
    assert {tuple(f["geometry"]["coordinates"]) for f in located} >= {(13.1913, 32.8872)}
    lines = client.get("/api/export/jsonl", params={"type": "Protests"}).text.splitlines()
    assert [json.loads(line)["location"] for line in lines] == ["Basra"]


def test_export_parquet(client: TestClient, tmp_path: Path) -> None:
    response = client.get("/api/export/parquet")
    assert response.status_code == 200
    target = tmp_path / "events.parquet"
    target.write_bytes(response.content)
    table = pq.read_table(target)
    assert table.num_rows == 4 and "event_date" in table.column_names


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_export_format_is_served_with_its_media_type(client: TestClient, fmt: str) -> None:
    response = client.get(f"/api/export/{fmt}", params={"country": "Iraq"})
    assert response.status_code == 200
    assert response.headers["content-type"] == EXPORT_MEDIA[fmt][0]
    assert response.content


def test_unknown_export_format_is_422(client: TestClient) -> None:
    assert client.get("/api/export/xlsx").status_code == 422


def test_unexpected_errors_are_json_without_trace(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(**_filters: object) -> dict:
        raise RuntimeError("database on fire at /secret/path")

    monkeypatch.setattr(store, "stats", broken)
    response = TestClient(create_app(store), raise_server_exceptions=False).get("/api/stats")
    assert response.status_code == 500
    assert response.json() == {"status": 500, "error": "internal server error", "details": []}
    assert "secret" not in response.text and "Traceback" not in response.text


def test_wrong_method_is_json_405(client: TestClient) -> None:
    response = client.delete("/api/events")
    assert response.status_code == 405 and response.json()["status"] == 405


def test_explorer_page_and_openapi_are_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and 'id="map"' in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    spec = client.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/events", "/api/events/{event_id}", "/api/export/{fmt}", "/api/articles"} <= paths
    assert client.get("/basemap.json").json()["countries"]


def test_static_files_load_nothing_from_outside() -> None:
    # What the page fetches is written in HTML, CSS and JS: none may name another origin.
    external = re.compile(r"""(?:src|href|url|import|fetch)\s*[=(]?\s*["'(]?\s*(?:https?:)?//""")
    files = [p for p in static_dir().rglob("*") if p.suffix in {".html", ".js", ".css", ".svg"}]
    assert len(files) >= 5
    for path in files:
        assert not external.search(path.read_text(encoding="utf-8")), path
