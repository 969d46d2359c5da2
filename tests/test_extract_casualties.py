"""Casualty figures bound to their words, coded conservatively (GUIDE §4)."""

from __future__ import annotations

import pytest

from marsad.extract.casualties import find_figures
from marsad.extract.lexicon import load_lexicon


def _deaths_and_injured(sentence: str, large: bool = False) -> tuple[int | None, int | None]:
    figures = find_figures(sentence, load_lexicon(), large)
    death = next((f.best for f in figures if f.kind in ("death", "both")), None)
    injured = next((f.best for f in figures if f.kind == "injury"), None)
    return death, injured


@pytest.mark.parametrize(
    ("sentence", "deaths", "injured"),
    [
        ("أسفر القصف عن مقتل 5 مدنيين وإصابة 12 آخرين", 5, 12),
        ("سقط 35 قتيلا في الهجوم", 35, None),
        ("قتل أكثر من 100 مقاتل في المعارك", 100, None),
        ("أدى الانفجار إلى مقتل وإصابة 20 شخصا", 1, None),
        ("سقط قتيلان وثلاثة جرحى", 2, 3),
        ("أسفرت الغارة عن مقتل جندي", 1, None),
        ("قال الجيش إن أكثر من 40 مسلحا من عناصر التنظيم المتشدد قتلوا في الغارات", 40, None),
        ("وقتلوا في القصف على الحي", 3, None),
    ],
)
def test_stated_tolls(sentence: str, deaths: int, injured: int | None) -> None:
    assert _deaths_and_injured(sentence) == (deaths, injured)


def test_deaths_without_a_number_are_three_or_ten_when_large() -> None:
    assert _deaths_and_injured("وسقط قتلى في صفوف المسلحين") == (3, None)
    assert _deaths_and_injured("وسقط قتلى في مجزرة مروعة", large=True) == (10, None)


def test_figure_offsets_cover_number_and_word() -> None:
    sentence = "أسفر القصف عن مقتل 7 أشخاص"
    figure = find_figures(sentence, load_lexicon(), False)[0]
    assert "7" in sentence[figure.start : figure.end]
