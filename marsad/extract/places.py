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
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from marsad.model import Place, SpanField, distance_km
from marsad.text import Normalized, normalize_key

if TYPE_CHECKING:
    from marsad.geo import Gazetteer, PlaceMention

#: What may stand between the towns of one list («سقبا وحمورية، وكفربطنا»): each is its own event.
_LIST_GAP_RE = re.compile(
    r"^[\s،,و]*(?:(?:و?(?:بلدة|بلدات|مدينة|مدن|قرية|قرى|حي|أحياء|منطقة|مناطق|مديرية|مديريات|ضاحية))\s*)?$"
)

#: Words before a place name that make it a government or a patron, not a scene:
#: «الفصائل الموالية لأنقرة», «مقاتلين مؤيدين لدمشق», «المدعومين من واشنطن»,
#: «بحسب أنقرة», «قوات موالية لسلطات دمشق»; the post of a reporter, «مراسلنا في
#: دمشق»; an office that gives the toll, «مديرية صحة حلب»; or the body a spokesman
#: speaks for, «متحدث باسم شرطة البنجاب».  Matched against the text
#: just before the mention (which begins with any attached preposition).
_ALLEGIANCE_RE = re.compile(
    r"(?:(?:موال[يوين]*[ةه]?|مؤيد(?:ين|ون|ة|ه)?|(?:ال)?مدعوم(?:ين|ون|ة|ه)?\s+من|"
    r"بحسب|حسب|وفق|وفقا|نقلا\s+عن)"
    r"\s+(?:(?:ل|من\s+)?(?:سلطات|حكومة|نظام|حكومتي)\s+)?"
    r"|(?:ال)?مراسل(?:نا|ه|ها|ة|و|ي|ين)?\s+(?:\S+\s+){0,3}(?:في|ب)\s*"
    r"|(?:مديرية|دائرة|قيادة|مكتب)\s+(?:ال)?(?:صحة|شرطة|أمن|إعلام)\s+"
    r"|(?:ال)?(?:متحدث|ناطق)\s+(?:رسمي\s+)?باسم\s+(?:\S+\s+){0,2})$"
)
_ALLEGIANCE_REACH = 40
#: A word every branch of _ALLEGIANCE_RE holds: text with none of them cannot match it.
_ALLEGIANCE_STEMS = (
    "موال", "مؤيد", "مدعوم", "حسب", "وفق", "نقلا", "مراسل",
    "مديرية", "دائرة", "قيادة", "مكتب", "متحدث", "ناطق",
)  # fmt: skip

#: «معركة أطلقت عليها اسم «فتح حلب»», «عملية باسم "درع الفرات"»: a place in the name an
#: operation is given, not a scene.  Matched against the text just before the mention.
_OPERATION_NAME_RE = re.compile(r"(?<!\w)(?:ال)?(?:اسم|باسم|مسمى|تسمية)\s*[«\"“']\s*(?:\S+\s+){0,2}$")
#: The opening quotes _OPERATION_NAME_RE needs.
_OPERATION_QUOTES = "«\"“'"

#: GUIDE geo_precision by gazetteer kind when the mention itself gives no hint.
_PRECISION_BY_KIND = {"place": 1, "region": 3, "admin1": 3, "country": 3}
#: Cue classes of the gazetteer that say a real place is meant whatever its country.
_STRONG_CUES = frozenset({"town", "area", "admin"})
#: Cue classes of a town named only as a reference point («شمال شرقي بعقوبة», «بريف حلب»).
REFERENCE_CUES = frozenset({"near", "countryside"})
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
    cue_class: str | None = None  # the gazetteer's cue class of the mention («قرية» town, «قرب» near)


@dataclass(frozen=True, slots=True)
class ArticlePlaces:
    """The resolved places of an article's title and text, and the country it is mostly about."""

    country: str | None
    countries: frozenset[str]  # every country the article points to
    by_field: dict[SpanField, list[LocatedPlace]]

    def within(self, span_field: SpanField, start: int, end: int) -> list[LocatedPlace]:
        """The places of ``[start, end)`` of ``span_field``, offsets shifted to ``start``."""
        # Built directly: dataclasses.replace is several times slower, and this runs per sentence.
        return [
            LocatedPlace(p.place, p.start - start, p.end - start, p.surface, p.geo_precision, p.cue_class)
            for p in self.by_field[span_field]
            if start <= p.start and p.end <= end
        ]


