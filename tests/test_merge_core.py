"""Cross-source merging: one incident reported by several outlets becomes one event."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

from builders import STRIKE_DAY, report
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.merge import merge_reports
from marsad.merge.rules import compatible, date_window, distance_km, fold_arabic_place, fold_place_name
from marsad.model import Event


def test_five_outlets_over_three_days_become_one_event_with_every_source() -> None:
    reports = [
        report("outlet-a-day1", fatalities=25),
        report("outlet-b-day1", fatalities=100, fatalities_low=100, fatalities_high=200),
        report("outlet-c-day2", fatalities=0),  # mentions the strike, gives no toll
        report(
            "outlet-d-day2",
            event_type="Battles",
            sub_event_type="Armed clash",
            actor1="Pro-Government Militia (Syria)",
            actor2="QSD: Syrian Democratic Forces",
            fatalities=45,
        ),
        report(
            "outlet-e-day3",
            event_date=date(2018, 2, 8),
            location="Khasham",  # another transliteration: the Arabic names agree
            latitude=None,
            longitude=None,
            fatalities=30,
        ),
    ]
    [event] = merge_reports(reports)
    assert {r.article_id for r in event.reports} == {r.article_id for r in reports}
    assert event.event_type == "Explosions/Remote violence"  # four of five sources
    assert event.event_date == STRIKE_DAY
    assert event.location == "Khusham"
    # ACLED: the lowest toll a source reports; silence is not a report of zero.
    assert event.fatalities == 25
    assert (event.fatalities_low, event.fatalities_best, event.fatalities_high) == (25, 30, 200)


def test_places_must_agree_by_name_distance_or_region() -> None:
    near = report("b", location="Tabiyah", location_ar="الطابية", latitude=35.33, longitude=40.25)
    far = report("c", location="Al-Bukamal", location_ar="البوكمال", latitude=34.45, longitude=40.92)
    region_only = report("d", location="Deir ez-Zor", geo_precision=3, latitude=None, longitude=None)
    other_region = report(
        "e", admin1="Raqqa", location="Raqqa", geo_precision=3, latitude=None, longitude=None
    )
    anchor = report("a")
    assert distance_km(anchor, near) is not None and distance_km(anchor, near) < 20
    assert compatible(anchor, near)
    assert not compatible(anchor, far)
    assert compatible(anchor, region_only)
    assert not compatible(anchor, other_region)
    same_name_other_province = report("f", admin1="Hasakah", latitude=None, longitude=None)
    assert not compatible(replace(anchor, latitude=None, longitude=None), same_name_other_province)


def test_a_country_only_report_is_too_vague_to_join_a_located_event() -> None:
    vague = report(
        "b", admin1=None, location=None, location_ar=None, geo_precision=None, latitude=None, longitude=None
    )
    assert not compatible(report("a"), vague)
    assert compatible(vague, replace(vague, article_id="c"))


def test_dates_within_one_day_respecting_precision() -> None:
    assert compatible(report("a"), report("b", event_date=date(2018, 2, 8)))
    assert not compatible(report("a"), report("b", event_date=date(2018, 2, 9)))
    # "this week" published on the 12th: any day of the week before it.
    assert compatible(report("a"), report("b", event_date=date(2018, 2, 12), time_precision=2))
    assert date_window(report("a", event_date=date(2018, 2, 15), time_precision=3)) == (
        date(2018, 2, 1),
        date(2018, 2, 28),
    )
    assert not compatible(report("a"), report("b", event_date=None))


def test_types_and_actors_must_be_compatible() -> None:
    protest = report("b", event_type="Protests", sub_event_type="Peaceful protest")
    assert not compatible(report("a"), protest)
    other_striker = report("b", actor1="Military Forces of Russia")
    assert not compatible(report("a"), other_striker)
    # Outlets name the coalition and the US interchangeably; an unidentified side is unknown.
    assert compatible(report("a"), report("b", actor1="Military Forces of the United States"))
    assert compatible(report("a"), report("b", actor1="Unidentified Armed Group (Syria)"))


def test_battle_reports_agree_when_they_share_a_camp() -> None:
    def battle(article_id: str, actor1: str, actor2: str) -> Event:
        return report(
            article_id, event_type="Battles", sub_event_type="Armed clash", actor1=actor1, actor2=actor2
        )

    regime_on_sdf = battle("a", "Military Forces of Syria", "QSD: Syrian Democratic Forces")
    wagner_on_americans = battle("b", "Military Forces of the United States", "Wagner Group")
    assert compatible(regime_on_sdf, wagner_on_americans)
    turkey_on_islamic_state = battle("c", "Military Forces of Turkey", "Islamic State")
    assert not compatible(regime_on_sdf, turkey_on_islamic_state)


def test_strikes_by_both_camps_join_the_battle_they_were_part_of() -> None:
    # Canonical order puts the precisely located strikes first: on their own they are
    # two incidents (different strikers); the later battle report makes them its parts.
    us_strike = report("outlet-a", actor1="Military Forces of the United States", geo_precision=1)
    russian_shelling = report(
        "outlet-b",
        sub_event_type="Shelling/artillery/missile attack",
        actor1="Wagner Group",
        actor2="QSD: Syrian Democratic Forces",
        geo_precision=1,
    )
    battle = report(
        "outlet-c",
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1="Pro-Government Militia (Syria)",
        actor2="QSD: Syrian Democratic Forces",
        geo_precision=2,
    )
    assert not compatible(us_strike, russian_shelling)
    assert compatible(us_strike, russian_shelling, in_battle=True)
    assert len(merge_reports([us_strike, russian_shelling])) == 2
    [event] = merge_reports([us_strike, russian_shelling, battle])
    assert {r.article_id for r in event.reports} == {"outlet-a", "outlet-b", "outlet-c"}
    # The sides are the two camps most reports name, each as most of its reports name it.
    assert {event.actor1, event.actor2} == {"Pro-Government Militia (Syria)", "QSD: Syrian Democratic Forces"}
    # A strike on civilians is no part of the battle.
    on_civilians = report("outlet-d", actor1="Wagner Group", actor2="Civilians (Syria)")
    assert not compatible(us_strike, on_civilians, in_battle=True)
    assert len(merge_reports([us_strike, on_civilians, battle])) == 2


def test_one_article_never_reports_one_incident_twice() -> None:
    assert not compatible(report("a"), report("a", fatalities=3))
    assert len(merge_reports([report("a"), report("a", fatalities=3)])) == 2


def test_a_vague_report_cannot_chain_two_incidents_together() -> None:
    north = report("a", location="Khusham", latitude=35.29, longitude=40.31)
    south = report("b", location="Al-Bukamal", location_ar="البوكمال", latitude=34.45, longitude=40.92)
    region_only = report("c", location="Deir ez-Zor", location_ar="دير الزور", geo_precision=3)
    events = merge_reports([north, south, region_only])
    assert sorted(len(e.reports) for e in events) == [1, 2]


def test_event_ids_are_stable_and_survive_a_vaguer_follow_up() -> None:
    first = merge_reports([report("a", fatalities=25)])
    again = merge_reports([report("a", fatalities=25)])
    with_follow_up = merge_reports(
        [report("a", fatalities=25), report("z", time_precision=2, geo_precision=3)]
    )
    assert first[0].id == again[0].id == with_follow_up[0].id
    assert first[0].id.startswith("SYR-")
    assert len(with_follow_up) == 1 and len(with_follow_up[0].reports) == 2


def test_place_name_folding_follows_the_guide() -> None:
    assert fold_place_name("Al-Bab") == fold_place_name("al Bab") == fold_place_name("Bab")
    assert fold_place_name("Ma’arrat al-Nu‘man") == fold_place_name("Maarrat al Numan")
    assert fold_arabic_place("الرقة") == fold_arabic_place("رقه")


_TOWNS = (
    ("Khusham", "خشام", 35.29, 40.31),
    ("Tabiyah", "الطابية", 35.33, 40.25),
    ("Mayadin", "الميادين", 35.02, 40.45),
)
_ACTORS = (
    "International Coalition (US-led)",
    "Military Forces of Russia",
    "Pro-Government Militia (Syria)",
    "Unidentified Armed Group (Syria)",
    None,
)


@st.composite
def reports_strategy(draw: st.DrawFn) -> list[Event]:
    """Small worlds of overlapping reports, so that most lists contain merges."""
    count = draw(st.integers(min_value=0, max_value=14))
    result = []
    for index in range(count):
        town, town_ar, lat, lon = draw(st.sampled_from(_TOWNS))
        result.append(
            report(
                f"art-{draw(st.integers(0, 8))}",
                event_type=draw(st.sampled_from(["Explosions/Remote violence", "Battles", "Protests"])),
                event_date=date(2018, 2, draw(st.integers(5, 9))),
                time_precision=draw(st.sampled_from([1, 1, 2, 3])),
                location=draw(st.sampled_from([town, None])),
                location_ar=town_ar,
                geo_precision=draw(st.sampled_from([1, 2, 3])),
                latitude=lat,
                longitude=lon,
                actor1=draw(st.sampled_from(_ACTORS)),
                fatalities=draw(st.integers(0, 40)),
                confidence=draw(st.sampled_from([0.3, 0.6, 0.9])),
                evidence=f"خبر رقم {index % 3}",
            )
        )
    return result


@settings(max_examples=150, deadline=None)
@given(reports=reports_strategy(), seed=st.integers())
def test_merging_is_independent_of_input_order(reports: list[Event], seed: int) -> None:
    shuffled = list(reports)
    random.Random(seed).shuffle(shuffled)
    merged = merge_reports(reports)
    assert merge_reports(shuffled) == merged
    assert sum(len(e.reports) for e in merged) == len(reports)
    assert len({e.id for e in merged}) == len(merged)
    for event in merged:  # every cluster is complete-linkage compatible (as parts of a battle)
        in_battle = any(r.event_type == "Battles" for r in event.reports)
        assert all(
            compatible(a, b, in_battle=in_battle) for a in event.reports for b in event.reports if a is not b
        )
