"""Event dates resolved against the publication date (GUIDE §3)."""

from __future__ import annotations

from datetime import date

import pytest

from marsad.extract.dates import find_day_shifts, find_event_dates, within_window

FRIDAY = date(2018, 2, 9)


@pytest.mark.parametrize(
    ("sentence", "expected", "precision"),
    [
        ("قتل ثلاثة أشخاص أمس في قصف على البلدة", date(2018, 2, 8), 1),
        ("اندلعت الاشتباكات أول أمس قرب المطار", date(2018, 2, 7), 1),
        ("سقطت القذائف صباح اليوم على السوق", date(2018, 2, 9), 1),
        ("شنت الطائرات غارات مساء الأربعاء", date(2018, 2, 7), 1),
        ("هاجم مسلحون الحاجز يوم الجمعة", date(2018, 2, 9), 1),
        ("وقع التفجير الأسبوع الماضي", date(2018, 2, 2), 2),
        ("في 7 شباط/فبراير 2018 قصفت الطائرات المنطقة", date(2018, 2, 7), 1),
        ("قصفت المدفعية القرية في الخامس من فبراير", date(2018, 2, 5), 1),
    ],
)
def test_date_words(sentence: str, expected: date, precision: int) -> None:
    found = find_event_dates(sentence, FRIDAY)
    assert found, sentence
    assert (found[0].value, found[0].time_precision) == (expected, precision)
    assert sentence[found[0].start : found[0].end].strip()


def test_no_date_word_gives_nothing() -> None:
    assert find_event_dates("قصفت الطائرات البلدة", FRIDAY) == []


def test_two_is_no_monday_without_the_article_or_a_day_word() -> None:
    assert find_event_dates("شاهد انتحاريين اثنين قرب المبنى", FRIDAY) == []
    [monday] = find_event_dates("قتل جنديان يوم اثنين قرب الحاجز", FRIDAY)
    assert monday.value == date(2018, 2, 5)
    [monday] = find_event_dates("قتل جنديان الاثنين قرب الحاجز", FRIDAY)
    assert monday.value == date(2018, 2, 5)


def test_thirty_day_window() -> None:
    assert within_window(date(2018, 1, 15), FRIDAY)
    assert not within_window(date(2017, 12, 1), FRIDAY)


def test_a_night_between_two_days_is_its_first_day() -> None:
    [night] = find_event_dates("قتل عشرة مدنيين ليل الأربعاء الخميس في غارات", FRIDAY)
    assert night.value == date(2018, 2, 7)
    days = find_event_dates("اندلعت الاشتباكات الأربعاء والخميس", FRIDAY)
    assert [d.value for d in days] == [date(2018, 2, 7), date(2018, 2, 8)]


def test_a_weekday_beside_yesterday_decides_when_they_disagree() -> None:
    tuesday = date(2015, 7, 21)
    [found] = find_event_dates("فجر انتحاري نفسه أمس السبت في السوق", tuesday)
    assert (found.value, found.time_precision) == (date(2015, 7, 18), 1)
    [agreeing] = find_event_dates("قتل ثلاثة امس الاثنين", tuesday)
    assert agreeing.value == date(2015, 7, 20)


def test_night_before_last_and_last_month() -> None:
    [night] = find_event_dates("قصفت المروحيات البلدة الليلة قبل الماضية", FRIDAY)
    assert night.value == date(2018, 2, 7)
    [month] = find_event_dates("أسفرت الغارات التي شنها التحالف الشهر الماضي عن مقتل 51", FRIDAY)
    assert (month.value, month.time_precision) == (date(2018, 1, 15), 3)


def test_the_same_day_is_not_today() -> None:
    assert find_event_dates("كما انفجرت سيارة في اليوم نفسه في السوق", FRIDAY) == []


def test_day_shifts() -> None:
    shifts = find_day_shifts("قصفت الطائرات المواقع غداة هجوم، بعد أربعة أيام على تفجير، عشية الانتخابات")
    assert [s.days for s in shifts] == [1, 4, -1]


def test_a_bare_month_is_its_most_recent_fifteenth() -> None:
    # FRIDAY is in February 2018: a November is the last one, «في فبراير» this one.
    [november] = find_event_dates("وفي نوفمبر قتل 55 شخصا في هجوم على المعبر", FRIDAY)
    assert (november.value, november.time_precision) == (date(2017, 11, 15), 3)
    [february] = find_event_dates("وفي فبراير قتل ثلاثة في قصف على البلدة", FRIDAY)
    assert february.value == min(date(2018, 2, 15), FRIDAY)
    # A month with its day is one explicit date, not also a bare month.
    [explicit] = find_event_dates("وفي 7 نوفمبر قتل 55 شخصا", FRIDAY)
    assert (explicit.value, explicit.time_precision) == (date(2017, 11, 7), 1)
