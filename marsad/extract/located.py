"""A located incident mention: the unit the grouping, toll and role stages share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from marsad.extract.incidents import Mention
from marsad.extract.places import LocatedPlace
from marsad.extract.roles import Side
from marsad.model import Article, Span


@dataclass(frozen=True, slots=True)
class PeriodDay:
    """One day of a toll stated over several days (GUIDE §4: an event per day)."""

    days_before: int  # the day, in days before publication
    start: int  # the words that state the period, offsets into the mention's field string
    end: int


@dataclass(slots=True)
class Located:
    """A mention with its place, sides and the share of its toll that falls on that place."""

    mention: Mention
    place: LocatedPlace | None  # offsets into the mention's field string
    agent: Side | None
    target: Side | None
    event_type: str
    sub_event_type: str
    # (index of this place and day, number of places and days sharing the toll)
    toll_share: tuple[int, int] = (0, 1)
    period_day: PeriodDay | None = None  # the day of a period toll this event stands for

    @property
    def date(self) -> date | None:
        return self.mention.date.value if self.mention.date else None


def span_of(article: Article, item: Located, start: int, end: int) -> Span:
    """The span ``[start, end)`` of the string (title or body) that ``item``'s mention is in."""
    span_field = item.mention.field
    return Span(start, end, article.source_of(span_field)[start:end], span_field)
