"""marsad.text.numbers: counts, vague amounts, modifiers and what is not a count."""

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from marsad.text import find_quantities, normalize, parse_quantity
from marsad.text.numbers import _load_vocabulary, _Scanner, vocabulary


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


@pytest.mark.parametrize(
    ("text", "span", "best"),
    [
        ("قتل القتلى السبعة", "السبعة", 7),
        ("نعى الجنود الثلاثة", "الثلاثة", 3),
        ("أسماء الضحايا العشرة", "العشرة", 10),
        ("وللجنود الثلاثة", "الثلاثة", 3),
        ("الجنود الثلاثة عشر", "الثلاثة عشر", 13),
        ("القتلى الـ 12", "12", 12),
        ("القتلى الـ12", "12", 12),
        ("في الساعات الـ٢٤ الماضية", "٢٤", 24),
        ("خلال الساعات الأربع والعشرين", "الأربع والعشرين", 24),
    ],
)
def test_definite_numbers_after_their_noun(text: str, span: str, best: int) -> None:
    (quantity,) = find_quantities(text)
    assert (quantity.text, quantity.best, quantity.low, quantity.high, quantity.vague) == (
        span,
        best,
        best,
        best,
        False,
    )


def test_definite_numbers_that_are_not_counts() -> None:
    assert reading("قال اليوم الاثنين") == []  # Monday
    assert reading("في اليوم الواحد") == []  # "the single day"
    assert reading("في القرن العشرين") == []  # a definite ten after a noun is an ordinal
    assert reading("الذكرى الخمسين") == []
    assert reading("نعى الثلاثة") == []  # no definite noun before it
    assert reading("القتلى، الثلاثة") == []  # a comma between: not the noun's number
    assert reading("الجولة الـ12") == []  # the article is transparent to «الجولة»
    assert reading("القرار الـ 2254") == []
    assert reading("الذكرى السنوية الـ23") == []  # an ordinal
    assert reading("في القرن الواحد والعشرين") == []
    assert reading("الجنود الثلاثة وعشرة آخرون") == [("الثلاثة", 3, 3, 3, False), ("عشرة", 10, 10, 10, False)]
    assert reading("كود AB12") == []  # letters glued to digits that are no article


def test_modifier_after_a_definite_number() -> None:
    assert reading("القتلى السبعة على الأقل") == [("السبعة على الأقل", 7, 7, None, False)]


def test_vague_words_and_phrases() -> None:
    # GUIDE §4: an amount described as large → 10, a limited one → 3
    assert reading("سقط عدد كبير من القتلى") == [("عدد كبير من", 10, 3, None, True)]
    assert reading("أوقع عددا كبيرا من القتلى") == [("عددا كبيرا من", 10, 3, None, True)]
    assert reading("نزوح أعداد كبيرة من السكان") == [("أعداد كبيرة من", 10, 3, None, True)]
    assert reading("قتل الكثير من المدنيين") == [("الكثير من", 10, 3, None, True)]
    assert reading("أصيب العديد من المدنيين") == [("العديد من", 3, 2, None, True)]
    assert reading("أصيب عدد قليل من المدنيين") == [("عدد قليل من", 3, 2, 9, True)]
    assert reading("قتل عدة أشخاص") == [("عدة", 3, 3, None, True)]
    assert reading("بعد بضع ساعات") == [("بضع", 3, 3, 9, True)]
    assert reading("ارتفع عدد القتلى إلى 20") == [("20", 20, 20, 20, False)]  # «عدد» alone: "the number"


def test_vague_amounts_scaled_by_a_vague_plural() -> None:
    assert reading("نزح مئات الآلاف") == [("مئات الآلاف", 100_000, 100_000, 999_000, True)]
    assert reading("اعتقل بضع مئات") == [("بضع مئات", 300, 300, 900, True)]
    assert reading("نزح عدة آلاف") == [("عدة آلاف", 3000, 3000, None, True)]
    assert reading("بضع عشرات") == [("بضع عشرات", 30, 30, 90, True)]


def test_vague_amounts_with_what_follows() -> None:
    assert reading("سقط العشرات من القتلى") == [("العشرات", 10, 10, 99, True)]
    assert reading("قتل جندي وعشرات آخرين") == [("عشرات", 10, 10, 99, True)]


@pytest.mark.parametrize(
    "noun",
    [
        "طفلين",
        "امرأتين",
        "امرأتان",
        "رجلين",
        "رجلان",
        "شقيقين",
        "عنصرين",
        "عنصران",
        "قتيلين",
        "جريحين",
        "شرطيان",
        "عسكريان",
        "ضحيتين",
        "جثتين",
        "فتاتان",
        "انتحاريان",
    ],
)
def test_dual_nouns(noun: str) -> None:
    assert reading(f"قتل {noun}") == [(noun, 2, 2, 2, False)]


@pytest.mark.parametrize("noun", ["شرطيين", "عسكريين", "مسلحين", "صحفيين", "مواطنين", "مقاتلين"])
def test_duals_that_are_also_plurals_are_not_counts(noun: str) -> None:
    assert reading(f"قتل {noun}") == []  # «ستة شرطيين»: the -ين form is also the plural
    assert reading(f"قتل ستة {noun}") == [("ستة", 6, 6, 6, False)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ثلاثة عشر قتيلا", ("ثلاثة عشر", 13, 13, 13, False)),
        ("قتلت الـ 3", ("3", 3, 3, 3, False)),
        ("نزح 3 آلاف", ("3 آلاف", 3000, 3000, 3000, False)),
        ("قتل ٣٠٠", ("٣٠٠", 300, 300, 300, False)),
        ("نزح 1.5 ألف", ("1.5 ألف", 1500, 1500, 1500, False)),
        ("قتل نحو ثلاثين", ("نحو ثلاثين", 30, 27, 33, False)),
    ],
)
def test_reported_forms(text: str, expected: tuple[str, int, int, int | None, bool]) -> None:
    assert reading(text) == [expected]


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


