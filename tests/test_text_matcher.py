"""marsad.text.matcher: proclitic-aware phrase matching with original offsets."""

import pickle
import re
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.text import Match, MatcherSet, PhraseMatcher, normalize

PLACES = {
    "دير الزور": "deir",
    "دير": "monastery",
    "الرقة": "raqqa",
    "التحالف": "coalition",
    "حلب": "aleppo",
    "اللاذقية": "latakia",
}


def texts(matches: list[Match[str]]) -> list[str]:
    return [m.text for m in matches]


def test_proclitic_is_outside_the_match() -> None:
    text = "قصفت الطائرات بدير الزور"
    (match,) = PhraseMatcher(PLACES).find(text)
    assert (match.text, match.value, match.phrase) == ("دير الزور", "deir", "دير الزور")
    assert text[match.start : match.end] == match.text
    assert text[match.prefix_start : match.end] == "بدير الزور"


@pytest.mark.parametrize("word", ["والتحالف", "بالتحالف", "فالتحالف", "كالتحالف", "وبالتحالف"])
def test_article_phrase_after_proclitics(word: str) -> None:
    (match,) = PhraseMatcher(PLACES).find(f"بيان {word} اليوم")
    assert match.text == "التحالف"
    assert match.value == "coalition"


@pytest.mark.parametrize("word", ["للتحالف", "وللتحالف", "فللتحالف"])
def test_lam_merged_with_the_article(word: str) -> None:
    text = f"بيان {word} اليوم"
    (match,) = PhraseMatcher(PLACES).find(text)
    assert match.text == "لتحالف"  # the article's lam; its alef is not written
    assert text[match.prefix_start : match.end] == word


@pytest.mark.parametrize("word", ["للاذقية", "وللاذقية", "فللاذقية"])
def test_lam_merged_with_an_article_before_lam(word: str) -> None:
    # ل + «اللاذقية»: the article's alef and lam are both absorbed («للاذقية»).
    text = f"وصل {word} أمس"
    (match,) = PhraseMatcher({"اللاذقية": "latakia"}).find(text)
    assert match.text == "لاذقية"
    assert text[match.prefix_start : match.end] == word


def test_lam_before_a_word_beginning_with_lam_is_not_an_article() -> None:
    matcher = PhraseMatcher({"اللاذقية": "latakia", "ليبيا": "libya"})
    assert [m.value for m in matcher.find("عاد لليبيا")] == ["libya"]  # ل + «ليبيا»
    assert matcher.find("مدينة لاذقية") == []  # no ل before it: an indefinite word
    assert matcher.find("لللاذقية") == []


@pytest.mark.parametrize("gap", ["  ", "   ", " \u00a0", "\n", " \n ", "\r\n", " \u200f "])
def test_phrase_words_across_runs_of_whitespace(gap: str) -> None:
    text = f"في{gap}دير{gap}الزور اليوم"
    (match,) = PhraseMatcher(PLACES).find(text)
    assert match.value == "deir"
    assert match.text == f"دير{gap}الزور"  # the original stretch, whitespace and all
    assert text[match.start : match.end] == match.text


def test_punctuation_between_spaces_still_separates() -> None:
    assert [m.value for m in PhraseMatcher(PLACES).find("دير ، الزور")] == ["monastery"]


def test_word_boundaries() -> None:
    matcher = PhraseMatcher(PLACES)
    assert matcher.find("مدينة ديرك الكردية") == []
    assert matcher.find("وصل الحلبي") == []
    assert matcher.find("لتحالف جديد") == []  # ل + indefinite «تحالف» is not «التحالف»
    assert matcher.find("الدير الزور") == []  # an article the phrase does not have


def test_longest_match_wins_then_leftmost() -> None:
    matcher = PhraseMatcher({"دير": 1, "دير الزور": 2, "الزور حلب الجديدة": 3})
    found = [(m.text, m.value) for m in matcher.find("دير الزور حلب الجديدة")]
    assert found == [("دير", 1), ("الزور حلب الجديدة", 3)]
    tie = PhraseMatcher({"دير الزور": 1, "الزور حلب": 2})
    assert [m.value for m in tie.find("دير الزور حلب")] == [1]


