"""marsad.text.tokens: tokens with original offsets and proclitic-stripped forms."""

import importlib
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.text import normalize, strip_proclitics, tokens

# The module, not the function that marsad.text exports under the same name.
token_module = importlib.import_module("marsad.text.tokens")


def test_tokens_keep_original_offsets_and_text() -> None:
    text = "قصفَتْ الطائراتُ، ١٢ موقعاً"
    found = tokens(text)
    assert [t.text for t in found] == ["قصفَتْ", "الطائراتُ", "١٢", "موقعاً"]
    assert [t.norm for t in found] == ["قصفت", "الطايرات", "12", "موقعا"]
    assert all(text[t.start : t.end] == t.text for t in found)


@pytest.mark.parametrize(
    ("word", "bare"),
    [
        ("التحالف", "تحالف"),
        ("والتحالف", "تحالف"),
        ("وبالتحالف", "تحالف"),
        ("للرقة", "رقه"),
        ("وللرقة", "رقه"),
        ("فالمدينة", "مدينه"),
        ("بيروت", "بيروت"),  # ب is part of the word: no article, nothing stripped
        ("الف", "الف"),  # stripping would leave one letter
    ],
)
def test_bare_strips_the_article_and_what_precedes_it(word: str, bare: str) -> None:
    (token,) = tokens(word)
    assert token.bare == bare


def test_strip_proclitics_lists_candidates_longest_first() -> None:
    assert strip_proclitics("بدمشق") == ["بدمشق", "دمشق"]
    assert strip_proclitics("وللتحالف") == ["وللتحالف", "للتحالف", "التحالف", "لتحالف", "تحالف"]
    assert strip_proclitics("وسيقصف") == ["وسيقصف", "سيقصف", "يقصف"]
    assert strip_proclitics("ول") == ["ول"]


def test_tokens_accept_a_ready_normalisation() -> None:
    text = "قصفَت  الطائرات\u200f ﻻذقية_الساحل"
    assert tokens(normalize(text)) == tokens(text)
    assert [t.norm for t in tokens(text)] == ["قصفت", "الطايرات", "لاذقيه", "الساحل"]  # ligature folded


def test_form_caches_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(token_module, "_CACHE_SIZE", 3)
    cache = token_module._FormCache(str.upper)
    assert [cache[w] for w in "abcde"] == list("ABCDE")
    assert len(cache) <= 3


@given(st.text(alphabet=st.sampled_from("والبكفسلتحدمشقَُـ\u200f 12٣،."), max_size=40))
def test_token_invariants(text: str) -> None:
    for token in tokens(text):
        assert text[token.start : token.end] == token.text
        assert token.bare in token.forms()
        assert all(len(form) >= 2 or form == token.norm for form in token.forms())


@given(st.text(alphabet=st.sampled_from("ابدـَُّ\u200f\u00a0 _12٣،.x") | st.characters(), max_size=40))
def test_tokens_are_the_words_of_the_normalised_text(text: str) -> None:
    # tokens() scans the original text; it must agree with splitting normalize(text).
    assert [t.norm for t in tokens(text)] == re.findall(r"[^\W_]+", normalize(text).text)
