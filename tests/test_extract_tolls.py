"""Event tolls from grouped mentions (GUIDE §4): which figure stands, title vs body, shares, bombers."""

from __future__ import annotations

from datetime import date

import pytest

from marsad.extract.incidents import find_mentions
from marsad.extract.lexicon import load_lexicon
from marsad.extract.located import Located
from marsad.extract.places import LocatedPlace
from marsad.extract.tolls import Toll, event_toll, share, stated_period
from marsad.model import Article, Place, PublishedDate, Span

PUBLISHED = date(2018, 3, 14)
TOWN = Place("Saraqib", "سراقب", "Syria", "SY", "Idlib", 35.86, 36.8)
CITY = Place("Idlib", "إدلب", "Syria", "SY", "Idlib", 35.93, 36.63)


def _members(article: Article, places: dict[int, tuple[Place, str]] | None = None) -> list[Located]:
    """Every mention of ``article`` as one event; ``places`` puts a place (by surface) on sentence ``i``."""
    lexicon = load_lexicon()
    mentions = find_mentions(article.title, "title", PUBLISHED, lexicon)
    mentions += find_mentions(article.text, "text", PUBLISHED, lexicon, first_order=1)
    members = []
    for mention in mentions:
        located_place = None
        if places and mention.field == "text" and mention.order - 1 in places:
            place, surface = places[mention.order - 1]
            start = article.text.index(surface, mention.sentence_start)
            located_place = LocatedPlace(place, start, start + len(surface), surface, 1)
        members.append(
            Located(mention, located_place, None, None, "Explosions/Remote violence", "Air/drone strike")
        )
    return members


def _toll(
    text: str,
    title: str = "",
    sub_event_type: str = "Air/drone strike",
    places: dict[int, tuple[Place, str]] | None = None,
) -> tuple[Toll, dict[str, Span], Article]:
    article = Article(id="t", title=title, text=text, published=PublishedDate(PUBLISHED))
    spans: dict[str, Span] = {}
    return event_toll(article, _members(article, places), spans, sub_event_type, 0), spans, article


def test_the_first_stated_toll_stands_over_a_later_breakdown() -> None:
    toll, spans, article = _toll("قتل 20 شخصا في القصف على البلدة. وقتل 12 منهم على الفور جراء القصف.")
    assert (toll.fatalities, toll.injured) == (20, None)
    span = spans["fatalities"]
    assert article.text[span.start : span.end] == span.text and "20" in span.text


def test_a_revised_toll_replaces_the_first() -> None:
    toll, _, _ = _toll("قتل 16 شخصا في الغارة على البلدة. وارتفعت حصيلة القتلى جراء الغارة إلى 20 شخصا.")
    assert toll.fatalities == 20


def test_title_and_body_disagree_the_lower_stands() -> None:
    toll, spans, _ = _toll("قتل 25 شخصا في الهجوم على السوق.", title="مقتل 18 في هجوم على سوق")
    assert toll.fatalities == 18 and spans["fatalities"].field == "title"


def test_a_title_about_another_incident_gives_no_toll() -> None:
    far, _, _ = _toll("قتل 30 شخصا في الهجوم على السوق.", title="مقتل 7 في هجوم")
    assert far.fatalities == 30
    text = "قتل 9 أشخاص في الهجوم على السوق. وفي حادث آخر قتل 7 أشخاص بانفجار عبوة."
    article = Article(id="t", title="مقتل 7 بانفجار عبوة", text=text, published=PublishedDate(PUBLISHED))
    members = [m for m in _members(article) if m.mention.order != 2]  # the second blast is another event
    assert event_toll(article, members, {}, "Air/drone strike", 0).fatalities == 9


def test_counts_of_one_clause_add_up_and_another_report_is_left_out() -> None:
    both_sides, _, _ = _toll("قتل 6 مهاجمين خلال هجوم على حاجز للشرطة وأسفر الهجوم عن مقتل 3 شرطيين.")
    assert both_sides.fatalities == 9
    sentence = "قتل 4 رعاة في قصف على سراقب فيما لقي 11 عاملا مصرعهم في قصف على إدلب."
    town, _, _ = _toll(sentence, places={0: (TOWN, "سراقب")})
    city, _, _ = _toll(sentence, places={0: (CITY, "إدلب")})
    assert (town.fatalities, city.fatalities) == (4, 11)


def test_a_day_shift_leaves_the_other_days_toll_out() -> None:
    toll, _, _ = _toll("هاجم مسلحون القرية وقتلوا 9 أشخاص، وذلك بعد يومين من قيام السكان بقتل عنصرين منهم.")
    assert toll.fatalities == 9


