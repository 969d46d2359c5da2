"""Event dates from the words of a sentence, resolved against the publication date (GUIDE §3).

«أمس» = the day before, «أول أمس» = two days before, «اليوم» = that day; a weekday
is the most recent such day not after publication; «الأسبوع الماضي» alone is
publication − 7 with precision 2; explicit dates are used as stated (month-only
mentions give the 15th, precision 3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from marsad.ingest.dates import calendar_lexicon, find_explicit_dates, weekday_number
from marsad.model import DatePrecision
from marsad.text import MatcherSet, Normalized, PhraseMatcher, normalize, parse_quantity
from marsad.text.tokens import tokens

#: Relative day words → (days before publication, GUIDE time_precision).
RELATIVE_DAYS: dict[str, tuple[int, int]] = {
    "أمس": (1, 1),
    "البارحة": (1, 1),
    "الليلة الماضية": (1, 1),
    "ليلة أمس": (1, 1),
    "مساء أمس": (1, 1),
    "صباح أمس": (1, 1),
    "فجر أمس": (1, 1),
    "أول أمس": (2, 1),
    "أمس الأول": (2, 1),
    "أول من أمس": (2, 1),
    "ليل أول أمس": (2, 1),
    "اليوم": (0, 1),
    "صباح اليوم": (0, 1),
    "مساء اليوم": (0, 1),
    "فجر اليوم": (0, 1),
    "ظهر اليوم": (0, 1),
    "الليلة": (0, 1),
    "الليلة قبل الماضية": (2, 1),
    "الليلة ما قبل الماضية": (2, 1),
    "الأسبوع الماضي": (7, 2),
    "الأسبوع المنصرم": (7, 2),
    "الأسبوع الفائت": (7, 2),
}


@dataclass(frozen=True, slots=True)
class DateMention:
    """An event date found in a sentence, with its evidence offsets in the searched string."""

    value: date
    time_precision: int
    start: int
    end: int


@cache
def _relative_matcher() -> PhraseMatcher[tuple[int, int]]:
    return PhraseMatcher(RELATIVE_DAYS)


def most_recent_weekday(weekday: int, published: date) -> date:
    """The most recent day with ``weekday`` (Monday = 0) not after ``published``."""
    return published - timedelta(days=(published.weekday() - weekday) % 7)


#: «في اليوم نفسه», «في نفس اليوم», «ذات اليوم»: the day of the incident reported before
#: (not «اليوم», today).
SAME_DAY_RE = re.compile(r"(?<!\w)(?:(?:ال)?يوم\s+(?:نفسه|ذاته)|نفس\s+اليوم|ذات\s+اليوم)(?!\w)")
#: «منذ 11 يوليو», «منذ الأحد», «منذ يوم الأحد», «منذ مساء الأحد»: the date a period
#: began, not the day of an incident.
SINCE_RE = re.compile(r"(?<!\w)منذ\s*(?:(?:يوم|ليل|ليلة|صباح|مساء|فجر)\s+)?$")

#: «الشهر الماضي» alone: the previous month, its 15th (GUIDE §3, precision 3).
_LAST_MONTH = ("الشهر الماضي", "الشهر المنصرم", "الشهر الفائت")


@cache
def _month_matcher() -> PhraseMatcher[bool]:
    return PhraseMatcher(dict.fromkeys(_LAST_MONTH, True))


def _last_month(published: date) -> date:
    return (published.replace(day=1) - timedelta(days=1)).replace(day=15)


@cache
def _bare_month_matcher() -> PhraseMatcher[int]:
    """«في نوفمبر», «في شهر تموز»: a month named with no day or year (month number values)."""
    phrases: dict[str, int] = {}
    for name, number in calendar_lexicon().months.items():
        phrases[f"في {name}"] = number
        phrases[f"في شهر {name}"] = number
    return PhraseMatcher(phrases)


@cache
def _date_words() -> MatcherSet[str, object]:
    """The relative-day, last-month and bare-month matchers, searched in one pass."""
    return MatcherSet(
        {"relative": _relative_matcher(), "last_month": _month_matcher(), "bare_month": _bare_month_matcher()}
    )


def _recent_month(month: int, published: date) -> date:
    """GUIDE §3: the 15th of the most recent such month (not after publication)."""
    year = published.year if month <= published.month else published.year - 1
    return min(date(year, month, 15), published)


@cache
def _weekday_stems() -> tuple[str, ...]:
    """The weekday words without their article, in the casefolded form.

    A token that :func:`weekday_number` reads as a weekday («الخميس», «خميس»,
    «والخميس») contains one of them, so a sentence holding none has no weekday.
    """
    words = calendar_lexicon().weekdays
    return tuple(dict.fromkeys(w[2:] if w.startswith("ال") else w for w in words))


def find_event_dates(text: str | Normalized, published: date) -> list[DateMention]:
    """Every date expression of ``text`` (a string or its :func:`normalize`) resolved
    against ``published``, in text order; offsets into the original string.

    A weekday followed by «الماضي» is still the most recent such day.  A weekday
    beside «أمس»/«اليوم» names the same day, and when the two disagree («أمس
    السبت» in a Tuesday paper, whose date is the day it was scraped or printed)
    the weekday decides (GUIDE §3 weekday rule); the pair is one date mention.
    """
    normalized = text if isinstance(text, Normalized) else normalize(text)
    text = normalized.original
    found: list[DateMention] = []
    for start, end, value, precision in find_explicit_dates(text, reference=published):
        time_precision = 3 if precision == DatePrecision.MONTH else 1
        found.append(DateMention(value, time_precision, start, end))
    same_day = [(m.start(), m.end()) for m in SAME_DAY_RE.finditer(text)]
    words = _date_words().find(normalized)
    relative = [m for m in words["relative"] if not any(a <= m.start < b for a, b in same_day)]
    for match in relative:
        days, time_precision = match.value
        found.append(DateMention(published - timedelta(days=days), time_precision, match.start, match.end))
    relative_spans = {(m.start, m.end) for m in relative}
    for match in words["last_month"]:
        if not any(m.start <= match.start < m.end for m in found):
            found.append(DateMention(_last_month(published), 3, match.start, match.end))
    for month in words["bare_month"]:
        # «في 7 نوفمبر», «في نوفمبر 2014» are explicit dates found above.
        if not any(m.start < month.end and month.start < m.end for m in found):
            found.append(DateMention(_recent_month(month.value, published), 3, month.start, month.end))
    casefolded = normalized.casefolded
    if not any(stem in casefolded for stem in _weekday_stems()):
        return sorted(found, key=lambda m: m.start)  # tokenising would find no weekday
    covered = [(m.start, m.end) for m in found]
    previous: tuple[int, int] | None = None  # (weekday, end offset) of the last weekday word
    for token in tokens(normalized):
        weekday = weekday_number(token.norm) if len(token.norm) >= 4 else None
        if weekday is None or any(s <= token.start < e for s, e in covered):
            continue
        if token.norm.removeprefix("و").removeprefix("ف") in _NUMBER_WEEKDAYS and not _DAY_WORD_RE.search(
            text, 0, token.start
        ):
            continue  # «انتحاريين اثنين» counts two; only «يوم اثنين» would be a Monday
        beside = next(
            (
                i
                for i, m in enumerate(found)
                if (m.start, m.end) in relative_spans
                and (abs(m.start - token.end) <= 2 or abs(token.start - m.end) <= 2)
            ),
            None,
        )
        if beside is not None and found[beside].time_precision == 1:
            word = found[beside]
            day = most_recent_weekday(weekday, published)
            found[beside] = DateMention(day, 1, min(word.start, token.start), max(word.end, token.end))
            continue
        overnight = (
            previous is not None
            and weekday == (previous[0] + 1) % 7
            and not token.norm.startswith(("و", "ف"))  # «الاثنين والثلاثاء» are two days
            and _OVERNIGHT_GAP_RE.match(text, previous[1], token.start) is not None
        )
        previous = (weekday, token.end)
        if overnight:
            continue  # «ليل الاثنين الثلاثاء»: the night belongs to its first day
        found.append(DateMention(most_recent_weekday(weekday, published), 1, token.start, token.end))
    return sorted(found, key=lambda m: m.start)


#: Weekday words without «ال» that are also numbers («اثنين» two, Monday).
_NUMBER_WEEKDAYS = frozenset({"اثنين"})
_DAY_WORD_RE = re.compile(r"(?<!\w)[وف]?(?:يوم|ليل[ةه]?|صباح|مساء)\s+$")

#: What joins the two days of a night («ليل الجمعة السبت», «ليلة الجمعة - السبت», «الجمعة إلى السبت»).
_OVERNIGHT_GAP_RE = re.compile(r"[\s\-–/]*(?:(?:إلى|الى|على)\s+)?$")


def within_window(value: date, published: date, days: int = 30) -> bool:
    """GUIDE §1: code only incidents of the 30 days before publication (and not after it)."""
    return published - timedelta(days=days) <= value <= published + timedelta(days=1)


#: «غداة X» (the day after X), «عشية X» (the eve of X), «بعد يومين من X», «بعد أربعة
#: أيام على X», «قبل ثلاثة أيام من X»: X is an incident some days from the one reported.
_DAY_SHIFT_RE = re.compile(
    r"(?<!\w)(?:[وف]?(?P<after_day>غداة)|[وف]?(?P<eve>عشية)"
    r"|[وف]?(?P<dir>بعد|قبل)\s+(?:(?P<two>يومين)|(?P<one>يوم(?:\s+واحد)?)|(?P<count>\S+)\s+(?:أيام|ايام|يوما))"
    r"\s+(?:من|على))(?=\s)"
)


@dataclass(frozen=True, slots=True)
class DayShift:
    """A phrase that dates the incident after it relative to the one before it.

    ``days`` is how many days the incident after the phrase lies *before* the
    reference incident («غداة» → 1, «عشية» → -1); offsets into the searched string.
    """

    days: int
    start: int
    end: int


def find_day_shifts(text: str) -> list[DayShift]:
    """Every «غداة» / «عشية» / «بعد N أيام على» phrase of ``text``, in text order."""
    found = []
    for match in _DAY_SHIFT_RE.finditer(text):
        if match.group("after_day"):
            days = 1
        elif match.group("eve"):
            days = -1
        else:
            if match.group("two"):
                count = 2
            elif match.group("one"):
                count = 1
            else:
                quantity = parse_quantity(match.group("count"))
                if quantity is None or quantity.vague:
                    continue
                count = quantity.best
            days = count if match.group("dir") == "بعد" else -count
        found.append(DayShift(days, match.start(), match.end()))
    return found
