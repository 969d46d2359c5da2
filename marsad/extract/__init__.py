"""Events from an article: the rule-and-lexicon engine over the text layer.

``extract_events(article)`` finds incident mentions in the title and body
(:mod:`.incidents`), places them (:mod:`.places`), binds the sides
(:mod:`.roles`) and casualty figures (:mod:`.casualties`), resolves their dates
(:mod:`.dates`) and groups them into GUIDE events (:mod:`.assemble`).
``article_result`` is the JSON object ``marsad extract`` prints per article.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from marsad.extract.assemble import (
    Located,
    build_event,
    fill_air_strikers,
    group_mentions,
    is_anchored,
    named_strikers,
    recode,
)
from marsad.extract.incidents import Mention, PlaceSpans, find_mentions
from marsad.extract.lexicon import Lexicon, load_lexicon
from marsad.extract.places import (
    REFERENCE_CUES,
    ArticlePlaces,
    LocatedPlace,
    article_places,
    incident_places,
)
from marsad.extract.roles import Side, assign_roles, find_sides
from marsad.model import Article, Event, Place, SpanField
from marsad.text import Normalized, normalize
from marsad.text.sentences import sentences

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
    antecedent: LocatedPlace | None = None,
) -> list[Located]:
    """The mention once per place it names (a list of towns gives several), with its sides.

    ``places`` are the sentence's resolved places, offsets into the sentence;
    ``antecedent`` (offsets into the field string) is the town the mention's clause
    refers back to («المدينة»), its place when the sentence names none.
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
        return [Located(mention, antecedent, agent, target, event_type, sub_event_type)]
    parts = len(chosen)
    return [
        Located(mention, _shift_place(place, start), agent, target, event_type, sub_event_type, (i, parts))
        for i, place in enumerate(chosen)
    ]


#: Place kinds that a following sentence may narrow to one of their towns.
_COARSE_KINDS = frozenset({"admin1", "region"})


def _coarse(place: Place, members: list[Located]) -> bool:
    """Whether the group's place is a province or region, or a town written only as the
    reference point of the scene («غارة قرب مدينة X», «بريف X»): either may be narrowed."""
    if place.kind in _COARSE_KINDS:
        return True
    placed = [m.place for m in members if m.place is not None and m.place.place is place]
    return place.kind == "place" and bool(placed) and all(p.cue_class in REFERENCE_CUES for p in placed)


def _narrowed(
    place: Place | None,
    members: list[Located],
    places: ArticlePlaces,
    next_sentence: Callable[[Mention], tuple[int, int] | None],
) -> tuple[Place | None, list[Located]]:
    """«قتل 11 مسلحا في تبادل لإطلاق النار في شمال سيناء» then, with no incident word of
    its own, «وكان المسلحون مختبئين بحي X بمدينة Y»: the next sentence tells where in the
    province the incident happened (GUIDE §2: the most specific named place).  So does
    «أصابت الطائرات سيارة قرب قرية X» after «غارة قرب مدينة Y»: the village, not the
    reference town; a town as large as the reference («شرق مدينة Z») is a landmark too.

    ``next_sentence`` gives the range of the text sentence after a mention's when that one
    reports no incident of its own, else None.
    """
    if place is None or place.admin1 is None or not _coarse(place, members):
        return place, members
    wide = place.kind in _COARSE_KINDS
    for index, member in enumerate(members):
        if member.mention.field != "text" or member.place is None or member.place.place is not place:
            continue
        following = next_sentence(member.mention)
        if following is None:
            continue
        start, end = following
        town = next(
            (
                p
                for p in places.by_field["text"]
                if start <= p.start
                and p.end <= end
                and p.place.kind == "place"
                and p.place.name != place.name
                and (wide or p.place.population < place.population)
                and p.place.country == place.country
                and p.place.admin1 == place.admin1
            ),
            None,
        )
        if town is not None:
            narrowed = [*members]
            narrowed[index] = replace(member, place=town)
            return town.place, narrowed
    return place, members


#: A first line of the body this short is a dateline («عمان 3 رمضان 1437 هـ (بترا)»).
DATELINE_MAX_CHARS = 80


def _sole_province(places: ArticlePlaces, text: str) -> LocatedPlace | None:
    """The province the body names when it names no other place below its country (the
    province itself, or one town of it and nothing else), else None.  The place of a
    dateline is where the report was filed, not a place of the story."""
    first_line = text.find("\n")
    dateline_end = first_line if 0 <= first_line <= DATELINE_MAX_CHARS else 0
    below = [p for p in places.by_field["text"] if p.place.kind != "country" and p.start >= dateline_end]
    if not below or len({p.place.admin1 for p in below}) != 1 or below[0].place.admin1 is None:
        return None
    province = next((p for p in below if p.place.kind == "admin1"), None)
    if province is not None:
        return province
    return below[0] if len({p.place.name for p in below}) == 1 else None


