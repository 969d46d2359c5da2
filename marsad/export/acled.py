"""Merged events as ACLED rows: ACLED's 31 columns in ACLED's order, then marsad's extras.

ACLED codes some columns from the actors (``inter1``/``inter2``/``interaction``)
and the event type (``disorder_type``, ``civilian_targeting``); marsad derives them
the same way from its canonical actor names.  Columns marsad cannot know
(``admin2``, ``admin3``, ``source_scale``, ``tags``) are left empty rather than guessed.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from marsad.merge.countries import country_codes

ACLED_COLUMNS: tuple[str, ...] = (
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
)
#: marsad's columns after ACLED's: what a source-linked, evidence-backed export adds.
EXTRA_COLUMNS: tuple[str, ...] = (
    "location_ar",
    "sources",
    "source_urls",
    "evidence",
    "confidence",
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "injured",
    "first_published",
    "last_published",
)
CSV_COLUMNS: tuple[str, ...] = ACLED_COLUMNS + EXTRA_COLUMNS

#: Joins several values in one cell, as ACLED's ``source`` column does.
MULTI_VALUE_SEPARATOR = "; "

# ACLED's numeric actor types.
_STATE, _REBEL, _POLITICAL_MILITIA, _IDENTITY_MILITIA = 1, 2, 3, 4
_RIOTERS, _PROTESTERS, _CIVILIANS, _EXTERNAL = 5, 6, 7, 8
_STATE_FORCE = re.compile(r"^(?:Military|Police) Forces of (?:the )?(?P<country>[^(]+?)(?: \(.*\))?$")
_EXTERNAL_FORCES = frozenset({"International Coalition (US-led)", "Saudi-led Coalition", "Wagner Group"})
_POLITICAL_MILITIAS = ("Pro-Government Militia", "Popular Mobilization Forces", "Unidentified Armed Group")
_IDENTITY_MILITIA = re.compile(r"\b(?:Tribal|Clan|Communal|Ethnic)\b", re.IGNORECASE)
#: Sub-event types in which violence meets a demonstration (ACLED's mixed disorder type).
_VIOLENT_DEMONSTRATION = frozenset({"Excessive force against protesters", "Mob violence"})
#: Spreadsheet programs run a cell that starts with one of these as a formula.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: str) -> str:
    """Defuse spreadsheet formula injection: a text cell that would be read as a
    formula gets a leading apostrophe, which spreadsheets show as plain text."""
    return f"'{value}" if value.startswith(_FORMULA_PREFIXES) else value


def inter_code(actor: str | None, country: str | None) -> int:
    """ACLED's actor type: 1 state forces (of the event's country), 2 rebels, 3 political
    militias, 4 identity militias, 5 rioters, 6 protesters, 7 civilians, 8 external forces."""
    if not actor:
        return 0
    if state := _STATE_FORCE.match(actor):
        return _STATE if country and state["country"].strip() == country else _EXTERNAL
    if actor in _EXTERNAL_FORCES:
        return _EXTERNAL
    if actor.startswith("Protesters"):
        return _PROTESTERS
    if actor.startswith("Rioters"):
        return _RIOTERS
    if actor.startswith("Civilians"):
        return _CIVILIANS
    if actor.startswith(_POLITICAL_MILITIAS):
        return _POLITICAL_MILITIA
    if _IDENTITY_MILITIA.search(actor):
        return _IDENTITY_MILITIA
    return _REBEL  # every other named armed group in the guide's actor list is a rebel group


def interaction_code(inter1: int, inter2: int) -> int:
    """ACLED's two-digit interaction: the two actor types, lower first (10 = state forces alone)."""
    if inter2 == 0:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def disorder_type(event_type: str, sub_event_type: str) -> str:
    if sub_event_type in _VIOLENT_DEMONSTRATION:
        return "Political violence; Demonstrations"
    if event_type in ("Protests", "Riots"):
        return "Demonstrations"
    return "Political violence"


def _notes(event: dict[str, Any]) -> str:
    """A one-sentence English summary in the spirit of ACLED's notes."""
    parts = []
    if event["event_date"]:
        day = datetime.fromisoformat(event["event_date"])
        parts.append(f"On {day.day} {day:%B %Y},")
    parts.append(event["sub_event_type"].lower())
    if event["actor1"]:
        parts.append(f"by {event['actor1']}")
    if event["actor2"]:
        parts.append(f"against {event['actor2']}")
    place = ", ".join(p for p in (event["location"], event["admin1"], event["country"]) if p)
    if place:
        parts.append(f"in {place}")
    sentence = " ".join(parts) + "."
    low, high = event["fatalities_low"], event["fatalities_high"]
    toll = f"Fatalities: {event['fatalities']}" + (
        f" (sources report {low} to {high})" if low != high else ""
    )
    sources = "1 source" if event["sources"] == 1 else f"{event['sources']} sources"
    return f"{sentence} {toll}. Reported by {sources}."


def _timestamp(merged_at: str | None) -> int | None:
    if not merged_at:
        return None
    moment = datetime.fromisoformat(merged_at)
    if moment.tzinfo is None:  # SQLite keeps no offset; the store writes UTC
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


def acled_row(event: dict[str, Any]) -> dict[str, Any]:
    """One merged event dict (from :meth:`marsad.store.Store.query_events`) as an ACLED row.

    Values are typed (numbers stay numbers); :func:`neutralise_cell` is applied by
    the CSV writer to text cells.
    """
    country = event["country"]
    codes = country_codes(country)
    inter1 = inter_code(event["actor1"], country)
    inter2 = inter_code(event["actor2"], country)
    targets_civilians = bool(event["actor2"] and event["actor2"].startswith("Civilians"))
    return {
        "event_id_cnty": event["id"],
        "event_date": event["event_date"],
        "year": int(event["event_date"][:4]) if event["event_date"] else None,
        "time_precision": event["time_precision"],
        "disorder_type": disorder_type(event["event_type"], event["sub_event_type"]),
        "event_type": event["event_type"],
        "sub_event_type": event["sub_event_type"],
        "actor1": event["actor1"],
        "assoc_actor_1": None,
        "inter1": inter1,
        "actor2": event["actor2"],
        "assoc_actor_2": None,
        "inter2": inter2,
        "interaction": interaction_code(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if targets_civilians else None,
        "iso": codes.numeric or None,
        "region": codes.acled_region or None,
        "country": country,
        "admin1": event["admin1"],
        "admin2": None,
        "admin3": None,
        "location": event["location"],
        "latitude": event["latitude"],
        "longitude": event["longitude"],
        "geo_precision": event["geo_precision"],
        "source": MULTI_VALUE_SEPARATOR.join(event["outlets"]),
        "source_scale": None,
        "notes": _notes(event),
        "fatalities": event["fatalities"],
        "tags": None,
        "timestamp": _timestamp(event["merged_at"]),
        "location_ar": event["location_ar"],
        "sources": event["sources"],
        "source_urls": MULTI_VALUE_SEPARATOR.join(event["source_urls"]),
        "evidence": event["evidence"],
        "confidence": event["confidence"],
        "fatalities_low": event["fatalities_low"],
        "fatalities_best": event["fatalities_best"],
        "fatalities_high": event["fatalities_high"],
        "injured": event["injured"],
        "first_published": event["first_published"],
        "last_published": event["last_published"],
    }