def test_injured_come_from_the_report_that_gave_the_deaths() -> None:
    text = (
        "أسفر الكمين على الدورية عن مقتل 3 جنود. "
        "وزعمت الجماعة أن الكمين قتل 9 جنود وأصاب 14. "
        "وقال الجيش إن الكمين أدى إلى مقتل 3 جنود وجرح 5 آخرين."
    )
    toll, _, _ = _toll(text)
    assert (toll.fatalities, toll.injured) == (3, 5)


def test_vague_injured_are_left_unknown() -> None:
    toll, spans, _ = _toll("أسفر القصف عن مقتل 5 أشخاص وإصابة العشرات.")
    assert (toll.fatalities, toll.injured) == (5, None) and "injured" not in spans


def test_suicide_bombers_are_added_unless_included() -> None:
    added, _, _ = _toll("فجر انتحاري نفسه في السوق ما أسفر عن مقتل 9 أشخاص.", sub_event_type="Suicide bomb")
    included, _, _ = _toll(
        "فجر انتحاري نفسه في السوق ما أسفر عن مقتل 9 أشخاص بينهم الانتحاري.", sub_event_type="Suicide bomb"
    )
    two, _, _ = _toll(
        "نفذت انتحاريتان تفجيرا انتحاريا في السوق ما أسفر عن مقتل 9 أشخاص.", sub_event_type="Suicide bomb"
    )
    assert (added.fatalities, included.fatalities, two.fatalities) == (10, 9, 11)


def test_no_deaths_mentioned_is_zero() -> None:
    toll, spans, _ = _toll("قصفت الطائرات مواقع في البلدة.")
    assert toll == Toll(0, 0, 0, None) and spans == {}


def test_a_toll_over_several_places_is_divided_evenly_remainder_first() -> None:
    assert [share(52, (i, 3)) for i in range(3)] == [18, 17, 17]
    assert [share(2, (i, 2)) for i in range(2)] == [1, 1]


def test_a_death_word_beats_killed_and_wounded_together() -> None:
    clause, _, _ = _toll("أسفرت الغارات عن عشرات القتلى والجرحى، وقتل القائد مع عدد كبير من عناصره.")
    assert clause.fatalities == 10
    sources, _, _ = _toll("قتل 5 أشخاص في الغارة على البلدة.", title="مقتل وإصابة 20 في غارة على بلدة")
    assert sources.fatalities == 5


def test_attackers_killed_are_added_to_the_toll() -> None:
    added, _, _ = _toll("قتل 12 شخصا في تفجير سيارة مفخخة في السوق. وقتل ثلاثة مسلحين في الاشتباك الذي تلاه.")
    also, _, _ = _toll("قتل خمسة جنود في الهجوم على الثكنة. وأكد المصدر أن شرطيين قتلا أيضا في الهجوم.")
    # A toll of armed men is broken down, not added to, by a later count of armed men.
    breakdown, _, _ = _toll("قتل 10 مسلحين في الاشتباكات. وقتل 4 مسلحين منهم في غارة على البلدة.")
    assert (added.fatalities, also.fatalities, breakdown.fatalities) == (15, 7, 10)


def test_a_follow_up_without_an_incident_word_still_counts() -> None:
    text = (
        "قتل أربعة حراس في هجوم على مبنى البلدية. "
        "وقال الوزير إن اثنين من المهاجمين قتلوا. وأضاف أن ثمانية أشخاص أصيبوا."
    )
    toll, spans, article = _toll(text)
    assert (toll.fatalities, toll.injured) == (6, 8)
    assert article.text[spans["injured"].start : spans["injured"].end] == spans["injured"].text
    # A follow-up that states a toll of its own reports another incident.
    other, _, _ = _toll(
        "قتل أربعة حراس في هجوم على مبنى البلدية. وأضاف أن 20 شخصا لقوا حتفهم. وأصيب 12 شخصا."
    )
    assert (other.fatalities, other.injured) == (4, None)


def test_a_follow_up_stating_deaths_with_a_death_verb_still_counts() -> None:
    text = (
        "قتل خمسة جنود في الهجوم على الثكنة. وأضاف أن اثنين من أفراد الدرك قتلا أيضا. "
        "وقال الوزير إن ثلاثة من المهاجمين قتلوا."
    )
    article = Article(id="t", title="", text=text, published=PublishedDate(PUBLISHED))
    lead = [m for m in _members(article) if m.mention.order == 1]
    toll = event_toll(article, lead, {}, "Armed clash", 0)
    # Both later reports count deaths on top of the toll; they may repeat each other: the largest.
    assert toll.fatalities == 8


def test_of_them_counts_the_attackers_the_sentence_named() -> None:
    toll, _, _ = _toll(
        "قتل أربعة جنود في الهجوم على الحاجز. "
        "وقال المصدر إن المهاجمين اشتبكوا مع الحراس ما أدى إلى مقتل ثلاثة منهم."
    )
    assert toll.fatalities == 7