def _located(place: Place, mention: PlaceMention) -> LocatedPlace:
    precision = max(mention.precision_hint, _PRECISION_BY_KIND.get(place.kind, 1))
    # ``surface`` drops the attached preposition («بدير الزور» → «دير الزور»); point the span at it.
    offset = mention.text.find(mention.surface)
    surface_start = mention.start + max(offset, 0)
    surface_end = surface_start + len(mention.surface) if offset >= 0 else mention.end
    return LocatedPlace(place, surface_start, surface_end, mention.surface, precision, mention.cue_class)


def _allegiance(text: str, mention: PlaceMention) -> bool:
    """Whether ``mention`` names whom a side serves or quotes, or an operation, not where
    something happened."""
    offset = mention.text.find(mention.surface)
    start = mention.start + max(offset, 0)
    before = text[max(0, start - _ALLEGIANCE_REACH) : start]
    # An attached «ل» («لأنقرة») belongs to the allegiance phrase: read the words before it.
    if before.endswith("ل") and offset > 0:
        before = before[:-1] + " "
    # The regexes are tried at every position of ``before``: a cheap look for the words and
    # quotes they need comes first.
    if any(stem in before for stem in _ALLEGIANCE_STEMS) and _ALLEGIANCE_RE.search(before) is not None:
        return True
    return any(q in before for q in _OPERATION_QUOTES) and _OPERATION_NAME_RE.search(before) is not None


def article_places(
    gazetteer: Gazetteer, sources: Mapping[SpanField, str | Normalized], side_countries: Counter[str]
) -> ArticlePlaces:
    """Every trusted place of the article strings in ``sources`` (see module docstring);
    each may be given as its :func:`~marsad.text.normalize`, offsets stay original.

    ``side_countries`` counts the home countries of the sides the article names.
    """
    found = {
        span_field: [m for m in gazetteer.find(source) if not _allegiance(_original(source), m)]
        for span_field, source in sources.items()
    }
    votes: Counter[str] = Counter({c: n * _SIDE_VOTE for c, n in side_countries.items()})
    trusted: set[str] = set(side_countries)
    for mentions in found.values():
        for mention in mentions:
            top = gazetteer.resolve(mention)
            if top is None:
                continue
            if top.kind == "country" or _names_its_country(gazetteer, top, mention):
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
        resolved = [(m, p) for m in mentions if (p := _resolve_in(gazetteer, m, ranked)) is not None]
        resolved = _anchor_to_next(gazetteer, _original(sources[span_field]), resolved)
        resolved = _without_far_neighbourhoods(resolved)
        for _, place in resolved:
            votes[place.country] += _PLACE_VOTE if place.kind != "country" else 0
        by_field[span_field] = [_located(place, mention) for mention, place in resolved]
    country = next((c for c, _ in votes.most_common() if c in trusted), None)
    return ArticlePlaces(country, frozenset(trusted), by_field)


def _names_its_country(gazetteer: Gazetteer, place: Place, mention: PlaceMention) -> bool:
    """Whether a region is written with its country's name («شمال العراق», «شرق سوريا»):
    such a mention names the country as plainly as the country's own name does."""
    if place.kind != "region":
        return False
    surface = normalize_key(mention.surface)
    return any(
        english == place.country and normalize_key(arabic) in surface
        for arabic, english in gazetteer.country_names().items()
    )


def _original(source: str | Normalized) -> str:
    return source.original if isinstance(source, Normalized) else source


#: What may stand between a place and the town it is located by («حي X الثانية غربي Y»,
#: «X في محافظة Y», «X بريف Y»): a word or two, then the cue of the second mention.
_ANCHOR_GAP = 30


