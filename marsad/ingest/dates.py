"""Arabic dates: month and weekday words, explicit dates in text, publication dates.

Two jobs share this module.  The extraction stage reads event dates with
:func:`find_explicit_dates`, :func:`parse_arabic_date`, :func:`month_number` and
:func:`weekday_number`.  Ingestion decides publication dates with
:func:`resolve_publication_date`, which is honest about numeric dates: «2/9/2018»
is 2 September to a Syrian reader and 9 February to the site that printed it, so
the order is decided by an explicit setting, by the habits of the source across the
batch, or by clues in the text, and is otherwise left ambiguous with both candidates.

Every public function here is total: bad input gives ``None`` or an empty list,
never an exception (the tests check this with hypothesis).

The word lists live in ``marsad/data/months.yaml``; words are looked up by their
``marsad.text.normalize_key`` form.  Matching in text is done with regular
expressions over the *original* text (each letter accepts its alef/ya/ta-marbuta
variants and trailing diacritics), so offsets never need mapping back.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from hijridate import Hijri

from marsad.model import DatePrecision, PublishedDate
from marsad.text import normalize_key

DateOrder = Literal["dmy", "mdy", "ymd"]
DATE_ORDERS: tuple[str, ...] = ("dmy", "mdy", "ymd")
_ORDER_LABELS = {"dmy": "day-first", "mdy": "month-first", "ymd": "year-first"}

# A month-only date stands for the 15th of the month (GUIDE §3, time precision 3).
MONTH_ONLY_DAY = 15

_DIACRITICS = "\u064b-\u065f\u0670\u0640"  # harakat, superscript alef, tatweel
_LETTER_CLASSES = {
    "ا": "اأإآٱ",
    "أ": "اأإآٱ",
    "إ": "اأإآٱ",
    "آ": "اأإآٱ",
    "ى": "ىي",
    "ي": "يى",
    "ة": "ةه",
    "ه": "هة",
}
_WEEKDAY_NAMES_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: The C (libyaml) safe loader when PyYAML has it: the same result, several times faster
#: to load, which counts at start-up in every worker.
SAFE_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_MARKS_RE = re.compile(f"[{_DIACRITICS}]+")


def _without_marks(text: str) -> tuple[str, list[int] | None]:
    """``text`` without diacritics and tatweel, and for each kept character its offset in
    ``text`` (None when there were none: then the text is its own map).

    The calendar patterns match the bare letters; written marks («مارِسَ»، «شباطـ») are
    rare, so they are removed once here instead of being allowed after every letter of
    every pattern, which made the patterns slow to compile at start-up.
    """
    if _MARKS_RE.search(text) is None:
        return text, None
    kept: list[int] = []
    position = 0
    for mark in _MARKS_RE.finditer(text):
        kept.extend(range(position, mark.start()))
        position = mark.end()
    kept.extend(range(position, len(text)))
    return "".join(text[i] for i in kept), kept


def _original_span(text: str, index: list[int] | None, start: int, end: int) -> tuple[int, int]:
    """The span of ``text`` that ``[start, end)`` of its mark-free form covers, with the
    marks written inside it and right after its last letter."""
    if index is None:
        return start, end
    first = index[start] if start < len(index) else len(text)
    last = index[end - 1] + 1 if end > start else first
    trailing = _MARKS_RE.match(text, last)
    return first, trailing.end() if trailing else last


def _char_pattern(char: str) -> str:
    """A regex for one character of a calendar word (in mark-free text): its variants."""
    if char.isspace():
        return r"\s+"
    variants = _LETTER_CLASSES.get(char)
    # Sorted, so that a letter and its variant («ى», «ي») give the same trie branch.
    return f"[{''.join(sorted(variants))}]" if variants else re.escape(char)


def _alternation(words: list[str]) -> str:
    """A regex matching any of ``words`` (folded keys), longest first, as a character trie.

    Equivalent to ``w1|w2|…`` sorted longest first, but compiles in a fraction of
    the time: the per-letter character classes (each a 64K-entry table for ``re``)
    are shared by the words' common prefixes.  At one text position the words that
    match are prefixes of one another (sibling branches start with disjoint
    classes), and a greedy ``(?:…)?`` tries the longer word first, so the engine
    tries the same words in the same order as the flat alternation.
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(_char_pattern(char), {})
        node[""] = {}  # a word ends here
    return _trie_pattern(trie)