def test_article_optional() -> None:
    matcher = PhraseMatcher({"التحالف": "c", "دمشق": "d"}, article_optional=True)
    assert texts(matcher.find("تحالف وبالدمشق ولتحالف")) == ["تحالف", "دمشق", "تحالف"]


def test_diacritics_latin_case_and_shared_normalisation() -> None:
    matcher = PhraseMatcher({"ISIS": "isis", "حلب": "aleppo"})
    original = "هاجم Isis مدينةَ حَلَبَ"
    normalized = normalize(original)
    assert texts(matcher.find(normalized)) == ["Isis", "حَلَبَ"]
    assert matcher.find(normalized) == matcher.find(original)


def test_colliding_keys_keep_the_first_phrase() -> None:
    matcher = PhraseMatcher({"أحمد": 1, "احمد": 2})
    assert len(matcher) == 1
    assert [m.value for m in matcher.find("قال احمد")] == [1]


def test_empty_matcher_finds_nothing() -> None:
    assert PhraseMatcher({}).find("دير الزور") == []


_WORD_FORM = re.compile(r"[^\W_]+")
_WORDS = ["دير", "الزور", "بدير", "للرقة", "للاذقية", "الرقة", "والتحالف", "حلب", "ديرك", "قصفٌ", "مُدُن"]


@given(st.lists(st.sampled_from([*_WORDS, " ", "\n", "\u00a0", "،", "\u200f", "َ", "ـ"]), max_size=15))
def test_matches_are_original_slices_of_their_phrase(parts: list[str]) -> None:
    text = "".join(parts)
    matcher = PhraseMatcher(PLACES)
    matches = matcher.find(text)
    for match in matches:
        assert text[match.start : match.end] == match.text
        assert match.prefix_start <= match.start < match.end
        # Compared as word forms: punctuation between words is a word separator.
        phrase_key = " ".join(_WORD_FORM.findall(normalize(match.phrase).text))
        found = " ".join(_WORD_FORM.findall(normalize(match.text).text))
        # lam-merged: «للرقة» → «لرقة», «للاذقية» → «لاذقية»
        assert found in (phrase_key, phrase_key[1:], phrase_key[2:])
    assert all(a.end <= b.start for a, b in pairwise(matches))


def test_pickle_round_trip_and_stale_layouts() -> None:
    restored = pickle.loads(pickle.dumps(PhraseMatcher(PLACES, article_optional=True)))
    assert [(m.text, m.value) for m in restored.find("وصل للرقة")] == [("لرقة", "raqqa")]
    assert restored.article_optional
    stale = PhraseMatcher.__new__(PhraseMatcher)
    with pytest.raises(pickle.UnpicklingError):
        stale.__setstate__({"_automaton": None, "_size": 0})  # an older pickled layout


def test_matcher_set_finds_what_each_matcher_finds_alone() -> None:
    # «دير الزور» in one matcher must not hide «دير» in the other, as one matcher would.
    matchers = {
        "places": PhraseMatcher({"دير الزور": "deir", "حلب": "aleppo"}),
        "words": PhraseMatcher({"دير": "monastery", "التحالف": "coalition"}),
        "empty": PhraseMatcher({}),
    }
    matcher_set = MatcherSet(matchers)
    text = normalize("قصف التحالف بدير الزور وللتحالف غارات قرب دير في حلب")
    found = matcher_set.find(text)
    assert list(found) == ["places", "words", "empty"]
    assert found == {name: matcher.find(text) for name, matcher in matchers.items()}
    assert [m.value for m in found["words"]] == ["coalition", "monastery", "coalition", "monastery"]
    assert MatcherSet(matchers).find("نص بلا أسماء") == {"places": [], "words": [], "empty": []}
