"""Grouping incident mentions into events (GUIDE §1: one type, one place, one day, one pair of sides).

Body mentions are taken in article order.  A mention joins an earlier group of
the same event type on a compatible day at a compatible place: the same town,
or a wider unit holding it («ريف إدلب» folds into «سراقب», and a group known
only by its province is refined by the first town named in it); two distinct
towns stay two events.  A mention that names no place continues the latest
group of its type (follow-up sentences rarely repeat the town).  A generic
trigger («الهجوم») usually points back at an incident already coded, so it
joins the latest compatible group of any type.  The title restates the lead
incident, so its mention joins a body group (one the body opens with a generic
word when no other fits) and stands alone only when the body codes nothing.  A
lead placed by a landmark town that a later report names as the landmark of its
own town («... جنوب غربي كركوك» then «قرية X جنوب غربي كركوك») joins that report.
Finally an attack and the fighting it leads to at one place on one day (strikes
repelling an assault) become one Battles event.  A mention
naming a list of towns becomes one event per town with its toll split evenly
(GUIDE §4), and so does a placeless report right after it; a toll stated over
several days («خلال اليومين الماضيين») becomes one event per day.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from marsad.camps import actor_camp, actor_family
from marsad.extract.casualties import Figure
from marsad.extract.dates import DateMention
from marsad.extract.incidents import Mention
from marsad.extract.located import Located, PeriodDay, span_of
from marsad.extract.roles import UNIDENTIFIED, Side
from marsad.extract.sides import STATE_PREFIXES, event_actors
from marsad.extract.tolls import event_toll, stated_period
from marsad.model import Article, Event, Place, Span
from marsad.text import normalize_key

_BATTLES, _EXPLOSIONS = "Battles", "Explosions/Remote violence"
_WEEK = timedelta(days=7)
_ARMED_CLASH = "Armed clash"


@dataclass(slots=True)
class _Group:
    event_type: str
    place: Place | None
    date: date | None
    members: list[Located] = field(default_factory=list)

    def sides(self) -> set[str]:
        return {s.name for m in self.members for s in (m.agent, m.target) if s is not None}


def recode(mention: Mention, agent: Side | None, target: Side | None) -> tuple[str, str]:
    """The trigger's (event_type, sub_event_type) after its sides are known.

    An attack on civilians is coded so («هجوم على سوق»), and so is one whose dead
    no word ties to an armed side («نفذت الجماعة هجوما أودى بحياة أربعة أشخاص»):
    GUIDE §5 makes such victims civilians.  Gunfire that hits an armed side named
    in its own clause («مقتل جندي برصاص مسلحين») is a clash; one that hits an armed
    side only in another clause («... في تطور بين الجيش وحركة حماس») is not.

    ``agent`` and ``target`` carry offsets into the mention's sentence.
    """
    trigger = mention.trigger
    # A side before the trigger that no word marks as hit is only the one left over,
    # often from the statement reporting the incident («أعلنت جماعة تدعم الجيش أن
    # مسلحين هاجموا قرية وقتلوا 20 شخصا»): it does not tie the dead to an armed side.
    deaths = [f for f in mention.figures if f.kind != "injury"]
    unnamed_dead = bool(deaths) and (target is None or _left_over_before(mention, target, deaths))
    if trigger.civilian_target_event_type and (unnamed_dead or (target is not None and target.civilian)):
        return trigger.civilian_target_event_type, trigger.civilian_target_sub_event_type or ""
    if trigger.armed_target_event_type and target is not None and _armed_side_in_clause(mention, target):
        return trigger.armed_target_event_type, trigger.armed_target_sub_event_type or ""
    if trigger.state_agent_sub_event_type and agent is not None and agent.name.startswith(STATE_PREFIXES):
        return trigger.event_type, trigger.state_agent_sub_event_type
    return trigger.event_type, trigger.sub_event_type


def _left_over_before(mention: Mention, side: Side, deaths: list[Figure]) -> bool:
    """Whether ``side`` (sentence offsets) stands before the trigger and the dead with no
    word giving it its part (:func:`~marsad.extract.roles.assign_roles` evidence 0); the
    dead counted before it («قتل 45 مسلحا مواليا للنظام جراء هجمات») are its own."""
    start = mention.sentence_start + side.start
    return (
        side.evidence == 0
        and side.role is None
        and mention.sentence_start + side.end <= mention.trigger_start
        and all(start < figure.start for figure in deaths)
    )


def _armed_side_in_clause(mention: Mention, side: Side) -> bool:
    """Whether ``side`` (sentence offsets) is an armed side that the mention's clause names
    as hit or standing unmarked, not one holding the place or reporting the incident."""
    start = mention.sentence_start + side.start
    return (
        not side.civilian
        and side.role not in ("bystander", "source")
        and mention.clause_start <= start < mention.clause_end
    )


def _contains(wide: Place, narrow: Place) -> bool:
    """Whether ``wide`` (a country, province or region) holds ``narrow``."""
    if wide.country != narrow.country or (narrow.kind == "country" and wide.kind != "country"):
        return False
    if wide.kind == "country" or (wide.kind == "region" and wide.admin1 is None):
        return True  # a country, or a region spanning provinces («شرق سوريا»)
    return wide.kind != "place" and wide.admin1 is not None and wide.admin1 == narrow.admin1


def place_fit(group_place: Place | None, place: Place | None) -> int:
    """How well a mention's place fits a group's: 3 same place, 2 one holds the other, 1 one unknown, 0 no."""
    if group_place is None or place is None:
        return 1
    if group_place.name == place.name and group_place.country == place.country:
        return 3
    if _contains(group_place, place) or _contains(place, group_place):
        return 2
    return 0


def _best_group(groups: list[_Group], item: Located, any_type: bool, earliest: bool = False) -> _Group | None:
    """The group ``item`` continues; ``earliest``: among equal fits the first (a title
    restates the lead incident), else the latest (a wider place resumes the last town)."""
    place = item.place.place if item.place else None
    best: tuple[int, int] | None = None
    chosen = None
    for index, group in enumerate(groups):
        if not any_type and group.event_type != item.event_type:
            continue
        if item.date is not None and group.date is not None and group.date != item.date:
            continue
        fit = place_fit(group.place, place)
        if fit == 0:
            continue
        # A placeless mention continues the latest group (a placeless title the first);
        # a placed one the best-fitting one.
        first = earliest or (place is not None and fit == 3)
        key = (0 if place is None else fit, -index if first else index)
        if best is None or key > best:
            best, chosen = key, group
    return chosen


def _add(group: _Group, item: Located) -> None:
    group.members.append(item)
    place = item.place.place if item.place else None
    if place is not None and (group.place is None or _contains(group.place, place)):
        group.place = place  # refine a province-level group by the town it names
    group.date = group.date or item.date


def _shared_follow_up(
    groups: list[_Group], target: _Group, item: Located
) -> list[tuple[_Group, tuple[int, int]]]:
    """The groups ``item`` joins, each with its share of ``item``'s toll.

    A placeless report right after a list of towns («غارات على الحصيبة والملاحمة
    والبوعلوان» then «كما أسفرت الغارات عن جرح 58») goes on about all of them: it
    joins each town's event, its toll divided like the list's (GUIDE §4).
    """
    listed = target.members[-1] if target.members else None
    if item.place is not None or listed is None or listed.toll_share[1] == 1:
        return [(target, item.toll_share)]
    shares = [
        (group, member.toll_share)
        for group in groups
        for member in group.members[-1:]
        if member.mention is listed.mention
    ]
    return shares if len(shares) == listed.toll_share[1] else [(target, item.toll_share)]


def _split_days(groups: list[_Group], article: Article) -> list[_Group]:
    """GUIDE §4: a toll over several days with no breakdown («خلال اليومين الماضيين») is
    one event per day, the toll divided evenly, the remainder to the first day.

    Only a group no word dates to one day is split; its members stand for each day in
    turn, earliest first, with their shares of the toll divided again by the days.
    """
    days: list[_Group] = []
    for group in groups:
        periods = (stated_period(article, m) for m in group.members if m.mention.field == "text")
        period = None if any(m.date for m in group.members) else next((p for p in periods if p), None)
        if period is None:
            days.append(group)
            continue
        for day in range(period.days):
            on_day = PeriodDay(period.days - day, period.start, period.end)
            members = [
                replace(
                    m,
                    toll_share=(m.toll_share[0] * period.days + day, m.toll_share[1] * period.days),
                    period_day=on_day,
                )
                for m in group.members
            ]
            days.append(_Group(group.event_type, group.place, group.date, members))
    return days


def group_mentions(
    located: list[Located], article: Article | None = None
) -> list[tuple[Place | None, list[Located], str]]:
    """Located mentions grouped into incidents (see module docstring), in article order,
    each as (place, members, event type).  With ``article``, a toll stated over several
    days is one event per day (:func:`_split_days`)."""
    groups: list[_Group] = []
    body = [item for item in located if item.mention.field == "text"]
    title = [item for item in located if item.mention.field == "title"]
    for item in body:
        # A generic trigger, or one naming no place below the country («والهجومان في
        # الكاميرون نفذتهما ...»), may elaborate an incident of another type.
        elaborates = item.mention.trigger.weak or item.place is None or item.place.place.kind == "country"
        target = _best_group(groups, item, any_type=True) if item.mention.trigger.weak else None
        target = target or _best_group(groups, item, any_type=False)
        if target is None and elaborates:
            target = _best_group(groups, item, any_type=True)
        if target is None:
            target = _Group(item.event_type, item.place.place if item.place else None, item.date)
            groups.append(target)
        for group, share in _shared_follow_up(groups, target, item):
            _add(group, replace(item, toll_share=share))
    _date_lists_by_summaries(groups)
    for item in title:
        target = (
            _best_group(groups, item, any_type=False, earliest=True)
            or _best_group(groups, item, any_type=True, earliest=True)
            or _generic_lead(groups, item)
        )
        if target is not None:
            target.members.insert(0, item)
        elif not groups:
            groups.append(
                _Group(item.event_type, item.place.place if item.place else None, item.date, [item])
            )
    groups = _fold_references_into_scenes(_fold_attacks_into_battles(groups))
    if article is not None:
        groups = _fold_summaries_into_scenes(groups, article)
        groups = _fold_weeks_into_days(_fold_namesakes_into_towns(groups, article))
        groups = _split_days(groups, article)
    return [(g.place, g.members, _group_type(g)) for g in groups]


def _date_lists_by_summaries(groups: list[_Group]) -> None:
    """«قتل في الغارات الاثنين على الغوطة 96 شخصا» then, undated, «وكانت الغارات قد طالت
    مناطق X وY وZ»: the dated summary joined the group of the list's first town, which it
    refines; it speaks of the whole list, so every town of the list takes its day."""
    for group in groups:
        summary = next((m for m in group.members if m.mention.date is not None), None)
        day = summary.mention.date if summary is not None else None
        if summary is None or day is None:
            continue
        for member in group.members:
            if (
                member.toll_share[1] > 1
                and not member.mention.dates
                and member.mention.order > summary.mention.order
                and member.event_type == summary.event_type
            ):
                member.mention.dates = [day]


def _generic_lead(groups: list[_Group], title: Located) -> _Group | None:
    """The first group the body opens with a generic word («واستهدف الهجوم سوقا في حي X»)
    in the title's country: that word points back at the incident the title names («هجوم
    صاروخي على ضواحي دمشق»), even when the title places it only by a nearby city."""
    country = title.place.place.country if title.place else None
    for group in groups:
        body = [m for m in group.members if m.mention.field == "text"]
        if not body or not body[0].mention.trigger.weak:
            continue
        if country is None or group.place is None or group.place.country == country:
            return group
    return None


def _reference_only(group: _Group) -> bool:
    """Whether the group's place is only a point the scene is located by («شرقي الرمادي»)."""
    placed = [m.place for m in group.members if m.place is not None and m.place.place == group.place]
    return bool(placed) and all(p.cue_class == "near" for p in placed)


