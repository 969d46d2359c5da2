"""The two sides of one event (actor1, actor2) from its grouped mentions (GUIDE §2, §5).

Every sentence of the incident may name a side («مسلحون» in one, «بوكو حرام» in
the next), so the roles of each member sentence are read again here with what
the event knows and the sentence alone did not: its own country (the article's
main country may be another: «المتشددون» are Boko Haram in Nigeria, not in Mali)
and its type (a clash is fought between armed sides; civilians are no side of it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from marsad.camps import actor_camp
from marsad.extract.actors import load_actors
from marsad.extract.lexicon import SUB_EVENT_TYPES, load_lexicon
from marsad.extract.located import span_of
from marsad.extract.roles import UNIDENTIFIED, assign_roles, find_sides
from marsad.model import Article, Span

if TYPE_CHECKING:
    from marsad.extract.located import Located
    from marsad.extract.roles import Side

#: Agent-less incidents of these types are coded with an unidentified armed group (GUIDE §5).
UNIDENTIFIED_AGENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
STATE_PREFIXES = ("Military Forces of", "Police Forces of")
#: Sub-event types of bombs that insurgents plant or carry (never a state's weapon).
BOMBINGS = frozenset({"Suicide bomb", "Remote explosive/landmine/IED"})
_EXPLOSIONS = "Explosions/Remote violence"


def _insurgent(name: str) -> bool:
    """Whether ``name`` is a named rebel group or militia (not a state, not a generic role)."""
    actor = load_actors().actors.get(name)
    return actor is not None and actor.kind in ("rebel", "militia")


def _anchor(sentence: str, member: Located, offset: int, event_type: str) -> tuple[int, int]:
    """The trigger of ``sentence`` that reports the member's incident, as sentence offsets.

    A sentence may report incidents at several places («... قتلوا في غارة جوية
    قرب الحسكة، فيما قتل ثمانية مدنيين في قصف لطائرات النظام على حلب»): the
    trigger of the event's type nearest the member's place tells whose incident it is.
    """
    mention = member.mention
    anchor = (mention.trigger_start - offset, mention.trigger_end - offset)
    if member.place is None:
        return anchor
    place_start, place_end = member.place.start - offset, member.place.end - offset
    found = [m for m in load_lexicon().triggers.find(sentence) if m.value is not None]
    triggers = [(m.start, m.end) for m in found if m.value and m.value.event_type == event_type]

    def distance(span: tuple[int, int]) -> int:
        return place_start - span[1] if span[1] <= place_start else max(0, span[0] - place_end)

    return min(triggers, key=distance, default=anchor)


def _member_roles(
    article: Article, member: Located, event_type: str, country: str, *, named_only: bool = False
) -> tuple[Side | None, Side | None]:
    """(agent, target) of one member sentence, offsets into its article field string;
    ``named_only`` reads it without its unidentified armed groups."""
    mention = member.mention
    start = mention.sentence_start
    sentence = article.source_of(mention.field)[start : mention.sentence_end]
    sides = find_sides(sentence, load_actors(), load_lexicon().cues["target_markers"], country)
    if named_only:
        sides = [s for s in sides if not s.name.startswith(UNIDENTIFIED)]
    trigger_start, trigger_end = _anchor(sentence, member, start, event_type)
    agent, target = assign_roles(sides, trigger_start, trigger_end, event_type, sentence)
    return (agent and agent.shifted(start)), (target and target.shifted(start))


def _allies(one: str, other: str) -> bool:
    """Whether two different actors fight in one camp (``marsad/data/camps.yaml``)."""
    camp = actor_camp(one)
    return one != other and camp is not None and camp == actor_camp(other)


def _best(
    sides: list[tuple[Located, Side | None]], exclude: str | None = None, *, named_first: bool = False
) -> tuple[Located, Side] | None:
    """The member and side that best fill one slot (agent or target) of the event.

    The side whose sentence gives it its part most firmly wins, then the earliest
    sentence's.  With ``named_first`` (the agent) a named actor beats any named by
    a generic word: the «مسلحون» of one sentence are the «بوكو حرام» of another.
    """
    best: tuple[tuple[bool, int, int], Located, Side] | None = None
    for order, (member, side) in enumerate(sides):
        if side is None or side.name == exclude:
            continue
        key = (named_first and side.generic, -side.evidence, order)
        if best is None or key < best[0]:
            best = (key, member, side)
    return (best[1], best[2]) if best else None


def event_actors(
    article: Article,
    lead: Located,
    members: list[Located],
    sub_event_type: str,
    event_country: str,
    casualties: bool,
    spans: dict[str, Span],
) -> tuple[str | None, str | None]:
    """(actor1, actor2) of an event; adds the ``actor1``/``actor2`` spans it used.

    ``casualties`` says whether the event has deaths or injuries, which makes
    untied victims civilians.  The event's type follows from ``sub_event_type``:
    a blast whose report goes on to fighting is a Battles event although its lead
    mention is an explosion, and its sides are read as those of a clash.
    """
    event_type = next(
        (kind for kind, subs in SUB_EVENT_TYPES.items() if sub_event_type in subs), lead.event_type
    )
    roles = [(m, _member_roles(article, m, event_type, event_country)) for m in members]
    # A sentence of another weapon that joined the report («بدعم من المقاتلات الروسية» in
    # a shelling report) names who used that weapon, not who fired this one.
    own_weapon = [
        (m, a)
        for m, (a, _) in roles
        if not (event_type == m.event_type == _EXPLOSIONS and m.sub_event_type != sub_event_type)
    ]
    agent = _best(own_weapon, named_first=True)
    if (
        agent
        and sub_event_type in BOMBINGS
        and agent[1].name.startswith(STATE_PREFIXES)
        and agent[1].evidence < 3
    ):
        # State forces plant no roadside bombs and send no suicide bombers: unless a cue
        # says they did, the soldiers named around a bombing are the ones it hit.
        agent, hit_force = None, agent
    else:
        hit_force = None
    targets = [(m, t) for m, (_, t) in roles]
    target = _best(targets, exclude=agent[1].name if agent else None) or hit_force
    if event_type == "Battles" and agent and target and _allies(agent[1].name, target[1].name):
        # Allies fight no battle with each other («القصف الأمريكي» and «قوات سوريا الديمقراطية»
        # it backs): the other camp's side the sentences name is the one fought.
        others = [(m, t) for m, t in targets if t is None or not _allies(agent[1].name, t.name)]
        target = _best(others) or target
    if target and agent and target[1].name.startswith(UNIDENTIFIED) and _insurgent(agent[1].name):
        # «مقتل 22 مسلحا» after «هجوم لتنظيم داعش»: the unnamed gunmen are the group's own,
        # and the side they fought is another the sentences name.
        target = _best(
            [(m, _member_roles(article, m, event_type, event_country, named_only=True)[1]) for m in members],
            exclude=agent[1].name,
        )
    if target and event_type != "Battles":
        hit = target[1]
        if event_type == "Violence against civilians" and not hit.civilian:
            target = None  # its victims are civilians by definition; an armed side named is context
        elif agent and agent[1].name.startswith(UNIDENTIFIED) and _insurgent(hit.name):
            # «فجر انتحاري نفسه ... في البلد الذي يواجه جماعة بوكو حرام»: next to an
            # unnamed bomber or gunmen, the insurgent group named is the one behind them.
            agent, target = target, None
        elif hit.role in ("bystander", "part", None) and hit.evidence == 0 and casualties:
            # A strike on «مناطق سيطرة المعارضة» that kills people, one that kills people
            # in a sentence merely naming an armed side, or a bombing whose dead include a
            # few policemen («تسعة قتلى بينهم شرطيان»): the dead are civilians.
            target = None
    actor1 = agent[1].name if agent else None
    actor2 = target[1].name if target else None
    if agent:
        spans["actor1"] = span_of(article, agent[0], agent[1].start, agent[1].end)
    if target:
        spans["actor2"] = span_of(article, target[0], target[1].start, target[1].end)
    rival = any(s.rival and s.name == actor1 for _, sides in roles for s in sides if s is not None)
    if event_type == "Battles" and actor2 is None and actor1 is not None:
        # A clash has two sides: «الميليشيات المتناحرة» are both; otherwise state forces
        # fight an unnamed armed group, and insurgents the state.
        if rival:
            actor2 = actor1
        elif actor1.startswith(STATE_PREFIXES):
            actor2 = f"{UNIDENTIFIED} ({event_country})"
        else:
            actor2 = load_actors().generic_name("military", event_country)
    if event_type in ("Protests", "Riots"):
        actor2 = actor1 if actor1 and actor1.startswith(STATE_PREFIXES) else actor2
        actor1 = f"{'Protesters' if event_type == 'Protests' else 'Rioters'} ({event_country})"
        if sub_event_type == "Peaceful protest":
            actor2 = None
    else:
        if actor1 is None and event_type in UNIDENTIFIED_AGENT_TYPES:
            actor1 = f"Unidentified Armed Group ({event_country})"
        if (
            actor2 is None
            and (casualties or event_type == "Violence against civilians")
            and event_type != "Battles"
        ):
            # GUIDE §5: victims the article does not tie to an armed side are civilians.
            actor2 = f"Civilians ({event_country})"
    return actor1, actor2
