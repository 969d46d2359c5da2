"""Page debris: whole debris lines go, real sentences stay."""

import pytest

from marsad.ingest.debris import clean_text, debris_rules, is_debris_line, parse_debris_rules


@pytest.mark.parametrize(
    "line",
    ["  • 2/9/2018", "  • 00:00", "  • 6", "  •", "news-picture", "مشاركة :", "طباعة | تعليق 3",
     "اقرأ أيضاً: انفجار في السوق", "  • نشر في 9 فبراير 2018 - 10:30 ص", "...المزيد"],
)
def test_debris_lines_are_recognised(line: str) -> None:
    assert is_debris_line(line)


@pytest.mark.parametrize(
    "line",
    ["شارك الآلاف في المظاهرة", "  • الجيش يستعيد القرية في 7 فبراير", "قتل 6", "اقرأ أيضاحات الوزارة",
     "2/9/2018", ""],
)
def test_real_text_is_kept(line: str) -> None:
    assert not is_debris_line(line)


def test_clean_text_keeps_kept_lines_verbatim() -> None:
    body = "  • 6\nnews-picture\n\nقال شاهد إن القصف بدأ فجرا.\n\n\n\nوأضاف أن   المنازل تضررت.\nمشاركة :"
    assert clean_text(body) == "قال شاهد إن القصف بدأ فجرا.\n\nوأضاف أن   المنازل تضررت."


def test_shipped_rules_load_and_validation_rejects_bad_data() -> None:
    assert "مشاركه" in debris_rules().widget_words  # stored in normalize_key form
    with pytest.raises(ValueError, match="bullets"):
        parse_debris_rules({"bullets": "ab"})
    with pytest.raises(ValueError, match="exact_lines"):
        parse_debris_rules({"bullets": "•", "exact_lines": []})


def test_long_link_lines_are_found_past_marks_and_case() -> None:
    tail = " عنوان مقال آخر طويل بما يكفي ليتجاوز ثمانين حرفا في السطر الواحد من النص المنشور"
    assert is_debris_line("اقرأ أيضاً:" + tail)
    assert is_debris_line("ً اقرأ أيضا" + tail)  # a stray mark before the first word
    assert is_debris_line("READ more" + tail)
    assert not is_debris_line("اقرأوا أيضا" + tail)
