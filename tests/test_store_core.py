"""The store on SQLite and, when ``MARSAD_TEST_PG_URL`` is set, on PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from builders import STRIKE_TEXT, article, report

from marsad.model import Event, Span
from marsad.pipeline import content_hash
from marsad.store import EventPoint, Store
from marsad.store.core import database_url
from marsad.store.ingest import ingest_items
from marsad.store.migrations import LATEST_VERSION, SchemaTooNewError, schema_version, upgrade

PG_URL = os.environ.get("MARSAD_TEST_PG_URL")
V2_INDEXES = (
    "ix_reports_article_id",
    "ix_event_reports_report_id",
    "ix_events_event_date",
    "ix_events_country_admin1",
    "ix_events_event_type",
)
BACKENDS = [
    "sqlite",
    pytest.param("postgresql", marks=pytest.mark.skipif(not PG_URL, reason="no PostgreSQL")),
]


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a PostgreSQL database of its own."""
    if request.param == "sqlite":
        yield str(tmp_path / "marsad.db")
        return
    assert PG_URL is not None
    # A database of its own per test (pg8000 takes no per-connection search_path option).
    name = f"test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield str(sa.engine.make_url(PG_URL).set(database=name).render_as_string(hide_password=False))
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with Store(store_url) as opened:
        yield opened


def strike(article_id: str, **fields: object) -> Event:
    """The Khusham strike as the default article tells it: twelve killed, its village a span."""
    village = STRIKE_TEXT.index("الشعيطات")
    values: dict[str, object] = {
        "fatalities": 12,
        "evidence": STRIKE_TEXT,
        "spans": {"location": Span(village, village + len("الشعيطات"), "الشعيطات")},
    }
    return report(article_id, **{**values, **fields})


def protest(article_id: str, **fields: object) -> Event:
    """A peaceful protest in Basra."""
    values: dict[str, object] = {
        "event_type": "Protests",
        "sub_event_type": "Peaceful protest",
        "event_date": date(2019, 7, 2),
        "country": "Iraq",
        "admin1": "Basra",
        "location": "Basrah",
        "location_ar": "البصرة",
        "actor1": "Protesters (Iraq)",
        "actor2": None,
        "evidence": "تظاهر المئات في البصرة.",
        "latitude": 30.51,
        "longitude": 47.78,
    }
    return report(article_id, **{**values, **fields})


def fill(store: Store) -> None:
    """Three outlets on one strike, and two protests in Iraq."""
    store.add_article(article("strike-a"), [strike("strike-a", fatalities=12)])
    store.add_article(article("strike-b", published=date(2018, 2, 10)), [strike("strike-b", fatalities=30)])
    store.add_article(
        article("strike-c", published=date(2018, 2, 11)), [strike("strike-c", event_date=date(2018, 2, 8))]
    )
    store.add_article(
        article("protest-d", published=date(2019, 7, 3), text="تظاهر المئات في البصرة."),
        [protest("protest-d"), protest("protest-d", location="Zubayr", latitude=30.39, longitude=47.70)],
    )
    store.merge()


def test_add_article_is_idempotent_and_replaces_a_changed_article(store: Store) -> None:
    assert store.add_article(article("a1"), [strike("a1")]) == "stored"
    assert store.add_article(article("a1"), [strike("a1")]) == "skipped"
    assert store.table_counts()["reports"] == 1
    changed = article("a1", text="نص معدل عن غارتين على قريتين.")
    assert store.add_article(changed, [strike("a1"), strike("a1", location="Tabiyah")]) == "replaced"
    stored = store.get_article("a1")
    assert stored is not None and stored["text"] == changed.text
    assert [r["location"] for r in stored["reports"]] == ["Khusham", "Tabiyah"]


