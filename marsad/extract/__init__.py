"""Events from an article: the rule-and-lexicon engine over the text layer.

``extract_events(article)`` finds incident mentions in the title and body
(:mod:`.incidents`), places them (:mod:`.places`), binds the sides
(:mod:`.roles`) and casualty figures (:mod:`.casualties`), resolves their dates
(:mod:`.dates`) and groups them into GUIDE events (:mod:`.assemble`).
``article_result`` is the JSON object ``marsad extract`` prints per article.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from marsad.extract.assemble import (
    Located,
    build_event,
    fill_air_strikers,
    group_mentions,
    is_anchored,
    recode,
)
from marsad.extract.incidents import Mention, PlaceSpans, find_mentions
from marsad.extract.lexicon import Lexicon, load_lexicon
from marsad.extract.places import ArticlePlaces, LocatedPlace, article_places, incident_places
from marsad.extract.roles import Side, assign_roles, find_sides
from marsad.model import Article, Event, SpanField
from marsad.text import Normalized, normalize

if TYPE_CHECKING:
    from marsad.extract.actors import ActorLexicon
    from marsad.geo import Gazetteer

__all__ = ["article_result", "extract_events"]


def _shift_place(place: LocatedPlace, offset: int) -> LocatedPlace:
    return replace(place, start=place.start + offset, end=place.end + offset)


def _shift_side(side: Side | None, offset: int) -> Side | None:
    return None if side is None else replace(side, start=side.start + offset, end=side.end + offset)


def _locate(
    article: Article,
    mention: Mention,
    actors: ActorLexicon,
    lexicon: Lexicon,
    country: str | None,
    places: list[LocatedPlace],
) -> list[Located]:
    """The mention once per place it names (a list of towns gives several), with its sides.

    ``places`` are the sentence's resolved places, offsets into the sentence.
    """
    start = mention.sentence_start
    sentence = article.source_of(mention.field)[start : mention.sentence_end]
    sides = find_sides(sentence, actors, lexicon.cues["target_markers"], country)
    trigger_start, trigger_end = mention.trigger_start - start, mention.trigger_end - start
    agent, target = assign_roles(sides, trigger_start, trigger_end)
    if mention.trigger.weak and not mention.figures and agent is None and target is None:
        return []  # a bare «هجوم» with no side and no toll is too often figurative
    event_type, sub_event_type = recode(mention, agent, target)
    agent, target = _shift_side(agent, start), _shift_side(target, start)
    clause_start, clause_end = mention.clause_start - start, mention.clause_end - start
    own = [p for p in places if clause_start <= p.start < clause_end]
    chosen = incident_places(sentence, own, trigger_start)
    if not chosen:
        return [Located(mention, None, agent, target, event_type, sub_event_type)]
    parts = len(chosen)
    return [
        Located(mention, _shift_place(place, start), agent, target, event_type, sub_event_type, (i, parts))
        for i, place in enumerate(chosen)
    ]


def extract_events(article: Article, gazetteer: Gazetteer | None = None) -> list[Event]:
    """The conflict events ``article`` reports, coded per GUIDE.md, each field backed by a span.

    An article without a publication date yields no events: GUIDE dates and the
    30-day rule are relative to it.
    """
    published = article.published.value
    if published is None:
        return []
    lexicon = load_lexicon()
    # Imported here: the gazetteer and actor lexicon are only needed once a trigger was seen.
    from marsad.extract.actors import load_actors
    from marsad.geo import Gazetteer

    actors = load_actors()
    # Normalised once for every matcher that reads the whole title or text.
    sources: dict[SpanField, Normalized] = {
        "title": normalize(article.title),
        "text": normalize(article.text),
    }
    resolved: list[ArticlePlaces] = []  # the article's places, found once on first need

    def article_places_once() -> ArticlePlaces:
        if not resolved:
            side_countries: Counter[str] = Counter(
                m.actor.country
                for source in sources.values()
                for m in actors.find(source)
                if m.actor is not None and m.actor.country
            )
            resolved.append(article_places(gazetteer or Gazetteer.load(), sources, side_countries))
        return resolved[0]

    def place_spans(span_field: SpanField) -> PlaceSpans:
        def spans(start: int, end: int) -> list[tuple[int, int]]:
            return [
                (p.start + start, p.end + start)
                for p in article_places_once().within(span_field, start, end)
                if p.place.kind != "country"
            ]

        return spans

    mentions = find_mentions(sources["title"], "title", published, lexicon, places=place_spans("title"))
    mentions += find_mentions(
        sources["text"], "text", published, lexicon, first_order=1, places=place_spans("text")
    )
    if not mentions:
        return []
    places = article_places_once()
    located: list[Located] = []
    for mention in mentions:
        in_sentence = places.within(mention.field, mention.sentence_start, mention.sentence_end)
        located += _locate(article, mention, actors, lexicon, places.country, in_sentence)
    country = places.country
    bombers = max((m.value for m in lexicon.bombers.find(sources["text"])), default=0)
    events = [
        build_event(article, place, members, country, bombers, event_type)
        for place, members, event_type in group_mentions(located, article)
        if is_anchored(place, members)
    ]
    coded = [event for event in events if event is not None]
    fill_air_strikers(coded)
    return coded


def article_result(article: Article, events: list[Event]) -> dict[str, Any]:
    """The ``marsad extract`` JSON object of one article and its events."""
    published = article.published
    return {
        "id": article.id,
        "title": article.title,
        "published": published.value.isoformat() if published.value else None,
        "published_precision": published.precision.value,
        "published_reason": published.reason,
        "published_candidates": [d.isoformat() for d in published.candidates],
        "url": article.url,
        "source": article.source,
        "text": article.text,
        "events": [event.to_dict() for event in events],
    }
