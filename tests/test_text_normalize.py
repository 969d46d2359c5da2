"""marsad.text.normalize: folds, deletions and the map back to original offsets."""

import re

from hypothesis import given
from hypothesis import strategies as st

from marsad.text import normalize, normalize_key
from marsad.text.normalize import _TRANSLATION, LIGATURES, _fold, _word_form

#: Characters the normaliser treats specially, mixed into generated text.
_SPECIAL = "أإآٱىةؤئءًٌٍَُِّْٰـ\u200b\u200f\u202b\u2067\ufeff\u00a0\u2009٠١٢٩۰۵۹ابتدمشق .,\n\r\tﻻﻼﻷﻹﻵﻶ"


def test_letter_folds() -> None:
    assert normalize("أإآٱ").text == "اااا"
    assert normalize("مستشفى").text == "مستشفي"
    assert normalize("مدينة").text == "مدينه"
    assert normalize("مؤتمر رئيس").text == "موتمر رييس"
    assert normalize("سماء").text == "سماء"  # the lone hamza is kept
    assert normalize("\ufe83\ufea3\ufee4\ufeaa").text == "احمد"  # presentation forms of «أحمد»


def test_deletions_and_spaces() -> None:
    assert normalize("قَصْفٌ مُكَثَّفٌ").text == "قصف مكثف"
    assert normalize("الرحمٰن").text == "الرحمن"
    assert normalize("قـــصف").text == "قصف"
    assert normalize("\u200fدمشق\u202b\ufeff").text == "دمشق"
    assert normalize("حلب\u00a0وإدلب\u2009اليوم").text == "حلب وادلب اليوم"


def test_lam_alef_ligatures_become_two_letters() -> None:
    assert normalize("\ufefb \ufefc \ufef7 \ufef8 \ufef9 \ufefa \ufef5 \ufef6").text == " ".join(["لا"] * 8)
    original = "قال \ufefbجئ"
    normalized = normalize(original)
    assert normalized.text == "قال لاجي"
    # both letters of the ligature map back to it, and what follows shifts by one
    assert [normalized.to_original(i) for i in (4, 5, 6)] == [4, 4, 5]
    assert normalized.original_span(4, 8) == (4, 7)
    assert normalized.original_span(5, 6) == (4, 5)  # half a ligature covers all of it


def test_whitespace_runs_collapse() -> None:
    assert normalize("دير   الزور").text == "دير الزور"
    assert normalize("دير \u00a0الزور").text == "دير الزور"
    assert normalize("دير \u200f\u00a0 الزور").text == "دير الزور"  # an invisible mark inside the run
    assert normalize("سطر  \n\n سطر").text == "سطر\nسطر"  # a line break wins: it carries structure
    assert normalize("سطر\r\nسطر").text == "سطر\rسطر"
    original = "في  دير   الزور"
    normalized = normalize(original)
    start = normalized.text.index("دير")
    begin, end = normalized.original_span(start, start + len("دير الزور"))
    assert original[begin:end] == "دير   الزور"


def test_digits_become_ascii() -> None:
    assert normalize("قتل ١٢ و۳۴").text == "قتل 12 و34"
    assert normalize("٢٫٥٪").text == "2.5%"


def test_identity_map_when_nothing_is_deleted() -> None:
    normalized = normalize("أكثر من ١٠٠ مقاتل")
    assert len(normalized.text) == len(normalized.original)
    assert [normalized.to_original(i) for i in range(5)] == [0, 1, 2, 3, 4]
    assert normalized.original_span(2, 6) == (2, 6)


def test_spans_map_back_over_deleted_marks() -> None:
    original = "قَصْفُ دَيْرِ الزُّورِ"
    normalized = normalize(original)
    start = normalized.text.index("دير الزور")
    begin, end = normalized.original_span(start, start + len("دير الزور"))
    assert original[begin:end] == "دَيْرِ الزُّورِ"  # trailing kasra belongs to the word


def test_normalize_key_collapses_case_and_space() -> None:
    assert normalize_key("  دير   الزَّور ") == "دير الزور"
    assert normalize_key("ISIS\u00a0Group") == "isis group"
    assert normalize("ISIS").casefolded == "isis"


@given(st.text(alphabet=st.sampled_from(_SPECIAL) | st.characters(), max_size=80))
def test_every_normalised_offset_maps_into_the_original(text: str) -> None:
    normalized = normalize(text)
    positions = [normalized.to_original(i) for i in range(len(normalized.text) + 1)]
    assert all(0 <= p <= len(text) for p in positions)
    assert positions == sorted(positions)
    for i, p in enumerate(positions[:-1]):
        # a kept character, or one letter of the ligature it expanded
        assert normalized.text[i] in normalize(text[p]).text
        assert text[p] in LIGATURES or normalize(text[p]).text == normalized.text[i]
        assert text[p] in LIGATURES or positions[i + 1] > p


@given(st.text(alphabet=st.sampled_from(_SPECIAL), max_size=60), st.data())
def test_original_span_recovers_the_normalised_slice(text: str, data: st.DataObject) -> None:
    normalized = normalize(text)
    start = data.draw(st.integers(0, len(normalized.text)))
    end = data.draw(st.integers(start, len(normalized.text)))
    begin, stop = normalized.original_span(start, end)
    assert 0 <= begin <= stop <= len(text)
    recovered = normalize(text[begin:stop]).text
    if any(c in LIGATURES for c in text):  # a range may split a ligature: the span has all of it
        assert normalized.text[start:end] in recovered
    else:
        assert recovered == normalized.text[start:end]


def test_word_form_lowers_ascii_and_blanks_non_word_characters() -> None:
    text = "U.S. قصفَ_حلب ÉA \U0001f600x"  # an emoji (astral) is a non-word character too
    assert normalize(text).casefolded == "u.s. قصف_حلب Éa \U0001f600x"  # only ASCII is lower-cased
    assert normalize(text).word_form == "u s  قصف حلب Éa  x"


def test_fast_paths_agree_with_the_per_character_definitions_on_every_code_point() -> None:
    # _fold and _word_form avoid str.translate for speed; they must give exactly what the
    # per-character mapping gives, for every character and with the rare ones mixed in.
    every = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000)
    assert _fold(every) == every.translate(_TRANSLATION)
    per_character = "".join(
        " " if re.match(r"[\W_]", c) else c.lower() if "A" <= c <= "Z" else c for c in every
    )
    assert _word_form(every) == per_character
    assert _fold("مدينة ٣") == "مدينه 3"  # a common fold and a rare one together


def test_a_long_string_normalised_again_is_the_same_object() -> None:
    sentence = "قصفت الطائرات الحربية مدينة حلب أمس، وقتل ثلاثة مدنيين في الغارات على الأحياء الشرقية."
    assert normalize(sentence) is normalize(sentence[:])  # equal text, the remembered result
    assert normalize(sentence).original == sentence
    assert normalize_key("  بمدينة ") == normalize_key("بمدينة") == "بمدينه"
