"""Bodies: extraction without storing, ingest behind the bearer token, the size limit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_api_fixtures import TOKEN, build_sample_store

from marsad.api import create_app
from marsad.store import Store

# Written for this test: a shelling of Douma yesterday, three civilians killed.
ARTICLE = {
    "id": "api-test-1",
    "title": "مقتل ثلاثة مدنيين بقصف لقوات النظام على دوما",
    "date": "2019-03-11",
    "url": "https://news.example.org/api-test-1",
    "source": "وكالة الاختبار",
    "text": "قُتل ثلاثة مدنيين أمس في قصف مدفعي شنته قوات النظام السوري على مدينة دوما في ريف دمشق.",
}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with build_sample_store(tmp_path / "writes.db") as sample:
        yield sample


def client_for(store: Store, **options: object) -> TestClient:
    return TestClient(create_app(store, **options), raise_server_exceptions=False)  # type: ignore[arg-type]


def test_extract_returns_events_and_stores_nothing(store: Store) -> None:
    before = store.table_counts()
    response = client_for(store).post("/api/extract", json=ARTICLE)
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["id"] == "api-test-1" and result["published"] == "2019-03-11"
    assert result["events"], "a dated report of a shelling yields an event"
    event = result["events"][0]
    assert event["country"] == "Syria"
    for found in event["spans"].values():
        source = result["title"] if found["field"] == "title" else result["text"]
        assert source[found["start"] : found["end"]] == found["text"]
    assert store.table_counts() == before


def test_extract_rejects_a_body_without_text(store: Store) -> None:
    response = client_for(store).post("/api/extract", json={"title": "عنوان فقط"})
    assert response.status_code == 422
    assert response.json()["details"] == [{"field": "text", "message": "Field required"}]


def test_extract_rejects_unknown_keys(store: Store) -> None:
    response = client_for(store).post("/api/extract", json={**ARTICLE, "txt": "..."})
    assert response.status_code == 422 and "txt" in response.json()["error"]


def test_writes_are_disabled_without_a_configured_token(store: Store) -> None:
    response = client_for(store).post("/api/articles", json=ARTICLE, headers={"Authorization": "Bearer x"})
    assert response.status_code == 403 and "disabled" in response.json()["error"]
    assert store.get_article("api-test-1") is None


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}, {"Authorization": TOKEN}],
)
def test_writes_without_the_token_get_401(store: Store, headers: dict[str, str]) -> None:
    response = client_for(store, api_token=TOKEN).post("/api/articles", json=ARTICLE, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error"] == "a valid bearer token is required"
    assert store.get_article("api-test-1") is None


def test_ingest_with_the_token_stores_and_merges(store: Store) -> None:
    client = client_for(store, api_token=TOKEN)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    response = client.post("/api/articles", json=ARTICLE, headers=auth)
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["outcome"] == "stored" and result["reports"] >= 1 and result["event_ids"]
    event = client.get(f"/api/events/{result['event_ids'][0]}").json()
    assert "api-test-1" in {r["article_id"] for r in event["reports"]}
    again = client.post("/api/articles", json=ARTICLE, headers=auth).json()
    assert again["outcome"] == "skipped" and again["event_ids"] == result["event_ids"]
    edited = {**ARTICLE, "text": ARTICLE["text"] + " وأصيب خمسة آخرون."}
    assert client.post("/api/articles", json=edited, headers=auth).json()["outcome"] == "replaced"


def test_oversized_body_gets_413(store: Store) -> None:
    client = client_for(store, api_token=TOKEN, max_body_bytes=1_000)
    big = {**ARTICLE, "text": "قصف " * 1_000}
    for path in ("/api/extract", "/api/articles"):
        response = client.post(path, json=big)
        assert response.status_code == 413
        assert response.json()["error"] == "request body is larger than the limit of 1000 bytes"


def test_oversized_chunked_body_gets_413(store: Store) -> None:
    # No Content-Length: the limit is enforced while the body streams in.
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(50):
            yield b"x" * 100
        yield b'"}'

    response = client_for(store, max_body_bytes=1_000).post(
        "/api/extract", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413 and response.json()["status"] == 413


def test_malformed_json_body_is_a_json_error(store: Store) -> None:
    response = client_for(store).post(
        "/api/extract", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422 and response.json()["status"] == 422
