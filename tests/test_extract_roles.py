"""Sides and their parts in one sentence, and an event's two actors (sentences written for marsad)."""

from __future__ import annotations

from datetime import date

import pytest

from marsad.extract.actors import load_actors
from marsad.extract.lexicon import load_lexicon
from marsad.extract.roles import Side, assign_roles, find_sides
from marsad.model import Article, Event, PublishedDate
from marsad.text import normalize


def _sides(text: str, country: str = "Syria") -> list[Side]:
    return find_sides(text, load_actors(), load_lexicon().cues["target_markers"], country)


def _roles(text: str, country: str = "Syria", event_type: str | None = None) -> tuple[str | None, str | None]:
    """(agent, target) names for the sentence's highest-priority trigger."""
    triggers = [m for m in load_lexicon().triggers.find(normalize(text)) if m.value is not None]
    trigger = max(triggers, key=lambda m: (m.value.priority, -m.start))
    agent, target = assign_roles(_sides(text, country), trigger.start, trigger.end, event_type)
    return (agent.name if agent else None), (target.name if target else None)


@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [
        # genitive agent after the incident noun
        ("قصف مدفعي لقوات النظام على بلدة كفرنبل", "Syria", ("Military Forces of Syria", None)),
        # nisba inside the trigger phrase
        (
            "قتل أربعة مدنيين في غارة تركية على قرية قرب عفرين",
            "Syria",
            ("Military Forces of Turkey", "Civilians (Syria)"),
        ),
        # relative verb, and a target marker further on
        (
            "غارات شنتها طائرات التحالف على مقرات تنظيم داعش قرب البوكمال",
            "Syria",
            ("International Coalition (US-led)", "Islamic State"),
        ),
        # passive with its agent
        (
            "قتل ثلاثة مدنيين بنيران قوات النظام خلال قصف على ريف حماة",
            "Syria",
            ("Military Forces of Syria", "Civilians (Syria)"),
        ),
        # counted victims: the state force of the country
        ("مقتل خمسة جنود أتراك في انفجار عبوة ناسفة", "Turkey", (None, "Military Forces of Turkey")),
        # a claim names the agent even far from the trigger
        (
            "تبنى تنظيم داعش الهجوم الانتحاري على حاجز للجيش",
            "Iraq",
            ("Islamic State", "Military Forces of Iraq"),
        ),
        # «استهدف» after the incident noun: its object is the target
        (
            "هجوم انتحاري استهدف قوات الأمن العراقية في الرمادي",
            "Iraq",
            (
                "Unidentified Armed Group (Iraq)",
                "Military Forces of Iraq",
            ),
        ),
        # «استهدف» opening the clause: its subject is the agent
        (
            "واستهدف طيران التحالف بعدة غارات مواقع في الرقة",
            "Syria",
            ("International Coalition (US-led)", None),
        ),
        # partitive victims
        (
            "مقتل تسعة من عناصر تنظيم داعش في غارة للطيران الروسي",
            "Syria",
            (
                "Military Forces of Russia",
                "Islamic State",
            ),
        ),
    ],
)
def test_agent_and_target(text: str, country: str, expected: tuple[str | None, str | None]) -> None:
    assert _roles(text, country) == expected


def test_reporting_side_takes_no_part() -> None:
    text = "قالت الشرطة إن انفجار عبوة ناسفة وقع قرب جسر المدينة"
    assert [(s.name, s.role) for s in _sides(text, "Iraq")] == [("Police Forces of Iraq", "source")]
    assert _roles(text, "Iraq") == (None, None)


def test_reporting_side_killing_fighters_is_the_agent() -> None:
    assert _roles("أعلن الجيش العراقي مقتل عشرين من عناصر داعش في غارات قرب الموصل", "Iraq") == (
        "Military Forces of Iraq",
        "Islamic State",
    )


def test_holder_of_the_place_is_no_agent_and_conjoined_sides_share_it() -> None:
    text = "طالت الغارات قرى يسيطر عليها فيلق الرحمن وجبهة النصرة"
    assert [s.role for s in _sides(text)] == ["bystander", "bystander"]
    assert _roles(text) == (None, "Opposition Rebels (Syria)")


def test_clash_between_two_sides_has_no_civilian_side() -> None:
    text = "مقتل ثلاثة مدنيين في اشتباكات بين قوات النظام وفصائل المعارضة"
    agent, target = _roles(text, event_type="Battles")
    assert {agent, target} == {"Military Forces of Syria", "Opposition Rebels (Syria)"}


