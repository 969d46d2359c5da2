"""marsad.text.sentences: sentence ranges of the original text."""

from hypothesis import given
from hypothesis import strategies as st

from marsad.text import sentences


def split(text: str) -> list[str]:
    return [text[start:end] for start, end in sentences(text)]


def test_terminators_and_newlines() -> None:
    text = "قصف الطيران القرية. هل نزح السكان؟ نعم! قالت الأمم المتحدة؛ ثم صمتت\nسطر آخر"
    assert split(text) == [
        "قصف الطيران القرية.",
        "هل نزح السكان؟",
        "نعم!",
        "قالت الأمم المتحدة؛",
        "ثم صمتت",
        "سطر آخر",
    ]


def test_dot_glued_to_the_next_word_splits() -> None:
    assert split("وصل الوفد.وفي المساء عاد") == ["وصل الوفد.", "وفي المساء عاد"]


def test_numbers_dates_and_abbreviations_do_not_split() -> None:
    text = "نزح 2.5 مليون في 9.2.2018 و2/9/2018 وقال مسؤول U.S. إن أ.ف.ب نقلت الخبر."
    assert split(text) == [text]


def test_closing_quote_stays_with_its_sentence() -> None:
    assert split("قال «انتهى الأمر.» ثم غادر") == ["قال «انتهى الأمر.»", "ثم غادر"]


def test_no_empty_or_padded_sentences() -> None:
    assert split("  \n\n ... \n  جملة واحدة  \n") == ["جملة واحدة"]
    assert sentences("") == []


@given(st.text(alphabet=st.sampled_from("اب دم.!?؟؛\n 2U.S\t«»"), max_size=60))
def test_ranges_are_ordered_trimmed_and_non_empty(text: str) -> None:
    previous_end = 0
    for start, end in sentences(text):
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        previous_end = end