def _trie_pattern(node: dict[str, dict]) -> str:
    branches = sorted(unit + _trie_pattern(child) for unit, child in node.items() if unit)
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{body})?" if "" in node else body


@dataclass(frozen=True, slots=True)
class CalendarLexicon:
    """The validated contents of ``months.yaml``, keyed by folded word."""

    months: dict[str, int]  # Gregorian and Levantine names
    hijri_months: dict[str, int]
    weekdays: dict[str, int]  # Python weekday numbers, Monday = 0
    day_ordinals: dict[str, int]


def _numbered_words(data: dict, section: str, low: int, high: int) -> dict[str, int]:
    entries = data.get(section)
    if not isinstance(entries, dict):
        raise ValueError(f"months.yaml: section {section!r} must be a mapping")
    words: dict[str, int] = {}
    for number, names in entries.items():
        if not isinstance(number, int) or not low <= number <= high:
            raise ValueError(f"months.yaml: {section} key {number!r} is not in {low}..{high}")
        if not isinstance(names, list) or not names or not all(isinstance(n, str) and n for n in names):
            raise ValueError(f"months.yaml: {section}[{number}] must be a non-empty list of words")
        for name in names:
            folded = normalize_key(name)
            if words.get(folded, number) != number:
                raise ValueError(f"months.yaml: {name!r} is listed under two numbers in {section}")
            words[folded] = number
    missing = set(range(low, high + 1)) - set(words.values())
    if missing:
        raise ValueError(f"months.yaml: {section} lacks {sorted(missing)}")
    return words


def parse_calendar_lexicon(data: object) -> CalendarLexicon:
    """Validate the parsed YAML of ``months.yaml``; raises ``ValueError`` when malformed."""
    if not isinstance(data, dict):
        raise ValueError("months.yaml must be a mapping of sections")
    months = _numbered_words(data, "gregorian", 1, 12)
    levantine = _numbered_words(data, "levantine", 1, 12)
    clashes = {w for w in levantine if months.get(w, levantine[w]) != levantine[w]}
    if clashes:
        raise ValueError(f"months.yaml: words with two month numbers: {sorted(clashes)}")
    months.update(levantine)
    return CalendarLexicon(
        months=months,
        hijri_months=_numbered_words(data, "hijri", 1, 12),
        weekdays=_numbered_words(data, "weekdays", 0, 6),
        day_ordinals=_numbered_words(data, "day_ordinals", 1, 31),
    )


@cache
def calendar_lexicon() -> CalendarLexicon:
    """The calendar words shipped in ``marsad/data/months.yaml`` (loaded once)."""
    text = resources.files("marsad").joinpath("data/months.yaml").read_text(encoding="utf-8")
    return parse_calendar_lexicon(yaml.load(text, Loader=SAFE_YAML_LOADER))


def month_number(word: str) -> int | None:
    """1–12 for a Gregorian or Levantine month name, also combined («شباط/فبراير»)."""
    if not isinstance(word, str):
        return None
    months = calendar_lexicon().months
    names = [normalize_key(part) for part in re.split(r"[/\\()\-–]", word) if part.strip()]
    numbers = {months.get(name) for name in names}
    if len(numbers) != 1:
        return None  # unknown word, or two names of different months
    return numbers.pop()


#: Words :func:`weekday_number` has read (every token of a sentence that names a weekday
#: is asked about); past this many the memo starts afresh.
_WEEKDAY_MEMO_SIZE = 1 << 15
_weekday_memo: dict[str, int | None] = {}


def weekday_number(word: str) -> int | None:
    """``date.weekday()`` number (Monday = 0) of a weekday word, with or without «ال»."""
    if not isinstance(word, str):
        return None
    if word in _weekday_memo:
        return _weekday_memo[word]
    if len(_weekday_memo) >= _WEEKDAY_MEMO_SIZE:
        _weekday_memo.clear()
    number = _weekday_memo[word] = _weekday_number(word)
    return number


def _weekday_number(word: str) -> int | None:
    weekdays = calendar_lexicon().weekdays
    key = normalize_key(word)
    forms = [key, "ال" + key]
    if key[:1] in ("و", "ف"):  # «والخميس», «فالجمعة»
        forms.append(key[1:])
    return next((weekdays[form] for form in forms if form in weekdays), None)


# ---------------------------------------------------------------------------
# Explicit dates in running text
# ---------------------------------------------------------------------------

