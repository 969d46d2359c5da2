"""marsad.text.numbers: counts, vague amounts, modifiers and what is not a count."""

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from marsad.text import find_quantities, parse_quantity
from marsad.text.numbers import _load_vocabulary, vocabulary


def reading(text: str) -> list[tuple[str, int, int, int | None, bool]]:
    return [(q.text, q.best, q.low, q.high, q.vague) for q in find_quantities(text)]


@pytest.mark.parametrize(
    ("text", "best"),
    [
        ("قتل 12 شخصا", 12),
        ("نزح 1,200 شخص", 1200),
        ("قتل ١٢٠ مسلحا", 120),
        ("قتل واحد", 1),
        ("أصيب اثنان", 2),
        ("قتلت ثلاث نساء", 3),
        ("أحد عشر جنديا", 11),
        ("اثنتا عشرة امرأة", 12),
        ("خمسة عشر مدنيا", 15),
        ("خمسة وعشرون عنصرا", 25),
        ("عشرين قتيلا", 20),
        ("مائة وخمسون جريحا", 150),
        ("مئتا شخص", 200),
        ("ثلاثمائة أسير", 300),
        ("ثلاث مئة أسير", 300),
        ("ألف نازح", 1000),
        ("ألفين ومئتي نازح", 2200),
        ("ثلاثة آلاف لاجئ", 3000),
        ("ثلاثة آلاف ومائة", 3100),
        ("مائة ألف", 100_000),
        ("2.5 مليون نازح", 2_500_000),
    ],
)
def test_exact_counts(text: str, best: int) -> None:
    (quantity,) = find_quantities(text)
    assert (quantity.best, quantity.low, quantity.high, quantity.vague) == (best, best, best, False)
    assert text[quantity.start : quantity.end] == quantity.text


def test_duals_carry_the_count() -> None:
    assert reading("سقط قتيلين وثلاثة جرحى") == [("قتيلين", 2, 2, 2, False), ("ثلاثة", 3, 3, 3, False)]
    assert reading("أصيب جنديان اثنان") == [("جنديان اثنان", 2, 2, 2, False)]
    assert reading("ونعى القتيلين وللجريحين") == [("القتيلين", 2, 2, 2, False), ("لجريحين", 2, 2, 2, False)]
    assert reading("قتل مدنيين") == []  # also the plural «civilians»


def test_vague_amounts() -> None:
    assert reading("سقط عشرات القتلى") == [("عشرات", 10, 10, 99, True)]
    assert reading("نزح عشرات الآلاف") == [("عشرات الآلاف", 10_000, 10_000, 99_000, True)]
    assert reading("تظاهر آلاف") == [("آلاف", 1000, 1000, 9999, True)]
    assert reading("اعتقل بضعة شبان") == [("بضعة", 3, 3, 9, True)]
    assert reading("أصيب عدد من المدنيين") == [("عدد من", 3, 2, None, True)]


def test_modifiers() -> None:
    assert reading("قتل أكثر من 100 مقاتل") == [("أكثر من 100", 100, 101, None, False)]
    assert reading("ما يزيد على 40 قتيلا") == [("ما يزيد على 40", 40, 41, None, False)]
    assert reading("نحو 200 شخص") == [("نحو 200", 200, 180, 220, False)]
    assert reading("حوالى خمسين") == [("حوالى خمسين", 50, 45, 55, False)]
    assert reading("ما لا يقل عن سبعة قتلى") == [("ما لا يقل عن سبعة", 7, 7, None, False)]
    assert reading("قتل 18 شخصا على الأقل") == [("18 شخصا على الأقل", 18, 18, None, False)]
    assert reading("أقل من 10 جرحى") == [("أقل من 10", 9, 1, 9, False)]
    assert reading("لأكثر من 20 شخصا") == [("أكثر من 20", 20, 21, None, False)]
    # the comma ends the clause of 5: the later «على الأقل» is not read back onto it
    assert reading("قتل 5، وأصيب على الأقل 10") == [
        ("5", 5, 5, 5, False),
        ("على الأقل 10", 10, 10, None, False),
    ]


