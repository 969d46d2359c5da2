"""Casualty figures bound to their words, coded conservatively (GUIDE §4)."""

from __future__ import annotations

import pytest

from marsad.extract.casualties import find_figures
from marsad.extract.lexicon import MANY_BOMBERS, LexiconError, load_lexicon, parse_casualties


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
        # A number parsed with its noun and «على الأقل» around the casualty word.
        ("خلف الانفجار ستة قتلى على الأقل و14 جريحا", 6, 14),
        ("لقي ثلاثة رعاة مصرعهم في الغارة", 3, None),
        ("ولقي خمسة عمال، بينهم طفل، مصرعهم في القصف", 5, None),
        ("قتل المهاجم 3 حراس وأصاب 8 زوار", 3, 8),
        ("أسفر الهجوم عن مقتل 6 عمال وشرطي", 7, None),
        ("أسفر الكمين عن مقتل ضابط وخمسة جنود وإصابة اثنين", 6, 2),
        ("قتل شرطي عراقي وخمسة مدنيين في الاشتباك", 6, None),
        ("أكد الدفاع المدني مقتل شرطيين عراقيين ثلاثة وجرح سبعة", 3, 7),
        ("ارتفعت حصيلة القتلى في المدينة إلى 30 شخصا", 30, None),
        ("ذكر المرصد أن حصيلة الهجوم بلغت 40 قتيلا", 40, None),
        ("سقط نحو 45 قتيلا وجريحا في المواجهات", 1, None),
        ("وقال الطبيب إن رجلا قتل وأصيب 3 آخرون", 1, 3),
        # Two verbs sharing one number: killed and wounded together (GUIDE §4: one death).
        ("قتل وأصيب 40 عنصرا في المعارك", 1, None),
        # A passive verb's circumstance before its subject; an active verb's subject is no toll.
        ("وقتل في القصف المدفعي على الأحياء الشرقية للمدينة أكثر من 30 شخصا", 30, None),
        ("قتل جندي في هجوم شنه 20 مسلحا", 1, None),
        # A joined count after a short phrase adds up when it says who was counted.
        ("أسفرت الغارات عن مقتل 5 في الموقع و4 كانوا في سيارة", 9, None),
        ("أسفر القصف عن مقتل 5 في حلب و4 في إدلب", 5, None),
        ("سقط عشرات القتلى في الغارات", 10, None),
        ("دفن الأهالي شابين قتلا في القصف", 2, None),
        ("ولقي راعيان مصرعهما في الغارة", 2, None),
        ("أسفر القصف عن مقتل 12 شخصا بينهم أربعة أطفال", 12, None),
        # A definite number after its definite noun, and a dual verb after its noun phrase.
        ("ودفن الأهالي القتلى السبعة ونقل الجرحى الـ12 إلى المستشفى", 7, 12),
        ("وأضاف أن اثنين من أفراد الشرطة قتلا في الهجوم", 2, None),
        ("هاجم المسلحون القرية وقتلوا عشرة أشخاص", 10, None),
        # The number parser's vague amounts flow through (GUIDE §4).
        ("أسفرت الغارة عن مقتل عدد كبير من المسلحين", 10, None),
        ("أسفر القصف عن مقتل عدد من المدنيين", 3, None),
    ],
)
def test_stated_tolls(sentence: str, deaths: int, injured: int | None) -> None:
    assert _deaths_and_injured(sentence) == (deaths, injured)


def test_deaths_without_a_number_are_three_or_ten_when_large() -> None:
    assert _deaths_and_injured("وسقط قتلى في صفوف المسلحين") == (3, None)
    assert _deaths_and_injured("وسقط قتلى في مجزرة مروعة", large=True) == (10, None)
    # A word that itself says many died: «تفجير دام», with no casualty word at all.
    [bloody] = find_figures("وذلك بعد أيام على تفجير انتحاري دام استهدف المدينة", load_lexicon(), False)
    assert (bloody.kind, bloody.best, bloody.vague) == ("death", 10, True)


def test_figure_offsets_cover_number_and_word() -> None:
    sentence = "أسفر القصف عن مقتل 7 أشخاص"
    figure = find_figures(sentence, load_lexicon(), False)[0]
    assert "7" in sentence[figure.start : figure.end]


def test_a_toll_noun_without_a_number_states_no_death() -> None:
    assert find_figures("ولم تصدر السلطات أي حصيلة رسمية للهجوم", load_lexicon(), False) == []


def test_a_subset_is_not_a_toll_of_its_own() -> None:
    figures = find_figures("قتل 20 شخصا بينهم 5 أطفال قتلوا في المدرسة", load_lexicon(), False)
    assert next(f.best for f in figures if f.kind == "death") == 20
    assert 5 not in [f.best for f in figures]


def test_casualty_lexicon_entries_are_checked() -> None:
    base = {"counted_nouns": ["شخصا"], "attackers": ["مسلحين"]}
    words, _, bombers, attackers = parse_casualties(
        {
            **base,
            "words": [{"form": "مجزرة", "kind": "death", "number": "after", "large": True}],
            "bombers": [{"form": "فجروا أنفسهم", "count": "many"}],
        }
    )
    assert words["مجزرة"].large and bombers["فجروا أنفسهم"] == MANY_BOMBERS and attackers == ["مسلحين"]
    with pytest.raises(LexiconError, match="large"):
        parse_casualties(
            {**base, "words": [{"form": "جرحى", "kind": "injury", "number": "before", "large": True}]}
        )
