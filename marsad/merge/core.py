"""Folding event reports of one incident into merged events.

Clustering is complete-linkage over :func:`marsad.merge.rules.compatible`: a report
joins a cluster only when it is compatible with *every* report already in it, so a
vague report ("clashes in Deir ez-Zor this week") cannot chain two distinct
incidents together.  Reports are taken in one canonical order (most precise first,
then by content), never in input order, so the result is the same for any
permutation of the input; ids come from each cluster's seed report (its first, most
precise member), so re-running on the same reports gives the same ids, and reports
added later (usually vaguer follow-ups) leave an existing id alone.
"""

from __future__ import annotations

import hashlib
import heapq
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from marsad.camps import actor_camp, actor_family
from marsad.merge.countries import country_codes
from marsad.merge.rules import (
    DATE_TOLERANCE,
    compatible,
    date_window,
    day_gap,
    fold_place_name,
    same_named_place,
)
from marsad.model import Event

_NO_GEO_PRECISION = 9
_BATTLES = "Battles"


@dataclass(frozen=True, slots=True)
class MergedEvent:
    """One incident with every report of it.

    Coded fields follow the guide.  ``fatalities`` is ACLED's conservative figure
    (the lowest toll any source reports, sources that give no toll ignored);
    ``fatalities_low``/``fatalities_best``/``fatalities_high`` are the UCDP-style
    range over the sources.  ``reports`` are the member reports, seed first.
    """

    id: str
    event_type: str
    sub_event_type: str
    event_date: date | None
    time_precision: int
    country: str | None
    admin1: str | None
    location: str | None
    location_ar: str | None
    geo_precision: int | None
    actor1: str | None
    actor2: str | None
    fatalities: int
    injured: int | None
    evidence: str
    fatalities_low: int
    fatalities_best: int
    fatalities_high: int
    confidence: float
    latitude: float | None
    longitude: float | None
    reports: tuple[Event, ...]


def report_sort_key(event: Event) -> tuple:
    """Canonical order: precise reports first (they seed clusters), then by content.

    The trailing JSON makes the order total over reports that differ in any field;
    reports equal in every field are interchangeable, so their order cannot matter.
    """
    return (
        event.time_precision,
        event.geo_precision if event.geo_precision is not None else _NO_GEO_PRECISION,
        event.event_date or date.max,
        event.country or "",
        event.article_id or "",
        json.dumps(event.to_dict(), sort_keys=True, ensure_ascii=False, default=str),
    )


def merge_reports(reports: Iterable[Event]) -> list[MergedEvent]:
    """Merge reports into events; deterministic and independent of input order.

    Returns events sorted by date, country and id.
    """
    clusters = _cluster(sorted(reports, key=report_sort_key))
    merged = [_aggregate(members) for members in clusters]
    merged = _deduplicate_ids(merged)
    return sorted(merged, key=lambda e: (e.event_date or date.max, e.country or "", e.id))


def _cluster(ordered: Sequence[Event]) -> list[list[Event]]:
    """Complete-linkage clustering in canonical order, with clusters indexed by
    (country, day) so each report is only compared with clusters near it in time."""
    clusters: list[list[Event]] = []
    battles: list[bool] = []  # per cluster: whether a member reports a battle
    by_country_day: dict[tuple[str | None, date], list[int]] = defaultdict(list)
    for report in ordered:
        window = date_window(report)
        best_index: int | None = None
        best_score: tuple | None = None
        if window is not None:
            seen: set[int] = set()
            for day in _days(window[0] - DATE_TOLERANCE, window[1] + DATE_TOLERANCE):
                for index in by_country_day.get((report.country, day), ()):
                    if index in seen:
                        continue
                    seen.add(index)
                    members = clusters[index]
                    in_battle = report.event_type == _BATTLES or battles[index]
                    if all(compatible(report, member, in_battle=in_battle) for member in members):
                        # Clusters are created in canonical order, so on equal scores
                        # the lower index is the canonical tie-break.
                        score = (_affinity(report, members[0]), -index)
                        if best_score is None or score > best_score:
                            best_index, best_score = index, score
        if best_index is None:
            best_index = len(clusters)
            clusters.append([])
            battles.append(False)
        clusters[best_index].append(report)
        battles[best_index] = battles[best_index] or report.event_type == _BATTLES
        if window is not None:
            for day in _days(*window):
                slot = by_country_day[(report.country, day)]
                if best_index not in slot:
                    slot.append(best_index)
    return _absorb_into_battles(clusters, battles, by_country_day)