def _another_town_that_day(scene: _Group, group: _Group) -> bool:
    """Whether ``scene`` is another town's group of ``group``'s type, country and day."""
    return (
        scene is not group
        and scene.event_type == group.event_type
        and scene.place is not None
        and group.place is not None
        and scene.place.kind == "place"
        and scene.place.country == group.place.country
        and scene.place.name != group.place.name
        and (scene.date is None or group.date is None or scene.date == group.date)
    )


def _fold_into_scenes(
    groups: list[_Group], folds: Callable[[_Group], bool], scene_of: Callable[[_Group, _Group], bool]
) -> list[_Group]:
    """Each town group that ``folds`` joins the first other town's group of its type and
    day that ``scene_of(scene, group)`` accepts, instead of being an event of its own."""
    kept: list[_Group] = []
    for group in groups:
        if group.place is not None and group.place.kind == "place" and folds(group):
            scene = next((g for g in groups if _another_town_that_day(g, group) and scene_of(g, group)), None)
            if scene is not None:
                scene.members.extend(group.members)
                scene.date = scene.date or group.date
                continue
        kept.append(group)
    return kept


def _fold_references_into_scenes(groups: list[_Group]) -> list[_Group]:
    """«غارات ... شرقي الرمادي» then «... على مناطق الحصيبة والملاحمة»: a report placed
    only by a reference town summarises the incidents the article then places in a
    list of named towns of that province; it joins the first of them instead of
    being an event of its own."""

    def listed_town_of_its_province(scene: _Group, group: _Group) -> bool:
        return (
            scene.place is not None
            and group.place is not None
            and scene.place.admin1 == group.place.admin1
            and not _reference_only(scene)
            and any(m.toll_share[1] > 1 for m in scene.members)
        )

    return _fold_into_scenes(groups, _reference_only, listed_town_of_its_province)