_YEAR = r"(?:\s*[,،]?\s*(?:من\s+)?(?:(?:عام|سنة|العام)\s+)?(?P<year>\d{4})(?!\d))"
_RELATIVE_MONTH = r"(?:الماضي|المنصرم|الفائت|الجاري|الحالي)"
#: Every pattern with a day number needs a digit: most sentences have none, and a scan
#: for one is far cheaper than trying those patterns at every position.
_DIGIT_RE = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class _Patterns:
    hijri_day: re.Pattern[str]
    day_month: re.Pattern[str]
    ordinal_month: re.Pattern[str]
    month_only: re.Pattern[str]
    numeric: re.Pattern[str]
    weekday: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    lexicon = calendar_lexicon()
    months = _alternation(list(lexicon.months))
    # «شباط/فبراير» or «شباط (فبراير)»: one copy of the month words serves both
    # forms (each copy costs compile time), the closing parenthesis required only
    # after an opening one; the engine tries the same alternatives in the same order.
    combined = (
        rf"(?P<month>{months})"
        rf"(?:(?:\s*[/\\\-–]\s*|(?P<paren>\s*\(\s*))(?P<month2>{months})(?(paren)\s*\)))?(?!\w)"
    )
    day = r"(?<![\d/.\-])(?P<day>\d{1,2})(?![\d/]|\.\d)"
    # A month word may carry a proclitic («وشهر», «بفبراير»); the span starts after it.
    word_start = r"(?:(?<!\w)|(?<=(?<!\w)[وفب]))"
    return _Patterns(
        hijri_day=re.compile(
            rf"{day}\s*(?:من\s+)?(?:شهر\s+)?(?P<month>{_alternation(list(lexicon.hijri_months))})"
            rf"(?!\w){_YEAR}\s*(?:هـ|ه(?!\w))?"
        ),
        day_month=re.compile(rf"{day}\s*(?:من\s+)?(?:شهر\s+)?{combined}{_YEAR}?"),
        ordinal_month=re.compile(
            rf"(?<!\w)(?P<ordinal>{_alternation(list(lexicon.day_ordinals))})\s+(?:من\s+)?(?:شهر\s+)?"
            rf"{combined}{_YEAR}?"
        ),
        month_only=re.compile(
            rf"{word_start}(?P<cue>(?:ال)?شهر\s+)?{combined}"
            rf"(?:\s+(?P<relative>{_RELATIVE_MONTH})(?!\w))?{_YEAR}?"
        ),
        numeric=re.compile(
            r"(?<![\d/.\-])(?:(?P<y1>\d{4})[/.\-](?P<a1>\d{1,2})[/.\-](?P<b1>\d{1,2})"
            r"|(?P<a2>\d{1,2})[/.\-](?P<b2>\d{1,2})[/.\-](?P<y2>\d{4}|\d{2}))(?![\d/\-]|\.\d)"
        ),
        weekday=re.compile(
            rf"(?<!\w)(?P<today>اليوم\s*[،,(]?\s*)?(?:[وف])?(?P<weekday>{_alternation(list(lexicon.weekdays))})"
            rf"(?!\w)(?P<future>\s+(?:المقبل|القادم))?"
        ),
    )


@dataclass(frozen=True, slots=True)
class _RawDate:
    """A date as written: day/month/year fields before the year is completed."""

    start: int
    end: int
    day: int | None  # None for a month-only mention
    month: int
    year: int | None
    hijri: bool = False


def _month_of(match: re.Match[str]) -> int | None:
    """The month of a (possibly combined) month group; None if the two names disagree."""
    numbers = {month_number(match.group(g)) for g in ("month", "month2") if match.group(g)}
    return numbers.pop() if len(numbers) == 1 else None


def _scan_dates(original: str) -> list[_RawDate]:
    """Every date-like mention in ``original``, left to right, non-overlapping (offsets
    into ``original``, marks and all)."""
    text, index = _without_marks(original)
    found = _scan_bare(text)
    if index is None:
        return found
    spans = (_original_span(original, index, raw.start, raw.end) for raw in found)
    return [replace(raw, start=start, end=end) for raw, (start, end) in zip(found, spans, strict=True)]


