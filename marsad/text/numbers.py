"""Counts in Arabic text: digits, number words, vague amounts and their modifiers.

``find_quantities`` reads «أكثر من 100», «نحو ثلاثة آلاف», «عشرات», «عدد كبير من»,
«قتيلين», «القتلى السبعة», «بين 5 و10», «18 شخصا على الأقل» as :class:`Quantity` values with original
offsets, and skips numbers that are not counts: years, days of a month, clock
times, dates, percentages, ordinals and serial numbers («F-16», «القرار 2254»).
The vocabulary lives in ``marsad/data/numbers.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import accumulate
from typing import Any, Generic, TypeVar

import yaml

from marsad.text.normalize import Normalized, normalize, normalize_key

V = TypeVar("V")

_CLITICS = "وفبل"  # letters that may be glued to the first word of a number
_ARTICLE = "ال"
#: The article with the proclitics it may carry («بال», «لل» = ل + ال), as
#: written glued to digits («الـ12» normalises to «ال12») or to a noun.
_ARTICLE_PREFIXES = frozenset(
    conjunction + article
    for conjunction in ("", "و", "ف")
    for article in (_ARTICLE, "ب" + _ARTICLE, "ك" + _ARTICLE, "لل")
)
_LONGEST_ARTICLE_PREFIX = max(map(len, _ARTICLE_PREFIXES))
_MODIFIER_KINDS = ("more_than", "about", "at_least", "less_than", "at_most")
_NOUN_GAP = 2  # words allowed between a number and a following «على الأقل»
_MAX_DIGITS = 15  # longer digit runs are identifiers, not counts
#: Proclitics a dual noun may carry, and how many of their letters the span skips:
#: the article stays in the span («القتيلان»), as in the matcher «للقتيلين» → «لقتيلين».
_DUAL_PREFIXES = tuple(
    (conjunction + prefix, len(conjunction) + skipped)
    for conjunction in ("", "و", "ف")
    for prefix, skipped in (("", 0), ("ب", 1), ("ل", 1), ("ال", 0), ("بال", 1), ("لل", 1))
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A count in the ORIGINAL text: ``original[start:end] == text``.

    ``best`` is the single best reading, ``low``/``high`` the bounds (``high`` is
    None when open-ended).  The span covers the modifier and the number (and the
    counted noun when the modifier follows it).  ``vague`` marks amounts such as
    «عشرات» that state no number.
    """

    best: int
    low: int
    high: int | None
    start: int
    end: int
    text: str
    vague: bool


# ---------------------------------------------------------------- vocabulary


@dataclass(frozen=True, slots=True)
class _Vague:
    best: int
    low: int
    high: int | None


@dataclass(frozen=True, slots=True)
class _Band:
    """The margin of an «about» modifier: max(min_margin, round(N × fraction))."""

    fraction: float
    min_margin: int

    def margin(self, n: int) -> int:
        return max(self.min_margin, round(n * self.fraction))


