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

from marsad.ingest.dates import find_explicit_dates, weekday_number
from marsad.model import DatePrecision
from marsad.text import PhraseMatcher
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


#: «الشهر الماضي» alone: the previous month, its 15th (GUIDE §3, precision 3).
_LAST_MONTH = ("الشهر الماضي", "الشهر المنصرم", "الشهر الفائت")


@cache
def _month_matcher() -> PhraseMatcher[bool]:
    return PhraseMatcher(dict.fromkeys(_LAST_MONTH, True))


def _last_month(published: date) -> date:
    return (published.replace(day=1) - timedelta(days=1)).replace(day=15)


def find_event_dates(text: str, published: date) -> list[DateMention]:
    """Every date expression of ``text`` resolved against ``published``, in text order.

    A weekday followed by «الماضي» is still the most recent such day.  A weekday
    beside «أمس»/«اليوم» names the same day, and when the two disagree («أمس
    السبت» in a Tuesday paper, whose date is the day it was scraped or printed)
    the weekday decides (GUIDE §3 weekday rule); the pair is one date mention.
    """
    found: list[DateMention] = []
    for start, end, value, precision in find_explicit_dates(text, reference=published):
        time_precision = 3 if precision == DatePrecision.MONTH else 1
        found.append(DateMention(value, time_precision, start, end))
    relative = _relative_matcher().find(text)
    for match in relative:
        days, time_precision = match.value
        found.append(DateMention(published - timedelta(days=days), time_precision, match.start, match.end))
    relative_spans = {(m.start, m.end) for m in relative}
    for match in _month_matcher().find(text):
        if not any(m.start <= match.start < m.end for m in found):
            found.append(DateMention(_last_month(published), 3, match.start, match.end))
    covered = [(m.start, m.end) for m in found]
    previous: tuple[int, int] | None = None  # (weekday, end offset) of the last weekday word
    for token in tokens(text):
        weekday = weekday_number(token.norm) if len(token.norm) >= 4 else None
        if weekday is None or any(s <= token.start < e for s, e in covered):
            continue
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


#: What joins the two days of a night («ليل الجمعة السبت», «ليلة الجمعة - السبت», «الجمعة إلى السبت»).
_OVERNIGHT_GAP_RE = re.compile(r"[\s\-–/]*(?:(?:إلى|الى|على)\s+)?$")


def within_window(value: date, published: date, days: int = 30) -> bool:
    """GUIDE §1: code only incidents of the 30 days before publication (and not after it)."""
    return published - timedelta(days=days) <= value <= published + timedelta(days=1)