#: How far (characters) after a town the town it is located by may be written
#: («قرية سرجومة جنوب غربي كركوك», «في جرمانا بضاحية شرقي دمشق»).
LOCATED_BY_REACH = 40


def _located_by(article: Article, scene: _Group, reference: _Group) -> bool:
    """Whether a report of ``scene`` writes its town as lying in or by the town of ``reference``."""
    surfaces = {
        normalize_key(m.place.surface)
        for m in reference.members
        if m.place is not None and m.place.place == reference.place
    }
    for member in scene.members:
        if member.place is None or member.place.place != scene.place:
            continue
        text = article.source_of(member.mention.field)
        end = min(member.place.end + LOCATED_BY_REACH, member.mention.sentence_end)
        after = normalize_key(text[member.place.end : end])
        if any(surface in after for surface in surfaces):
            return True
    return False


def _first_order(group: _Group) -> int:
    return min(m.mention.order for m in group.members)


def _agents_agree(one: _Group, other: _Group) -> bool:
    """Whether the reports placed at two groups' places name the same acting side (either
    side of a battle, whose attacker is a matter of wording), or one names none; a
    placeless follow-up often names a side that only backs the action."""

    def agents(group: _Group) -> set[str]:
        placed = [m for m in group.members if m.place is not None and m.place.place == group.place]
        sides = [m.agent for m in placed]
        if group.event_type == _BATTLES:
            sides += [m.target for m in placed]
        return {side.name for side in sides if side is not None}

    mine, theirs = agents(one), agents(other)
    if not mine or not theirs:
        return True
    if one.event_type == other.event_type == _BATTLES:
        # Each report may name one side only («المرتزقة الروس», «قوات سوريا الديمقراطية»):
        # they agree when all they name fits in the two camps of one battle.
        return len({actor_camp(name) for name in mine | theirs} - {None}) <= 2
    # Outlets name one side by several of its forces («المرتزقة الروس», «الجيش الروسي»).
    return bool({actor_family(name) for name in mine} & {actor_family(name) for name in theirs} - {None})


