"""The place an incident mention belongs to, via the gazetteer (GUIDE §2 location fields).

Places are found once per article string.  Many Arabic place names are also
common words or the names of far-away namesakes («العمال», «البلاد», «الخبر»), so
a place counts only in a country the article itself points to: a country it
names, the country of a side it names, or a place written with a strong cue
(«مدينة», «محافظة»...).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from marsad.model import Place, SpanField

if TYPE_CHECKING:
    from marsad.geo import Gazetteer, PlaceMention

#: What may stand between the towns of one list («سقبا وحمورية، وكفربطنا»): each is its own event.
_LIST_GAP_RE = re.compile(
    r"^[\s،,و]*(?:(?:و?(?:بلدة|بلدات|مدينة|مدن|قرية|قرى|حي|أحياء|منطقة|مناطق|مديرية|مديريات))\s*)?$"
)

#: GUIDE geo_precision by gazetteer kind when the mention itself gives no hint.
_PRECISION_BY_KIND = {"place": 1, "region": 3, "admin1": 3, "country": 3}
#: Cue classes of the gazetteer that say a real place is meant whatever its country.
_STRONG_CUES = frozenset({"town", "area", "admin"})
#: Vote weights: a named country outweighs one place, which outweighs a named side.
_COUNTRY_VOTE, _PLACE_VOTE, _SIDE_VOTE = 3, 2, 1


@dataclass(frozen=True, slots=True)
class LocatedPlace:
    """A resolved place mention: offsets into the searched string."""

    place: Place
    start: int
    end: int
    surface: str
    geo_precision: int


@dataclass(frozen=True, slots=True)
class ArticlePlaces:
    """The resolved places of an article's title and text, and the country it is mostly about."""

    country: str | None
    countries: frozenset[str]  # every country the article points to
    by_field: dict[SpanField, list[LocatedPlace]]

    def within(self, span_field: SpanField, start: int, end: int) -> list[LocatedPlace]:
        """The places of ``[start, end)`` of ``span_field``, offsets shifted to ``start``."""
        return [
            replace(p, start=p.start - start, end=p.end - start)
            for p in self.by_field[span_field]
            if start <= p.start and p.end <= end
        ]


def _located(place: Place, mention: PlaceMention) -> LocatedPlace:
    precision = max(mention.precision_hint, _PRECISION_BY_KIND.get(place.kind, 1))
    # ``surface`` drops the attached preposition («بدير الزور» → «دير الزور»); point the span at it.
    offset = mention.text.find(mention.surface)
    surface_start = mention.start + max(offset, 0)
    surface_end = surface_start + len(mention.surface) if offset >= 0 else mention.end
    return LocatedPlace(place, surface_start, surface_end, mention.surface, precision)


def article_places(
    gazetteer: Gazetteer, sources: dict[SpanField, str], side_countries: Counter[str]
) -> ArticlePlaces:
    """Every trusted place of the article strings in ``sources`` (see module docstring).

    ``side_countries`` counts the home countries of the sides the article names.
    """
    found = {span_field: gazetteer.find(text) for span_field, text in sources.items()}
    votes: Counter[str] = Counter({c: n * _SIDE_VOTE for c, n in side_countries.items()})
    trusted: set[str] = set(side_countries)
    for mentions in found.values():
        for mention in mentions:
            top = gazetteer.resolve(mention)
            if top is None:
                continue
            if top.kind == "country":
                votes[top.country] += _COUNTRY_VOTE
                trusted.add(top.country)
            elif mention.cue_class in _STRONG_CUES:
                votes[top.country] += _PLACE_VOTE
                trusted.add(top.country)
    if not trusted:
        # Nothing named a country: fall back to the places themselves, the most named first.
        for mentions in found.values():
            for mention in mentions:
                if (top := gazetteer.resolve(mention)) is not None:
                    votes[top.country] += _PLACE_VOTE
        trusted = {votes.most_common(1)[0][0]} if votes else set()
    ranked = [c for c, _ in votes.most_common() if c in trusted]
    by_field: dict[SpanField, list[LocatedPlace]] = {}
    for span_field, mentions in found.items():
        located: list[LocatedPlace] = []
        for mention in mentions:
            place = _resolve_in(gazetteer, mention, ranked)
            if place is not None:
                votes[place.country] += _PLACE_VOTE if place.kind != "country" else 0
                located.append(_located(place, mention))
        by_field[span_field] = located
    country = next((c for c, _ in votes.most_common() if c in trusted), None)
    return ArticlePlaces(country, frozenset(trusted), by_field)


def _resolve_in(gazetteer: Gazetteer, mention: PlaceMention, countries: list[str]) -> Place | None:
    """The mention's place in the first of ``countries`` (by article votes) that has one."""
    for country in countries:
        place = gazetteer.resolve(mention, country)
        if place is not None and place.country == country:
            return place
    return None


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