class _PhraseTable(Generic[V]):
    """Multi-word phrases (tuples of normalised words) indexed by their first word."""

    def __init__(self, entries: dict[tuple[str, ...], V]) -> None:
        self.entries = entries
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in sorted(entries, key=len, reverse=True):
            by_first.setdefault(phrase[0], []).append(phrase)
        self._by_first = by_first

    def __contains__(self, phrase: object) -> bool:
        return phrase in self.entries

    def first_words(self) -> list[str]:
        return list(self._by_first)

    def match(self, words: list[str], i: int) -> tuple[V, int, int] | None:
        """(value, length in words, clitic letters) of the longest phrase at ``words[i]``.

        The first word may carry one glued clitic letter («لأكثر من»).
        """
        if i >= len(words):
            return None
        first = words[i]
        for clitic in (0, 1):
            if clitic and not (first[:1] in _CLITICS and len(first) > 1):
                break
            for phrase in self._by_first.get(first[clitic:], ()):
                n = len(phrase)
                if tuple(words[i + 1 : i + n]) == phrase[1:]:
                    return self.entries[phrase], n, clitic
        return None


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    units: dict[str, int]
    teen_only_units: dict[str, int]
    teen_tens: frozenset[str]
    tens: dict[str, int]
    compounds: dict[str, int]
    multipliers: dict[str, int]
    vague: _PhraseTable[_Vague]
    vague_multipliers: dict[str, int]
    modifiers_before: _PhraseTable[str]
    modifiers_after: _PhraseTable[str]
    ranges: _PhraseTable[frozenset[str]]
    dual_nouns: frozenset[str]
    not_count_after: frozenset[str]
    year_range: tuple[int, int]
    year_suffixes: frozenset[str]
    percent_after: _PhraseTable[bool]
    ordinals: frozenset[str]
    months: frozenset[str]
    needs_noun: frozenset[str]
    function_words: frozenset[str]
    not_alone: frozenset[str]
    #: Units (and teen starts) with the article, as written after a definite noun
    #: («السبعه»), minus ``no_article``.
    definite_forms: frozenset[str]
    #: Fixed expressions whose last word is a number word, indexed by that word.
    idioms: dict[str, list[tuple[str, ...]]]
    about_band: _Band

    #: Words that can begin a number, a vague amount or a dual noun.
    start_words: frozenset[str]
    #: ``start_words`` as they may be written in text: with a glued clitic, and
    #: dual nouns with their prefixes.  Every quantity holds a token of this set
    #: (or digits) — the scanner's pre-filter.
    core_forms: frozenset[str]
    #: Modifier and range openers as they may be written (with a glued clitic).
    opener_forms: frozenset[str]
    #: The most words a modifier or range opener puts before the number.
    lead_words: int
    #: Dual nouns as written with their prefixes → letters of the prefix the span skips.
    dual_forms: dict[str, int]


def _words(phrase: Any, section: str) -> tuple[str, ...]:
    if not isinstance(phrase, str) or not normalize_key(phrase):
        raise ValueError(f"numbers.yaml {section}: expected a non-empty word, got {phrase!r}")
    return tuple(normalize_key(phrase).split(" "))


def _word(phrase: Any, section: str) -> str:
    words = _words(phrase, section)
    if len(words) != 1:
        raise ValueError(f"numbers.yaml {section}: expected one word, got {phrase!r}")
    return words[0]


def _int_table(data: dict[str, Any], section: str) -> dict[str, int]:
    table = data.get(section)
    if not isinstance(table, dict) or not table:
        raise ValueError(f"numbers.yaml: section {section!r} must be a non-empty mapping")
    result: dict[str, int] = {}
    for phrase, value in table.items():
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise ValueError(f"numbers.yaml {section}: {phrase!r} needs a positive integer, got {value!r}")
        result[_word(phrase, section)] = value
    return result


def _word_list(data: dict[str, Any], section: str) -> list[Any]:
    items = data.get(section)
    if not isinstance(items, list) or not items:
        raise ValueError(f"numbers.yaml: section {section!r} must be a non-empty list")
    return items


def _kind_table(data: dict[str, Any], section: str) -> _PhraseTable[str]:
    table = data.get(section)
    if not isinstance(table, dict) or not table:
        raise ValueError(f"numbers.yaml: section {section!r} must be a non-empty mapping")
    result: dict[tuple[str, ...], str] = {}
    for kind in table:
        if kind not in _MODIFIER_KINDS:
            raise ValueError(f"numbers.yaml {section}: unknown modifier kind {kind!r}")
        for phrase in _word_list(table, kind):
            result[_words(phrase, section)] = kind
    return _PhraseTable(result)


def _vague_table(data: dict[str, Any]) -> _PhraseTable[_Vague]:
    result: dict[tuple[str, ...], _Vague] = {}
    for phrase, spec in (data.get("vague") or {}).items():
        if not isinstance(spec, dict) or set(spec) != {"best", "low", "high"}:
            raise ValueError(f"numbers.yaml vague: {phrase!r} needs exactly best, low, high")
        best, low, high = spec["best"], spec["low"], spec["high"]
        if not (isinstance(best, int) and isinstance(low, int) and low <= best):
            raise ValueError(f"numbers.yaml vague: {phrase!r} needs integers with low <= best")
        if high is not None and not (isinstance(high, int) and high >= best):
            raise ValueError(f"numbers.yaml vague: {phrase!r} needs high >= best or null")
        result[_words(phrase, "vague")] = _Vague(best, low, high)
    if not result:
        raise ValueError("numbers.yaml: section 'vague' must be a non-empty mapping")
    return _PhraseTable(result)