def test_side_offsets_index_the_original_text() -> None:
    text = "وقصفت طائراتُ النظامِ بلدة اللطامنة"
    [side] = _sides(text)
    assert text[side.start : side.end] == "طائراتُ النظامِ"
    assert side.role == "agent"


def _full_event(text: str) -> Event:
    """The one event of an article with this body, its actor spans checked against the text."""
    from marsad.extract import extract_events

    article = Article(id="t", title="", text=text, published=PublishedDate(date(2018, 3, 14)))
    [event] = extract_events(article)
    for name in ("actor1", "actor2"):
        if name in event.spans:
            span = event.spans[name]
            assert article.text[span.start : span.end] == span.text
    return event


def _event(text: str) -> tuple[str | None, str | None]:
    event = _full_event(text)
    return event.actor1, event.actor2


def test_event_prefers_the_named_group_of_another_sentence() -> None:
    assert _event(
        "فجر انتحاري نفسه أمس في سوق مدينة مايدوغوري. وتبنت جماعة بوكو حرام الهجوم الانتحاري في مايدوغوري."
    ) == ("Boko Haram", "Civilians (Nigeria)")


def test_event_of_rival_militias_has_them_on_both_sides() -> None:
    assert _event("قتل عشرة أشخاص أمس في اشتباكات بين الميليشيات المتناحرة في طرابلس الليبية.") == (
        "Unidentified Armed Group (Libya)",
        "Unidentified Armed Group (Libya)",
    )


def test_agent_cue_of_another_clause_yields_to_the_trigger_phrase() -> None:
    text = "ونفذت مقاتلات تركية غارات على مواقع داعش، وذلك بعد أيام على تفجير انتحاري في بلدة سروج"
    start = text.index("تفجير انتحاري")
    agent, _ = assign_roles(_sides(text, "Turkey"), start, start + len("تفجير انتحاري"), None, text)
    assert agent is not None and agent.name == "Unidentified Armed Group (Turkey)"


def test_clash_with_one_named_side_is_fought_against_the_state() -> None:
    assert _event("قتل خمسة أشخاص أمس في اشتباكات خاضها مسلحو المعارضة في بلدة كفرنبل بريف إدلب.") == (
        "Opposition Rebels (Syria)",
        "Military Forces of Syria",
    )


def test_generic_fighters_of_a_named_group_are_that_group() -> None:
    assert _roles("قتل عشرة مسلحين من تنظيم داعش في غارة للطيران الروسي قرب تدمر") == (
        "Military Forces of Russia",
        "Islamic State",
    )
    text = "انفجرت عبوة بدورية للجيش في هجوم نسب إلى متمردين من حزب العمال الكردستاني"
    agent, _ = _roles(text, "Turkey")
    assert agent == "PKK: Kurdistan Workers Party"


def test_an_officer_of_a_force_reports_for_it() -> None:
    text = "وقال ضابط بالشرطة إن انفجار عبوة ناسفة وقع قرب جسر المدينة"
    assert [(s.name, s.role) for s in _sides(text, "Iraq")] == [("Police Forces of Iraq", "source")]


def test_conjoined_sides_are_one_party_unless_between_opens_them() -> None:
    text = "واصلت قوات النظام وحزب الله قصف بلدة مضايا"
    assert [s.allied for s in _sides(text)] == [False, True]
    assert _roles(text) == ("Military Forces of Syria", None)
    assert [s.allied for s in _sides("اشتباكات بين قوات النظام وفصائل المعارضة")] == [False, False]


def test_first_of_a_party_stands_for_it() -> None:
    text = "قتل ستة من رجال الجيش والشرطة في هجوم انتحاري على حاجز قرب سامراء"
    assert _roles(text, "Iraq") == ("Unidentified Armed Group (Iraq)", "Military Forces of Iraq")


def test_fighters_counted_among_other_dead_are_not_the_target() -> None:
    text = "قتل تسعة أشخاص بينهم شرطيان في تفجير انتحاري وسط المدينة"
    assert [s.role for s in _sides(text, "Iraq")] == ["part", None]
    assert _roles(text, "Iraq") == ("Unidentified Armed Group (Iraq)", "Police Forces of Iraq")
    assert _event("فجر انتحاري نفسه أمس وسط مدينة كركوك، ما أدى إلى مقتل تسعة أشخاص بينهم شرطيان.") == (
        "Unidentified Armed Group (Iraq)",
        "Civilians (Iraq)",
    )