def _anchor_to_next(
    gazetteer: Gazetteer, text: str, resolved: list[tuple[PlaceMention, Place]]
) -> list[tuple[PlaceMention, Place]]:
    """A place located by the next one («حي اليرموك غربي بعقوبة», «قرية X بريف Y») is
    re-resolved in the anchor's province when it has a namesake there; one left in
    another country is a neighbourhood or village the gazetteer lacks whose name a
    far-away town shares: it is dropped, so the event falls back to the anchor town."""
    kept: list[tuple[PlaceMention, Place]] = []
    for index, (mention, place) in enumerate(resolved):
        anchor = resolved[index + 1] if index + 1 < len(resolved) else None
        gap = text[mention.end : anchor[0].start] if anchor is not None else ""
        if (
            anchor is not None
            and place.kind == "place"
            and anchor[1].kind in ("place", "admin1")
            and _locates(anchor[0].cue_class, gap)
            and len(gap) <= _ANCHOR_GAP
            and place.admin1 != anchor[1].admin1
        ):
            local = gazetteer.resolve(mention, anchor[1].country, anchor[1].admin1)
            if local is not None and (local.country, local.admin1) == (anchor[1].country, anchor[1].admin1):
                place = local
            elif place.country != anchor[1].country:
                continue
            elif (
                anchor[1].kind == "place"
                and not any(c.isdigit() for c in gap)
                and mention.cue_class not in REFERENCE_CUES
            ):
                # A suburb across a province line («جرمانا شرقي دمشق») keeps its own place;
                # a namesake far off in another province («حي الروضة وسط مدينة تعز» read as a
                # Sanaa district) is a neighbourhood the gazetteer lacks: the anchor town stands.
                # A town itself named as a landmark («جنوب غربي كركوك شمالي بغداد») is no
                # neighbourhood: it is that town, however far the next landmark.
                far = distance_km(place, anchor[1])
                if far is not None and far > _ANCHOR_KM:
                    continue
        kept.append((mention, place))
    return kept


#: How far (km) a place may lie from the town it is located by and still be that place.
_ANCHOR_KM = 60
_SENTENCE_BREAK_RE = re.compile(r"[.!?؟\n]")
#: Cue words of a neighbourhood (lexicon key form), and how far (characters) the city
#: it belongs to may be named from it.
_NEIGHBOURHOOD_CUES = frozenset({"حي", "احياء", "حيي"})
_NEIGHBOURHOOD_REACH = 200


def _without_far_neighbourhoods(
    resolved: list[tuple[PlaceMention, Place]],
) -> list[tuple[PlaceMention, Place]]:
    """A neighbourhood («حي X») lies in a city the text names close by («مصادر في مدينة Y
    ... على حي X»); when its gazetteer namesake is far from every such town of its
    country, the gazetteer lacks the neighbourhood: it is dropped, and the event falls
    back to the city."""
    kept: list[tuple[PlaceMention, Place]] = []
    for mention, place in resolved:
        cue = normalize_key(mention.cue.split()[-1]) if mention.cue else ""
        if cue[:1] in ("ب", "و", "ف") and cue[1:] in _NEIGHBOURHOOD_CUES:
            cue = cue[1:]  # «بحي», «وحي»
        if place.kind == "place" and cue in _NEIGHBOURHOOD_CUES:
            towns = [
                other
                for other_mention, other in resolved
                if other.kind == "place"
                and other.country == place.country
                and other.name != place.name
                and abs(other_mention.start - mention.start) <= _NEIGHBOURHOOD_REACH
            ]
            distances = [distance_km(place, town) for town in towns]
            if distances and all(d is not None and d > _ANCHOR_KM for d in distances):
                continue
        kept.append((mention, place))
    return kept


def _locates(anchor_cue: str | None, gap: str) -> bool:
    """Whether a mention with ``anchor_cue`` after ``gap`` says where the one before it lies:
    «بريف Y», «قرب Y», «في محافظة Y», or «وسط مدينة Y» — but not the next town of a list
    («بلدة X ومدينة Y») nor a town of the next sentence."""
    if _SENTENCE_BREAK_RE.search(gap):
        return False
    if anchor_cue in ("near", "countryside", "in", "admin"):
        return True
    return anchor_cue == "town" and _LIST_GAP_RE.match(gap) is None


def _resolve_in(gazetteer: Gazetteer, mention: PlaceMention, countries: list[str]) -> Place | None:
    """The mention's place in the first of ``countries`` (by article votes) that has one."""
    for country in countries:
        place = gazetteer.resolve(mention, country)
        if place is not None and place.country == country:
            return place
    return None