def _fold_summaries_into_scenes(groups: list[_Group], article: Article) -> list[_Group]:
    """«غارات ... جنوب غربي كركوك» then «قصفت ... قرية سرجومة جنوب غربي كركوك»: a lead
    placed by a town that a later report of the same type and day names only as the
    landmark of its own town summarises that report; it joins it (GUIDE §2: the most
    specific place) instead of being an event of its own.  Sides must not disagree."""

    def later_report_landmarked_by(scene: _Group, group: _Group) -> bool:
        return (
            _first_order(scene) > _first_order(group)
            and _agents_agree(scene, group)
            and _located_by(article, scene, group)
        )

    return _fold_into_scenes(groups, lambda group: True, later_report_landmarked_by)


def _folded_name(name: str) -> str:
    """An English place name without case, punctuation and a leading article
    («Ar-Raqqah» = «Raqqah»), to tell a city named like its province."""
    words = "".join(c if c.isalnum() else " " for c in name.casefold()).split()
    if len(words) > 1 and words[0] in ("al", "ar", "as", "ad", "an", "az", "el"):
        words = words[1:]
    return " ".join(words)


#: Words before a place name that make it the city itself, not its province.
_CITY_WORDS = ("مدينة", "مدينه", "وسط", "داخل")
_CITY_WORDS_REACH = 12