def test_a_place_only_civilians_fill_makes_them_the_target() -> None:
    assert _roles("قصفت طائرات النظام حيا سكنيا في بلدة كفرنبل") == (
        "Military Forces of Syria",
        "Civilians (Syria)",
    )
    # Civilians never act: after a verb of attack they are its object.
    [market] = _sides("واستهدف الهجوم سوقا شعبيا في المدينة")
    assert market.role == "target"


def test_a_target_the_agent_cuts_off_from_the_trigger_yields() -> None:
    text = (
        "أعلنت الحكومة حربا تستهدف حزب العمال كما تستهدف تنظيم داعش المتهم بالتفجير الانتحاري "
        "الذي أدى إلى مقتل 30 مدنيا"
    )
    assert _roles(text, "Turkey") == ("Islamic State", "Civilians (Turkey)")


def test_agent_claiming_another_clause_takes_no_part() -> None:
    text = "أعلن تنظيم داعش مسؤوليته عن تفجير في حي البياع، فيما قتل اثنان في تفجير آخر في حي الشعب"
    start = text.rindex("تفجير")
    agent, target = assign_roles(_sides(text, "Iraq"), start, start + len("تفجير"), None, text)
    assert agent is None and target is None


def test_a_hallmark_or_allies_make_no_side() -> None:
    assert [s.role for s in _sides("وحمل التفجير بصمات جماعة بوكو حرام", "Nigeria")] == ["bystander"]
    assert [s.role for s in _sides("ونفذ حلفاء لتنظيم القاعدة هجمات في المنطقة", "Mali")] == ["bystander"]


def test_state_forces_around_a_bombing_are_its_target() -> None:
    assert _event("قالت مصادر إن الجيش المالي فقد ثلاثة جنود أمس في انفجار عبوة ناسفة قرب بلدة ديورا.") == (
        "Unidentified Armed Group (Mali)",
        "Military Forces of Mali",
    )


def test_blast_followed_by_fighting_has_the_clash_sides() -> None:
    event = _full_event(
        "قتل جنديان تركيان أمس في انفجار عبوة ناسفة بدورية عسكرية في بلدة جزرة بمحافظة شرناق، "
        "وأعقبت الانفجار اشتباكات بين الجنود ومتمردين من حزب العمال الكردستاني."
    )
    assert event.event_type == "Battles"
    assert {event.actor1, event.actor2} == {"Military Forces of Turkey", "PKK: Kurdistan Workers Party"}


def test_attack_killing_people_no_word_ties_to_an_armed_side_is_on_civilians() -> None:
    event = _full_event("شن مسلحو حركة الشباب أمس هجوما في مدينة بيدوا أسفر عن مقتل خمسة أشخاص.")
    assert (event.event_type, event.actor1, event.actor2) == (
        "Violence against civilians",
        "Al Shabaab",
        "Civilians (Somalia)",
    )


def test_raids_naming_no_target_hit_what_their_striker_hit() -> None:
    from marsad.extract import extract_events

    article = Article(
        id="t",
        title="",
        text="وشنت طائرات التحالف أمس غارات على مواقع تنظيم داعش قرب الموصل. "
        "وأصابت الغارات أهدافا قرب الفلوجة.",
        published=PublishedDate(date(2018, 3, 14)),
    )
    assert [(e.location, e.actor1, e.actor2) for e in extract_events(article)] == [
        ("Mosul", "International Coalition (US-led)", "Islamic State"),
        ("Al Fallujah", "International Coalition (US-led)", "Islamic State"),
    ]


def test_a_pair_closed_by_one_side_of_between_fights_together() -> None:
    text = "تتواصل الاشتباكات بين قوات النظام ومسلحين موالين لها من جهة، وفصائل المعارضة من جهة ثانية"
    assert [s.allied for s in _sides(text)] == [False, True, False]
    assert set(_roles(text, event_type="Battles")) == {
        "Military Forces of Syria",
        "Opposition Rebels (Syria)",
    }


def test_a_sentence_read_again_gives_the_same_sides_in_a_fresh_list() -> None:
    sentence = "قصفت طائرات النظام مواقع لتنظيم داعش قرب دير الزور"
    first = _sides(sentence)
    first.clear()  # the sides of a sentence are remembered: a caller's list is its own
    again = _sides(sentence)
    assert again and again == _sides(sentence, "Syria")
