"""Binding death and injury figures to the casualty words of a sentence (GUIDE §4)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from marsad.extract.lexicon import CasualtyKind, CasualtyWord, Lexicon
from marsad.text import Match, Normalized, normalize, normalize_key
from marsad.text.numbers import Quantity, find_quantities

#: At most this many words may stand between a number and its casualty word.
MAX_GAP_WORDS = 3
#: ... or this many when the first is the counted noun: «100 مقاتل من القوات الموالية قتلوا».
MAX_NOUN_PHRASE_WORDS = 9
#: Words a transitive verb's subject may take before its number: «قتل المهاجم 3 حراس».
MAX_SUBJECT_WORDS = 2
#: ... or when a passive verb's circumstance comes first: «قتل في قصف على البلدة 20 شخصا».
MAX_PASSIVE_WORDS = 14
#: Words a toll noun may stand from its number: «ارتفعت حصيلة القتلى في البلدة إلى 20».
MAX_CLAUSE_WORDS = 8
#: GUIDE §4: deaths stated without any number.
VAGUE_LIMITED_TOLL = 3
VAGUE_LARGE_TOLL = 10

_WORD_RE = re.compile(r"[^\W\d_]+")
_CLAUSE_BREAK = '.،,:؛;()"«»'
_NEXT_WORD_RE = re.compile(r"\s+([^\W\d_]+)")
_JOINER_RE = re.compile(r"\s*و\s*")
#: «و» after a short phrase of at most three words: «مقتل 8 بموقع بحلحلان و6».
_PHRASE_JOINER_RE = re.compile(r"(?:\s+[^\W\d_]+){1,3}?\s+و\s*")
#: Forms of «كان» that describe a joined count: «و6 كانوا على متن عربة».
_BEING = frozenset(normalize_key(w) for w in ("كان", "كانوا", "كانت", "كانا", "كن"))
#: Endings of a nisba adjective describing the counted people: «تركي», «أفغان» is not one.
_NISBA_ENDINGS = ("ي", "يه", "يا", "يين", "يون", "يات")
#: A subset of a toll already stated: «مقتل 12 شخصا بينهم 4 أطفال», «ثلاثين عاملا، هم 25 رجلا».
_SUBSET_RE = re.compile(r"(?:^|[\s،,(])(?:من\s+)?(?:بين|من)(?:هم|هن|ها)\s*$|(?:^|[،,(]\s*)هم\s*$")
#: A subset clause between a counted noun and its verb: «خمسة عمال، بينهم طفل، مصرعهم».
_SUBSET_CLAUSE_RE = re.compile(r"[،,]\s*(?:من\s+)?(?:بين|من)(?:هم|هن)[^،,.]*[،,]")
#: Plural endings and broken plurals after «مقتل»: «مقتل مدنيين» says several, «مقتل جندي» one.
_PLURAL_ENDINGS = ("ين", "ون", "ات")
_BROKEN_PLURALS = frozenset(
    normalize_key(w)
    for w in ("أشخاص", "جنود", "عناصر", "أطفال", "نساء", "رجال", "أعضاء", "قتلى", "شهداء", "جثث", "ضحايا")
)
#: Words for «many» after a death word: «مقتل عدد كبير من», «مقتل الكثير من».
_MANY = frozenset(normalize_key(w) for w in ("عدد", "أعداد", "العديد", "الكثير", "كثير", "جميع", "عشرات"))
#: What stands between a noun and its definite number: «القتلى السبعة», «القتلى الـ12».
_DEFINITE_GAP_RE = re.compile(r"\s+(?:الـ?\s*)?")
#: A dual verb of a death word: «قتلا» after a dual noun says two deaths.
_DUAL_VERBS = frozenset(normalize_key(w) for w in ("قتلا", "استشهدا"))
#: Plural verb forms of a death word: «قتلوا» with no number says several deaths, not one.
_PLURAL_VERBS = frozenset(
    normalize_key(w) for w in ("قتلوا", "حتفهم", "مصرعهم", "استشهدوا", "حتفهما", "مصرعهما")
)
#: Their dual forms say two: «لقي رجلان مصرعهما».
_DUAL_PRONOUNS = frozenset(normalize_key(w) for w in ("حتفهما", "مصرعهما"))
#: «آخرون», «آخرين», «آخر»: others than those a toll named before (normalised stem).
_OTHERS = normalize_key("آخر")
#: Characters after a number in which «آخرون» may follow it, past one counted noun.
OTHERS_REACH = 24
#: Prepositions that open a passive verb's circumstance (:func:`_opens_circumstance`).
_PREPOSITIONS = frozenset(
    normalize_key(w) for w in ("في", "خلال", "جراء", "إثر", "بسبب", "عقب", "بعد", "أثناء", "على", "منذ")
)


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


def _words(gap: str) -> list[str]:
    return _WORD_RE.findall(gap)


def _gap_is_countable(gap: str, lexicon: Lexicon, noun_phrase: bool = False) -> bool:
    """Whether only counted nouns and quantifiers stand between a number and its casualty word.

    With ``noun_phrase`` (a number before a death verb) the counted noun may
    carry a short description, and a subset clause: «أكثر من 100 مقاتل من
    القوات الموالية قتلوا», «خمسة عمال، بينهم طفل، مصرعهم».
    """
    if noun_phrase:
        gap = _SUBSET_CLAUSE_RE.sub(" ", gap)
    if any(ch in gap for ch in _CLAUSE_BREAK):
        return False
    words = _words(gap)
    if noun_phrase and words and normalize_key(words[0]) in lexicon.counted_nouns:
        return len(words) <= MAX_NOUN_PHRASE_WORDS
    if len(words) > MAX_GAP_WORDS:
        return False
    # A nisba adjective may describe the counted noun: «مقتل شرطيين عراقيين ثلاثة».
    return all(
        normalize_key(w) in lexicon.counted_nouns
        or (i > 0 and normalize_key(words[i - 1]) in lexicon.counted_nouns and _is_nisba(w))
        for i, w in enumerate(words)
    )


def _is_nisba(word: str) -> bool:
    return len(word) > 3 and not word.startswith("و") and normalize_key(word).endswith(_NISBA_ENDINGS)


def _reaches(text: str, end: int, quantity: Quantity, word: CasualtyWord, lexicon: Lexicon) -> bool:
    """Whether a number after a casualty word ending at ``end`` is its number."""
    gap = text[end : quantity.start]
    if _gap_is_countable(gap, lexicon):
        return True
    if word.reach == "noun" or any(ch in gap for ch in _CLAUSE_BREAK):
        return False
    if word.reach == "clause":
        return len(_words(gap)) <= MAX_CLAUSE_WORDS
    # A verb's subject: only when the number then counts people («قتل الجيش 5 مسلحين»),
    # not days or places («قتل الطفل بعد 3 أيام»).  A quantity modified after its
    # noun holds the noun («سبعة أشخاص على الأقل»).
    counts_people = _followed_by_noun(text, quantity, lexicon) or any(
        _is_counted(w, lexicon) for w in _words(quantity.text)
    )
    if not counts_people:
        return False
    words = _words(gap)
    # A passive verb may put how and where before its subject: «وقتل في الغارات
    # والقصف على المنطقة أكثر من 100 شخص».
    passive = bool(words) and _opens_circumstance(words[0])
    return len(words) <= (MAX_PASSIVE_WORDS if passive else MAX_SUBJECT_WORDS)


def _opens_circumstance(word: str) -> bool:
    """«في», «جراء», «بالقصف»: a preposition, so no subject stands right after the verb."""
    key = normalize_key(word)
    return key in _PREPOSITIONS or (key.startswith("بال") and len(key) > 4)


def _is_plural(word: str) -> bool:
    key = normalize_key(word)
    return key in _BROKEN_PLURALS or (len(key) > 4 and key.endswith(_PLURAL_ENDINGS))


def _is_subset(text: str, quantity: Quantity) -> bool:
    """«بينهم 4 أطفال»: a part of a toll stated just before, never a toll of its own."""
    return _SUBSET_RE.search(text, max(0, quantity.start - 12), quantity.start) is not None


def find_figures(
    text: str | Normalized,
    lexicon: Lexicon,
    large_scale: bool,
    words: list[Match[CasualtyWord]] | None = None,
) -> list[Figure]:
    """Casualty figures of ``text`` (a sentence or its :func:`normalize`), one per stated
    toll, in text order.

    ``large_scale`` (a cue of the sentence) turns a toll without a number into
    10 instead of 3.  A number is used by one figure: a toll noun and the word
    after its number («حصيلة ... 60 قتيلا») state one figure, and a death word
    and an injury word sharing a number («قتل وجرح 20») state killed-and-wounded
    together (GUIDE §4: one death).  Counts joined by «و» add up: «مقتل 6
    عمال وشرطي» is 7.
    """
    form = text if isinstance(text, Normalized) else normalize(text)
    text = form.original
    if words is None:  # else ``lexicon.casualties.find(form)``, found by the caller
        words = lexicon.casualties.find(form)
    if not words:
        return []
    subsets = [(m.start(), m.end()) for m in _SUBSET_CLAUSE_RE.finditer(text)]
    quantities = [
        q
        for q in find_quantities(form)
        if not _is_subset(text, q) and not any(start <= q.start < end for start, end in subsets)
    ]
    owner: dict[int, int] = {}  # id(quantity) -> index of the figure it makes
    figures: list[Figure] = []
    for match in words:
        word = match.value
        if word.number == "self" and word.count is not None:
            count = word.count
            figures.append(Figure(word.kind, count, count, count, match.start, match.end, False))
            continue
        quantity = _bound_quantity(text, match, quantities, words, lexicon)
        if quantity is not None and id(quantity) in owner:
            index = owner[id(quantity)]
            figures[index] = _shared(figures[index], word.kind, match)
            continue
        if quantity is not None:
            owner[id(quantity)] = len(figures)
            figures.append(_stated(text, match, quantity, quantities, words, lexicon))
        elif word.reach == "clause":
            continue  # «الحصيلة» without a number states no death
        elif word.kind == "both":
            figures.append(Figure("both", 1, 1, None, match.start, match.end, True))
        elif word.kind == "death":
            figures.append(_numberless_death(text, match, quantities, words, lexicon, large_scale))
    return figures


def _shared(figure: Figure, kind: CasualtyKind, match: Match[CasualtyWord]) -> Figure:
    """A figure whose number a second casualty word also claims."""
    start, end = min(figure.start, match.start), max(figure.end, match.end)
    if kind == figure.kind or figure.kind == "both":
        return Figure(figure.kind, figure.best, figure.low, figure.high, start, end, figure.vague)
    return Figure("both", 1, 1, None, start, end, figure.vague)


def _stated(
    text: str,
    match: Match[CasualtyWord],
    quantity: Quantity,
    quantities: list[Quantity],
    words: list[Match[CasualtyWord]],
    lexicon: Lexicon,
) -> Figure:
    kind = match.value.kind
    start, end = min(match.start, quantity.start), max(match.end, quantity.end)
    if kind == "both":
        return Figure("both", 1, 1, None, start, end, quantity.vague)
    best, low, high = quantity.best, quantity.low, quantity.high
    if match.value.number == "after":
        extra, extra_high, end = _joined_counts(text, max(end, quantity.end), quantities, words, lexicon)
        best, low = best + extra, low + extra
        high = None if high is None or extra_high is None else high + extra_high
    return Figure(kind, best, min(best, low), high, start, end, quantity.vague)


def _joined_counts(
    text: str,
    end: int,
    quantities: list[Quantity],
    words: list[Match[CasualtyWord]],
    lexicon: Lexicon,
) -> tuple[int, int | None, int]:
    """(added count, added high, new end) of counts joined by «و» after a toll ending at ``end``.

    «مقتل 6 عمال وشرطي» adds one, «مقتل شرطي عراقي وخمسة مدنيين» five, «مقتل 8
    بموقع و6 كانوا على متن عربة» six (a joined count that then says who they were
    may follow a short phrase); an injury word («وإصابة 5») or anything else ends
    the list.
    """
    extra, extra_high = 0, 0
    # A casualty word may carry «و», which the matcher leaves out of its span.
    word_starts = {w.start for w in words} | {w.start - 1 for w in words}
    by_start = {q.start: q for q in quantities}
    cursor = end
    while True:
        cursor = _skip_description(text, cursor, word_starts, lexicon)
        joined = _JOINER_RE.match(text, cursor)
        after_phrase = joined is None
        if after_phrase:
            joined = _PHRASE_JOINER_RE.match(text, cursor)
        if joined is None or joined.end() in word_starts:
            break
        quantity = by_start.get(joined.end())
        single = None if after_phrase else _WORD_RE.match(text, joined.end())
        if quantity is not None and (
            _followed_by_noun(text, quantity, lexicon)
            or _followed_by_being(text, quantity)
            or (_is_dual_noun(quantity) and not after_phrase)
        ):
            extra += quantity.best
            extra_high = None if extra_high is None or quantity.high is None else extra_high + quantity.high
            end = cursor = quantity.end
        elif single is not None and _is_singular_noun(single.group(), lexicon):
            extra += 1
            extra_high = None if extra_high is None else extra_high + 1
            end = cursor = single.end()
        else:
            break
    return extra, extra_high, end


def _followed_by_being(text: str, quantity: Quantity) -> bool:
    """«6 كانوا على متن عربة»: a count of people that a form of «كان» describes."""
    following = _NEXT_WORD_RE.match(text, quantity.end)
    return following is not None and normalize_key(following.group(1)) in _BEING


def _skip_description(text: str, cursor: int, word_starts: set[int], lexicon: Lexicon) -> int:
    """Past the counted nouns and one nisba adjective after a count: «شرطي عراقي», «12 طفلا»."""
    adjective_seen = False
    while (following := _NEXT_WORD_RE.match(text, cursor)) is not None:
        word = following.group(1)
        if following.start(1) in word_starts or word.startswith("و"):
            break  # a casualty word or the next joined count
        if _is_counted(word, lexicon):
            cursor = following.end()
        elif not adjective_seen and _is_nisba(word):
            adjective_seen, cursor = True, following.end()
        else:
            break
    return cursor


def _is_dual_noun(quantity: Quantity) -> bool:
    """«طفلين», «شرطيان»: a noun that is its own count of two."""
    return (
        quantity.best == 2
        and _WORD_RE.fullmatch(quantity.text) is not None
        and quantity.text[-2:] in ("ين", "ان")
    )


def _is_counted(word: str, lexicon: Lexicon) -> bool:
    """A counted noun, with or without the article: «جنود», «الجنود»."""
    key = normalize_key(word)
    return key in lexicon.counted_nouns or (key.startswith("ال") and key[2:] in lexicon.counted_nouns)


def _followed_by_noun(text: str, quantity: Quantity, lexicon: Lexicon) -> bool:
    following = _NEXT_WORD_RE.match(text, quantity.end)
    return following is not None and _is_counted(following.group(1), lexicon)


def _is_singular_noun(word: str, lexicon: Lexicon) -> bool:
    """«جندي», «شرطي», «طفل»: a counted noun naming one person."""
    key = normalize_key(word)
    return key in lexicon.counted_nouns and not _is_plural(key) and not key.endswith("ا") and len(key) > 2


def _bound_quantity(
    text: str,
    match: Match[CasualtyWord],
    quantities: list[Quantity],
    words: list[Match[CasualtyWord]],
    lexicon: Lexicon,
) -> Quantity | None:
    word, start, end = match.value, match.start, match.end
    if word.number == "after":
        following = next((q for q in quantities if q.start >= end), None)
        if following is None or not _reaches(text, end, following, word, lexicon):
            return None
        # «رجل قتل وأصيب 3 آخرون»: the 3 belongs to the injury word in between, unless
        # the two verbs share it: «قتل وأصيب 55 عنصرا» is killed-and-wounded together.
        between = [w for w in words if end <= w.start < following.start]
        if any(w.value.kind != word.kind for w in between):
            shared = len(between) == 1 and text[end : between[0].start].strip() == "و"
            return following if shared and not _others_follow(text, following) else None
        return following
    # The number parser keeps a counted noun inside a quantity modified after it
    # («ستة قتلى على الأقل»): the casualty word then lies inside its own number.
    around = next((q for q in quantities if q.start < start < q.end), None)
    if around is not None:
        return around
    # A verb agreeing with a counted subject: «خمسة عمال ... قتلوا», «اثنين من أفراد الشرطة قتلا».
    verb = normalize_key(text[start:end]).split(" ")[-1] in _PLURAL_VERBS | _DUAL_VERBS
    start = _token_start(text, start)  # «عشرات القتلى»: the article is no word of the gap
    preceding = next((q for q in reversed(quantities) if q.end <= start), None)
    if preceding is not None and _gap_is_countable(text[preceding.end : start], lexicon, verb):
        return preceding
    following = next((q for q in quantities if q.start >= end), None)
    if following is None or not _DEFINITE_GAP_RE.fullmatch(text, end, following.start):
        return None
    # A definite number after its definite noun: «القتلى السبعة», «الجرحى الـ12»; and the
    # people a plural verb killed: «وقتلوا عشرة أشخاص».
    definite = following.text.startswith("ال") or "ال" in text[end : following.start]
    return following if definite or (verb and _followed_by_noun(text, following, lexicon)) else None


def _others_follow(text: str, quantity: Quantity) -> bool:
    """«3 آخرون», «3 أشخاص آخرين»: the number counts others than those named before it."""
    following = _WORD_RE.findall(text[quantity.end : quantity.end + OTHERS_REACH])[:2]
    return any(normalize_key(w).startswith(_OTHERS) for w in following)


def _after_dual_noun(text: str, start: int) -> bool:
    previous = _WORD_RE.findall(text[max(0, start - 30) : start])
    return bool(previous) and normalize_key(previous[-1]).endswith(("ين", "ان"))


def _token_start(text: str, start: int) -> int:
    """Where the word holding ``start`` begins, its proclitics («وال», «لل») included."""
    while start > 0 and (text[start - 1].isalpha() or unicodedata.category(text[start - 1]) == "Mn"):
        start -= 1
    return start


def _numberless_death(
    text: str,
    match: Match[CasualtyWord],
    quantities: list[Quantity],
    words: list[Match[CasualtyWord]],
    lexicon: Lexicon,
    large_scale: bool,
) -> Figure:
    """GUIDE §4: «قتلى» with no number → 3 (10 if large, or the word says so: «هجوم دام»);
    «مقتل جندي» → 1, «مقتل جندي وثلاثة آخرين» → 4."""
    start, end = match.start, match.end
    if match.value.large:
        return Figure("death", VAGUE_LARGE_TOLL, 1, None, start, end, True)
    following = _WORD_RE.search(text, end)
    last_word = normalize_key(text[start:end]).split(" ")[-1]
    plural_word = last_word in _BROKEN_PLURALS or last_word in _PLURAL_VERBS  # «سقوط قتلى»، «قتلوا»
    many = following is not None and normalize_key(following.group()) in _MANY  # «مقتل عدد كبير من»
    several = plural_word or many or (following is not None and _is_plural(following.group()))
    if last_word in _DUAL_PRONOUNS or (last_word in _DUAL_VERBS and _after_dual_noun(text, start)):
        return Figure("death", 2, 2, 2, start, end, False)  # «شابين قتلا»
    if not several:
        named = (
            match.value.number == "after"
            and following is not None
            and text[end : following.start()].isspace()
            and _is_singular_noun(following.group(), lexicon)
        )
        if named and following is not None:
            extra, extra_high, end = _joined_counts(text, following.end(), quantities, words, lexicon)
            high = None if extra_high is None else 1 + extra_high
            return Figure("death", 1 + extra, 1 + extra, high, start, end, False)
        return Figure("death", 1, 1, 1, start, end, False)
    toll = VAGUE_LARGE_TOLL if large_scale else VAGUE_LIMITED_TOLL
    return Figure("death", toll, 1, None, start, end, True)