def _scan_bare(text: str) -> list[_RawDate]:
    """:func:`_scan_dates` of a text without marks."""
    patterns = _patterns()
    lexicon = calendar_lexicon()
    found: list[_RawDate] = []
    digits = _DIGIT_RE.search(text) is not None
    for match in patterns.hijri_day.finditer(text) if digits else ():
        month = lexicon.hijri_months.get(normalize_key(match.group("month")))
        if month is not None:
            found.append(
                _RawDate(match.start(), match.end(), int(match["day"]), month, int(match["year"]), True)
            )
    for match in patterns.day_month.finditer(text) if digits else ():
        month = _month_of(match)
        if month is not None:
            year = int(match["year"]) if match["year"] else None
            found.append(_RawDate(match.start(), match.end(), int(match["day"]), month, year))
    for match in patterns.ordinal_month.finditer(text):
        month = _month_of(match)
        day = lexicon.day_ordinals.get(normalize_key(match["ordinal"]))
        if month is not None and day is not None:
            year = int(match["year"]) if match["year"] else None
            found.append(_RawDate(match.start(), match.end(), day, month, year))
    for match in patterns.month_only.finditer(text):
        month = _month_of(match)
        # A bare month word is not enough: «ماي» is also Theresa May, «آب» a father.
        has_cue = match["cue"] or match["relative"] or match["year"]
        if month is not None and has_cue:
            year = int(match["year"]) if match["year"] else None
            found.append(_RawDate(match.start(), match.end(), None, month, year))
    for match in patterns.numeric.finditer(text) if digits else ():
        numeric = _numeric_from_match(match)
        only = numeric.unambiguous_value if numeric else None
        if only is not None:
            found.append(_RawDate(match.start(), match.end(), only.day, only.month, only.year))
    found.sort(key=lambda raw: (raw.start, -(raw.end - raw.start)))
    kept: list[_RawDate] = []
    for raw in found:
        if not kept or raw.start >= kept[-1].end:
            kept.append(raw)
    return kept