def _about_band(data: dict[str, Any]) -> _Band:
    band = data.get("about_band")
    if not isinstance(band, dict) or set(band) != {"fraction", "min_margin"}:
        raise ValueError("numbers.yaml: about_band needs exactly fraction and min_margin")
    fraction, min_margin = band["fraction"], band["min_margin"]
    if not (isinstance(fraction, int | float) and 0 <= fraction < 1):
        raise ValueError(f"numbers.yaml about_band: fraction must be in [0, 1), got {fraction!r}")
    if not (isinstance(min_margin, int) and min_margin >= 0):
        raise ValueError(f"numbers.yaml about_band: min_margin must be an integer >= 0, got {min_margin!r}")
    return _Band(float(fraction), min_margin)


def _load_vocabulary(data: dict[str, Any]) -> _Vocabulary:
    """Validate the parsed ``numbers.yaml`` and index it by normalised words."""
    ranges: dict[tuple[str, ...], frozenset[str]] = {}
    for opener, joiners in (data.get("ranges") or {}).items():
        if not isinstance(joiners, list) or not joiners:
            raise ValueError(f"numbers.yaml ranges: {opener!r} needs a list of joiners")
        ranges[_words(opener, "ranges")] = frozenset(_word(j, "ranges") for j in joiners)
    year_range = data.get("year_range")
    if not (isinstance(year_range, list) and len(year_range) == 2 and year_range[0] < year_range[1]):
        raise ValueError("numbers.yaml: year_range must be [first, last]")
    fields: dict[str, Any] = dict(
        units=_int_table(data, "units"),
        teen_only_units=_int_table(data, "teen_only_units"),
        teen_tens=frozenset(_word(w, "teen_tens") for w in _word_list(data, "teen_tens")),
        tens=_int_table(data, "tens"),
        compounds=_int_table(data, "compounds"),
        multipliers=_int_table(data, "multipliers"),
        vague=_vague_table(data),
        vague_multipliers=_int_table(data, "vague_multipliers"),
        modifiers_before=_kind_table(data, "modifiers_before"),
        modifiers_after=_kind_table(data, "modifiers_after"),
        ranges=_PhraseTable(ranges),
        dual_nouns=frozenset(_word(w, "dual_nouns") for w in _word_list(data, "dual_nouns")),
        not_count_after=frozenset(_word(w, "not_count_after") for w in _word_list(data, "not_count_after")),
        year_range=(int(year_range[0]), int(year_range[1])),
        year_suffixes=frozenset(_word(w, "year_suffixes") for w in _word_list(data, "year_suffixes")),
        percent_after=_PhraseTable(
            {_words(w, "percent_after"): True for w in _word_list(data, "percent_after")}
        ),
        ordinals=frozenset(_word(w, "ordinals") for w in _word_list(data, "ordinals")),
        months=frozenset(_word(w, "months") for w in _word_list(data, "months")),
        needs_noun=frozenset(_word(w, "needs_noun") for w in _word_list(data, "needs_noun")),
        function_words=frozenset(_word(w, "function_words") for w in _word_list(data, "function_words")),
        about_band=_about_band(data),
        not_alone=frozenset(_word(w, "not_alone") for w in _word_list(data, "not_alone")),
    )
    no_article = {_word(w, "no_article") for w in _word_list(data, "no_article")}
    if unknown := no_article - {*fields["units"], *fields["teen_only_units"]}:
        raise ValueError(f"numbers.yaml no_article: not unit words: {sorted(unknown)}")
    definite_units = {*fields["units"], *fields["teen_only_units"]} - no_article
    fields["definite_forms"] = frozenset(_ARTICLE + unit for unit in definite_units)
    number_words = {*fields["units"], *fields["tens"], *fields["compounds"], *fields["multipliers"]}
    if unknown := fields["needs_noun"] - number_words:
        raise ValueError(f"numbers.yaml needs_noun: not number words: {sorted(unknown)}")
    if glued := {w for w in fields["not_alone"] if not (w[0] in _CLITICS and w[1:] in number_words)}:
        raise ValueError(f"numbers.yaml not_alone: not a clitic + number word: {sorted(glued)}")
    idioms: dict[str, list[tuple[str, ...]]] = {}
    for phrase in _word_list(data, "idioms"):
        idiom = _words(phrase, "idioms")
        if len(idiom) < 2 or idiom[-1] not in number_words:
            raise ValueError(f"numbers.yaml idioms: {phrase!r} must end in a number word")
        idioms.setdefault(idiom[-1], []).append(idiom)
    starts = {*number_words, *fields["teen_only_units"], *fields["dual_nouns"]}
    starts.update(fields["vague"].first_words())
    # Reversed, so that when two readings give the same form the first prefix wins.
    nouns = fields["dual_nouns"]
    dual_forms = {prefix + noun: skipped for prefix, skipped in reversed(_DUAL_PREFIXES) for noun in nouns}
    openers = {*fields["modifiers_before"].first_words(), *fields["ranges"].first_words()}
    lead_words = max(len(p) for table in ("modifiers_before", "ranges") for p in fields[table].entries)
    return _Vocabulary(
        **fields,
        idioms=idioms,
        start_words=frozenset(starts),
        core_forms=frozenset({*starts, *_with_clitics(starts), *dual_forms, *fields["definite_forms"]}),
        opener_forms=frozenset({*openers, *_with_clitics(openers)}),
        lead_words=lead_words,
        dual_forms=dual_forms,
    )


