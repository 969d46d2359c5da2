"""Extraction quality on the bundled demo corpus and its labelled events (runs without ../shared).

The demo articles were written for marsad and labelled by the GUIDE, independently
of the development set the engine is tuned on, so this guards against regressions
that the dev set would not show (though later tuning rounds looked at its misses too).
The floors sit a little under the measured values.
"""

import json
from pathlib import Path

from marsad.evaluate import evaluate
from marsad.extract import article_result, extract_events
from marsad.geo import Gazetteer
from marsad.ingest import read_paths
from marsad.model import Article

DATA = Path(__file__).resolve().parents[1] / "marsad" / "data"


def test_demo_corpus_scores_above_its_floor() -> None:
    gazetteer = Gazetteer.load()
    articles = [item for item in read_paths([DATA / "demo"]) if isinstance(item, Article)]
    predicted = [article_result(article, extract_events(article, gazetteer)) for article in articles]
    gold = [json.loads(line) for line in (DATA / "demo.gold.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {a.id for a in articles} == {g["id"] for g in gold}  # every labelled article is read
    summary = evaluate(predicted, gold)
    assert summary["f1"] >= 0.88, summary  # measured 0.935
    assert summary["article_detection"]["accuracy"] >= 0.9, summary
    assert summary["fields"]["event_date"] >= 0.95, summary
