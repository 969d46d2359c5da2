"""The extraction lexicons load, validate, and reject malformed entries."""

from __future__ import annotations

import pytest

from marsad.extract.lexicon import (
    SUB_EVENT_TYPES,
    LexiconError,
    definite_forms,
    load_lexicon,
    parse_casualties,
    parse_cues,
    parse_triggers,
)


def test_shipped_lexicons_load_and_code_guide_types() -> None:
    lexicon = load_lexicon()
    found = lexicon.triggers.find("وشنت طائرات حربية غارات جوية على البلدة بعد اشتباكات عنيفة")
    codes = {(m.value.event_type, m.value.sub_event_type) for m in found}
    assert ("Explosions/Remote violence", "Air/drone strike") in codes
    assert ("Battles", "Armed clash") in codes
    for match in found:
        assert match.value.sub_event_type in SUB_EVENT_TYPES[match.value.event_type]


def test_verbs_match_with_their_suffixes() -> None:
    found = load_lexicon().triggers.find("قصفوا الحي ثم قصفتها المدفعية")
    assert [m.text for m in found][:2] == ["قصفوا", "قصفتها"]


def test_unknown_sub_event_type_is_rejected() -> None:
    bad = {
        "triggers": [
            {
                "id": "x",
                "event_type": "Battles",
                "sub_event_type": "Air/drone strike",
                "plover": {"event": "FIGHT", "mode": "aerial"},
                "priority": 1,
                "forms": ["غارة"],
            }
        ]
    }
    with pytest.raises(LexiconError, match="unknown event/sub-event type"):
        parse_triggers(bad)


def test_armed_target_recode_is_read_and_checked() -> None:
    entry = {
        "id": "gunfire",
        "event_type": "Violence against civilians",
        "sub_event_type": "Attack",
        "plover": {"event": "ASSAULT", "mode": "small-arms"},
        "priority": 1,
        "forms": ["برصاص"],
    }
    good = dict(entry, if_armed_target={"event_type": "Battles", "sub_event_type": "Armed clash"})
    [trigger] = set(parse_triggers({"triggers": [good]}).values())
    assert trigger.armed_target_event_type == "Battles"
    assert trigger.armed_target_sub_event_type == "Armed clash"
    bad = dict(entry, if_armed_target={"event_type": "Battles", "sub_event_type": "Attack"})
    with pytest.raises(LexiconError, match="bad if_armed_target"):
        parse_triggers({"triggers": [bad]})


def test_one_form_for_two_triggers_is_rejected() -> None:
    entry = {
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "plover": {"event": "FIGHT", "mode": "small-arms"},
        "priority": 1,
        "forms": ["معركة"],
    }
    with pytest.raises(LexiconError, match="already listed"):
        parse_triggers({"triggers": [dict(entry, id="a"), dict(entry, id="b", forms=["معركه"])]})


def test_cues_need_every_group() -> None:
    with pytest.raises(LexiconError, match="denial"):
        parse_cues({"exclude": {"threat": ["هدد"]}})


def test_self_counting_casualty_word_needs_a_count() -> None:
    with pytest.raises(LexiconError, match="count"):
        parse_casualties(
            {"words": [{"form": "قتيلان", "kind": "death", "number": "self"}], "counted_nouns": ["شخصا"]}
        )


def test_not_triggers_must_be_phrases() -> None:
    entry = {
        "id": "a",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "plover": {"event": "FIGHT", "mode": "small-arms"},
        "priority": 1,
        "forms": ["قتال"],
    }
    table = parse_triggers({"triggers": [entry], "not_triggers": ["لقتال"]})
    assert table["لقتال"] is None and table["قتال"] is not None
    with pytest.raises(LexiconError, match="not_triggers"):
        parse_triggers({"triggers": [entry], "not_triggers": [""]})


def test_two_word_forms_also_match_written_definite() -> None:
    triggers = load_lexicon().triggers
    [bomb] = [m for m in triggers.find("زرعت العبوة الناسفة") if m.value is not None]
    assert bomb.value.id == "planted_explosive" and bomb.text == "العبوة الناسفة"
    [mortar] = [m for m in triggers.find("سقطت قذائف الهاون") if m.value is not None]
    assert mortar.value.sub_event_type == "Shelling/artillery/missile attack"
    assert definite_forms("عبوة ناسفة") == ["العبوة الناسفة", "عبوة الناسفة"]
    assert definite_forms("طائرة من دون طيار") == []
