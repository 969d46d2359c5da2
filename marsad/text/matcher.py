"""Find many phrases at once in Arabic text, proclitic-aware, with original offsets.

Phrases are normalised with :func:`normalize_key` and compiled once into an
Aho-Corasick automaton searched over :attr:`Normalized.word_form` (normalised,
ASCII lower-cased, every non-letter/digit a space).  Punctuation inside a phrase
is therefore a word separator: «U.S.» also matches «U S».
Arabic attaches prepositions and conjunctions to the next word, so a hit that
starts inside a word is accepted when the letters before it are a proclitic
(«بدير الزور» → «دير الزور»).  The definite article merges with the
preposition ل («ل» + «التحالف» is written «للتحالف»); for that each phrase
beginning with ال gets a second key without its alef that must follow ل.  When
the word itself begins with ل the article's lam merges too («ل» + «اللاذقية» is
written «للاذقية»), so that key drops the whole article: «لاذقية» after ل.
(«لليبيا» is just ل + «ليبيا», found through the plain proclitic ل.)

``article_optional=True`` makes the article free on both sides: «التحالف» also
matches «تحالف», and «دمشق» also matches «الدمشق»/«بالدمشق».  It is off by
default because a name without the article is usually a different name.
"""

from __future__ import annotations

import pickle
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, Generic, TypeVar

import ahocorasick

from marsad.text.normalize import Normalized, normalize, normalize_key

T = TypeVar("T")
K = TypeVar("K")

_ARTICLE = "ال"

#: Conjunction + preposition letters that may precede any word («وب», «فل», ...).
_PLAIN_PROCLITICS = frozenset(conj + prep for conj in ("", "و", "ف") for prep in ("", "ب", "ل", "ك"))
#: Proclitics that end in the definite article («وال», «بال», ...), and the merged
#: lam + article «لل» (which appears in text as «لل» + rest of the word).
_ARTICLE_PROCLITICS = frozenset(p + _ARTICLE for p in _PLAIN_PROCLITICS if not p.endswith("ل")) | {
    conj + "لل" for conj in ("", "و", "ف")
}
#: What may precede the article-less remainder «لتحالف» of a «التحالف» key: the
#: preposition ل, optionally after a conjunction (text «للتحالف», «وللتحالف»).
_LAM_PROCLITICS = frozenset({"ل", "ول", "فل"})
_NON_WORD_RE = re.compile(r"[\W_]")
_PICKLE_FORMAT = 2
_LONGEST_PROCLITIC = max(len(p) for p in _PLAIN_PROCLITICS | _ARTICLE_PROCLITICS)
#: The last letters of every proclitic: a hit inside a word after any other letter is mid-word.
_PROCLITIC_ENDINGS = frozenset(p[-1] for p in _PLAIN_PROCLITICS | _ARTICLE_PROCLITICS | _LAM_PROCLITICS if p)


# Not frozen: a frozen dataclass is ~4x slower to build, and articles yield many matches.
@dataclass(slots=True)
class Match(Generic[T]):
    """One phrase occurrence; offsets index the ORIGINAL text.

    ``text == original[start:end]`` is the phrase as written, without any attached
    proclitic; ``prefix_start`` is where the word starts including the proclitic
    (equal to ``start`` when there is none).  When the article's alef is elided
    after ل («للتحالف») the span begins at the article's lam: «لتحالف»; when the
    lam merges with the word's own («للاذقية») the span is that lam on: «لاذقية».
    ``phrase`` is the key as given to the matcher, ``value`` its value.
    """

    start: int
    end: int
    text: str
    phrase: str
    value: T
    prefix_start: int


class _Variant(Enum):
    FULL = 1  # the phrase key itself
    LAM_MERGED = 2  # «التحالف» without its alef («اللاذقية» without ال), found after ل
    ARTICLE_DROPPED = 3  # «التحالف» without ال (article_optional only)


@dataclass(frozen=True, slots=True)
class _Entry(Generic[T]):
    phrase: str
    value: T
    variant: _Variant
    allowed_prefixes: frozenset[str]