#: «على بعد 7 كلم شرق ديورا»: a distance and a direction just before a place.
_DISTANCE_RE = re.compile(
    r"(\d+)\s*(?:كم|كلم|كيلومترا|كيلومترات|كيلومتر|كيلو متر|كيلو مترا)\s+(?:إلى\s+ال|الى\s+ال)?"
    r"(?:شمال|جنوب|شرق|غرب)\S*(?:\s+(?:شرق|غرب)\S*)?\s*(?:العاصمة\s+|مدينة\s+|بلدة\s+|قرية\s+)?$"
)
#: How far (characters) after the first place following a trigger a more specific place
#: may still name the same scene.
SCENE_REACH = 80

#: A place this close (km) to the scene names it, «near» (GUIDE geo_precision 2); a
#: farther one is only a landmark to measure from.
NEAR_KM = 30


#: «خارج (العاصمة|مدينة) X» just before a place: the scene is outside it.
_OUTSIDE_RE = re.compile(r"(?<!\w)خارج\s+(?:ال\S+\s+){0,2}$")
#: «أطلقت من (منطقة) X», «انطلق القصف من مدينة X», «عادت إلى قاعدة X»: X is where the fire
#: came from or the aircraft's base, not where it fell.
_LAUNCHED_FROM_RE = re.compile(
    r"(?<!\w)(?:[وف]?(?:أطلق|انطلق|اطلق)\S*\s+(?:\S+\s+){0,2}من\s+(?:\S+\s+)?"
    r"|(?:من|إلى|الى)\s+(?:ال)?قاعدة\s+(?:جوية\s+)?)$"
)


#: «غرب العاصمة مقديشو», «جنوب العاصمة الليبية طرابلس», «شمال شرقي بعقوبة»: a direction
#: (and the capital's title) just before a place.
_DIRECTION_RE = re.compile(
    r"(?<!\w)(?:شمال|جنوب|شرق|غرب)\S*(?:\s+(?:شرق|غرب)\S*)?\s+(?:(?:ال)?عاصمة\s+(?:ال\S+\s+)?)?$"
)


def _without_landmarks(
    text: str, pool: list[LocatedPlace], distances: dict[int, int | None]
) -> list[LocatedPlace]:
    """``pool`` without the towns written only as the direction in which a place named just
    before lies («قرب بلدة X ...، غرب العاصمة Y»): that place is the scene (GUIDE §2, the
    most specific place); a landmark alone, or first of a list («شرق X وY»), still stands."""
    landmarks = {
        p.start
        for p in pool
        if distances[p.start] is None and _DIRECTION_RE.search(text, max(0, p.start - 40), p.start)
    }
    if not landmarks:
        return pool
    return [
        p
        for p in pool
        if p.start not in landmarks
        or not any(
            q.place.kind == "place" and q.start not in landmarks and 0 < p.start - q.start <= SCENE_REACH
            for q in pool
        )
    ]


def _distance_before(text: str, place: LocatedPlace) -> int | None:
    """The kilometres written just before ``place`` («7 كلم شرق ديورا» → 7), or None."""
    found = _DISTANCE_RE.search(text, max(0, place.start - 50), place.start)
    return int(found.group(1)) if found else None


