"""Dates: month/weekday words, explicit dates in text, honest publication dates."""

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.ingest.dates import (
    OrderEvidence,
    _alternation,
    _char_pattern,
    calendar_lexicon,
    find_explicit_dates,
    month_number,
    parse_arabic_date,
    parse_calendar_lexicon,
    record_date,
    resolve_publication_date,
    weekday_number,
)
from marsad.model import DatePrecision


@pytest.mark.parametrize(
    ("word", "number"),
    [
        ("يناير", 1), ("فيفري", 2), ("ابريل", 4), ("إبريل", 4), ("ماي", 5), ("يونيه", 6), ("جوان", 6),
        ("يوليوز", 7), ("جويلية", 7), ("اغسطس", 8), ("أوت", 8), ("شتنبر", 9), ("اكتوبر", 10),
        ("نونبر", 11), ("دجنبر", 12), ("كانون الثاني", 1), ("شباط", 2), ("اذار", 3), ("أيار", 5),
        ("تموز", 7), ("آب", 8), ("تشرين الأول", 10), ("كانون الأول", 12),
        ("فبراير/شباط", 2), ("شباط/فبراير", 2), ("شباط (فبراير)", 2),
    ],
)
def test_month_number_knows_every_naming(word: str, number: int) -> None:
    assert month_number(word) == number


def test_month_number_rejects_unknown_and_contradictory_words() -> None:
    assert month_number("قصف") is None
    assert month_number("شباط/مارس") is None


def test_weekday_number_uses_python_numbering() -> None:
    assert weekday_number("الاثنين") == 0
    assert weekday_number("الأربعاء") == weekday_number("الاربعاء") == 2
    assert weekday_number("جمعة") == 4
    assert weekday_number("والخميس") == 3
    assert weekday_number("السبت") == 5
    assert weekday_number("الأحد") == 6
    assert weekday_number("البيت") is None


def test_find_explicit_dates_reads_day_month_forms_with_offsets() -> None:
    text = "شنت الطائرات في 7 شباط/فبراير 2018 غارات، وعادت في السابع من آذار."
    found = find_explicit_dates(text, reference=date(2018, 3, 20))
    assert [(text[s:e], d, p) for s, e, d, p in found] == [
        ("7 شباط/فبراير 2018", date(2018, 2, 7), DatePrecision.DAY),
        ("السابع من آذار", date(2018, 3, 7), DatePrecision.DAY),
    ]


def test_yearless_date_takes_the_most_recent_year_not_after_the_reference() -> None:
    (found,) = find_explicit_dates("وقع الهجوم في 28 ديسمبر", reference=date(2018, 1, 3))
    assert found[2] == date(2017, 12, 28)
    assert find_explicit_dates("وقع الهجوم في 28 ديسمبر") == []


def test_hijri_month_only_and_numeric_mentions() -> None:
    text = "صدر في 23 جمادى الأولى 1439هـ بيان عن أحداث شهر آذار الماضي وعن يوم 25/3/2018 وعن 2/9/2018"
    found = find_explicit_dates(text, reference=date(2018, 4, 1))
    assert [(text[s:e], d, p) for s, e, d, p in found] == [
        ("23 جمادى الأولى 1439هـ", date(2018, 2, 9), DatePrecision.DAY),
        ("شهر آذار الماضي", date(2018, 3, 15), DatePrecision.MONTH),
        ("25/3/2018", date(2018, 3, 25), DatePrecision.DAY),
    ]  # 2/9/2018 is ambiguous, so it is not reported as a date


def test_a_bare_month_word_is_not_a_date() -> None:
    assert find_explicit_dates("قالت تيريزا ماي إن", reference=date(2018, 6, 1)) == []


def test_parse_arabic_date_forms() -> None:
    assert parse_arabic_date("الجمعة 9 فبراير 2018") == date(2018, 2, 9)
    assert parse_arabic_date("٩ شباط ٢٠١٨") == date(2018, 2, 9)
    assert parse_arabic_date("2018-02-09") == date(2018, 2, 9)
    assert parse_arabic_date("23 جمادى الأولى 1439هـ") == date(2018, 2, 9)
    assert parse_arabic_date("7 فبراير", reference=date(2018, 2, 9)) == date(2018, 2, 7)
    assert parse_arabic_date("لا تاريخ هنا") is None


@given(st.text(max_size=80), st.one_of(st.none(), st.dates()))
def test_date_functions_never_raise(text: str, reference: date | None) -> None:
    parse_arabic_date(text, reference)
    find_explicit_dates(text, reference)
    month_number(text)
    weekday_number(text)
    resolve_publication_date(text, text=text)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)))
def test_unambiguous_numeric_dates_read_back(day: date) -> None:
    published = resolve_publication_date(f"{day.year}/{day.month}/{day.day}")
    assert published.value == day
    assert published.precision is DatePrecision.DAY


def test_weekday_words_decide_the_seed_like_case() -> None:
    published = resolve_publication_date("2/9/2018", text="قتل العشرات مساء الأربعاء في قصف")
    assert published.value == date(2018, 2, 9)
    assert published.precision is DatePrecision.DAY
    assert "الأربعاء falls 2 days before 2018-02-09 (4 days before 2018-09-02)" in published.reason
    assert published.candidates == (date(2018, 9, 2), date(2018, 2, 9))


def test_today_weekday_must_match() -> None:
    published = resolve_publication_date("2/9/2018", text="أعلن الجيش اليوم الأحد مقتل مسلحين")
    assert published.value == date(2018, 9, 2)
    assert "«اليوم الأحد»" in published.reason