def _provincial_namesake(group: _Group, article: Article) -> bool:
    """Whether the group's place is a city named like its province («دير الزور») that no
    report writes as the city itself («مدينة دير الزور»): it may mean the province."""
    place = group.place
    if place is None or place.kind != "place" or place.admin1 is None:
        return False
    if _folded_name(place.name) != _folded_name(place.admin1):
        return False
    for member in group.members:
        if member.place is None or member.place.place != place:
            continue
        text = article.source_of(member.mention.field)
        before = text[max(0, member.place.start - _CITY_WORDS_REACH) : member.place.start]
        if any(word in before for word in _CITY_WORDS):
            return False
    return True


def _fold_namesakes_into_towns(groups: list[_Group], article: Article) -> list[_Group]:
    """«هجوم قرب بلدة خشام» and, that day, «الهجوم ... في دير الزور»: a report placed only
    by a city named like its province, on the day a report of the same type places an
    incident in a town of that province, is about that town's incident (the name
    stands for the province, GUIDE §2: the most specific place); it joins it when the
    sides do not disagree.  A name that only locates the scene («شرق دير الزور») is
    left to :func:`_fold_references_into_scenes`."""

    def town_of_that_province(scene: _Group, group: _Group) -> bool:
        return (
            scene.place is not None
            and group.place is not None
            and scene.place.admin1 == group.place.admin1
            and scene.date is not None
            and scene.date == group.date
            and _agents_agree(scene, group)
        )

    def folds(group: _Group) -> bool:
        return not _reference_only(group) and _provincial_namesake(group, article)

    return _fold_into_scenes(groups, folds, town_of_that_province)


def _week_dated(group: _Group) -> bool:
    """Whether the group is dated only by a week («الأسبوع الماضي», GUIDE §3 precision 2)."""
    dates = [m.mention.date for m in group.members if m.mention.date is not None]
    return bool(dates) and all(d.time_precision == 2 for d in dates)


def _fold_weeks_into_days(groups: list[_Group]) -> list[_Group]:
    """«الغارة الأمريكية على دير الزور الأسبوع الماضي» and, later, «في 7 فبراير ... غاراتها
    على دير الزور»: a report dated only by a week joins the report of its type at its
    place on a day of that week, instead of being an event of its own; sides must not
    disagree."""
    kept: list[_Group] = []
    for group in groups:
        if group.date is not None and _week_dated(group):
            day = next(
                (
                    g
                    for g in groups
                    if g is not group
                    and g.event_type == group.event_type
                    and g.date is not None
                    and not _week_dated(g)
                    and group.date - _WEEK < g.date <= group.date
                    and place_fit(g.place, group.place) >= 2
                    and _agents_agree(g, group)
                ),
                None,
            )
            if day is not None:
                day.members.extend(group.members)
                continue
        kept.append(group)
    return kept


