"""GUIDE §7 scoring: predicted event reports against the gold standard.

A predicted event matches a gold event of the same article when the countries
are equal, the event types are equal, the dates are at most one day apart and
the places agree.  Matching is one-to-one and greedy, best agreement first.
On matched pairs the per-field accuracies are reported; for ``Battles`` the two
actors are compared as an unordered pair (who "attacked" in a clash is often a
matter of wording, not of fact).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from marsad.text import normalize_key

#: Fields whose accuracy is reported on matched pairs, in report order.
SCORED_FIELDS: tuple[str, ...] = (
    "sub_event_type",
    "event_date",
    "admin1",
    "location",
    "fatalities",
    "actor1",
    "actor2",
)

_APOSTROPHES_RE = re.compile(r"['`’‘ʿʾ]")
_SEPARATORS_RE = re.compile(r"[-‐‑–—_\s]+")
_ARABIC_ARTICLE_RE = re.compile(r"(?:^|(?<=\s))ال(?=\S\S)")


def fold_english_place(name: str | None) -> str | None:
    """Case, diacritics, hyphens, apostrophes and the article «al-» folded away.

    ``"Deir ez-Zor"`` and ``"deir ez zor"`` fold alike, as do ``"Al-Bab"`` and ``"Bab"``.
    """
    if not name:
        return None
    decomposed = unicodedata.normalize("NFKD", name.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = _APOSTROPHES_RE.sub("", plain).replace("ı", "i")  # Turkish dotless i has no decomposition
    words = [w for w in _SEPARATORS_RE.split(plain) if w and w not in ("al", "el")]
    return "".join(words) or None


def fold_arabic_place(name: str | None) -> str | None:
    """Hamza forms, ta marbuta, alef maqsura and the article «ال» folded away."""
    if not name:
        return None
    key = normalize_key(name)
    key = _ARABIC_ARTICLE_RE.sub("", key)
    return key.replace(" ", "") or None


def places_agree(predicted: Mapping[str, Any], gold: Mapping[str, Any]) -> bool:
    """Same location (English or Arabic form), or same admin1 when either location is null."""
    if not predicted.get("location") or not gold.get("location"):
        return fold_english_place(predicted.get("admin1")) == fold_english_place(gold.get("admin1"))
    return _same_location(predicted, gold)


def _same_location(predicted: Mapping[str, Any], gold: Mapping[str, Any]) -> bool:
    english_p = fold_english_place(predicted.get("location"))
    english_g = fold_english_place(gold.get("location"))
    if english_p is None and english_g is None:
        return True
    if english_p is not None and english_p == english_g:
        return True
    arabic_p = fold_arabic_place(predicted.get("location_ar"))
    return arabic_p is not None and arabic_p == fold_arabic_place(gold.get("location_ar"))


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _date_gap(predicted: Mapping[str, Any], gold: Mapping[str, Any]) -> int | None:
    p, g = _as_date(predicted.get("event_date")), _as_date(gold.get("event_date"))
    if p is None or g is None:
        return None
    return abs((p - g).days)


def can_match(predicted: Mapping[str, Any], gold: Mapping[str, Any]) -> bool:
    """GUIDE §7 match condition: country, event type, date within one day, places agree."""
    if predicted.get("country") != gold.get("country"):
        return False
    if predicted.get("event_type") != gold.get("event_type"):
        return False
    gap = _date_gap(predicted, gold)
    if gap is None or gap > 1:
        return False
    return places_agree(predicted, gold)


def actors_for_comparison(predicted: Mapping[str, Any], gold: Mapping[str, Any]) -> tuple[Any, Any]:
    """The predicted (actor1, actor2), swapped for Battles when that ordering agrees better."""
    a1, a2 = predicted.get("actor1"), predicted.get("actor2")
    if gold.get("event_type") == "Battles":
        straight = (a1 == gold.get("actor1")) + (a2 == gold.get("actor2"))
        swapped = (a2 == gold.get("actor1")) + (a1 == gold.get("actor2"))
        if swapped > straight:
            return a2, a1
    return a1, a2


def field_agreement(predicted: Mapping[str, Any], gold: Mapping[str, Any]) -> dict[str, bool]:
    """For one matched pair: which scored fields agree."""
    actor1, actor2 = actors_for_comparison(predicted, gold)
    return {
        "sub_event_type": predicted.get("sub_event_type") == gold.get("sub_event_type"),
        "event_date": _date_gap(predicted, gold) == 0,
        "admin1": fold_english_place(predicted.get("admin1")) == fold_english_place(gold.get("admin1")),
        "location": _same_location(predicted, gold),
        "fatalities": int(predicted.get("fatalities") or 0) == int(gold.get("fatalities") or 0),
        "actor1": actor1 == gold.get("actor1"),
        "actor2": actor2 == gold.get("actor2"),
    }


def match_events(
    predicted: list[Mapping[str, Any]], gold: list[Mapping[str, Any]]
) -> list[tuple[int, int]]:
    """One-to-one greedy matching, best agreement first: ``[(pred_index, gold_index), ...]``.

    Agreement is the number of scored fields that agree; ties go to the smaller
    date gap, then to article order, so the result is deterministic.
    """
    candidates: list[tuple[int, int, int, int]] = []
    for p_index, p in enumerate(predicted):
        for g_index, g in enumerate(gold):
            if can_match(p, g):
                agreement = sum(field_agreement(p, g).values())
                gap = _date_gap(p, g) or 0
                candidates.append((-agreement, gap, g_index, p_index))
    candidates.sort()
    used_pred: set[int] = set()
    used_gold: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, _, g_index, p_index in candidates:
        if p_index in used_pred or g_index in used_gold:
            continue
        used_pred.add(p_index)
        used_gold.add(g_index)
        pairs.append((p_index, g_index))
    return pairs


def _ratio(numerator: float, denominator: float) -> float:
    return round(numerator / denominator, 4) if denominator else 0.0


def _f1(precision: float, recall: float) -> float:
    return round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0


def _brief(event: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of an event worth reading in a miss report (GUIDE fields, no spans)."""
    keys = (
        "event_type", "sub_event_type", "event_date", "time_precision", "country", "admin1",
        "location", "location_ar", "geo_precision", "actor1", "actor2", "fatalities", "injured",
        "evidence",
    )
    return {k: event.get(k) for k in keys if k in event}