def _placed_by_the_article(
    group: tuple[Place | None, list[Located], str], places: ArticlePlaces, text: str
) -> tuple[Place | None, list[Located], str]:
    """«وأعلن الجيش أن طائراته قصفت في 7 فبراير رتلا للمسلحين ...» with no place in any of the
    incident's sentences, in an article whose body names one province only (or one town
    of it): the incident is there (GUIDE §2: the region when only a region is named).
    Only for a group dated to its day, with a toll or an unambiguous incident word and
    an armed side, so that a passing or figurative mention («هاجم اللاعب ... الأحد ...
    ضحية») stays unplaced."""
    place, members, event_type = group
    if place is not None and place.kind != "country":
        return group
    if not any(m.mention.figures or m.mention.trigger.anchors for m in members):
        return group
    sides = (s for m in members for s in (m.agent, m.target) if s is not None)
    if not any(not s.name.startswith(("Civilians", "Protesters", "Rioters")) for s in sides):
        return group
    dated = next((m for m in members if m.mention.field == "text" and m.mention.date is not None), None)
    if dated is None or dated.mention.date.time_precision != 1:
        return group
    province = _sole_province(places, text)
    if province is None or (place is not None and province.place.country != place.country):
        return group
    placed = [replace(m, place=province) if m is dated else m for m in members]
    return province.place, placed, event_type


#: «اشتباكات عند أطراف المدينة», «طوقوا القرية»: a town named only by its kind (the stem).
_ANAPHORIC_TOWN_RE = re.compile(r"(?<!\w)[وفبل]?(?:ال|لل)(?P<kind>مدين|بلد|قري)[ةه](?!\w)")


def _antecedent(places: ArticlePlaces, mention: Mention, text: str) -> LocatedPlace | None:
    """The town that «المدينة», «البلدة» or «القرية» in the mention's clause refers back to:
    the last town the body named before the mention's sentence with that word («مدينة
    عفرين»), so not a village of a list nor the province (GUIDE §2: the place is the
    incident's even when a later sentence only points back at it)."""
    if mention.field != "text":
        return None
    anaphor = _ANAPHORIC_TOWN_RE.search(text, mention.clause_start, mention.clause_end)
    if anaphor is None:
        return None
    named = re.compile(rf"{anaphor['kind']}[ةه]\s+$")
    return next(
        (
            p
            for p in reversed(places.by_field["text"])
            if p.end <= mention.sentence_start
            and p.place.kind == "place"
            and named.search(text, max(0, p.start - 8), p.start) is not None
        ),
        None,
    )


def _goes_on_recalling(item: Located, places: ArticlePlaces, stale: list[tuple[int, int]]) -> bool:
    """«قضت محكمة ... في قضية تفجير كنيستين في طنطا والإسكندرية العام الماضي» and then,
    undated, «استهدف تفجير كنيسة في مدينة طنطا ...»: a body sentence with no date of its
    own at a town an earlier background sentence (``stale``) named tells more of that old
    incident (GUIDE §1: background is not coded).
    """
    mention = item.mention
    if mention.field != "text" or mention.date is not None or item.place is None:
        return False
    town = item.place.place
    if town.kind == "country":
        return False
    return any(
        end <= mention.sentence_start and any(p.place == town for p in places.within("text", start, end))
        for start, end in stale
    )


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
    stale: list[tuple[int, int]] = []
    # The body's triggers and bomber words in one pass over it.
    in_text = lexicon.text_set.find(sources["text"])
    mentions += find_mentions(
        sources["text"],
        "text",
        published,
        lexicon,
        first_order=1,
        places=place_spans("text"),
        stale=stale,
        triggers=in_text["triggers"],
    )
    if not mentions:
        return []
    places = article_places_once()
    located: list[Located] = []
    for mention in mentions:
        in_sentence = places.within(mention.field, mention.sentence_start, mention.sentence_end)
        antecedent = _antecedent(places, mention, article.text)
        located += _locate(article, mention, actors, lexicon, places.country, in_sentence, antecedent)
    located = [item for item in located if not _goes_on_recalling(item, places, stale)]
    country = places.country
    bombers = max((m.value for m in in_text["bombers"]), default=0)
    # Text sentences are numbered from 1 (``first_order``); the title is order 0.
    reporting_orders = {m.order for m in mentions if m.field == "text"}
    text_sentences: list[list[tuple[int, int]]] = []  # split once, on first need

    def untriggered_next(mention: Mention) -> tuple[int, int] | None:
        if mention.order + 1 in reporting_orders:
            return None
        if not text_sentences:
            text_sentences.append(sentences(article.text))
        ranges = text_sentences[0]
        return ranges[mention.order] if mention.order < len(ranges) else None

    events = [
        build_event(
            article, *_narrowed(place, members, places, untriggered_next), country, bombers, event_type
        )
        for place, members, event_type in (
            _placed_by_the_article(group, places, article.text) for group in group_mentions(located, article)
        )
        if is_anchored(place, members)
    ]
    coded = [event for event in events if event is not None]
    fill_air_strikers(coded, named_strikers(located))
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
