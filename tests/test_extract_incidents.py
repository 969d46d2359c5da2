"""Which sentences report an incident as having happened (GUIDE §1)."""

from __future__ import annotations

from datetime import date

from marsad.extract.incidents import PlaceSpans, find_mentions
from marsad.extract.lexicon import load_lexicon

PUBLISHED = date(2018, 3, 14)


def _mentions(text: str) -> list[str]:
    return [m.trigger.sub_event_type for m in find_mentions(text, "text", PUBLISHED, load_lexicon())]


def test_strike_sentence_is_a_mention_with_date_and_toll() -> None:
    text = "قتل ستة مدنيين أمس في غارات جوية على بلدة كفرنبل."
    [mention] = find_mentions(text, "text", PUBLISHED, load_lexicon())
    assert mention.trigger.sub_event_type == "Air/drone strike"
    assert mention.date is not None and mention.date.value == date(2018, 3, 13)
    assert text[mention.trigger_start : mention.trigger_end] == "غارات جوية"


def test_threat_is_not_coded() -> None:
    assert _mentions("هدد التنظيم بشن هجمات انتحارية على المدينة.") == []


def test_plan_is_not_coded() -> None:
    assert _mentions("يستعد الجيش لشن هجوم واسع على معاقل المسلحين.") == []


def test_long_period_total_is_not_coded() -> None:
    assert _mentions("وقتل أكثر من 350 ألف شخص في المعارك منذ اندلاع النزاع عام 2011.") == []


def test_denial_of_responsibility_still_codes_the_strike() -> None:
    text = "قصفت طائرات حربية مستشفى في البلدة أمس، ونفت الوزارة مسؤوليتها عن الغارة."
    assert _mentions(text) == ["Air/drone strike"]


def test_background_older_than_thirty_days_is_not_coded() -> None:
    assert _mentions("وكان انفجار سيارة مفخخة قد وقع في 3 يناير 2017 في السوق نفسه.") == []


def test_sport_sense_is_not_coded() -> None:
    assert _mentions("شن المنتخب هجوما قويا في الشوط الثاني من المباراة.") == []


def test_a_date_after_a_verb_of_saying_dates_the_report_not_the_incident() -> None:
    lexicon = load_lexicon()
    text = "أعلن الجيش أمس مقتل 12 مسلحا في اشتباكات قرب الرمادي."
    [said] = find_mentions(text, "text", PUBLISHED, lexicon)
    assert said.date is None
    text = "قال مسؤول، أمس، إن 12 مسلحا قتلوا في اشتباكات الأحد قرب الرمادي."
    [quoted] = find_mentions(text, "text", PUBLISHED, lexicon)
    assert quoted.date is not None and text[quoted.date.start : quoted.date.end] == "الأحد"


def test_a_ceasefire_is_no_incident() -> None:
    assert _mentions("أعلنت الأطراف وقف إطلاق النار في المدينة اعتبارا من اليوم.") == []


def test_the_next_sentence_continues_a_dated_report() -> None:
    text = (
        "شنت طائرات التحالف أمس غارات على مواقع التنظيم. "
        "وأصابت الغارات أهدافا قرب بلدة هجين. "
        "وقال السكان إن الوضع هادئ. "
        "وسقطت قذائف على بلدة الشعفة."
    )
    mentions = find_mentions(text, "text", date(2018, 2, 9), load_lexicon())
    assert [m.date.value if m.date else None for m in mentions] == [date(2018, 2, 8)] * 2 + [None]


def test_a_period_start_dates_no_incident() -> None:
    [mention] = find_mentions("ويشن الجيش منذ 11 مارس حملة قصف على القرى.", "text", PUBLISHED, load_lexicon())
    assert mention.date is None


def test_the_same_day_takes_the_last_date_given() -> None:
    text = (
        "قتل ثلاثة أمس بانفجار عبوة ناسفة في السوق. وقالت الشرطة إن الوضع هادئ. "
        "كما انفجرت سيارة في اليوم نفسه قرب الجسر."
    )
    mentions = find_mentions(text, "text", PUBLISHED, load_lexicon())
    assert [m.date.value if m.date else None for m in mentions] == [date(2018, 3, 13)] * 2


def test_aims_and_names_are_no_triggers() -> None:
    assert _mentions("انتشرت الشرطة في المدينة للسيطرة على الفوضى.") == []
    assert _mentions("يقتصر وجود هيئة تحرير الشام على بعض المقار.") == []


def test_a_period_start_after_a_day_word_dates_no_incident() -> None:
    [mention] = find_mentions("وتتواصل الغارات على القرى منذ يوم الأحد.", "text", PUBLISHED, load_lexicon())
    assert mention.date is None