def incident_places(text: str, places: list[LocatedPlace], trigger_start: int) -> list[LocatedPlace]:
    """The place(s) of the incident whose trigger is at ``trigger_start`` in ``text``.

    The most specific place after the trigger wins (Arabic puts the place after
    the verb or noun of the incident), else the nearest before it.  A list of
    towns joined by «و»/«،» gives every town (GUIDE: two named towns, two events).
    An admin unit that contains the chosen town is context, not another place.
    A town a short distance from the scene («7 كلم شرق ديورا») is the scene's
    town; one far from it («118 كم غربي بغداد»), outside which it lies («خارج
    العاصمة دمشق») or from which the fire was launched («أطلقت من قطاع غزة») is no
    candidate.
    """
    if not places:
        return []
    distances = {p.start: _distance_before(text, p) for p in places}
    # «(118 كم غربي بغداد)», «خارج العاصمة دمشق»: a landmark only says where the scene lies from it.
    places = [
        p
        for p in places
        if (distances[p.start] or 0) <= NEAR_KM
        and not _OUTSIDE_RE.search(text, 0, p.start)
        and not _LAUNCHED_FROM_RE.search(text, max(0, p.start - 60), p.start)
    ]
    if not places:
        return []
    following = [p for p in places if p.start >= trigger_start]
    before = [p for p in places if p.start < trigger_start]
    # The place after the trigger and the ones refining it close by («بريف اللاذقية ... في
    # قرية بيت عوان»), not a city named far on in another statement of the sentence.
    after = [p for p in following if p.start - following[0].start <= SCENE_REACH]
    pool = _without_landmarks(text, after or list(reversed(before)), distances)
    specific = [p for p in pool if p.place.kind == "place"] or [p for p in pool if p.place.kind != "country"]
    if not specific:
        return pool[:1]
    first = specific[0]
    if first.cue_class in REFERENCE_CUES and distances[first.start] is None:
        # «معارك شمال شرقي بعقوبة ... قرى الهديدة والفسلوج»: the town the fighting is located
        # by gives way to the villages of its province that the sentence names as the scene.
        reference = first.place
        scenes = [p for p in following or specific if p.place.kind == "place" and p.cue_class in _STRONG_CUES]
        first = next((p for p in scenes if p.place.admin1 == reference.admin1), first)
    if not after:
        first = _scene_located_by(text, places, first)
        # «تعرضت مناطق X، وY، وZ، قذائف»: a list written before its trigger is the scene
        # from its first town, not only the last one nearest the trigger.
        for candidate in reversed(places):
            if candidate.start >= first.start or candidate.place.kind != first.place.kind:
                continue
            if not _LIST_GAP_RE.match(text[candidate.end : first.start]):
                break
            first = candidate
    chosen = [first]
    for candidate in places:
        if candidate.start <= chosen[-1].start or candidate.place.kind != first.place.kind:
            continue
        if not _joins_list(text, places, chosen[-1], candidate):
            break
        if candidate.place.name != chosen[-1].place.name:
            chosen.append(candidate)
    return chosen


def _scene_located_by(text: str, places: list[LocatedPlace], place: LocatedPlace) -> LocatedPlace:
    """The town that ``place`` locates, when it is written just before it («في حي X بحلب
    ، ضمن معركة»: the nearest place before the trigger is the city that says where X lies);
    GUIDE §2 codes the most specific place, as it does when both follow the trigger."""
    prior = next((p for p in reversed(places) if p.end <= place.start), None)
    if prior is None or prior.place.kind != "place" or prior.place.country != place.place.country:
        return place
    gap = text[prior.end : place.start]
    return prior if len(gap) <= _ANCHOR_GAP and _locates(place.cue_class, gap) else place


#: «X بإقليم A (شمال غرب) ومنطقة Y»: the province of a listed town, written before the
#: next town — the cue before the province, then an aside in brackets after it.
_PROVINCE_CUE_RE = re.compile(r"^\s*(?:في|ب)?\s*(?:ال)?(?:محافظة|ولاية|إقليم|اقليم|مقاطعة)\s*$")
_ASIDE_RE = re.compile(r"\s*(?:\([^()]{0,30}\))?")


def _joins_list(text: str, places: list[LocatedPlace], last: LocatedPlace, candidate: LocatedPlace) -> bool:
    """Whether ``candidate`` is the next town of the list that ``last`` ends, directly
    («X، وY») or after the province that holds ``last`` («X بإقليم A ومنطقة Y»)."""
    if _LIST_GAP_RE.match(text[last.end : candidate.start]):
        return True
    province = next((p for p in places if last.end <= p.start and p.end <= candidate.start), None)
    if province is None or province.place.kind == "place" or province.place.admin1 != last.place.admin1:
        return False
    if not _PROVINCE_CUE_RE.match(text[last.end : province.start]):
        return False
    aside = _ASIDE_RE.match(text, province.end)
    after = aside.end() if aside else province.end
    return after <= candidate.start and _LIST_GAP_RE.match(text[after : candidate.start]) is not None
