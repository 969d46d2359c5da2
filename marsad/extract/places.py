"""The place an incident mention belongs to, via the gazetteer (GUIDE §2 location fields)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from marsad.model import Place

if TYPE_CHECKING:
    from marsad.geo import Gazetteer, PlaceMention

#: What may stand between the towns of one list («سقبا وحمورية، وكفربطنا»): each is its own event.
_LIST_GAP_RE = re.compile(r"^[\s،,و]*(?:(?:و?(?:بلدة|بلدات|مدينة|مدن|قرية|قرى|حي|أحياء|منطقة|مناطق))\s*)?$")

#: GUIDE geo_precision by gazetteer kind when the mention itself gives no hint.
_PRECISION_BY_KIND = {"place": 1, "region": 3, "admin1": 3, "country": 3}


@dataclass(frozen=True, slots=True)
class LocatedPlace:
    """A resolved place mention: offsets into the searched string."""

    place: Place
    start: int
    end: int
    surface: str
    geo_precision: int


def _located(gazetteer: Gazetteer, mention: PlaceMention, country: str | None) -> LocatedPlace | None:
    place = gazetteer.resolve(mention, country)
    if place is None:
        return None
    precision = max(mention.precision_hint, _PRECISION_BY_KIND.get(place.kind, 1))
    # ``surface`` drops the attached preposition («بدير الزور» → «دير الزور»); point the span at it.
    offset = mention.text.find(mention.surface)
    surface_start = mention.start + max(offset, 0)
    surface_end = surface_start + len(mention.surface) if offset >= 0 else mention.end
    return LocatedPlace(place, surface_start, surface_end, mention.surface, precision)


def resolve_places(gazetteer: Gazetteer, text: str, country: str | None) -> list[LocatedPlace]:
    """Every place of ``text`` the gazetteer resolves, in text order."""
    located = (_located(gazetteer, mention, country) for mention in gazetteer.find(text))
    return [place for place in located if place is not None]


def article_country(places: list[LocatedPlace], country_mentions: list[str]) -> str | None:
    """The country the article is mostly about: named places first, then country names."""
    votes: Counter[str] = Counter()
    for located in places:
        votes[located.place.country] += 2 if located.place.kind != "country" else 1
    votes.update(country_mentions)
    return votes.most_common(1)[0][0] if votes else None


def incident_places(text: str, places: list[LocatedPlace], trigger_start: int) -> list[LocatedPlace]:
    """The place(s) of the incident whose trigger is at ``trigger_start`` in ``text``.

    The most specific place after the trigger wins (Arabic puts the place after
    the verb or noun of the incident), else the nearest before it.  A list of
    towns joined by «و»/«،» gives every town (GUIDE: two named towns, two events).
    An admin unit that contains the chosen town is context, not another place.
    """
    if not places:
        return []
    after = [p for p in places if p.start >= trigger_start]
    before = [p for p in places if p.start < trigger_start]
    pool = after or list(reversed(before))
    specific = [p for p in pool if p.place.kind == "place"] or [p for p in pool if p.place.kind != "country"]
    if not specific:
        return pool[:1]
    first = specific[0]
    chosen = [first]
    for candidate in places:
        if candidate.start <= chosen[-1].start or candidate.place.kind != first.place.kind:
            continue
        if not _LIST_GAP_RE.match(text[chosen[-1].end : candidate.start]):
            break
        if candidate.place.name != chosen[-1].place.name:
            chosen.append(candidate)
    return chosen
