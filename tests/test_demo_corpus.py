"""The bundled demo corpus ``marsad/data/demo``: file formats, and its labelled events
``marsad/data/demo.gold.jsonl``."""

from __future__ import annotations

import contextlib
import json
import re
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse

import pytest

from marsad.model import GUIDE_FIELDS, Event

DEMO = Path(__file__).resolve().parents[1] / "marsad" / "data" / "demo"
PAGES = DEMO / "pages"
GOLD = DEMO.parent / "demo.gold.jsonl"  # kept outside demo/ so that ingesting the folder reads articles only

ARTICLE_KEYS = {"id", "title", "date", "url", "source", "text"}
EXPECTED_KEYS = {"id", "published", "events", "note"}

#: ACLED event types and their sub-types (GUIDE §2).
SUB_TYPES: dict[str, set[str]] = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {
        "Air/drone strike",
        "Shelling/artillery/missile attack",
        "Suicide bomb",
        "Remote explosive/landmine/IED",
        "Grenade",
    },
    "Violence against civilians": {"Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
}

TXT_DATE = re.compile(r"^  • (\d{1,2})/(\d{1,2})/(\d{4})$", re.M)


def read_jsonl(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"{path.name}:{n} is blank"
        row = json.loads(line)
        assert isinstance(row, dict), f"{path.name}:{n} is not an object"
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def articles() -> list[dict]:
    return read_jsonl(DEMO / "articles.jsonl")


@pytest.fixture(scope="module")
def expected() -> list[dict]:
    return read_jsonl(GOLD)


@pytest.fixture(scope="module")
def page_texts() -> dict[str, str]:
    """Page id (the file stem, as ingestion names it) -> the page file decoded as strict UTF-8."""
    return {p.stem: p.read_bytes().decode("utf-8") for p in sorted(PAGES.iterdir())}


@pytest.fixture(scope="module")
def texts(articles, page_texts) -> dict[str, str]:
    """Every article id -> the text its evidence sentences must come from."""
    out = {a["id"]: a["title"] + "\n" + a["text"] for a in articles}
    out.update(page_texts)
    return out


def test_articles_have_the_keys_and_valid_values(articles):
    assert 25 <= len(articles) <= 40
    for a in articles:
        assert set(a) == ARTICLE_KEYS, a.get("id")
        assert re.fullmatch(r"demo-\d{3}", a["id"])
        published = date.fromisoformat(a["date"])
        assert date(2018, 1, 1) <= published <= date(2019, 12, 31), a["id"]
        url = urlparse(a["url"])
        assert url.scheme == "https" and (url.hostname or "").endswith("example.org"), a["url"]
        assert a["source"].strip() and a["title"].strip()
        assert 80 <= len(a["text"].split()) <= 250, (a["id"], len(a["text"].split()))
        assert re.search("[\u0600-\u06ff]", a["text"]), a["id"]


def test_article_ids_and_urls_are_unique(articles):
    ids = [a["id"] for a in articles]
    assert len(ids) == len(set(ids))
    urls = [a["url"] for a in articles]
    assert len(urls) == len(set(urls))


def test_jsonl_is_written_without_ascii_escapes():
    for path in (DEMO / "articles.jsonl", GOLD):
        assert "\\u06" not in path.read_text(encoding="utf-8"), path.name


def test_pages_exist_and_have_the_layouts(page_texts):
    txt = sorted(PAGES.glob("*.txt"))
    html = sorted(PAGES.glob("*.html"))
    assert len(txt) >= 3 and len(html) >= 1
    for path in txt:
        content = page_texts[path.stem]
        lines = content.splitlines()
        assert lines[0].strip() and not lines[0].startswith(" "), path.name
        assert TXT_DATE.search(content), path.name
        assert "news-picture" in lines
        assert content.rstrip().endswith("مشاركة :"), path.name
    for path in html:
        content = page_texts[path.stem]
        for marker in ("<title>", 'property="article:published_time"', 'rel="canonical"', "<article", "<p>"):
            assert marker in content, (path.name, marker)


def test_expected_covers_exactly_the_articles_and_pages(articles, expected, page_texts):
    for row in expected:
        assert set(row) == EXPECTED_KEYS, row.get("id")
        assert isinstance(row["events"], list) and isinstance(row["note"], str)
        date.fromisoformat(row["published"])
    ids = [row["id"] for row in expected]
    assert len(ids) == len(set(ids))
    assert set(ids) == {a["id"] for a in articles} | set(page_texts)


def test_expected_publication_dates_agree_with_the_sources(articles, expected, page_texts):
    published = {row["id"]: date.fromisoformat(row["published"]) for row in expected}
    for a in articles:
        assert published[a["id"]] == date.fromisoformat(a["date"]), a["id"]
    for pid, content in page_texts.items():
        if (m := TXT_DATE.search(content)) is not None:
            a, b, year = (int(x) for x in m.groups())
            readings = set()
            for month, day in ((a, b), (b, a)):
                with contextlib.suppress(ValueError):
                    readings.add(date(year, month, day))
            assert published[pid] in readings, pid
        else:
            m = re.search(r'article:published_time" content="(\d{4}-\d\d-\d\d)', content)
            assert m is not None, pid
            assert published[pid] == date.fromisoformat(m.group(1)), pid


def test_expected_events_follow_the_guide(expected, texts):
    n_events = 0
    for row in expected:
        published = date.fromisoformat(row["published"])
        for ev in row["events"]:
            n_events += 1
            where = (row["id"], ev.get("event_type"), ev.get("location"))
            assert list(ev) == list(GUIDE_FIELDS), where
            assert ev["sub_event_type"] in SUB_TYPES[ev["event_type"]], where
            day = date.fromisoformat(ev["event_date"])
            assert published - timedelta(days=30) <= day <= published, where  # GUIDE §1: 30-day rule
            assert ev["time_precision"] in (1, 2, 3), where
            if ev["time_precision"] == 3:
                assert day.day == 15, where
            assert ev["geo_precision"] in (1, 2, 3, None), where
            assert isinstance(ev["fatalities"], int) and not isinstance(ev["fatalities"], bool), where
            assert ev["fatalities"] >= 0, where
            assert ev["injured"] is None or (isinstance(ev["injured"], int) and ev["injured"] >= 0), where
            assert isinstance(ev["country"], str) and ev["country"], where
            assert isinstance(ev["actor1"], str) and ev["actor1"], where
            assert ev["actor2"] is None or (isinstance(ev["actor2"], str) and ev["actor2"]), where
            if ev["location"] is not None:
                assert ev["location_ar"] and ev["location_ar"] in texts[row["id"]], where
            assert ev["evidence"] and ev["evidence"] in texts[row["id"]], where
            Event.from_dict(ev)  # loads into the shared data model
    assert n_events >= 30


def test_non_conflict_articles_and_same_incident_reports_are_present(articles, expected):
    outlet = {a["id"]: a["source"] for a in articles}
    assert sum(1 for row in expected if not row["events"]) >= 3
    reports: dict[tuple, set[str]] = defaultdict(set)
    for row in expected:
        for ev in row["events"]:
            key = (ev["country"], ev["event_type"], ev["location"], ev["event_date"])
            reports[key].add(row["id"])
    shared = [ids for ids in reports.values() if len(ids) >= 2]
    assert len(shared) >= 3
    for ids in shared:  # each such incident comes from distinct outlets (a page is its own outlet)
        sources = [outlet.get(i, i) for i in ids]
        assert len(set(sources)) == len(sources), ids