def _group_type(group: _Group) -> str:
    """The event type of a group: its lead's, but a generic lead («الهجوم») takes the
    type a specific word of the group states.  GUIDE §1: a blast or strike whose
    report goes on to fighting («الانفجار أعقبته اشتباكات») is one Battles event,
    whether the fighting is in the blast's sentence or, naming no place of its
    own, joined the blast's group.  A blast on civilians stays one."""
    body = [m for m in group.members if m.mention.field == "text"] or group.members
    # Whether the generic lead itself is a fight between two armed sides.
    lead = body[0]
    fought = (
        lead.event_type == _BATTLES
        and lead.agent is not None
        and lead.target is not None
        and not lead.target.civilian
    )
    if body[0].mention.trigger.weak and not fought:
        # «واستهدف الهجوم سوقا ...» under the title «هجوم صاروخي على ...»: the generic word
        # refers to an incident that a specific word of the title or a later sentence names
        # (an attack between two armed sides stays a battle, GUIDE §1).
        named = [m for m in group.members if not m.mention.trigger.weak]
        if named:
            return max(named, key=lambda m: m.mention.trigger.priority).event_type
    on_civilians = any(m.target is not None and m.target.civilian for m in group.members)
    if group.event_type != _EXPLOSIONS or on_civilians:
        return group.event_type
    # The body's words only: a title often joins two headlines («هجوم على X.. وغارة في Y»).
    fighting = any(
        (m.event_type == _BATTLES and m.place is None and not m.mention.trigger.weak)
        or _BATTLES in m.mention.event_types
        for m in body
    )
    return _BATTLES if fighting else group.event_type


def _targets(group: _Group) -> set[str]:
    return {m.target.name for m in group.members if m.target is not None}


def _fold_attacks_into_battles(groups: list[_Group]) -> list[_Group]:
    """GUIDE §1: strikes or blasts at a Battles group's place and day on one of its sides join
    it (strikes repelling an assault); strikes by a side on a town it is fighting near
    («غارات على دوما» while «اشتباكات في محيط دوما») stay an event of their own."""
    battles = [g for g in groups if g.event_type == _BATTLES]
    kept: list[_Group] = []
    for group in groups:
        if group.event_type == _EXPLOSIONS and not any(
            m.target is not None and m.target.civilian for m in group.members
        ):
            host = next(
                (
                    b
                    for b in battles
                    if place_fit(b.place, group.place) >= 2
                    and (b.date is None or group.date is None or b.date == group.date)
                    and _targets(group) & b.sides()
                ),
                None,
            )
            if host is not None:
                for member in group.members:
                    _add(host, member)
                continue
        kept.append(group)
    return kept


_UNARMED_PREFIXES = ("Civilians", "Protesters", "Rioters")


def is_anchored(place: Place | None, members: list[Located]) -> bool:
    """Whether a group reports a real incident rather than a figurative or passing use of its words.

    Sport, economy and culture news use «هجوم», «صاروخ», «معركة», «احتجاج» in
    other senses, and recall old attacks in passing.  A coded incident has a
    casualty figure, an armed side or an unambiguous trigger («عبوة ناسفة»), and a
    named place below country level;
    a protest or riot needs its place and a day or a toll.
    """
    if place is None or place.kind == "country":
        return False
    if members[0].event_type in ("Protests", "Riots"):
        return any(m.mention.figures or m.mention.dates for m in members)
    if any(m.mention.figures or m.mention.trigger.anchors for m in members):
        return True
    sides = [s for m in members for s in (m.agent, m.target) if s is not None]
    return any(not s.name.startswith(_UNARMED_PREFIXES) for s in sides)