def test_an_incident_referred_back_to_yields_to_the_one_reported() -> None:
    text = "وإلى جانب التفجير الذي وقع في السوق، قتل شخصان في هجمات بقنابل قرب المسجد."
    [mention] = find_mentions(text, "text", PUBLISHED, load_lexicon())
    assert text[mention.trigger_start : mention.trigger_end] == "قنابل"


def test_a_bare_killing_verb_is_a_mention_of_low_priority() -> None:
    assert [
        m.trigger.id
        for m in find_mentions("قتل مسلحون خمسة أشخاص في القرية.", "text", PUBLISHED, load_lexicon())
    ] == ["killing_verb"]
    assert _mentions("قتل خمسة أشخاص في غارة على القرية.") == ["Air/drone strike"]


def test_calls_for_a_ceasefire_and_habitual_attacks_are_not_coded() -> None:
    assert _mentions("دعت الأمم المتحدة إلى وقف فوري لإطلاق النار في المدينة.") == []
    assert _mentions("وأعلن الطرفان وقفا لإطلاق النار في البلدة.") == []
    assert _mentions("ويشن التنظيم هجمات مشابهة على القرى بشكل متكرر.") == []


def test_the_worst_in_years_is_no_period_total() -> None:
    assert _mentions("شنت الطائرات الحربية غارات على المدينة هي الأعنف منذ سنوات.") == ["Air/drone strike"]
    assert _mentions("وتشن الطائرات الحربية غارات على المدينة منذ سنوات.") == []


def test_confrontations_are_a_generic_fight() -> None:
    [mention] = find_mentions("وقتل 7 مسلحين أمس في مواجهات مع الجيش.", "text", PUBLISHED, load_lexicon())
    assert mention.trigger.id == "confrontation" and mention.trigger.weak


def _place_spans(text: str, names: list[str]) -> PlaceSpans:
    """The spans of ``names`` in ``text`` that lie in a queried range, as the gazetteer gives them."""
    spans = [(text.index(name), text.index(name) + len(name)) for name in names]
    return lambda start, end: [(s, e) for s, e in spans if start <= s < end]


def test_a_sentence_of_several_incidents_passes_no_date_on() -> None:
    # Which of the lead's incidents the next sentence goes on about is unknown.
    text = (
        "قتل ثلاثة مدنيين في قصف على مدينة حلب، وتواصلت أمس المعارك في ريف اللاذقية. "
        "وقتل مدنيان في غارات على حي الصاخور."
    )
    places = _place_spans(text, ["حلب", "اللاذقية", "الصاخور"])
    mentions = find_mentions(text, "text", PUBLISHED, load_lexicon(), places=places)
    assert [m.date.value if m.date else None for m in mentions] == [None, date(2018, 3, 13), None]


def test_every_clause_of_a_continuing_sentence_takes_the_carried_date() -> None:
    text = (
        "قتل عشرون شخصا أمس في هجمات شنها مسلحون في شمال البلاد. "
        "والهجوم على قرية الصفا أسفر عن مقتل 13 شخصا، فيما قتل سبعة في تفجيرين في مدينة المروج."
    )
    places = _place_spans(text, ["الصفا", "المروج"])
    mentions = find_mentions(text, "text", PUBLISHED, load_lexicon(), places=places)
    assert [m.date.value if m.date else None for m in mentions] == [date(2018, 3, 13)] * 3


def test_trials_build_ups_and_imminent_attacks_are_not_coded() -> None:
    assert _mentions("قضت محكمة أمس بالسجن المؤبد على منفذي تفجير السوق.") == []
    assert _mentions("ووصلت تعزيزات ضخمة إلى محيط البلدة قبل هجوم بري.") == []
    assert _mentions("وتوشك القوات على اقتحام المدينة بعد قصف عنيف.") == []
    assert _mentions("واستدعت الخارجية السفير احتجاجا على الهجوم.") == []


def test_a_statement_posted_on_a_website_is_not_figurative() -> None:
    # «الإلكتروني» alone marks a figurative (cyber) attack; «موقعه الإلكتروني» is where it was said.
    text = "وقال الجيش في بيان على موقعه الإلكتروني إن غارة جوية قتلت خمسة مسلحين."
    assert _mentions(text) == ["Air/drone strike"]
    assert _mentions("وتعرض الموقع لهجوم إلكتروني أمس.") == []


def test_background_sentences_are_collected_as_stale() -> None:
    text = "قتل ستة مدنيين أمس في غارة جوية. وكان قصف مماثل قد قتل عشرة العام الماضي."
    stale: list[tuple[int, int]] = []
    [mention] = find_mentions(text, "text", PUBLISHED, load_lexicon(), stale=stale)
    assert mention.date is not None
    assert [text[start:end].strip() for start, end in stale] == ["وكان قصف مماثل قد قتل عشرة العام الماضي."]