def test_month_name_in_text_supports_a_candidate() -> None:
    published = resolve_publication_date("2/9/2018", text="بدأت المعارك في 5 فبراير")
    assert published.value == date(2018, 2, 9)
    assert "month-first" in published.reason


def test_no_clue_leaves_the_date_ambiguous_with_both_candidates() -> None:
    published = resolve_publication_date("2/9/2018", text="قتل ثلاثة أشخاص في قصف")
    assert published.precision is DatePrecision.AMBIGUOUS
    assert published.value == date(2018, 9, 2)
    assert set(published.candidates) == {date(2018, 9, 2), date(2018, 2, 9)}


def test_explicit_order_and_source_order_come_before_text_clues() -> None:
    text = "قتل العشرات مساء الأربعاء"
    assert resolve_publication_date("2/9/2018", text=text, date_order="dmy").value == date(2018, 9, 2)
    evidence = OrderEvidence()
    evidence.add("25/3/2018")
    inferred = evidence.inferred("site-a")
    assert inferred is not None and inferred[0] == "dmy"
    published = resolve_publication_date("2/9/2018", text=text, source_order=inferred)
    assert published.value == date(2018, 9, 2)
    assert "source order dmy" in published.reason


def test_contradictory_source_evidence_infers_nothing() -> None:
    evidence = OrderEvidence()
    evidence.add("25/3/2018")
    evidence.add("3/25/2018")
    evidence.add("2/9/2018")  # ambiguous dates prove nothing
    assert evidence.inferred("site-b") is None


def test_unambiguous_numeric_dates_are_certain() -> None:
    assert resolve_publication_date("25/3/2018").precision is DatePrecision.DAY
    assert resolve_publication_date("3/3/2018").reason.endswith("(day equals month)")
    assert resolve_publication_date(None).precision is DatePrecision.UNKNOWN


def test_record_date_reads_iso_with_time() -> None:
    published = record_date("2018-02-14T11:29:19+00:00")
    expected = (date(2018, 2, 14), "source record date", "11:29")
    assert (published.value, published.reason, published.time) == expected
    assert record_date(None).precision is DatePrecision.UNKNOWN


def test_calendar_lexicon_loads_and_validation_rejects_bad_data() -> None:
    lexicon = calendar_lexicon()
    assert set(lexicon.months.values()) == set(range(1, 13))
    assert set(lexicon.day_ordinals.values()) == set(range(1, 32))
    with pytest.raises(ValueError, match="lacks"):
        parse_calendar_lexicon(
            {"gregorian": {1: ["يناير"]}, "levantine": {}, "hijri": {}, "weekdays": {}, "day_ordinals": {}}
        )
    with pytest.raises(ValueError, match="mapping"):
        parse_calendar_lexicon(["يناير"])


def _flat_alternation(words: list[str]) -> str:
    """The plain ``w1|w2|…`` (longest first) that the trie of ``_alternation`` replaces."""
    return "|".join(
        "".join(_char_pattern(char) for char in word) for word in sorted(set(words), key=len, reverse=True)
    )


@pytest.mark.parametrize(
    "text",
    [
        "مايو ماي مايوز", "آب/أغسطس أبريل ابري", "تشرين الأول وتشرين  الثاني وتشرين", "مارِسَ مارسـ",
        "كانون الثاني2019", "ماي، 2016", "ذو القعدة ذي الحجة",
    ],
)
def test_the_trie_alternation_matches_like_the_flat_one(text: str) -> None:
    # The words share prefixes («ماي»/«مايو», «تشرين …»), and the suffix only matches
    # after the longest word: a trie that tried a shorter word first would differ.
    words = [*calendar_lexicon().months, *calendar_lexicon().hijri_months]
    suffixes = ("", r"(?!\w)", r"\s*\d{4}", r"(?:\s+\S+)?(?!\S)")
    for suffix in suffixes:
        trie = re.compile(f"(?:{_alternation(words)}){suffix}")
        flat = re.compile(f"(?:{_flat_alternation(words)}){suffix}")
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in flat.finditer(text)]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("في 7 شباط/فبراير 2018", [(3, 21, date(2018, 2, 7))]),
        ("في 7 شباط (فبراير) 2018", [(3, 23, date(2018, 2, 7))]),
        # Unclosed: «7 شباط», then «فبراير 2018» on its own (month only: the 15th).
        ("في 7 شباط (فبراير 2018", [(3, 9, date(2018, 2, 7)), (11, 22, date(2018, 2, 15))]),
        ("في 7 شباط (مارس) 2018", []),  # two months that disagree
    ],
)
def test_combined_month_names_with_slash_or_parentheses(
    text: str, found: list[tuple[int, int, date]]
) -> None:
    dates = find_explicit_dates(text, reference=date(2019, 1, 1))
    assert [(start, end, value) for start, end, value, _precision in dates] == found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قتل ثلاثة في 7 مارِسَ 2018 قرب الحدود", "7 مارِسَ 2018"),
        ("وقع الهجوم في السابعَ من شباطـ الماضي", "السابعَ من شباطـ"),
        ("قُتِلَ اثنان في 3 فبراير", "3 فبراير"),
    ],
)
def test_written_marks_are_read_through_and_kept_in_the_span(text: str, expected: str) -> None:
    [(start, end, _, _)] = find_explicit_dates(text, date(2018, 3, 20))
    assert text[start:end] == expected
