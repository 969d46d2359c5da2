"""GUIDE §7 scoring on tiny handmade gold/prediction pairs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from typer.main import get_group

from marsad.app import app
from marsad.commands import register_all
from marsad.evaluate import evaluate, fold_arabic_place, fold_english_place, match_events, places_agree


def _event(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "event_date": "2018-02-07",
        "time_precision": 1,
        "country": "Syria",
        "admin1": "Idlib",
        "location": "Saraqib",
        "location_ar": "سراقب",
        "geo_precision": 1,
        "actor1": "Military Forces of Russia",
        "actor2": "Civilians (Syria)",
        "fatalities": 4,
        "injured": None,
        "evidence": "",
    }
    base.update(overrides)
    return base


def _score(pred: list[dict[str, Any]], gold: list[dict[str, Any]]) -> dict[str, Any]:
    return evaluate([{"id": "a", "events": pred}], [{"id": "a", "published": "2018-02-08", "events": gold}])


def test_identical_events_score_perfectly() -> None:
    summary = _score([_event()], [_event()])
    assert (summary["precision"], summary["recall"], summary["f1"]) == (1.0, 1.0, 1.0)
    assert all(value == 1.0 for value in summary["fields"].values())
    assert summary["fatalities_mae"] == 0.0


def test_date_within_one_day_matches_but_two_days_does_not() -> None:
    near = _score([_event(event_date="2018-02-08")], [_event()])
    assert near["matched"] == 1
    assert near["fields"]["event_date"] == 0.0
    far = _score([_event(event_date="2018-02-09")], [_event()])
    assert far["matched"] == 0


def test_country_and_type_must_agree() -> None:
    assert _score([_event(country="Iraq")], [_event()])["matched"] == 0
    assert _score([_event(event_type="Battles")], [_event()])["matched"] == 0


def test_admin1_decides_when_a_location_is_null() -> None:
    assert _score([_event(location=None, location_ar=None)], [_event()])["matched"] == 1
    assert _score([_event(location=None, location_ar=None, admin1="Aleppo")], [_event()])["matched"] == 0


def test_different_locations_do_not_match() -> None:
    assert _score([_event(location="Ariha", location_ar="أريحا")], [_event()])["matched"] == 0


def test_english_place_folding() -> None:
    assert fold_english_place("Deir ez-Zor") == fold_english_place("deir ez zor")
    assert fold_english_place("Al-Bab") == fold_english_place("Bab")
    assert fold_english_place("Ma'arrat al-Nu'man") == fold_english_place("Maarrat Numan")
    assert fold_english_place("Şanlıurfa") == fold_english_place("Sanliurfa")
    assert fold_english_place("Douma") != fold_english_place("Duma")


def test_arabic_place_folding() -> None:
    assert fold_arabic_place("الرقة") == fold_arabic_place("رقه")
    assert fold_arabic_place("إدلب") == fold_arabic_place("ادلب")
    assert fold_arabic_place("المنى") == fold_arabic_place("مني")
    assert fold_arabic_place("سراقب") != fold_arabic_place("أريحا")


def test_arabic_form_agrees_when_english_spellings_differ() -> None:
    predicted = _event(location="Duma", location_ar="دوما")
    gold = _event(location="Douma", location_ar="دوما")
    assert places_agree(predicted, gold)


def test_battles_actors_compared_as_unordered_pair() -> None:
    gold = _event(event_type="Battles", sub_event_type="Armed clash", actor1="A", actor2="B")
    summary = _score([dict(gold, actor1="B", actor2="A")], [gold])
    assert summary["fields"]["actor1"] == 1.0 and summary["fields"]["actor2"] == 1.0


def test_actor_order_matters_outside_battles() -> None:
    summary = _score([_event(actor1="Civilians (Syria)", actor2="Military Forces of Russia")], [_event()])
    assert summary["fields"]["actor1"] == 0.0 and summary["fields"]["actor2"] == 0.0


def test_matching_is_one_to_one() -> None:
    summary = _score([_event(), _event()], [_event()])
    assert summary["matched"] == 1 and summary["precision"] == 0.5 and summary["recall"] == 1.0


def test_greedy_matching_takes_best_agreement_first() -> None:
    gold = [_event(fatalities=4, event_date="2018-02-07"), _event(fatalities=9, event_date="2018-02-08")]
    # The first prediction could match either gold event; its exact date and toll
    # agree with the second one, so best-first gives it that one.
    predicted = [_event(fatalities=9, event_date="2018-02-08"), _event(fatalities=4, event_date="2018-02-07")]
    assert sorted(match_events(predicted, gold)) == [(0, 1), (1, 0)]


def test_fatalities_mae_and_detection() -> None:
    summary = evaluate(
        [{"id": "a", "events": [_event(fatalities=6)]}, {"id": "b", "events": [_event()]}],
        [
            {"id": "a", "events": [_event(fatalities=4)]},
            {"id": "b", "events": []},
            {"id": "c", "events": [_event()]},
        ],
        with_misses=True,
    )
    assert summary["fatalities_mae"] == 2.0
    assert summary["article_detection"]["tp"] == 1
    assert summary["article_detection"]["fp"] == 1
    assert summary["article_detection"]["fn"] == 1
    assert [m["id"] for m in summary["missed"]] == ["c"]
    assert [s["id"] for s in summary["spurious"]] == ["b"]
    assert summary["mismatched"][0]["fields"] == ["fatalities"]


def test_eval_command_scores_a_predictions_file(tmp_path: Path) -> None:
    gold_path = tmp_path / "gold.jsonl"
    pred_path = tmp_path / "pred.jsonl"
    gold_path.write_text(json.dumps({"id": "a", "published": "2018-02-08", "events": [_event()]}) + "\n")
    pred_path.write_text(json.dumps({"id": "a", "events": [_event()]}) + "\n")
    register_all()
    arguments = ["eval", "--gold", str(gold_path), "--predictions", str(pred_path)]
    result = CliRunner().invoke(get_group(app), arguments)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["f1"] == 1.0


def test_eval_command_needs_articles_or_predictions(tmp_path: Path) -> None:
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text("")
    register_all()
    result = CliRunner().invoke(get_group(app), ["eval", "--gold", str(gold_path)])
    assert result.exit_code == 2
