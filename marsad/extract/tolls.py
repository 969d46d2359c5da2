"""Event tolls: fatalities (conservative, with best/low/high) and injured, per GUIDE §4."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from marsad.extract.casualties import Figure
from marsad.extract.located import span_of
from marsad.model import Article, Span

if TYPE_CHECKING:
    from marsad.extract.incidents import Mention
    from marsad.extract.located import Located


@dataclass(frozen=True, slots=True)
class Toll:
    fatalities: int
    low: int
    high: int | None
    injured: int | None


def _death_figure(mention: Mention) -> Figure | None:
    return next((f for f in mention.figures if f.kind in ("death", "both")), None)


def _injury_figure(mention: Mention) -> Figure | None:
    return next((f for f in mention.figures if f.kind == "injury" and not f.vague), None)


def share(total: int, toll_share: tuple[int, int]) -> int:
    """GUIDE §4: a toll over several places divided evenly, the remainder to the first."""
    index, parts = toll_share
    return total // parts + (total % parts if index == 0 else 0)


def _fatalities(
    article: Article, members: list[Located], spans: dict[str, Span]
) -> tuple[int, int, int | None]:
    """GUIDE §4 conservative toll: the lowest of the title's and the body's first stated figure.

    Later body sentences break the toll down («20 on the spot, the rest later»)
    or recall other incidents, so only the first body figure stands for the event.
    """
    candidates: list[tuple[Located, Figure]] = []
    title = [m for m in members if m.mention.field == "title"]
    body = [m for m in members if m.mention.field == "text"]
    for item in title[:1] + [m for m in body if _death_figure(m.mention)][:1]:
        figure = _death_figure(item.mention)
        if figure is not None:
            candidates.append((item, figure))
    if not candidates:
        return 0, 0, 0
    stated = [c for c in candidates if not c[1].vague] or candidates
    item, figure = min(stated, key=lambda c: share(c[1].best, c[0].toll_share))
    spans["fatalities"] = span_of(article, item, figure.start, figure.end)
    best = share(figure.best, item.toll_share)
    high = None if figure.high is None else share(figure.high, item.toll_share)
    return best, min(best, share(figure.low, item.toll_share)), high


def event_toll(
    article: Article, members: list[Located], spans: dict[str, Span], sub_event_type: str, bombers: int
) -> Toll:
    """The toll of one event from its grouped mentions; adds ``fatalities``/``injured`` spans."""
    fatalities, low, high = _fatalities(article, members, spans)
    if (
        sub_event_type == "Suicide bomb"
        and bombers
        and not any("bomber_included" in m.mention.cues for m in members)
    ):
        # GUIDE §4: a suicide bomber who died is added unless the toll already includes them.
        fatalities, low = fatalities + bombers, low + bombers
        high = None if high is None else high + bombers
    injured = None
    injured_item = next((m for m in members if _injury_figure(m.mention)), None)
    if injured_item is not None:
        figure = _injury_figure(injured_item.mention)
        if figure is not None:
            injured = share(figure.best, injured_item.toll_share)
            spans["injured"] = span_of(article, injured_item, figure.start, figure.end)
    return Toll(fatalities, low, high, injured)