def _absorb_into_battles(
    clusters: list[list[Event]],
    battles: list[bool],
    by_country_day: dict[tuple[str | None, date], list[int]],
) -> list[list[Event]]:
    """Fold into each battle the clusters of its parts that formed before it was seen.

    Two strikes by opposite camps only become compatible through the battle they were
    part of, which may come later in canonical order («US strikes on pro-government
    fighters», «pro-government fighters shelled the SDF», then «clashes between them»).
    A whole cluster joins a battle's when every pair of their reports is compatible as
    parts of it; the merged cluster keeps the lower index and canonical member order.
    """
    rank = {id(report): position for position, report in enumerate(r for c in clusters for r in c)}
    pending = [index for index, is_battle in enumerate(battles) if is_battle]
    heapq.heapify(pending)
    while pending:
        index = heapq.heappop(pending)
        for other in _neighbours(clusters[index], by_country_day):
            if other == index or not clusters[index] or not clusters[other]:
                continue
            if all(compatible(a, b, in_battle=True) for a in clusters[index] for b in clusters[other]):
                keep, drop = min(index, other), max(index, other)
                clusters[keep] = sorted(clusters[keep] + clusters[drop], key=lambda r: rank[id(r)])
                clusters[drop] = []
                for day_slots in (by_country_day[key] for key in _day_keys(clusters[keep])):
                    if keep not in day_slots:
                        day_slots.append(keep)
                heapq.heappush(pending, keep)  # the grown battle may now take in more
                break
    return [c for c in clusters if c]


def _day_keys(members: list[Event]) -> set[tuple[str | None, date]]:
    keys: set[tuple[str | None, date]] = set()
    for report in members:
        if (window := date_window(report)) is not None:
            keys.update((report.country, day) for day in _days(*window))
    return keys


def _neighbours(members: list[Event], by_country_day: dict[tuple[str | None, date], list[int]]) -> list[int]:
    """Indexes of the clusters dated near any of ``members``, ascending."""
    found: set[int] = set()
    for report in members:
        window = date_window(report)
        if window is None:
            continue
        for day in _days(window[0] - DATE_TOLERANCE, window[1] + DATE_TOLERANCE):
            found.update(by_country_day.get((report.country, day), ()))
    return sorted(found)


def _days(first: date, last: date) -> Iterable[date]:
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


def _affinity(report: Event, seed: Event) -> tuple[int, int, int, int]:
    """How well a report fits a cluster's seed, when it fits several clusters."""
    shared_sides = {actor_family(report.actor1), actor_family(report.actor2)} & {
        actor_family(seed.actor1),
        actor_family(seed.actor2),
    }
    return (
        int(report.event_type == seed.event_type),
        int(same_named_place(report, seed)),
        -day_gap(report, seed),
        len(shared_sides - {None}),
    )


def _vote(values: Iterable[str | None]) -> str | None:
    """Most frequent non-empty value; ties go to the earliest in canonical order."""
    present = [v for v in values if v]
    if not present:
        return None
    counts = Counter(present)
    top = max(counts.values())
    return next(v for v in present if counts[v] == top)


def _named_first(values: list[str | None]) -> list[str | None]:
    """Named actors outvote "Unidentified Armed Group": a source that names the group wins."""
    named = [v for v in values if v and not v.startswith("Unidentified")]
    return named or values