def test_a_changed_extractor_recodes_a_stored_article(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    assert store.add_article(article("a1"), [strike("a1")]) == "stored"
    monkeypatch.setattr("marsad.pipeline.extractor_fingerprint", lambda: "new lexicons and rules")
    assert store.add_article(article("a1"), [strike("a1", location="Tabiyah")]) == "replaced"
    stored = store.get_article("a1")
    assert stored is not None and [r["location"] for r in stored["reports"]] == ["Tabiyah"]
    assert store.table_counts()["articles"] == 1


def test_stored_hashes_answers_for_many_ids_in_batches(store: Store) -> None:
    stored = [article(f"a{index}") for index in range(3)]
    for item in stored:
        store.add_article(item, [])
    asked = [f"a{index}" for index in range(1200)] + ["a1"]  # more ids than one query takes, a repeat
    hashes = store.stored_hashes(asked)
    assert hashes == {item.id: content_hash(item) for item in stored}
    assert store.article_status("a2", content_hash(stored[2])) == "same"
    assert store.article_status("a2", "another-hash") == "changed"


def test_ingest_skips_an_id_repeated_within_one_lookup_batch(store: Store) -> None:
    first = article("a1")
    summary = ingest_items([first, article("a1"), article("a2")], store, merge=False)
    assert (summary.read, summary.stored, summary.skipped, summary.failed) == (3, 2, 1, 0)
    assert "extract" in summary.stage_seconds and store.table_counts()["articles"] == 2


def test_a_failed_write_leaves_nothing_behind(store: Store) -> None:
    broken = strike("a1", event_type=None)  # NOT NULL: the second insert of the transaction fails
    # DBAPIError: drivers differ in how they classify a NOT NULL violation (pg8000: ProgrammingError).
    with pytest.raises(sa.exc.DBAPIError):
        store.add_article(article("a1"), [broken])
    assert store.table_counts()["articles"] == 0
    assert store.article_status("a1", "any-hash") == "new"


def test_merge_folds_the_outlets_into_one_event_with_its_sources(store: Store) -> None:
    fill(store)
    assert store.count_events() == 3
    [event] = store.query_events(country="Syria")
    assert event["sources"] == 3
    assert event["fatalities"] == 12 and event["fatalities_high"] == 30
    assert event["source_urls"] == [f"https://news.example/strike-{x}" for x in "abc"]
    assert (event["latitude"], event["longitude"]) == (35.29, 40.31)
    full = store.get_event(event["id"])
    assert full is not None
    assert [r["article_id"] for r in full["reports"]] == ["strike-a", "strike-b", "strike-c"]
    first = full["reports"][0]
    assert first["outlet"] == "outlet-a" and first["published"] == "2018-02-09"
    assert first["spans"]["location"]["text"] == "الشعيطات"
    assert store.get_event("nope") is None


def test_merge_is_deterministic_across_rebuilds_and_insertion_orders(store_url: str, tmp_path: Path) -> None:
    with Store(store_url) as first:
        fill(first)
        ids = [e["id"] for e in first.query_events(limit=None, sort="id")]
        first.merge()
        assert [e["id"] for e in first.query_events(limit=None, sort="id")] == ids
    with Store(str(tmp_path / "reversed.db")) as second:
        second.add_article(
            article("protest-d", published=date(2019, 7, 3), text="تظاهر المئات في البصرة."),
            [protest("protest-d"), protest("protest-d", location="Zubayr", latitude=30.39, longitude=47.70)],
        )
        second.add_article(
            article("strike-c", published=date(2018, 2, 11)),
            [strike("strike-c", event_date=date(2018, 2, 8))],
        )
        second.add_article(
            article("strike-b", published=date(2018, 2, 10)), [strike("strike-b", fatalities=30)]
        )
        second.add_article(article("strike-a"), [strike("strike-a", fatalities=12)])
        second.merge()
        assert [e["id"] for e in second.query_events(limit=None, sort="id")] == ids


def test_replacing_an_article_drops_its_links_until_the_next_merge(store: Store) -> None:
    fill(store)
    [event] = store.query_events(country="Syria")
    store.add_article(article("strike-b", text="تصحيح: لا غارة."), [])
    assert [r["article_id"] for r in store.get_event(event["id"])["reports"]] == ["strike-a", "strike-c"]
    store.merge()
    [rebuilt] = store.query_events(country="Syria")
    assert rebuilt["id"] == event["id"] and rebuilt["sources"] == 2


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, 3),
        ({"country": "iraq"}, 2),
        ({"admin1": "Deir ez-Zor"}, 1),
        ({"date_from": "2019-01-01"}, 2),
        ({"date_to": date(2018, 12, 31)}, 1),
        ({"event_type": "Protests"}, 2),
        ({"actor": "coalition"}, 1),
        ({"text": "خشام"}, 1),
        ({"bbox": (47.0, 30.45, 48.0, 31.0)}, 1),
        ({"min_sources": 2}, 1),
        ({"located": True}, 3),
        ({"located": False}, 0),
        ({"country": "Syria' OR '1'='1"}, 0),
        ({"actor": "%"}, 0),
        ({"text": "_"}, 0),
    ],
)
def test_filters(store: Store, filters: dict[str, object], expected: int) -> None:
    fill(store)
    assert store.count_events(**filters) == expected
    assert len(store.query_events(**filters)) == expected


def test_points_are_the_located_events_that_match_as_light_tuples(store: Store) -> None:
    fill(store)
    store.add_article(
        article("unlocated-e", published=date(2019, 7, 4)),
        [
            protest(
                "unlocated-e",
                country="Yemen",
                **dict.fromkeys(("admin1", "location", "location_ar", "latitude", "longitude")),
            )
        ],
    )
    store.merge()
    located = {
        (e["id"], e["latitude"], e["longitude"], e["event_type"], e["fatalities"])
        for e in store.query_events(limit=None)
        if e["latitude"] is not None
    }
    points = store.points()
    assert set(points) == located and len(points) == 3
    assert points[0] == EventPoint(*points[0]) and isinstance(points[0].latitude, float)
    assert store.count_events(located=False) == 1 and store.count_events(located=True) == 3
    # The filters mean what they mean elsewhere, and every value is a bound parameter.
    iraq = store.points(country="iraq", date_from="2019-07-01")
    assert sorted(p.longitude for p in iraq) == [47.7, 47.78] and {p.event_type for p in iraq} == {"Protests"}
    [zubayr] = store.points(bbox=(47.0, 30.0, 47.75, 31.0))
    assert (zubayr.latitude, zubayr.longitude, zubayr.fatalities) == (30.39, 47.7, 0)
    [syria] = store.points(min_sources=3, located=True)
    assert (syria.event_type, syria.fatalities) == ("Explosions/Remote violence", 12)
    assert store.points(country="Syria' OR '1'='1") == [] and store.points(text="%") == []


