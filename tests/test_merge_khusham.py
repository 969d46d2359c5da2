"""The reference incident end to end: the ANT reports of the 7 February 2018 battle near
Khusham (Deir ez-Zor), from several outlets over several days, become one merged event."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from marsad.ingest import read_paths
from marsad.store import Store
from marsad.store.ingest import ingest_items

#: What the articles about the battle have in common: published that February, naming
#: the province and the Russian fighters the US strikes killed.
_PROVINCE, _RUSSIANS = "دير الزور", "روس"


@pytest.mark.shared
def test_the_khusham_reports_merge_into_one_event_with_several_sources(
    shared_dir: Path, tmp_path: Path
) -> None:
    selection = tmp_path / "khusham.jsonl"  # a working copy in the test's temporary folder only
    with gzip.open(shared_dir / "corpus" / "conflict_sample.jsonl.gz", "rt", encoding="utf-8") as corpus:
        records = [json.loads(line) for line in corpus]
    chosen = [
        r
        for r in records
        if r["id"].startswith("ant-")
        and r["date"].startswith("2018-02")
        and _PROVINCE in r["text"]
        and _RUSSIANS in r["text"]
    ]
    assert len(chosen) >= 3
    selection.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chosen), encoding="utf-8")

    with Store(str(tmp_path / "khusham.db")) as store:
        summary = ingest_items(read_paths([selection]), store)
        assert summary.stored == len(chosen) and summary.failed == 0
        candidates = store.query_events(
            country="Syria",
            admin1="Deir ez-Zor",
            date_from="2018-02-06",
            date_to="2018-02-08",
            sort="-sources",
        )
        # One incident, one event: no report of it is left as an event of its own.
        assert len(candidates) == 1, [(c["location"], c["actor1"], c["actor2"]) for c in candidates]
        battle = store.get_event(candidates[0]["id"])
    assert battle is not None
    assert (battle["location"], battle["event_date"]) == ("Khusham", "2018-02-07")
    assert battle["sources"] >= 4
    assert len(battle["outlets"]) >= 2
    assert battle["first_published"] < battle["last_published"]  # reported over several days
    assert {r["article_id"] for r in battle["reports"]} <= {r["id"] for r in chosen}