#: Where a span stands in its article: the title before the text, then by offset.
Position = tuple[int, int]


def _position(span: Span) -> Position:
    return (0 if span.field == "title" else 1, span.start)


#: An air force named as the striker of an air-strike sentence: where, who, and the
#: armed side that sentence names as hit (None when it names none).
NamedStriker = tuple[Position, str, str | None]


def named_strikers(located: list[Located]) -> list[NamedStriker]:
    """Every air force an air-strike sentence of the article names as the striker, with
    where it is named, in article order; also those of sentences that are no event
    themselves («شنت مقاتلات أمريكا 15 ضربة على مواقع داعش في سوريا»)."""
    named = {
        (
            (0 if m.mention.field == "title" else 1, m.agent.start),
            m.agent.name,
            m.target.name
            if m.target is not None and not m.target.name.startswith(_UNARMED_PREFIXES)
            else None,
        )
        for m in located
        if m.sub_event_type == "Air/drone strike"
        and m.agent is not None
        and not m.agent.name.startswith((UNIDENTIFIED, *_UNARMED_PREFIXES))
    }
    return sorted(named, key=lambda n: (n[0], n[1], n[2] or ""))


def fill_air_strikers(events: list[Event], strikers: Sequence[NamedStriker] = ()) -> None:
    """An air strike whose sentences name no striker is by the air force the article last named.

    Only states and coalitions fly strikes, so «الغارات تركزت في ...» after
    «غارات شنتها طائرات التحالف» continues the coalition's raids, not an
    unidentified group's: the striker named last before the event's trigger, by an
    event or by any air-strike sentence (``strikers``, from :func:`named_strikers`).
    Such raids naming no target («أصابت الغارات أهدافا») hit the armed side that
    striker's raids of the article hit.
    """
    striker: str | None = None
    hit: dict[str, str] = {}  # striker → the armed side its strikes hit
    for _, name, target in strikers:
        if target is not None:
            hit.setdefault(name, target)
    for event in events:
        if event.sub_event_type != "Air/drone strike":
            continue
        trigger = event.spans.get("event_type")
        if trigger is not None:
            before = [name for where, name, _ in strikers if where < _position(trigger)]
            striker = before[-1] if before else striker
        if event.actor1 and not event.actor1.startswith("Unidentified"):
            striker = event.actor1
        elif striker is not None and event.actor2 != striker:
            event.actor1 = striker
            event.spans.pop("actor1", None)
        if event.actor1 is None:
            continue
        if event.actor2 is None and event.actor1 in hit:
            event.actor2 = hit[event.actor1]
        elif event.actor2 is not None and not event.actor2.startswith(_UNARMED_PREFIXES):
            hit.setdefault(event.actor1, event.actor2)


def _sub_event_type(lead: Located, members: list[Located]) -> str:
    """The lead's sub-type, or a more specific one of its event type stated elsewhere.

    «تفجير» then «انتحاري» is a suicide bomb; but a Battles lead keeps its own
    sub-type, since territory words («للسيطرة على») often state an aim, not a result.
    """
    if lead.event_type == _BATTLES:
        return lead.sub_event_type
    # Only words about the scene itself: a placeless «بدعم من المقاتلات» elsewhere is context.
    same_type = [
        m
        for m in members
        if m.event_type == lead.event_type
        and (m.place is not None or m.mention.sentence_start == lead.mention.sentence_start)
    ] or [lead]
    return max(same_type, key=lambda m: m.mention.trigger.priority).sub_event_type


