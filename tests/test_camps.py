"""The actor camps table (marsad/data/camps.yaml): loads, validates, names real actors."""

from __future__ import annotations

import pytest

from marsad.camps import actor_camp, actor_family, load_camps, parse_camps
from marsad.extract.actors import load_actors


def test_every_family_member_is_an_actor_of_the_lexicon() -> None:
    actors = load_actors().actors
    unknown = [name for name in load_camps().families if name not in actors]
    assert unknown == []


def test_every_alliance_names_a_side() -> None:
    camps = load_camps()
    sides = set(camps.families.values()) | set(load_actors().actors)
    for side in camps.alliances:
        assert side in sides or side.startswith("state forces of "), side


def test_families_and_camps() -> None:
    assert actor_family("Wagner Group") == actor_family("Military Forces of Russia") == "russian forces"
    assert actor_family("Military Forces of Turkey") == "state forces of Turkey"
    assert actor_family("Police Forces of Egypt (2014-)") == "state forces of Egypt"
    assert actor_family("Islamic State") == "Islamic State"  # a side of its own
    assert actor_family("Unidentified Armed Group (Syria)") is None and actor_family(None) is None
    assert actor_camp("QSD: Syrian Democratic Forces") == actor_camp("International Coalition (US-led)")
    assert actor_camp("Wagner Group") == actor_camp("Pro-Government Militia (Syria)")
    assert actor_camp("Wagner Group") != actor_camp("Military Forces of the United States")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "exactly the sections"),
        ({"families": {}}, "exactly the sections"),
        ({"families": [], "alliances": {}}, "families must be a mapping"),
        ({"families": {"A": ""}, "alliances": {}}, "non-empty strings"),
        ({"families": {"A": "side"}, "alliances": {"A": "camp"}}, "has a family"),
    ],
)
def test_bad_camps_files_are_refused_with_the_reason(data: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_camps(data, "test.yaml")