def _with_clitics(words: set[str]) -> set[str]:
    """``words`` with one glued clitic letter, as :class:`_PhraseTable` and the parser read them."""
    return {clitic + word for clitic in _CLITICS for word in words}


@cache
def vocabulary() -> _Vocabulary:
    """The validated vocabulary of ``marsad/data/numbers.yaml`` (loaded once)."""
    text = resources.files("marsad").joinpath("data/numbers.yaml").read_text(encoding="utf-8")
    # The C loader when PyYAML has it: the same result, several times faster at start-up.
    return _load_vocabulary(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))


# ---------------------------------------------------------------- scanning

#: Digit groups (with thousands/decimal separators), words, and the percent sign;
#: captured, so that re.split returns the separators and the tokens alternately.
_TOKEN_SPLIT = re.compile(r"(\d+(?:[.,]\d+)*|[^\W\d_]+|%)")
_THOUSANDS_COMMA = re.compile(r"\d{1,3}(?:,\d{3})+")
_THOUSANDS_DOT = re.compile(r"\d{1,3}(?:\.\d{3}){2,}")
_DECIMAL = re.compile(r"\d+\.\d+")


@dataclass(frozen=True, slots=True)
class _Number:
    best: int
    low: int
    high: int | None
    start: int  # normalised offset after any stripped clitic
    end_token: int  # index just past the number's last token
    vague: bool
    digits: str | None  # the digit string when the number is a single digit group


