"""The two sides of one event (actor1, actor2) from its grouped mentions (GUIDE §2, §5)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from marsad.extract.located import span_of
from marsad.model import Article, Span

if TYPE_CHECKING:
    from marsad.extract.located import Located

#: Agent-less incidents of these types are coded with an unidentified armed group (GUIDE §5).
UNIDENTIFIED_AGENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
STATE_PREFIXES = ("Military Forces of", "Police Forces of")


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
    untied victims civilians.
    """
    agent_item = next((m for m in members if m.agent is not None), None)
    target_item = next((m for m in members if m.target is not None), None)
    actor1 = agent_item.agent.name if agent_item and agent_item.agent else None
    actor2 = target_item.target.name if target_item and target_item.target else None
    if agent_item and agent_item.agent:
        spans["actor1"] = span_of(article, agent_item, agent_item.agent.start, agent_item.agent.end)
    if target_item and target_item.target and actor2 != actor1:
        spans["actor2"] = span_of(article, target_item, target_item.target.start, target_item.target.end)
    elif actor2 == actor1:
        actor2 = None
    if lead.event_type in ("Protests", "Riots"):
        actor2 = actor1 if actor1 and actor1.startswith(STATE_PREFIXES) else actor2
        actor1 = f"{'Protesters' if lead.event_type == 'Protests' else 'Rioters'} ({event_country})"
        if sub_event_type == "Peaceful protest":
            actor2 = None
    else:
        if actor1 is None and lead.event_type in UNIDENTIFIED_AGENT_TYPES:
            actor1 = f"Unidentified Armed Group ({event_country})"
        if actor2 is None and lead.event_type != "Battles" and casualties:
            # GUIDE §5: victims the article does not tie to an armed side are civilians.
            actor2 = f"Civilians ({event_country})"
    return actor1, actor2