class PhraseMatcher(Generic[T]):
    """Compile ``phrases`` (phrase → value) once; :meth:`find` them in any text.

    Keys that normalise to the same form collide: the first one given wins.
    Matches sit on word boundaries: the character before the proclitic (or the
    phrase) and the one after the phrase are not letters or digits.  Of
    overlapping matches the longest wins, then the leftmost.
    """

    def __init__(self, phrases: Mapping[str, T], *, article_optional: bool = False) -> None:
        self.article_optional = article_optional
        self._automaton = ahocorasick.Automaton()
        self._size = 0
        allowed_full = _PLAIN_PROCLITICS | (_ARTICLE_PROCLITICS if article_optional else frozenset())
        for phrase, value in phrases.items():
            key = _key(phrase)
            if not key:
                continue
            added = self._add(key, _Entry(phrase, value, _Variant.FULL, allowed_full))
            self._size += added
            if not added or not key.startswith(_ARTICLE) or len(key) < len(_ARTICLE) + 3:
                continue
            self._add(_lam_merged(key), _Entry(phrase, value, _Variant.LAM_MERGED, _LAM_PROCLITICS))
            if article_optional:
                entry = _Entry(phrase, value, _Variant.ARTICLE_DROPPED, allowed_full)
                self._add(key[len(_ARTICLE) :], entry)
        if self._size:
            self._automaton.make_automaton()

    def __len__(self) -> int:
        return self._size

    # Stages cache compiled matchers with pickle.  The layout is versioned so that a
    # matcher pickled by an older marsad fails loudly (UnpicklingError, which cache
    # loaders treat as "rebuild") instead of being misread.
    def __getstate__(self) -> dict[str, Any]:
        return {
            "format": _PICKLE_FORMAT,
            "automaton": self._automaton,
            "size": self._size,
            "article_optional": self.article_optional,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        if not isinstance(state, dict) or state.get("format") != _PICKLE_FORMAT:
            raise pickle.UnpicklingError("PhraseMatcher pickled by another marsad version: rebuild it")
        self._automaton = state["automaton"]
        self._size = state["size"]
        self.article_optional = state["article_optional"]

    def _add(self, key: str, entry: _Entry[T]) -> bool:
        """Register ``entry`` under ``key``; False when a phrase already owns this key."""
        bucket: _Bucket[T] | None = self._automaton.get(key, None)
        if bucket is None:
            self._automaton.add_word(key, _Bucket(len(key), [entry]))
            return True
        if entry.variant is _Variant.FULL and any(e.variant is _Variant.FULL for e in bucket.entries):
            return False
        bucket.add(entry)
        return True

    def find(self, text: str | Normalized) -> list[Match[T]]:
        """All non-overlapping matches in ``text`` (a string or its :func:`normalize`)."""
        if not self._size:
            return []
        normalized = text if isinstance(text, Normalized) else normalize(text)
        # Keys end in a space, so the automaton itself enforces the right boundary.  That
        # space also stands before a hit at offset 0 (``haystack[-1]``), so one test finds
        # every hit at a word start.
        haystack = normalized.word_form + " "
        # (-length, start, end, word start, entry): sorts longest first, then leftmost;
        # no two hits share length and start, so entries are never compared.
        candidates: list[tuple[int, int, int, int, _Entry[T]]] = []
        append = candidates.append
        for last, bucket in self._automaton.iter(haystack):
            start = last + 1 - bucket.length
            before = haystack[start - 1]
            if before == " ":
                if bucket.unprefixed is not None:
                    append((start - last, start, last, start, bucket.unprefixed))
            elif before in _PROCLITIC_ENDINGS:  # most hits inside a word end here
                prefixed = _prefixed_entry(haystack, start, bucket)
                if prefixed is not None:
                    append((start - last, start, last, *prefixed))
        return _resolve(candidates, normalized) if candidates else []


class MatcherSet(Generic[K, T]):
    """Several matchers searched in one pass over the text.

    ``find(text)[name]`` is exactly ``matchers[name].find(text)``: every matcher's
    hits are kept apart and its overlaps resolved on their own, so a phrase of one
    never hides a phrase of another.  One automaton scan replaces one per matcher,
    which is what a sentence read for a dozen small cue lists costs.
    """

    def __init__(self, matchers: Mapping[K, PhraseMatcher[T]]) -> None:
        self._names = list(matchers)
        # Key → (its length, (index of the matcher, its bucket) for every matcher that has it).
        owners: dict[str, list[tuple[int, _Bucket[T]]]] = {}
        for index, matcher in enumerate(matchers.values()):
            if matcher._size:
                for key, bucket in matcher._automaton.items():
                    owners.setdefault(key, []).append((index, bucket))
        self._automaton = ahocorasick.Automaton()
        for key, buckets in owners.items():
            self._automaton.add_word(key, (len(key), tuple(buckets)))
        if owners:
            self._automaton.make_automaton()

    def find(self, text: str | Normalized) -> dict[K, list[Match[T]]]:
        """Every matcher's matches in ``text`` (a string or its :func:`normalize`), by name."""
        candidates: list[list[tuple[int, int, int, int, _Entry[T]]]] = [[] for _ in self._names]
        normalized = text if isinstance(text, Normalized) else normalize(text)
        if len(self._automaton):
            haystack = normalized.word_form + " "
            for last, (length, buckets) in self._automaton.iter(haystack):
                start = last + 1 - length
                before = haystack[start - 1]  # the final space when start is 0
                if before == " ":
                    for index, bucket in buckets:
                        if bucket.unprefixed is not None:
                            candidates[index].append((start - last, start, last, start, bucket.unprefixed))
                elif before in _PROCLITIC_ENDINGS:
                    for index, bucket in buckets:
                        prefixed = _prefixed_entry(haystack, start, bucket)
                        if prefixed is not None:
                            candidates[index].append((start - last, start, last, *prefixed))
        return {
            name: _resolve(found, normalized) if found else []
            for name, found in zip(self._names, candidates, strict=True)
        }


class _Bucket(Generic[T]):
    """The automaton value of one key: its length and the entries that share it."""

    __slots__ = ("entries", "length", "unprefixed")

    def __init__(self, length: int, entries: list[_Entry[T]]) -> None:
        self.length = length
        self.entries = entries
        self.unprefixed = self._first_unprefixed()

    def add(self, entry: _Entry[T]) -> None:
        # Full keys are tried before derived variants of other phrases.
        self.entries.append(entry)
        self.entries.sort(key=lambda e: e.variant.value)
        self.unprefixed = self._first_unprefixed()

    def _first_unprefixed(self) -> _Entry[T] | None:
        """The entry to use for a hit at a word start (cached: most hits are)."""
        return next((e for e in self.entries if "" in e.allowed_prefixes), None)


def _prefixed_entry(haystack: str, start: int, bucket: _Bucket[T]) -> tuple[int, _Entry[T]] | None:
    """(word start, entry) of a hit at ``start`` inside a word, when the letters before
    it are a proclitic the bucket's phrase allows; None mid-word."""
    word_start = _word_start(haystack, start)
    if word_start is None:
        return None  # mid-word: no proclitic is that long
    prefix = haystack[word_start:start]
    for entry in bucket.entries:
        if prefix in entry.allowed_prefixes:
            return word_start, entry
    return None


def _resolve(
    candidates: list[tuple[int, int, int, int, _Entry[T]]], normalized: Normalized
) -> list[Match[T]]:
    """Keep the longest, then leftmost, of overlapping candidates; in text order."""
    if len(candidates) == 1:
        _, start, end, word_start, entry = candidates[0]
        kept = [(start, end, word_start, entry)]
    else:
        candidates.sort()
        taken = bytearray(len(normalized.text))
        kept = []
        for _, start, end, word_start, entry in candidates:
            if taken.find(1, start, end) >= 0:
                continue
            taken[start:end] = b"\x01" * (end - start)
            kept.append((start, end, word_start, entry))
        # Kept ranges do not overlap, so no two share a start: the entries are never compared.
        kept.sort()
    original = normalized.original
    if normalized.is_identity:  # offsets are original offsets already
        return [
            Match(start, end, original[start:end], entry.phrase, entry.value, word_start)
            for start, end, word_start, entry in kept
        ]
    matches: list[Match[T]] = []
    for start, end, word_start, entry in kept:
        original_start, original_end = normalized.original_span(start, end)
        prefix_start = original_start if word_start == start else normalized.to_original(word_start)
        text = original[original_start:original_end]
        matches.append(Match(original_start, original_end, text, entry.phrase, entry.value, prefix_start))
    return matches


def _key(phrase: str) -> str:
    """The automaton key of ``phrase``: its word form (as :attr:`Normalized.word_form`)
    with single spaces, ending in one space that stands for the right word boundary."""
    words = _NON_WORD_RE.sub(" ", normalize_key(phrase)).split()
    return " ".join(words) + " " if words else ""


def _lam_merged(key: str) -> str:
    """The form an article key takes after the preposition ل: the article's alef is
    not written («لتحالف»), nor its lam before a word beginning with lam («لاذقية»)."""
    return key[len(_ARTICLE) :] if key.startswith(_ARTICLE + "ل") else key[1:]


def _word_start(haystack: str, start: int) -> int | None:
    """Where the word holding a hit at ``start`` begins, or None when more letters
    than the longest proclitic precede the hit in its word (it is mid-word).

    The caller checks that the letters between the two are an allowed proclitic
    (the empty one is allowed for every variant except the lam-merged one).
    """
    reach = start - _LONGEST_PROCLITIC - 1  # a space here still leaves a proclitic-long prefix
    space = haystack.rfind(" ", max(reach, 0), start)
    if space >= 0:
        return space + 1
    return 0 if reach < 0 else None