def date_mention_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every date-like mention, dated or not (ambiguous numerics included)."""
    if not isinstance(text, str) or not text:
        return []
    spans = [(raw.start, raw.end) for raw in _scan_dates(text)]
    spans += [(m.start(), m.end()) for m in _patterns().numeric.finditer(text)]
    return sorted(set(spans))


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except (ValueError, OverflowError):
        return None


def _complete(raw: _RawDate, reference: date | None) -> date | None:
    """The calendar day of a mention, taking a missing year from ``reference``."""
    day = raw.day if raw.day is not None else MONTH_ONLY_DAY
    if raw.hijri:
        try:
            gregorian = Hijri(raw.year, raw.month, day).to_gregorian()
            return date(gregorian.year, gregorian.month, gregorian.day)
        except (ValueError, OverflowError, TypeError):
            return None
    if raw.year is not None:
        return _safe_date(raw.year, raw.month, day)
    if reference is None:
        return None
    # The most recent such day not after the reference; «29 شباط» may need a leap year.
    for year in range(reference.year, reference.year - 8, -1):
        candidate = _safe_date(year, raw.month, day)
        if candidate is not None and candidate <= reference:
            return candidate
    return None


def find_explicit_dates(
    text: str, reference: date | None = None
) -> list[tuple[int, int, date, DatePrecision]]:
    """Explicit dates in ``text`` as ``(start, end, date, precision)``, original offsets.

    Finds «7 فبراير», «7 شباط/فبراير 2018», «في السابع من شباط», «23 جمادى الأولى
    1439هـ», «شهر آذار الماضي», «مارس 2018» and unambiguous numeric dates.  A
    missing year comes from ``reference`` (the most recent such date not after it);
    without a reference, yearless mentions are skipped.  Month-only mentions give
    the 15th with precision ``MONTH``.
    """
    if not isinstance(text, str) or not text:
        return []
    results: list[tuple[int, int, date, DatePrecision]] = []
    for raw in _scan_dates(text):
        value = _complete(raw, reference)
        if value is not None:
            precision = DatePrecision.DAY if raw.day is not None else DatePrecision.MONTH
            results.append((raw.start, raw.end, value, precision))
    return results


# ---------------------------------------------------------------------------
# Numeric dates and their order
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NumericDate:
    """A numeric date such as «2/9/2018» with the day it denotes under each order."""

    raw: str
    by_order: dict[str, date]  # only the orders that give a valid day

    @property
    def candidates(self) -> tuple[date, ...]:
        """Distinct possible days, day-first candidate first."""
        return tuple(dict.fromkeys(self.by_order[o] for o in DATE_ORDERS if o in self.by_order))

    @property
    def unambiguous_value(self) -> date | None:
        days = self.candidates
        return days[0] if len(days) == 1 else None

    @property
    def forced_order(self) -> str | None:
        """The order this date proves for its source (day/month swap impossible), if any."""
        if "ymd" in self.by_order or len(self.by_order) != 1:
            return None
        return next(iter(self.by_order))


def _two_digit_year(year: int) -> int:
    return 2000 + year if year < 70 else 1900 + year


def _numeric_from_match(match: re.Match[str]) -> NumericDate | None:
    if match["y1"]:
        value = _safe_date(int(match["y1"]), int(match["a1"]), int(match["b1"]))
        return NumericDate(match.group(0), {"ymd": value}) if value else None
    first, second, year_text = int(match["a2"]), int(match["b2"]), match["y2"]
    year = int(year_text) if len(year_text) == 4 else _two_digit_year(int(year_text))
    readings = (("dmy", _safe_date(year, second, first)), ("mdy", _safe_date(year, first, second)))
    by_order = {order: value for order, value in readings if value is not None}
    return NumericDate(match.group(0), by_order) if by_order else None


def find_numeric_dates(text: str) -> list[NumericDate]:
    """Every valid numeric date (``d/m/y``, ``m/d/y``, ``y-m-d``; ``/ . -``) in ``text``."""
    if not isinstance(text, str):
        return []
    found = (_numeric_from_match(m) for m in _patterns().numeric.finditer(text))
    return [numeric for numeric in found if numeric is not None]


def parse_numeric_date(raw: str) -> NumericDate | None:
    """The first numeric date in ``raw``."""
    found = find_numeric_dates(raw)
    return found[0] if found else None


def parse_arabic_date(s: str, reference: date | None = None) -> date | None:
    """The date a short string states: ISO, numeric, Arabic month names or Hijri.

    An ambiguous numeric date («2/9/2018») is read day-first, the Arab convention;
    use :func:`resolve_publication_date` when the order matters and clues exist.
    """
    if not isinstance(s, str) or not s.strip():
        return None
    mentions = _scan_dates(s)
    numeric = parse_numeric_date(s)
    if numeric is not None and (not mentions or s.find(numeric.raw) <= mentions[0].start):
        return numeric.candidates[0]
    for raw in mentions:
        value = _complete(raw, reference)
        if value is not None:
            return value
    return None


class OrderEvidence:
    """Per-source tally of numeric dates whose order is forced (a field > 12)."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()

    def add(self, raw: str | None) -> None:
        numeric = parse_numeric_date(raw) if raw else None
        order = numeric.forced_order if numeric else None
        if order is not None:
            self._counts[order] += 1

    def inferred(self, source: str) -> tuple[str, str] | None:
        """``(order, reason)`` when every forcing date of the source agrees, else None."""
        if len(self._counts) != 1:
            return None  # no evidence, or a source that writes dates both ways
        order, count = next(iter(self._counts.items()))
        plural = "s" if count > 1 else ""
        return order, f"source order {order} inferred from {count} date{plural} of {source} with a field > 12"


# ---------------------------------------------------------------------------
# Publication dates
# ---------------------------------------------------------------------------


def _weekday_mentions(text: str) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """``(today, past)``: weekdays named as «اليوم X», and bare mentions of recent days."""
    today: list[tuple[str, int]] = []
    past: list[tuple[str, int]] = []
    for match in _patterns().weekday.finditer(_without_marks(text)[0]):
        number = weekday_number(match["weekday"])
        if number is None or match["future"]:
            continue
        (today if match["today"] else past).append((match["weekday"], number))
    return today, past


def _days_back(mentioned_weekday: int, day: date) -> int:
    """How many days before ``day`` the most recent ``mentioned_weekday`` falls (0 = that day)."""
    return (day.weekday() - mentioned_weekday) % 7