class _Scanner:
    def __init__(self, normalized: Normalized, vocab: _Vocabulary) -> None:
        self.text = normalized.text
        self.vocab = vocab
        # Tokens as three parallel lists, built by C-level split/slice/accumulate:
        # most tokens are never looked at, so no per-token object is made.
        parts = _TOKEN_SPLIT.split(self.text)
        bounds = list(accumulate(map(len, parts)))
        self.words: list[str] = parts[1::2]
        self.starts: list[int] = bounds[0:-1:2]  # normalised offsets
        self.ends: list[int] = bounds[1::2]

    # -- helpers over tokens

    def word(self, i: int) -> str:
        return self.words[i] if 0 <= i < len(self.words) else ""

    def cores(self) -> list[int]:
        """Indices of the tokens a quantity can be built around: digits and
        (clitic-bearing) number, vague and dual words.  Every quantity holds one."""
        core_forms = self.vocab.core_forms
        return [i for i, word in enumerate(self.words) if word in core_forms or word[0].isdecimal()]

    def may_start(self, i: int) -> bool:
        word = self.words[i]
        return word in self.vocab.core_forms or word in self.vocab.opener_forms or word[0].isdecimal()

    # -- numbers

    def digits_value(self, i: int) -> float | None:
        """Value of a digit token, or None when it is not a plain count."""
        raw = self.words[i]
        if not raw[0].isdecimal() or len(raw) > _MAX_DIGITS:
            return None  # an identifier or a phone number, and int() refuses > 4300 digits
        if "," in raw or "." in raw:
            if _THOUSANDS_COMMA.fullmatch(raw):
                return int(raw.replace(",", ""))
            if _THOUSANDS_DOT.fullmatch(raw):
                return int(raw.replace(".", ""))
            if _DECIMAL.fullmatch(raw):
                return float(raw)
            return None
        return int(raw)

    def digits_in_context(self, i: int) -> bool:
        """False for digits glued into times, dates, codes («10:30», «2/9», «F-16»)."""
        text, start, end = self.text, self.starts[i], self.ends[i]
        before = text[start - 1] if start > 0 else " "
        before2 = text[start - 2] if start > 1 else " "
        after = text[end] if end < len(text) else " "
        after2 = text[end + 1] if end + 1 < len(text) else " "
        if after in ":/-" and after2.isdigit():
            return False
        if before in ":/-" and before2.isdigit():
            return False
        if before == "-" and before2.isalpha():
            return False  # «F-16», «إس-300»
        lone_clitic = before in _CLITICS and not before2.isalnum()  # «و10»
        if before.isalpha() and not (lone_clitic or self.article_glued(start)):
            return False  # letters glued before digits, except a lone clitic or the article («الـ12»)
        return not (after.isascii() and after.isalpha())

    def article_glued(self, start: int) -> bool:
        """Whether the letters glued before the digits at ``start`` are the article
        with its proclitics («ال12» from «الـ12», «لل12»), not part of a code."""
        text = self.text
        first = start
        while first > 0 and start - first <= _LONGEST_ARTICLE_PREFIX and text[first - 1].isalnum():
            first -= 1
        return text[first:start] in _ARTICLE_PREFIXES

    def parse_number(self, i: int, *, clitic: str | None = None, compound: bool = True) -> _Number | None:
        """Parse the number starting at token ``i``.

        ``clitic`` forces a glued letter to be stripped from the first word (a
        range joiner «و10»); otherwise one of ``_CLITICS`` may be.  With
        ``compound=False`` only the first component is read.
        """
        if i >= len(self.words):
            return None
        first = self.words[i]
        start = self.starts[i]
        if clitic is not None:
            if not first.startswith(clitic) or len(first) == len(clitic):
                return None
            first, start = first[len(clitic) :], start + len(clitic)
        elif not self._known_start(first) and first[:1] in _CLITICS and self._known_start(first[1:]):
            first, start = first[1:], start + 1
        # «القتلى السبعة»: a unit or teen (or unit and ten, «الأربع والعشرين») read
        # without its article; the span keeps the article, as for a dual noun («القتيلان»).
        definite = clitic is None and first in self.vocab.definite_forms and self.after_definite_word(i)
        if definite:
            first = first[len(_ARTICLE) :]

        vague = self.parse_vague(i, start) if clitic is None else None
        if vague is not None:
            return vague

        total = 0.0  # completed thousands/millions
        current = 0.0  # the group below the last multiplier
        last_kind = ""
        scale = 0
        end = i  # index just past the last accepted token
        digits: str | None = None
        while end < len(self.words):
            k, word, joined = end, first, False
            if end > i:
                if not compound:
                    break
                word = self.words[end]
                if word == "و":
                    k, word, joined = end + 1, self.word(end + 1), True
                elif word.startswith("و"):
                    word, joined = word[1:], True
                else:
                    joined = False
                if definite:
                    # Every part of a definite number has the article: «الأربع والعشرين».
                    if not (
                        joined and word.startswith(_ARTICLE) and word[len(_ARTICLE) :] in self.vocab.tens
                    ):
                        break
                    word = word[len(_ARTICLE) :]
            value, kind, width = self.component(k, word, first_component=k == i)
            if kind == "multiplier" and joined:
                kind = "compound"  # «ثلاثة آلاف ومائة»: the multiplier word counts itself
            if kind == "":
                break
            if kind == "digits":
                digits = self.words[k]
            if kind == "multiplier":
                if k == i:
                    current = 1  # «ألف» alone; the vague plurals («آلاف») were read above
                elif not (0 < current < value and (value != 100 or current < 10)):
                    break
                if value == 100:
                    current *= 100
                    last_kind = "hundred"
                else:
                    total += current * value
                    current = 0
                    scale, last_kind = value, "scale"
            else:
                if k > i and not (joined and _may_join(last_kind, kind, value, scale)):
                    break
                current += value
                last_kind = kind
                if value >= 1000 and kind == "compound":  # «ألفين» behaves as «ألفا» + scale
                    total, current = total + current, 0
                    scale, last_kind = 10 ** (len(str(int(value))) - 1), "scale"
                elif 100 <= value < 1000 and value % 100 == 0:
                    last_kind = "hundred"
            end = k + width
        if end == i:
            return None
        amount = total + current
        if amount != int(amount):
            return None  # «2.5» alone is a measure, not a count
        if digits is not None and end - i > 1:
            digits = None
        n = int(amount)
        return _Number(n, n, n, start, end, False, digits)

    def _known_start(self, word: str) -> bool:
        return word in self.vocab.start_words

    def component(self, j: int, word: str, *, first_component: bool) -> tuple[float, str, int]:
        """(value, kind, tokens used) of one number component, kind "" if none."""
        vocab = self.vocab
        nxt = self.word(j + 1)
        if word[:1].isdecimal():
            if not first_component or not self.digits_in_context(j):
                return 0, "", 0
            value = self.digits_value(j)
            return (0, "", 0) if value is None else (value, "digits", 1)
        if word in vocab.teen_only_units:
            if nxt in vocab.teen_tens:
                return vocab.teen_only_units[word] + 10, "teen", 2
            return 0, "", 0
        if word in vocab.units:
            value = vocab.units[word]
            if value < 10 and nxt in vocab.teen_tens:
                return value + 10, "teen", 2
            return value, "unit", 1
        if word in vocab.tens:
            return vocab.tens[word], "ten", 1
        if word in vocab.compounds:
            return vocab.compounds[word], "compound", 1
        if word in vocab.multipliers:
            return vocab.multipliers[word], "multiplier", 1
        return 0, "", 0

    def parse_vague(self, i: int, start: int) -> _Number | None:
        vocab = self.vocab
        hit = vocab.vague.match(self.words, i)
        if hit is None:
            return None
        spec, n, _ = hit
        factor = vocab.vague_multipliers.get(self.word(i + n), 1)
        width = n + (factor != 1)
        high = None if spec.high is None else spec.high * factor
        return _Number(spec.best * factor, spec.low * factor, high, start, i + width, True, None)

    # -- context

    def is_year_or_date(self, number: _Number, i: int, modified: bool) -> bool:
        vocab = self.vocab
        after = self.word(number.end_token)
        if after in vocab.months:
            return True  # a day: «15 آذار»
        if after in vocab.year_suffixes:
            return True  # «2018م», «1440 هـ»
        if number.digits is None:
            return False
        first, last = vocab.year_range
        if not (len(number.digits) == 4 and first <= number.best <= last):
            return False
        if self.word(i - 1) in vocab.months or self.word(i - 2) in vocab.months:
            return True  # «آذار 2018», «تشرين الأول 2018»
        return not modified

    def only_space_before(self, i: int) -> bool:
        """Whether nothing but whitespace separates token ``i`` from the one before."""
        if not 0 < i < len(self.words):
            return False
        return self.text[self.ends[i - 1] : self.starts[i]].isspace()

    def after_definite_word(self, i: int) -> bool:
        """Whether token ``i`` follows, across one space, a word with the article
        («القتلى», «وللجنود»): the noun a definite number stands after."""
        if not self.only_space_before(i):
            return False
        word = self.words[i - 1]
        return any(word.startswith(p) and len(word) > len(p) + 1 for p in _ARTICLE_PREFIXES)

    def excluded_before(self, i: int) -> bool:
        before = self.word(i - 1)
        if before in _ARTICLE_PREFIXES:
            before = self.word(i - 2)  # «الجولة الـ12»: the article of the digits is no word of its own
        return before in self.vocab.not_count_after or before in self.vocab.ordinals

    def is_percentage(self, end_token: int) -> bool:
        return self.vocab.percent_after.match(self.words, end_token) is not None

    def in_idiom(self, i: int) -> bool:
        """Whether the word at ``i`` ends a fixed expression («في آن واحد»)."""
        words = self.words
        for idiom in self.vocab.idioms.get(words[i], ()):
            first = i + 1 - len(idiom)
            if (
                first >= 0
                and tuple(words[first : i + 1]) == idiom
                and all(self.only_space_before(k) for k in range(first + 1, i + 1))
            ):
                return True
        return False

    def counted_noun_at(self, i: int) -> bool:
        """Whether token ``i`` can be the noun counted by the bare number before it:
        an indefinite word, right after it, that is no function word, number or
        modifier.  «من» is allowed: «خمس من المناطق» counts five of them."""
        if not self.only_space_before(i):
            return False
        word = self.words[i]
        vocab = self.vocab
        return (
            len(word) >= 2
            and word[0].isalpha()
            and not word.startswith(_ARTICLE)
            and word not in vocab.function_words
            and word not in vocab.core_forms
            and vocab.modifiers_before.match(self.words, i) is None  # «تسع لنحو 500»
        )

    def ambiguous_alone(self, number: _Number, i: int) -> bool:
        """Whether a one-word number is a non-count reading of its word: «ست البيت»
        ("the lady of the house"), «عشر الميزانية» ("a tenth"), «لست أدري» ("I do
        not know"), «في آن واحد» ("at the same time")."""
        if number.vague or number.end_token != i + 1:
            return False
        if self.words[i] in self.vocab.not_alone or self.in_idiom(i):
            return True
        word = self.text[number.start : self.ends[i]]  # without a stripped clitic
        return word in self.vocab.needs_noun and not self.counted_noun_at(i + 1)

    def dual(self, i: int) -> tuple[int, int] | None:
        """(normalised start, tokens used) of a dual noun («قتيلين [اثنين]») at ``i``."""
        skipped = self.vocab.dual_forms.get(self.words[i])
        if skipped is None:
            return None
        width = 1 + (self.vocab.units.get(self.word(i + 1)) == 2)
        return self.starts[i] + skipped, width

    # -- the scan

    def scan(self) -> list[tuple[int, int, _Number]]:
        """(normalised start, normalised end, number) of every quantity, in order.

        Equivalent to trying :meth:`at` at every token left to right, but only
        near the pre-filtered core tokens: a quantity holds a core token at most
        ``lead_words`` tokens after its start (a modifier or range opener), so
        elsewhere :meth:`at` cannot succeed.
        """
        found: list[tuple[int, int, _Number]] = []
        lead = self.vocab.lead_words
        resume = 0  # the first token not yet tried or consumed
        for core in self.cores():
            if core < resume:
                continue
            for i in range(max(core - lead, resume), core + 1):
                result = self.at(i) if self.may_start(i) else None
                if result is not None:
                    start, end_token, number = result
                    found.append((start, self.ends[end_token - 1], number))
                    resume = end_token
                    break
            else:
                resume = core + 1
        return found

    def at(self, i: int) -> tuple[int, int, _Number] | None:
        vocab = self.vocab
        opener = vocab.ranges.match(self.words, i)
        if opener is not None:
            joiners, length, clitic = opener
            ranged = self.range_at(self.starts[i] + clitic, i + length, joiners)
            if ranged is not None:
                return ranged
        modifier = vocab.modifiers_before.match(self.words, i)
        if modifier is not None:
            kind, length, clitic = modifier
            number = self.countable(i + length, modified=True)
            if number is not None:
                return self.starts[i] + clitic, number.end_token, _apply(kind, number, vocab.about_band)
        dual = self.dual(i)
        if dual is not None:
            start, width = dual
            return start, i + width, _Number(2, 2, 2, start, i + width, False, None)
        number = self.countable(i, modified=False)
        if number is None:
            return None
        for gap in range(_NOUN_GAP + 1):
            after = number.end_token + gap
            if not self.only_space_before(after):
                break  # punctuation: «على الأقل» past a comma belongs to another clause
            postfix = vocab.modifiers_after.match(self.words, after)
            if postfix is not None:
                kind, length, _ = postfix
                return number.start, after + length, _apply(kind, number, vocab.about_band)
            if self._known_start(self.word(after)):
                break  # another number starts: the modifier is not ours
        return number.start, number.end_token, number

    def countable(self, i: int, *, modified: bool, clitic: str | None = None) -> _Number | None:
        """The number at ``i`` if it is a count (not a year, date, percentage ...)."""
        if i >= len(self.words) or self.excluded_before(i):
            return None
        number = self.parse_number(i, clitic=clitic)
        if number is None or self.is_year_or_date(number, i, modified):
            return None
        if not modified and self.ambiguous_alone(number, i):
            return None
        return None if self.is_percentage(number.end_token) else number

    def range_at(self, start: int, k: int, joiners: frozenset[str]) -> tuple[int, int, _Number] | None:
        """The range «opener low joiner high» whose opener starts at normalised
        offset ``start`` and whose first number is at token ``k``."""
        for compound in (True, False):
            low = self.parse_number(k, compound=compound)
            if low is None or low.vague:
                continue
            j = low.end_token
            high = None
            if self.word(j) in joiners:
                high = self.countable(j + 1, modified=True)
            elif "و" in joiners:
                high = self.countable(j, modified=True, clitic="و")
            if high is not None and not high.vague and high.best > low.best:
                return (
                    start,
                    high.end_token,
                    _Number(low.best, low.best, high.best, start, high.end_token, False, None),
                )
        return None


