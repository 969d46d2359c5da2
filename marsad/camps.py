"""Which sides actor names stand for, and which sides fight in one camp.

A reference table shared by two stages: the merge compares reports of different
outlets by side and camp («the coalition» = «US forces»), and extraction uses it
to tell whether two reports of one article name the same sides.  The data is
``marsad/data/camps.yaml`` (its header documents the format).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

_STATE_FORCE = re.compile(r"^(?:Military|Police) Forces of (?P<country>.+?)(?: \(.*\))?$")


@dataclass(frozen=True, slots=True)
class Camps:
    """``families``: canonical actor name → side; ``alliances``: side → camp."""

    families: dict[str, str]
    alliances: dict[str, str]


def parse_camps(data: object, label: str = "camps.yaml") -> Camps:
    """Validate the parsed YAML of a camps file; errors name the file and the entry."""
    if not isinstance(data, dict) or set(data) != {"families", "alliances"}:
        raise ValueError(f"{label}: expected exactly the sections 'families' and 'alliances'")
    tables: list[dict[str, str]] = []
    for section in ("families", "alliances"):
        table = data[section]
        if not isinstance(table, dict):
            raise ValueError(f"{label}: {section} must be a mapping")
        for key, value in table.items():
            if not isinstance(key, str) or not isinstance(value, str) or not key.strip() or not value.strip():
                raise ValueError(f"{label}: {section}: {key!r}: names must be non-empty strings")
        tables.append(dict(table))
    families, alliances = tables
    for side in alliances:
        if side in families:
            raise ValueError(f"{label}: alliances: {side!r} has a family ({families[side]!r}); name that")
    return Camps(families, alliances)


@cache
def load_camps() -> Camps:
    text = resources.files("marsad.data").joinpath("camps.yaml").read_text(encoding="utf-8")
    return parse_camps(yaml.safe_load(text))


def actor_family(actor: str | None) -> str | None:
    """The side an actor name stands for; ``None`` for an unknown or unidentified side."""
    if not actor or actor.startswith("Unidentified"):
        return None
    families = load_camps().families
    if actor in families:
        return families[actor]
    if state := _STATE_FORCE.match(actor):
        return f"state forces of {state['country']}"
    return actor


def actor_camp(actor: str | None) -> str | None:
    """The camp an actor fights in (its alliance, else its own side)."""
    family = actor_family(actor)
    return load_camps().alliances.get(family, family) if family else None