def _decide_from_text(text: str, by_order: dict[str, date]) -> tuple[str, str] | None:
    """``(order, reason)`` when weekday or month words in ``text`` favour one candidate."""
    orders = list(by_order)
    today, past = _weekday_mentions(text)
    for word, number in today:
        matching = [o for o in orders if by_order[o].weekday() == number]
        if len(matching) == 1:
            order = matching[0]
            others = ", ".join(
                f"{by_order[o].isoformat()} is a {_WEEKDAY_NAMES_EN[by_order[o].weekday()]}"
                for o in orders
                if o != order
            )
            return order, (
                f"{_ORDER_LABELS[order]}: «اليوم {word}» names {by_order[order].isoformat()} ({others})"
            )
    distinct_past = list(dict.fromkeys(past))
    if distinct_past:
        totals = {o: sum(_days_back(n, by_order[o]) for _, n in distinct_past) for o in orders}
        best = min(totals.values())
        winners = [o for o in orders if totals[o] == best]
        if len(winners) == 1:
            order = winners[0]
            word, number = distinct_past[0]
            others = ", ".join(
                f"{_days_back(number, by_order[o])} days before {by_order[o].isoformat()}"
                for o in orders
                if o != order
            )
            more = f" and {len(distinct_past) - 1} more weekday(s)" if len(distinct_past) > 1 else ""
            return order, (
                f"{_ORDER_LABELS[order]}: weekday {word} falls {_days_back(number, by_order[order])} days "
                f"before {by_order[order].isoformat()} ({others}){more}"
            )
    mentions = [raw for raw in _scan_dates(text) if not raw.hijri]
    month_counts = Counter(raw.month for raw in mentions)
    support = {o: month_counts[by_order[o].month] for o in orders}
    best = max(support.values())
    winners = [o for o in orders if support[o] == best]
    if best and len(winners) == 1:
        order = winners[0]
        mention = next(r for r in mentions if r.month == by_order[order].month)
        return order, (
            f"{_ORDER_LABELS[order]}: «{text[mention.start:mention.end]}» in the text names the month "
            f"of {by_order[order].isoformat()}"
        )
    return None


def resolve_publication_date(
    raw: str | None,
    *,
    text: str = "",
    date_order: DateOrder | None = None,
    source_order: tuple[str, str] | None = None,
    time: str | None = None,
) -> PublishedDate:
    """Decide the publication date a page states as ``raw``, explaining the rule used.

    Rules, in order: a numeric date with only one valid reading is certain; then an
    explicit ``date_order``; then ``source_order`` (``(order, reason)`` inferred over
    the batch); then weekday and month words in ``text``; otherwise ``AMBIGUOUS``
    with the day-first candidate as value and both candidates kept.
    """
    if not raw or not raw.strip():
        return PublishedDate(None, DatePrecision.UNKNOWN, "no publication date found", time=time)
    numeric = parse_numeric_date(raw)
    if numeric is None:
        value = parse_arabic_date(raw)
        if value is None:
            return PublishedDate(
                None, DatePrecision.UNKNOWN, f"unreadable date «{raw.strip()}»", raw=raw, time=time
            )
        return PublishedDate(value, DatePrecision.DAY, f"stated date «{raw.strip()}»", (value,), raw, time)
    candidates = numeric.candidates
    if len(candidates) == 1:
        (value,) = candidates
        if "ymd" in numeric.by_order:
            why = "year-first"
        elif len(numeric.by_order) == 2:
            why = "day equals month"
        else:
            why = "a field > 12 allows one reading only"
        return PublishedDate(value, DatePrecision.DAY, f"unambiguous numeric date {numeric.raw} ({why})",
                             candidates, raw, time)
    decisions: list[tuple[str, str] | None] = [
        (date_order, f"explicit date order {date_order}") if date_order else None,
        source_order,
        _decide_from_text(text, numeric.by_order) if text else None,
    ]
    for decision in decisions:
        if decision is not None and decision[0] in numeric.by_order:
            order, reason = decision
            return PublishedDate(numeric.by_order[order], DatePrecision.DAY, reason, candidates, raw, time)
    day_first, month_first = numeric.by_order["dmy"], numeric.by_order["mdy"]
    return PublishedDate(
        day_first,
        DatePrecision.AMBIGUOUS,
        f"ambiguous: {numeric.raw} is {day_first.isoformat()} day-first or {month_first.isoformat()} "
        "month-first and nothing decides",
        candidates,
        raw,
        time,
    )


def record_date(value: object, *, text: str = "") -> PublishedDate:
    """The publication date of a JSONL record's ``date``: ISO ``YYYY-MM-DD``, maybe with a time.

    ISO dates are unambiguous; anything else is decided like a date a page states.
    """
    if not isinstance(value, str) or not value.strip():
        return PublishedDate(None, DatePrecision.UNKNOWN, "record has no date")
    match = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}:\d{2}))?", value)
    day = _safe_date(int(match[1]), int(match[2]), int(match[3])) if match else None
    if match and day is not None:
        return PublishedDate(day, DatePrecision.DAY, "source record date", (day,), value, match[4])
    return resolve_publication_date(value, text=text)