@pytest.mark.parametrize(
    "text",
    [
        "لست أدري ما حدث",  # ل + ست? no: "I do not know"
        "لستَ متأكدا",
        "قالت ست البيت",  # ست "lady"
        "يا ست الكل",
        "أي خمس الاستهلاك",  # خمس "a fifth"
        "عشر الميزانية",
        "زأر سبع في الغابة",  # سبع "lion"
        "في آن واحد",  # "at the same time"
        "من جانب واحد",
        "فاز مرة واحدة",
        "في اليوم الواحد",  # "the single day": with the article, no number word
        "وصل إلى دور الستة عشر",
        "يا معشر الشباب",
    ],
)
def test_ambiguous_words_are_not_counts(text: str) -> None:
    assert find_quantities(text) == []


@pytest.mark.parametrize(
    ("text", "best"),
    [
        ("قتلت ست نساء", 6),
        ("منذ ست سنوات وست ساعات", 6),
        ("رشح لست وثلاثين جائزة", 36),  # in a longer number ل + ست is the number
        ("استهدفوا بتسع ضربات", 9),
        ("تمتد لخمس سنوات", 5),
        ("وخمس من هذه المناطق", 5),
        ("أعلى بخمس عشرة مرة", 15),
        ("قتلت ستة", 6),  # «ستة» is unambiguous
        ("ثمان سنوات", 8),
        ("قتل شخص واحد", 1),
    ],
)
def test_ambiguous_words_before_a_counted_noun_are_counts(text: str, best: int) -> None:
    assert [q.best for q in find_quantities(text)][:1] == [best]


def test_ambiguous_word_before_a_modifier_or_number_is_not_a_count() -> None:
    assert reading("تسع لنحو 500 شخص") == [("نحو 500", 500, 450, 550, False)]


def test_vague_plural_is_not_its_unit() -> None:
    assert reading("سقط عشرات") == [("عشرات", 10, 10, 99, True)]
    assert reading("بعشرات الآلاف") == [("عشرات الآلاف", 10_000, 10_000, 99_000, True)]


def test_long_digit_runs_are_not_counts() -> None:
    assert find_quantities("الرقم التسلسلي " + "7" * 5000) == []


def test_year_number_with_a_modifier_is_a_count() -> None:
    assert reading("أكثر من 2000 شخص") == [("أكثر من 2000", 2000, 2001, None, False)]


def test_parse_quantity() -> None:
    quantity = parse_quantity("أكثر من عشرين قتيلا")
    assert quantity is not None
    assert (quantity.best, quantity.low, quantity.high) == (20, 21, None)
    assert parse_quantity("لا أرقام هنا") is None


def test_about_band_comes_from_the_data() -> None:
    assert vocabulary().about_band.margin(200) == 20
    assert vocabulary().about_band.margin(3) == 1  # never narrower than min_margin
    data = yaml.safe_load(Path("marsad/data/numbers.yaml").read_text(encoding="utf-8"))
    data["about_band"] = {"fraction": 0.25, "min_margin": 2}
    assert _load_vocabulary(data).about_band.margin(200) == 50
    data["about_band"] = {"fraction": 1.5, "min_margin": 2}
    with pytest.raises(ValueError, match="about_band"):
        _load_vocabulary(data)


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
    data = yaml.safe_load(Path("marsad/data/numbers.yaml").read_text(encoding="utf-8"))
    data["needs_noun"].append("قتيل")
    with pytest.raises(ValueError, match="needs_noun"):
        _load_vocabulary(data)
    data = yaml.safe_load(Path("marsad/data/numbers.yaml").read_text(encoding="utf-8"))
    data["idioms"].append("آن ما")
    with pytest.raises(ValueError, match="idioms"):
        _load_vocabulary(data)
    data = yaml.safe_load(Path("marsad/data/numbers.yaml").read_text(encoding="utf-8"))
    data["no_article"].append("عشرون")
    with pytest.raises(ValueError, match="no_article"):
        _load_vocabulary(data)
    data = yaml.safe_load(Path("marsad/data/numbers.yaml").read_text(encoding="utf-8"))
    data["vague"]["عدة"] = {"best": 3, "low": 5, "high": None}
    with pytest.raises(ValueError, match="vague"):
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
    "القتلى",
    "السبعة",
    "الـ",
    "عدد كبير من",
    "عدة",
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


@given(
    st.lists(
        st.sampled_from([*_PIECES, "من", "إلى", "ما", "لا", "يقل", "عن", "ست", "لست", "سنوات"]), max_size=14
    )
)
def test_prefiltered_scan_equals_trying_every_token(parts: list[str]) -> None:
    # scan() tries only tokens near a pre-filtered core; trying every token must agree.
    scanner = _Scanner(normalize(" ".join(parts)), vocabulary())
    expected = []
    i = 0
    while i < len(scanner.words):
        result = scanner.at(i)
        if result is None:
            i += 1
            continue
        start, end_token, number = result
        expected.append((start, scanner.ends[end_token - 1], number))
        i = end_token
    assert scanner.scan() == expected


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


def test_counting_one_normalisation_again_gives_a_fresh_list() -> None:
    sentence = normalize("قتل 5 أشخاص وأصيب نحو عشرين آخرين في القصف على البلدة صباح اليوم")
    first = find_quantities(sentence)
    first.clear()  # a caller's list is its own: the remembered counts stay intact
    assert [q.best for q in find_quantities(sentence)] == [5, 20]
