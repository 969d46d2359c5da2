"""The actor lexicon: data validation, matching, context resolution (sentences written for marsad)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from marsad.extract.actors import DATA_PATH, ActorLexicon, load_actors
from marsad.text import normalize


@pytest.fixture(scope="module")
def lexicon() -> ActorLexicon:
    return load_actors()


def resolved(lexicon: ActorLexicon, text: str, country: str | None) -> list[tuple[str, str | None]]:
    """(mention text, resolved name) for every mention in ``text``."""
    return [(m.text, lexicon.resolve(m, country)) for m in lexicon.find(text)]


def test_shipped_lexicon_validates_and_has_guide_names(lexicon: ActorLexicon) -> None:
    guide_names = {
        "Military Forces of Syria",
        "Pro-Government Militia (Syria)",
        "Opposition Rebels (Syria)",
        "HTS: Hayat Tahrir al Sham",
        "QSD: Syrian Democratic Forces",
        "YPG: People's Protection Units",
        "Islamic State",
        "International Coalition (US-led)",
        "Military Forces of the United States",
        "Military Forces of Russia",
        "Wagner Group",
        "Military Forces of Turkey",
        "Military Forces of Israel",
        "Hamas",
        "Military Forces of Iraq",
        "Popular Mobilization Forces",
        "Houthis (Ansar Allah)",
        "Military Forces of Yemen",
        "Saudi-led Coalition",
        "AQAP: Al Qaeda in the Arabian Peninsula",
        "LNA: Libyan National Army",
        "Military Forces of Egypt",
        "Taliban",
        "Military Forces of Afghanistan",
        "Al Shabaab",
        "Boko Haram",
        "PKK: Kurdistan Workers Party",
    }
    assert guide_names <= lexicon.actors.keys()
    for actor in lexicon.actors.values():
        assert actor.inter in range(1, 9)


def test_gold_actor_names_are_known(lexicon: ActorLexicon, shared_dir: Path) -> None:
    """Every actor name in the dev gold is a lexicon actor or a pattern name."""
    for line in (shared_dir / "eval" / "dev.gold.jsonl").read_text(encoding="utf-8").splitlines():
        for event in json.loads(line)["events"]:
            for key in ("actor1", "actor2"):
                name = event[key]
                assert name is None or lexicon.inter_code(name) is not None, name


def test_finds_named_actors_with_original_offsets(lexicon: ActorLexicon) -> None:
    text = "قصفت طائرات التحالف الدولي مواقع لتنظيم داعش قرب الرقة"
    mentions = lexicon.find(text)
    assert [(m.text, lexicon.resolve(m, "Syria")) for m in mentions] == [
        ("طائرات التحالف الدولي", "International Coalition (US-led)"),
        ("تنظيم داعش", "Islamic State"),
    ]
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text


def test_accepts_normalized_text_and_diacritics(lexicon: ActorLexicon) -> None:
    text = "واشتبكت قوّات النّظام مع مسلّحي المعارضة"
    for given in (text, normalize(text)):
        mentions = lexicon.find(given)
        assert [lexicon.resolve(m, "Syria") for m in mentions] == [
            "Military Forces of Syria",
            "Opposition Rebels (Syria)",
        ]
        assert [text[m.start : m.end] for m in mentions] == ["قوّات النّظام", "مسلّحي المعارضة"]


def test_state_force_templates_cover_nisba_forms(lexicon: ActorLexicon) -> None:
    text = "قُتل جنديان تركيان وثلاثة جنود أتراك، وقصفت المقاتلات الأميركية مواقع للجيش الأمريكي سابقاً"
    names = {name for _, name in resolved(lexicon, text, "Syria")}
    assert names == {"Military Forces of Turkey", "Military Forces of the United States"}
    assert resolved(lexicon, "أطلقت الشرطة النيجيرية النار", "Nigeria") == [
        ("الشرطة النيجيرية", "Police Forces of Nigeria")
    ]


def test_longest_alias_wins(lexicon: ActorLexicon) -> None:
    assert resolved(lexicon, "تبنت حركة طالبان باكستان الهجوم", "Pakistan") == [
        ("حركة طالبان باكستان", "TTP: Tehreek-i-Taliban Pakistan")
    ]
    assert resolved(lexicon, "هاجمت كتائب حزب الله قاعدة", "Iraq") == [("كتائب حزب الله", "Kataib Hezbollah")]


def test_coalition_depends_on_event_country(lexicon: ActorLexicon) -> None:
    sentence = "شنت طائرات التحالف غارات على مواقع المسلحين"
    (coalition, gunmen) = lexicon.find(sentence)
    assert coalition.actor is None and len(coalition.candidates) == 2
    assert lexicon.resolve(coalition, "Yemen") == "Saudi-led Coalition"
    assert lexicon.resolve(coalition, "Iraq") == "International Coalition (US-led)"
    # Outside both contexts the bare word names no coalition.
    assert lexicon.resolve(coalition, "Mali") is None
    assert lexicon.resolve(gunmen, "Yemen") == "Unidentified Armed Group (Yemen)"


def test_context_alias_overrides_generic_role(lexicon: ActorLexicon) -> None:
    sentence = "تقدمت قوات الجيش الوطني نحو المدينة"
    assert resolved(lexicon, sentence, "Yemen") == [("قوات الجيش الوطني", "Military Forces of Yemen")]
    assert resolved(lexicon, sentence, "Libya") == [("قوات الجيش الوطني", "LNA: Libyan National Army")]
    assert resolved(lexicon, sentence, "Somalia") == [("قوات الجيش الوطني", "Military Forces of Somalia")]


def test_generic_roles_take_the_event_country(lexicon: ActorLexicon) -> None:
    text = "فجر انتحاري نفسه بين المصلين، وأطلقت الشرطة النار على المتظاهرين ومثيري الشغب"
    mentions = lexicon.find(text)
    assert [m.generic for m in mentions] == ["armed_group", "civilians", "police", "protesters", "rioters"]
    assert all(m.actor is None for m in mentions)
    assert [lexicon.resolve(m, "Iraq") for m in mentions] == [
        "Unidentified Armed Group (Iraq)",
        "Civilians (Iraq)",
        "Police Forces of Iraq",
        "Protesters (Iraq)",
        "Rioters (Iraq)",
    ]
    assert lexicon.resolve(mentions[0], None) is None
    (soldiers,) = lexicon.find("قتل ثلاثة جنود")
    assert lexicon.resolve(soldiers, "United States") == "Military Forces of the United States"


def test_common_words_are_not_actors(lexicon: ActorLexicon) -> None:
    assert lexicon.find("احتفل الشباب في الدولة بعيد النظام الجديد") == []
    assert lexicon.find("صرح مسؤول في وزارة الدفاع الوطني") == []
    assert resolved(lexicon, "هاجم مقاتلو حركة الشباب القرية", "Somalia") == [("حركة الشباب", "Al Shabaab")]


def test_lookups(lexicon: ActorLexicon) -> None:
    assert lexicon.inter_code("Civilians (Benin)") == 7
    assert lexicon.inter_code("Military Forces of Benin") == 1
    assert lexicon.inter_code("Houthis (Ansar Allah)") == 2
    assert lexicon.inter_code("Nobody") is None
    assert lexicon.country_of_nisba("الأميركية") == "United States"
    assert lexicon.country_of_nisba("أتراك") == "Turkey"
    assert lexicon.country_of_nisba("السوريين") == "Syria"
    assert lexicon.country_of_nisba("كبير") is None
    assert lexicon.country_names_ar()["العراق"] == "Iraq"
    assert lexicon.get("isis") is lexicon.actors["Islamic State"]


def _write(tmp_path: Path, mutate: Callable[[dict[str, Any]], object]) -> Path:
    data = yaml.safe_load(DATA_PATH.read_text(encoding="utf-8"))
    mutate(data)
    path = tmp_path / "actors.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _actor(data: dict[str, Any], name: str) -> dict[str, Any]:
    return next(entry for entry in data["actors"] if entry["name"] == name)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: _actor(d, "Hamas").update(inter=9), r"'Hamas'.*inter must be an integer 1\.\.8"),
        (lambda d: _actor(d, "Hamas").pop("kind"), r"'Hamas'.*missing \['kind'\]"),
        (lambda d: _actor(d, "Hamas").update(aliases_ar=[], aliases_en=[]), r"'Hamas'.*no aliases"),
        (
            lambda d: _actor(d, "Hamas")["aliases_ar"].append("حزب الله"),
            r"«حزب الله».*'Hezbollah'.*'Hamas'",
        ),
        (
            lambda d: _actor(d, "International Coalition (US-led)")["context_countries"].append("Yemen"),
            r"«التحالف» means both .* in \['Yemen'\]",
        ),
        (lambda d: _actor(d, "Hamas")["aliases_ar"].append("مدنيين"), r"«مدنيين» is both generic"),
        (lambda d: _actor(d, "Hamas").update(aliase_ar=["x"]), r"'Hamas'.*unknown keys"),
        (lambda d: _actor(d, "Taliban").update(context_countries=["Narnia"]), r"Narnia"),
        (lambda d: d["role_cues"].update(agent_somewhere=["x"]), r"role_cues: must map groups"),
        (lambda d: d["role_cues"].update(agent_before=[]), r"role_cues.agent_before: must not be empty"),
    ],
)
def test_validator_rejects_bad_entries(
    tmp_path: Path, mutate: Callable[[dict[str, Any]], object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        load_actors(_write(tmp_path, mutate))