def test_the_first_report_in_the_article_stands_whatever_the_grouping_order() -> None:
    article = Article(
        id="t",
        title="",
        text="قتل 30 شخصا في القصف على البلدة. وقتل 18 منهم على الفور جراء القصف.",
        published=PublishedDate(PUBLISHED),
    )
    toll = event_toll(article, _members(article)[::-1], {}, "Air/drone strike", 0)
    assert toll.fatalities == 30


def test_a_placeless_toll_beside_a_region_gives_way_to_the_towns_own() -> None:
    province = Place("Idlib", "إدلب", "Syria", "SY", "Idlib", 35.9, 36.6, kind="admin1")
    text = (
        "شنت الطائرات غارات على محافظة إدلب. وقتل في الغارات أكثر من 50 شخصا. "
        "وطالت الغارات سراقب وأدت إلى قتل 12 شخصا."
    )
    toll, _, _ = _toll(text, places={0: (province, "إدلب"), 2: (TOWN, "سراقب")})
    assert toll.fatalities == 12


def test_a_second_bomber_and_suicide_attacks_in_general() -> None:
    second, _, _ = _toll(
        "فجر انتحاري نفسه قرب المسجد بينما فجر الثاني حزامه عند المدخل، ما أسفر عن مقتل 10 أشخاص.",
        sub_event_type="Suicide bomb",
    )
    general, _, _ = _toll(
        "قتل 10 أشخاص في تفجير قرب المسجد. وكثيرا ما تنفذ الجماعة هجمات انتحارية في الأسواق.",
        sub_event_type="Suicide bomb",
    )
    assert (second.fatalities, general.fatalities) == (12, 10)


def test_bombers_named_by_the_toll_sentence_or_by_a_number() -> None:
    blast, _, _ = _toll(
        "قامت انتحاريتان بتفجير نفسيهما في السوق مما أدى إلى مقتل 10 مدنيين.",
        sub_event_type="Remote explosive/landmine/IED",
    )
    raid, _, _ = _toll(
        "هاجم أربعة مسلحين المبنى وأطلقوا النار على الحراس قبل أن يفجروا أنفسهم، ما أسفر عن مقتل 9 أشخاص.",
        sub_event_type="Suicide bomb",
    )
    assert (blast.fatalities, raid.fatalities) == (12, 13)


def test_a_province_toll_gives_way_to_the_towns_own() -> None:
    province = Place("Idlib", "إدلب", "Syria", "SY", "Idlib", 35.9, 36.6, kind="admin1")
    text = "قتل 19 مسلحا في اشتباكات في محافظة إدلب. وقتل أربعة منهم في اشتباكات في سراقب."
    toll, _, _ = _toll(text, places={0: (province, "إدلب"), 1: (TOWN, "سراقب")})
    assert toll.fatalities == 4


def test_a_stated_period_of_days() -> None:
    article = Article(
        id="t",
        title="",
        text="قتل 5 مسلحين في اشتباكات خلال اليومين الماضيين.",
        published=PublishedDate(PUBLISHED),
    )
    [member] = _members(article)
    period = stated_period(article, member)
    assert period is not None and period.days == 2
    assert article.text[period.start : period.end] == "خلال اليومين الماضيين"
    hours = Article(
        id="t", title="", text="قتل 5 مسلحين في اشتباكات خلال 48 ساعة.", published=PublishedDate(PUBLISHED)
    )
    assert stated_period(hours, _members(hours)[0]) is None


def _extract(text: str) -> list[tuple[str | None, date | None, int, int | None]]:
    pytest.importorskip("marsad.geo", reason="the gazetteer is needed")
    from marsad.extract import extract_events

    article = Article(id="t", title="", text=text, published=PublishedDate(PUBLISHED))
    events = extract_events(article)
    for event in events:
        for span in event.spans.values():
            assert article.source_of(span.field)[span.start : span.end] == span.text
    return [(e.location_ar, e.event_date, e.fatalities, e.injured) for e in events]


def test_a_toll_over_several_days_is_one_event_per_day() -> None:
    events = _extract("قتل 5 مسلحين في اشتباكات مع الجيش في مدينة سراقب خلال اليومين الماضيين.")
    assert events == [("سراقب", date(2018, 3, 12), 3, None), ("سراقب", date(2018, 3, 13), 2, None)]


def test_a_placeless_follow_up_of_a_list_of_towns_is_shared_by_them() -> None:
    events = _extract(
        "شنت الطائرات غارات على بلدتي سراقب وأريحا في ريف إدلب. وأسفرت الغارات عن إصابة 9 أشخاص."
    )
    assert [(place, injured) for place, _, _, injured in events] == [("سراقب", 5), ("أريحا", 4)]
