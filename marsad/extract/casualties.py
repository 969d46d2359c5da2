"""Binding death and injury figures to the casualty words of a sentence (GUIDE §4)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.extract.lexicon import CasualtyKind, Lexicon
from marsad.text import normalize_key
from marsad.text.numbers import Quantity, find_quantities

#: At most this many words may stand between a number and its casualty word.
MAX_GAP_WORDS = 3
#: ... or this many when the first is the counted noun: «100 مقاتل من القوات الموالية قتلوا».
MAX_NOUN_PHRASE_WORDS = 9
#: GUIDE §4: deaths stated without any number.
VAGUE_LIMITED_TOLL = 3
VAGUE_LARGE_TOLL = 10

_WORD_RE = re.compile(r"[^\W\d_]+")
#: Plural endings and broken plurals after «مقتل»: «مقتل مدنيين» says several, «مقتل جندي» one.
_PLURAL_ENDINGS = ("ين", "ون", "ات")
_BROKEN_PLURALS = frozenset(
    normalize_key(w)
    for w in ("أشخاص", "جنود", "عناصر", "أطفال", "نساء", "رجال", "أعضاء", "قتلى", "شهداء", "جثث", "ضحايا")
)
#: Plural verb forms of a death word: «قتلوا» with no number says several deaths, not one.
_PLURAL_VERBS = frozenset(normalize_key(w) for w in ("قتلوا", "حتفهم", "مصرعهم", "استشهدوا"))


@dataclass(frozen=True, slots=True)
class Figure:
    """A casualty figure of a sentence: offsets into the searched string."""

    kind: CasualtyKind
    best: int
    low: int
    high: int | None
    start: int
    end: int
    vague: bool


def _gap_is_countable(gap: str, lexicon: Lexicon, noun_phrase: bool = False) -> bool:
    """Whether only counted nouns and quantifiers stand between a number and its casualty word.

    With ``noun_phrase`` (a number before a death verb) the counted noun may
    carry a short description: «أكثر من 100 مقاتل من المتحالفين مع النظام قتلوا».
    """
    if any(ch in gap for ch in ".،,:؛;()\"«»"):
        return False
    words = _WORD_RE.findall(gap)
    if noun_phrase and words and normalize_key(words[0]) in lexicon.counted_nouns:
        return len(words) <= MAX_NOUN_PHRASE_WORDS
    if len(words) > MAX_GAP_WORDS:
        return False
    return all(normalize_key(w) in lexicon.counted_nouns for w in words)


def _is_plural(word: str) -> bool:
    key = normalize_key(word)
    return key in _BROKEN_PLURALS or (len(key) > 4 and key.endswith(_PLURAL_ENDINGS))


def find_figures(text: str, lexicon: Lexicon, large_scale: bool) -> list[Figure]:
    """Casualty figures of ``text``, one per casualty word, in text order.

    ``large_scale`` (a cue of the sentence) turns a toll without a number into
    10 instead of 3.  A number is used by at most one casualty word.
    """
    words = lexicon.casualties.find(text)
    if not words:
        return []
    quantities = find_quantities(text)
    used: set[int] = set()
    figures: list[Figure] = []
    for match in words:
        word = match.value
        if word.number == "self" and word.count is not None:
            count = word.count
            figures.append(Figure(word.kind, count, count, count, match.start, match.end, False))
            continue
        quantity = _bound_quantity(text, match.start, match.end, word.number, quantities, used, lexicon)
        if quantity is not None:
            used.add(id(quantity))
            best = 1 if word.kind == "both" else quantity.best
            start, end = min(match.start, quantity.start), max(match.end, quantity.end)
            high = None if word.kind == "both" else quantity.high
            figures.append(Figure(word.kind, best, min(best, quantity.low), high, start, end, quantity.vague))
        elif word.kind == "both":
            figures.append(Figure("both", 1, 1, None, match.start, match.end, True))
        elif word.kind == "death":
            figures.append(_numberless_death(text, match.start, match.end, large_scale))
    return figures


def _bound_quantity(
    text: str,
    start: int,
    end: int,
    position: str,
    quantities: list[Quantity],
    used: set[int],
    lexicon: Lexicon,
) -> Quantity | None:
    if position == "after":
        for quantity in quantities:
            if quantity.start >= end and id(quantity) not in used:
                return quantity if _gap_is_countable(text[end : quantity.start], lexicon) else None
        return None
    verb = normalize_key(text[start:end]).split(" ")[-1] in _PLURAL_VERBS
    for quantity in reversed(quantities):
        if quantity.end <= start and id(quantity) not in used:
            return quantity if _gap_is_countable(text[quantity.end : start], lexicon, verb) else None
    return None


def _numberless_death(text: str, start: int, end: int, large_scale: bool) -> Figure:
    """GUIDE §4: «قتلى» with no number → 3 (10 if large); «مقتل جندي» → 1."""
    following = _WORD_RE.search(text, end)
    last_word = normalize_key(text[start:end]).split(" ")[-1]
    plural_word = last_word in _BROKEN_PLURALS or last_word in _PLURAL_VERBS  # «سقوط قتلى»، «قتلوا»
    several = plural_word or (following is not None and _is_plural(following.group()))
    if not several:
        return Figure("death", 1, 1, 1, start, end, False)
    toll = VAGUE_LARGE_TOLL if large_scale else VAGUE_LIMITED_TOLL
    return Figure("death", toll, 1, None, start, end, True)
