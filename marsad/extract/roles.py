"""Which named side acted and which was acted upon, around a trigger (GUIDE §2, §5).

Arabic news names the agent right after the incident noun or verb — the
genitive «قصف للتحالف»، «غارة لطيران النظام», the verb-first «استهدفت طائرات
التحالف» and the passive «قُتل ... في غارة للتحالف» all put it there — or
before a verb («قوات النظام قصفت»).  A side introduced by a target marker
(«على مواقع»، «ضد») is the target, as are civilians.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from marsad.text import PhraseMatcher

if TYPE_CHECKING:
    from marsad.extract.actors import ActorLexicon

#: How far (characters) after the trigger the genitive/verb-subject agent may start.
AGENT_WINDOW_AFTER = 40
#: How far before a side a target marker may end and still mark it.
MARKER_REACH = 14


@dataclass(frozen=True, slots=True)
class Side:
    """A resolved side of an incident, with offsets into the searched string."""

    name: str
    start: int
    end: int
    marked_target: bool

    @property
    def civilian(self) -> bool:
        return self.name.startswith("Civilians")


def find_sides(
    text: str, actors: ActorLexicon, target_markers: PhraseMatcher[str], country: str | None
) -> list[Side]:
    """Every side named in ``text`` (one sentence), resolved against ``country``, in text order."""
    markers = target_markers.find(text)
    sides: list[Side] = []
    for mention in actors.find(text):
        name = actors.resolve(mention, country)
        if not name:
            continue
        marked = any(0 <= mention.start - m.end <= MARKER_REACH for m in markers)
        sides.append(Side(name, mention.start, mention.end, marked))
    return sides


def assign_roles(sides: list[Side], trigger_start: int, trigger_end: int) -> tuple[Side | None, Side | None]:
    """(agent, target) among ``sides`` for the trigger at ``[trigger_start, trigger_end)``."""
    agent = next(
        (
            s
            for s in sides
            if trigger_end <= s.start <= trigger_end + AGENT_WINDOW_AFTER
            and not s.marked_target
            and not s.civilian
        ),
        None,
    )
    if agent is None:
        agent = next(
            (s for s in reversed(sides) if s.end <= trigger_start and not s.marked_target and not s.civilian),
            None,
        )
    others = [s for s in sides if agent is None or s.name != agent.name]
    target = (
        next((s for s in others if s.marked_target), None)
        or next((s for s in others if s.civilian), None)
        or next(iter(others), None)
    )
    return agent, target