def _aggregate(members: list[Event]) -> MergedEvent:
    seed = members[0]
    strikers = {actor_family(m.actor1) for m in members if m.event_type != _BATTLES} - {None}
    # Attacks by both camps only hold together as parts of the battle a report
    # describes (:func:`_absorb_into_battles`): the event is that battle.
    event_type = _BATTLES if len(strikers) > 1 else _vote(m.event_type for m in members) or seed.event_type
    of_type = [m for m in members if m.event_type == event_type]
    sub_event_type = _vote(m.sub_event_type for m in of_type) or of_type[0].sub_event_type

    time_precision = min(m.time_precision for m in members)
    dated = [m for m in members if m.time_precision == time_precision and m.event_date]
    event_date_text = _vote(m.event_date.isoformat() for m in dated if m.event_date)
    event_date = date.fromisoformat(event_date_text) if event_date_text else None

    place = _place_source(members)
    admin1 = place.admin1 or _vote(m.admin1 for m in members)

    actor1, actor2 = _battle_sides(of_type, members) if event_type == _BATTLES else (None, None)
    if actor1 is None:
        actor1 = _vote(_named_first([m.actor1 for m in of_type]))
        actor2_candidates = [m.actor2 for m in of_type]
        if event_type == _BATTLES:  # sides come in either order: count the swapped ones too
            actor2_candidates += [m.actor1 for m in of_type if m.actor2 == actor1]
        actor2 = _vote(_named_first([a for a in actor2_candidates if a != actor1]))

    # A source that gives no toll is silent, not a report of zero deaths.
    with_toll = [m for m in members if m.fatalities > 0]
    tolls = [m.fatalities for m in with_toll]
    lows = [m.fatalities if m.fatalities_low is None else m.fatalities_low for m in with_toll]
    highs = [m.fatalities if m.fatalities_high is None else m.fatalities_high for m in with_toll]
    injured = [m.injured for m in members if m.injured]

    unconfirmed = 1.0
    for member in members:  # independent sources: the chance that all of them are wrong
        unconfirmed *= 1.0 - min(max(member.confidence, 0.0), 1.0)

    return MergedEvent(
        id=_event_id(seed),
        event_type=event_type,
        sub_event_type=sub_event_type,
        event_date=event_date,
        time_precision=time_precision,
        country=seed.country,
        admin1=admin1,
        location=place.location,
        location_ar=place.location_ar,
        geo_precision=place.geo_precision,
        actor1=actor1,
        actor2=actor2,
        fatalities=min(tolls, default=0),
        injured=min(injured) if injured else None,
        evidence=of_type[0].evidence,
        fatalities_low=min(lows, default=0),
        fatalities_best=sorted(tolls)[(len(tolls) - 1) // 2] if tolls else 0,
        fatalities_high=max(highs, default=0),
        confidence=round(1.0 - unconfirmed, 4),
        latitude=place.latitude,
        longitude=place.longitude,
        reports=tuple(members),
    )


def _battle_sides(battles: list[Event], members: list[Event]) -> tuple[str | None, str | None]:
    """The two sides of a battle its reports name most, as camps, then by name.

    Outlets name different members of one camp («the coalition», «US forces», «the
    SDF it backs»), so the two camps most battle reports name are the battle's
    sides, each named as most of the event's reports (its strikes too) name it;
    ties go to the earliest report in canonical order.  A report whose two sides
    are of one camp says nothing about who fought whom.  ``(None, None)`` when
    the battle reports name fewer than two camps.
    """

    def sides(report: Event) -> list[tuple[str, str]]:
        named = [(camp, a) for a in (report.actor1, report.actor2) if a and (camp := actor_camp(a))]
        return named if len({camp for camp, _ in named}) != 1 or len(named) == 1 else []

    camp_reports: Counter[str] = Counter()
    first_seen: list[str] = []
    for report in battles:
        camps = list(dict.fromkeys(camp for camp, _ in sides(report)))  # in the report's order
        if len(camps) == 2:
            camp_reports.update(camps)
            first_seen += [camp for camp in camps if camp not in first_seen]
    if len(camp_reports) < 2:
        return None, None
    top = sorted(camp_reports, key=lambda camp: (-camp_reports[camp], first_seen.index(camp)))[:2]
    names: dict[str, list[str]] = defaultdict(list)
    for report in members:
        for camp, name in sides(report):
            names[camp].append(name)
    return _vote(names[top[0]]), _vote(names[top[1]])


def _place_source(members: list[Event]) -> Event:
    """The member whose place the event takes: the most precise, the most reported."""

    def precision(m: Event) -> int:
        return m.geo_precision if m.geo_precision is not None else _NO_GEO_PRECISION

    best = min(precision(m) for m in members)
    precise = [m for m in members if precision(m) == best]
    located = [m for m in precise if m.location] or precise
    name = _vote(fold_place_name(m.location) for m in located if m.location)
    return next((m for m in located if m.location and fold_place_name(m.location) == name), located[0])


def _event_id(seed: Event) -> str:
    """``SYR-`` + a digest of the seed report's identity (ACLED ids start with ISO alpha-3)."""
    identity = [
        seed.article_id,
        seed.event_type,
        seed.sub_event_type,
        seed.event_date.isoformat() if seed.event_date else None,
        seed.country,
        seed.admin1,
        seed.location,
        seed.actor1,
        seed.actor2,
        seed.evidence,
    ]
    digest = hashlib.sha256(json.dumps(identity, ensure_ascii=False).encode()).hexdigest()[:12]
    return f"{country_codes(seed.country).alpha3}-{digest}"


def _deduplicate_ids(merged: list[MergedEvent]) -> list[MergedEvent]:
    """Seeds equal in every identity field (an article reporting one event twice) get
    ``-2``, ``-3``... in canonical order; such seeds are equal, so the order is immaterial."""
    seen: Counter[str] = Counter()
    result = []
    for event in merged:
        seen[event.id] += 1
        if seen[event.id] > 1:
            event = _with_id(event, f"{event.id}-{seen[event.id]}")
        result.append(event)
    return result


def _with_id(event: MergedEvent, new_id: str) -> MergedEvent:
    fields = {name: getattr(event, name) for name in MergedEvent.__dataclass_fields__}
    fields["id"] = new_id
    return MergedEvent(**fields)