def build_event(
    article: Article,
    place: Place | None,
    members: list[Located],
    country: str | None,
    bombers: int,
    event_type: str | None = None,
) -> Event | None:
    """One :class:`Event` at ``place`` from a group of located mentions (None when no country is known).

    ``event_type`` is the group's when it differs from its lead mention's (:func:`group_mentions`).
    """
    placed = next((m for m in members if m.place is not None and m.place.place is place), None)
    event_country = placed.place.place.country if placed and placed.place else country
    if event_country is None:
        return None
    body = [m for m in members if m.mention.field == "text"]
    lead = body[0] if body else members[0]
    event_type = event_type or lead.event_type
    # The member that states the type: a body one, else the title («هجوم صاروخي» over «الهجوم»).
    typed = next((m for m in body if m.event_type == event_type), None)
    typed = typed or next((m for m in members if m.event_type == event_type), lead)
    spans: dict[str, Span] = {}
    spans["event_type"] = span_of(article, typed, typed.mention.trigger_start, typed.mention.trigger_end)
    spans["evidence"] = span_of(article, lead, lead.mention.sentence_start, lead.mention.sentence_end)
    # A blast whose sentence goes on to fighting (:func:`_group_type`) is an armed clash.
    sub_event_type = _sub_event_type(typed, members) if typed.event_type == event_type else _ARMED_CLASH

    event_date, time_precision = article.published.value, 2
    dated = next((m for m in members if m.mention.date is not None), None)
    if dated is not None and dated.mention.date is not None:
        when: DateMention = dated.mention.date
        event_date, time_precision = when.value, when.time_precision
        spans["event_date"] = span_of(article, dated, when.start, when.end)
    elif event_date is not None:
        # One day of a period toll (GUIDE §4); no word names the day itself (precision 2).
        period = next((m for m in members if m.period_day is not None), None)
        if period is not None and (day := period.period_day) is not None:
            event_date -= timedelta(days=day.days_before)
            spans["event_date"] = span_of(article, period, day.start, day.end)
        else:
            # «تبنت الحركة الأربعاء قتل ...» in a Monday paper: the incident is no later
            # than the statement reporting it, so its day is nearer than publication.
            stated = [(d, m) for m in members for d in m.mention.statement_dates if d.value < event_date]
            if stated:
                when, member = min(stated, key=lambda pair: pair[0].value)
                event_date = when.value
                spans["event_date"] = span_of(article, member, when.start, when.end)

    toll = event_toll(article, members, spans, sub_event_type, bombers)
    fatalities, low, high, injured = toll.fatalities, toll.low, toll.high, toll.injured

    actor1, actor2 = event_actors(
        article, typed, members, sub_event_type, event_country, bool(fatalities or injured), spans
    )

    place = placed.place if placed else None
    geo_precision = 3
    if placed and place:
        spans["location"] = span_of(article, placed, place.start, place.end)
        # «بين قريتي خشام والطابية» in one report, «في خشام» in another: the incident is around it.
        geo_precision = max(
            m.place.geo_precision for m in members if m.place is not None and m.place.place == place.place
        )
    # More of the GUIDE fields backed by their own words → more confidence in the event.
    confidence = 0.4 + 0.15 * (place is not None) + 0.15 * (dated is not None)
    confidence += 0.1 * ("fatalities" in spans)
    if any("denial" in m.mention.cues for m in members):
        confidence -= 0.1
    return Event(
        event_type=event_type,
        sub_event_type=sub_event_type,
        event_date=event_date,
        time_precision=time_precision,
        country=event_country,
        admin1=place.place.admin1 if place and place.place.kind != "country" else None,
        location=place.place.name if place and place.place.kind != "country" else None,
        location_ar=place.surface if place and place.place.kind != "country" else None,
        geo_precision=geo_precision if place and place.place.kind != "country" else 3,
        actor1=actor1,
        actor2=actor2,
        fatalities=fatalities,
        injured=injured,
        evidence=spans["evidence"].text,
        spans=spans,
        fatalities_low=low,
        fatalities_high=high,
        confidence=round(confidence, 2),
        latitude=place.place.latitude if place else None,
        longitude=place.place.longitude if place else None,
        plover_event=lead.mention.trigger.plover_event,
        plover_mode=lead.mention.trigger.plover_mode,
        article_id=article.id,
    )