def test_sorting_and_paging(store: Store) -> None:
    fill(store)
    newest_first = store.query_events()
    assert [e["event_date"] for e in newest_first] == ["2019-07-02", "2019-07-02", "2018-02-07"]
    pages = store.query_events(limit=2, sort="event_date") + store.query_events(
        limit=2, offset=2, sort="event_date"
    )
    assert [e["id"] for e in pages] == [e["id"] for e in store.query_events(limit=None, sort="event_date")]
    assert store.query_events(sort="-sources")[0]["sources"] == 3
    with pytest.raises(ValueError, match="cannot sort"):
        store.query_events(sort="title; DROP TABLE events")


def test_get_article_lists_its_reports_with_their_events(store: Store) -> None:
    fill(store)
    stored = store.get_article("protest-d")
    assert stored is not None
    assert stored["published"] == "2019-07-03" and stored["outlet"] == "outlet-d"
    assert [r["report_id"] for r in stored["reports"]] == ["protest-d#0", "protest-d#1"]
    assert all(r["event_id"] for r in stored["reports"])
    assert store.get_article("missing") is None


def test_stats(store: Store) -> None:
    fill(store)
    stats = store.stats()
    assert stats["events"] == 3 and stats["fatalities"] == 12
    assert stats["by_day"] == {"2018-02-07": 1, "2019-07-02": 2}
    assert stats["by_event_type"] == {"Explosions/Remote violence": 1, "Protests": 2}
    assert stats["by_country"] == {"Iraq": 2, "Syria": 1}
    assert store.stats(country="Syria")["by_country"] == {"Syria": 1}


def test_a_newer_marsad_opens_an_older_database(store_url: str) -> None:
    with Store(store_url) as old:
        old.add_article(article("a1"), [strike("a1")])
    engine = sa.create_engine(database_url(store_url))
    with engine.begin() as conn:  # take the database back to version 1, as an older marsad left it
        for index in V2_INDEXES:
            conn.execute(sa.text(f"DROP INDEX {index}"))
        conn.execute(sa.text("UPDATE marsad_schema SET version = 1"))
    with Store(store_url) as reopened:
        assert reopened.get_article("a1") is not None
        assert reopened.add_article(article("a2"), [strike("a2")]) == "stored"
    with engine.connect() as conn:
        assert schema_version(conn) == LATEST_VERSION
        indexes = {
            i["name"]
            for table in ("reports", "events", "event_reports")
            for i in sa.inspect(conn).get_indexes(table)
        }
        assert set(V2_INDEXES) <= indexes
    engine.dispose()


def test_an_older_marsad_refuses_a_newer_database(store_url: str) -> None:
    Store(store_url).close()
    engine = sa.create_engine(database_url(store_url))
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE marsad_schema SET version = :v"), {"v": LATEST_VERSION + 1})
    engine.dispose()
    with pytest.raises(SchemaTooNewError, match="newer"):
        Store(store_url)


def test_migrations_run_in_order_from_an_empty_database(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as conn:
        assert upgrade(conn, target=1) == 1
        assert set(sa.inspect(conn).get_table_names()) == {
            "marsad_schema",
            "articles",
            "reports",
            "events",
            "event_reports",
        }
        assert upgrade(conn) == LATEST_VERSION
    engine.dispose()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("postgresql://u@db.example/marsad", "postgresql+pg8000://u@db.example/marsad"),
        ("postgres://u@db.example/marsad", "postgresql+pg8000://u@db.example/marsad"),
        ("postgresql+pg8000://u@h/d", "postgresql+pg8000://u@h/d"),
        ("sqlite:///x.db", "sqlite:///x.db"),
        (":memory:", "sqlite://"),
    ],
)
def test_database_urls(typed: str, expected: str) -> None:
    assert database_url(typed) == expected


def test_a_plain_path_is_an_absolute_sqlite_file_in_wal_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert database_url("events.db") == f"sqlite:///{tmp_path / 'events.db'}"
    with Store("events.db") as opened:
        opened.add_article(article("a1"), [strike("a1")])
    with sa.create_engine(database_url("events.db")).connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_an_in_memory_store_keeps_its_data_across_calls() -> None:
    with Store(":memory:") as memory:
        memory.add_article(article("a1"), [strike("a1")])
        memory.merge()
        assert memory.count_events() == 1