def _may_join(last_kind: str, kind: str, value: float, scale: int) -> bool:
    """Whether «و» + a component of ``kind`` and ``value`` continues the number so far."""
    if last_kind == "unit":
        return kind == "ten"  # خمسة وعشرون
    if last_kind == "hundred":
        return value < 100  # مائة وخمسون
    if last_kind == "scale":
        return value < scale  # ثلاثة آلاف وخمسمائة
    return False


def _apply(kind: str, number: _Number, about_band: _Band) -> _Number:
    """``number`` read through a modifier of ``kind`` (see numbers.yaml)."""
    n = number.best
    if kind == "more_than":
        low, best, high = n + 1, n, None
    elif kind == "about":
        margin = about_band.margin(n)
        low, best, high = max(n - margin, 0), n, n + margin
    elif kind == "at_least":
        low, best, high = n, n, None
    elif kind == "less_than":
        best = max(n - 1, 0)
        low, high = min(1, best), best
    else:  # at_most
        low, best, high = min(1, n), n, n
    if number.vague and kind != "less_than":
        low = max(low, number.low)
    return _Number(best, low, high, number.start, number.end_token, number.vague, None)


def find_quantities(text: str | Normalized) -> list[Quantity]:
    """Every count in ``text`` (a string or its :func:`normalize`), in order."""
    return list(_quantities_of(text if isinstance(text, Normalized) else normalize(text)))


# The casualty, role and toll stages each count the same sentence, which :func:`normalize`
# hands them as one Normalized (it is never modified, and hashes by identity).
@lru_cache(maxsize=64)
def _quantities_of(normalized: Normalized) -> tuple[Quantity, ...]:
    quantities: list[Quantity] = []
    for start, end, number in _Scanner(normalized, vocabulary()).scan():
        original_start, original_end = normalized.original_span(start, end)
        quantities.append(
            Quantity(
                best=number.best,
                low=number.low,
                high=number.high,
                start=original_start,
                end=original_end,
                text=normalized.original[original_start:original_end],
                vague=number.vague,
            )
        )
    return tuple(quantities)


def parse_quantity(s: str) -> Quantity | None:
    """The first count in ``s`` («أكثر من 20 قتيلا» → best 20, low 21), or None."""
    quantities = find_quantities(s)
    return quantities[0] if quantities else None