def evaluate(
    predicted: Iterable[Mapping[str, Any]],
    gold: Iterable[Mapping[str, Any]],
    *,
    with_misses: bool = False,
) -> dict[str, Any]:
    """Score predicted article results (``{"id", "events"}``) against gold (GUIDE §6 lines).

    Only articles present in ``gold`` are scored; a gold article absent from
    ``predicted`` counts as one with no predicted event.  With ``with_misses``
    the summary also lists every missed gold event, every spurious predicted
    event and every matched pair with a disagreeing field.
    """
    predicted_by_id = {str(item["id"]): list(item.get("events") or []) for item in predicted}
    gold_items = list(gold)
    n_gold = n_pred = n_matched = 0
    field_hits = dict.fromkeys(SCORED_FIELDS, 0)
    fatality_error = 0
    detection = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    missed: list[dict[str, Any]] = []
    spurious: list[dict[str, Any]] = []
    mismatched: list[dict[str, Any]] = []

    for item in gold_items:
        article_id = str(item["id"])
        gold_events = list(item.get("events") or [])
        pred_events = predicted_by_id.get(article_id, [])
        n_gold += len(gold_events)
        n_pred += len(pred_events)
        pairs = match_events(pred_events, gold_events)
        n_matched += len(pairs)
        for p_index, g_index in pairs:
            p, g = pred_events[p_index], gold_events[g_index]
            agreement = field_agreement(p, g)
            for name, ok in agreement.items():
                field_hits[name] += ok
            fatality_error += abs(int(p.get("fatalities") or 0) - int(g.get("fatalities") or 0))
            wrong = [name for name, ok in agreement.items() if not ok]
            if with_misses and wrong:
                mismatched.append(
                    {"id": article_id, "fields": wrong, "predicted": _brief(p), "gold": _brief(g)}
                )
        if gold_events:
            detection["tp" if pred_events else "fn"] += 1
        else:
            detection["fp" if pred_events else "tn"] += 1
        if with_misses:
            matched_pred = {p for p, _ in pairs}
            matched_gold = {g for _, g in pairs}
            missed += [
                {"id": article_id, "event": _brief(e)}
                for i, e in enumerate(gold_events)
                if i not in matched_gold
            ]
            spurious += [
                {"id": article_id, "event": _brief(e)}
                for i, e in enumerate(pred_events)
                if i not in matched_pred
            ]

    precision = _ratio(n_matched, n_pred)
    recall = _ratio(n_matched, n_gold)
    det_precision = _ratio(detection["tp"], detection["tp"] + detection["fp"])
    det_recall = _ratio(detection["tp"], detection["tp"] + detection["fn"])
    summary: dict[str, Any] = {
        "articles": len(gold_items),
        "gold_events": n_gold,
        "predicted_events": n_pred,
        "matched": n_matched,
        "precision": precision,
        "recall": recall,
        "f1": _f1(precision, recall),
        "fields": {name: _ratio(hits, n_matched) for name, hits in field_hits.items()},
        "fatalities_mae": _ratio(fatality_error, n_matched),
        "article_detection": {
            **detection,
            "precision": det_precision,
            "recall": det_recall,
            "f1": _f1(det_precision, det_recall),
            "accuracy": _ratio(detection["tp"] + detection["tn"], len(gold_items)),
        },
    }
    if with_misses:
        summary["missed"] = missed
        summary["spurious"] = spurious
        summary["mismatched"] = mismatched
    return summary