def test_ranges() -> None:
    assert reading("بين 5 و10 قتلى") == [("بين 5 و10", 5, 5, 10, False)]
    assert reading("ما بين خمسة وعشرة") == [("ما بين خمسة وعشرة", 5, 5, 10, False)]
    assert reading("من 3 إلى 6 جرحى") == [("من 3 إلى 6", 3, 3, 6, False)]
    assert reading("وبين 4 و7") == [("بين 4 و7", 4, 4, 7, False)]


@pytest.mark.parametrize(
    "text",
    [
        "في عام 2018 وقع الهجوم",
        "جرى ذلك في 2019",
        "في 15 آذار 2019",
        "حتى الساعة 10:30",
        "بنسبة 2% و30 بالمئة و٤٠٪",
        "يوم 2/9/2018",
        "طائرة F-16",
        "القرار 2254",
        "في القرن التاسع عشر",
        "الحادي عشر من سبتمبر",
        "يوم الاثنين",
        "يوم الأحد",
        "عام 1440 هـ",
        "نزح 2.5",
    ],
)
def test_not_counts(text: str) -> None:
    assert find_quantities(text) == []


def test_long_digit_runs_are_not_counts() -> None:
    assert find_quantities("الرقم التسلسلي " + "7" * 5000) == []


def test_year_number_with_a_modifier_is_a_count() -> None:
    assert reading("أكثر من 2000 شخص") == [("أكثر من 2000", 2000, 2001, None, False)]


def test_parse_quantity() -> None:
    quantity = parse_quantity("أكثر من عشرين قتيلا")
    assert quantity is not None
    assert (quantity.best, quantity.low, quantity.high) == (20, 21, None)
    assert parse_quantity("لا أرقام هنا") is None


def test_vocabulary_loads_and_validates() -> None:
    vocab = vocabulary()
    assert vocab.units["ثلاثه"] == 3  # keys are normalised on load
    assert ("اكثر", "من") in vocab.modifiers_before
    data = yaml.safe_load(Path("marsad/data/numbers.yaml").read_text(encoding="utf-8"))
    data["tens"]["عشرون"] = "twenty"
    with pytest.raises(ValueError, match="tens"):
        _load_vocabulary(data)
    data = yaml.safe_load(Path("marsad/data/numbers.yaml").read_text(encoding="utf-8"))
    data["modifiers_before"]["roughly"] = ["قرابة"]
    with pytest.raises(ValueError, match="unknown modifier kind"):
        _load_vocabulary(data)


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["", " شخصا", " قتيلا على الأقل"]))
def test_more_than_n_has_low_above_n(n: int, tail: str) -> None:
    quantity = parse_quantity(f"قتل أكثر من {n}{tail}")
    assert quantity is not None
    assert quantity.best == n
    assert quantity.low > n


_PIECES = [
    "أكثر من",
    "نحو",
    "بين",
    "و",
    "عشرات",
    "الآلاف",
    "ثلاثة",
    "عشر",
    "مائة",
    "ألف",
    "آلاف",
    "قتيلين",
    "على الأقل",
    "عام",
    "آذار",
    "%",
    "/",
    ":",
    "-",
    "F",
    "12",
    "2018",
    "1,200",
    "2.5",
    "٣",
    " ",
    "،",
    ".",
    "ـ",
    "ً",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=12) | st.text(max_size=40))
def test_never_raises_and_spans_are_original(parts: list[str] | str) -> None:
    text = " ".join(parts) if isinstance(parts, list) else parts
    for quantity in find_quantities(text):
        assert text[quantity.start : quantity.end] == quantity.text
        assert 0 <= quantity.low <= quantity.best + 1  # «أكثر من N»: low N+1
        assert quantity.high is None or quantity.low <= quantity.best <= quantity.high


def test_dev_articles_spans(shared_dir: Path) -> None:
    with (shared_dir / "eval" / "dev.articles.jsonl").open(encoding="utf-8") as lines:
        articles = [json.loads(line) for line in lines]
    found = 0
    for article in articles:
        text = article["text"]
        for quantity in find_quantities(text):
            assert text[quantity.start : quantity.end] == quantity.text
            found += 1
    assert found > len(articles)
